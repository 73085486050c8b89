"""Short pages the newsroom keeps up to date, such as the comment policy.

The table keeps the name it had in the articles app (``articles_page``): an existing
deployment upgraded with no data moved (migrations/0001_initial.py).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.body import BodyField
from articles.models.natural_keys import NaturalKeyed, keyed_manager


class Page(NaturalKeyed, models.Model):
    """A short page editors keep up to date, such as the comment policy."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    body = BodyField(_("body"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = keyed_manager()
    natural_key_fields = ("slug",)

    class Meta:
        db_table = "articles_page"
        ordering = ("title",)
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:page", kwargs={"slug": self.slug})
