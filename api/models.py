"""API keys: who reads the API with a key, and how fast each may."""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# What every key starts with, so that one pasted into a chat or a repository is recognised.
KEY_PREFIX = "cak_"


def digest(key):
    """What is stored of a key: its SHA-256. The key itself is shown once, when made."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def for_key(self, key):
        """The active key ``key`` is, or None (unknown, revoked or malformed)."""
        if not key or not key.startswith(KEY_PREFIX) or len(key) > 100:
            return None
        return self.filter(digest=digest(key), is_active=True).first()


class ApiKey(models.Model):
    """A partner's key to the read API. Only its SHA-256 is kept: the key is shown once,
    when it is made, and a lost key is replaced, never looked up."""

    name = models.CharField(
        _("partner"), max_length=200, help_text=_("Who uses this key: the partner outlet, app or channel.")
    )
    contact = models.EmailField(
        _("contact"), blank=True, help_text=_("Whom to tell about changes to the API or to this key.")
    )
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=600,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_(
            "How many requests this key may make in a minute; more are refused until the minute ends."
        ),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to revoke the key: its requests are refused at once.")
    )
    lookup = models.CharField(_("key begins"), max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("made by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.lookup}…)"

    def issue(self):
        """Give this key a new secret and return it: the only time it can be read."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        self.lookup = key[: len(KEY_PREFIX) + 6]
        self.digest = digest(key)
        return key
