"""Sending notifications: signed, in the background, tried again with growing waits.

Each notification is a POST of JSON with these headers:

- ``Webhook-Id``: the delivery's id (the same on every retry: receivers drop repeats);
- ``Webhook-Event``: ``story.published``, ``story.updated``, ``story.corrected`` or
  ``story.unpublished``;
- ``Webhook-Signature``: ``t=<unix time>,v1=<hex>``, the HMAC-SHA256 of ``<t>.<body>`` with
  the webhook's secret. Receivers recompute it and refuse a mismatch or an old ``t``.

A 2xx answer is delivered. Anything else (an error, a timeout, no answer) is tried again
after ``RETRY_AFTER_SECONDS`` (10 s, 1 min, 5 min, 30 min, 2 h, 6 h), then given up; every
try is logged on the delivery (the admin's delivery log). Sending happens on a thread of
its own after the change commits, so a slow or failing endpoint never slows or breaks
publishing; ``manage.py deliver_webhooks`` sends whatever is due (retries after a restart,
scheduled stories whose time came) and, with ``--loop``, keeps doing so.
"""

import hashlib
import hmac
import json
import logging
import queue
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone

from .models import Delivery

logger = logging.getLogger("webhooks")

RETRY_AFTER_SECONDS = (10, 60, 300, 1800, 7200, 21600)
MOST_ATTEMPTS = len(RETRY_AFTER_SECONDS) + 1
TIMEOUT_SECONDS = 5

_queue = queue.Queue()
_worker = None
_worker_lock = threading.Lock()


def signature(secret, timestamp, body):
    """``Webhook-Signature``'s value for ``body`` (bytes) sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def attempt(delivery_row, now=None):
    """Send ``delivery_row`` once and record the outcome; whether it was delivered."""
    now = now or timezone.now()
    webhook = delivery_row.webhook
    body = json.dumps(
        {
            "id": str(delivery_row.uid),
            "created_at": delivery_row.created_at.isoformat(),
            **delivery_row.payload,
        },
        ensure_ascii=False,
    ).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": f"{settings.SITE_NAME} webhooks",
            "Webhook-Id": str(delivery_row.uid),
            "Webhook-Event": delivery_row.event,
            "Webhook-Signature": signature(webhook.secret, timestamp, body),
        },
    )
    delivery_row.attempts += 1
    code, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            code = response.status
    except urllib.error.HTTPError as exc:
        code, error = exc.code, f"HTTP {exc.code}"
    except (OSError, urllib.error.URLError, ValueError) as exc:
        error = str(getattr(exc, "reason", exc))[:500] or exc.__class__.__name__
    delivery_row.last_status_code = code
    if code is not None and 200 <= code < 300:
        delivery_row.status, delivery_row.delivered_at = Delivery.Status.DELIVERED, now
        delivery_row.last_error, delivery_row.next_attempt_at = "", None
    elif delivery_row.attempts >= MOST_ATTEMPTS:
        delivery_row.status, delivery_row.last_error, delivery_row.next_attempt_at = (
            Delivery.Status.FAILED,
            error,
            None,
        )
        logger.error(
            "Webhook %s: %s given up after %d tries (%s)",
            webhook,
            delivery_row.uid,
            delivery_row.attempts,
            error,
        )
    else:
        wait = RETRY_AFTER_SECONDS[delivery_row.attempts - 1]
        delivery_row.status, delivery_row.last_error = Delivery.Status.RETRYING, error
        delivery_row.next_attempt_at = now + timedelta(seconds=wait)
        logger.warning(
            "Webhook %s: %s failed (%s); trying again in %s s", webhook, delivery_row.uid, error, wait
        )
    delivery_row.save(
        update_fields=[
            "attempts",
            "status",
            "last_status_code",
            "last_error",
            "next_attempt_at",
            "delivered_at",
        ]
    )
    return delivery_row.status == Delivery.Status.DELIVERED


def due(now=None):
    """Deliveries waiting to be sent now: new ones, and retries whose time has come."""
    now = now or timezone.now()
    waiting = Q(status=Delivery.Status.PENDING) | Q(status=Delivery.Status.RETRYING, next_attempt_at__lte=now)
    return Delivery.objects.filter(waiting, webhook__is_active=True).select_related("webhook").order_by("pk")


def deliver(ids=None, now=None):
    """Send the deliveries due now (among ``ids``, if given); how many were delivered."""
    found = due(now)
    if ids is not None:
        found = found.filter(pk__in=ids)
    return sum(attempt(row, now) for row in found)


def _work():
    while True:
        ids = _queue.get()
        try:
            deliver(ids)
            # Retries of these are taken up when their time comes.
            for row in Delivery.objects.filter(pk__in=ids, status=Delivery.Status.RETRYING):
                wait = max((row.next_attempt_at - timezone.now()).total_seconds(), 0)
                timer = threading.Timer(wait, _queue.put, args=([row.pk],))
                timer.daemon = True
                timer.start()
        except Exception:  # never let the worker die
            logger.exception("Sending webhooks failed")
        finally:
            close_old_connections()
            _queue.task_done()


def send_soon(ids):
    """Send these deliveries on the background thread (or now, where
    ``WEBHOOKS_IN_BACKGROUND`` is off: tests)."""
    if not settings.WEBHOOKS_IN_BACKGROUND:
        deliver(ids)
        return
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="webhooks", daemon=True)
            _worker.start()
    _queue.put(list(ids))


def wait(timeout=10):
    """Block until what was handed to the background thread was tried (tests, commands)."""
    deadline = time.monotonic() + timeout
    while _queue.unfinished_tasks and time.monotonic() < deadline:
        time.sleep(0.01)
