"""The story as its page draws it, drawn once and then kept in the cache: its header (headline,
standfirst, byline, date, "Also in"), photos, text and footer (topics, places), and what
the page's ``<head>`` says about it (description, canonical address, Open Graph, Twitter,
JSON-LD).

As with cards (``templatetags/cards.py``), the kept markup is found under a digest of every
value it shows and of the templates that draw it. A changed story, credit, author, photo,
topic or place name, a new translation, another reader language or a new template makes a
new key, so kept markup can never be stale and nothing has to be invalidated. The page
still reads every one of those values (the digest needs them); what is saved is splitting
the text, placing the photos, writing the metadata and drawing it all again each time the
page is drawn (a new comment, another related story, the page cache's time running out).

Previews are drawn every time and never kept.
"""

import functools
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from languages.versions import story_versions

from .body import body_segments
from .embeds import frame_sources
from .kept_values import media_topics_of
from .metadata import article_metadata
from .sharing import share_links

logger = logging.getLogger(__name__)

STORY_TEMPLATE = "articles/_story.html"
HEAD_TEMPLATE = "articles/_story_head.html"
# Included by the two above: their text is part of what the kept markup shows.
INCLUDED_TEMPLATES = (
    "articles/_byline.html",
    "articles/_figure.html",
    "articles/_embed.html",
    "articles/_notes.html",
    "articles/_share.html",
    "articles/_authors.html",
)
STORY_SECONDS = 24 * 60 * 60
# Notes shown above the text, where readers start: corrections and editor's notes. Updates
# follow the text they add to.
NOTES_ABOVE = ("correction", "editors-note")
# Words a minute, for the reading time: a common figure for reading news on a screen; the
# estimate is rounded up to whole minutes, so it is the same in every language.
WORDS_A_MINUTE = 200


def reading_minutes(segments):
    """Minutes to read the text drawn as ``segments`` (photos and embeds not counted), at
    least one."""
    words = sum(len(strip_tags(segment.html).split()) for segment in segments if segment.html)
    return max(1, -(-words // WORDS_A_MINUTE))


@dataclass(frozen=True)
class DrawnStory:
    html: SafeString  # from <header> to the story's <footer>, inside <article>
    head: SafeString  # Open Graph, Twitter and JSON-LD
    description: str
    canonical_url: str
    frame_sources: tuple = ()  # the origins of the posts and videos it embeds (embeds.py)


_DEFERRED = object()


@functools.cache
def _columns(model):
    return tuple(field.attname for field in model._meta.concrete_fields)


def loaded_values(instance):
    """The values of ``instance``'s columns as read from the database (deferred ones left
    out), a file as its name whether or not it was opened."""
    loaded = instance.__dict__
    return tuple(
        (name, str(value) if isinstance(value, FieldFile) else value)
        for name in _columns(type(instance))
        if (value := loaded.get(name, _DEFERRED)) is not _DEFERRED
    )


_template_digests = {}


def _templates_digest():
    """A digest of the source of every template the kept markup is drawn with."""
    sources = tuple(
        get_template(name).template.source for name in (STORY_TEMPLATE, HEAD_TEMPLATE, *INCLUDED_TEMPLATES)
    )
    digest = _template_digests.get(sources)
    if digest is None:
        _template_digests.clear()  # a template changed (development): forget the old one
        digest = _template_digests[sources] = hashlib.sha256(repr(sources).encode()).hexdigest()[:16]
    return digest


def _named(rows):
    """Places or organisations as the story shows them: by name, linked."""
    return tuple((row.pk, row.name, row.get_absolute_url()) for row in rows)


def story_key(article, photos, topics, regions, versions, notes=(), place_path=(), organisations=()):
    """The cache key of ``article`` drawn with ``photos``, filed under ``topics`` and
    ``regions`` (the most precise of them under ``place_path``, from its country down),
    citing ``organisations``, published in ``versions`` and with ``notes`` (corrections,
    updates, editor's notes), with the IPTC Media Topics its topics are mapped to: a digest
    of all of them, of the reader language, and of the
    settings its addresses and dates are written with."""
    shown = (
        _templates_digest(),
        translation.get_language(),
        get_script_prefix(),
        settings.SITE_URL,
        settings.SITE_NAME,
        settings.TIME_ZONE,
        tuple(settings.EMBED_PROVIDERS),
        # Where photos are served from (a signed address changes each time: never kept).
        default_storage.url("drawn-story"),
        static("cms/logo.png"),
        loaded_values(article),
        tuple((loaded_values(credit), loaded_values(credit.author)) for credit in article.byline.all()),
        # Each placed photo and its library photo (the file, its renditions, its credit).
        tuple((loaded_values(photo), loaded_values(photo.photo)) for photo in photos),
        tuple((topic.pk, topic.label, topic.get_absolute_url()) for topic in topics),
        # What the topics stand for in IPTC's vocabulary (JSON-LD ``about``).
        tuple((found.code, found.name) for found in media_topics_of(topics)),
        _named(regions),
        versions,
        tuple(loaded_values(note) for note in notes),
        _named(place_path),
        _named(organisations),
    )
    return "story:" + hashlib.sha256(repr(shown).encode()).hexdigest()


def draw_story(
    article, photos, topics, regions, translations, preview=False, notes=(), place_path=(), organisations=()
):
    """``article`` as its page shows it (a DrawnStory), from the cache where it is kept."""
    versions = story_versions(article, translations)
    key = (
        None
        if preview
        else story_key(article, photos, topics, regions, versions, notes, place_path, organisations)
    )
    if key is not None:
        try:
            kept = cache.get(key)
        except Exception as exc:  # the cache is away: draw it
            logger.warning("Could not read a story from the cache (%s)", exc)
            kept = None
        if kept is not None:
            return DrawnStory(
                html=mark_safe(kept["html"]),  # drawn by the (autoescaping) templates below
                head=mark_safe(kept["head"]),
                description=kept["description"],
                canonical_url=kept["canonical_url"],
                frame_sources=tuple(kept.get("frame_sources", ())),
            )
    meta = article_metadata(article, photos, topics, regions, translations, notes)
    segments = body_segments(article, photos)
    context = {
        "article": article,
        "notes_above": [note for note in notes if note.kind in NOTES_ABOVE],
        "notes_below": [note for note in notes if note.kind not in NOTES_ABOVE],
        "place_path": place_path,
        "organisations": organisations,
        "reading_minutes": reading_minutes(segments),
        "share_links": [] if preview else share_links(meta["canonical_url"], article.headline),
        "share_url": meta["canonical_url"],
        "lead_photos": [photo for photo in photos if photo.after_paragraph is None],
        "segments": segments,
        "topics": topics,
        "regions": regions,
        "translations": translations,
        "preview": preview,
        "meta": meta,
    }
    drawn = DrawnStory(
        html=mark_safe(get_template(STORY_TEMPLATE).render(context)),
        head=mark_safe(get_template(HEAD_TEMPLATE).render(context)),
        description=meta["description"],
        canonical_url=meta["canonical_url"],
        frame_sources=tuple(frame_sources([segment.embed for segment in segments if segment.embed])),
    )
    if key is not None:
        kept = {
            "html": str(drawn.html),
            "head": str(drawn.head),
            "description": drawn.description,
            "canonical_url": drawn.canonical_url,
            "frame_sources": list(drawn.frame_sources),
        }
        try:
            cache.set(key, kept, timeout=STORY_SECONDS)
        except Exception as exc:
            logger.warning("Could not keep a story in the cache (%s)", exc)
    return drawn
