"""The interim front page: published articles only, cheap, and robust to bad input."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from articles.models import Article


def test_front_page_lists_published_articles_newest_first(client, make_article, make_author):
    """Readers see what is published, with bylines, and nothing else."""
    older = make_article(headline="Older story", published_at=timezone.now() - timedelta(days=2))
    newer = make_article(headline="Newer story", authors=[make_author(name="Ksenia Bondal")])
    make_article(headline="Secret draft", status=Article.Status.DRAFT)
    make_article(headline="Waiting in review", status=Article.Status.IN_REVIEW)
    make_article(headline="Scheduled story", published_at=timezone.now() + timedelta(days=1))
    response = client.get(reverse("articles:front"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(newer.headline) < html.index(older.headline)
    author = newer.byline.get().author
    assert f'By <a class="author" href="/authors/{author.slug}/">Ksenia Bondal</a>' in html
    for hidden in ("Secret draft", "Waiting in review", "Scheduled story"):
        assert hidden not in html


def test_front_page_queries_do_not_grow_with_articles(
    client, make_article, make_author, django_assert_max_num_queries
):
    """No query per article: the list's cost is fixed whatever the page holds."""
    authors = [make_author(), make_author()]
    for position in range(1, 4):
        make_article(authors=authors, topics=["Prisons"], is_featured=True, featured_position=position)
    for _ in range(20):
        make_article(authors=authors, topics=["Prisons"])
    with django_assert_max_num_queries(7):
        response = client.get(reverse("articles:front"))
    assert response.content.decode().count('class="card"') == 23
    # Drawn again at the same content version: the latest stories only (the featured ones,
    # the topics and countries are kept).
    with django_assert_max_num_queries(1):
        again = client.get(reverse("articles:front"))
    assert again.content.decode() == response.content.decode()


def test_the_kept_featured_stories_follow_featuring_and_comments(client, make_article):
    """The featured stories are kept for the content version: featuring a story, and a
    comment (its count is on the card), show at once. (A scheduled story coming due moves
    the clock too: tests/test_caching.py.)"""
    from engagement.models import Comment

    first = make_article(headline="First featured", is_featured=True, featured_position=1)
    story = make_article(headline="Plain story")

    def featured():
        return [item.headline for item in client.get(reverse("articles:front")).context["featured"]]

    assert featured() == ["First featured"]
    story.is_featured, story.featured_position = True, 2
    story.save()
    assert featured() == ["First featured", "Plain story"]
    assert "1 comment" not in client.get(reverse("articles:front")).content.decode()
    Comment.objects.create(article=first, name="Reader", body="Thank you.", status=Comment.Status.APPROVED)
    assert "1 comment" in client.get(reverse("articles:front")).content.decode()


def test_bad_page_numbers_are_not_found(client, make_article):
    """?page=abc or a page past the end is a 404, never a 500."""
    make_article()
    for page in ("abc", "99", "-1"):
        assert client.get(reverse("articles:front"), {"page": page}).status_code == 404


def test_demo_content_renders_on_the_front_page(client, demo_content):
    """A fresh deployment's front page shows the seed stories."""
    html = client.get(reverse("articles:front")).content.decode()
    assert "Kazakh specialists focus more attention on radicalisation of women" in html
    assert "Hundreds of Kazakhstani inmates reject radicalisation" in html


def test_unknown_page_uses_the_styled_not_found_page(client, db):
    """Readers who mistype an address get our page, with a way back."""
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_front_page_has_no_empty_latest_section_when_everything_is_featured(client, make_article):
    """A heading with nothing under it confuses readers and screen readers."""
    make_article(headline="Only story", is_featured=True, featured_position=1)
    html = client.get(reverse("articles:front")).content.decode()
    assert "Only story" in html and "Latest stories" not in html


def test_front_page_topics_are_those_of_the_latest_stories(client, make_article, make_topic, monkeypatch):
    """The front page names the topics in the news, most used first, not the archive's totals."""
    from datetime import timedelta

    from django.utils import timezone

    from articles import kept_values

    monkeypatch.setattr(kept_values, "RECENT_STORIES", 2)
    old, busy, quiet = (
        make_topic(name="Old topic"),
        make_topic(name="Busy topic"),
        make_topic(name="Quiet topic"),
    )
    for days in range(5):
        make_article(topics=[old], published_at=timezone.now() - timedelta(days=30 + days))
    make_article(topics=[busy, quiet])
    make_article(topics=[busy])
    html = client.get("/").content.decode()
    chips = re.search(r"<h3>Topics</h3><ul class=\"chips\">(.*?)</ul>", html).group(1)
    assert re.findall(r'<a href="/topics/[^"]+/">([^<]+)</a>', chips) == ["Busy topic", "Quiet topic"]
    # Drawn once for the content version: the next reader gets the same, and a new story
    # on the old topic (the clock moves) brings it in.
    assert client.get("/").content.decode() == html
    make_article(topics=[old])
    chips = re.search(
        r"<h3>Topics</h3><ul class=\"chips\">(.*?)</ul>", client.get("/").content.decode()
    ).group(1)
    assert "Old topic" in chips
