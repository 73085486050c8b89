"""Sending notifications: signed, in the background, tried again with growing waits.

Each notification is a POST of JSON with these headers:

- ``Webhook-Id``: the delivery's id (the same on every retry: receivers drop repeats);
- ``Webhook-Event``: ``story.published``, ``story.updated``, ``story.corrected`` or
  ``story.unpublished``;
- ``Webhook-Signature``: ``t=<unix time>,v1=<hex>``, the HMAC-SHA256 of ``<t>.<body>`` with
  the webhook's secret. Receivers recompute it and refuse a mismatch or an old ``t``.

A 2xx answer is delivered. Anything else (an error, no answer, an answer not finished
within ``DEADLINE_SECONDS`` however slowly it comes) is tried again after
``RETRY_AFTER_SECONDS`` (10 s, 1 min, 5 min, 30 min, 2 h, 6 h), then given up; every try is
logged on the delivery (the admin's delivery log). A story's notifications reach each
webhook in the order they were made: one waits while an earlier one about the same story
is still to be sent. A notification overtaken by a later change is not sent at all (a
publication once the story is unpublished, an unpublishing once it is published again, and
anything but the unpublishing of a story no longer public), so a retry never tells partners
of a headline the newsroom has withdrawn.

Sending happens on a thread of its own after the change commits, a few notifications at a
time, so a slow or failing endpoint never slows or breaks publishing, nor holds up the
others for long; ``manage.py deliver_webhooks`` sends whatever is due (retries after a
restart, scheduled stories whose time came) and, with ``--loop``, keeps doing so.
"""

import concurrent.futures
import contextlib
import hashlib
import hmac
import http.client
import json
import logging
import queue
import socket
import threading
import time
import urllib.parse
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone

from articles.models import Article

from .models import Delivery, Event

logger = logging.getLogger("webhooks")

RETRY_AFTER_SECONDS = (10, 60, 300, 1800, 7200, 21600)
MOST_ATTEMPTS = len(RETRY_AFTER_SECONDS) + 1
TIMEOUT_SECONDS = 5  # to connect, and for each read
DEADLINE_SECONDS = 10  # for the whole exchange
WORKERS = 4  # notifications sent at once by the background thread

_queue = queue.Queue()
_worker = None
_worker_lock = threading.Lock()


def signature(secret, timestamp, body):
    """``Webhook-Signature``'s value for ``body`` (bytes) sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def post(url, body, headers, deadline=DEADLINE_SECONDS):
    """POST ``body`` to ``url``; the answer's status. However the endpoint dribbles its
    answer, the whole exchange ends by ``deadline`` seconds: the socket is shut then (a
    per-read timeout alone lets one byte every few seconds hold the sender forever)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) address: {url}")
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)

    cut_off = threading.Event()

    def cut():
        cut_off.set()
        sock = connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(deadline, cut)
    watchdog.daemon = True
    watchdog.start()
    try:
        path = parts.path or "/"
        connection.request(
            "POST", f"{path}?{parts.query}" if parts.query else path, body=body, headers=headers
        )
        status = connection.getresponse().status
        if cut_off.is_set():  # what came before the cut is no answer
            raise TimeoutError(f"no complete answer within {deadline} s")
        return status
    finally:
        watchdog.cancel()
        connection.close()


def prepare(delivery_row):
    """The request that sends ``delivery_row`` (url, body, headers), or None when a later
    change overtook it: a notification of a story no longer public, but its unpublishing,
    is marked so and never sent (a retry would tell of a withdrawn headline)."""
    if delivery_row.event != Event.UNPUBLISHED and not (
        Article.objects.published().filter(pk=delivery_row.article_id).exists()
    ):
        delivery_row.status, delivery_row.next_attempt_at = Delivery.Status.SUPERSEDED, None
        delivery_row.save(update_fields=["status", "next_attempt_at"])
        return None
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
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": f"{settings.SITE_NAME} webhooks",
        "Webhook-Id": str(delivery_row.uid),
        "Webhook-Event": delivery_row.event,
        "Webhook-Signature": signature(webhook.secret, timestamp, body),
    }
    return webhook.url, body, headers


def send(request):
    """Send a prepared request: ``(status or None, error)``. Touches no database, so it can
    run on any thread."""
    url, body, headers = request
    try:
        code = post(url, body, headers)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return None, (str(exc) or exc.__class__.__name__)[:500]
    return code, "" if 200 <= code < 300 else f"HTTP {code}"


def record(delivery_row, code, error, now):
    """Record one try's outcome on ``delivery_row``; whether it was delivered."""
    webhook = delivery_row.webhook
    delivery_row.attempts += 1
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


def waits_for_an_earlier(delivery_row, now):
    """Whether an earlier notification about the same story to the same webhook is still
    to be sent: this one then waits for it (partners hear of a story's changes in the order
    they were made), and is tried again when that one is."""
    earlier = (
        Delivery.objects.filter(
            webhook_id=delivery_row.webhook_id,
            article_id=delivery_row.article_id,
            pk__lt=delivery_row.pk,
            status__in=(Delivery.Status.PENDING, Delivery.Status.RETRYING),
        )
        .order_by("pk")
        .first()
    )
    if earlier is None:
        return False
    delivery_row.status = Delivery.Status.RETRYING
    delivery_row.next_attempt_at = max(earlier.next_attempt_at or now, now) + timedelta(seconds=1)
    delivery_row.save(update_fields=["status", "next_attempt_at"])
    return True


def due(now=None):
    """Deliveries waiting to be sent now: new ones, and retries whose time has come."""
    now = now or timezone.now()
    waiting = Q(status=Delivery.Status.PENDING) | Q(status=Delivery.Status.RETRYING, next_attempt_at__lte=now)
    return Delivery.objects.filter(waiting, webhook__is_active=True).select_related("webhook").order_by("pk")


def deliver(ids=None, now=None, workers=1):
    """Send the deliveries due now (among ``ids``, if given); how many were delivered.

    Each story's notifications to a webhook go in the order they were made, the next only
    once the one before it is delivered; those of different stories or webhooks go
    ``workers`` at a time, so one slow endpoint holds up only its own. The database is read
    and written on this thread only; the worker threads only send."""
    now = now or timezone.now()
    found = due(now)
    if ids is not None:
        found = found.filter(pk__in=ids)
    queues = {}
    for row in found:
        queues.setdefault((row.webhook_id, row.article_id), []).append(row)
    delivered = 0
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        while queues:
            batch = []
            for key, rows in list(queues.items()):
                row = rows.pop(0)
                if not rows:
                    del queues[key]
                if waits_for_an_earlier(row, now):
                    queues.pop(key, None)  # the later ones wait too
                    continue
                request = prepare(row)
                if request is not None:
                    batch.append((row, request))
            requests = [request for _row, request in batch]
            outcomes = pool.map(send, requests) if pool else map(send, requests)
            for (row, _request), (code, error) in zip(batch, outcomes, strict=True):
                if record(row, code, error, now):
                    delivered += 1
                else:
                    queues.pop((row.webhook_id, row.article_id), None)
    finally:
        if pool:
            pool.shutdown(wait=True)
    return delivered


def _work():
    while True:
        ids = _queue.get()
        try:
            deliver(ids, workers=WORKERS)
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
