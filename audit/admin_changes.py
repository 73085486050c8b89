"""Admins whose saves and deletions go into the audit log (API keys, webhooks)."""

from . import models as audit


def changed_values(form):
    """What a change form's save set: "field → value" for each field changed."""
    return ", ".join(
        f"{name} → {form.cleaned_data[name]}" for name in form.changed_data if name in form.cleaned_data
    )


class AuditedChanges:
    """Mixed into a ModelAdmin: each save and deletion is recorded as ``audit_action``
    (who, which row, and what: ``audit_made`` for a new row, the values a change set,
    ``audit_deleted`` for a deletion, one at a time or in bulk)."""

    audit_action = None

    def audit_made(self, obj):
        return "made"

    def audit_deleted(self, obj):
        return "deleted"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        what = changed_values(form) if change else self.audit_made(obj)
        if what:
            audit.record(request.user, self.audit_action, obj, detail=what)

    def delete_model(self, request, obj):
        audit.record(request.user, self.audit_action, obj, detail=self.audit_deleted(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.record(request.user, self.audit_action, obj, detail=self.audit_deleted(obj))
        super().delete_queryset(request, queryset)
