"""RSS 2.0 and Atom feeds: the latest stories, and those of a topic, region or author.

A topic, region or author only unpublished stories name has no feed (404), as it has no page.
"""

import contextlib
import hashlib
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cms import site
from languages.codes import content_language, html_lang

from . import kept_values
from .caching import keys as page_keys
from .metadata import absolute, describe
from .models import Article, ImageCaption, StoryNote
from .querysets import byline_prefetch, public_authors

FEED_SIZE = 20
# How long an enclosure's byte length is remembered. Stored names never get new content
# (a new image gets a new name), so this only bounds how long a deleted file is counted.
STORED_SIZE_SECONDS = 24 * 60 * 60


def stored_size(name):
    """The byte length of a file in media storage, remembered in the shared cache.

    On object storage every look-up is a request to the bucket: without this a feed of
    twenty stories would make twenty of them each time it is rendered afresh.
    """
    key = "media-size:" + hashlib.sha1(name.encode("utf-8")).hexdigest()
    try:
        size = cache.get(key)
    except Exception:  # the cache is away (the page cache logs that): ask storage
        return default_storage.size(name)
    if size is None:
        size = default_storage.size(name)
        with contextlib.suppress(Exception):
            cache.set(key, size, STORED_SIZE_SECONDS)
    return size


@dataclass(frozen=True)
class Scope:
    """A list a feed can follow besides the latest stories: the topic's, the place's (with
    the places inside it) or the author's. ``find`` reads the object from its slug as its
    page does (None when no published story names it), ``name`` is what the feed's title
    says it holds, ``narrow`` keeps the stories under it, and ``key`` is its surrogate key."""

    find: Callable
    name: Callable
    narrow: Callable
    key: Callable


def _author_scope(author):
    # Translators: what an author's feed holds, in its title: "News site: stories by Jane Doe".
    return _("stories by %(name)s") % {"name": author.name}


# Each has an RSS and an Atom feed at /<kind>s/<slug>/rss/ and /atom/ (``urls.py``).
SCOPES = {
    "topic": Scope(
        find=lambda slug: kept_values.public_topics_by_slug().get(slug),
        name=lambda topic: topic.label,
        narrow=lambda queryset, topic: queryset.tagged(topic),
        key=page_keys.topic,
    ),
    "region": Scope(
        find=kept_values.public_region,
        name=lambda region: region.name,
        narrow=lambda queryset, region: queryset.in_regions(kept_values.public_ids_below(region)),
        key=page_keys.region,
    ),
    "author": Scope(
        find=lambda slug: public_authors().filter(slug=slug).first(),
        name=_author_scope,
        narrow=lambda queryset, author: queryset.by_author(author),
        key=page_keys.author,
    ),
}
FEED_TYPES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


def attach_notes(articles):
    """Give each of ``articles`` (read ``with_has_notes``) its notes, oldest first, as
    ``listed_notes``: one query, none when no story has any."""
    noted = [article.pk for article in articles if getattr(article, "has_notes", True)]
    found = {}
    if noted:
        for note in StoryNote.objects.filter(article_id__in=noted).order_by("noted_at", "pk"):
            found.setdefault(note.article_id, []).append(note)
    for article in articles:
        article.listed_notes = found.get(article.pk, [])


class ArticleFeed(Feed):
    """The latest published stories, or those under one of ``SCOPES``, as RSS or Atom."""

    def __init__(self, kind="rss", scope=None):
        super().__init__()
        self.feed_type = FEED_TYPES[kind]
        self.feed_kind = kind
        self.scope_kind = scope
        self.scope = SCOPES[scope] if scope else None

    @property
    def language(self):
        """The feed's language as RSS and Atom write it (BCP 47: ru, uz-Cyrl, kk-Latn)."""
        return html_lang(get_language())

    def get_object(self, request, slug=None):
        if self.scope is None:
            return None
        found = self.scope.find(slug)
        if found is None:
            raise Http404("No such page.")
        return found

    def title(self, obj):
        held = self.scope.name(obj) if self.scope else _("Latest stories")
        # Translators: a feed's title, such as "News site: Latest stories" or "News site: Prisons".
        return _("%(site)s: %(scope)s") % {"site": settings.SITE_NAME, "scope": held}

    def description(self, obj):
        return site.description()

    subtitle = description

    def link(self, obj):
        return absolute(obj.get_absolute_url() if self.scope else reverse("articles:front"))

    def feed_url(self, obj):
        if self.scope is None:
            return absolute(reverse(f"articles:feed-{self.feed_kind}"))
        return absolute(
            reverse(f"articles:{self.scope_kind}-feed-{self.feed_kind}", kwargs={"slug": obj.slug})
        )

    def items(self, obj):
        queryset = Article.objects.published().in_language().defer("search_vector").newest_first()
        if self.scope:
            queryset = self.scope.narrow(queryset, obj)
        items = list(
            queryset.prefetch_related(
                byline_prefetch(),
                "topics",
                Prefetch(
                    "photos",
                    queryset=ImageCaption.objects.filter(after_paragraph__isnull=True).exclude(
                        photo__image=""
                    ),
                ),
            ).with_has_notes()[:FEED_SIZE]
        )
        attach_notes(items)
        page_keys.shows(
            *self.list_keys(obj),
            *(page_keys.author(credit.author_id) for item in items for credit in item.byline.all()),
            *(page_keys.topic(topic.pk) for item in items for topic in item.topics.all()),  # categories
        )
        page_keys.shows_stories(items)
        return items

    def list_keys(self, obj):
        """The surrogate keys of the list this feed is (caching/keys.py): the stories in the
        reader's language, all of them or those under the topic, place or author it is
        for, whose name is its title."""
        if self.scope is None:
            return (page_keys.stories(content_language()),)
        key = self.scope.key(obj.pk)
        return (key, page_keys.listed(key, content_language()))

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        """The story's description, then its corrections, updates and editor's notes, each
        with its time: a reader of the feed learns of a correction as a reader of the page."""
        lines = [describe(article)]
        for note in getattr(article, "listed_notes", ()):
            when = date_format(timezone.localtime(note.noted_at), "DATETIME_FORMAT")
            # Translators: a note under a story in a feed: "Correction (3 December 2026, 10:12): …".
            lines.append(
                _("%(kind)s (%(time)s): %(text)s")
                % {"kind": note.get_kind_display(), "time": when, "text": note.text}
            )
        return "\n\n".join(lines)

    def item_link(self, article):
        return absolute(article.get_absolute_url())

    def item_guid(self, article):
        return absolute(article.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.modified_at  # a revision of the text or a note, not a retagging

    def item_author_name(self, article):
        return ", ".join(credit.author.name for credit in article.byline.all()) or None

    def item_author_link(self, article):
        credits = list(article.byline.all())
        return absolute(credits[0].author.get_absolute_url()) if credits else None

    def item_categories(self, article):
        return [topic.label for topic in article.topics.all()]

    def item_enclosures(self, article):
        """The lead photo, as a column-wide rendition where one exists."""
        lead = next(iter(article.photos.all()), None)
        if lead is None:
            return []
        name = lead.renditions.get("800") or next(iter(lead.renditions.values()), None) or lead.image.name
        try:
            size = stored_size(name)
        except OSError:  # missing from storage (S3 says so with FileNotFoundError too)
            return []
        mime = mimetypes.guess_type(name)[0] or "image/jpeg"
        return [Enclosure(absolute(default_storage.url(name)), str(size), mime)]
