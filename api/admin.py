"""API keys in the admin: the newsroom gives partners keys, sets each one's limit, and
revokes them. A key is shown once, on the page that made it; only its digest is kept."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from audit import models as audit
from audit.admin_changes import AuditedChanges
from cms.admin_search import NulFreeSearchMixin

from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(AuditedChanges, NulFreeSearchMixin, admin.ModelAdmin):
    audit_action = audit.AuditEntry.Action.API_KEY
    list_display = ("name", "lookup", "requests_per_minute", "is_active", "last_used_at", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "contact", "lookup")
    fields = (
        "name",
        "contact",
        "requests_per_minute",
        "is_active",
        "lookup",
        "created_by",
        "created_at",
        "last_used_at",
    )
    readonly_fields = ("lookup", "created_by", "created_at", "last_used_at")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("name", "contact", "requests_per_minute", "is_active")
        return super().get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            request._issued_api_key = obj.issue()
        super().save_model(request, obj, form, change)

    # Who gave whom access, and when it was revoked: in the audit log (never the key).

    def audit_made(self, obj):
        return f"made, {obj.requests_per_minute} a minute"

    def response_add(self, request, obj, post_url_continue=None):
        """The new key, shown this once: it is not kept, so it cannot be shown again."""
        return TemplateResponse(
            request,
            "admin/api/apikey/issued.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": obj,
                "key": request._issued_api_key,
                "title": _("The key for %(partner)s") % {"partner": obj.name},
            },
        )
