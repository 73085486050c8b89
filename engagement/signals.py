"""An approved comment shows on its story's page: approving, unapproving or deleting one
announces the story's surrogate key, as any change to what a page shows does
(``articles.caching``). Bulk moderation announces itself (``services.moderate``)."""

from django.db.models.signals import post_delete, post_save

from articles import caching
from articles.caching import keys as page_keys
from articles.signals import connect_receiver

from .models import Comment


def _comment_saved(sender, instance, created, **kwargs):
    # A new comment waits for moderation: no page changes until an editor approves it.
    if not created or instance.status == Comment.Status.APPROVED:
        caching.announce(page_keys.story_if_public(instance.article_id))


def _comment_deleted(sender, instance, **kwargs):
    if instance.status == Comment.Status.APPROVED:
        caching.announce(page_keys.story_if_public(instance.article_id))


def connect():
    connect_receiver(post_save, _comment_saved, Comment, "save")
    connect_receiver(post_delete, _comment_deleted, Comment, "delete")
