"""Unpublished articles never show anywhere readers or robots look, and lists stay cheap."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ImageCaption, Region


@pytest.fixture
def hidden_and_public(make_article, make_topic, make_author, make_organisation, make_region):
    """One published article and three hidden ones, sharing every topic, place and name."""
    topic = make_topic(name="Prisons", slug="prisons")
    author = make_author(name="Ksenia Bondal", slug="ksenia-bondal")
    organisation = make_organisation(name="Akniyet", slug="akniyet")
    region = make_region(name="Kazakhstan", slug="kazakhstan", kind=Region.Kind.COUNTRY)
    common = {"topics": [topic], "authors": [author], "regions": [region], "body": "<p>prisons secret</p>"}
    public = make_article(headline="Public story", **common)
    hidden = [
        make_article(headline="Draft secret", status=Article.Status.DRAFT, **common),
        make_article(headline="Review secret", status=Article.Status.IN_REVIEW, **common),
        make_article(headline="Scheduled secret", published_at=timezone.now() + timedelta(hours=3), **common),
    ]
    for article in (public, *hidden):
        article.organisations.add(organisation)
    return public, hidden


PUBLIC_URLS = [
    "/",
    "/articles/",
    "/articles/?q=secret",
    "/search/?q=secret",
    "/topics/",
    "/topics/prisons/",
    "/regions/",
    "/regions/kazakhstan/",
    "/authors/ksenia-bondal/",
    "/organisations/akniyet/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/topics/prisons/rss/",
    "/regions/kazakhstan/atom/",
    "/authors/ksenia-bondal/rss/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-topics.xml",
    "/sitemap-authors.xml",
    "/sitemap-organisations.xml",
    "/news-sitemap.xml",
]


def test_hidden_articles_appear_in_no_page_feed_count_or_sitemap(client, hidden_and_public):
    """Drafts, articles in review and scheduled ones leak nowhere, not even in counts."""
    public, hidden = hidden_and_public
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        # The topic and region indexes list topics and places, the sitemap index files, and
        # the other sitemap files their own pages: not stories.
        lists_stories = url not in ("/topics/", "/regions/", "/sitemap.xml") and (
            not url.startswith("/sitemap-") or url == "/sitemap-articles.xml"
        )
        if lists_stories:
            assert public.slug in body, url  # the page does list stories: the public one is there
        for article in hidden:
            assert article.headline not in body, url
            assert article.slug not in body, url
    assert "(1 story)" in client.get("/topics/").content.decode()
    for article in hidden:
        assert client.get(article.get_absolute_url()).status_code == 404


def fill(make_article, make_author, make_topic, make_region, count):
    authors, topic, region = [make_author(), make_author()], make_topic(), make_region()
    for n in range(count):
        article = make_article(authors=authors, topics=[topic], regions=[region])
        ImageCaption.objects.create(article=article, caption=f"Photo {n}")
    return topic, region, authors[0]


LIST_PAGES = [
    ("articles:list", [], {}),
    ("articles:list", [], {"q": "paragraph", "language": "en"}),
    ("articles:search", [], {"q": "paragraph"}),
    ("articles:front", [], {}),
]


@pytest.mark.parametrize(("name", "args", "params"), LIST_PAGES)
def test_list_pages_cost_at_most_eight_queries_with_fifty_articles(
    client,
    make_article,
    make_author,
    make_topic,
    make_region,
    django_assert_max_num_queries,
    name,
    args,
    params,
):
    """No query per article: every list page stays within eight queries."""
    fill(make_article, make_author, make_topic, make_region, 50)
    with django_assert_max_num_queries(8):
        response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200


def test_filtered_and_detail_list_pages_stay_within_eight_queries_and_one_count(
    client,
    make_article,
    make_author,
    make_topic,
    make_region,
    make_organisation,
    django_assert_max_num_queries,
):
    """Topic, region, author and organisation pages, with every filter applied at once."""
    topic, region, author = fill(make_article, make_author, make_topic, make_region, 50)
    organisation = make_organisation()
    for article in Article.objects.all():
        article.organisations.add(organisation)
    all_filters = {
        "topic": topic.slug,
        "region": region.slug,
        "author": author.slug,
        "organisation": organisation.slug,
        "language": "en",
        "date_from": "2000-01-01",
        "q": "paragraph",
    }
    pages = [
        (reverse("articles:list"), all_filters),
        (reverse("articles:topic", args=[topic.slug]), {"region": region.slug}),
        (reverse("articles:region", args=[region.slug]), {"topic": topic.slug}),
        (reverse("articles:author", args=[author.slug]), {}),
        (reverse("articles:organisation", args=[organisation.slug]), {}),
    ]
    for url, params in pages:
        # Every list says how many stories it holds (issue 20): one count, which stops at
        # 500 when the reader narrowed it; a whole list's is counted once and kept.
        with django_assert_max_num_queries(9):
            response = client.get(url, params)
        assert len(response.context["articles"]) == 20, url
        assert 'class="list-count"' in response.content.decode(), url
        if not params:
            with django_assert_max_num_queries(8):
                client.get(url, params)


def test_article_page_costs_at_most_ten_queries(
    client, make_article, make_author, make_topic, make_region, django_assert_max_num_queries
):
    """The article page with photos, byline, topics, regions and related stories."""
    fill(make_article, make_author, make_topic, make_region, 50)
    article = Article.objects.first()
    with django_assert_max_num_queries(10):
        response = client.get(article.get_absolute_url())
    assert len(response.context["related"]) == 4
    # Its topics, places and related stories are kept for the content version: the next
    # reader's page reads only the story, its byline, photos and comments.
    with django_assert_max_num_queries(7):
        again = client.get(article.get_absolute_url())
    assert again.context["related"] == response.context["related"]
