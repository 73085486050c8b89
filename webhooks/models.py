"""Webhooks the operators register, and the log of every notification sent to them."""

import secrets
import uuid

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    PUBLISHED = "story.published", _("Story published")
    UPDATED = "story.updated", _("Story updated")
    CORRECTED = "story.corrected", _("Correction added")
    UNPUBLISHED = "story.unpublished", _("Story unpublished")


def new_secret():
    return "whsec_" + secrets.token_urlsafe(32)


class Webhook(models.Model):
    """An address told of changes to published stories (a Telegram bot, a partner, an app's
    push service). Each notification is signed with the webhook's own secret."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Who receives it: the bot, partner or app.")
    )
    url = models.URLField(
        _("address"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Where the notifications are posted (https:// outside a test)."),
    )
    events = models.CharField(
        _("events"),
        max_length=200,
        default=",".join(Event.values),
        help_text=_("What it is told of."),
    )
    languages = models.CharField(
        _("languages"),
        max_length=100,
        blank=True,
        help_text=_("Only stories in these languages; none chosen: every language."),
    )
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret, editable=False)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Untick to stop notifications."))
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.name

    @property
    def event_list(self):
        return [event for event in self.events.split(",") if event]

    @property
    def language_list(self):
        return [code for code in self.languages.split(",") if code]

    def wants(self, event, language):
        return event in self.event_list and (not self.language_list or language in self.language_list)


class Delivery(models.Model):
    """One notification to one webhook, and what became of it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RETRYING = "retrying", _("failed, will try again")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("given up")
        SUPERSEDED = "superseded", _("overtaken by a later change")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    # The story's id: the log outlives a deleted story.
    article_id = models.PositiveBigIntegerField(_("story id"))
    headline = models.CharField(_("headline"), max_length=255, blank=True)
    # What makes two notifications the same (a story's publication at one version): each is
    # recorded once per webhook, whoever notices first (a page, the worker).
    dedupe_key = models.CharField(max_length=200)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("delivery")
        verbose_name_plural = _("delivery log")
        constraints = [
            models.UniqueConstraint(fields=("webhook", "dedupe_key"), name="delivery_once_per_webhook"),
        ]
        indexes = [
            models.Index(fields=("status", "next_attempt_at"), name="delivery_due"),
        ]

    def __str__(self):
        return f"{self.get_event_display()}: {self.headline or self.article_id} → {self.webhook}"
