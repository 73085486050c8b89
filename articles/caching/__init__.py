"""Caching readers' pages, and invalidating exactly what a change touches.

- ``keys``: the surrogate keys of what a page shows, and of what a change touches;
- ``changes``: announcing changes (the clock and each key's last change in the shared
  cache), scheduled stories coming due;
- ``purging``: asking HTTP accelerators (Varnish) to drop pages by key;
- ``pages``: serving and storing pages (``public_page``) and the headers accelerators read;
- ``kept``: values worked out from the content, kept per process for the clock reading.

docs/deploy.md describes Varnish in front; signals.py announces every change.
"""

from .changes import announce, everything_changed
from .kept import LRU, current_clock, derived, derived_many
from .kept import forget as forget_derived
from .pages import forget_recent_pages, public_page

__all__ = [
    "LRU",
    "announce",
    "current_clock",
    "derived",
    "derived_many",
    "everything_changed",
    "forget_derived",
    "forget_recent_pages",
    "public_page",
]
