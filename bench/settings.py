"""The load test's server: production settings plus the two floors' URLs (``bench/urls.py``)."""

from cms.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
