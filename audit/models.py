"""The audit log: who did what to the newsroom's content, kept and never changed.

Every admin action that changes what readers see or what the desk holds (publishing,
unpublishing, scheduling, saving, deleting, restoring, recovering, featuring, retagging,
merging topics, moderating comments) adds one entry through ``record``. Entries are
append-only: the model refuses to be changed or deleted, one at a time or in bulk, and
the admin shows them read-only to staff.
"""

from django.conf import settings
from django.db import models


class AppendOnly(Exception):
    """An audit entry was about to be changed or deleted."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Audit entries are never changed.")

    def delete(self):
        raise AppendOnly("Audit entries are never deleted.")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", "Created"
        SAVED = "saved", "Saved"
        SENT_TO_REVIEW = "review", "Sent to review"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNPUBLISHED = "unpublished", "Unpublished"
        DELETED = "deleted", "Deleted"
        RESTORED = "restored", "Restored a revision"
        RECOVERED = "recovered", "Recovered"
        FEATURED = "featured", "Featured"
        UNFEATURED = "unfeatured", "Removed from the front page"
        RETAGGED = "retagged", "Changed topics or regions"
        MERGED_TOPICS = "merged", "Merged topics"
        RENAMED_TOPIC = "renamed_topic", "Renamed a topic"
        DELETED_TOPIC = "deleted_topic", "Deleted a topic"
        MODERATED = "moderated", "Moderated comments"

    at = models.DateTimeField("time", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as written, so the entry still says who it was after the account is gone.
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    subject = models.CharField(
        max_length=300, help_text="What the action was done to: a headline, topic names, comments."
    )
    article_id = models.PositiveBigIntegerField(
        null=True, blank=True, db_index=True, help_text="The story it concerns (kept after a deletion)."
    )
    detail = models.TextField(blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ("-at", "-pk")
        verbose_name = "audit entry"
        verbose_name_plural = "audit log"

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
