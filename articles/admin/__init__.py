"""The editors' workspace, one module per screen group."""

from django.contrib import admin
from taggit.models import Tag

from . import articles, desk, frontpage, photos, taxonomy  # noqa: F401 - registers the admins

# Our topics are their own tag model; taggit's generic tags are unused and would confuse.
admin.site.unregister(Tag)

# The admin's home page is the editors' desk.
desk.install(admin.site)
