"""The pages editors keep move here from the articles app, their table and rows staying
where they are (``db_table``: ``articles_page``), with their content type
(``cms.moved_models``)."""

from django.db import migrations, models

import articles.models.natural_keys
from cms.moved_models import content_types_moved


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0018_comments_reactions_and_pages_move_out"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Page",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("slug", models.SlugField(max_length=100, unique=True, verbose_name="slug")),
                        ("body", models.TextField(verbose_name="body")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed")),
                    ],
                    options={
                        "verbose_name": "page",
                        "verbose_name_plural": "pages",
                        "db_table": "articles_page",
                        "ordering": ("title",),
                    },
                    bases=(articles.models.natural_keys.NaturalKeyed, models.Model),
                ),
            ],
        ),
        content_types_moved("articles", "pages", "page"),
    ]
