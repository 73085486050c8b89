"""What notifications a change makes: a story published (also when its scheduled time
comes), updated, corrected or unpublished. Each is recorded in the same transaction as the
change (a rollback records nothing), once per webhook that wants it, and sent after the
commit (``delivery.send_soon``). Recording never breaks the change: a failure is logged.

Fixture loads (raw saves) notify nobody: loading content is not publishing it.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from api.shapes import api_url, moment
from articles.caching import changes
from articles.metadata import absolute
from articles.models import Article, StoryNote

from . import delivery
from .models import Delivery, Event, Webhook

logger = logging.getLogger("webhooks")


def story_payload(article, *, public=True):
    """What a notification says of a story: enough to find it (the API has the rest). An
    unpublished story is named by its id and addresses only."""
    with translation.override(article.language):
        story = {
            "id": article.pk,
            "language": article.language,
            "url": absolute(article.get_absolute_url()),
            "api_url": api_url("story", story_id=article.pk),
        }
        if public:
            story |= {
                "ninjs_url": api_url("story-ninjs", story_id=article.pk),
                "headline": article.headline,
                "published_at": moment(article.published_at),
                "modified_at": moment(article.modified_at),
            }
    return story


def record(event, article, dedupe_key, *, public=True, note=None):
    """Record ``event`` about ``article`` for every active webhook that wants it, and send
    it once the change commits."""
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the change alone
            hooks = [
                hook for hook in Webhook.objects.filter(is_active=True) if hook.wants(event, article.language)
            ]
            if not hooks:
                return
            payload = {"event": event, "story": story_payload(article, public=public)}
            if note is not None:
                payload["note"] = {"kind": note.kind, "text": note.text, "noted_at": moment(note.noted_at)}
            made = []
            for hook in hooks:
                _overtake(hook, event, article.pk)
                found, created = Delivery.objects.get_or_create(
                    webhook=hook,
                    dedupe_key=dedupe_key,
                    defaults={
                        "event": event,
                        "article_id": article.pk,
                        "headline": article.headline[:255] if public else "",
                        "payload": payload,
                    },
                )
                if created:
                    made.append(found.pk)
    except Exception:
        logger.exception("Could not record the %s notification of story %s", event, article.pk)
        return
    if made:
        transaction.on_commit(lambda: delivery.send_soon(made))


def _overtake(hook, event, article_id):
    """What a new event makes moot among a story's notifications not yet sent: all of them
    when it is unpublished, a pending unpublishing when it is published again."""
    waiting = Delivery.objects.filter(
        webhook=hook, article_id=article_id, status__in=(Delivery.Status.PENDING, Delivery.Status.RETRYING)
    )
    if event == Event.PUBLISHED:
        waiting = waiting.filter(event=Event.UNPUBLISHED)
    elif event != Event.UNPUBLISHED:
        return
    waiting.update(status=Delivery.Status.SUPERSEDED, next_attempt_at=None)


def _story_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        return
    before = None if created else getattr(instance, "_shown_before", None)
    was_public = bool(before and before["public"])
    now_public = instance.is_live
    version = instance.edit_version
    if now_public and not was_public:
        record(Event.PUBLISHED, instance, f"published:{instance.pk}:{version}")
    elif was_public and not now_public:
        record(Event.UNPUBLISHED, instance, f"unpublished:{instance.pk}:{version}", public=False)
    elif now_public and (
        instance.text_changed
        or any(before[name] != getattr(instance, name) for name in ("slug", "language", "published_at"))
    ):
        record(Event.UPDATED, instance, f"updated:{instance.pk}:{version}")


def _story_deleted(sender, instance, **kwargs):
    if getattr(instance, "_listed_before", None):  # it was public (articles.signals)
        record(Event.UNPUBLISHED, instance, f"deleted:{instance.pk}", public=False)


def _note_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw or not created:
        return
    article = Article.objects.filter(pk=instance.article_id).first()
    if article is None or not article.is_live:
        return  # a draft's notes are news only once it is published
    event = Event.CORRECTED if instance.kind == StoryNote.Kind.CORRECTION else Event.UPDATED
    record(event, article, f"note:{instance.uid}", note=instance)


def stories_came_due(article_ids):
    """Scheduled stories whose time has come (found by a page, ``changes.due``, or by the
    worker, ``deliver_webhooks``): published now, though nothing was saved."""
    for article in Article.objects.published().filter(pk__in=article_ids):
        record(Event.PUBLISHED, article, f"published:{article.pk}:{article.edit_version}")


def sweep_scheduled(since, until=None):
    """Record the publication of the stories whose scheduled time fell in (since, until]."""
    until = until or timezone.now()
    came = Article.objects.published().filter(published_at__gt=since, published_at__lte=until)
    stories_came_due(list(came.values_list("pk", flat=True)))


def connect():
    post_save.connect(_story_saved, sender=Article, dispatch_uid="webhooks-story-saved")
    post_delete.connect(_story_deleted, sender=Article, dispatch_uid="webhooks-story-deleted")
    post_save.connect(_note_saved, sender=StoryNote, dispatch_uid="webhooks-note-saved")
    if stories_came_due not in changes.came_due:
        changes.came_due.append(stories_came_due)
