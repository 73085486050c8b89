"""The comment policy page readers are pointed to, and moderation rights for Editors."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

POLICY = (
    "<p>We welcome comments that add to the discussion of our reporting. Every comment is read by "
    "an editor before it appears, usually within a working day.</p>"
    "<h2>What we publish</h2>"
    "<ul><li>Comments on the subject of the article, in any language we publish in.</li>"
    "<li>Disagreement, argued with respect for the people in the story and for other readers.</li></ul>"
    "<h2>What we do not publish</h2>"
    "<ul><li>Insults, threats, hate speech, or calls to violence.</li>"
    "<li>Personal information about anyone, including contact details.</li>"
    "<li>Advertising, repeated posts, or comments made mostly of links.</li>"
    "<li>Claims that could endanger people named or pictured in our reporting.</li></ul>"
    "<h2>Your details</h2>"
    "<p>Your name is shown with your comment. Your email address is never shown; we use it only "
    "if we need to contact you about your comment. Comments are limited to 1500 characters.</p>"
)

EDITOR_MODELS = ("comment", "reaction", "page")


def forwards(apps, schema_editor):
    Page = apps.get_model("articles", "Page")
    Page.objects.get_or_create(slug="comment-policy", defaults={"title": "Comment policy", "body": POLICY})

    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", content_type__model__in=EDITOR_MODELS)
    )


def backwards(apps, schema_editor):
    apps.get_model("articles", "Page").objects.filter(slug="comment-policy").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_reader_engagement"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
