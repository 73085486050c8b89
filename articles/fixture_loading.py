"""Loading natural-key fixtures safely: all or nothing, validated, images through storage.

Django's ``loaddata`` saves rows without validating them (a bad status or a missing
headline goes straight in) and reports errors without saying which object was at fault.
This loader validates every object as the admin would, names the file and the object in
every error, copies the images the fixtures refer to into the configured storage, and
leaves the database exactly as it was when anything fails.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.base import DeserializationError, M2MDeserializationError
from django.db import DatabaseError, models, transaction

from .models import Article, ImageCaption
from .validators import check_image_file

# The demo content, in the order its references need.
DEMO_FIXTURES = ("regions.json", "organisations.json", "topics.json", "articles.json")


_FIELD_VALUE = re.compile(r"field_value was '(.*)'$", re.DOTALL)


class FixtureError(Exception):
    """A fixture cannot be loaded; the message names the file and the object."""


@dataclass
class LoadReport:
    objects: int = 0
    created: int = 0
    images_copied: list = field(default_factory=list)
    images_seen: set = field(default_factory=set)
    photo_uids: list = field(default_factory=list)
    article_ids: list = field(default_factory=list)


def demo_fixture_paths():
    fixture_dir = Path(settings.FIXTURE_DIRS[0])
    return [fixture_dir / name for name in DEMO_FIXTURES]


def describe(record, index):
    """A reader's name for the ``index``-th object of a fixture: its model and key."""
    model = record.get("model", "?") if isinstance(record, dict) else "?"
    fields = record.get("fields", {}) if isinstance(record, dict) else {}
    if not isinstance(fields, dict):
        fields = {}
    key = next((fields[name] for name in ("slug", "name", "uid") if fields.get(name)), None)
    if key is None and isinstance(record, dict) and "pk" in record:
        key = f"pk={record['pk']}"
    return f"object #{index + 1} ({model} {key!r})" if key else f"object #{index + 1} ({model})"


def read_fixture(path):
    """The list of records in a JSON fixture file, or a FixtureError naming the problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FixtureError(f"{path}: no such fixture file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FixtureError(f"{path}: cannot be read: {exc}") from None
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FixtureError(
            f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(records, list):
        raise FixtureError(f"{path}: a fixture must be a JSON list of objects")
    return records


def _image_fields(model):
    return [f for f in model._meta.get_fields() if isinstance(f, models.FileField)]


def _one_line(error):
    """A plain one-line account of why an object could not be loaded."""
    if isinstance(error, DeserializationError) and error.__context__ is not None:
        # Django's message buries the cause; it also keeps the offending value at its end.
        value = _FIELD_VALUE.search(str(error))
        cause = error.__context__
        if isinstance(cause, M2MDeserializationError):
            cause = cause.original_exc
        if isinstance(cause, ObjectDoesNotExist):
            model_name = str(cause).split(" matching query")[0]
            return f"no {model_name.lower()} with the key {value[1] if value else '?'} exists"
        return f"{_one_line(cause)} (value: {value[1] if value else '?'})"
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _model_of(record):
    if not isinstance(record, dict) or "model" not in record:
        raise FixtureError("each object needs a 'model' and its 'fields'")
    try:
        return apps.get_model(record["model"])
    except (LookupError, ValueError):
        raise FixtureError(f"unknown model {record['model']!r}") from None


def _record_image_names(record):
    """Names of the images a raw fixture record refers to."""
    model = _model_of(record)
    fields = record.get("fields") or {}
    for image_field in _image_fields(model):
        if name := fields.get(image_field.name):
            yield name


def _copy_image(name):
    """Copy a shipped fixture image into media storage; False when storage already has it."""
    if default_storage.exists(name):
        return False
    source = Path(settings.FIXTURE_MEDIA_DIR) / name
    if not source.is_file():
        raise FixtureError(f"image {name!r} is neither in media storage nor at {source}")
    with source.open("rb") as handle:
        try:
            check_image_file(handle, source.stat().st_size)
        except ValidationError as exc:
            raise FixtureError(f"image {name!r} at {source}: {' '.join(exc.messages)}") from None
        stored = default_storage.save(name, File(handle, name=source.name))
    if stored != name:
        default_storage.delete(stored)
        raise FixtureError(f"media storage renamed {name!r} to {stored!r}; remove the stale file and retry")
    return True


def load_fixture_files(paths, *, using="default"):
    """Load fixture files in order, in one transaction; return a LoadReport.

    Objects are matched on their natural keys, so loading the same files again updates
    rows instead of adding new ones. Raises FixtureError, with the database and media
    storage unchanged, when any object is invalid or refers to something that does not
    exist. Images are copied before the rows that refer to them are built (Django reads
    an image's size when a row without stored dimensions is built), and removed again if
    the load fails.
    """
    report = LoadReport()
    try:
        with transaction.atomic(using=using):
            for path in paths:
                for index, record in enumerate(read_fixture(path)):
                    where = f"{path}: {describe(record, index)}"
                    try:
                        for name in _record_image_names(record):
                            if name not in report.images_seen:
                                report.images_seen.add(name)
                                if _copy_image(name):
                                    report.images_copied.append(name)
                        loaded = _deserialize_valid(record, using=using)
                        creating = loaded.object.pk is None
                        loaded.save(using=using)
                    except FixtureError as exc:
                        raise FixtureError(f"{where}: {exc}") from None
                    except (DeserializationError, ValidationError, ObjectDoesNotExist, DatabaseError) as exc:
                        raise FixtureError(f"{where}: {_one_line(exc)}") from None
                    except (
                        FieldDoesNotExist,
                        TypeError,
                        ValueError,
                        KeyError,
                        AttributeError,
                        LookupError,
                    ) as exc:
                        raise FixtureError(f"{where}: malformed object: {_one_line(exc)}") from None
                    report.objects += 1
                    report.created += creating
                    if isinstance(loaded.object, ImageCaption):
                        report.photo_uids.append(loaded.object.uid)
                    elif isinstance(loaded.object, Article):
                        report.article_ids.append(loaded.object.pk)
            _record_revisions(report.article_ids)
    except BaseException:
        for name in report.images_copied:
            default_storage.delete(name)
        raise
    return report


def _record_revisions(article_ids):
    """A revision of each loaded article as loaded, so editors can return to it later.

    Taken once everything is in place: byline, photos and topics arrive after the
    article row itself.
    """
    if not article_ids:
        return
    for article in Article.objects.filter(pk__in=article_ids):
        with reversion.create_revision():
            reversion.set_comment("Loaded from fixtures")
            reversion.add_to_revision(article)


def _deserialize_valid(record, *, using):
    _model_of(record)
    (loaded,) = serializers.deserialize("python", [record], using=using, ignorenonexistent=False)
    # Validate as the admin would, except image files (checked against the shipped
    # copies instead) and uniqueness, which the natural key already settles.
    exclude = [f.name for f in _image_fields(type(loaded.object))]
    loaded.object.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    return loaded
