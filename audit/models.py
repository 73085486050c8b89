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


class AppendOnly(Exception):
    """An audit entry was about to be changed or deleted."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Audit entries are never changed.")

    def delete(self):
        raise AppendOnly("Audit entries are never deleted.")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        SAVED = "saved", _("Saved")
        SENT_TO_REVIEW = "review", _("Sent to review")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        DELETED = "deleted", _("Deleted")
        RESTORED = "restored", _("Restored a revision")
        RECOVERED = "recovered", _("Recovered")
        FEATURED = "featured", _("Featured")
        UNFEATURED = "unfeatured", _("Removed from the front page")
        RETAGGED = "retagged", _("Changed topics or regions")
        MERGED_TOPICS = "merged", _("Merged topics")
        RENAMED_TOPIC = "renamed_topic", _("Renamed a topic")
        DELETED_TOPIC = "deleted_topic", _("Deleted a topic")
        MODERATED = "moderated", _("Moderated comments")

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
