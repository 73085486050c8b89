"""For migrations that move a model from one app to another, its table left where it is.

Django names a model's content type after its app. Moving the content type with the model
keeps everything that points at it: the permissions groups and people hold
(``change_comment``…), the admin's history, django-reversion's versions.
"""

from django.db import migrations


def content_types_moved(source, target, *models):
    """A RunPython operation moving the content types of ``models`` (names in lower case)
    from app ``source`` to app ``target``, and back when the migration is reversed."""

    def move(apps, schema_editor, old, new):
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(
            schema_editor.connection.alias
        )
        for model in models:
            if content_types.filter(app_label=new, model=model).exists():
                continue  # made already (a fresh database: post_migrate runs after every migration)
            content_types.filter(app_label=old, model=model).update(app_label=new)

    return migrations.RunPython(
        lambda apps, schema_editor: move(apps, schema_editor, source, target),
        lambda apps, schema_editor: move(apps, schema_editor, target, source),
    )
