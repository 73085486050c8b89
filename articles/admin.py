"""The editors' workspace. Issue 4 turns this into the full newsroom admin."""

from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from .models import Article, ArticleAuthor, Author, ImageCaption, Region, SourceOrganisation, Topic


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ("author",)
    fields = ("position", "author")


class ImageCaptionInline(admin.StackedInline):
    model = ImageCaption
    extra = 0
    autocomplete_fields = ("credited_organisation",)
    fields = (
        "image",
        "caption",
        "credit",
        "credited_organisation",
        "alt_text",
        "after_paragraph",
        "position",
    )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("headline", "status_label", "published_at", "dateline", "language")
    list_filter = ("status", "language", "is_featured")
    search_fields = ("headline", "standfirst", "body", "authors__name")
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("dateline_region", "regions", "organisations")
    inlines = (ArticleAuthorInline, ImageCaptionInline)
    date_hierarchy = "published_at"
    fieldsets = (
        (None, {"fields": ("headline", "slug", "standfirst", "body")}),
        (
            "Place and subject",
            {"fields": ("dateline", "dateline_region", "regions", "topics", "organisations")},
        ),
        (
            "Publication",
            {"fields": ("status", "published_at", "language", "is_featured", "featured_position")},
        ),
    )

    @admin.display(description="status", ordering="status")
    def status_label(self, article):
        if article.is_scheduled:
            return format_html("Scheduled for {}", article.published_at.strftime("%d %b %Y %H:%M"))
        return article.get_status_display()


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "role")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(SourceOrganisation)
class SourceOrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "region")
    list_filter = ("kind",)
    list_select_related = ("region",)
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent", "region")
    # Typed without a scheme, "penalreform.org" becomes https://, as Django 6 will default to.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "iso_code")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "iso_code")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
