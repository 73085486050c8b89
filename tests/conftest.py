"""Builders shared by the whole suite: small functions that make one object each."""

import itertools
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Region, SourceOrganisation, Topic

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own folder, never into the repository's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_region(db):
    def make(**overrides):
        n = next(_counter)
        fields = {"name": f"Region {n}", "slug": f"region-{n}", "kind": Region.Kind.CITY} | overrides
        return Region.objects.create(**fields)

    return make


@pytest.fixture
def make_author(db):
    def make(**overrides):
        n = next(_counter)
        return Author.objects.create(**({"name": f"Author {n}", "slug": f"author-{n}"} | overrides))

    return make


@pytest.fixture
def make_organisation(db):
    def make(**overrides):
        n = next(_counter)
        fields = {"name": f"Organisation {n}", "slug": f"organisation-{n}"} | overrides
        return SourceOrganisation.objects.create(**fields)

    return make


@pytest.fixture
def make_topic(db):
    def make(**overrides):
        n = next(_counter)
        return Topic.objects.create(**({"name": f"Topic {n}", "slug": f"topic-{n}"} | overrides))

    return make


@pytest.fixture
def make_article(db):
    """A published article (an hour old) unless ``status``/``published_at`` say otherwise.

    ``authors``, ``regions`` and ``topics`` take lists of objects (topics also names).
    """

    def make(*, authors=(), regions=(), topics=(), **overrides):
        n = next(_counter)
        fields = {
            "headline": f"Headline {n}",
            "slug": f"headline-{n}",
            "body": f"<p>Paragraph of article {n}.</p>",
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() - timedelta(hours=1),
        } | overrides
        article = Article.objects.create(**fields)
        for position, author in enumerate(authors, start=1):
            ArticleAuthor.objects.create(article=article, author=author, position=position)
        article.regions.add(*regions)
        if topics:
            article.topics.add(*topics)
        return article

    return make


@pytest.fixture
def demo_content(db):
    """The demo fixtures, loaded as an operator would load them."""
    call_command("load_fixtures", verbosity=0)
