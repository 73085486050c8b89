"""The pages editors keep, such as the comment policy."""

from django.contrib import admin

from articles.admin.safety import SafeInputsMixin

from .models import Page


@admin.register(Page)
class PageAdmin(SafeInputsMixin, admin.ModelAdmin):
    list_display = ("title", "slug", "updated_at")
    prepopulated_fields = {"slug": ("title",)}
    search_fields = ("title", "body")
