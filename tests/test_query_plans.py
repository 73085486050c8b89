"""Queries every reader's page runs read their rows off the index made for them, whatever the
other filters: on SQLite, which has no statistics unless someone runs ANALYZE, the plan
follows from the indexes' columns alone. (PostgreSQL plans by its statistics:
``bench/explain.py`` checks the list pages there at 100,000 stories.)"""

import pytest
from django.db import connection

from articles.models import Article

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plans, without statistics")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_front_pages_featured_stories_come_off_their_own_index(language):
    """In one language's front page too: with the language compared, the index of that
    language's list looked better to SQLite, and it read the language's whole list."""
    plan = Article.objects.published().in_language(language).for_cards().featured().explain()
    assert "article_featured" in plan, plan


@pytest.mark.django_db
def test_the_latest_stories_come_off_the_languages_list_without_sorting():
    plan = (
        Article.objects.published()
        .in_language("ru")
        .for_cards()
        .filter(is_featured=False)
        .newest_first()[:21]
    ).explain()
    assert "article_language_newest" in plan and "TEMP B-TREE" not in plan, plan
