#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.core.management.base import CommandParser, handle_default_options

    # Django reads --settings and --pythonpath only once the command runs; the settings are
    # loaded below, before that, so read those two options first, the way Django does.
    early = CommandParser(add_help=False, allow_abbrev=False)
    early.add_argument("--settings")
    early.add_argument("--pythonpath")
    options, _ = early.parse_known_args(sys.argv[2:])
    handle_default_options(options)
    try:
        settings.INSTALLED_APPS  # noqa: B018 (loading the settings checks the environment)
    except ImproperlyConfigured as exc:
        # A bad or missing environment variable: one clear line, not a traceback.
        sys.exit(f"Configuration error: {exc}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
