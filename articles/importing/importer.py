"""Turning parsed copy into draft articles, matched against what the newsroom already knows.

An import only ever replaces its own work. It stores a digest of what it wrote in
``Article.imported_digest``; a later import of the same story overwrites the draft only
while the draft still gives that digest, so nothing an editor changed since is lost. It
never overwrites an article in review or published, nor a draft no import made, and never
deletes a photo with an uploaded image. Every import that writes is a revision.

Places, organisations and authors have names in seven languages (django-modeltranslation
columns ``name_en``, ``name_ru``…). Copy is matched against every language's name
explicitly, never through ``name`` (which reads only the active language's column): a
Russian dateline "АЛМАТЫ" finds the region whose ``name_ru`` is "Алматы" whatever
language the import runs in. Places are compared ignoring case, ё/е and the Uzbek
apostrophe variants (ʻ ' ’ ‘ `); organisations as printed, except ё/е and apostrophes.
The story's language is the one its first line declares ("Language: ru"), else the one
``language.detect_language`` reads from its text.
"""

import hashlib
import json
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import reversion
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from reversion.models import Version

from ..models import (
    Article,
    ArticleAuthor,
    Author,
    ImageCaption,
    Photo,
    Region,
    SourceOrganisation,
    TaggedArticle,
)
from ..text import make_slug
from .furniture import APOSTROPHES, furniture_table
from .language import detect_language
from .parser import CopyError, parse_copy
from .sources import decode_copy, read_copy

# Photo uids are derived from the article's slug and the photo's place, so importing the
# same copy again updates the same photos (keeping any image an editor has uploaded).
PHOTO_NAMESPACE = uuid.UUID("4b1f7c3e-55a1-4e8e-9a0c-2f1d7f6c9b21")
_ONE_APOSTROPHE = str.maketrans(dict.fromkeys(APOSTROPHES, "ʻ"))


@dataclass
class Outcome:
    source: str
    action: str  # "created", "updated", "unchanged" or "skipped"
    article: Article | None = None
    reason: str = ""


def photo_uid(slug, position):
    return uuid.uuid5(PHOTO_NAMESPACE, f"{slug}/{position}")


def languages():
    """The languages names are kept in (settings.MODELTRANSLATION_LANGUAGES)."""
    return tuple(settings.MODELTRANSLATION_LANGUAGES)


def translated(field):
    """The columns of a translated field, one per language: name -> name_en, name_ru, …"""
    return [f"{field}_{language}" for language in languages()]


def names_of(obj, *fields):
    """Every non-empty name ``obj`` has in any language, for each of ``fields``."""
    return [
        value
        for field in fields
        for column in translated(field)
        if (value := getattr(obj, column, None)) and value.strip()
    ]


def place_key(name):
    """A place name as datelines are compared: any case, ё as е, one Uzbek apostrophe."""
    return " ".join(name.split()).casefold().replace("ё", "е").translate(_ONE_APOSTROPHE)


def _mention_key(text):
    return " ".join(text.split()).replace("ё", "е").replace("Ё", "Е").translate(_ONE_APOSTROPHE)


def _name_pattern(name):
    # Copy may break a name with non-breaking or doubled spaces, print ё as е, and type
    # the Uzbek apostrophe as any of its look-alikes.
    return r"\s+".join("".join(_letter_pattern(ch) for ch in word) for word in name.split())


def _letter_pattern(ch):
    if ch in "её":
        return "[её]"
    if ch in "ЕЁ":
        return "[ЕЁ]"
    if ch in APOSTROPHES:
        return "[" + re.escape(APOSTROPHES) + "]"
    return re.escape(ch)


class Directory:
    """The organisations, regions and authors that copy is matched against.

    Built once per import run, so matching a thousand files costs no extra queries.
    """

    def __init__(self, organisations, regions, furniture=None):
        self.furniture = furniture or furniture_table()
        self._organisations = {}
        for organisation in organisations:
            for name in names_of(organisation, "name", "short_name"):
                if len(name.strip()) >= 3:
                    self._organisations.setdefault(_mention_key(name), organisation)
        names = sorted(self._organisations, key=len, reverse=True)
        self._mentions = (
            re.compile(r"(?<!\w)(?:" + "|".join(_name_pattern(n) for n in names) + r")(?!\w)")
            if names
            else None
        )
        kind_rank = {
            Region.Kind.CITY: 0,
            Region.Kind.PROVINCE: 1,
            Region.Kind.COUNTRY: 2,
            Region.Kind.REGION: 3,
        }
        self._regions = {}
        for region in sorted(regions, key=lambda r: kind_rank.get(r.kind, 9)):
            for name in names_of(region, "name"):
                self._regions.setdefault(place_key(name), region)
        self._authors = {}

    @classmethod
    def from_database(cls):
        return cls(
            organisations=SourceOrganisation.objects.only(
                "pk", "slug", *translated("name"), *translated("short_name")
            ),
            regions=Region.objects.only("pk", "kind", "slug", *translated("name")),
        )

    def organisations_mentioned(self, *texts):
        """Known organisations named (by name or short name) in ``texts``, in order of appearance."""
        found = {}
        if self._mentions:
            for text in texts:
                for match in self._mentions.finditer(text):
                    organisation = self._organisations[_mention_key(match.group())]
                    found.setdefault(organisation.pk, organisation)
        return list(found.values())

    def organisation_credited(self, credit):
        """The known organisation a photo credit names, if it names one."""
        mentioned = self.organisations_mentioned(credit)
        return mentioned[0] if mentioned else None

    def region_named(self, place):
        """The known region a dateline's place names in any language (a city before a province
        of the same name)."""
        return self._regions.get(place_key(place)) if place else None

    def knows_place(self, place):
        return self.region_named(place) is not None

    @contextmanager
    def atomic(self):
        """One file's transaction; authors created in it are forgotten if it is rolled back.

        Otherwise the next file naming the same person would get an author whose row the
        rollback removed.
        """
        known_authors = dict(self._authors)
        try:
            with transaction.atomic():
                yield
        except BaseException:
            self._authors = known_authors
            raise

    def author(self, name, language=None):
        """The author with this name in any language, created if the newsroom does not know them yet.

        A new author's name is their English name (the name every page falls back to) and,
        for a story in another language, their name in that language too.
        """
        key = " ".join(name.split()).casefold()
        if key not in self._authors:
            same_name = Q()
            for column in translated("name"):
                same_name |= Q(**{f"{column}__iexact": name})
            author = Author.objects.filter(same_name).first()
            if author is None:
                with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
                    author = Author(name=name, slug=_unused_slug(Author, make_slug(name, max_length=190)))
                if language in languages():
                    setattr(author, f"name_{language}", name)
                author.full_clean()
                author.save()
            self._authors[key] = author
        return self._authors[key]


def _unused_slug(model, slug):
    candidate, number = slug, 2
    while model.objects.filter(slug=candidate).exists():
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


# The article's own columns an import writes (plain text, or the seed overlay).
DIGESTED_FIELDS = (
    "headline",
    "standfirst",
    "body",
    "dateline",
    "dateline_region_id",
    "language",
    "status",
    "published_at",
    "is_featured",
    "featured_position",
)


def import_digest(article):
    """A sha256 digest of what an import writes to ``article``, as the database holds it now.

    The article's own columns, its byline names in order, its photos' captions, credits
    and places, and its regions, organisations and topics. Not a photo's image or alt
    text: plain text cannot carry them, so an editor adds them and a later import keeps
    them (that is not an edit the import would overwrite).
    """
    state = {
        "article": Article.objects.filter(pk=article.pk).values(*DIGESTED_FIELDS).get(),
        "byline": list(
            ArticleAuthor.objects.filter(article=article)
            .order_by("position", "pk")
            .values_list("author__name", flat=True)
        ),
        "photos": list(
            ImageCaption.objects.filter(article=article)
            .order_by("position", "pk")
            .values_list(
                "uid", "caption", "credit", "photo__credited_organisation_id", "after_paragraph", "position"
            )
        ),
        "regions": sorted(article.regions.values_list("pk", flat=True)),
        "organisations": sorted(article.organisations.values_list("pk", flat=True)),
        "topics": sorted(
            TaggedArticle.objects.filter(content_object=article).values_list("tag__name", flat=True)
        ),
    }
    encoded = json.dumps(state, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def why_not_overwritten(article):
    """Why an import must leave ``article`` alone, or "" when it may replace it."""
    if article.status != Article.Status.DRAFT:
        # In review or published (scheduled included): the copy is no longer the import's.
        return f"the article at {article.slug!r} is {article.get_status_display().lower()}; it is not overwritten"
    if not article.imported_digest:
        return (
            f"the draft at {article.slug!r} was not made by an import (or was imported before imports "
            "were tracked); it is not overwritten"
        )
    if import_digest(article) != article.imported_digest:
        return f"edited in the admin since the last import ({_last_saved(article)}); it is not overwritten"
    return ""


def _last_saved(article):
    version = Version.objects.get_for_object(article).select_related("revision__user").first()
    user = version.revision.user if version else None
    by = f"by {user.get_username()} " if user else ""
    return f"last saved {by}{timezone.localtime(article.updated_at):%Y-%m-%d %H:%M}"


def import_parsed(parsed, *, source, directory, overlay=None):
    """Create or replace one draft article from parsed copy, all or nothing.

    A draft with the same slug is replaced only if an import made it and nobody changed
    it since (``why_not_overwritten``); its photos keep any uploaded image and alt text.
    ``overlay`` adds what plain text cannot say (status, dates, topics, regions, alt
    text); it is how the seed fixtures are built. Raises ValidationError or CopyError on
    bad data.
    """
    overlay = overlay or {}
    slug = make_slug(parsed.headline, max_length=Article._meta.get_field("slug").max_length)
    try:
        return _write_import(parsed, slug=slug, source=source, directory=directory, overlay=overlay)
    except _SameAsBefore:
        # The copy says what the last import wrote: nothing is written, so the edit token
        # stays and an editor's open form is not refused for nothing.
        return Outcome(source, "unchanged", Article.objects.get(slug=slug))


class _SameAsBefore(Exception):
    """Raised inside an import's transaction to roll back a write that changed nothing."""


def _write_import(parsed, *, slug, source, directory, overlay):
    with directory.atomic():
        article = Article.objects.filter(slug=slug).first()
        if article is not None and (reason := why_not_overwritten(article)):
            return Outcome(source, "skipped", article, reason)
        previous_digest = article.imported_digest if article else None
        action = "updated" if article else "created"
        article = article or Article(slug=slug)
        article.headline = parsed.headline
        article.body = parsed.body_html()
        article.dateline = parsed.dateline
        article.dateline_region = directory.region_named(parsed.place)
        article.language = parsed.language or detect_language(" ".join([parsed.headline, *parsed.paragraphs]))
        for name in ("status", "language", "standfirst", "is_featured", "featured_position"):
            if name in overlay:
                setattr(article, name, overlay[name])
        if "published_at" in overlay:
            article.published_at = datetime.fromisoformat(overlay["published_at"])
        article.full_clean(validate_unique=False)
        # Saving raises the edit token, so a form opened before the import is refused;
        # the links written below belong to the same transaction.
        article.save()

        _set_byline(article, parsed.authors, directory, overlay.get("authors", {}))
        _set_photos(article, parsed.photos, directory, overlay.get("photos", []))

        regions = [article.dateline_region] if article.dateline_region else []
        for region_slug in overlay.get("regions", []):
            try:
                regions.append(Region.objects.get(slug=region_slug))
            except Region.DoesNotExist:
                raise CopyError(f"unknown region {region_slug!r} in the overlay") from None
        article.regions.set(regions)
        texts = [parsed.headline, *parsed.paragraphs, *(photo.caption for photo in parsed.photos)]
        article.organisations.set(directory.organisations_mentioned(*texts))
        article.topics.set(overlay.get("topics", []))

        article.imported_digest = import_digest(article)
        if article.imported_digest == previous_digest:
            raise _SameAsBefore
        Article.objects.filter(pk=article.pk).update(imported_digest=article.imported_digest)
        with reversion.create_revision():
            reversion.set_comment(f"Imported from {Path(source).name}")
            reversion.add_to_revision(article)
    return Outcome(source, action, article)


def import_file(path, *, directory, encoding=None, overlay=None):
    """Import one copy file as a draft; an Outcome, never an exception, for bad copy."""
    try:
        parsed = parse_copy(
            decode_copy(read_copy(path), encoding),
            furniture=directory.furniture,
            known_place=directory.knows_place,
        )
        return import_parsed(parsed, source=str(path), directory=directory, overlay=overlay)
    except CopyError as exc:
        return Outcome(str(path), "skipped", reason=str(exc))
    except ValidationError as exc:
        details = "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in getattr(exc, "message_dict", {"": exc.messages}).items()
        )
        return Outcome(str(path), "skipped", reason=f"invalid article: {details}")
    except DatabaseError as exc:
        return Outcome(str(path), "skipped", reason=f"database refused it: {exc}")


def _set_byline(article, names, directory, author_overlay):
    ArticleAuthor.objects.filter(article=article).delete()
    seen = set()
    for position, name in enumerate(names, start=1):
        author = directory.author(name, article.language)
        for field_name, value in author_overlay.get(name, {}).items():
            setattr(author, field_name, value)
        if author_overlay.get(name):
            author.full_clean()
            author.save()
        if author.pk not in seen:
            seen.add(author.pk)
            ArticleAuthor.objects.create(article=article, author=author, position=position)


def _set_photos(article, photos, directory, photo_overlay):
    existing = {photo.uid: photo for photo in article.photos.all()}
    uids = [photo_uid(article.slug, position) for position in range(1, len(photos) + 1)]
    # A library photo the copy named before (its placement since removed) is placed again.
    named_before = Photo.objects.in_bulk([uid for uid in uids if uid not in existing], field_name="uid")
    kept = []
    for position, parsed in enumerate(photos, start=1):
        uid = photo_uid(article.slug, position)
        photo = existing.get(uid) or ImageCaption(uid=uid, article=article)
        photo.caption = parsed.caption
        photo.credit = parsed.credit
        photo.after_paragraph = parsed.after_paragraph
        photo.position = position
        if position <= len(photo_overlay):
            for field_name, value in photo_overlay[position - 1].items():
                setattr(photo, field_name, value)
        try:
            photo.full_clean(exclude=["image", "article", "photo"], validate_unique=False)
        except ValidationError as exc:
            raise CopyError(f"photo {position}: {'; '.join(exc.messages)}") from None
        # The copy names the photo; its file comes later, from an editor. Until then the
        # library photo holds the credit and the organisation it names.
        library = (
            photo.photo
            if photo.photo_id
            else named_before.get(uid) or Photo(uid=uid, caption=photo.caption, alt_text=photo.alt_text)
        )
        library.credit = library.credit if library.image else parsed.credit
        if not library.image:
            library.credited_organisation = (
                directory.organisation_credited(parsed.credit) if parsed.credit else None
            )
        library.save()
        photo.photo = library
        photo.save()
        kept.append(uid)
    left_out = list(article.photos.exclude(uid__in=kept))
    for photo in left_out:
        if photo.image:
            # An image never comes from the copy: only an editor put it there.
            raise CopyError(
                f"photo {photo.position} ({photo.caption[:40]!r}) has an image uploaded in the admin and "
                "the new copy leaves it out; an import never deletes it: remove the photo in the admin first"
            )
    ImageCaption.objects.filter(pk__in=[photo.pk for photo in left_out]).delete()
    # The copy's own photos that never got a file, now placed nowhere, leave the library.
    Photo.objects.filter(pk__in=[photo.photo_id for photo in left_out], image="", placements=None).delete()


def fixture_json(articles):
    """A natural-key fixture of ``articles`` with their bylines, authors, topics links and photos.

    Regions, organisations and topics are referred to by natural key and must already
    exist where the fixture is loaded.
    """
    articles = list(articles)
    objects = []
    authors = {}
    for article in articles:
        for credit in article.byline.select_related("author"):
            authors.setdefault(credit.author.slug, credit.author)
    objects.extend(authors[slug] for slug in sorted(authors))
    objects.extend(articles)
    for article in articles:
        objects.extend(article.byline.all())
        objects.extend(TaggedArticle.objects.filter(content_object=article).order_by("tag__name"))
        placements = list(article.photos.all())
        # The library photos first: a placement names its photo by the photo's uid.
        objects.extend(placement.photo for placement in placements)
        objects.extend(placements)
    return (
        serializers.serialize(
            "json", objects, indent=2, use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
        + "\n"
    )
