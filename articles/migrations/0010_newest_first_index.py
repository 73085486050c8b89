from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_article_search_vector"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                models.OrderBy(models.F("published_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                name="article_published_newest",
            ),
        ),
    ]
