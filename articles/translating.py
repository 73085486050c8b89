"""Stories told again in other languages: starting a translation, and keeping it in step.

A translation group is a source story and the stories that translate it: each
translation's ``translation_of`` points at the source (never at another translation),
and the source points at nothing. A group has at most one story per language.

Starting a translation (``start_translation``) makes a draft in the new language that
carries everything of the source's but the words: byline, photos, topics, regions,
organisations, dateline. Its headline, standfirst and body are the source's, to be
translated in place; the headline starts with the language's code in brackets ("[RU] "),
so a story whose words nobody has translated yet stands out in every list and on the
desk and is not published by mistake. The translator removes it with the rest.

A translation is *stale* when its source's text (headline, standfirst, body, dateline)
changed after the translation was last brought up to date with it:
``source.text_changed_at > translation.source_synced_at``. A translation never brought
up to date (no ``source_synced_at``, say one linked by hand or by an import) counts as
stale too, since nobody has said it matches. Marking it up to date
(``mark_up_to_date``) writes ``source_synced_at`` alone, with a queryset update: it is
no change to the translation's text, and the edit token (``editing.py``) stays as it
was, so a form open on the translation can still be saved.
"""

from dataclasses import dataclass

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext, override
from reversion.models import Version

from audit import models as audit
from languages.codes import content_languages

from . import roles
from .models import Article, ArticleAuthor, ImageCaption

Action = audit.AuditEntry.Action

ADD_PERMISSION = "articles.add_article"


class TranslationRefused(Exception):
    """A translation that cannot be started; the message says why, for the editor."""


def prefix(language):
    """What an untranslated headline starts with: "[RU] "."""
    return f"[{language.upper()}] "


def english_name(language):
    """The language's name in English, the newsroom's working language, for what is kept
    (revision comments, the audit log): Russian, Kazakh."""
    with override("en"):
        return language_name(language)


def language_name(language):
    """The language's name in the editor's language (the active one): Russian, Русский."""
    return str(dict(Article.Language.choices).get(language, language))


def language_order(code):
    """Sort key: the order of ``content_languages()``, unknown codes last."""
    order = content_languages()
    return order.index(code) if code in order else len(order)


def group_id(article):
    """The primary key of the source of ``article``'s group."""
    return article.translation_of_id or article.pk


def group_of(article):
    """Every story of ``article``'s group, ``article`` included, in language order (one query)."""
    source_id = group_id(article)
    stories = Article.objects.filter(Q(pk=source_id) | Q(translation_of_id=source_id))
    return sorted(stories, key=lambda story: (language_order(story.language), story.pk))


def is_stale(translation, source):
    """Whether ``source``'s text changed after ``translation`` was last brought up to date."""
    if source is None or translation.translation_of_id != source.pk or source.text_changed_at is None:
        return False
    synced = translation.source_synced_at
    return synced is None or source.text_changed_at > synced


def stale_condition():
    """``is_stale`` as a queryset filter on translations (with their source joined)."""
    return Q(translation_of__isnull=False, translation_of__text_changed_at__isnull=False) & (
        Q(source_synced_at__isnull=True) | Q(translation_of__text_changed_at__gt=F("source_synced_at"))
    )


def missing_language_condition(language):
    """A queryset filter: the stories whose group has no story in ``language``.

    A story's group is its source (itself, unless it translates one) and the source's
    translations; the check is one EXISTS on the primary key and ``translation_of``.
    """
    source_id = Coalesce(OuterRef("translation_of_id"), OuterRef("pk"))
    in_group = Article.objects.filter(Q(pk=source_id) | Q(translation_of_id=source_id), language=language)
    return ~Exists(in_group)


def missing_languages(group):
    """The content languages a group (a list of its stories) has no story in, in order."""
    present = {story.language for story in group}
    return [code for code in content_languages() if code not in present]


@dataclass
class Versions:
    """What the change list shows of one story's group (see ``attach_group_versions``)."""

    others: list  # the group's other stories, in language order, each with ``is_stale``
    source: Article | None  # the group's source when the story is a translation, else None
    stale: bool  # whether the story itself is a stale translation
    source_changed_at: object  # the source's text_changed_at when ``stale``


# Enough of each story to list, link and mark it.
LISTED_FIELDS = (
    "id",
    "headline",
    "language",
    "status",
    "translation_of_id",
    "text_changed_at",
    "source_synced_at",
)


def attach_group_versions(articles):
    """Give each of ``articles`` a ``group_versions`` (``Versions``), reading every group in one query."""
    articles = list(articles)
    source_ids = {group_id(article) for article in articles}
    if not source_ids:
        return articles
    groups = {}
    for story in (
        Article.objects.filter(Q(pk__in=source_ids) | Q(translation_of_id__in=source_ids))
        .only(*LISTED_FIELDS)
        .order_by()
    ):
        groups.setdefault(group_id(story), {})[story.pk] = story
    for group in groups.values():
        source = next((story for story in group.values() if story.translation_of_id is None), None)
        for story in group.values():
            story.is_stale = is_stale(story, source)
    for article in articles:
        group = groups.get(group_id(article), {})
        source = group.get(article.translation_of_id) if article.translation_of_id else None
        stale = is_stale(article, source)
        others = sorted(
            (story for pk, story in group.items() if pk != article.pk),
            key=lambda story: (language_order(story.language), story.pk),
        )
        article.group_versions = Versions(
            others=others,
            source=source,
            stale=stale,
            source_changed_at=source.text_changed_at if stale else None,
        )
    return articles


def _unique_slug(source_slug, language):
    """``<source slug>-<language>``, numbered when taken: "raid-in-almaty-ru", "raid-in-almaty-ru-2"."""
    max_length = Article._meta.get_field("slug").max_length
    base = f"{source_slug[: max_length - len(language) - 1]}-{language}"
    taken = set(Article.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


def start_translation(source, *, language, user):
    """A new draft translating ``source``'s group into ``language``, for ``user``; returns it.

    The draft translates the group's source (``source`` itself, or the story it
    translates) and copies from it everything but the words, which it carries to be
    translated: see the module's docstring. It is ``user``'s draft (``created_by``), and
    up to date with the source as it is now. Raises ``TranslationRefused`` when the group
    already has a story in ``language`` (the source's own language included) or
    ``language`` is not one stories are written in, and ``PermissionDenied`` when ``user``
    may not add articles.
    """
    if not user.has_perm(ADD_PERMISSION):
        raise PermissionDenied(
            gettext("Your account may not start articles, so it may not start translations.")
        )
    if language not in content_languages():
        raise TranslationRefused(
            gettext("“%(code)s” is not one of the languages stories are written in.") % {"code": language}
        )
    with transaction.atomic():
        # The source, locked: two editors starting the same language at once take turns,
        # and the second is refused below.
        original = Article.objects.select_for_update().filter(pk=group_id(source)).first()
        if original is None:
            raise TranslationRefused(gettext("The story to translate no longer exists."))
        if original.language == language:
            raise TranslationRefused(
                gettext(
                    "“%(headline)s” is itself written in %(language)s: "
                    "a story is not translated into its own language."
                )
                % {"headline": original.headline, "language": language_name(language)}
            )
        existing = original.translations.filter(language=language).first()
        if existing is not None:
            raise TranslationRefused(
                gettext("This story already has a %(language)s version: “%(headline)s”.")
                % {"language": language_name(language), "headline": existing.headline}
            )
        headline_room = Article._meta.get_field("headline").max_length - len(prefix(language))
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(
                f"Started as the {english_name(language)} translation of “{original.headline}”"
            )
            translation = Article.objects.create(
                headline=prefix(language) + original.headline[:headline_room],
                slug=_unique_slug(original.slug, language),
                standfirst=original.standfirst,
                body=original.body,
                dateline=original.dateline,
                dateline_region_id=original.dateline_region_id,
                language=language,
                translation_of=original,
                status=Article.Status.DRAFT,
                created_by=user,
                source_synced_at=original.text_changed_at or timezone.now(),
            )
            for credit in ArticleAuthor.objects.filter(article=original).order_by("position", "pk"):
                ArticleAuthor.objects.create(
                    article=translation, author_id=credit.author_id, position=credit.position
                )
            for placement in ImageCaption.objects.filter(article=original).order_by("position", "pk"):
                # The same library photos, placed again with the source's words to translate.
                ImageCaption.objects.create(
                    article=translation,
                    photo_id=placement.photo_id,
                    caption=placement.caption,
                    credit=placement.credit,
                    alt_text=placement.alt_text,
                    after_paragraph=placement.after_paragraph,
                    position=placement.position,
                )
            topics = list(original.topics.all())
            if topics:
                translation.topics.add(*topics)
            translation.regions.set(original.regions.all())
            translation.organisations.set(original.organisations.all())
            reversion.add_to_revision(translation)
        audit.record(
            user,
            Action.CREATED,
            translation.headline,
            article=translation,
            detail=f"{english_name(language)} translation of “{original.headline}” (#{original.pk})",
        )
    return translation


def source_revisions(translation, source):
    """``(older, newer)``: the source's revision in force when ``translation`` was last
    brought up to date, and its latest; None when there are not two such revisions.

    django-reversion dates a revision when its save begins, so the revision that recorded
    a save of the text is dated at or before the ``text_changed_at`` that save set, and
    "the latest revision dated at or before ``source_synced_at``" holds the text the
    translation was brought up to date with.
    """
    if translation.source_synced_at is None:
        return None
    versions = Version.objects.get_for_object(source).select_related("revision")
    latest_first = ("-revision__date_created", "-pk")
    newer = versions.order_by(*latest_first).first()
    older = (
        versions.filter(revision__date_created__lte=translation.source_synced_at)
        .order_by(*latest_first)
        .first()
    )
    if older is None or newer is None or older.pk == newer.pk:
        return None
    return older, newer


@dataclass
class SyncResult:
    changed: int = 0
    unchanged: int = 0  # up to date already
    not_translations: int = 0
    locked: int = 0  # the user may not change them (roles.py)
    # Brought up to date with the text the editor saw, but the source changed again since.
    behind: int = 0


def mark_up_to_date(translations, *, user, seen=None):
    """Mark translations up to date with their source's text; returns a ``SyncResult``.

    ``seen`` is the source's ``text_changed_at`` as the page the editor read showed it:
    if the source changed again since, the translation is brought up to date with what
    the editor saw only, and stays stale (counted in ``behind``). Each translation is read
    again, locked; one ``user`` may not change (``roles.why_locked``) is left alone.
    """
    result = SyncResult()
    ids = [article.pk for article in translations]
    with transaction.atomic():
        rows = list(Article.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        sources = Article.objects.only("id", "headline", "text_changed_at").in_bulk(
            {row.translation_of_id for row in rows if row.translation_of_id}
        )
        for row in rows:
            source = sources.get(row.translation_of_id)
            if source is None:
                result.not_translations += 1
                continue
            if user is not None and roles.why_locked(user, row):
                result.locked += 1
                continue
            target = source.text_changed_at
            if target is not None and seen is not None and seen < target:
                target = seen
                result.behind += 1
            if target is None or (row.source_synced_at is not None and row.source_synced_at >= target):
                result.unchanged += 1
                continue
            # Not ``save()``: it would count as an edit (the edit token) and rewrite every column.
            Article.objects.filter(pk=row.pk).update(source_synced_at=target)
            audit.record(
                user,
                Action.SAVED,
                row.headline,
                article=row,
                detail=f"Marked up to date with its source “{source.headline}” "
                f"as its text stood at {timezone.localtime(target):%Y-%m-%d %H:%M:%S}",
            )
            result.changed += 1
    return result
