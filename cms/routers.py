"""Database routing: public pages read from the replica, when one is configured.

Everything else (the admin, readers' posts, management commands) reads and writes the
primary, so an editor always sees what they just saved.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_public_reads = ContextVar("public_reads", default=False)


@contextmanager
def public_reads():
    """Within this block, reads may go to the replica."""
    token = _public_reads.set(True)
    try:
        yield
    finally:
        _public_reads.reset(token)


class PublicReadsToReplica:
    """Send reads made inside ``public_reads()`` to the "replica" database."""

    def db_for_read(self, model, **hints):
        # The database cache holds the keys' last changes: they must be read where they are
        # written, never from a copy that may lag behind.
        if (
            _public_reads.get()
            and "replica" in settings.DATABASES
            and model._meta.app_label != "django_cache"
        ):
            return "replica"
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
