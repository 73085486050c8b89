"""Loading natural-key fixtures safely: all or nothing, validated, images through storage.

Django's ``loaddata`` saves rows without validating them (a bad status or a missing
headline goes straight in) and reports errors without saying which object was at fault.
This loader validates every object as the admin would, names the file and the object in
every error, copies the images the fixtures refer to into the configured storage, and
leaves the database exactly as it was when anything fails.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, models, transaction
from PIL import Image, UnidentifiedImageError

from .validators import WEB_IMAGE_FORMATS

# The demo content, in the order its references need.
DEMO_FIXTURES = ("regions.json", "organisations.json", "topics.json", "articles.json")


class FixtureError(Exception):
    """A fixture cannot be loaded; the message names the file and the object."""


@dataclass
class LoadReport:
    objects: int = 0
    created: int = 0
    images_copied: list = field(default_factory=list)


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
    if key is None and "pk" in record:
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
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _check_image_source(name):
    """The shipped copy of a fixture image, or None when storage already holds it."""
    if default_storage.exists(name):
        return None
    source = Path(settings.FIXTURE_MEDIA_DIR) / name
    if not source.is_file():
        raise FixtureError(f"image {name!r} is neither in media storage nor at {source}")
    try:
        with Image.open(source) as image:
            if image.format not in WEB_IMAGE_FORMATS:
                raise FixtureError(f"image {name!r} is a {image.format} file, not a web image")
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise FixtureError(f"image {name!r} at {source} cannot be read: {exc}") from None
    return source


def load_fixture_files(paths, *, using="default"):
    """Load fixture files in order, in one transaction; return a LoadReport.

    Objects are matched on their natural keys, so loading the same files again updates
    rows instead of adding new ones. Raises FixtureError, with the database unchanged,
    when any object is invalid or refers to something that does not exist.
    """
    report = LoadReport()
    pending_images = {}
    with transaction.atomic(using=using):
        for path in paths:
            for index, record in enumerate(read_fixture(path)):
                where = f"{path}: {describe(record, index)}"
                try:
                    loaded = _deserialize_valid(record, using=using)
                    creating = loaded.object.pk is None
                    for name in _image_names(loaded.object):
                        if name not in pending_images and (source := _check_image_source(name)):
                            pending_images[name] = source
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
        # Copy images last, still inside the transaction: if storage fails, no row that
        # points at a missing image is kept.
        for name, source in sorted(pending_images.items()):
            with source.open("rb") as handle:
                stored = default_storage.save(name, File(handle, name=source.name))
            if stored != name:
                default_storage.delete(stored)
                raise FixtureError(
                    f"media storage renamed {name!r} to {stored!r}; remove the stale file and retry"
                )
            report.images_copied.append(name)
    return report


def _image_names(instance):
    for image_field in _image_fields(type(instance)):
        if name := getattr(instance, image_field.attname).name:
            yield name


def _deserialize_valid(record, *, using):
    if not isinstance(record, dict) or "model" not in record:
        raise FixtureError("each object needs a 'model' and its 'fields'")
    try:
        apps.get_model(record["model"])
    except (LookupError, ValueError):
        raise FixtureError(f"unknown model {record['model']!r}") from None
    (loaded,) = serializers.deserialize("python", [record], using=using, ignorenonexistent=False)
    # Validate as the admin would, except image files (checked against the shipped
    # copies instead) and uniqueness, which the natural key already settles.
    exclude = [f.name for f in _image_fields(type(loaded.object))]
    loaded.object.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    return loaded
