"""WSGI entry point; production runs it under gunicorn with ``cms.settings.prod``."""

import os
import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.prod")

try:
    settings.INSTALLED_APPS  # noqa: B018 (loading the settings checks the environment)
except ImproperlyConfigured as exc:
    # A bad or missing environment variable: one clear line in the server's log.
    sys.exit(f"Configuration error: {exc}")

application = get_wsgi_application()
