"""Values worked out from the content that many requests need again, kept by each process
for the clock reading they were read at (``changes``): the topics, the region tree,
cards' bylines and photos, a story's translations.

They are used while the clock has not moved. A change through this process forgets them
at once (before it is committed: a value read in between is kept under the old reading,
which the commit ends); a change through another server moves the clock, which this
process reads again at most ``PAGE_CACHE_VERSION_SECONDS`` later.
"""

import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from . import changes

logger = logging.getLogger("articles.caching")


class LRU:
    """A bounded mapping shared by a process's threads; the least recently used entry
    goes first when it is full."""

    def __init__(self, size):
        self.size = size
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, default=None):
        with self._lock:
            if key not in self._entries:
                return default
            self._entries.move_to_end(key)
            return self._entries[key]

    def put(self, key, value):
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()

    def __len__(self):
        return len(self._entries)

    def __contains__(self, key):
        return key in self._entries


DERIVED_VALUES = 4096
derived_values = LRU(DERIVED_VALUES)

# The clock reading this process read last, and when (time.monotonic()).
_last_read = None


def current_clock():
    """The clock reading (``changes``), read again when the one this process has is older
    than PAGE_CACHE_VERSION_SECONDS; ``None`` when the cache does not answer."""
    global _last_read
    if _last_read is not None and time.monotonic() - _last_read[1] < settings.PAGE_CACHE_VERSION_SECONDS:
        return _last_read[0]
    try:
        reading = cache.get(changes.CLOCK_KEY, 0)
    except Exception as exc:
        logger.warning("The cache is unreachable (%s): values are read afresh", exc)
        return None
    _last_read = (reading, time.monotonic())
    return reading


def forget(_keys=None):
    """Forget every value this process derived from the content, and the clock it read."""
    global _last_read
    _last_read = None
    derived_values.clear()


changes.listeners.append(forget)


def derived_many(kind, ids, build):
    """``{id: value}`` for ``ids``: kept values of ``kind`` at the current clock reading,
    and ``build(missing ids)`` (a dict) for the others, which are then kept.

    Without a reading (the cache unreachable) everything is built afresh.
    """
    reading = current_clock()
    found, missing = {}, []
    for id_ in ids:
        entry = derived_values.get((kind, id_))
        if reading is not None and entry is not None and entry[0] == reading:
            found[id_] = entry[1]
        else:
            missing.append(id_)
    if missing:
        built = build(missing)
        found.update(built)
        if reading is not None:
            for id_, value in built.items():
                derived_values.put((kind, id_), (reading, value))
    return found


def derived(kind, build):
    """The value ``build()`` returns, kept for the current clock reading and reader
    language: a list in the order of Russian names is not the English one."""
    return derived_many((kind, get_language()), [None], lambda _missing: {None: build()})[None]
