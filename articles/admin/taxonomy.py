"""Topics, authors, organisations and regions: searchable, counted, and mergeable."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.db import models
from django.db.models import Case, Count, F, IntegerField, Value, When
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from audit import models as audit

from .. import editing, roles, services
from ..models import Article, Author, MediaTopic, Region, SourceOrganisation, TaggedArticle, Topic
from .forms import MergeTopicsForm
from .safety import SafeInputsMixin

SUGGESTIONS = 10


def in_every_language(*fields):
    """Each translated field's column in every language, for ``search_fields``: an editor
    searching "Алматы" in the English admin finds Almaty (django-modeltranslation would
    otherwise search the admin's own language only)."""
    return tuple(f"{field}_{code}" for field in fields for code in settings.MODELTRANSLATION_LANGUAGES)


class ArticleCountMixin:
    """An 'articles' column, counted in the list's own query and sortable."""

    article_count_lookup = "articles"

    def get_queryset(self, request):
        # An explicit order: Django drops Meta.ordering from a grouped (counted) query,
        # which would leave the autocomplete lists in no set order.
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count(self.article_count_lookup, distinct=True))
            .order_by(*self.model._meta.ordering)
        )

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Topic)
class TopicAdmin(SafeInputsMixin, ArticleCountMixin, TranslationAdmin):
    article_count_lookup = "article_links"
    list_display = ("name", "slug", "article_count", "short_description")
    search_fields = ("name", *in_every_language("title"))
    prepopulated_fields = {"slug": ("name",)}
    actions = ("merge_selected",)
    fields = ("name", "title", "slug", "description", "media_topics")
    filter_horizontal = ("media_topics",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "media_topics":
            # Each offered under its broader topic: read together, in IPTC's order.
            kwargs["queryset"] = MediaTopic.objects.select_related("parent").order_by(
                Coalesce("parent__code", "code"), F("parent__code").asc(nulls_first=True), "code"
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # An article form names its topics by name: a form opened before a topic was renamed
    # or deleted would bring the old name back, so those count as changes to its articles.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            editing.touch(TaggedArticle.objects.filter(tag=obj).values_list("content_object_id", flat=True))
            renamed = f"{form.initial.get('name')} to {obj.name}"
            audit.record(request.user, audit.AuditEntry.Action.RENAMED_TOPIC, renamed)

    def delete_model(self, request, obj):
        editing.touch(TaggedArticle.objects.filter(tag=obj).values_list("content_object_id", flat=True))
        audit.record(request.user, audit.AuditEntry.Action.DELETED_TOPIC, obj.name)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        editing.touch(
            TaggedArticle.objects.filter(tag__in=queryset).values_list("content_object_id", flat=True)
        )
        for topic in queryset:
            audit.record(request.user, audit.AuditEntry.Action.DELETED_TOPIC, topic.name)
        super().delete_queryset(request, queryset)

    @admin.display(description=_("description"))
    def short_description(self, topic):
        return topic.description[:120] + ("…" if len(topic.description) > 120 else "")

    def get_urls(self):
        suggest = self.admin_site.admin_view(self.suggest_view)
        return [path("suggest/", suggest, name="articles_topic_suggest"), *super().get_urls()]

    def suggest_view(self, request):
        """Names of topics starting with (then containing) ``?q=``, for type-ahead."""
        if not self.has_view_permission(request):
            return JsonResponse({"error": gettext("You may not see topics.")}, status=403)
        typed = request.GET.get("q", "").replace("\x00", "").strip()[:100]
        if not typed:
            return JsonResponse({"results": []})
        names = (
            Topic.objects.filter(name__icontains=typed)
            .annotate(
                starts=Case(
                    When(name__istartswith=typed, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("starts", "name")
            .values_list("name", flat=True)[:SUGGESTIONS]
        )
        return JsonResponse({"results": list(names)})

    @admin.action(description=_("Merge selected topics into one…"), permissions=("delete",))
    def merge_selected(self, request, queryset):
        topics = queryset.order_by("name")
        chosen = set(request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME))
        found = topics.count()
        if "apply" in request.POST and found < len(chosen):
            # Another editor merged or deleted some of them since this page was opened.
            self.message_user(request, services.MERGE_GONE, messages.ERROR)
            return None
        if found < 2:
            self.message_user(request, gettext("Choose at least two topics to merge."), messages.WARNING)
            return None
        form = MergeTopicsForm(request.POST if "apply" in request.POST else None, topics=topics)
        if "apply" in request.POST and form.is_valid():
            target = form.cleaned_data["target"]
            try:
                result = services.merge_topics(target=target, sources=list(topics), user=request.user)
            except services.MergeConflict as conflict:
                self.message_user(request, str(conflict), messages.ERROR)
                return None
            counts = {
                "topics": ngettext("%(count)d topic(s)", "%(count)d topic(s)", result.removed_topics)
                % {"count": result.removed_topics},
                "moved": ngettext("%(count)d article(s) moved", "%(count)d article(s) moved", result.moved)
                % {"count": result.moved},
                "already": ngettext(
                    "%(count)d already had it", "%(count)d already had it", result.already_tagged
                )
                % {"count": result.already_tagged},
            }
            self.message_user(
                request,
                gettext("Merged %(topics)s into “%(target)s”: %(moved)s, %(already)s.")
                % (counts | {"target": target.name}),
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge topics"),
            "opts": self.model._meta,
            "form": form,
            "topics": topics.annotate(article_total=Count("article_links")),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/topic/merge.html", context)


@admin.register(Author)
class AuthorAdmin(SafeInputsMixin, ArticleCountMixin, TranslationAdmin):
    list_display = ("name", "role", "user", "article_count")
    list_select_related = ("user",)
    search_fields = in_every_language("name", "role")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("user",)

    def get_readonly_fields(self, request, obj=None):
        # Whose account an author is decides whose drafts they may change (roles.py): a
        # contributor who could link themselves to any author would take over their drafts.
        if roles.can_publish(request.user):
            return ()
        return ("user",)

    def has_change_permission(self, request, obj=None):
        # A byline name is printed on every story of its author: contributors may correct
        # authors only while none of their stories is published (or scheduled).
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or roles.can_publish(request.user):
            return allowed
        return not obj.articles.filter(status=Article.Status.PUBLISHED).exists()


@admin.register(SourceOrganisation)
class SourceOrganisationAdmin(SafeInputsMixin, ArticleCountMixin, TranslationAdmin):
    list_display = ("name", "short_name", "kind", "region", "article_count")
    list_filter = ("kind",)
    list_select_related = ("region",)
    search_fields = in_every_language("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent", "region")
    # Typed without a scheme, "penalreform.org" becomes https://, as Django 6 will default to.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class RegionTreeChangeList(ChangeList):
    """Tree order (each place under its parent) unless the editor sorts by a column."""

    def get_ordering(self, request, queryset):
        if ORDER_VAR in self.params:
            return super().get_ordering(request, queryset)
        return ["tree_position", "pk"]


@admin.register(Region)
class RegionAdmin(SafeInputsMixin, ArticleCountMixin, TranslationAdmin):
    """Regions listed as their tree: each place under its province, country and region."""

    list_display = ("indented_name", "kind", "iso_code", "article_count")
    list_filter = ("kind",)
    search_fields = (*in_every_language("name"), "iso_code")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    list_per_page = 500

    def get_queryset(self, request):
        tree = Region.objects.tree()

        def by_region(values, default):
            whens = [
                When(pk=region.pk, then=Value(value))
                for (region, _depth), value in zip(tree, values, strict=True)
            ]
            return Case(*whens, default=Value(default), output_field=IntegerField())

        return (
            super()
            .get_queryset(request)
            .annotate(
                tree_position=by_region(range(len(tree)), len(tree)),
                tree_depth=by_region([depth for _region, depth in tree], 0),
            )
        )

    def get_changelist(self, request, **kwargs):
        return RegionTreeChangeList

    @admin.display(description=_("region"), ordering="tree_position")
    def indented_name(self, region):
        return format_html("{}{}", "— " * region.tree_depth, region.name)
