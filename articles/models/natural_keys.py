"""Natural keys, declared once per model.

A fixture names a row by its natural key instead of its id, so fixtures load into any
database. A model lists in ``natural_key_fields`` the lookups that name one of its rows
(``("slug",)``; ``("article__slug", "author__slug")`` for a name in a byline) and, when they
follow foreign keys, the models whose rows must be loaded first in
``natural_key_dependencies``. ``natural_key()`` reads those values from a row, and the
manager's ``get_by_natural_key()`` finds the row again: django-taggit's
``NaturalKeyManager``, which topics and tagged stories have from taggit itself.
"""

import uuid

from taggit.models import NaturalKeyManager


def keyed_manager(queryset_class=None):
    """A manager whose ``get_by_natural_key`` looks rows up by ``natural_key_fields``, with
    ``queryset_class``'s methods when given."""
    return NaturalKeyManager.from_queryset(queryset_class)() if queryset_class else NaturalKeyManager()


class NaturalKeyed:
    """``natural_key()`` from ``natural_key_fields`` (mixed into a model)."""

    natural_key_fields = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        dependencies = cls.__dict__.get("natural_key_dependencies")
        if dependencies:
            # Django's serialisers read the models to load first off the method itself.
            def natural_key(self):
                return NaturalKeyed.natural_key(self)

            natural_key.dependencies = list(dependencies)
            cls.natural_key = natural_key

    def natural_key(self):
        return tuple(_value(self, path) for path in self.natural_key_fields)


def _value(row, path):
    """The value at ``path`` (``article__slug``) from ``row``, as fixtures write it."""
    for name in path.split("__"):
        row = getattr(row, name)
    return str(row) if isinstance(row, uuid.UUID) else row
