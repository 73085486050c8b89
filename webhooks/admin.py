"""Webhooks in the admin: operators register addresses and read the delivery log."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit import models as audit
from audit.admin_changes import AuditedChanges
from cms.admin_search import NulFreeSearchMixin
from languages.codes import content_languages, name_of

from . import delivery
from .models import Delivery, Event, Webhook


class WebhookForm(forms.ModelForm):
    url = forms.URLField(
        label=_("address"),
        max_length=500,
        assume_scheme="https",
        help_text=Webhook._meta.get_field("url").help_text,
    )
    events = forms.MultipleChoiceField(
        label=_("events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple, initial=Event.values
    )
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only stories in these languages; none chosen: every language."),
    )

    class Meta:
        model = Webhook
        fields = ("name", "url", "events", "languages", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = [(code, name_of(code)) for code in content_languages()]
        if self.instance.pk:
            self.initial["events"] = self.instance.event_list
            self.initial["languages"] = self.instance.language_list

    def clean_events(self):
        return ",".join(self.cleaned_data["events"])

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])


@admin.register(Webhook)
class WebhookAdmin(AuditedChanges, NulFreeSearchMixin, admin.ModelAdmin):
    audit_action = audit.AuditEntry.Action.WEBHOOK
    form = WebhookForm
    list_display = ("name", "url", "events", "languages", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "url")
    readonly_fields = ("secret",)

    # Where the newsroom's news is sent, and who said so: in the audit log.

    def audit_made(self, obj):
        return f"added: {obj.url}"

    def audit_deleted(self, obj):
        return f"deleted: {obj.url}"

    def get_fields(self, request, obj=None):
        fields = ["name", "url", "events", "languages", "is_active"]
        # The secret the receiver checks signatures with: shown once the webhook is made.
        return [*fields, "secret"] if obj is not None else fields


@admin.register(Delivery)
class DeliveryAdmin(NulFreeSearchMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "webhook",
        "event",
        "headline",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "delivered_at",
    )
    list_filter = ("status", "event", "webhook")
    search_fields = ("headline", "=article_id", "last_error")
    date_hierarchy = "created_at"
    list_select_related = ("webhook",)
    actions = ("try_again",)
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the log is read, never edited

    @admin.action(description=_("Try the selected notifications again now"), permissions=["resend"])
    def try_again(self, request, queryset):
        chosen = list(queryset.exclude(status=Delivery.Status.DELIVERED).values_list("pk", flat=True))
        Delivery.objects.filter(pk__in=chosen).update(
            status=Delivery.Status.PENDING, next_attempt_at=None, attempts=0
        )
        delivery.send_soon(chosen)
        messages.success(
            request,
            ngettext(
                "%(count)d notification will be sent again.",
                "%(count)d notifications will be sent again.",
                len(chosen),
            )
            % {"count": len(chosen)},
        )

    def has_resend_permission(self, request):
        return request.user.has_perm("webhooks.change_webhook")
