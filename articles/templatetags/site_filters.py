"""Filters every template has without ``{% load %}`` (built-ins: ``TEMPLATES`` in the
settings).

- ``{{ value|iso_time }}``: a time as machines read it, for ``<time datetime>``, feeds and
  sitemaps: ISO 8601 in the newsroom's time zone, to the second. Django's ``date:'c'``
  writes the microseconds a time was saved with (a story published "now", a note added
  now), and HTML allows at most three digits of a second there: the Nu HTML checker
  refuses six.
- ``{{ messages|shown_apart:"comment" }}`` and ``…|not_shown_apart:"comment"``: the
  messages a part of the page shows next to what they are about (the confirmation of a
  comment, by its form), and the others, for the top of the page."""

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def iso_time(value):
    if not isinstance(value, datetime):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat(timespec="seconds")


@register.filter
def shown_apart(messages, tag):
    """The messages tagged ``tag``: shown by the part of the page they are about."""
    return [message for message in messages if tag in message.tags.split()]


@register.filter
def not_shown_apart(messages, tag):
    """The messages not tagged ``tag``: shown at the top of the page."""
    return [message for message in messages if tag not in message.tags.split()]
