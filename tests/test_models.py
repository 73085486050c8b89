"""The content model: what readers may see, the region tree, natural keys, clean HTML."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    ImageCaption,
    Region,
    SourceOrganisation,
    TaggedArticle,
    Topic,
)
from pages.models import Page


def test_published_excludes_drafts_review_and_scheduled(make_article):
    """Only published articles whose time has come may ever reach readers."""
    live = make_article()
    make_article(status=Article.Status.DRAFT)
    make_article(status=Article.Status.IN_REVIEW)
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=2))
    assert list(Article.objects.published()) == [live]
    assert list(Article.objects.scheduled()) == [scheduled]
    assert scheduled.is_scheduled and not scheduled.is_live
    assert live.is_live and not live.is_scheduled


def test_scheduled_article_becomes_published_when_its_time_comes(make_article):
    """No cron job: a scheduled article appears by itself once published_at passes."""
    article = make_article(published_at=timezone.now() + timedelta(seconds=1))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_publishing_without_a_time_stamps_now(db):
    """An article saved as published with no time is published now, not never."""
    before = timezone.now()
    article = Article.objects.create(headline="Now", status=Article.Status.PUBLISHED)
    assert article.published_at >= before
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_slug_is_derived_from_the_headline(db):
    """Editors may leave the slug empty; it is made from the headline, Cyrillic included."""
    assert Article.objects.create(headline="Қазақстан: new rules").slug == "qazaqstan-new-rules"


@pytest.fixture
def region_tree(make_region):
    asia = make_region(name="Central Asia", slug="asia", kind=Region.Kind.REGION)
    kz = make_region(name="Kazakhstan", slug="kz", kind=Region.Kind.COUNTRY, parent=asia)
    kg = make_region(name="Kyrgyzstan", slug="kg", kind=Region.Kind.COUNTRY, parent=asia)
    province = make_region(name="Pavlodar Province", slug="pav-prov", kind=Region.Kind.PROVINCE, parent=kz)
    city = make_region(name="Pavlodar", slug="pav", kind=Region.Kind.CITY, parent=province)
    bishkek = make_region(name="Bishkek", slug="bishkek", kind=Region.Kind.CITY, parent=kg)
    return {"asia": asia, "kz": kz, "kg": kg, "province": province, "city": city, "bishkek": bishkek}


def test_region_descendants_in_one_query(region_tree, django_assert_num_queries):
    """A country's page must include its provinces and cities, cheaply."""
    kz = region_tree["kz"]
    with django_assert_num_queries(1):
        ids = kz.descendant_ids()
    assert set(ids) == {kz.pk, region_tree["province"].pk, region_tree["city"].pk}
    assert set(Region.objects.descendants_of(kz, include_self=False)) == {
        region_tree["province"],
        region_tree["city"],
    }
    assert set(Region.objects.descendants_of(region_tree["asia"])) == set(region_tree.values())


def test_in_region_includes_articles_about_places_inside_it(region_tree, make_article):
    """An article about Pavlodar city is listed under Kazakhstan, not under Kyrgyzstan."""
    pavlodar_story = make_article(regions=[region_tree["city"]])
    bishkek_story = make_article(regions=[region_tree["bishkek"]])
    both = make_article(regions=[region_tree["city"], region_tree["province"]])
    assert set(Article.objects.in_region(region_tree["kz"])) == {pavlodar_story, both}
    assert set(Article.objects.in_region(region_tree["kg"])) == {bishkek_story}
    # An article in two places inside the country is listed once.
    assert Article.objects.in_region(region_tree["kz"]).count() == 2


def test_region_cannot_be_moved_inside_itself(region_tree):
    """A cycle in the tree would hide regions from every listing."""
    kz = region_tree["kz"]
    kz.parent = region_tree["city"]
    with pytest.raises(ValidationError, match="inside itself"):
        kz.full_clean()


def test_body_keeps_only_the_elements_a_story_needs(db):
    """Scripts, event handlers and foreign markup never survive a save, whatever the path."""
    article = Article.objects.create(
        headline="Clean",
        body=(
            '<p onclick="steal()">Text <em>emphasis</em> <strong>bold</strong> '
            '<a href="https://example.org/x" onmouseover="x()">link</a> <a href="javascript:alert(1)">bad</a></p>'
            "<script>alert(1)</script><h2>Sub-heading</h2><h4>Too deep</h4><blockquote><p>Quote</p></blockquote>"
            '<ul><li>One</li></ul><ol><li>Two</li></ol><img src="x.png"><iframe src="https://evil"></iframe>'
            '<p style="color:red">Styled</p>'
        ),
    )
    article.refresh_from_db()
    body = article.body
    for forbidden in ("script", "onclick", "onmouseover", "javascript:", "<img", "<iframe", "style=", "<h4"):
        assert forbidden not in body
    for kept in (
        "<em>emphasis</em>",
        "<strong>bold</strong>",
        'href="https://example.org/x"',
        "<h2>Sub-heading</h2>",
    ):
        assert kept in body
    assert "<blockquote><p>Quote</p></blockquote>" in body
    assert "<ul><li>One</li></ul>" in body and "<ol><li>Two</li></ol>" in body
    assert "Too deep" in body and "Styled" in body  # text kept, markup dropped


def test_saving_cleans_a_body_assigned_after_creation(db):
    """Saving through the model always cleans, even after an unsafe value was assigned."""
    article = Article.objects.create(headline="Twice", body="<p>ok</p>")
    article.body = '<p>ok</p><script>x</script><svg onload="x()"></svg>'
    article.save()
    article.refresh_from_db()
    assert article.body == "<p>ok</p>"


def test_byline_keeps_its_printed_order(make_article, make_author):
    """Bylines are printed in the order editors choose, not alphabetically."""
    zed, anna = make_author(name="Zed Zhan"), make_author(name="Anna Ahn")
    article = make_article(authors=[zed, anna])
    assert [credit.author.name for credit in article.byline.all()] == ["Zed Zhan", "Anna Ahn"]
    ArticleAuthor.objects.filter(article=article, author=zed).update(position=3)
    assert [credit.author.name for credit in article.byline.all()] == ["Anna Ahn", "Zed Zhan"]


def test_same_author_cannot_appear_twice_in_a_byline(make_article, make_author):
    """A duplicated byline row would print a name twice."""
    author = make_author()
    article = make_article(authors=[author])
    with pytest.raises(IntegrityError):
        ArticleAuthor.objects.create(article=article, author=author, position=2)


def test_topic_names_are_unique_ignoring_case(make_topic):
    """'Radicalisation' and 'radicalisation' must not both exist."""
    make_topic(name="Radicalisation", slug="radicalisation")
    with pytest.raises(IntegrityError):
        Topic.objects.create(name="radicalisation", slug="radicalisation-2")


def test_tagging_by_name_reuses_a_topic_whatever_its_case(make_article, make_topic):
    """Typing a topic in another case must tag with the existing topic, not a new one."""
    topic = make_topic(name="Prisons", slug="prisons")
    article = make_article(topics=["prisons"])
    assert list(article.topics.all()) == [topic]
    assert Topic.objects.count() == 1


def test_natural_keys_find_every_fixture_model(
    make_article, make_author, make_region, make_organisation, make_topic
):
    """Fixtures refer to objects by natural key; each model must resolve its own."""
    region, organisation, topic = make_region(), make_organisation(), make_topic()
    author = make_author()
    article = make_article(authors=[author], topics=[topic])
    photo = ImageCaption.objects.create(article=article, caption="A photo")
    credit = article.byline.get()
    link = article.topic_links.get()
    for obj in (region, organisation, topic, author, article, photo, credit, link):
        manager = type(obj)._default_manager
        assert manager.get_by_natural_key(*obj.natural_key()) == obj
    assert Region.objects.get_by_natural_key(region.slug) == region
    assert SourceOrganisation.objects.get_by_natural_key(organisation.slug) == organisation
    assert Author.objects.get_by_natural_key(author.slug) == author
    # What fixtures write: slugs, a topic's name, a photo's uid as text, pairs for links.
    assert tuple(credit.natural_key()) == (article.slug, author.slug)
    assert tuple(link.natural_key()) == (article.slug, topic.name)
    assert tuple(photo.natural_key()) == (str(photo.uid),)
    assert ArticleAuthor.natural_key.dependencies == ["articles.article", "articles.author"]
    assert TaggedArticle.natural_key.dependencies == ["articles.article", "articles.topic"]
    policy = Page.objects.create(title="Corrections", slug="corrections-policy", body="<p>We correct.</p>")
    assert Page.objects.get_by_natural_key(*policy.natural_key()) == policy
    with pytest.raises(ValueError):
        ArticleAuthor.objects.get_by_natural_key(article.slug)  # half a key


def test_every_model_reads_well_in_the_admin(
    make_article, make_author, make_region, make_organisation, make_topic
):
    """Editors see names, not 'Article object (3)'."""
    article = make_article(headline="A headline", authors=[make_author(name="Ksenia Bondal")])
    photo = ImageCaption.objects.create(article=article, caption="Members of a club meet.")
    assert str(article) == "A headline"
    assert str(make_region(name="Astana")) == "Astana"
    assert str(make_organisation(name="Akniyet")) == "Akniyet"
    assert str(make_topic(name="Women")) == "Women"
    assert str(photo) == "Members of a club meet."
    assert str(article.byline.get()) == "Ksenia Bondal (1)"
