"""Comments, reactions and pages move to the engagement and pages apps: the articles app
forgets them, and the database keeps their tables, which those apps' first migrations
take over."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_field_labels_in_every_language"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="comment",
                    name="article",
                ),
                migrations.RemoveField(
                    model_name="comment",
                    name="moderated_by",
                ),
                migrations.DeleteModel(
                    name="Page",
                ),
                migrations.RemoveField(
                    model_name="reaction",
                    name="article",
                ),
                migrations.DeleteModel(
                    name="Comment",
                ),
                migrations.DeleteModel(
                    name="Reaction",
                ),
            ],
        ),
    ]
