"""Django in a fresh interpreter, as gunicorn, manage.py or a second app server would start
it: for tests of settings and of what several processes do at once."""

import os
import subprocess
import sys

from django.conf import settings

PROJECT = settings.BASE_DIR


# What a developer's shell or a CI job (DATABASE_URL, say) may hold that would change what a
# fresh process loads: every subprocess test starts without these and sets its own.
INHERITED_PREFIXES = (
    "DJANGO_",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "DATABASE_",
    "CACHE_",
    "REDIS_",
    "PAGE_CACHE_",
    "MEDIA_STORAGE",
    "AWS_",
    "SECURE_",
    "SESSION_COOKIE_",
    "CSRF_COOKIE_",
)


def fresh_python(settings_module, *args, **env):
    """``python args`` in a fresh interpreter under ``settings_module``, with only ``env``
    of the deployment variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(INHERITED_PREFIXES)}
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env=clean | {"DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def start_django(settings_module, **env):
    """Import the settings in a fresh interpreter, as gunicorn or manage.py would."""
    setup = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    return fresh_python(settings_module, "-c", setup, **env)
