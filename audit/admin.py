"""The audit log in the admin: every staff member reads it, nobody edits it."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cms.admin_search import NulFreeSearchMixin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(NulFreeSearchMixin, admin.ModelAdmin):
    list_display = ("at", "username", "action", "story", "detail")
    list_filter = ("action",)
    search_fields = ("username", "subject", "detail")
    date_hierarchy = "at"
    list_per_page = 100
    actions = None

    # Staff read it; nobody (superusers included) adds, changes or deletes through here.

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("what"), ordering="subject")
    def story(self, entry):
        if entry.article_id is None:
            return entry.subject
        try:
            url = reverse("admin:articles_article_change", args=[entry.article_id])
        except NoReverseMatch:
            return entry.subject
        return format_html('<a href="{}">{}</a>', url, entry.subject)
