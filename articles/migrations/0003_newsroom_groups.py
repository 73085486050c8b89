"""The two newsroom roles, with their permissions.

Contributors write: they create and edit articles and send them to review, but cannot
publish (the publish_article permission); the admin also stops them changing or
deleting articles that are published or scheduled. Editors can do everything with
content.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTRIBUTOR_PERMISSIONS = {
    "article": ("view", "add", "change", "delete"),
    "articleauthor": ("view", "add", "change", "delete"),
    "imagecaption": ("view", "add", "change", "delete"),
    "taggedarticle": ("view", "add", "change", "delete"),
    "author": ("view", "add", "change"),
    "topic": ("view", "add"),
    "region": ("view",),
    "sourceorganisation": ("view",),
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make sure they
    # exist now, on a fresh database too.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    articles_permissions = Permission.objects.filter(content_type__app_label="articles")

    contributors, _ = Group.objects.get_or_create(name="Contributors")
    codenames = [f"{action}_{model}" for model, actions in CONTRIBUTOR_PERMISSIONS.items() for action in actions]
    contributors.permissions.add(*articles_permissions.filter(codename__in=codenames))

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*articles_permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Contributors", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_publish_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
