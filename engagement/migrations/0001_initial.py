"""Comments and reactions move here from the articles app, their tables and rows staying
where they are (``db_table``: ``articles_comment``, ``articles_reaction``): Django's idea of
the models changes, the database does not. Their content types move with them
(``cms.moved_models``), so the permissions editors hold keep working."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from cms.moved_models import content_types_moved


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0018_comments_reactions_and_pages_move_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Comment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "email",
                            models.EmailField(
                                help_text="Never shown to readers.", max_length=254, verbose_name="email"
                            ),
                        ),
                        (
                            "body",
                            models.TextField(
                                help_text="Stored exactly as typed and always escaped when shown.",
                                validators=[django.core.validators.MaxLengthValidator(1500)],
                                verbose_name="comment",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting for moderation"),
                                    ("approved", "Approved"),
                                    ("rejected", "Rejected"),
                                    ("spam", "Spam"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="sent")),
                        (
                            "ip_address",
                            models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address"),
                        ),
                        (
                            "moderated_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="moderated at"),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="comments",
                                to="articles.article",
                                verbose_name="article",
                            ),
                        ),
                        (
                            "moderated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="moderated by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "comment",
                        "verbose_name_plural": "comments",
                        "db_table": "articles_comment",
                        "ordering": ("-created_at",),
                        "indexes": [
                            models.Index(
                                fields=["article", "status", "created_at"], name="comment_article_status"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Reaction",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "reader",
                            models.CharField(
                                help_text="A digest of the reader's signed cookie: no account, no personal data.",
                                max_length=64,
                                verbose_name="reader",
                            ),
                        ),
                        (
                            "value",
                            models.CharField(
                                choices=[("yes", "Yes"), ("no", "No")], max_length=3, verbose_name="answer"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed")),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reactions",
                                to="articles.article",
                                verbose_name="article",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "reaction",
                        "verbose_name_plural": "reactions",
                        "db_table": "articles_reaction",
                        "ordering": ("-updated_at",),
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("article", "reader"), name="one_reaction_per_reader"
                            )
                        ],
                    },
                ),
            ],
        ),
        content_types_moved("articles", "engagement", "comment", "reaction"),
    ]
