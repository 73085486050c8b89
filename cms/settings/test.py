"""Tests: development settings with fast password hashing and quiet logs."""

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
# One process: an in-memory cache, cleared before every test (tests/conftest.py). The
# page cache is off unless a test turns it on (tests/test_caching.py, browser tests).
# Large enough that no test loses an entry to culling (Django's default keeps 300): a key's
# last change culled would make a page look current, which production's Redis never does
# (docs/deploy.md: no expiry on those, volatile-lru).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests",
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
}
PAGE_CACHE_SECONDS = 0
PAGE_CACHE_VERSION_SECONDS = 0  # tests that want it set it
# Webhook notifications sent in the request, so tests see them at once (one test turns the
# background thread on).
WEBHOOKS_IN_BACKGROUND = False
