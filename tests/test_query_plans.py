"""Queries every reader's page runs read their rows off the index made for them, whatever the
other filters. On SQLite, which has no statistics unless someone runs ANALYZE, the plan
follows from the indexes' columns alone. PostgreSQL plans by its statistics, and a test
table of a few rows is read whole; with sequential scans ruled out for the test, it must
still pick the index made for the query. (``bench/explain.py`` checks the list pages on
PostgreSQL at 100,000 stories.)"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article


@pytest.fixture
def plan_of(db):
    """The database's plan for a queryset. On PostgreSQL the table first holds an archive's
    shape (a few hundred stories in two languages, three of them featured), with its
    statistics, and sequential scans are ruled out for the test's transaction."""
    if connection.vendor == "postgresql":
        now = timezone.now()
        Article.objects.bulk_create(
            Article(
                headline=f"Story {n}",
                slug=f"story-{n}",
                body="<p>Text.</p>",
                language="ru" if n % 5 == 0 else "en",
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=n),
                is_featured=n < 6,
                featured_position=n if n < 6 else None,
            )
            for n in range(400)
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")
            cursor.execute("SET LOCAL enable_seqscan = off")  # this test's transaction only

    def plan(queryset):
        return queryset.explain()

    return plan


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_front_pages_featured_stories_come_off_their_own_index(plan_of, language):
    """In one language's front page too: with the language compared, the index of that
    language's list looked better to SQLite, and it read the language's whole list."""
    plan = plan_of(Article.objects.published().in_language(language).for_cards().featured())
    assert "article_featured" in plan, plan


@pytest.mark.django_db
def test_the_latest_stories_come_off_the_languages_list_without_sorting(plan_of):
    plan = plan_of(
        Article.objects.published()
        .in_language("ru")
        .for_cards()
        .filter(is_featured=False)
        .newest_first()[:21]
    )
    assert "article_language_newest" in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
