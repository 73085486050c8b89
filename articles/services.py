"""Writes that span several rows or models, each one transaction and one revision.

The admin's bulk actions and the topic merge call these, so the rules (who may publish,
what unpublishing clears, how a merge keeps every article's topics) live in one place
and every change is kept as a revision with the editor who made it.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import models as audit

from . import editing, former_slugs, publishing, roles
from .models import Article, FormerSlug, MediaTopic, TaggedArticle, Topic


@dataclass
class BulkResult:
    changed: int = 0
    unchanged: int = 0
    locked: int = 0  # the user may not change them (roles.py), as read under the lock
    # (article, [what it lacks]) for each article a check refused (publishing.py)
    refused: list = field(default_factory=list)


@contextmanager
def _revision(user, comment):
    with transaction.atomic(), reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def _apply(articles, change, *, user, comment, action):
    """Run ``change(article, result)`` on each article; it returns whether it changed anything.

    Each article is read again, locked, inside the transaction: saving the copy the
    caller read earlier would write back fields an editor changed in between, and whether
    ``user`` may change it is decided on that row (published meanwhile, it is left alone).
    """
    result = BulkResult()
    ids = [article.pk for article in articles]
    with _revision(user, comment):
        for article in Article.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
            if user is not None and roles.why_locked(user, article):
                result.locked += 1
                continue
            if change(article, result):
                article.save()
                reversion.add_to_revision(article)
                audit.record(
                    user,
                    action(article) if callable(action) else action,
                    article.headline,
                    article=article,
                    detail=comment,
                )
                result.changed += 1
            else:
                result.unchanged += 1
    result.unchanged -= len(result.refused)  # refused articles are reported on their own
    return result


Action = audit.AuditEntry.Action


def _published_or_scheduled(article):
    return Action.SCHEDULED if article.is_scheduled else Action.PUBLISHED


def publish(articles, *, user=None):
    """Publish drafts and articles in review now; scheduled ones keep their time.

    An article that fails the checks of ``publishing.publish_problems`` is left as it is
    and listed in ``refused`` with what it lacks.
    """

    def change(article, result):
        if article.status == Article.Status.PUBLISHED:
            return False
        problems = publishing.publish_problems(article)
        if problems:
            result.refused.append((article, problems))
            return False
        article.status = Article.Status.PUBLISHED
        if article.published_at is None or article.published_at < timezone.now():
            article.published_at = timezone.now()
        return True

    return _apply(articles, change, user=user, comment="Published", action=_published_or_scheduled)


def unpublish(articles, *, user=None):
    """Take published or scheduled articles back to draft, clearing their time."""

    def change(article, result):
        if article.status != Article.Status.PUBLISHED:
            return False
        article.status = Article.Status.DRAFT
        article.published_at = None
        article.is_featured = False
        article.featured_position = None
        return True

    return _apply(articles, change, user=user, comment="Unpublished", action=Action.UNPUBLISHED)


def set_featured(articles, featured, *, user=None):
    """Add articles to the front page's featured stories (after the others), or remove them."""
    next_position = (
        Article.objects.filter(is_featured=True).aggregate(last=Max("featured_position"))["last"] or 0
    )

    def change(article, result):
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

    return _apply(
        articles,
        change,
        user=user,
        comment="Featured" if featured else "Unfeatured",
        action=Action.FEATURED if featured else Action.UNFEATURED,
    )


def add_topic(articles, topic, *, user=None):
    def change(article, result):
        if article.topic_links.filter(tag=topic).exists():
            return False
        TaggedArticle.objects.create(content_object=article, tag=topic)
        return True

    return _apply(articles, change, user=user, comment=f"Added topic {topic.name}", action=Action.RETAGGED)


def remove_topic(articles, topic, *, user=None):
    def change(article, result):
        return article.topic_links.filter(tag=topic).delete()[0] > 0

    return _apply(articles, change, user=user, comment=f"Removed topic {topic.name}", action=Action.RETAGGED)


def set_region(articles, region, *, user=None):
    """Add ``region`` to each article's regions (existing regions are kept)."""

    def change(article, result):
        if article.regions.filter(pk=region.pk).exists():
            return False
        article.regions.add(region)
        return True

    return _apply(articles, change, user=user, comment=f"Added region {region.name}", action=Action.RETAGGED)


@dataclass
class MergeResult:
    moved: int = 0
    already_tagged: int = 0
    removed_topics: int = 0


# Shown to the editor; revision comments and audit entries stay in English, the
# newsroom's working language, whoever reads them.
MERGE_GONE = _(
    "Not merged: some of the chosen topics no longer exist (merged or deleted by someone else "
    "meanwhile). Choose the topics again."
)


class MergeConflict(Exception):
    """A topic to merge was merged or deleted by someone else meanwhile."""


def merge_topics(*, target, sources, user=None):
    """Fold ``sources`` into ``target``: every article keeps a topic, none gets it twice.

    Articles tagged with a source are re-tagged with the target (unless they already
    carry it); the sources are then deleted. One transaction, one revision per article,
    and each article counts as changed for the stale-save check (``editing.touch``).

    The topics are locked first, in id order, so two merges at once run one after the
    other; the second finds a topic gone and raises ``MergeConflict`` instead of
    merging into a topic that no longer exists.
    """
    sources = [topic for topic in sources if topic.pk != target.pk]
    result = MergeResult()
    if not sources:
        return result
    wanted = {target.pk, *(topic.pk for topic in sources)}
    with _revision(user, f"Merged {', '.join(t.name for t in sources)} into {target.name}"):
        found = set(
            Topic.objects.select_for_update()
            .filter(pk__in=wanted)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if found != wanted:
            raise MergeConflict(MERGE_GONE)
        links = TaggedArticle.objects.filter(tag__in=sources).select_related("content_object")
        already = set(TaggedArticle.objects.filter(tag=target).values_list("content_object_id", flat=True))
        touched = set()
        for link in links:
            if link.content_object_id in already:
                link.delete()
                result.already_tagged += 1
            else:
                link.tag = target
                link.save()
                already.add(link.content_object_id)
                result.moved += 1
            touched.add(link.content_object_id)
        editing.touch(touched)
        for article in Article.objects.filter(pk__in=touched):
            reversion.add_to_revision(article)
        # What the merged topics stood for in IPTC's vocabulary, the target now stands for too.
        target.media_topics.add(*MediaTopic.objects.filter(topics__in=sources).distinct())
        # The merged topics' addresses (and those they had before) lead to the target.
        former_slugs.moved_to(FormerSlug.Kind.TOPIC, target.pk, [t.pk for t in sources])
        for topic in sources:
            former_slugs.remember(FormerSlug.Kind.TOPIC, topic.slug, target.pk)
        result.removed_topics = (
            Topic.objects.filter(pk__in=[t.pk for t in sources]).delete()[1].get(Topic._meta.label, 0)
        )
        audit.record(
            user,
            Action.MERGED_TOPICS,
            f"{', '.join(t.name for t in sources)} into {target.name}",
            detail=f"{result.moved} stories moved, {result.already_tagged} already had {target.name}",
        )
    return result
