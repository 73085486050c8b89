"""Loading natural-key fixtures safely: all or nothing, validated, images through storage.

Django's ``loaddata`` saves rows without validating them (a bad status or a missing
headline goes straight in), overwrites whatever row has a record's primary key, loads
any model (user accounts included) and reports errors without saying which object was
at fault. This loader takes only the newsroom's content models, validates every object
as the admin would, names the file and the object in a one-line error, copies the images
the fixtures refer to (from the fixtures' media folder only) into the configured storage,
and leaves the database exactly as it was when anything fails.

Objects that already exist (matched on their natural keys) are left as editors have them,
unless ``update`` is asked for: ``make run`` loads the demo content every time, and must
never undo an editor's work.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import reversion
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, SuspiciousOperation, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError, M2MDeserializationError
from django.db import DatabaseError, connections, models, transaction
from django.utils import timezone

from . import editing
from .models import Article, ArticleAuthor, ImageCaption, Photo, StoryNote, TaggedArticle
from .validators import check_image_file

# The demo content, in the order its references need: IPTC's Media Topics before the
# topics mapped to them, the translations of a seed story after the story they point at.
DEMO_FIXTURES = (
    "media_topics.json",
    "regions.json",
    "organisations.json",
    "topics.json",
    "articles.json",
    "translations.json",
)
# Longest error line: a value quoted in it is cut short, so one bad field cannot flood
# the terminal.
MESSAGE_MAX_CHARS = 400

_FIELD_VALUE = re.compile(r"field_value was '(.*)'$", re.DOTALL)
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f\\:]")


class FixtureError(Exception):
    """A fixture cannot be loaded; the message names the file and the object."""


@dataclass
class LoadReport:
    objects: int = 0
    created: int = 0
    updated: int = 0
    kept: int = 0  # already there (or part of an article already there), left as they are
    images_copied: list = field(default_factory=list)
    images_seen: set = field(default_factory=set)
    photo_uids: list = field(default_factory=list)
    created_article_ids: set = field(default_factory=set)
    changed_article_ids: set = field(default_factory=set)  # whose row or links this load wrote
    models_given_pks: set = field(default_factory=set)


def demo_fixture_paths():
    fixture_dir = Path(settings.FIXTURE_DIRS[0])
    return [fixture_dir / name for name in DEMO_FIXTURES]


# The apps whose models are the newsroom's content.
CONTENT_APPS = ("articles", "pages")


def content_models():
    """The models a fixture may hold, by label: the newsroom's content (``CONTENT_APPS``),
    with natural keys.

    Not user accounts, sessions, log entries or content types (other apps), nor readers'
    comments and reactions (engagement: a fixture would skip their moderation and duplicate
    them on every load), nor proxies.
    """
    return {
        model._meta.label_lower: model
        for app in CONTENT_APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.proxy and hasattr(model, "natural_key")
    }


def _short(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _one_line_message(text):
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_MAX_CHARS else text[: MESSAGE_MAX_CHARS - 3] + "..."


def describe(record, index):
    """A reader's name for the ``index``-th object of a fixture: its model and key."""
    model = record.get("model", "?") if isinstance(record, dict) else "?"
    fields = record.get("fields", {}) if isinstance(record, dict) else {}
    if not isinstance(fields, dict):
        fields = {}
    key = next((fields[name] for name in ("slug", "name", "uid") if fields.get(name)), None)
    if key is None and isinstance(record, dict) and record.get("pk") is not None:
        key = f"pk={record['pk']}"
    model = model if isinstance(model, str) else _short(model)
    return f"object #{index + 1} ({model} {_short(key)})" if key else f"object #{index + 1} ({model})"


def read_fixture(path):
    """The list of records in a JSON fixture file, or a FixtureError naming the problem."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise FixtureError(f"{path}: no such fixture file") from None
    except OSError as exc:
        raise FixtureError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FixtureError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}); save it as UTF-8"
        ) from None
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FixtureError(
            f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise FixtureError(f"{path}: nested too deeply to be a fixture (a list of flat objects)") from None
    except ValueError as exc:  # an integer of thousands of digits, for one
        raise FixtureError(f"{path}: not valid JSON: {_one_line_message(str(exc))}") from None
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


def _content_model(record):
    """The model of a well-formed record, or FixtureError: not an object, or not our content."""
    if not isinstance(record, dict) or "model" not in record or not isinstance(record.get("fields"), dict):
        raise FixtureError("each object needs a 'model' and its 'fields'")
    label = record["model"]
    try:
        model = apps.get_model(label) if isinstance(label, str) else None
    except (LookupError, ValueError):
        model = None
    if model is None:
        raise FixtureError(f"unknown model {_short(label)}")
    allowed = content_models()
    if model._meta.label_lower not in allowed:
        raise FixtureError(
            f"fixtures may hold only the newsroom's content ({', '.join(sorted(allowed))}), not {label!r}"
        )
    return model


def _check_fields(model, fields):
    """Refuse a field the model lacks or a fixture must not set, and values of the wrong shape."""
    for name, value in fields.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            model_field = None
        if model_field is None or not (model_field.concrete or model_field.many_to_many):
            # Reverse relations (an article's "photos") are set by the other side's records.
            raise FixtureError(f"{model._meta.label_lower} has no field named {name!r}")
        if model_field.primary_key:
            raise FixtureError(f"{name!r} is the primary key: give it as 'pk', or leave it out")
        if not model_field.serialize:
            # The edit token, who started an article, what the importer wrote, a user link:
            # they belong to this deployment, and a fixture must not set them.
            raise FixtureError(f"{name!r} is not carried by fixtures")
        if model_field.many_to_many:
            if not isinstance(value, list):
                raise FixtureError(f"{name}: a list of keys is expected, not {_short(value)}")
        elif (
            not model_field.is_relation
            and not isinstance(model_field, models.JSONField)
            and isinstance(value, list | dict)
        ):
            raise FixtureError(f"{name}: one value is expected, not {_short(value)}")


def _record_image_names(model, fields):
    """Names of the images a raw fixture record refers to."""
    for image_field in _image_fields(model):
        if name := fields.get(image_field.name):
            yield name


def _shipped_image(name):
    """Where the fixtures ship image ``name``, refused if the name could lead outside that folder."""
    base = Path(settings.FIXTURE_MEDIA_DIR).resolve()
    if not isinstance(name, str):
        raise FixtureError(f"image {_short(name)} is not a file name")
    outside = f"image {name!r} is not a file name inside {base}"
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or _UNSAFE_IN_NAME.search(name)
        or any(part in (".", "..") for part in name.split("/"))
    ):
        raise FixtureError(outside)
    source = (base / path).resolve()  # follows links, so one leading elsewhere is caught
    if not source.is_relative_to(base):
        raise FixtureError(f"{outside}: it is a link to somewhere else")
    return source


def _copy_image(name):
    """Copy a shipped fixture image into media storage; False when storage already has it."""
    source = _shipped_image(name)
    if default_storage.exists(name):
        return False
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


def load_fixture_files(paths, *, update=False, using="default"):
    """Load fixture files in order, in one transaction; return a LoadReport.

    Objects are matched on their natural keys. One that exists already is left as it is
    (so is a byline, photo or topic link of an article that exists already), unless
    ``update``: then it is overwritten with the fixture, keeping the columns fixtures do
    not carry (an article's edit token, owner, import digest), and the articles it
    changed count as edited. Raises FixtureError, with the database and media storage
    unchanged, when any object is invalid, is not the newsroom's content, refers to
    something that does not exist, or gives a primary key that another row has. Images
    are copied before the rows that refer to them are built (Django reads an image's size
    when a row without stored dimensions is built), and removed again if the load fails.
    """
    report = LoadReport()
    try:
        with transaction.atomic(using=using):
            for path in paths:
                for index, record in enumerate(read_fixture(path)):
                    try:
                        where = f"{path}: {describe(record, index)}"
                    except RecursionError:
                        where = f"{path}: object #{index + 1}"
                    try:
                        _load_record(record, report, update=update, using=using)
                    except FixtureError as exc:
                        raise FixtureError(_one_line_message(f"{where}: {exc}")) from None
                    except (DeserializationError, ValidationError, ObjectDoesNotExist, DatabaseError) as exc:
                        raise FixtureError(_one_line_message(f"{where}: {_one_line(exc)}")) from None
                    except (
                        FieldDoesNotExist,
                        SuspiciousOperation,
                        TypeError,
                        ValueError,
                        LookupError,
                        AttributeError,
                        ArithmeticError,
                        RecursionError,
                    ) as exc:
                        message = f"{where}: malformed object: {_one_line(exc)}"
                        raise FixtureError(_one_line_message(message)) from None
            # Rows saved raw keep the edit token they had; links written without a row
            # save did not raise it at all. Either way it is a change to the article.
            editing.touch(report.changed_article_ids)
            _reset_sequences(report.models_given_pks, using=using)
            _record_revisions(report.created_article_ids | report.changed_article_ids)
    except BaseException:
        for name in report.images_copied:
            default_storage.delete(name)
        raise
    return report


def _load_record(record, report, *, update, using):
    model = _content_model(record)
    _check_fields(model, record["fields"])
    for name in _record_image_names(model, record["fields"]):
        if name not in report.images_seen:
            report.images_seen.add(name)
            if _copy_image(name):
                report.images_copied.append(name)
    loaded = _deserialize_valid(record, using=using)
    obj = loaded.object
    current = _current_row(obj, given_pk=record.get("pk") is not None, using=using)
    report.objects += 1
    if isinstance(obj, Photo):
        report.photo_uids.append(obj.uid)
    owner = _owning_article(obj)
    part_of_existing = owner is not None and owner not in report.created_article_ids
    if not update and (current is not None or part_of_existing):
        # Already here, or a byline, photo or topic link of an article that was here
        # before this load (an editor may have removed it): left as it is.
        report.kept += 1
        return
    if current is not None:
        _keep_unrecorded(obj, current)
    else:
        _fill_timestamps(obj)
        if record.get("pk") is not None:
            report.models_given_pks.add(model)
    loaded.save(using=using)
    if current is None:
        report.created += 1
    else:
        report.updated += 1
    if isinstance(obj, Article):
        (report.changed_article_ids if current is not None else report.created_article_ids).add(obj.pk)
    elif part_of_existing:
        report.changed_article_ids.add(owner)


def _owning_article(obj):
    """The id of the article a byline, photo, note or topic link is part of; None for anything else."""
    if isinstance(obj, ArticleAuthor | ImageCaption | StoryNote):
        return obj.article_id
    if isinstance(obj, TaggedArticle):
        return obj.content_object_id
    return None


def _current_row(obj, *, given_pk, using):
    """The existing row ``obj`` is a new version of, or None; FixtureError if its pk is another's."""
    model = type(obj)
    manager = model._default_manager.db_manager(using)
    if not given_pk:
        # The deserializer has already looked the natural key up and taken that row's pk.
        return manager.filter(pk=obj.pk).first() if obj.pk is not None else None
    key, name = obj.natural_key(), model._meta.verbose_name
    at_pk = manager.filter(pk=obj.pk).first()
    if at_pk is not None and at_pk.natural_key() != key:
        raise FixtureError(
            f"pk {obj.pk} is the {name} {at_pk.natural_key()!r}, not {key!r}: leave 'pk' out to match on "
            "the natural key"
        )
    try:
        by_key = manager.get_by_natural_key(*key)
    except model.DoesNotExist:
        by_key = None
    if by_key is not None and by_key.pk != obj.pk:
        raise FixtureError(
            f"the {name} {key!r} is pk {by_key.pk} here, not {obj.pk}: leave 'pk' out to match on the natural key"
        )
    return at_pk


def _keep_unrecorded(obj, current):
    """Give an object loaded over ``current`` the values fixtures do not carry (serialize=False)."""
    if isinstance(obj, Article):
        editing.keep_unrecorded(obj, current)  # the edit token, owner, import digest, search vector
        return
    for model_field in type(obj)._meta.concrete_fields:
        if not model_field.serialize and not model_field.primary_key:
            setattr(obj, model_field.attname, getattr(current, model_field.attname))


def _fill_timestamps(obj):
    # Rows are saved raw, which skips auto_now_add: a hand-written record without
    # created_at would otherwise fail with a database error about a NOT NULL column.
    now = timezone.now()
    for model_field in type(obj)._meta.concrete_fields:
        automatic = getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
        if automatic and getattr(obj, model_field.attname) is None:
            setattr(obj, model_field.attname, now)


def _reset_sequences(models_given_pks, *, using):
    """Move PostgreSQL's id sequences past primary keys the fixtures gave (as loaddata does)."""
    if not models_given_pks:
        return
    connection = connections[using]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models_given_pks)):
            cursor.execute(statement)


def _record_revisions(article_ids):
    """A revision of each article the load created or changed, as loaded.

    Taken once everything is in place: byline, photos and topics arrive after the
    article row itself. Articles left as they were get none.
    """
    if not article_ids:
        return
    for article in Article.objects.filter(pk__in=article_ids):
        with reversion.create_revision():
            reversion.set_comment("Loaded from fixtures")
            reversion.add_to_revision(article)


def _deserialize_valid(record, *, using):
    (loaded,) = serializers.deserialize("python", [record], using=using, ignorenonexistent=False)
    # Validate as the admin would, except image files (checked against the shipped
    # copies instead) and uniqueness, which the natural key already settles.
    exclude = [f.name for f in _image_fields(type(loaded.object))]
    loaded.object.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    return loaded
