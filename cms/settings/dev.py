"""Development: SQLite in the repository, a throwaway secret, media served by Django."""

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY
from .base import env_bool, env_int

# A development-only key: prod.py refuses to start without a real one.
SECRET_KEY = _SECRET_KEY or "dev-only-not-secret-7d1f0c2e9b4a"
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Template and code changes show at once while developing; `make serve` runs with the
# production default (600 seconds).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
ALLOW_LOCAL_EDITOR = True
