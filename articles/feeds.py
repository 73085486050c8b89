"""RSS 2.0 and Atom feeds: the latest stories, and those of a topic, region or author.

A topic, region or author only unpublished stories name has no feed (404), as it has no page.
"""

import contextlib
import hashlib
import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cms import site
from languages.codes import content_language, html_lang

from .caching import keys as page_keys
from .metadata import absolute, describe
from .models import Article, Author, ImageCaption, Region, Topic
from .querysets import byline_prefetch, public_authors, public_topics

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


class ArticleFeed(Feed):
    """The latest published stories; subclasses narrow them to a topic, region or author."""

    feed_type = Rss201rev2Feed
    feed_kind = "rss"

    @property
    def language(self):
        """The feed's language as RSS and Atom write it (BCP 47: ru, uz-Cyrl, kk-Latn)."""
        return html_lang(get_language())

    def get_object(self, request, *args, **kwargs):
        return None

    def scope(self, obj):
        return _("Latest stories")

    def title(self, obj):
        # Translators: a feed's title, such as "News site: Latest stories" or "News site: Prisons".
        return _("%(site)s: %(scope)s") % {"site": settings.SITE_NAME, "scope": self.scope(obj)}

    def description(self, obj):
        return site.description()

    subtitle = description

    def page_url(self, obj):
        return reverse("articles:front")

    def link(self, obj):
        return absolute(self.page_url(obj))

    def feed_url(self, obj):
        return absolute(self.feed_path(obj))

    def feed_path(self, obj):
        return reverse(f"articles:feed-{self.feed_kind}")

    def narrow(self, queryset, obj):
        return queryset

    def items(self, obj):
        queryset = Article.objects.published().in_language().defer("search_vector").newest_first()
        items = list(
            self.narrow(queryset, obj).prefetch_related(
                byline_prefetch(),
                "topics",
                Prefetch(
                    "photos",
                    queryset=ImageCaption.objects.filter(after_paragraph__isnull=True).exclude(image=""),
                ),
            )[:FEED_SIZE]
        )
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
        for model, key in ((Topic, page_keys.topic), (Region, page_keys.region), (Author, page_keys.author)):
            if isinstance(obj, model):
                return (key(obj.pk), page_keys.listed(key(obj.pk), content_language()))
        return (page_keys.stories(content_language()),)

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return describe(article)

    def item_link(self, article):
        return absolute(article.get_absolute_url())

    def item_guid(self, article):
        return absolute(article.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

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


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    feed_kind = "atom"


class TopicFeedMixin:
    def get_object(self, request, slug):
        return get_object_or_404(public_topics(), slug=slug)

    def scope(self, topic):
        return topic.label

    def page_url(self, topic):
        return topic.get_absolute_url()

    def feed_path(self, topic):
        return reverse(f"articles:topic-feed-{self.feed_kind}", kwargs={"slug": topic.slug})

    def narrow(self, queryset, topic):
        return queryset.tagged(topic)


class RegionFeedMixin:
    def get_object(self, request, slug):
        return get_object_or_404(Region.objects.public(), slug=slug)

    def scope(self, region):
        return region.name

    def page_url(self, region):
        return region.get_absolute_url()

    def feed_path(self, region):
        return reverse(f"articles:region-feed-{self.feed_kind}", kwargs={"slug": region.slug})

    def narrow(self, queryset, region):
        return queryset.in_region(region)


class AuthorFeedMixin:
    def get_object(self, request, slug):
        return get_object_or_404(public_authors(), slug=slug)

    def scope(self, author):
        # Translators: what an author's feed holds, in its title: "News site: stories by Jane Doe".
        return _("stories by %(name)s") % {"name": author.name}

    def page_url(self, author):
        return author.get_absolute_url()

    def feed_path(self, author):
        return reverse(f"articles:author-feed-{self.feed_kind}", kwargs={"slug": author.slug})

    def narrow(self, queryset, author):
        return queryset.by_author(author)


class TopicRssFeed(TopicFeedMixin, ArticleFeed):
    pass


class TopicAtomFeed(TopicFeedMixin, AtomArticleFeed):
    pass


class RegionRssFeed(RegionFeedMixin, ArticleFeed):
    pass


class RegionAtomFeed(RegionFeedMixin, AtomArticleFeed):
    pass


class AuthorRssFeed(AuthorFeedMixin, ArticleFeed):
    pass


class AuthorAtomFeed(AuthorFeedMixin, AtomArticleFeed):
    pass
