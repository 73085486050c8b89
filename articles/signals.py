"""Keeping derived data in step with content: the page cache and the search index.

These are the content's signal receivers (domain writes are explicit, in services.py),
kept in one place because a change can come from anywhere: the admin, services, the
importer, fixtures, a shell. Bulk updates that bypass signals call ``caching.announce()``
themselves. The apps beside articles connect theirs with ``connect_receiver`` (engagement:
comments; pages: the pages editors keep)."""

from django.core.signals import setting_changed
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from languages.codes import content_languages

from . import caching, former_slugs, search
from .caching import changes
from .caching import keys as page_keys
from .models import (
    Article,
    ArticleAuthor,
    Author,
    ImageCaption,
    MediaTopic,
    Photo,
    Region,
    SourceOrganisation,
    StoryNote,
    TaggedArticle,
    Topic,
)

# Whose changes alter an article's search vector.
SEARCHED = (Article, ArticleAuthor, Author, TaggedArticle, Topic)


# The page cache: each change announces the surrogate keys it touches (caching/keys.py).


def _story_before(sender, instance, **kwargs):
    """The story as stored, before a save or delete: where it showed to readers. Known
    without a query for a new story, and for one read from the database or saved before
    (its state then is kept on it)."""
    if kwargs.get("signal") is pre_delete:
        row = Article.objects.filter(pk=instance.pk).first()
        if row is not None and page_keys.story_state(row)["public"]:
            instance._listed_before = page_keys.story_listing(row.pk, row.language)
        return
    if instance._state.adding:
        instance._shown_before = None
    elif getattr(instance, "_shown_now", None) is not None:
        instance._shown_before = instance._shown_now
    else:
        stored = _stored_state(instance)
        if stored is None:
            row = Article.objects.filter(pk=instance.pk).first()
            stored = page_keys.story_state(row) if row is not None else None
        instance._shown_before = stored


def _stored_state(instance):
    """``story_state`` of the row as it was read (``Article.from_db``), if every field it
    needs was read."""
    row = getattr(instance, "_stored_row", None)
    if row is None:
        return None
    values = dict(zip(*row, strict=True))
    needed = (
        "status",
        "published_at",
        "language",
        "slug",
        "is_featured",
        "featured_position",
        "translation_of_id",
    )
    if any(name not in values for name in needed):
        return None
    return page_keys.story_state(Article(**{name: values[name] for name in needed}))


def _story_saved(sender, instance, **kwargs):
    before = getattr(instance, "_shown_before", None)
    caching.announce(page_keys.story_saved(instance, before))
    instance._shown_now = page_keys.story_state(instance)  # "before" for its next save
    if instance.status == Article.Status.PUBLISHED and not instance.is_live:
        transaction.on_commit(changes.forget_next_due)  # a new time to watch for


def _story_deleted(sender, instance, **kwargs):
    caching.announce(getattr(instance, "_listed_before", set()))


def _live_languages(article_ids, article=None):
    """``{id: language}`` of the stories among ``article_ids`` readers can see (``article``:
    one of them, when the caller has it, spares a query)."""
    if article is not None and set(article_ids) == {article.pk}:
        return {article.pk: article.language} if article.is_live else {}
    return dict(Article.objects.published().filter(pk__in=article_ids).values_list("pk", "language"))


def _on_public_stories(article_ids, *keys, under=(), related=(), article=None):
    """If readers can see any of the stories: their own keys, ``keys``, the lists in their
    languages under each of ``under`` (topic, place, author or organisation keys; or a
    function returning them, called only then), and the related stories of their
    languages' stories filed under each of ``related`` (topic or place keys)."""
    live = _live_languages(article_ids, article)
    if not live:
        return set()
    if callable(under):
        under = under()
    languages = set(live.values())
    listed = {page_keys.listed(key, code) for key in under for code in languages}
    listed |= {page_keys.earlier(key, code) for key in related for code in languages}
    return {page_keys.story(pk) for pk in live} | set(keys) | listed


def _cached_article(instance, field):
    """The story ``instance`` (a byline, a tagging, a photo) points at, if it holds it."""
    descriptor = instance._meta.get_field(field)
    return getattr(instance, field) if descriptor.is_cached(instance) else None


def _byline_changed(sender, instance, **kwargs):
    story = _cached_article(instance, "article")
    author = page_keys.author(instance.author_id)
    caching.announce(_on_public_stories({instance.article_id}, under=[author], article=story))


def _tagging_changed(sender, instance, **kwargs):
    story = _cached_article(instance, "content_object")
    topic = page_keys.topic(instance.tag_id)
    caching.announce(
        _on_public_stories(
            {instance.content_object_id}, page_keys.VOCABULARY, under=[topic], related=[topic], article=story
        )
    )


def _photo_changed(sender, instance, **kwargs):
    caching.announce(_on_public_stories({instance.article_id}, article=_cached_article(instance, "article")))


def _library_photo_changed(sender, instance, created=False, **kwargs):
    """A library photo's file, credit or rights show on every story placing it."""
    if created:
        return  # placed nowhere yet
    placed_in = set(ImageCaption.objects.filter(photo=instance).values_list("article_id", flat=True))
    if placed_in:
        caching.announce(_on_public_stories(placed_in))


def _note_changed(sender, instance, created=False, **kwargs):
    """A correction, update or editor's note: a new one revises a live story (its "Updated"
    time, ``dateModified``, its place in the news sitemap); any change shows on the story's
    page and feed entries, and a correction on its language's corrections page."""
    article = (
        Article.objects.filter(pk=instance.article_id).only("language", "status", "published_at").first()
    )
    if article is None or not article.is_live:
        return  # a draft's notes show once it is published; a deleted story's went with it
    if created:
        Article.objects.filter(pk=article.pk).filter(
            Q(revised_at__isnull=True) | Q(revised_at__lt=instance.noted_at)
        ).update(revised_at=instance.noted_at)
    keys = {page_keys.story(article.pk), page_keys.SITEMAPS}
    if instance.kind == StoryNote.Kind.CORRECTION or getattr(instance, "_kind_before", None):
        keys.add(page_keys.corrections(article.language))
    caching.announce(keys)


def _note_before(sender, instance, **kwargs):
    """Whether the note was a correction before this save (it leaves the corrections page)."""
    if instance.pk:
        before = StoryNote.objects.filter(pk=instance.pk).values_list("kind", flat=True).first()
        instance._kind_before = before == StoryNote.Kind.CORRECTION


def _slug_before(sender, instance, raw=False, **kwargs):
    """A slug about to change: the old one is remembered as a former address (a story's
    stored slug is known without a query when it was read with it)."""
    if instance.pk is None or instance._state.adding:
        return
    row = getattr(instance, "_stored_row", None)
    stored = dict(zip(*row, strict=True)) if row else {}
    old = (
        stored["slug"]
        if "slug" in stored
        else sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    )
    if old is not None and old != instance.slug:
        former_slugs.slug_changed(instance, old)


def _slugged_deleted(sender, instance, **kwargs):
    former_slugs.forget(instance)


def _vocabulary_changed(key):
    def changed(sender, instance, **kwargs):
        caching.announce({key(instance.pk), page_keys.VOCABULARY})

    return changed


def _media_topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A topic mapped to other IPTC Media Topics: every page naming the topic carries the
    mapping (JSON-LD ``about``, ninjs subjects)."""
    # Before a clear, while the links it removes can still be read (announced on commit).
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # from the Media Topic's side: the topics given, or all it has
        topic_ids = pk_set if pk_set else list(instance.topics.values_list("pk", flat=True))
    else:
        topic_ids = [instance.pk]
    caching.announce({page_keys.topic(pk) for pk in topic_ids})


def _media_topic_changed(sender, instance, **kwargs):
    """A Media Topic renamed (a newer release of IPTC's vocabulary loaded): the topics
    mapped to it."""
    caching.announce({page_keys.topic(pk) for pk in instance.topics.values_list("pk", flat=True)})


def _region_before(sender, instance, **kwargs):
    parent = (
        Region.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
        if instance.pk
        else None
    )
    instance._parent_before = parent


def _region_changed(sender, instance, **kwargs):
    """A place renamed, moved or deleted: the pages naming it and the places above it
    before and after; when it moved or went, the lists of those places in every language
    (a place lists the stories of the places inside it)."""
    deleted = kwargs.get("signal") is post_delete
    before = instance.parent_id if deleted else getattr(instance, "_parent_before", None)
    ids = page_keys.regions_with_ancestors(Region, [before, instance.parent_id]) | {instance.pk}
    keys = {page_keys.region(pk) for pk in ids if pk} | {page_keys.VOCABULARY}
    if deleted or (not kwargs.get("created") and before != instance.parent_id):
        keys |= {page_keys.listed(page_keys.region(pk), code) for pk in ids for code in content_languages()}
    caching.announce(keys)


def _author_changed(sender, instance, **kwargs):
    caching.announce({page_keys.author(instance.pk)})


def _filed_changed(key, forward_field):
    """Stories filed under places or citing organisations, added or removed from either side."""

    def changed(sender, instance, action, reverse, pk_set, **kwargs):
        if action == "pre_clear":
            # Which ones are cleared is known only before: kept for post_clear.
            field = getattr(instance, forward_field) if not reverse else instance.articles
            instance._cleared = set(field.values_list("pk", flat=True))
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        others = getattr(instance, "_cleared", set()) if action == "post_clear" else set(pk_set or ())
        if reverse:  # region.articles.add(story): instance is the place, pk_set the stories
            story_ids, filed_ids, story = others, {instance.pk}, None
        else:
            story_ids, filed_ids, story = {instance.pk}, others, instance

        def under():
            # A place's stories are listed by the places above it too.
            ids = (
                page_keys.regions_with_ancestors(Region, filed_ids) if key is page_keys.region else filed_ids
            )
            return [key(pk) for pk in ids]

        # Related stories are drawn from the places a story is filed under, not those above.
        related = [key(pk) for pk in filed_ids] if key is page_keys.region else []
        # Nothing, when it is on no story readers can see.
        caching.announce(
            _on_public_stories(story_ids, page_keys.VOCABULARY, under=under, related=related, article=story)
        )

    return changed


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
    # Values kept per clock reading hold addresses made with the settings (media URLs);
    # settings change only in tests (override_settings), which must not see old ones.
    caching.forget_derived()


def connect_receiver(signal, receiver, sender, name):
    # Held strongly: some receivers are made here (``_vocabulary_changed``) and nothing
    # else refers to them.
    signal.connect(receiver, sender=sender, weak=False, dispatch_uid=f"cache-{name}-{sender.__name__}")


def connect():
    """Connect every receiver (called once, from the app config's ready())."""
    setting_changed.connect(_setting_changed, dispatch_uid="derived-setting-changed")
    connect_receiver(pre_save, _story_before, Article, "before-save")
    connect_receiver(pre_delete, _story_before, Article, "before-delete")
    connect_receiver(post_save, _story_saved, Article, "save")
    connect_receiver(post_delete, _story_deleted, Article, "delete")
    for signal in (post_save, post_delete):
        connect_receiver(signal, _byline_changed, ArticleAuthor, signal_name(signal))
        connect_receiver(signal, _tagging_changed, TaggedArticle, signal_name(signal))
        connect_receiver(signal, _photo_changed, ImageCaption, signal_name(signal))
        connect_receiver(signal, _library_photo_changed, Photo, signal_name(signal))
        connect_receiver(signal, _vocabulary_changed(page_keys.topic), Topic, signal_name(signal))
        connect_receiver(
            signal, _vocabulary_changed(page_keys.organisation), SourceOrganisation, signal_name(signal)
        )
        connect_receiver(signal, _region_changed, Region, signal_name(signal))
        connect_receiver(signal, _author_changed, Author, signal_name(signal))
        connect_receiver(signal, _note_changed, StoryNote, signal_name(signal))
    connect_receiver(post_save, _media_topic_changed, MediaTopic, "save")
    connect_receiver(m2m_changed, _media_topics_changed, Topic.media_topics.through, "m2m")
    connect_receiver(pre_save, _note_before, StoryNote, "before-save")
    for model in former_slugs.KINDS:
        pre_save.connect(_slug_before, sender=model, dispatch_uid=f"former-slug-{model.__name__}")
        post_delete.connect(
            _slugged_deleted, sender=model, dispatch_uid=f"former-slug-delete-{model.__name__}"
        )
    connect_receiver(pre_save, _region_before, Region, "before-save")
    connect_receiver(m2m_changed, _filed_changed(page_keys.region, "regions"), Article.regions.through, "m2m")
    connect_receiver(
        m2m_changed,
        _filed_changed(page_keys.organisation, "organisations"),
        Article.organisations.through,
        "m2m",
    )
    for model in SEARCHED:
        post_save.connect(_refresh_search, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        if model in (ArticleAuthor, TaggedArticle):
            post_delete.connect(_refresh_search, sender=model, dispatch_uid=f"search-delete-{model.__name__}")


def signal_name(signal):
    return "save" if signal is post_save else "delete"
