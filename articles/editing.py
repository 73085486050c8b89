"""Editing an article safely: one edit token, raised by every write, checked under a row lock.

Every save of an article raises ``Article.edit_version`` by one (``Article.save``). A form
remembers the value it was opened at (``admin/forms.py``, ``edit_token``); before it
writes, the admin reads the row with ``lock_for_edit`` (PostgreSQL: ``SELECT … FOR
UPDATE``; SQLite: every transaction takes the write lock when it begins, see
``cms/settings/base.py``) and the form compares. So two saves at the same moment cannot
both pass the check: the second waits for the first to commit, then sees its version.

Writes that change an article without saving its row (its topic links, a merge, a bulk
region) call ``touch`` so a form opened before them is refused too.

Fixtures and revisions do not record some fields (the token, who started the article,
what the importer last wrote): restoring or reloading must keep what the row holds now,
never wind them back (``keep_unrecorded``).
"""

from django.db.models import F

from .models import Article


def lock_for_edit(pk):
    """The article as the database holds it now, locked until the transaction ends (None if gone).

    Call inside ``transaction.atomic``.
    """
    return Article.objects.select_for_update().filter(pk=pk).first()


def touch(article_ids):
    """Count a write that did not save the articles' rows (links, merges) as a change to each."""
    ids = list(article_ids)
    if ids:
        Article.objects.filter(pk__in=ids).update(edit_version=F("edit_version") + 1)


def unrecorded_fields():
    """The article's columns that fixtures and revisions leave out (``serialize=False``)."""
    return [field for field in Article._meta.concrete_fields if not field.serialize and not field.primary_key]


def keep_unrecorded(article, current):
    """Give ``article`` (restored or loaded from a record) ``current``'s unrecorded values."""
    for field in unrecorded_fields():
        setattr(article, field.attname, getattr(current, field.attname))
