"""What readers add under a story: their reactions and their comments, moderated.

The tables keep the names they had when these models lived in the articles app
(``articles_reaction``, ``articles_comment``): an existing deployment upgraded with no
data moved (migrations/0001_initial.py).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The outlet prints "1500 / 1500" under its comment box; enforced in the form and here.
COMMENT_MAX_LENGTH = 1500


class Reaction(models.Model):
    """One reader's answer to "Do you like this article?"; a changed mind replaces it."""

    class Value(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="reactions", verbose_name=_("article")
    )
    reader = models.CharField(
        _("reader"),
        max_length=64,
        help_text=_("A digest of the reader's signed cookie: no account, no personal data."),
    )
    value = models.CharField(_("answer"), max_length=3, choices=Value.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        db_table = "articles_reaction"
        ordering = ("-updated_at",)
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [models.UniqueConstraint(fields=("article", "reader"), name="one_reaction_per_reader")]

    def __str__(self):
        return f"{self.get_value_display()} to {self.article}"


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """What readers may see."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    """A reader's comment; nothing is shown before an editor approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments", verbose_name=_("article")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    email = models.EmailField(_("email"), help_text=_("Never shown to readers."))
    body = models.TextField(
        _("comment"),
        validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)],
        help_text=_("Stored exactly as typed and always escaped when shown."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        db_table = "articles_comment"
        ordering = ("-created_at",)
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=("article", "status", "created_at"), name="comment_article_status")]

    def __str__(self):
        return f"{self.name} on {self.article}"
