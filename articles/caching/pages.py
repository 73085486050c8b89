"""Serving readers' pages from the cache, and telling HTTP accelerators how to keep them.

An anonymous reader's page is drawn once, stored in the shared cache with the surrogate
keys of what it shows (``keys``) and the clock reading taken before it was drawn
(``changes``), and served from there while none of its keys has changed since. A process
serving a page it kept reads only the clock while nothing has been announced since it
last found the page's keys unchanged. The same
keys go out in the ``xkey`` header (Varnish), ``Surrogate-Key`` and ``Cache-Tag`` (CDNs),
with ``Cache-Control: s-maxage`` for how long an accelerator may keep the page.

Only GET and HEAD requests without a session are served from the cache. Signed-in staff,
readers with a message waiting, and pages that show a reader something of their own (their
answer to "Do you like this article?") are always drawn, and marked private. A page drawn
for everyone is the same for every reader, so its forms carry no CSRF token and it sets no
cookie (``request.shared_page``): reader.js fetches a token from /csrf/ before a form is
sent, and without JavaScript ``views.csrf_refused`` hands the form back with one.

If the cache cannot be reached, pages are served uncached and the failure is logged.
"""

import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from cms.routers import public_reads
from languages.scripts import transliterate_response

from . import changes
from .kept import LRU
from .keys import recording

logger = logging.getLogger("articles.caching")

# Pages this process served lately, under their cache key, each with the clock reading at
# which its keys were last found unchanged. A page asked for again is served without
# fetching its body from the shared cache (tens of kilobytes to transfer and unpickle);
# only the clock is read, and its keys' last changes too when the clock has moved since.
RECENT_PAGES = 256
recent_pages = LRU(RECENT_PAGES)


class Recent:
    """A page this process serves again: the entry, the clock reading its keys were last
    found unchanged at, and its ETag, worked out once."""

    __slots__ = ("checked_at", "entry", "etag")

    def __init__(self, entry, checked_at):
        self.entry, self.checked_at = entry, checked_at
        self.etag = etag_of(entry)


class Entry:
    """A stored page: the clock reading before it was drawn, its keys, when it was drawn
    (for Last-Modified), its headers and body."""

    __slots__ = ("body", "drawn", "drawn_at", "headers", "keys")

    def __init__(self, drawn_at, keys, drawn, headers, body):
        self.drawn_at, self.keys, self.drawn, self.headers, self.body = drawn_at, keys, drawn, headers, body

    def __getstate__(self):
        return (self.drawn_at, self.keys, self.drawn, self.headers, self.body)

    def __setstate__(self, state):
        self.drawn_at, self.keys, self.drawn, self.headers, self.body = state


def forget_recent_pages():
    """Forget this process's copies of recent pages and the values it derived from the
    content (tests start each from nothing)."""
    from .kept import forget

    recent_pages.clear()
    forget()


def page_key(request):
    return "page:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()


def etag_of(entry):
    return quote_etag(f"{entry.drawn_at}-{hashlib.sha256(' '.join(entry.keys).encode()).hexdigest()[:16]}")


def public_headers(response, keys):
    """What an accelerator needs: how long it may keep the page, and the page's keys."""
    shared = settings.PAGE_SHARED_MAX_AGE
    if shared > 0:
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=shared,
            stale_while_revalidate=settings.PAGE_SHARED_GRACE,
            must_revalidate=True,
        )
    else:
        patch_cache_control(response, max_age=0, must_revalidate=True)
    ordered = sorted(keys)
    response["xkey"] = " ".join(ordered)
    response["Surrogate-Key"] = " ".join(ordered)
    response["Cache-Tag"] = ",".join(ordered)


def _render(view, request, args, kwargs):
    """The view's response, templates rendered now (their lazy queries belong to this page),
    and the keys of what it shows."""
    with recording() as keys:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
    # A page in a script variant (/uz-cyrl/) is kept already transliterated.
    return transliterate_response(response, get_language()), keys


def _cacheable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


def _private(response):
    add_never_cache_headers(response)
    return response


def public_page(view=None, *, personal_cookies=()):
    """Serve ``view`` to anonymous readers from the page cache, with conditional GET.

    ``personal_cookies``: cookies that make the page personal to the reader; a request
    carrying one is drawn for them alone, never cached. Read at each request, so another
    app may add to the list after the URLs are read (``extensions.story_page_cookies``).
    """
    if view is None:
        return lambda view: public_page(view, personal_cookies=personal_cookies)
    # A session means someone signed in (or a message kept for the reader); the session
    # itself is never loaded to find out.
    always = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)

    @wraps(view)
    def serve(request, *args, **kwargs):
        with public_reads():
            cookies = request.COOKIES
            personal = any(name in cookies for name in always) or any(
                name in cookies for name in personal_cookies
            )
            if request.method not in ("GET", "HEAD") or personal:
                return _private(_render(view, request, args, kwargs)[0])
            return _serve(request, view, args, kwargs)

    return serve


def _serve(request, view, args, kwargs):
    request.shared_page = True  # drawn for every reader: no CSRF token, no cookie
    key = page_key(request) if settings.PAGE_CACHE_SECONDS > 0 else None
    recent = recent_pages.get(key) if key else None
    entry = None
    try:
        changes.settle_owed()
        went_live = False
        if recent is not None:
            # Kept here: the clock alone says whether anything was announced since its
            # keys were last found unchanged.
            reading, next_due = changes.read_clock()
            went_live = changes.is_due(next_due) and changes.due()
            if not went_live and changes.unchanged_since(recent.checked_at, reading):
                entry, checked_at = recent.entry, reading
        if entry is None and not went_live:
            local = recent.entry if recent is not None else None
            # One round trip: the clock, the next scheduled time, the keys of the page this
            # process kept (or else the page from the shared cache) and their last changes.
            reading, next_due, stored, changed = changes.read_for_page(
                key if key and local is None else None, local.keys if local else ()
            )
            checked_at = reading
            if changes.is_due(next_due) and changes.due():
                local = stored = None  # a scheduled story went live: draw afresh
            entry = _current(local, changed) if local else None
            if entry is None and key:
                # Not kept here, or kept from before a change: another server may have
                # drawn the page since.
                shared = stored if local is None else _shared_entry(key)
                if shared is not None and (local is None or shared.drawn_at > local.drawn_at):
                    checked_at, shared_changed = changes.read(shared.keys)
                    entry = _current(shared, shared_changed)
    except Exception as exc:
        logger.warning("The cache is unreachable (%s): serving pages uncached", exc)
        response, keys = _render(view, request, args, kwargs)
        if _cacheable(response):
            public_headers(response, keys)
        return response
    if entry is not None:
        recent = Recent(entry, checked_at) if recent is None or recent.entry is not entry else recent
        recent.checked_at = checked_at
        recent_pages.put(key, recent)
        return _finish(request, _from_entry(entry), entry, hit=True, recent=recent)
    response, keys = _render(view, request, args, kwargs)
    if not _cacheable(response):
        return response
    entry = Entry(reading, tuple(sorted(keys)), int(time.time()), _stored_headers(response), None)
    if key:
        entry.body = response.content
        try:
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception as exc:
            logger.warning("Could not store a page in the cache (%s)", exc)
        # Current at the reading it was drawn at: any change since moved the clock.
        recent_pages.put(key, Recent(entry, reading))
    return _finish(request, response, entry, hit=False)


def _current(entry, changed):
    return entry if changes.is_current(entry.drawn_at, changed) else None


def _shared_entry(key):
    try:
        return cache.get(key)
    except Exception as exc:
        logger.warning("Could not read a page from the cache (%s)", exc)
        return None


def _stored_headers(response):
    return [(name, value) for name, value in response.items() if name.lower() != "content-length"]


def _from_entry(entry):
    response = HttpResponse(entry.body)
    for name, value in entry.headers:
        response[name] = value
    response.transliterated = True  # stored as drawn, in its script
    return response


def _finish(request, response, entry, *, hit, recent=None):
    etag = recent.etag if recent is not None else etag_of(entry)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(entry.drawn)
    response["X-Page-Cache"] = "hit" if hit else "miss"
    public_headers(response, entry.keys)
    if get_conditional_response(request, etag=etag, last_modified=entry.drawn) is not None:
        not_modified = HttpResponseNotModified()
        for name in (
            "ETag",
            "Last-Modified",
            "Cache-Control",
            "xkey",
            "Surrogate-Key",
            "Cache-Tag",
            "X-Page-Cache",
        ):
            not_modified[name] = response[name]
        return not_modified
    if request.method == "HEAD" and not response.streaming:
        length = len(response.content)
        response.content = b""  # a HEAD answer has headers only, and says how long GET's body is
        response["Content-Length"] = str(length)
    return response
