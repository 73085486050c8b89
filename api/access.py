"""Who may call the API, and how often: API keys and rate limits, checked before anything
else (before the page cache too, so every request counts).

A request names its key as ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``; an
unknown or revoked key is refused (401), never taken for anonymous use. Each key has its
own limit per minute (``ApiKey.requests_per_minute``); requests without a key share a lower
one per address (``API_ANONYMOUS_REQUESTS_PER_MINUTE``), and so do guesses at keys. Counts
are kept in the shared cache (Redis in production), so every app server counts against the
same limit: a fixed window of one minute, counted with ``incr`` (atomic on Redis; the
database cache of development counts by read and write).

Answers are private to their caller (``_not_shared``): no shared cache may keep them.
"""

import functools
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.client_ip import client_ip

from .models import ApiKey

logger = logging.getLogger("api")

WINDOW_SECONDS = 60


def presented_key(request):
    """The key the request names, or None; "" for a header that names none properly."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _space, value = header.partition(" ")
        return value.strip() if scheme.lower() == "bearer" else ""
    return request.headers.get("X-API-Key")


def _refusal(status, detail, **headers):
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _count(ident, limit):
    """How many requests ``ident`` made in this minute, this one included, and the seconds
    left in the minute; (0, …) when the cache does not answer (the API then serves)."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"api-rate:{ident}:{window}"
    left = math.ceil((window + 1) * WINDOW_SECONDS - now)
    try:
        cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
        return cache.incr(key), left
    except ValueError:  # expired between add and incr: the minute is over
        return 1, left
    except Exception as exc:
        logger.warning("The cache is unreachable (%s): API requests are not counted", exc)
        return 0, left


def _note_use(api_key):
    """Record when the key was last used: once a minute at most (``last_used_at``)."""
    now = timezone.now()
    if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() >= WINDOW_SECONDS:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)


def api_access(view):
    """Serve ``view`` to a request with a valid key (or none) within its rate limit, with
    the limit's headers and CORS for browsers (the API is public and read-only)."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        key = presented_key(request)
        api_key = ApiKey.objects.for_key(key) if key is not None else None
        bad_key = key is not None and api_key is None
        if api_key is not None:
            limit, ident = api_key.requests_per_minute, f"key{api_key.pk}"
        else:  # anonymous use, and guesses at keys, count against the address
            limit, ident = settings.API_ANONYMOUS_REQUESTS_PER_MINUTE, f"ip{client_ip(request)}"
        made, left = _count(ident, limit)
        if made > limit:
            response = _refusal(429, _too_many(api_key, limit, left), Retry_After=str(left))
        elif bad_key:
            response = _refusal(
                401,
                _("This API key is not valid: it may have been revoked. Ask the newsroom for a new one."),
                WWW_Authenticate='Bearer realm="api"',
            )
        else:
            request.api_key = api_key
            if api_key is not None:
                _note_use(api_key)
            response = view(request, *args, **kwargs)
        response["RateLimit-Limit"] = str(limit)
        response["RateLimit-Remaining"] = str(max(limit - made, 0))
        response["RateLimit-Reset"] = str(left)
        return _cors(_not_shared(response))

    return guarded


def _too_many(api_key, limit, left):
    if api_key is not None:
        return _(
            "Too many requests: this key may make %(limit)d a minute. Try again in %(seconds)d seconds."
        ) % {
            "limit": limit,
            "seconds": left,
        }
    return _(
        "Too many requests without an API key: %(limit)d a minute are allowed. "
        "Try again in %(seconds)d seconds, or ask the newsroom for a key."
    ) % {"limit": limit, "seconds": left}


def _not_shared(response):
    """No shared cache (Varnish, a CDN, a proxy) may keep an answer: each carries its
    caller's limit, and each call must reach the app to be counted, whatever spelling of
    the address a cache would match (/%61pi/ is /api/). Callers may keep it and ask again
    with its ETag (a 304 costs no query)."""
    response["Cache-Control"] = "private, no-cache"
    for name in ("xkey", "Surrogate-Key", "Cache-Tag"):
        if name in response:
            del response[name]
    return response


def _cors(response):
    # Published content for anyone's pages and apps: no cookies are read or set.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = (
        "ETag, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After"
    )
    return response


def not_found(request, rest=""):
    """Any other address under /api/: a 404 in JSON, as the API's own."""
    return _cors(_not_shared(JsonResponse({"detail": "Not Found"}, status=404)))
