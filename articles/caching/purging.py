"""Purging the HTTP accelerators (Varnish) in front of the app servers by surrogate key.

Each address in ``settings.CACHE_PURGE_URLS`` receives ``PURGE /`` with the keys in an
``xkey-purge`` header (deploy/varnish/default.vcl accepts it only from the app servers'
addresses). Purges are sent by a background thread, so a slow or absent accelerator never
slows an editor's save; a failed purge is retried a few times and logged. Whatever a purge
misses is still gone within ``PAGE_SHARED_MAX_AGE`` plus ``PAGE_SHARED_GRACE`` seconds, how
long the accelerator may keep a page (``pages.public_headers``).
"""

import logging
import queue
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger("articles.caching")

# Varnish's default limit on a request header is 8 KB; keys are sent in batches under it.
HEADER_LIMIT = 4000
RETRY_SECONDS = (0.5, 2, 5)  # after each failed try; then the purge is given up (logged)
TIMEOUT_SECONDS = 3

_queue = queue.Queue()
_worker = None
_worker_lock = threading.Lock()


def batches(keys, limit=HEADER_LIMIT):
    """``keys`` as space-separated header values, each at most ``limit`` characters."""
    batch, length = [], 0
    for key in sorted(keys):
        if batch and length + 1 + len(key) > limit:
            yield " ".join(batch)
            batch, length = [], 0
        batch.append(key)
        length += len(key) + (1 if length else 0)
    if batch:
        yield " ".join(batch)


def send(url, header):
    """One purge request; raises on failure. The number of pages purged, as Varnish says."""
    request = urllib.request.Request(url.rstrip("/") + "/", method="PURGE", headers={"xkey-purge": header})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        return response.headers.get("X-Purged")


def purge_now(url, header, retries=RETRY_SECONDS, sleep=time.sleep):
    """Send one purge to ``url``, retrying after each delay in ``retries``; whether it went."""
    for attempt, delay in enumerate((*retries, None), start=1):
        try:
            send(url, header)
            return True
        except (OSError, urllib.error.URLError) as exc:
            if delay is None:
                logger.error(
                    "Purge of %s at %s failed %d times (%s): given up", header[:80], url, attempt, exc
                )
                return False
            logger.warning("Purge at %s failed (%s): trying again in %s s", url, exc, delay)
            sleep(delay)
    return False


def _work():
    while True:
        url, header = _queue.get()
        try:
            purge_now(url, header)
        except Exception:  # never let the worker die
            logger.exception("Purge at %s failed", url)
        finally:
            _queue.task_done()


def purge(keys):
    """Ask every configured accelerator to drop the pages carrying ``keys`` (in the
    background; returns at once)."""
    global _worker
    urls = getattr(settings, "CACHE_PURGE_URLS", ())
    if not urls or not keys:
        return
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="cache-purge", daemon=True)
            _worker.start()
    for header in batches(keys):
        for url in urls:
            _queue.put((url, header))


def wait(timeout=10):
    """Block until the purges asked for so far were sent or given up (tests, commands)."""
    deadline = time.monotonic() + timeout
    while _queue.unfinished_tasks and time.monotonic() < deadline:
        time.sleep(0.01)
