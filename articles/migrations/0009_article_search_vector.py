"""The stored full-text search vector of each article, and its GIN index on PostgreSQL.

The column is added everywhere (SQLite stores nothing in it, and search falls back to a
simpler match there); the index and the filling of existing rows happen only on PostgreSQL.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

# Frozen here rather than imported from ``articles.search``: a migration must keep working
# whatever the code later becomes. Same weights and configurations as refresh_search_vectors().
FILL_VECTORS = """
UPDATE articles_article AS article SET search_vector =
    setweight(to_tsvector(config, coalesce(article.headline, '')), 'A')
    || setweight(to_tsvector(config, coalesce(article.standfirst, '')), 'B')
    || setweight(to_tsvector(config, coalesce(names.authors, '') || ' ' || coalesce(names.topics, '')), 'B')
    || setweight(to_tsvector(config, regexp_replace(coalesce(article.body, ''), '<[^>]*>', ' ', 'g')), 'C')
FROM (
    SELECT
        a.id,
        (CASE WHEN a.language = 'en' THEN 'english' ELSE 'simple' END)::regconfig AS config,
        (SELECT string_agg(author.name, ' ') FROM articles_articleauthor AS byline
         JOIN articles_author AS author ON author.id = byline.author_id
         WHERE byline.article_id = a.id) AS authors,
        (SELECT string_agg(topic.name, ' ') FROM articles_taggedarticle AS link
         JOIN articles_topic AS topic ON topic.id = link.tag_id
         WHERE link.content_object_id = a.id) AS topics
    FROM articles_article AS a
) AS names
WHERE names.id = article.id
"""


def on_postgresql(schema_editor):
    return schema_editor.connection.vendor == "postgresql"


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """AddIndex whose index exists only on PostgreSQL; the migration state is the same everywhere.

    The model declares the index in ``Meta.indexes`` so ``makemigrations`` stays quiet, but a
    GIN index over a tsvector means nothing to other databases.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if on_postgresql(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if on_postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return super().describe() + " (PostgreSQL only)"


def fill_search_vectors(apps, schema_editor):
    if on_postgresql(schema_editor):
        schema_editor.execute(FILL_VECTORS)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_comment_policy_and_moderators"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, serialize=False),
        ),
        migrations.RunPython(fill_search_vectors, migrations.RunPython.noop, elidable=True),
        AddIndexOnPostgreSQL(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="article_search_vector"),
        ),
    ]
