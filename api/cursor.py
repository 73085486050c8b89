"""Cursors for the API's lists: where the next page starts, as an opaque token.

A cursor is the position of the last item of a page, so the next page is read straight off
the index from there (a keyset), however deep: page 5,000 costs what page 1 does, and a
story published meanwhile neither repeats nor skips one. Stories are ordered newest first by
(publication time, id); names (authors, topics, …) by their unique slug.
"""

import base64
import binascii
import re
from datetime import UTC, datetime

from django.utils.translation import gettext as _
from ninja.errors import HttpError

from articles.metadata import absolute

# What Django's <slug:> converter accepts: the names' slugs as their addresses take them.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def encode(*parts):
    text = "\x1f".join(str(part) for part in parts)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _parts(cursor, count):
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = None
    parts = text.split("\x1f") if text is not None else []
    if len(parts) != count:
        _refuse()
    return parts


def _refuse():
    raise HttpError(400, _("The cursor is not one this API gave: start again from the first page."))


def story_position(cursor):
    """``(published_at, id)`` after which the page starts, the time in UTC (a forged offset
    or a year at the calendar's ends is refused, never passed to the database)."""
    when, pk = _parts(cursor, 2)
    try:
        at = datetime.fromisoformat(when)
        if at.tzinfo is None:
            _refuse()
        at = at.astimezone(UTC)
        pk = int(pk)
    except (ValueError, OverflowError):
        _refuse()
    if not (1 < at.year < 9999 and 0 <= pk < 2**63):
        _refuse()
    return at, pk


def slug_position(cursor):
    """The slug after which the page starts (a slug as addresses take them)."""
    slug = _parts(cursor, 1)[0]
    if not SLUG.fullmatch(slug):
        _refuse()
    return slug


def next_url(request, cursor):
    """The address of the next page: this one's with ``cursor`` in place of its own, on the
    site's public address (pages are kept for every caller, whatever Host they sent)."""
    query = request.GET.copy()
    query["cursor"] = cursor
    return absolute(f"{request.path}?{query.urlencode()}")
