"""Compile the interface's translations (locale/*/LC_MESSAGES/django.po) into .mo files.

Django's own ``compilemessages`` runs GNU gettext's ``msgfmt``, which a fresh machine may
not have; this does the same in Python (polib), so correcting a string needs nothing but
the repository's requirements. The compiled files are committed with their sources, and
``tests/test_interface_translations.py`` checks that they are up to date.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogs():
    """Every django.po under the project's LOCALE_PATHS."""
    for folder in settings.LOCALE_PATHS:
        yield from sorted(Path(folder).glob("*/LC_MESSAGES/django.po"))


def compile_catalog(po_path):
    """Write ``po_path``'s .mo beside it; return the number of translated messages."""
    try:
        catalog = polib.pofile(str(po_path), wrapwidth=0)
    except (OSError, ValueError) as exc:
        raise CommandError(f"{po_path} cannot be read: {exc}") from None
    mo_path = po_path.with_suffix(".mo")
    temporary = mo_path.with_suffix(".mo.tmp")
    catalog.save_as_mofile(str(temporary))
    temporary.replace(mo_path)  # readers of the old file never see half a new one
    return len(catalog.translated_entries())


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/django.po into .mo files, in Python (no gettext needed)."

    def handle(self, *args, **options):
        found = False
        for po_path in catalogs():
            found = True
            count = compile_catalog(po_path)
            shown = (
                po_path.relative_to(settings.BASE_DIR)
                if po_path.is_relative_to(settings.BASE_DIR)
                else po_path
            )
            self.stdout.write(f"{shown}: {count} messages")
        if not found:
            raise CommandError(f"No django.po under {', '.join(map(str, settings.LOCALE_PATHS))}.")
