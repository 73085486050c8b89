"""Invalidating by what a page shows: each kind of change makes every page showing the
changed thing fresh on the next request, and leaves every other page in the cache.

Pages say whether they came from the cache in ``X-Page-Cache`` (hit or miss). Changes
are committed with ``django_capture_on_commit_callbacks``, as the admin and services
commit them: keys are announced on commit.
"""

import http.server
import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import services
from articles.caching import changes, purging
from articles.models import Article, ArticleAuthor, ImageCaption, Region
from engagement.models import Comment
from engagement.services import moderate


@pytest.fixture
def site(settings, make_article, make_author, make_topic, make_region, make_organisation):
    """Two stories that share nothing (no topic, place, author or organisation), so each
    is on pages the other is not; Almaty lies in Kazakhstan."""
    settings.PAGE_CACHE_SECONDS = 600
    kazakhstan = make_region(name="Kazakhstan", slug="kazakhstan", kind="country")
    almaty = make_region(name="Almaty", slug="almaty", parent=kazakhstan)
    kyrgyzstan = make_region(name="Kyrgyzstan", slug="kyrgyzstan", kind="country")
    bishkek = make_region(name="Bishkek", slug="bishkek", parent=kyrgyzstan)
    prisons, water = make_topic(name="Prisons", slug="prisons"), make_topic(name="Water", slug="water")
    aigerim, bakyt = make_author(name="Aigerim", slug="aigerim"), make_author(name="Bakyt", slug="bakyt")
    one = make_article(
        headline="Prison imams teach",
        slug="prison-imams",
        authors=[aigerim],
        regions=[almaty],
        topics=[prisons],
    )
    one.organisations.add(make_organisation(name="Prison Service", slug="prison-service"))
    two = make_article(
        headline="Canals run dry", slug="canals-run-dry", authors=[bakyt], regions=[bishkek], topics=[water]
    )
    return {"one": one, "two": two, "prisons": prisons, "water": water, "aigerim": aigerim, "almaty": almaty}


def pages_of_one(site):
    """Every page that shows story one."""
    return {
        "/",
        "/articles/",
        "/topics/prisons/",
        "/regions/almaty/",
        "/regions/kazakhstan/",
        "/authors/aigerim/",
        "/organisations/prison-service/",
        site["one"].get_absolute_url(),
        "/feeds/rss/",
        "/topics/prisons/rss/",
        "/regions/kazakhstan/atom/",
        "/authors/aigerim/rss/",
        "/news-sitemap.xml",
    }


def pages_of_two_alone(site):
    """Pages that show story two and not story one."""
    return {
        site["two"].get_absolute_url(),
        "/topics/water/",
        "/regions/bishkek/",
        "/regions/kyrgyzstan/",
        "/authors/bakyt/",
        "/topics/water/rss/",
    }


def warm(client, paths):
    for path in paths:
        first = client.get(path)
        assert first.status_code == 200, path
        assert client.get(path)["X-Page-Cache"] == "hit", path


def cached(client, paths):
    """{path: whether it came from the cache}."""
    return {path: client.get(path)["X-Page-Cache"] == "hit" for path in paths}


def change(capture, do):
    # What the fixtures announced belongs to the test's transaction, which never commits:
    # as if committed long ago, it is not announced with this change.
    changes.discard_pending()
    with capture(execute=True):
        do()


@pytest.fixture
def change_committed(django_capture_on_commit_callbacks):
    return lambda do: change(django_capture_on_commit_callbacks, do)


def test_a_draft_save_invalidates_nothing(client, site, make_article, change_committed):
    draft = make_article(headline="Draft", status="draft", topics=[site["prisons"]], regions=[site["almaty"]])
    review = make_article(headline="In review", status="review", topics=[site["prisons"]])
    later = make_article(
        headline="Later", published_at=timezone.now() + timedelta(days=1), topics=[site["prisons"]]
    )
    paths = pages_of_one(site) | pages_of_two_alone(site) | {"/topics/", "/regions/", "/sitemap.xml"}
    warm(client, paths)

    def edit():
        for story in (draft, review, later):
            story.headline += " (edited)"
            story.save()
        draft.topics.add(site["water"])

    change_committed(edit)
    assert all(cached(client, paths).values())


def test_an_edited_headline_refreshes_the_pages_that_show_the_story_only(client, site, change_committed):
    warm(client, pages_of_one(site) | pages_of_two_alone(site))
    one = site["one"]
    one.headline = "Prison imams teach a gentler faith"
    change_committed(one.save)
    for path, hit in cached(client, pages_of_one(site)).items():
        assert not hit, path
        assert "gentler faith" in client.get(path).content.decode(), path
    assert all(cached(client, pages_of_two_alone(site)).values())


def test_a_story_linked_by_headline_is_refreshed_for_a_new_headline_only(
    client, site, make_article, change_committed
):
    """Story one's page links to an earlier story on prisons by its headline and date
    (related stories): a new standfirst for that story leaves the page cached, a new
    headline draws it again."""
    earlier = make_article(
        headline="Prisons reopen",
        slug="prisons-reopen",
        standfirst="After the amnesty.",
        published_at=timezone.now() - timedelta(days=3),
        topics=[site["prisons"]],
    )
    page = site["one"].get_absolute_url()
    warm(client, [page, earlier.get_absolute_url()])
    assert "Prisons reopen" in client.get(page).content.decode()

    earlier.standfirst = "After the spring amnesty."
    change_committed(earlier.save)
    assert cached(client, [page, earlier.get_absolute_url()]) == {
        page: True,
        earlier.get_absolute_url(): False,
    }

    earlier.headline = "Prisons reopen their doors"
    change_committed(earlier.save)
    assert not cached(client, [page])[page]
    assert "Prisons reopen their doors" in client.get(page).content.decode()


def test_publishing_refreshes_the_lists_it_joins_only(client, site, make_article, change_committed):
    story = make_article(
        headline="A new prison opens", status="draft", topics=[site["prisons"]], regions=[site["almaty"]]
    )
    lists = {"/", "/articles/", "/topics/prisons/", "/regions/almaty/", "/regions/kazakhstan/", "/topics/"}
    lists |= {"/feeds/rss/", "/topics/prisons/rss/", "/sitemap.xml", "/news-sitemap.xml"}
    warm(client, lists | pages_of_two_alone(site))

    def publish():
        story.status, story.published_at = "published", timezone.now() - timedelta(minutes=1)
        story.save()

    change_committed(publish)
    for path, hit in cached(client, lists).items():
        assert not hit, path
    assert "A new prison opens" in client.get("/topics/prisons/").content.decode()
    assert all(cached(client, pages_of_two_alone(site)).values())


def publish_now(story):
    story.status, story.published_at = "published", timezone.now() - timedelta(minutes=1)
    story.save()


def test_a_story_published_now_leaves_the_pages_of_earlier_stories_on_its_topic_cached(
    client, site, make_article, change_committed
):
    """Related stories are the newest published before a story: a story published now is
    in none of them, so the pages of the stories it shares a topic and a place with stay
    cached (a newsroom publishing all day does not redraw its archive)."""
    story = make_article(
        headline="A new prison opens", status="draft", topics=[site["prisons"]], regions=[site["almaty"]]
    )
    earlier = site["one"].get_absolute_url()
    warm(client, [earlier, "/topics/prisons/"])
    change_committed(lambda: publish_now(story))
    assert cached(client, [earlier, "/topics/prisons/"]) == {earlier: True, "/topics/prisons/": False}
    assert "Prison imams teach" in client.get(story.get_absolute_url()).content.decode()  # its related story


def test_a_story_published_with_an_earlier_time_refreshes_the_later_stories_it_joins(
    client, site, make_article, change_committed
):
    """Backdated, the new story comes before story one, which now shows it; story two,
    which shares nothing with it, stays cached. Unpublished again, it leaves story one's
    page."""
    story = make_article(headline="Prisons census", status="draft", topics=[site["prisons"]])
    one, two = site["one"].get_absolute_url(), site["two"].get_absolute_url()
    warm(client, [one, two])

    def backdate():
        story.status, story.published_at = "published", site["one"].published_at - timedelta(days=2)
        story.save()

    change_committed(backdate)
    assert cached(client, [one, two]) == {one: False, two: True}
    assert "Prisons census" in client.get(one).content.decode()

    def unpublish():
        story.status = "draft"
        story.save()

    change_committed(unpublish)
    assert cached(client, [one, two]) == {one: False, two: True}
    assert "Prisons census" not in client.get(one).content.decode()


def test_an_earlier_story_filed_under_a_place_refreshes_the_later_stories_there(
    client, site, make_article, change_committed
):
    """Story three, older than story one, is filed under Almaty and tagged prisons: both
    put it among story one's related stories."""
    three = make_article(headline="Almaty courts", published_at=site["one"].published_at - timedelta(days=1))
    one, two = site["one"].get_absolute_url(), site["two"].get_absolute_url()
    warm(client, [one, two])
    change_committed(lambda: three.regions.add(site["almaty"]))
    assert cached(client, [one, two]) == {one: False, two: True}
    assert "Almaty courts" in client.get(one).content.decode()
    change_committed(lambda: three.regions.remove(site["almaty"]))
    assert not cached(client, [one])[one]
    change_committed(lambda: three.topics.add(site["prisons"]))
    assert cached(client, [one, two]) == {one: False, two: True}
    assert "Almaty courts" in client.get(one).content.decode()


def test_publishing_in_another_language_leaves_this_languages_pages_cached(
    client, site, make_article, change_committed
):
    """A Russian story joins the Russian pages of its topic, place and author. The English
    ones stay cached, and so do the English stories sharing its topic and place: their
    related stories are English ones."""
    story = make_article(
        headline="Тюремные имамы учат",
        slug="tyuremnye-imamy-uchat",
        language="ru",
        status="draft",
        topics=[site["prisons"]],
        regions=[site["almaty"]],
        authors=[site["aigerim"]],
    )
    english = pages_of_one(site) - {"/news-sitemap.xml"}  # the sitemaps list every language
    russian = {"/ru/", "/ru/topics/prisons/", "/ru/regions/almaty/", "/ru/authors/aigerim/"}
    warm(client, english | russian)
    change_committed(lambda: publish_now(story))
    assert all(cached(client, english).values())
    assert not any(cached(client, russian).values())
    assert "Тюремные имамы учат" in client.get("/ru/topics/prisons/").content.decode()


def test_an_authors_new_story_leaves_pages_that_only_name_them_cached(
    client, site, make_article, change_committed
):
    """Aigerim's new story on water joins her pages and the water lists; pages that only
    name her (story one, its topic and places, whose cards carry her byline) stay cached."""
    story = make_article(headline="Canal repairs begin", status="draft", topics=[site["water"]])
    ArticleAuthor.objects.create(article=story, author=site["aigerim"], position=1)
    naming_her = {
        site["one"].get_absolute_url(),
        "/topics/prisons/",
        "/topics/prisons/rss/",
        "/regions/almaty/",
        "/regions/kazakhstan/atom/",
    }
    joined = {
        "/",
        "/articles/",
        "/feeds/rss/",
        "/topics/water/",
        "/authors/aigerim/",
        "/authors/aigerim/rss/",
    }
    warm(client, naming_her | joined)
    change_committed(lambda: publish_now(story))
    assert all(cached(client, naming_her).values())
    assert not any(cached(client, joined).values())
    assert "Canal repairs begin" in client.get("/authors/aigerim/").content.decode()


def test_unpublishing_takes_the_story_off_its_lists(client, site, make_article, change_committed):
    one = site["one"]
    # Another story names the same topic, place, author and organisation: they stay public,
    # so the names the filters offer do not change.
    sibling = make_article(
        headline="Prison libraries",
        authors=[site["aigerim"]],
        regions=[site["almaty"]],
        topics=[site["prisons"]],
    )
    sibling.organisations.add(*one.organisations.all())
    warm(client, pages_of_one(site) | pages_of_two_alone(site))
    change_committed(lambda: services.unpublish([one]))
    for path in pages_of_one(site) - {one.get_absolute_url()}:
        response = client.get(path)
        assert response["X-Page-Cache"] == "miss", path
        assert "Prison imams teach" not in response.content.decode(), path
    assert client.get(one.get_absolute_url()).status_code == 404
    assert all(cached(client, pages_of_two_alone(site)).values())


def test_unpublishing_the_last_story_of_a_topic_changes_the_filters(client, site, change_committed):
    """Prisons, Almaty and Kazakhstan are named by story one alone: once it is gone, the
    filters of every list stop offering them."""
    warm(client, {"/topics/water/", "/authors/bakyt/", site["two"].get_absolute_url()})
    change_committed(lambda: services.unpublish([site["one"]]))
    assert cached(client, {"/topics/water/", "/authors/bakyt/", site["two"].get_absolute_url()}) == {
        "/topics/water/": False,  # its place filter offered Almaty
        "/authors/bakyt/": True,  # no filters
        site["two"].get_absolute_url(): True,
    }
    assert "Almaty" not in client.get("/topics/water/").content.decode()


# Pages that name no topic, place or organisation but their own: no filters.
def unfiltered_pages_of_two(site):
    return {site["two"].get_absolute_url(), "/authors/bakyt/", "/topics/water/rss/", "/authors/bakyt/rss/"}


def test_renaming_a_topic_refreshes_the_pages_that_name_it(client, site, change_committed):
    # The indexes, and every list whose filters offer topics (region pages, all stories).
    naming = {
        "/topics/prisons/",
        site["one"].get_absolute_url(),
        "/topics/",
        "/articles/",
        "/regions/bishkek/",
    }
    warm(client, naming | unfiltered_pages_of_two(site))
    topic = site["prisons"]
    topic.name = topic.title = "Penal system"
    change_committed(topic.save)
    for path, hit in cached(client, naming).items():
        assert not hit, path
    assert "Penal system" in client.get(site["one"].get_absolute_url()).content.decode()
    assert all(cached(client, unfiltered_pages_of_two(site)).values())


def test_renaming_an_author_refreshes_their_bylines(client, site, change_committed):
    naming = {"/authors/aigerim/", site["one"].get_absolute_url(), "/", "/articles/", "/topics/prisons/"}
    warm(client, naming | pages_of_two_alone(site))
    author = site["aigerim"]
    author.name = "Aigerim Tokayeva"
    change_committed(author.save)
    for path, hit in cached(client, naming).items():
        assert not hit, path
        assert "Aigerim Tokayeva" in client.get(path).content.decode(), path
    assert all(cached(client, pages_of_two_alone(site)).values())


def test_renaming_a_place_refreshes_it_and_the_places_above(client, site, change_committed):
    naming = {"/regions/almaty/", "/regions/kazakhstan/", site["one"].get_absolute_url(), "/regions/"}
    naming |= {"/topics/water/"}  # its place filter names Almaty
    warm(client, naming | unfiltered_pages_of_two(site))
    almaty = site["almaty"]
    almaty.name = "Almaty city"
    change_committed(almaty.save)
    for path, hit in cached(client, naming).items():
        assert not hit, path
    assert "Almaty city" in client.get("/regions/kazakhstan/").content.decode()
    assert all(cached(client, unfiltered_pages_of_two(site)).values())


def test_moving_a_place_refreshes_the_lists_above_it_before_and_after(
    client, site, make_article, change_committed
):
    """Almaty moved under Kyrgyzstan: story one leaves Kazakhstan's lists and joins
    Kyrgyzstan's, in every language (a Russian story keeps Kazakhstan's Russian page)."""
    make_article(
        headline="Степь", slug="step", language="ru", regions=[Region.objects.get(slug="kazakhstan")]
    )
    lists = {
        "/regions/kazakhstan/",
        "/regions/kyrgyzstan/",
        "/ru/regions/kazakhstan/",
        "/regions/kazakhstan/rss/",
    }
    warm(client, lists | {"/authors/bakyt/"})
    almaty = site["almaty"]
    almaty.parent = Region.objects.get(slug="kyrgyzstan")
    change_committed(almaty.save)
    assert not any(cached(client, lists).values())
    assert "Prison imams teach" in client.get("/regions/kyrgyzstan/").content.decode()
    assert "Prison imams teach" not in client.get("/regions/kazakhstan/").content.decode()
    assert cached(client, {"/authors/bakyt/"}) == {"/authors/bakyt/": True}


def test_a_byline_added_refreshes_the_authors_list_in_the_storys_language(
    client, site, make_article, change_committed
):
    story = make_article(
        headline="Водные каналы", slug="vodnye-kanaly", language="ru", topics=[site["water"]]
    )
    warm(client, {"/ru/authors/aigerim/", "/authors/aigerim/", story.get_absolute_url()})
    change_committed(lambda: ArticleAuthor.objects.create(article=story, author=site["aigerim"], position=1))
    assert cached(client, {"/ru/authors/aigerim/", "/authors/aigerim/", story.get_absolute_url()}) == {
        "/ru/authors/aigerim/": False,
        "/authors/aigerim/": True,  # her English stories: unchanged
        story.get_absolute_url(): False,
    }
    assert "Водные каналы" in client.get("/ru/authors/aigerim/").content.decode()


def test_retagging_a_published_story(client, site, change_committed):
    """Story one filed under Water too: Water's pages list it (and story two's page, which
    names Water, may now offer it as related); Bakyt's page does not show it."""
    paths = {
        "/topics/water/",
        "/topics/water/rss/",
        site["one"].get_absolute_url(),
        site["two"].get_absolute_url(),
    }
    warm(client, paths | {"/authors/bakyt/"})
    change_committed(lambda: site["one"].topics.add(site["water"]))
    assert not any(cached(client, paths).values())
    assert "Prison imams teach" in client.get("/topics/water/").content.decode()
    assert cached(client, {"/authors/bakyt/"}) == {"/authors/bakyt/": True}


def test_an_approved_comment_refreshes_its_story_only(client, site, editor, change_committed):
    one, two = site["one"], site["two"]
    warm(client, {one.get_absolute_url(), two.get_absolute_url(), "/authors/bakyt/"})
    waiting = Comment.objects.create(article=one, name="Reader", email="r@example.org", body="Thank you.")
    assert all(cached(client, {one.get_absolute_url(), two.get_absolute_url()}).values())  # still waiting
    change_committed(lambda: moderate([waiting], Comment.Status.APPROVED, user=editor))
    assert cached(client, {one.get_absolute_url()}) == {one.get_absolute_url(): False}
    assert "Thank you." in client.get(one.get_absolute_url()).content.decode()
    assert all(cached(client, {two.get_absolute_url(), "/authors/bakyt/"}).values())


def test_a_changed_photo_refreshes_its_story(client, site, change_committed):
    one, two = site["one"], site["two"]
    photo = ImageCaption.objects.create(
        article=one, caption="The gate", credit="Photo desk", alt_text="A gate"
    )
    warm(client, {one.get_absolute_url(), two.get_absolute_url()})
    photo.caption = "The gate at dawn"
    change_committed(photo.save)
    assert cached(client, {one.get_absolute_url(), two.get_absolute_url()}) == {
        one.get_absolute_url(): False,
        two.get_absolute_url(): True,
    }


def test_a_scheduled_story_going_live_refreshes_what_publishing_would(client, site, make_article):
    later = make_article(
        headline="At dawn", published_at=timezone.now() + timedelta(hours=1), topics=[site["prisons"]]
    )
    warm(client, {"/topics/prisons/", "/topics/water/", "/"})
    # Its time comes: the clock of the world moves, not the story (no save, no signal).
    Article.objects.filter(pk=later.pk).update(published_at=timezone.now())
    cache.set(changes.NEXT_DUE_KEY, timezone.now().timestamp() - 1, timeout=None)
    assert cached(client, {"/topics/prisons/"}) == {"/topics/prisons/": False}
    assert "At dawn" in client.get("/topics/prisons/").content.decode()
    assert "At dawn" in client.get("/").content.decode()
    assert cached(client, {"/topics/water/"}) == {"/topics/water/": True}


def test_pages_carry_their_keys_and_how_long_an_accelerator_may_keep_them(client, site, settings):
    one = site["one"]
    response = client.get(one.get_absolute_url())
    keys = set(response["xkey"].split())
    assert {f"a{one.pk}", f"t{site['prisons'].pk}", f"r{site['almaty'].pk}", f"p{site['aigerim'].pk}"} <= keys
    assert f"a{site['two'].pk}" not in keys
    assert set(response["Surrogate-Key"].split()) == keys
    assert set(response["Cache-Tag"].split(",")) == keys
    control = response["Cache-Control"]
    assert "public" in control and "s-maxage=50" in control and "stale-while-revalidate=10" in control
    topic_keys = set(client.get("/topics/prisons/")["xkey"].split())
    assert {f"t{site['prisons'].pk}", f"a{one.pk}", f"p{site['aigerim'].pk}"} <= topic_keys
    assert "s-en" not in topic_keys  # a publication in another topic leaves it alone
    assert "s-en" in set(client.get("/articles/")["xkey"].split())


def test_personal_pages_are_private(client, site, editor):
    client.force_login(editor)
    response = client.get(site["one"].get_absolute_url())
    assert "private" in response["Cache-Control"] and "s-maxage" not in response["Cache-Control"]
    assert "X-Page-Cache" not in response


class PurgeReceiver(http.server.BaseHTTPRequestHandler):
    """A stand-in for Varnish on 127.0.0.1: records purges; fails the first ``failures``."""

    received = []
    failures = 0

    def do_PURGE(self):
        if PurgeReceiver.failures:
            PurgeReceiver.failures -= 1
            self.send_response(503)
        else:
            PurgeReceiver.received.append(self.headers["xkey-purge"])
            self.send_response(200)
            self.send_header("X-Purged", "1")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish_stand_in(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeReceiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    PurgeReceiver.received, PurgeReceiver.failures = [], 0
    settings.CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}"]
    yield PurgeReceiver
    server.shutdown()


def test_an_edit_purges_the_accelerators_by_key_after_commit(
    site, varnish_stand_in, change_committed, monkeypatch
):
    monkeypatch.setattr(purging, "RETRY_SECONDS", (0.01, 0.01))
    varnish_stand_in.failures = 1  # the first try fails: tried again
    one = site["one"]
    one.headline = "Changed"
    change_committed(one.save)
    purging.wait()
    assert varnish_stand_in.received and f"a{one.pk}" in varnish_stand_in.received[-1].split()


def test_a_draft_save_purges_nothing(make_article, varnish_stand_in, change_committed):
    draft = make_article(status="draft")
    draft.headline = "Still a draft"
    change_committed(draft.save)
    purging.wait()
    assert varnish_stand_in.received == []


def test_a_failing_accelerator_is_retried_then_given_up_and_logged(caplog):
    calls = []

    def failing(url, header):
        calls.append(url)
        raise OSError("connection refused")

    purging_send = purging.send
    try:
        purging.send = failing
        assert purging.purge_now("http://127.0.0.1:9", "a1", retries=(0, 0), sleep=lambda s: None) is False
    finally:
        purging.send = purging_send
    assert len(calls) == 3
    assert "given up" in caplog.text


def test_long_key_lists_are_split_under_the_header_limit():
    keys = {f"a{n}" for n in range(2000)}
    batches = list(purging.batches(keys, limit=500))
    assert all(len(batch) <= 500 for batch in batches)
    assert set(" ".join(batches).split()) == keys


def test_the_purge_command_marks_every_page_or_the_keys_named(client, site, varnish_stand_in):
    import io

    from django.core.management import call_command

    paths = pages_of_one(site) | pages_of_two_alone(site)
    warm(client, paths)
    changes.discard_pending()
    call_command("purge_pages", "--keys", f"t{site['water'].pk}", stdout=io.StringIO())
    assert cached(client, {"/topics/water/", "/topics/prisons/"}) == {
        "/topics/water/": False,
        "/topics/prisons/": True,
    }
    call_command("purge_pages", stdout=io.StringIO())
    assert not any(cached(client, paths).values())
    assert varnish_stand_in.received[-1] == "all"
