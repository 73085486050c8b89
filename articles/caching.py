"""The page cache: readers' pages kept in the shared cache under a content version.

Every change to what readers may see starts a new content version (``content_changed``,
called from ``articles/signals.py`` and after bulk updates), and a page is stored with
the version it was rendered at, so the next request after a change renders afresh on
every app server: nothing waits for a timeout. The version also changes by itself when
the next scheduled article's publication time comes.

Only GET and HEAD requests without a session are served from the cache. Signed-in staff,
readers with a message waiting, and pages that show a reader something of their own
(their answer to "Do you like this article?") are always rendered. The CSRF token in a cached
page is replaced with the requesting reader's own on the way out.

If the cache cannot be reached, pages are served uncached and the failure is logged; a
change made meanwhile starts its new version as soon as the cache answers again.
"""

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from cms.routers import public_reads
from languages.scripts import transliterate_response

logger = logging.getLogger(__name__)

VERSION_KEY = "content:version"
NEXT_CHANGE_KEY = "content:next-change"
NO_SCHEDULED_CHANGE = -1
_CSRF_MARK = b"\x00csrf-token\x00"
_CSRF_INPUT = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')


# A change this process could not announce because the cache was away: announced as soon
# as the cache answers again (at this process's next page), so pages cached before the
# outage do not outlive it.
_version_owed = False

# The content version this process read last: (version, next scheduled change, when read,
# by time.monotonic()). Trusted for PAGE_CACHE_VERSION_SECONDS.
_last_read = None


def bump_version():
    """Start a new content version now; the next scheduled publication is worked out again."""
    global _version_owed, _last_read
    version = time.time()
    _last_read = None  # read the new version from the cache next time
    try:
        cache.set_many({VERSION_KEY: version}, timeout=None)
        cache.delete(NEXT_CHANGE_KEY)
        _version_owed = False
    except Exception as exc:
        _version_owed = True
        logger.error("Could not start a new content version (%s): will retry when the cache answers", exc)
    return version


def content_changed():
    """Readers' pages are out of date: start a new content version once the change is committed.

    Inside a transaction the new version starts on commit (once, however many objects
    changed), so no request can cache the old content under the new version in between.
    """
    forget_derived()  # this process sees its own change at once, committed or not
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        bump_version()
        return
    # Once per savepoint level: a registration made inside a savepoint that is later
    # rolled back is dropped by Django, and must not stand in for this one.
    savepoints = set(connection.savepoint_ids)
    if not any(func is bump_version and sids == savepoints for sids, func, _ in connection.run_on_commit):
        transaction.on_commit(bump_version)


# Pages this process served lately, as (version, headers, body) under their key. A page
# asked for again at the current version is served without fetching its body from the
# shared cache (tens of kilobytes to transfer and unpickle, every request). The version is
# still read there (at most PAGE_CACHE_VERSION_SECONDS apart, see current_version), so a
# change made through any server shows here within that time.
RECENT_PAGES = 256
_recent = OrderedDict()
_recent_lock = threading.Lock()


def _recall(key):
    with _recent_lock:
        entry = _recent.get(key)
        if entry is not None:
            _recent.move_to_end(key)
        return entry


def _keep(key, entry):
    with _recent_lock:
        _recent[key] = entry
        _recent.move_to_end(key)
        while len(_recent) > RECENT_PAGES:
            _recent.popitem(last=False)


def forget_recent_pages():
    """Forget this process's copies of recent pages, the values it derived from the content
    and the version it read last (tests start each from nothing)."""
    global _last_read
    _last_read = None
    with _recent_lock:
        _recent.clear()
    forget_derived()


# Values worked out from the content that many requests need again (the topics, the
# region tree, the bylines and photos on cards), kept by this process with the content
# version they were read at, and used while it is current. A change through this process
# forgets them at once (before it is committed: a value read in between is kept under the
# old version, which the commit ends); a change through another server ends the version
# here within PAGE_CACHE_VERSION_SECONDS, as for pages.
DERIVED_VALUES = 4096
_derived = OrderedDict()
_derived_lock = threading.Lock()


def forget_derived():
    """Forget every value this process derived from the content."""
    with _derived_lock:
        _derived.clear()


def derived_many(kind, ids, build):
    """``{id: value}`` for ``ids``: kept values of ``kind`` at the current content version,
    and ``build(missing ids)`` (a dict) for the others, which are then kept.

    Without a content version (the cache unreachable) everything is built afresh.
    """
    version, _values = current_version()
    found, missing = {}, []
    with _derived_lock:
        for id_ in ids:
            entry = _derived.get((kind, id_))
            if version is not None and entry is not None and entry[0] == version:
                _derived.move_to_end((kind, id_))
                found[id_] = entry[1]
            else:
                missing.append(id_)
    if missing:
        built = build(missing)
        found.update(built)
        if version is not None:
            with _derived_lock:
                for id_, value in built.items():
                    _derived[(kind, id_)] = (version, value)
                    _derived.move_to_end((kind, id_))
                while len(_derived) > DERIVED_VALUES:
                    _derived.popitem(last=False)
    return found


def derived(kind, build):
    """The value ``build()`` returns, kept for the current content version and reader
    language: a list in the order of Russian names, or of the Russian stories' topics, is
    not the English one."""
    return derived_many((kind, get_language()), [None], lambda _missing: {None: build()})[None]


def _next_scheduled_change():
    from .models import Article  # the models import this module's callers

    upcoming = (
        Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
    )
    return upcoming.timestamp() if upcoming else NO_SCHEDULED_CHANGE


def current_version(*keys):
    """The current content version, and the values of ``keys`` read in the same round trip.

    ``(None, {})`` when the cache is unreachable. Without ``keys``, the version this process
    read less than PAGE_CACHE_VERSION_SECONDS ago is trusted, unless a scheduled article has
    come due since.
    """
    global _last_read
    if not keys and _last_read is not None and not _version_owed:
        version, next_change, read_at = _last_read
        due = next_change is not None and 0 < next_change <= time.time()
        if not due and time.monotonic() - read_at < settings.PAGE_CACHE_VERSION_SECONDS:
            return version, {}
    try:
        values = cache.get_many([VERSION_KEY, NEXT_CHANGE_KEY, *keys])
        version, next_change = values.get(VERSION_KEY), values.get(NEXT_CHANGE_KEY)
        if _version_owed or version is None or (next_change is not None and 0 < next_change <= time.time()):
            version, next_change = bump_version(), None
        if next_change is None:
            next_change = _next_scheduled_change()
            cache.set(NEXT_CHANGE_KEY, next_change, timeout=None)
        _last_read = (version, next_change, time.monotonic())
        return version, values
    except Exception as exc:
        logger.warning("The cache is unreachable (%s): serving pages uncached", exc)
        return None, {}


def _cacheable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


def _store(key, version, response):
    body = _CSRF_INPUT.sub(rb"\1" + _CSRF_MARK + rb"\2", response.content)
    headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
    entry = (version, headers, body)
    try:
        cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception as exc:
        logger.warning("Could not store a page in the cache (%s)", exc)
    return entry


def _rebuild(request, entry):
    _version, headers, body = entry
    if _CSRF_MARK in body:
        body = body.replace(_CSRF_MARK, get_token(request).encode())
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    response.transliterated = True  # stored as rendered, in its script
    return response


def _render(view, request, args, kwargs):
    """The view's response, templates rendered now: their lazy queries belong to this page."""
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    # A page in a script variant (/uz-cyrl/) is kept already transliterated.
    return transliterate_response(response, get_language())


def public_page(view=None, *, personal_cookies=()):
    """Serve ``view`` to anonymous readers from the page cache, with conditional GET.

    ``personal_cookies``: cookies that make the page personal to the reader; a request
    carrying one is rendered, not cached.
    """
    if view is None:
        return lambda view: public_page(view, personal_cookies=personal_cookies)
    # A session means someone signed in (or a message kept for the reader); the session
    # itself is never loaded to find out.
    bypass = (*personal_cookies, settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)

    @wraps(view)
    def serve(request, *args, **kwargs):
        with public_reads():
            if request.method not in ("GET", "HEAD") or any(name in request.COOKIES for name in bypass):
                response = _render(view, request, args, kwargs)
                add_never_cache_headers(response)
                return response
            key, local, version, values = None, None, None, {}
            if settings.PAGE_CACHE_SECONDS > 0:
                key = "page:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
                # At most one round trip to the cache: the version (unless read a moment ago),
                # and this address's page unless this process served it lately.
                local = _recall(key)
                version, values = current_version() if local is not None else current_version(key)
            if version is None:  # the page cache is off, or the cache is unreachable
                response = _render(view, request, args, kwargs)
                patch_cache_control(response, max_age=0, must_revalidate=True)
                return response
            if local is not None and local[0] == version:
                entry = local
            elif local is not None:  # an older version here: another server may have the page
                entry = _shared_entry(key)
            else:
                entry = values.get(key)
            return _serve_cached(request, version, key, entry, view, args, kwargs)

    return serve


def _shared_entry(key):
    try:
        return cache.get(key)
    except Exception as exc:
        logger.warning("Could not read a page from the cache (%s)", exc)
        return None


def _serve_cached(request, version, key, entry, view, args, kwargs):
    """A page is stored under its address with the version it was rendered at; an entry
    from an older version is simply rendered again and replaced."""
    etag = quote_etag(f"{version:.6f}-{key[5:21]}")
    last_modified = int(version)
    validators = {"ETag": etag, "Last-Modified": http_date(last_modified)}
    if get_conditional_response(request, etag=etag, last_modified=last_modified) is not None:
        response = HttpResponseNotModified()
    elif entry is not None and entry[0] == version:
        response = _rebuild(request, entry)
        _keep(key, entry)
    else:
        response = _render(view, request, args, kwargs)
        if not _cacheable(response):
            return response
        _keep(key, _store(key, version, response))
    for name, value in validators.items():
        response[name] = value
    patch_cache_control(response, max_age=0, must_revalidate=True)
    if request.method == "HEAD" and not response.streaming:
        length = len(response.content)
        response.content = b""  # a HEAD answer has headers only, and says how long GET's body is
        response["Content-Length"] = str(length)
    return response
