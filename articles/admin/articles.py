"""The article list and change page: where editors spend their day."""

import copy
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F, Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version
from reversion.utils import mute_signals

from audit import models as audit

from .. import editing, extensions, publishing, revisions, roles, services
from ..body import sanitize_body
from ..models import Article, ImageCaption, Region, StoryNote, Topic
from ..querysets import byline_prefetch
from ..renditions import ensure_renditions
from ..revisions import compare_view, localized_time, restore_context
from ..validators import row_id
from .forms import ArticleAdminForm, ChooseRegionForm, ChooseTopicForm, PublicationTimeField
from .inlines import ArticleAuthorInline, ImageCaptionInline, StoryNoteInline
from .photos import ShowsPhotoFilter
from .safety import SafeInputsMixin
from .translations import MissingLanguageFilter, TranslationFilter, TranslationsAdminMixin

REVISION_FORM_TEMPLATES = ("reversion/articles/article/revision_form.html", "reversion/revision_form.html")
RECOVER_FORM_TEMPLATES = ("reversion/articles/article/recover_form.html", "reversion/recover_form.html")

# What restoring a revision leaves as it is now, unless the editor changes it on the
# restore page: whether and when the story is public, and its place on the front page.
Action = audit.AuditEntry.Action

KEPT_ON_RESTORE = ("status", "published_at", "is_featured", "featured_position")


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return (
            ("draft", _("Draft")),
            ("review", _("In review")),
            ("scheduled", _("Scheduled")),
            ("live", _("Published")),
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        if value == "review":
            return queryset.filter(status=Article.Status.IN_REVIEW)
        if value == "scheduled":
            return queryset.scheduled()
        if value == "live":
            return queryset.published()
        return queryset


class TopicFilter(admin.SimpleListFilter):
    title = _("topic")
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Topic.objects.order_by("name").values_list("pk", "name")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        topic_id = row_id(self.value())
        return queryset.filter(topic_links__tag_id=topic_id) if topic_id else queryset.none()


class RegionFilter(admin.SimpleListFilter):
    """A country includes its provinces and cities, as on the readers' pages."""

    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(str(region.pk), "— " * depth + region.name) for region, depth in Region.objects.tree()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        region_id = row_id(self.value())
        region = Region.objects.filter(pk=region_id).first() if region_id else None
        return queryset.in_region(region) if region else queryset.none()


def where_it_stands(article):
    """What a save left the article as, in a sentence for the editor who made it."""
    headline = article.headline
    if article.status == Article.Status.IN_REVIEW:
        return gettext("“%(headline)s” is in review: editors see it on their desk.") % {"headline": headline}
    if article.status == Article.Status.DRAFT:
        return gettext("“%(headline)s” is a draft: readers do not see it.") % {"headline": headline}
    if article.is_scheduled:
        return gettext("“%(headline)s” is scheduled: readers will see it at %(time)s.") % {
            "headline": headline,
            "time": publishing.local_time(article.published_at),
        }
    return gettext("“%(headline)s” is published: readers see it now.") % {"headline": headline}


def audit_action(request, article, *, change, moved, was_published):
    """What the audit log calls a save from the change form (a restore says so itself)."""
    if getattr(request, "_audit_action", None):
        return request._audit_action
    if not change:
        return Action.CREATED
    if not moved:
        return Action.SAVED
    if article.status == Article.Status.IN_REVIEW:
        return Action.SENT_TO_REVIEW
    if article.status == Article.Status.DRAFT:
        return Action.UNPUBLISHED if was_published else Action.SAVED
    return Action.SCHEDULED if article.is_scheduled else Action.PUBLISHED


@dataclass(frozen=True)
class Retag:
    """An action on the selected stories that asks for a topic or a place first."""

    description: str  # in the actions menu
    title: str  # of the page that asks, and in the report ("3 articles changed (add a topic)")
    form_class: type
    field: str
    apply: Callable  # services.add_topic(articles, topic, user=...) and the like


RETAGGING = {
    "add_topic_to_selected": Retag(
        _("Add a topic to selected articles"), _("Add a topic"), ChooseTopicForm, "topic", services.add_topic
    ),
    "remove_topic_from_selected": Retag(
        _("Remove a topic from selected articles"),
        _("Remove a topic"),
        ChooseTopicForm,
        "topic",
        services.remove_topic,
    ),
    "set_region_of_selected": Retag(
        _("Add a region to selected articles"),
        _("Add a region"),
        ChooseRegionForm,
        "region",
        services.set_region,
    ),
}


def retag_action(name, retag):
    """The admin action ``name`` for ``retag`` (a function: actions are looked up by name)."""

    @admin.action(description=retag.description, permissions=("change",))
    def action(modeladmin, request, queryset):
        return modeladmin._choose_then(request, queryset, retag)

    action.__name__ = name
    return action


@admin.register(Article)
class ArticleAdmin(SafeInputsMixin, TranslationsAdminMixin, VersionAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = (
        "thumbnail",
        "headline",
        "status_label",
        "language",
        "translation_versions",
        "published_at",
        "byline_names",
        "topic_names",
        "region_names",
        "is_featured",
    )
    list_display_links = ("thumbnail", "headline")
    list_filter = (
        StatusFilter,
        TopicFilter,
        RegionFilter,
        ("authors", admin.RelatedOnlyFieldListFilter),
        ("organisations", admin.RelatedOnlyFieldListFilter),
        "language",
        MissingLanguageFilter,
        TranslationFilter,
        "is_featured",
        ShowsPhotoFilter,
    )
    search_fields = ("headline", "standfirst", "body", "authors__name")
    date_hierarchy = "published_at"
    ordering = (F("published_at").desc(nulls_first=True), "-updated_at")
    list_per_page = 100
    autocomplete_fields = ("dateline_region", "regions", "organisations")
    inlines = (ArticleAuthorInline, ImageCaptionInline, StoryNoteInline)
    actions = (
        "publish_selected",
        "unpublish_selected",
        "feature_selected",
        "unfeature_selected",
        *(retag_action(name, retag) for name, retag in RETAGGING.items()),
        "mark_selected_up_to_date",
    )
    history_latest_first = True
    formfield_overrides = {models.DateTimeField: {"form_class": PublicationTimeField}}

    class Media:
        css = {"all": ("articles/admin/newsroom.css",)}

    fieldsets = (
        (None, {"fields": ("headline", "slug", "standfirst", "body", "edit_token")}),
        (
            _("Place and subject"),
            {"fields": ("dateline", "dateline_region", "regions", "topics", "organisations")},
        ),
        (_("Publication"), {"fields": ("status", "published_at", "language")}),
        (_("Front page"), {"fields": ("is_featured", "featured_position")}),
        (_("Readers"), {"fields": ("comments_closed",)}),
    )

    # -- permissions: always against the article as the database holds it now --------
    #
    # ``get_object`` reads the row (locking it for a POST) before anything is applied to
    # it and keeps that copy on the request. django-reversion's revision view reverts the
    # article inside its transaction before the change form runs; ``revision_view`` reads
    # and checks the stored row first, so the check never sees the old revision instead.

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def _stored(self, request, obj):
        """``obj`` as it was stored when this request first read it."""
        return getattr(request, "_stored_articles", {}).get(obj.pk, obj)

    def _remember_stored(self, request, article):
        request.__dict__.setdefault("_stored_articles", {})[article.pk] = copy.copy(article)

    def lock_reason(self, request, obj):
        """Why ``request.user`` may not change ``obj`` (as stored now), or None; asked once a request."""
        reasons = request.__dict__.setdefault("_lock_reasons", {})
        if obj.pk not in reasons:
            reasons[obj.pk] = roles.why_locked(request.user, self._stored(request, obj))
        return reasons[obj.pk]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.pk is None or self.lock_reason(request, obj) is None)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.lock_reason(request, obj) is None)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            return None
        restoring = getattr(request, "_restoring", None)
        if restoring is not None and restoring.pk == obj.pk:
            # ``obj`` is the revision being restored: it keeps what revisions do not
            # record, and the status and time it has now unless the editor changes them.
            editing.keep_unrecorded(obj, restoring)
            for name in KEPT_ON_RESTORE:
                setattr(obj, name, getattr(restoring, name))
            return obj
        if request.method == "POST":
            obj = editing.lock_for_edit(obj.pk)
        self._remember_stored(request, obj)
        return obj

    def get_readonly_fields(self, request, obj=None):
        if roles.can_publish(request.user):
            return ()
        return ("is_featured", "featured_position")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only: the body as readers see it, not its HTML source; no edit token.
        (name, options), *rest = fieldsets
        fields = tuple(
            "body_as_printed" if field == "body" else field
            for field in options["fields"]
            if field != "edit_token"
        )
        return ((name, options | {"fields": fields}), *rest)

    @admin.display(description=_("body"))
    def body_as_printed(self, article):
        # The body is sanitized to the elements an article keeps on every save; cleaning
        # it again here means no stored markup reaches the page unchecked.
        return mark_safe(sanitize_body(article.body))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.can_publish = roles.can_publish(request.user)
        form.stored = self._stored(request, obj) if obj is not None else None
        return form

    def save_model(self, request, obj, form, change):
        was_published = change and self._stored(request, obj).status == Article.Status.PUBLISHED
        if change:
            editing.keep_unrecorded(obj, self._stored(request, obj))
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        moved = bool(form.workflow or {"status", "published_at"} & set(form.changed_data))
        if moved:
            self.message_user(request, where_it_stands(obj), messages.SUCCESS)
        action = audit_action(request, obj, change=change, moved=moved, was_published=was_published)
        audit.record(request.user, action, obj.headline, article=obj)

    # -- the workflow buttons and the publish checks on the change form ---------------

    def workflow_buttons(self, request, obj):
        """The buttons this user may press for ``obj`` as stored: (action, label, explanation)."""
        if obj is not None and not self.has_change_permission(request, obj):
            return []
        stored = self._stored(request, obj) if obj is not None else None
        status = stored.status if stored is not None else Article.Status.DRAFT
        buttons = []
        if status == Article.Status.DRAFT:
            buttons.append(
                ("review", gettext("Send to review"), gettext("Save, and put it on the editors' desk."))
            )
        if not roles.can_publish(request.user):
            return buttons
        if stored is None or not stored.is_live:
            buttons.append(
                ("publish", gettext("Publish now"), gettext("Save, and show it to readers at once."))
            )
            buttons.append(
                (
                    "schedule",
                    gettext("Schedule…"),
                    gettext("Save, and show it at the publication time entered above (%(zone)s time).")
                    % {"zone": timezone.get_current_timezone_name()},
                )
            )
        if status == Article.Status.PUBLISHED:
            buttons.append(
                (
                    "unpublish",
                    gettext("Unpublish"),
                    gettext("Save, take it off the site and make it a draft again."),
                )
            )
        return buttons

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_buttons"] = self.workflow_buttons(request, obj)
        if obj is not None and obj.pk is not None:
            context["locked_reason"] = self.lock_reason(request, obj)
        if (
            obj is not None
            and obj.status != Article.Status.PUBLISHED
            and self.has_change_permission(request, obj)
        ):
            context["publish_warnings"] = publishing.publish_problems(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- restoring a revision, recovering a deleted article ---------------------------
    #
    # Our own views rather than django-reversion's: its revert puts back every object the
    # revision holds (a bulk action's revision holds every article it changed), and it
    # checks the permission only after reverting.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article_id = row_id(unquote(object_id))
        with transaction.atomic():
            stored = editing.lock_for_edit(article_id) if article_id else None
            if stored is None:
                raise Http404(gettext("No such article."))
            version = get_object_or_404(
                Version.objects.get_for_object(stored).select_related("revision__user"), pk=row_id(version_id)
            )
            self._remember_stored(request, stored)
            reason = self.lock_reason(request, stored)
            if reason:
                raise PermissionDenied(reason)
            request._restoring = stored
            title = gettext("Restore “%(headline)s”") % {"headline": stored.headline}
            context = {"title": title, "revert": True} | restore_context(stored, version)
            return self._restored_form(
                request, version, context | (extra_context or {}), REVISION_FORM_TEMPLATES
            )

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_model(Article), pk=row_id(version_id))
        if Article.objects.filter(pk=version.object_id).exists():
            # Recover is for deleted articles; on one that exists it would be a revert
            # that skipped the checks of the revision view.
            self.message_user(
                request,
                gettext("This article was not deleted: open its history to restore an earlier revision."),
                messages.ERROR,
            )
            return redirect("admin:articles_article_history", version.object_id)
        title = gettext("Recover “%(headline)s”") % {"headline": version.object_repr}
        context = {"title": title, "recover": True} | (extra_context or {})
        with transaction.atomic():
            return self._restored_form(request, version, context, RECOVER_FORM_TEMPLATES)

    def _restored_form(self, request, version, context, templates):
        """The change form on the article as ``version`` had it; kept only if the editor saves it.

        The article is restored inside a savepoint (``revisions.restore``: this article
        only), the change form runs on it, and everything is rolled back unless the form
        was saved. Showing the form writes nothing that outlasts the request, so it runs
        with the model signals muted (no cache purge, no search update for a preview).
        """
        savepoint = transaction.savepoint()
        muted = mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
        try:
            with muted if request.method == "GET" else nullcontext():
                missing = revisions.restore(version)
                if missing:
                    context["restore_missing"] = missing
                request._audit_action = Action.RECOVERED if context.get("recover") else Action.RESTORED
                with self.create_revision(request):
                    response = self.changeform_view(request, str(version.object_id), request.path, context)
                    saved = request.method == "POST" and response.status_code == 302
                    if saved:
                        reversion.set_comment(f"Restored the revision of {localized_time(version)}")
        except BaseException:
            transaction.savepoint_rollback(savepoint)
            raise
        if saved:
            transaction.savepoint_commit(savepoint)
            return response
        if hasattr(response, "render"):
            response.template_name = templates
            response.render()  # with the restored article, before it is rolled back
        transaction.savepoint_rollback(savepoint)
        return response

    def save_formset(self, request, form, formset, change):
        if formset.model is StoryNote:
            for note_form in formset.forms:
                if note_form.instance.pk is None:
                    note_form.instance.created_by = request.user
        super().save_formset(request, form, formset, change)
        if formset.model is ImageCaption:
            for photo_form in formset.forms:
                if getattr(photo_form, "new_library_photo", None) is not None:
                    ensure_renditions(photo_form.new_library_photo)

    # -- deleting keeps a way back ----------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin runs the whole list inside one revision, for inline list editing,
        # which this list does not have. Its revision would swallow (and, on deletion,
        # drop) the revisions our actions and deletions record for themselves.
        context = {"has_change_permission": self.has_change_permission(request)} | (extra_context or {})
        return admin.ModelAdmin.changelist_view(self, request, context)

    def _keep_before_deleting(self, request, articles):
        """A revision of each article as it was, so even one never edited here is recoverable."""
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("Deleted")
            for article in articles:
                reversion.add_to_revision(article)

    def delete_model(self, request, obj):
        self._keep_before_deleting(request, [obj])
        audit.record(request.user, Action.DELETED, obj.headline, article=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._keep_before_deleting(request, queryset)
        for article in queryset:
            audit.record(request.user, Action.DELETED, article.headline, article=article)
        super().delete_queryset(request, queryset)

    # -- the list ----------------------------------------------------------------------

    def get_list_display(self, request):
        """The list's own columns, then those other apps add (``extensions.admin_columns``)."""
        return (*super().get_list_display(request), *extensions.admin_columns)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            # What other apps show in their columns (extensions.admin_columns).
            .annotate(**{name: make() for name, make in extensions.admin_annotations.items()})
            .prefetch_related(
                byline_prefetch(),
                "topics",
                "regions",
                # Into its own attribute: a filtered ``photos`` cache would also be what the
                # change view's revision records, and restoring it would delete the others.
                Prefetch(
                    "photos",
                    queryset=ImageCaption.objects.filter(after_paragraph__isnull=True),
                    to_attr="lead_photos",
                ),
            )
        )

    @admin.display(description="")
    def thumbnail(self, article):
        lead = next((placement for placement in article.lead_photos if placement.image), None)
        if lead is None:
            return ""
        return format_html(
            '<img src="{}" alt="" width="64" loading="lazy" class="article-thumb">', lead.photo.card_url
        )

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article):
        if article.is_scheduled:
            # Translators: a date format (the letters of Django's date filter) for a short
            # date and time in the article list: "03 Dec 2026 14:00".
            when = date_format(timezone.localtime(article.published_at), gettext("d M Y H:i"))
            return gettext("Scheduled for %(time)s") % {"time": when}
        return article.get_status_display()

    @admin.display(description=_("byline"))
    def byline_names(self, article):
        return ", ".join(credit.author.name for credit in article.byline.all())

    @admin.display(description=_("topics"))
    def topic_names(self, article):
        return ", ".join(sorted(topic.name for topic in article.topics.all()))

    @admin.display(description=_("regions"))
    def region_names(self, article):
        return ", ".join(sorted(region.name for region in article.regions.all()))

    def view_on_site(self, article):
        return (
            article.get_absolute_url() if article.is_live else reverse("articles:preview", args=[article.pk])
        )

    # -- extra pages -------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        versions = (
            Version.objects.get_for_object_reference(Article, unquote(object_id))
            .select_related("revision__user")
            .order_by("-revision__date_created", "-pk")
        )
        context = {
            "versions": versions,
            "compare_url": reverse("admin:articles_article_compare", args=[unquote(object_id)]),
        } | (extra_context or {})
        return super().history_view(request, object_id, context)

    def get_urls(self):
        compare = self.admin_site.admin_view(compare_view(self))
        return [
            path("<path:object_id>/history/compare/", compare, name="articles_article_compare"),
            *super().get_urls(),
        ]

    # -- bulk actions ------------------------------------------------------------------

    def _report(self, request, result, done):
        """Tell the editor what a bulk action did; ``done(count)`` says it of the changed
        articles ("3 articles published")."""
        parts = [done(result.changed)]
        if result.unchanged:
            count = result.unchanged
            parts.append(
                ngettext("%(count)d already were", "%(count)d already were", count) % {"count": count}
            )
        if result.locked:
            count = result.locked
            parts.append(
                ngettext(
                    "%(count)d skipped (only editors change published stories; "
                    "contributors change the drafts they started or are in the byline of)",
                    "%(count)d skipped (only editors change published stories; "
                    "contributors change the drafts they started or are in the byline of)",
                    count,
                )
                % {"count": count}
            )
        self.message_user(
            request, "; ".join(parts) + ".", messages.SUCCESS if result.changed else messages.WARNING
        )
        for article, problems in result.refused:
            self.message_user(
                request,
                gettext("Not published: “%(headline)s”. %(needs)s")
                % {"headline": article.headline, "needs": publishing.describe(problems)},
                messages.ERROR,
            )

    @admin.action(description=_("Publish selected articles now"), permissions=("publish",))
    def publish_selected(self, request, queryset):
        self._report(
            request,
            services.publish(queryset, user=request.user),
            lambda n: (
                ngettext("%(count)d article published", "%(count)d articles published", n) % {"count": n}
            ),
        )

    @admin.action(description=_("Unpublish selected articles (back to draft)"), permissions=("publish",))
    def unpublish_selected(self, request, queryset):
        self._report(
            request,
            services.unpublish(queryset, user=request.user),
            lambda n: (
                ngettext("%(count)d article unpublished", "%(count)d articles unpublished", n) % {"count": n}
            ),
        )

    @admin.action(description=_("Feature selected articles on the front page"), permissions=("publish",))
    def feature_selected(self, request, queryset):
        self._report(
            request,
            services.set_featured(queryset, True, user=request.user),
            lambda n: ngettext("%(count)d article featured", "%(count)d articles featured", n) % {"count": n},
        )

    @admin.action(description=_("Remove selected articles from the front page"), permissions=("publish",))
    def unfeature_selected(self, request, queryset):
        self._report(
            request,
            services.set_featured(queryset, False, user=request.user),
            lambda n: (
                ngettext("%(count)d article unfeatured", "%(count)d articles unfeatured", n) % {"count": n}
            ),
        )

    def _choose_then(self, request, queryset, retag):
        """Show a page to choose a topic or region, then apply it to the selection."""
        title = str(retag.title)
        form = retag.form_class(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            # The service skips, and counts, the articles this user may not change.
            done = retag.apply(queryset, form.cleaned_data[retag.field], user=request.user)
            self._report(
                request,
                done,
                lambda n: (
                    ngettext(
                        "%(count)d article changed (%(action)s)", "%(count)d articles changed (%(action)s)", n
                    )
                    % {"count": n, "action": title.lower()}
                ),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "form": form,
            "articles": queryset,
            "action": request.POST["action"],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/choose_for_action.html", context)
