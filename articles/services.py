"""Writes that span several rows or models, each one transaction and one revision.

The admin's bulk actions and the topic merge call these, so the rules (who may publish,
what unpublishing clears, how a merge keeps every article's topics) live in one place
and every change is kept as a revision with the editor who made it.
"""

from contextlib import contextmanager
from dataclasses import dataclass

import reversion
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .models import Article, TaggedArticle, Topic


@dataclass
class BulkResult:
    changed: int = 0
    unchanged: int = 0


@contextmanager
def _revision(user, comment):
    with transaction.atomic(), reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def _apply(articles, change, *, user, comment):
    """Run ``change(article)`` on each article; it returns whether it changed anything."""
    result = BulkResult()
    with _revision(user, comment):
        for article in articles:
            if change(article):
                article.save()
                reversion.add_to_revision(article)
                result.changed += 1
            else:
                result.unchanged += 1
    return result


def publish(articles, *, user=None):
    """Publish drafts and articles in review now; scheduled ones keep their time."""

    def change(article):
        if article.status == Article.Status.PUBLISHED:
            return False
        article.status = Article.Status.PUBLISHED
        if article.published_at is None or article.published_at < timezone.now():
            article.published_at = timezone.now()
        return True

    return _apply(articles, change, user=user, comment="Published")


def unpublish(articles, *, user=None):
    """Take published or scheduled articles back to draft, clearing their time."""

    def change(article):
        if article.status != Article.Status.PUBLISHED:
            return False
        article.status = Article.Status.DRAFT
        article.published_at = None
        article.is_featured = False
        article.featured_position = None
        return True

    return _apply(articles, change, user=user, comment="Unpublished")


def set_featured(articles, featured, *, user=None):
    """Add articles to the front page's featured stories (after the others), or remove them."""
    articles = list(articles)
    next_position = (
        Article.objects.filter(is_featured=True).aggregate(last=Max("featured_position"))["last"] or 0
    )

    def change(article):
        nonlocal next_position
        if article.is_featured == featured:
            return False
        article.is_featured = featured
        if featured:
            next_position += 1
            article.featured_position = next_position
        else:
            article.featured_position = None
        return True

    return _apply(articles, change, user=user, comment="Featured" if featured else "Unfeatured")


def add_topic(articles, topic, *, user=None):
    def change(article):
        if article.topic_links.filter(tag=topic).exists():
            return False
        TaggedArticle.objects.create(content_object=article, tag=topic)
        return True

    return _apply(articles, change, user=user, comment=f"Added topic {topic.name}")


def remove_topic(articles, topic, *, user=None):
    def change(article):
        return article.topic_links.filter(tag=topic).delete()[0] > 0

    return _apply(articles, change, user=user, comment=f"Removed topic {topic.name}")


def set_region(articles, region, *, user=None):
    """Add ``region`` to each article's regions (existing regions are kept)."""

    def change(article):
        if article.regions.filter(pk=region.pk).exists():
            return False
        article.regions.add(region)
        return True

    return _apply(articles, change, user=user, comment=f"Added region {region.name}")


@dataclass
class MergeResult:
    moved: int = 0
    already_tagged: int = 0
    removed_topics: int = 0


def merge_topics(*, target, sources, user=None):
    """Fold ``sources`` into ``target``: every article keeps a topic, none gets it twice.

    Articles tagged with a source are re-tagged with the target (unless they already
    carry it); the sources are then deleted. One transaction, one revision per article.
    """
    sources = [topic for topic in sources if topic.pk != target.pk]
    result = MergeResult()
    if not sources:
        return result
    with _revision(user, f"Merged {', '.join(t.name for t in sources)} into {target.name}"):
        links = TaggedArticle.objects.filter(tag__in=sources).select_related("content_object")
        already = set(TaggedArticle.objects.filter(tag=target).values_list("content_object_id", flat=True))
        for link in links:
            if link.content_object_id in already:
                link.delete()
                result.already_tagged += 1
            else:
                link.tag = target
                link.save()
                already.add(link.content_object_id)
                result.moved += 1
            reversion.add_to_revision(link.content_object)
        result.removed_topics = (
            Topic.objects.filter(pk__in=[t.pk for t in sources]).delete()[1].get(Topic._meta.label, 0)
        )
    return result
