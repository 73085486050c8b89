"""Translations on the article admin: start one, see a story's other languages, keep them in step.

``TranslationsAdminMixin`` goes into ``ArticleAdmin``'s bases and adds:

- "Translate into…" (``admin:articles_article_translate``, ``<id>/translate/``): a page,
  and a form on the change page, to start a draft in a language the story's group has
  no story in yet (``translating.start_translation``);
- "Mark up to date" (``admin:articles_article_mark_up_to_date``,
  ``<id>/translation/up-to-date/``, POST only), and the same as a list action;
- the list's "other languages" column and its "Missing a language" and "Translation"
  filters; the list reads every group on the page in one query (``TranslationsChangeList``);
- on the change page, the story's source, its other versions, and whether its source
  changed since, with a link to what changed (``translation_panel``).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from languages.codes import content_languages, name_of

from .. import translating
from ..models import Article
from ..validators import row_id


def changed_on(moment):
    """The day the source's text changed ("3 Dec 2026"), in the newsroom's time."""
    # Translators: a date format (the letters of Django's date filter) for a short date: "3 Dec 2026".
    return date_format(timezone.localtime(moment), pgettext("short date", "j M Y"))


class MissingLanguageFilter(admin.SimpleListFilter):
    """Stories whose group (source and translations) has no story in the chosen language."""

    title = _("missing a language")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [
            (code, gettext("No %(language)s version yet") % {"language": translating.language_name(code)})
            for code in content_languages()
        ]

    def queryset(self, request, queryset):
        code = self.value()
        if not code:
            return queryset
        if code not in content_languages():
            return queryset.none()
        return queryset.filter(translating.missing_language_condition(code))


class TranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return (
            ("stale", _("Source changed since")),
            ("current", _("Up to date with its source")),
            ("original", _("Not a translation")),
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value == "stale":
            return queryset.filter(translating.stale_condition())
        if value == "current":
            return queryset.filter(translation_of__isnull=False).exclude(translating.stale_condition())
        if value == "original":
            return queryset.filter(translation_of__isnull=True)
        return queryset if not value else queryset.none()


class TranslationsChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # One query for every translation group on the page (the "other languages" column).
        # Reading the page here fills the queryset's cache, which the template then uses.
        translating.attach_group_versions(self.result_list)


class TranslationsAdminMixin:
    def get_changelist(self, request, **kwargs):
        return TranslationsChangeList

    # -- the list ----------------------------------------------------------------------

    @admin.display(description=_("other languages"))
    def translation_versions(self, article):
        versions = getattr(article, "group_versions", None)
        if versions is None:
            return ""
        links = format_html_join(
            " ",
            '<a href="{}" title="{}">{}</a>',
            (
                (
                    reverse("admin:articles_article_change", args=[story.pk]),
                    self._version_title(story),
                    format_html("<strong>{}</strong>", story.language)
                    if story.translation_of_id is None
                    else format_html("{}{}", story.language, " ⚠" if story.is_stale else ""),
                )
                for story in versions.others
            ),
        )
        if versions.stale:
            return format_html(
                '{}<div class="source-changed">{}</div>',
                links,
                gettext("Source changed on %(day)s") % {"day": changed_on(versions.source_changed_at)},
            )
        return links

    @staticmethod
    def _version_title(story):
        if story.translation_of_id is None:
            role = gettext("source")
        elif story.is_stale:
            role = gettext("source changed since")
        else:
            role = gettext("up to date")
        return f"{translating.language_name(story.language)} ({role}): {story.headline}"

    # -- the change page ---------------------------------------------------------------

    def translation_panel(self, request, article):
        """What the change page shows of ``article``'s group, and what may be done with it."""
        group = translating.group_of(article)
        source = next((story for story in group if story.pk == translating.group_id(article)), None)
        is_translation = article.translation_of_id is not None and source is not None
        stale = is_translation and translating.is_stale(article, source)
        panel = {
            "language_name": translating.language_name(article.language),
            "source": source if is_translation else None,
            "others": [
                (story, story.pk == getattr(source, "pk", None), translating.is_stale(story, source))
                for story in group
                if story.pk != article.pk
            ],
            "stale": stale,
            "untranslated": is_translation
            and article.headline.startswith(translating.prefix(article.language)),
            "prefix": translating.prefix(article.language).strip(),
            "can_translate": self.has_add_permission(request),
            "missing": [
                (code, translating.language_name(code), name_of(code))
                for code in translating.missing_languages(group)
            ],
        }
        if stale:
            revisions = translating.source_revisions(article, source)
            panel |= {
                "source_changed_on": changed_on(source.text_changed_at),
                "never_synced": article.source_synced_at is None,
                "seen": source.text_changed_at.isoformat(),
                "can_mark": self.has_change_permission(request, article),
                "difference_url": (
                    reverse("admin:articles_article_compare", args=[source.pk])
                    + f"?a={revisions[0].pk}&b={revisions[1].pk}"
                    if revisions
                    else None
                ),
                "history_url": reverse("admin:articles_article_history", args=[source.pk]),
            }
        return panel

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Not on a revision being restored or recovered: that page is about the old text.
        if obj is not None and obj.pk is not None and not (context.get("revert") or context.get("recover")):
            context["translation_panel"] = self.translation_panel(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- the views ---------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/translate/", wrap(self.translate_view), name="articles_article_translate"),
            path(
                "<path:object_id>/translation/up-to-date/",
                wrap(self.mark_up_to_date_view),
                name="articles_article_mark_up_to_date",
            ),
            *super().get_urls(),
        ]

    def _article_or_404(self, object_id):
        article_id = row_id(unquote(object_id))
        article = Article.objects.filter(pk=article_id).first() if article_id else None
        if article is None:
            raise Http404(gettext("No such article."))
        return article

    def translate_view(self, request, object_id):
        """GET: the languages the story's group lacks; POST ``language``: start that translation."""
        article = self._article_or_404(object_id)
        if not (self.has_add_permission(request) and self.has_view_or_change_permission(request, article)):
            raise PermissionDenied
        if request.method == "POST":
            language = request.POST.get("language", "")
            try:
                translation = translating.start_translation(article, language=language, user=request.user)
            except translating.TranslationRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
                return redirect("admin:articles_article_translate", article.pk)
            self.message_user(
                request,
                gettext(
                    "Started the %(language)s translation as a draft of yours. "
                    "Translate the headline (and take “%(mark)s” off it), "
                    "the standfirst, the body and the photo captions, then send it to review."
                )
                % {
                    "language": translating.language_name(language),
                    "mark": translating.prefix(language).strip(),
                },
                messages.SUCCESS,
            )
            return redirect("admin:articles_article_change", translation.pk)
        group = translating.group_of(article)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Translate “%(headline)s”") % {"headline": article.headline},
            "opts": self.model._meta,
            "original": article,
            "group": group,
            "missing": [
                (code, translating.language_name(code), name_of(code))
                for code in translating.missing_languages(group)
            ],
        }
        return TemplateResponse(request, "admin/articles/article/translate.html", context)

    def mark_up_to_date_view(self, request, object_id):
        """POST: the translation is up to date with its source's text as the page showed it (``seen``)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        seen = None
        if request.POST.get("seen"):
            try:
                seen = parse_datetime(request.POST["seen"])
            except ValueError:
                seen = None
            if seen is None or timezone.is_naive(seen):
                self.message_user(
                    request, gettext("Open the page again, then mark it up to date."), messages.ERROR
                )
                return redirect("admin:articles_article_change", article.pk)
        result = translating.mark_up_to_date([article], user=request.user, seen=seen)
        if result.not_translations:
            self.message_user(
                request,
                gettext("“%(headline)s” is not a translation.") % {"headline": article.headline},
                messages.ERROR,
            )
        elif result.locked:
            self.message_user(request, self.lock_reason(request, article) or "", messages.ERROR)
        elif result.behind:
            self.message_user(
                request,
                gettext(
                    "Marked up to date with the source as you saw it, but the source has changed again "
                    "since: see what changed."
                ),
                messages.WARNING,
            )
        elif result.changed:
            self.message_user(
                request,
                gettext("“%(headline)s” is marked up to date with its source.")
                % {"headline": article.headline},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("“%(headline)s” was up to date with its source already.")
                % {"headline": article.headline},
            )
        return redirect("admin:articles_article_change", article.pk)

    # -- the list action ---------------------------------------------------------------

    @admin.action(
        description=_("Mark selected translations up to date with their source"), permissions=("change",)
    )
    def mark_selected_up_to_date(self, request, queryset):
        result = translating.mark_up_to_date(queryset, user=request.user)
        count = result.changed
        parts = [
            ngettext(
                "%(count)d translation marked up to date", "%(count)d translations marked up to date", count
            )
            % {"count": count}
        ]
        if count := result.unchanged:
            parts.append(
                ngettext("%(count)d already were", "%(count)d already were", count) % {"count": count}
            )
        if count := result.not_translations:
            parts.append(
                ngettext("%(count)d not translations", "%(count)d not translations", count) % {"count": count}
            )
        if count := result.locked:
            parts.append(
                ngettext(
                    "%(count)d skipped (you may not change them)",
                    "%(count)d skipped (you may not change them)",
                    count,
                )
                % {"count": count}
            )
        self.message_user(
            request, "; ".join(parts) + ".", messages.SUCCESS if result.changed else messages.WARNING
        )
