"""Paging without counting: each list page reads its stories and one more, never COUNT(*)."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import pagination
from articles.models import Article, Region
from articles.pagination import BoundedPaginator
from articles.views import PAGE_SIZE


@pytest.mark.parametrize("orphans", [0, 1, 3])
@pytest.mark.parametrize("size", [0, 1, 19, 20, 21, 22, 23, 24, 40, 41, 45])
def test_pages_hold_what_djangos_paginator_puts_on_them(size, orphans):
    """Same pages, same orphans, same last page as Django's paginator, without its count."""
    items = list(range(size))
    django_pages = Paginator(items, 20, orphans=orphans)
    ours = BoundedPaginator(items, 20, orphans=orphans)
    for number in django_pages.page_range:
        expected, page = django_pages.page(number), ours.page(number)
        assert list(page) == list(expected)
        assert page.has_next() == expected.has_next()
        assert page.has_previous() == expected.has_previous()
        assert (page.start_index(), page.end_index()) == (expected.start_index(), expected.end_index())
    with pytest.raises(EmptyPage):
        BoundedPaginator(items, 20, orphans=orphans).page(django_pages.num_pages + 1)


@pytest.mark.parametrize("number", ["abc", "1.5", None])
def test_a_page_number_that_is_not_a_number_is_refused(number):
    with pytest.raises(PageNotAnInteger):
        BoundedPaginator([1, 2, 3], 2).page(number)


@pytest.mark.parametrize("number", [0, -1])
def test_pages_start_at_one(number):
    with pytest.raises(EmptyPage):
        BoundedPaginator([1, 2, 3], 2).page(number)


def test_the_total_is_known_on_the_last_page_only():
    paginator = BoundedPaginator(list(range(45)), 20)
    paginator.page(1)
    assert paginator.total is None and paginator.total_pages is None
    paginator = BoundedPaginator(list(range(45)), 20)
    paginator.page(3)
    assert (paginator.total, paginator.total_pages, paginator.count) == (45, 3, 45)


def counts_in(queries):
    """The queries that count a list (the comment counts inside a list's own query do not)."""
    return [query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT COUNT(")]


@pytest.fixture
def long_list(make_article, make_topic, make_author, make_organisation, make_region):
    """45 published stories with one topic, author, organisation and country."""
    topic = make_topic(name="Water", slug="water")
    author = make_author(name="Ksenia Bondal", slug="ksenia-bondal")
    organisation = make_organisation(name="Ministry of Water", slug="ministry-of-water")
    country = make_region(name="Kazakhstan", slug="kazakhstan", kind=Region.Kind.COUNTRY)
    city = make_region(name="Pavlodar", slug="pavlodar", parent=country)
    articles = []
    for number in range(45):
        article = make_article(headline=f"Story {number}", topics=[topic], authors=[author], regions=[city])
        article.organisations.add(organisation)
        articles.append(article)
    return {
        "topic": topic,
        "author": author,
        "organisation": organisation,
        "country": country,
        "all": articles,
    }


LIST_PAGES = ["articles:list", "topic", "region", "author", "organisation"]


def list_url(kind, objects):
    if kind == "articles:list":
        return reverse(kind)
    subject = objects["country" if kind == "region" else kind]
    return subject.get_absolute_url()


@pytest.mark.parametrize("kind", LIST_PAGES)
def test_list_pages_count_the_whole_list_once_per_content_version(
    client, long_list, kind, django_assert_max_num_queries
):
    """Page 1 of 3: the whole list is counted by the first page served for the content
    version, and the number kept: no other page counts it again until the content changes."""
    url = list_url(kind, long_list)
    with django_assert_max_num_queries(8) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(counts_in(queries)) == 1
    assert len(response.context["articles"]) == PAGE_SIZE
    html = response.content.decode()
    assert "<span>Page 1 of 3</span>" in html
    assert '<p class="list-count">45 stories</p>' in html
    assert 'rel="next"' in html and 'rel="prev"' not in html
    for page in (1, 2):
        with django_assert_max_num_queries(7) as queries:
            html = client.get(url, {"page": page}).content.decode()
        assert counts_in(queries) == []
        assert f"<span>Page {page} of 3</span>" in html
        assert '<p class="list-count">45 stories</p>' in html


@pytest.mark.parametrize("kind", LIST_PAGES)
def test_the_last_page_says_how_many_pages_there_are(client, long_list, kind):
    url = list_url(kind, long_list)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page": 3})
    assert counts_in(queries) == []
    html = response.content.decode()
    assert [article.headline for article in response.context["articles"]] == [
        f"Story {n}" for n in range(4, -1, -1)
    ]
    assert "<span>Page 3 of 3</span>" in html
    # Read by id, the rows keep what the list's query gives them.
    assert all(article.comment_count == 0 for article in response.context["articles"])
    assert 'rel="prev"' in html and 'rel="next"' not in html
    assert client.get(url, {"page": 4}).status_code == 404


def test_the_front_page_pages_without_counting(client, long_list, django_assert_max_num_queries):
    with django_assert_max_num_queries(8) as queries:
        response = client.get(reverse("articles:front"))
    assert counts_in(queries) == []
    assert 'rel="next"' in response.content.decode()
    last = client.get(reverse("articles:front"), {"page": 3})
    assert len(last.context["articles"]) == 5


def test_search_counts_its_matches_up_to_a_limit(client, long_list, monkeypatch):
    """ "N stories found" is exact up to MATCHES_LIMIT, then "more than" that many."""
    with CaptureQueriesContext(connection) as queries:
        found = client.get(reverse("articles:search"), {"q": "story"}).content.decode()
    assert "45 stories found." in found
    assert counts_in(queries) == []  # page 1's rows say how many were ranked
    second = client.get(reverse("articles:search"), {"q": "story", "page": 2}).content.decode()
    assert "45 stories found." in second  # counted: page 2 is neither the first nor the last
    monkeypatch.setattr(pagination, "MATCHES_LIMIT", 30)
    found = client.get(reverse("articles:search"), {"q": "story"}).content.decode()
    assert "More than 30 stories found." in found
    assert (
        "More than 30 stories found."
        in client.get(reverse("articles:search"), {"q": "story", "page": 2}).content.decode()
    )
    # On the last page the number comes from the page itself.
    with CaptureQueriesContext(connection) as queries:
        last = client.get(reverse("articles:search"), {"q": "story", "page": 3}).content.decode()
    assert "45 stories found." in last and counts_in(queries) == []


HUGE_PAGES = ["9223372036854775807", "9223372036854775808", "1e400", "9" * 400]


@pytest.mark.parametrize("number", [2**63 - 1, 2**63, 10**400])
def test_a_page_past_any_database_offset_is_empty_not_an_overflow(number, make_article):
    """A page whose first row no database can address holds nothing: EmptyPage, no query."""
    make_article()
    with pytest.raises(EmptyPage):
        BoundedPaginator(Article.objects.order_by("pk"), 20).page(number)


# Not named "page": pytest-playwright would take the test for a browser test.
@pytest.mark.parametrize("number", HUGE_PAGES)
@pytest.mark.parametrize("kind", ["articles:front", "articles:search", *LIST_PAGES])
def test_every_list_page_answers_a_huge_page_number_with_404(client, long_list, kind, number):
    """?page=9223372036854775807 overflowed SQLite's and PostgreSQL's OFFSET: a 500."""
    url = reverse(kind) if kind in ("articles:front", "articles:search") else list_url(kind, long_list)
    params = {"page": number} | ({"q": "story"} if kind == "articles:search" else {})
    assert client.get(url, params).status_code == 404
