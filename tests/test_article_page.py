"""The article page as readers see it, and the staff preview that must match it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ImageCaption
from tests.image_files import photo_file


def test_seed_article_page_prints_like_the_outlet(client, demo_content, django_assert_max_num_queries):
    """Headline, byline, dateline leading the text, photos with credits at their places."""
    article = Article.objects.get(slug="kazakh-specialists-focus-more-attention-on-radicalisation-of-women")
    assert article.get_absolute_url() == f"/2017/08/22/{article.slug}/"
    # One more than a story without translations: this one is also in Russian and Uzbek; and
    # one for the names of the organisations it cites, read once per content version.
    with django_assert_max_num_queries(12):
        html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<h1 class="headline">Kazakh specialists focus more attention on radicalisation of women</h1>' in html
    )
    assert 'By <a class="author" href="/authors/ksenia-bondal/">Ksenia Bondal</a>' in html
    assert '<p><span class="dateline">ALMATY</span> -- Over the past decade' in html
    assert "<h2>Rehabilitation work</h2>" in html
    lead = html.index(
        '<span class="credit">[Pavlodar Province Centre for Analysis and Development of Interfaith Relations]</span>'
    )
    later = html.index('<span class="credit">[Courtesy of Gulnaz Razdykova]</span>')
    # The head repeats some of this text (JSON-LD, descriptions): anchor on the printed elements.
    dateline = html.index('<span class="dateline">ALMATY</span>')
    assert (
        lead
        < dateline
        < html.index("<p>For example, the Pavlodar")
        < later
        < html.index("<p>About 20 young women")
    )
    assert 'loading="lazy"' in html[lead:]  # later photos load lazily, the lead photo does not
    assert 'width="1200" height="800"' in html


def test_unpublished_articles_are_not_found(client, make_article):
    """Drafts, articles in review and scheduled ones answer 404 at their address."""
    for article in (
        make_article(status=Article.Status.DRAFT),
        make_article(status=Article.Status.IN_REVIEW),
        make_article(published_at=timezone.now() + timedelta(days=1)),
    ):
        assert client.get(article.get_absolute_url()).status_code == 404


def test_wrong_or_impossible_dates_are_not_found(client, make_article):
    """The date is part of the permanent address: 2017-02-31 is a 404; another day leads to
    the story's own address (a story moved in time keeps its old one: issue 20)."""
    article = make_article(slug="story")
    assert client.get("/2017/02/31/story/").status_code == 404
    response = client.get("/2001/01/01/story/")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    assert client.get("/2001/01/01/no-such-story/").status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 200


def test_staff_preview_renders_drafts_as_readers_will_see_them(client, editor, make_article):
    """Editors check a draft before publishing; the page is the reader's page plus a banner."""
    draft = make_article(status=Article.Status.DRAFT, headline="Secret draft", dateline="ASTANA")
    ImageCaption.objects.create(
        article=draft, image=photo_file(), caption="A later photo", credit="Courtesy of X", after_paragraph=1
    )
    client.force_login(editor)
    html = client.get(reverse("articles:preview", args=[draft.pk])).content.decode()
    assert "Preview: draft; readers cannot see it." in html
    assert '<span class="dateline">ASTANA</span>' in html and "[Courtesy of X]" in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_preview_is_not_found_for_readers(client, make_article, django_user_model, who):
    """Readers, signed in or not, get a plain 404: drafts are not revealed."""
    draft = make_article(status=Article.Status.DRAFT)
    if who == "reader":
        client.force_login(django_user_model.objects.create_user("reader", password="x-long-password"))
    assert client.get(reverse("articles:preview", args=[draft.pk])).status_code == 404


def test_body_is_escaped_text_never_raw_markup_from_captions(client, make_article):
    """Captions and credits are text: markup typed into them is shown, not run."""
    article = make_article(dateline="<b>X</b>")
    ImageCaption.objects.create(
        article=article, image=photo_file(), caption="<script>alert(1)</script>", after_paragraph=1
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "&lt;B&gt;X&lt;/B&gt;" in html


def test_related_stories_share_a_topic_or_a_place_newest_first(client, make_article, make_topic, make_region):
    """The four newest published stories sharing a topic or a place published before the
    story, each once, never the story itself nor a later one."""
    prisons, women = make_topic(name="Prisons"), make_topic(name="Women")
    pavlodar, almaty = make_region(name="Pavlodar"), make_region(name="Almaty")
    now = timezone.now()

    def story(headline, hours_ago, **links):
        return make_article(headline=headline, published_at=now - timedelta(hours=hours_ago), **links)

    article = story("The story", 0.5, topics=[prisons, women], regions=[pavlodar])
    story("Same topic, later", 0.25, topics=[prisons], regions=[pavlodar])
    story("Same topic, old", 40, topics=[prisons])
    story("Same place and topic", 3, topics=[women], regions=[pavlodar])
    story("Same place", 2, regions=[pavlodar])
    story("Unrelated, newest", 1, topics=[make_topic()], regions=[almaty])
    story("Other topic", 4, topics=[make_topic()])
    story("Same topic", 5, topics=[prisons])
    story("Same topic, older", 30, topics=[women])
    make_article(headline="Draft", status=Article.Status.DRAFT, published_at=None, topics=[prisons])
    make_article(headline="Scheduled", published_at=now + timedelta(hours=1), topics=[prisons])
    response = client.get(article.get_absolute_url())
    assert [related.headline for related in response.context["related"]] == [
        "Same place",
        "Same place and topic",
        "Same topic",
        "Same topic, older",
    ]
    # The later story shows it among its own related stories.
    later = Article.objects.get(headline="Same topic, later")
    assert "The story" in [
        related.headline for related in client.get(later.get_absolute_url()).context["related"]
    ]


def test_a_story_without_topics_or_places_has_no_related_stories(client, make_article):
    make_article(headline="Another")
    article = make_article(headline="Alone")
    assert list(client.get(article.get_absolute_url()).context["related"]) == []


def test_topics_and_regions_are_listed_by_name_and_read_together(
    client, make_article, make_topic, make_region, django_assert_max_num_queries
):
    article = make_article(
        topics=[make_topic(name="Water"), make_topic(name="Agriculture")],
        regions=[make_region(name="Taraz"), make_region(name="Aktobe")],
    )
    make_topic(name="Banking")  # on no article: not listed
    with django_assert_max_num_queries(10):  # with the topics, the regions and the next scheduled story
        client.get(article.get_absolute_url())
    with django_assert_max_num_queries(7):  # article, byline, photos, topics and regions, comments, related
        html = client.get(article.get_absolute_url()).content.decode()
    footer = html[html.index('<footer class="story-footer">') :]
    assert footer.index(">Agriculture<") < footer.index(">Water<")
    assert footer.index(">Aktobe<") < footer.index(">Taraz<")
    assert "Banking" not in html
    assert '"keywords": ["Agriculture", "Water"]' in html  # the JSON-LD
