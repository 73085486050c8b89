"""Old addresses keep working (issue 20): after a slug changes, or a topic is merged, the old
address answers a permanent redirect to the current one; never to what readers may not see."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article, FormerSlug, Topic


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    return settings


def moved(client, url):
    response = client.get(url)
    assert response.status_code == 301, (url, response.status_code)
    return response["Location"]


def test_a_story_whose_slug_changed_is_found_at_its_old_address(
    client, editor, make_story, form_data, page_cache, django_capture_on_commit_callbacks
):
    story = make_story(headline="Club opens", slug="club-opens")
    old = story.get_absolute_url()
    assert client.get(old).status_code == 200  # kept by the page cache
    admin = client_for(editor)
    change = f"/admin/articles/article/{story.pk}/change/"
    data = form_data(admin.get(change), "article_form") | {"slug": "womens-club-opens-in-pavlodar"}
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(change, data).status_code == 302
    story.refresh_from_db()
    assert moved(client, old) == story.get_absolute_url()
    assert moved(client, old + "?utm_source=telegram") == story.get_absolute_url() + "?utm_source=telegram"
    assert client.get(story.get_absolute_url()).status_code == 200
    # Renamed again: both old addresses lead to the newest, in one step.
    with django_capture_on_commit_callbacks(execute=True):
        story.slug = "third-name"
        story.save()
    assert moved(client, old) == story.get_absolute_url()
    assert (
        moved(client, old.replace("club-opens", "womens-club-opens-in-pavlodar")) == story.get_absolute_url()
    )


def client_for(user):
    from django.test import Client

    browser = Client()
    browser.force_login(user)
    return browser


def test_a_story_published_on_another_day_than_its_address_says_is_redirected(client, make_article):
    story = make_article(slug="moved-in-time", published_at=timezone.now() - timedelta(days=3))
    old = story.get_absolute_url()
    story.published_at = timezone.now() - timedelta(days=1)
    story.save()
    assert moved(client, old) == story.get_absolute_url()
    assert old != story.get_absolute_url()


def test_a_former_address_never_leads_to_what_readers_may_not_see(client, make_article):
    story = make_article(slug="first-slug")
    old = story.get_absolute_url()
    story.slug, story.status, story.published_at = "second-slug", Article.Status.DRAFT, None
    story.save()
    assert FormerSlug.objects.filter(kind="article", slug="first-slug").exists()
    assert client.get(old).status_code == 404
    # A draft's old slug leads nowhere either, and an unknown one is a plain 404.
    assert client.get(old.replace("first-slug", "never-was")).status_code == 404


def test_a_slug_in_use_wins_over_a_former_one(client, make_article):
    story = make_article(slug="shared-name")
    old = story.get_absolute_url()
    story.slug = "new-name"
    story.save()
    other = make_article(slug="other")
    other.slug = "shared-name"
    other.published_at = story.published_at
    other.save()
    assert not FormerSlug.objects.filter(kind="article", slug="shared-name").exists()
    response = client.get(old)
    assert response.status_code == 200 and other.headline in response.content.decode()


def test_renamed_topics_places_authors_and_organisations_keep_their_addresses(
    client, make_article, make_author, make_topic, make_region, make_organisation
):
    topic = make_topic(name="Prisons", slug="prisons")
    place = make_region(name="Almaty", slug="almaty")
    author = make_author(name="Ksenia Bondal", slug="ksenia-bondal")
    body = make_organisation(name="Akniyet", slug="akniyet")
    make_article(topics=[topic], regions=[place], authors=[author]).organisations.add(body)
    for thing, new in (
        (topic, "prison-life"),
        (place, "almaty-city"),
        (author, "k-bondal"),
        (body, "akniyet-fund"),
    ):
        thing.slug = new
        thing.save()
    assert moved(client, "/topics/prisons/") == "/topics/prison-life/"
    assert moved(client, "/topics/prisons/rss/") == "/topics/prison-life/rss/"
    assert (
        moved(client, "/topics/prisons/?region=almaty-city&page=2")
        == "/topics/prison-life/?region=almaty-city&page=2"
    )
    assert moved(client, "/regions/almaty/") == "/regions/almaty-city/"
    assert moved(client, "/regions/almaty/atom/") == "/regions/almaty-city/atom/"
    assert moved(client, "/authors/ksenia-bondal/") == "/authors/k-bondal/"
    assert moved(client, "/organisations/akniyet/") == "/organisations/akniyet-fund/"
    assert moved(client, "/ru/topics/prisons/") == "/ru/topics/prison-life/"
    assert client.post("/topics/prisons/").status_code in (404, 405)  # only reading is redirected


def test_a_merged_topic_leads_to_the_topic_it_was_merged_into(client, make_article, make_topic, editor):
    target = make_topic(name="Prisons", slug="prisons")
    source = make_topic(name="Jails", slug="jails")
    make_article(topics=[source])
    source.slug = "jail"
    source.save()  # renamed before the merge: both its addresses follow it
    services.merge_topics(target=target, sources=[Topic.objects.get(pk=source.pk)], user=editor)
    assert moved(client, "/topics/jail/") == "/topics/prisons/"
    assert moved(client, "/topics/jails/") == "/topics/prisons/"
    assert moved(client, "/topics/jails/atom/") == "/topics/prisons/atom/"


def test_a_deleted_things_former_addresses_go_with_it(client, make_article, make_author):
    author = make_author(slug="gone-author")
    make_article(authors=[author])
    author.slug = "still-gone"
    author.save()
    assert FormerSlug.objects.filter(kind="author").exists()
    Article.objects.all().delete()
    author.delete()
    assert not FormerSlug.objects.filter(kind="author").exists()
    assert client.get("/authors/gone-author/").status_code == 404
