"""Announcing changes: the clock, each key's last change, and purging the accelerators.

The shared cache holds a counter, the **clock**, that moves on every change readers can
see, and for each surrogate key the clock reading of its last change. A page is stored
with the clock reading taken before it was drawn; it is current while none of its keys
changed after that reading (``is_current``). Counting instead of timestamps keeps app
servers whose clocks disagree from keeping a page drawn before a change.

A change is announced once it is committed (``announce``): inside a transaction, when it
commits; a rollback announces nothing. Then each configured HTTP accelerator (Varnish)
is asked to purge the pages carrying those keys (``purging``).

The clock also marks when a scheduled story's time comes: the next such time is kept in
the shared cache, and the first page served after it announces what publishing the
story touches (``due``).
"""

import logging
import threading
import time
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import transaction

from . import keys as page_keys
from . import purging

logger = logging.getLogger("articles.caching")

CLOCK_KEY = "content:clock"
KEY_PREFIX = "content:key:"
NEXT_DUE_KEY = "content:next-due"
DUE_CHECKED_KEY = "content:due-checked"
NOTHING_DUE = -1

# Keys this process could not announce because the cache was away: announced as soon as
# it answers again (at this process's next page), so pages kept before the outage do
# not outlive it.
_owed = set()
_owed_lock = threading.Lock()
# Called with the keys of every change this process announces (the values kept per
# clock reading are forgotten, ``kept.forget``); set by the package.
listeners = []
# Called with the ids of the scheduled stories ``due`` finds have come out (the webhooks
# tell partners of them); set by the apps that care.
came_due = []


def clock_key(key):
    return KEY_PREFIX + key


def read(keys):
    """``{key: clock reading of its last change}`` (0: never changed), and the clock, in
    one round trip. Raises when the cache does not answer."""
    names = [CLOCK_KEY, *(clock_key(key) for key in keys)]
    found = cache.get_many(names)
    return found.get(CLOCK_KEY, 0), {key: found.get(clock_key(key), 0) for key in keys}


def read_clock():
    """The clock and the next scheduled time, in one round trip. Raises when the cache
    does not answer."""
    found = cache.get_many([CLOCK_KEY, NEXT_DUE_KEY])
    return found.get(CLOCK_KEY, 0), found.get(NEXT_DUE_KEY)


def read_for_page(page_key, keys):
    """For serving a page, in one round trip: the clock, the next scheduled time, the page
    stored under ``page_key`` (unless None) and ``{key: last change}`` for ``keys``."""
    names = [CLOCK_KEY, NEXT_DUE_KEY, *(clock_key(key) for key in keys)]
    if page_key:
        names.append(page_key)
    found = cache.get_many(names)
    changed = {key: found.get(clock_key(key), 0) for key in keys}
    return (
        found.get(CLOCK_KEY, 0),
        found.get(NEXT_DUE_KEY),
        found.get(page_key) if page_key else None,
        changed,
    )


def is_due(next_due):
    """Whether a scheduled story's time may have come (``None``: not known yet)."""
    return next_due is None or (next_due != NOTHING_DUE and next_due <= time.time())


def unchanged_since(checked_at, reading):
    """Whether nothing was announced between two clock readings: a page found current at
    the first is still current at the second, its keys unread. A clock the cache does not
    hold (0: never set, or lost) proves nothing."""
    return bool(reading) and checked_at == reading


def is_current(drawn_at, changed):
    """Whether a page drawn at clock reading ``drawn_at`` is current, given its keys' last
    changes."""
    return all(reading <= drawn_at for reading in changed.values())


def _tick():
    """Move the clock on; its new reading."""
    try:
        return cache.incr(CLOCK_KEY)
    except ValueError:  # never set (a new cache), or evicted
        # Started from the time, so it never goes back; kept with no expiry, as the keys'
        # last changes are.
        cache.add(CLOCK_KEY, int(time.time() * 1000), timeout=None)
        return cache.incr(CLOCK_KEY)


def publish(keys):
    """Mark ``keys`` changed now in the shared cache and purge them from the accelerators."""
    global _owed
    with _owed_lock:
        keys = set(keys) | _owed
        _owed = set()
    for listener in listeners:
        listener(keys)
    try:
        reading = _tick()
        cache.set_many({clock_key(key): reading for key in keys}, timeout=None)
        # Once more, after the keys: a process that read the clock and the keys in between
        # (the keys not yet marked) sees the clock move again, and reads the keys again.
        _tick()
    except Exception as exc:
        with _owed_lock:
            _owed.update(keys)
        logger.error("Could not announce a change (%s): will retry when the cache answers", exc)
    purging.purge(keys)


def settle_owed():
    """Announce what an outage of the cache kept back (called before serving a page)."""
    if _owed:
        publish(())


# Keys announced inside a transaction and not yet published, per thread: published by the
# first on-commit callback that runs (the others find nothing left). Keys of a transaction
# that rolls back stay here and go out with the next commit: at worst a page is drawn once
# more, never kept stale.
_pending = threading.local()


def _pending_keys():
    if not hasattr(_pending, "keys"):
        _pending.keys = set()
    return _pending.keys


def _flush():
    keys = _pending_keys()
    if keys:
        gathered = set(keys)
        keys.clear()
        publish(gathered)


def announce(keys):
    """Pages showing any of ``keys`` are out of date, once the change is committed.

    Inside a transaction the keys are gathered and announced together on commit, so no
    request can keep the old content after it.
    """
    keys = set(keys)
    if not keys:
        return
    for listener in listeners:
        listener(keys)  # this process sees its own change at once, committed or not
    _pending_keys().update(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_flush)
    else:
        _flush()


def discard_pending():
    """Drop keys gathered in a transaction that will never commit here (a test's)."""
    _pending_keys().clear()


def everything_changed():
    """Every page is out of date (a change nothing narrower describes)."""
    announce({page_keys.ALL})


# Scheduled stories


def _next_due():
    from articles.models import Article

    upcoming = (
        Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
    )
    return upcoming.timestamp() if upcoming else NOTHING_DUE


def forget_next_due():
    """A story was scheduled or rescheduled: work the next due time out again."""
    try:
        cache.delete(NEXT_DUE_KEY)
    except Exception as exc:
        logger.warning("Could not reset the next scheduled time (%s)", exc)


def due():
    """Announce the stories whose scheduled time has come since the last look; whether
    any had."""
    from articles.models import Article

    try:
        found = cache.get_many([NEXT_DUE_KEY, DUE_CHECKED_KEY])
        now = time.time()
        if not is_due(found.get(NEXT_DUE_KEY)):
            return False  # another request has just looked
        checked = found.get(DUE_CHECKED_KEY)
        changed = set()
        if checked is not None:
            came = Article.objects.published().filter(
                published_at__gt=datetime.fromtimestamp(checked, tz=UTC),
                published_at__lte=datetime.fromtimestamp(now, tz=UTC),
            )
            ids = []
            for pk, language in came.values_list("pk", "language"):
                changed |= page_keys.story_listing(pk, language)
                ids.append(pk)
            for listener in came_due if ids else ():
                listener(ids)
        cache.set_many({DUE_CHECKED_KEY: now, NEXT_DUE_KEY: _next_due()}, timeout=None)
        if changed:
            publish(changed)
        return bool(changed)
    except Exception as exc:
        logger.warning("Could not look for scheduled stories (%s)", exc)
        return False
