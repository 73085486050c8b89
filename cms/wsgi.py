"""WSGI entry point; production runs it under gunicorn with ``cms.settings.prod``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.prod")

application = get_wsgi_application()
