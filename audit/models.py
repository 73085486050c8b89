"""The audit log: who did what to the newsroom's content, kept and never changed.

Every admin action that changes what readers see or what the desk holds (publishing,
unpublishing, scheduling, saving, deleting, restoring, recovering, featuring, retagging,
merging topics, moderating comments) adds one entry through ``record``. Entries are
append-only: the model refuses to be changed or deleted, one at a time or in bulk, and
the admin shows them read-only to staff.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AppendOnly(Exception):
    """An audit entry was about to be changed or deleted."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Audit entries are never changed.")

    def delete(self):
        raise AppendOnly("Audit entries are never deleted.")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", pgettext_lazy("audit action", "Created")
        SAVED = "saved", pgettext_lazy("audit action", "Saved")
        SENT_TO_REVIEW = "review", pgettext_lazy("audit action", "Sent to review")
        PUBLISHED = "published", pgettext_lazy("audit action", "Published")
        SCHEDULED = "scheduled", pgettext_lazy("audit action", "Scheduled")
        UNPUBLISHED = "unpublished", pgettext_lazy("audit action", "Unpublished")
        DELETED = "deleted", pgettext_lazy("audit action", "Deleted")
        RESTORED = "restored", pgettext_lazy("audit action", "Restored a revision")
        RECOVERED = "recovered", pgettext_lazy("audit action", "Recovered")
        FEATURED = "featured", pgettext_lazy("audit action", "Featured")
        UNFEATURED = "unfeatured", pgettext_lazy("audit action", "Removed from the front page")
        RETAGGED = "retagged", pgettext_lazy("audit action", "Changed topics or regions")
        MERGED_TOPICS = "merged", pgettext_lazy("audit action", "Merged topics")
        RENAMED_TOPIC = "renamed_topic", pgettext_lazy("audit action", "Renamed a topic")
        DELETED_TOPIC = "deleted_topic", pgettext_lazy("audit action", "Deleted a topic")
        MODERATED = "moderated", pgettext_lazy("audit action", "Moderated comments")
        API_KEY = "api_key", pgettext_lazy("audit action", "Changed an API key")
        WEBHOOK = "webhook", pgettext_lazy("audit action", "Changed a webhook")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept as written, so the entry still says who it was after the account is gone.
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    subject = models.CharField(
        _("subject"),
        max_length=300,
        help_text=_("What the action was done to: a headline, topic names, comments."),
    )
    article_id = models.PositiveBigIntegerField(
        _("article id"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The story it concerns (kept after a deletion)."),
    )
    detail = models.TextField(_("detail"), blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ("-at", "-pk")
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.username or 'someone'}: {self.get_action_display()} {self.subject}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("Audit entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit entries are never deleted.")


def record(user, action, subject, *, article=None, detail=""):
    """Add one entry: ``user`` (or None for a command) did ``action`` to ``subject``."""
    signed_in = user is not None and user.is_authenticated
    return AuditEntry.objects.create(
        user=user if signed_in else None,
        username=user.get_username() if signed_in else "",
        action=action,
        subject=str(subject)[:300],
        article_id=getattr(article, "pk", article),
        detail=detail,
    )
