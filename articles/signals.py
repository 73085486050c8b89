"""Keeping derived data in step with content: the page cache and the search index.

These are the only signal receivers in the project (domain writes are explicit, in
services.py). They live here, in one place, because a change can come from anywhere:
the admin, services, the importer, fixtures, a shell. Bulk updates that bypass signals
call ``caching.content_changed()`` themselves.
"""

from django.core.signals import setting_changed
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import caching, search
from .models import (
    Article,
    ArticleAuthor,
    Author,
    Comment,
    ImageCaption,
    Page,
    Region,
    SourceOrganisation,
    TaggedArticle,
    Topic,
)

# Everything a public page shows, but for comments (only approved ones show) and reader
# reactions (shown only to the reader who answered, whose page is never cached).
SHOWN_TO_READERS = (
    Article,
    ArticleAuthor,
    Author,
    ImageCaption,
    Page,
    Region,
    SourceOrganisation,
    TaggedArticle,
    Topic,
)
# Whose changes alter an article's search vector.
SEARCHED = (Article, ArticleAuthor, Author, TaggedArticle, Topic)


def _content_changed(sender, **kwargs):
    caching.content_changed()


def _m2m_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        caching.content_changed()


def _comment_saved(sender, instance, created, **kwargs):
    # A new comment waits for moderation: no page changes until an editor approves it.
    if not created or instance.status == Comment.Status.APPROVED:
        caching.content_changed()


def _comment_deleted(sender, instance, **kwargs):
    if instance.status == Comment.Status.APPROVED:
        caching.content_changed()


def _article_ids(sender, instance, created=False):
    if sender is Article:
        return [instance.pk]
    if sender is ArticleAuthor:
        return [instance.article_id]
    if sender is TaggedArticle:
        return [instance.content_object_id]
    if created:  # a new author or topic is on no article yet
        return []
    if sender is Author:
        return list(ArticleAuthor.objects.filter(author=instance).values_list("article_id", flat=True))
    return list(TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True))


def _refresh_search(sender, instance, created=False, **kwargs):
    if connection.vendor != "postgresql":
        return  # full-text search needs PostgreSQL; elsewhere there is no vector to keep
    ids = _article_ids(sender, instance, created)
    if ids:
        search.refresh_search_vectors(ids)


def _setting_changed(**kwargs):
    # Values kept per content version hold addresses made with the settings (media URLs);
    # settings change only in tests (override_settings), which must not see old ones.
    caching.forget_derived()


def connect():
    """Connect every receiver (called once, from the app config's ready())."""
    setting_changed.connect(_setting_changed, dispatch_uid="derived-setting-changed")
    for model in SHOWN_TO_READERS:
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"cache-save-{model.__name__}")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"cache-delete-{model.__name__}")
    for through in (Article.regions.through, Article.organisations.through):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"cache-m2m-{through.__name__}")
    post_save.connect(_comment_saved, sender=Comment, dispatch_uid="cache-save-Comment")
    post_delete.connect(_comment_deleted, sender=Comment, dispatch_uid="cache-delete-Comment")
    for model in SEARCHED:
        post_save.connect(_refresh_search, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        if model in (ArticleAuthor, TaggedArticle):
            post_delete.connect(_refresh_search, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
