"""The page cache: fast for anonymous readers, never stale after an editor's change."""

import hashlib
import logging
from datetime import timedelta

import pytest
from django.db import OperationalError, transaction
from django.test import Client
from django.utils import timezone

from articles import caching, services
from articles.caching import changes, kept, pages
from articles.models import Article
from engagement.models import Comment
from engagement.services import moderate

FORM = "article_form"

# Changes are made inside transaction.atomic(), as every write path of the app makes them
# (the admin, services), and committed with django_capture_on_commit_callbacks: the new
# content version starts on commit.


@pytest.fixture
def page_cache(settings):
    """The page cache on, as in production."""
    settings.PAGE_CACHE_SECONDS = 600
    return settings


@pytest.fixture
def story(make_article, make_author, make_topic, make_region, make_organisation):
    article = make_article(
        headline="Prison imams teach a gentler faith",
        authors=[make_author(name="Aigerim Tokayeva", slug="aigerim-tokayeva")],
        regions=[make_region(name="Almaty", slug="almaty")],
        topics=[make_topic(name="Prisons", slug="prisons")],
        is_featured=True,
        featured_position=1,
    )
    article.organisations.add(make_organisation(name="Prison Service", slug="prison-service"))
    return article


def pages_showing(article):
    """Every public page on which the story's headline appears."""
    return [
        "/",
        "/articles/",
        "/topics/prisons/",
        "/regions/almaty/",
        "/authors/aigerim-tokayeva/",
        "/organisations/prison-service/",
        "/search/?q=imams",
        article.get_absolute_url(),
        "/feeds/rss/",
        "/feeds/atom/",
        "/topics/prisons/rss/",
        "/regions/almaty/atom/",
        "/news-sitemap.xml",
    ]


class Unreachable:
    """A database connection that is down."""

    def cursor(self):
        raise OperationalError("connection refused")


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_second_anonymous_visit_costs_no_query(client, page_cache, story, django_assert_num_queries):
    """The point of the cache: a page already rendered is served without the database."""
    first = client.get("/topics/prisons/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = Client().get("/topics/prisons/")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_an_edited_headline_shows_on_every_page_at_the_next_request(
    client, page_cache, story, editor, form_data, django_capture_on_commit_callbacks
):
    """An editor's save is seen by readers on the very next request, not after a timeout."""
    for url in pages_showing(story):
        assert "Prison imams teach a gentler faith" in client.get(url).content.decode(), url
    admin = signed_in(editor)
    change = f"/admin/articles/article/{story.pk}/change/"
    data = form_data(admin.get(change), FORM) | {"headline": "Prison imams preach moderation"}
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(change, data).status_code == 302
    for url in pages_showing(story):
        page = client.get(url).content.decode()
        assert "Prison imams preach moderation" in page, url
        assert "Prison imams teach a gentler faith" not in page, url


@pytest.mark.parametrize(
    ("change", "url", "gone"),
    [
        (lambda story, editor: services.unpublish([story], user=editor), "/topics/prisons/", True),
        (
            lambda story, editor: services.remove_topic([story], story.topics.get(), user=editor),
            "/topics/prisons/",
            True,
        ),
        (lambda story, editor: services.set_featured([story], False, user=editor), "/", None),
    ],
    ids=["unpublish", "untag", "unfeature"],
)
def test_editorial_changes_reach_cached_pages(
    client, page_cache, story, editor, change, url, gone, django_capture_on_commit_callbacks
):
    """Unpublishing, retagging and curating the front page each start a new version."""
    before = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        change(story, editor)
    after = client.get(url)
    # A topic left with no published story is no longer public: its page is then a 404.
    assert after.get("ETag") != before["ETag"]
    if gone:
        assert story.headline not in after.content.decode()
    else:
        assert after.content != before.content


def test_reordering_the_front_page_shows_at_once(
    client, page_cache, make_article, django_capture_on_commit_callbacks
):
    """The front page screen saves positions one by one; readers see the new order next time."""
    first = make_article(headline="Alpha story", is_featured=True, featured_position=1)
    make_article(headline="Beta story", is_featured=True, featured_position=2)
    page = client.get("/").content.decode()
    assert page.index("Alpha story") < page.index("Beta story")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first.featured_position = 3
        first.save()
    page = client.get("/").content.decode()
    assert page.index("Beta story") < page.index("Alpha story")


def test_an_approved_comment_appears_but_a_new_one_does_not_clear_the_cache(
    client, page_cache, story, editor, django_capture_on_commit_callbacks
):
    """Readers' pending comments leave cached pages alone; approval refreshes them."""
    url = story.get_absolute_url()
    client.get(url)
    changes.discard_pending()  # the fixtures' own announcements: never committed here
    clock = changes.read([])[0]
    with django_capture_on_commit_callbacks(execute=True):
        comment = Comment.objects.create(
            article=story, name="Dana", email="dana@example.org", body="Thoughtful piece.", status="pending"
        )
    assert changes.read([])[0] == clock
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert "Thoughtful piece." not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        moderate([comment], Comment.Status.APPROVED, user=editor)
    assert "Thoughtful piece." in client.get(url).content.decode()


def test_a_scheduled_article_appears_when_its_time_comes(client, page_cache, make_article, monkeypatch):
    """No edit happens at publication time, yet the cached list must change then."""
    make_article(headline="Scheduled story", published_at=timezone.now() + timedelta(hours=1))
    assert "Scheduled story" not in client.get("/articles/").content.decode()
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(changes.time, "time", lambda: later.timestamp())
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Scheduled story" in client.get("/articles/").content.decode()


def test_a_scheduled_featured_story_appears_on_the_front_page_when_its_time_comes(
    client, make_article, monkeypatch
):
    """The front page keeps its featured stories for the content version: a featured
    story's time coming moves the clock, with the page cache off too."""
    make_article(headline="Featured now", is_featured=True, featured_position=1)
    make_article(
        headline="Featured later",
        is_featured=True,
        featured_position=2,
        published_at=timezone.now() + timedelta(hours=1),
    )
    assert [story.headline for story in client.get("/").context["featured"]] == ["Featured now"]
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(changes.time, "time", lambda: later.timestamp())
    monkeypatch.setattr(timezone, "now", lambda: later)
    featured = client.get("/").context["featured"]
    assert [story.headline for story in featured] == ["Featured now", "Featured later"]


def test_staff_previews_and_posts_are_never_cached(client, page_cache, story, editor):
    """Signed-in pages are personal: not served from, nor stored in, the shared cache."""
    admin = signed_in(editor)
    staff_page = admin.get("/topics/prisons/")
    assert "no-store" in staff_page["Cache-Control"] and "private" in staff_page["Cache-Control"]
    assert "ETag" not in staff_page
    preview = admin.get(f"/preview/articles/{story.pk}/")
    assert preview.status_code == 200 and "no-store" in preview["Cache-Control"]
    post = client.post(f"/articles/{story.pk}/react/", {"value": "yes"})
    assert "ETag" not in post


def test_conditional_get_answers_304_until_something_changes(
    client, page_cache, story, django_capture_on_commit_callbacks
):
    """Browsers and proxies revalidate cheaply: same version, 304 with no body."""
    first = client.get("/regions/almaty/")
    control = {part.strip() for part in first["Cache-Control"].split(",")}
    assert {"max-age=0", "must-revalidate", "public", "s-maxage=50"} <= control
    again = client.get("/regions/almaty/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get("/regions/almaty/", headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        story.standfirst = "A new standfirst."
        story.save()
    changed = client.get("/regions/almaty/", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200


COMMENT = {"name": "Dana", "email": "dana@example.org", "body": "Through the cache.", "accept_policy": "on"}


def test_a_cached_article_page_is_the_same_for_everyone_and_sets_no_cookie(client, page_cache, story):
    """What an HTTP accelerator keeps must carry no reader's token and set no cookie."""
    first = Client(enforce_csrf_checks=True).get(story.get_absolute_url())
    second = Client(enforce_csrf_checks=True).get(story.get_absolute_url())
    assert first.content == second.content
    assert not first.cookies and not second.cookies
    assert 'name="csrfmiddlewaretoken" value="" data-csrf-token' in first.content.decode()


def test_a_reader_with_javascript_fetches_a_token_and_posts(client, page_cache, story):
    """reader.js asks /csrf/ for a token (never cached; it sets the cookie), then posts."""
    reader = Client(enforce_csrf_checks=True)
    reader.get(story.get_absolute_url())
    answer = reader.get("/csrf/")
    assert "no-store" in answer["Cache-Control"] and "csrftoken" in answer.cookies
    posted = reader.post(
        f"/articles/{story.pk}/comments/", COMMENT | {"csrfmiddlewaretoken": answer.json()["token"]}
    )
    assert posted.status_code == 302
    assert Comment.objects.filter(body="Through the cache.").exists()


def test_a_reader_without_javascript_gets_the_form_back_with_a_token(client, page_cache, story):
    """The first post from a cached page has no token: the reader's text comes back in a
    page drawn for them, with a token, and the second post goes through."""
    reader = Client(enforce_csrf_checks=True)
    reader.get(story.get_absolute_url())
    refused = reader.post(f"/articles/{story.pk}/comments/", COMMENT | {"csrfmiddlewaretoken": ""})
    html = refused.content.decode()
    assert refused.status_code == 403 and "no-store" in refused["Cache-Control"]
    assert "please send your comment again" in html and "Through the cache." in html
    assert Comment.objects.count() == 0
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token
    posted = reader.post(f"/articles/{story.pk}/comments/", COMMENT | {"csrfmiddlewaretoken": token})
    assert posted.status_code == 302
    assert Comment.objects.filter(body="Through the cache.").count() == 1


def test_an_answer_without_javascript_is_asked_again(client, page_cache, story):
    reader = Client(enforce_csrf_checks=True)
    refused = reader.post(f"/articles/{story.pk}/react/", {"value": "yes"})
    assert refused.status_code == 403 and "please give your answer again" in refused.content.decode()
    admin_refused = reader.post("/admin/login/", {"username": "x", "password": "y"})
    assert admin_refused.status_code == 403 and "CSRF" in admin_refused.content.decode()


def test_a_reader_who_answered_sees_their_answer_not_the_cached_page(client, page_cache, story):
    """The article page shows a reader's own reaction, so their requests bypass the cache."""
    Client().get(story.get_absolute_url())  # an anonymous copy is cached
    client.post(f"/articles/{story.pk}/react/", {"value": "yes"})
    page = client.get(story.get_absolute_url())
    assert 'value="yes" aria-pressed="true"' in page.content.decode()
    assert "ETag" not in page


def test_the_message_after_a_comment_is_not_lost_to_the_cache(client, page_cache, story):
    """The redirect after posting shows "thank you", never a cached page without it."""
    client.get(story.get_absolute_url())
    response = client.post(
        f"/articles/{story.pk}/comments/",
        {"name": "Dana", "email": "dana@example.org", "body": "Hello.", "accept_policy": "on"},
        follow=True,
    )
    assert "Your comment will appear once an editor has approved it." in response.content.decode()


def test_head_answers_with_headers_only(client, page_cache, story):
    """HEAD gets GET's headers and length, without a body."""
    length = len(client.get("/topics/prisons/").content)
    head = client.head("/topics/prisons/")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(length)


def test_pages_are_served_uncached_when_the_cache_is_down(
    client, page_cache, story, caplog, unreachable_redis
):
    """Redis going away slows the site down; it does not take it down."""
    page_cache.CACHES = unreachable_redis
    with caplog.at_level(logging.WARNING, logger="articles.caching"):
        response = client.get("/topics/prisons/")
    assert response.status_code == 200
    assert story.headline in response.content.decode()
    assert "ETag" not in response
    assert "The cache is unreachable" in caplog.text
    health = client.get("/healthz")
    assert health.status_code == 503 and health.content == b"unavailable: cache\n"


def test_a_change_made_while_the_cache_was_away_shows_once_it_is_back(
    client, page_cache, story, monkeypatch, django_capture_on_commit_callbacks
):
    """An edit that could not start a new version must not leave old pages cached for good."""
    from django.core.cache import cache

    class Flaky:
        down = False

        def __getattr__(self, name):
            if self.down:
                raise ConnectionError("Redis went away")
            return getattr(cache, name)

    flaky = Flaky()
    for module in (changes, kept, pages):
        monkeypatch.setattr(module, "cache", flaky)
    client.get("/topics/prisons/")  # cached before the outage
    flaky.down = True
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        story.headline = "Written while the cache was away"
        story.save()
    flaky.down = False
    assert "Written while the cache was away" in client.get("/topics/prisons/").content.decode()


def test_healthz_checks_the_read_replica_too(client, db, monkeypatch):
    """A server whose replica is gone cannot serve public pages: it is not healthy."""
    from django.db import connection

    monkeypatch.setattr("cms.views.connections", {"default": connection, "replica": Unreachable()})
    response = client.get("/healthz")
    assert response.status_code == 503 and response.content == b"unavailable: database replica\n"


def test_healthz_answers_without_touching_the_session(client, db):
    """Load balancers poll it: no session, no cookie, just the database and the cache."""
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert not response.cookies and "Vary" not in response
    assert "no-store" in response["Cache-Control"]


def test_healthz_names_the_database_when_it_does_not_answer(client, db, monkeypatch):
    """A load balancer takes a server whose database is gone out of rotation."""

    monkeypatch.setattr("cms.views.connections", {"default": Unreachable()})
    response = client.get("/healthz")
    assert response.status_code == 503 and response.content == b"unavailable: database\n"


def test_a_database_outage_is_a_plain_503_not_a_traceback(db, monkeypatch):
    """Readers get a short explanation and a retry time while the database is away."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(Article.objects, "published", refuse)
    browser = Client(raise_request_exception=False)
    response = browser.get("/articles/")
    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Retry-After"] == "30"
    assert "cannot reach our database" in response.content.decode()
    assert "5432" not in response.content.decode()


def test_other_errors_still_get_the_500_page(db, monkeypatch):
    """Only database outages are a 503; a bug remains a 500."""

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(Article.objects, "published", broken)
    response = Client(raise_request_exception=False).get("/articles/")
    assert response.status_code == 500
    assert "<html" in response.content.decode()


def recorded_cache_reads(monkeypatch):
    """The keys each ``cache.get_many`` call asks the shared cache for, and each page ``cache.get``
    fetches (the local-memory cache's get_many calls get for each key: those are not recorded)."""
    reads = []
    get_many, get = pages.cache.get_many, pages.cache.get

    def recorded_get_many(keys, *args, **kwargs):
        reads.append(list(keys))
        return get_many(keys, *args, **kwargs)

    def recorded_get(key, *args, **kwargs):
        if key.startswith("page:"):
            reads.append([key])
        return get(key, *args, **kwargs)

    monkeypatch.setattr(pages.cache, "get_many", recorded_get_many)
    monkeypatch.setattr(pages.cache, "get", recorded_get)
    return reads


def test_a_page_served_lately_is_not_fetched_again_only_the_clock(client, page_cache, story, monkeypatch):
    """The second request reads the clock from the shared cache, in one round trip, and the
    page from this process; once the clock has moved, its keys' last changes are read too
    (in one round trip), and then the clock alone again."""
    changes.publish({"a-story-not-on-this-page"})  # a running site's cache holds a clock
    first = client.get("/topics/prisons/")
    reads = recorded_cache_reads(monkeypatch)
    second = client.get("/topics/prisons/")
    assert second.content == first.content and second["X-Page-Cache"] == "hit"
    assert reads == [[changes.CLOCK_KEY, changes.NEXT_DUE_KEY]]
    changes.publish({"a-story-not-on-this-page"})
    reads.clear()
    assert client.get("/topics/prisons/")["X-Page-Cache"] == "hit"
    assert len(reads) == 2 and changes.clock_key(f"a{story.pk}") in reads[1]
    assert not any(key.startswith("page:") for read in reads for key in read)
    reads.clear()
    assert client.get("/topics/prisons/")["X-Page-Cache"] == "hit"
    assert reads == [[changes.CLOCK_KEY, changes.NEXT_DUE_KEY]]


def test_a_lost_clock_never_vouches_for_a_kept_page(
    client, page_cache, story, django_capture_on_commit_callbacks
):
    """A page kept while the cache held no clock (reading 0) is not served on the clock
    alone when the clock is missing again (evicted, or the cache flushed): its keys are
    read, and the change they record is seen."""
    assert changes.read_clock()[0] == 0  # a new cache: no clock yet
    assert "Prison imams" in client.get("/topics/prisons/").content.decode()
    with transaction.atomic(), django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=story.pk).update(headline="Prison imams, revised")
        caching.announce({f"a{story.pk}"})
    pages.cache.delete(changes.CLOCK_KEY)  # lost; the key's last change is still there
    assert "Prison imams, revised" in client.get("/topics/prisons/").content.decode()


def test_a_change_announced_while_a_page_is_checked_is_seen_at_the_next_request(
    client, page_cache, story, monkeypatch
):
    """Announcing moves the clock once before marking the keys and once after: a process
    that read the clock and the keys in between, and found the page current, reads the
    keys again at its next request instead of trusting that clock reading."""
    assert "Prison imams" in client.get("/topics/prisons/").content.decode()
    Article.objects.filter(pk=story.pk).update(headline="Changed meanwhile")
    real_set_many, checked = changes.cache.set_many, []

    def check_between(values, *args, **kwargs):
        if not checked:  # the clock has moved, the story's key is not marked yet
            checked.append(client.get("/topics/prisons/")["X-Page-Cache"])
        return real_set_many(values, *args, **kwargs)

    monkeypatch.setattr(changes.cache, "set_many", check_between)
    changes.publish({f"a{story.pk}"})
    assert checked == ["hit"]  # found current: its key was not marked yet
    assert "Changed meanwhile" in client.get("/topics/prisons/").content.decode()


def test_a_page_another_server_drew_after_a_change_is_taken_from_the_shared_cache(
    client, page_cache, story, monkeypatch
):
    """This process's copy is older than a change: the shared cache's newer page is served, not drawn."""
    client.get("/topics/prisons/")
    changes.publish({f"a{story.pk}"})  # a change, made through another server…
    key = "page:" + hashlib.sha256(b"/topics/prisons/").hexdigest()
    mine = pages.cache.get(key)
    drawn_there = pages.Entry(changes.read([])[0], mine.keys, mine.drawn, mine.headers, b"<p>Drawn there</p>")
    pages.cache.set(key, drawn_there)  # …which then drew the page again
    monkeypatch.setattr(pages, "_render", lambda *args: pytest.fail("drawn again"))
    assert client.get("/topics/prisons/").content == b"<p>Drawn there</p>"


def test_a_change_is_seen_although_this_process_kept_the_page(
    client, page_cache, story, django_capture_on_commit_callbacks
):
    assert "Prison imams" in client.get("/topics/prisons/").content.decode()
    with transaction.atomic(), django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=story.pk).update(headline="Prison imams, revised")
        caching.announce({f"a{story.pk}"})
    assert "Prison imams, revised" in client.get("/topics/prisons/").content.decode()


def test_this_process_keeps_only_the_latest_pages(client, page_cache, story, monkeypatch):
    monkeypatch.setattr(pages, "recent_pages", kept.LRU(2))
    for path in ("/topics/prisons/", "/regions/almaty/", "/articles/"):
        client.get(path)
    assert len(pages.recent_pages) == 2


def test_a_change_through_another_server_shows_at_the_next_request(client, page_cache, story):
    """Pages are checked against their keys on every request, whatever PAGE_CACHE_VERSION_SECONDS."""
    page_cache.PAGE_CACHE_VERSION_SECONDS = 60
    assert "Prison imams" in client.get("/topics/prisons/").content.decode()
    # Another server saves an edit and announces it: this process did nothing.
    Article.objects.filter(pk=story.pk).update(headline="Changed on the other server")
    changes.publish({f"a{story.pk}"})
    assert "Changed on the other server" in client.get("/topics/prisons/").content.decode()


def test_a_change_through_this_server_shows_at_once(
    client, page_cache, story, django_capture_on_commit_callbacks
):
    page_cache.PAGE_CACHE_VERSION_SECONDS = 60
    client.get("/topics/prisons/")
    with transaction.atomic(), django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=story.pk).update(headline="Changed here")
        caching.announce({f"a{story.pk}"})
    assert "Changed here" in client.get("/topics/prisons/").content.decode()


def test_the_redis_cache_keeps_its_clients(unreachable_redis):
    """cms.cache.RedisCache builds one Redis client per connection pool, not one per operation."""
    from django.core.cache import CacheHandler

    redis_cache = CacheHandler(unreachable_redis)["default"]
    client = redis_cache._cache.get_client("a-key")
    assert redis_cache._cache.get_client("another-key", write=True) is client
    assert client.connection_pool is redis_cache._cache._get_connection_pool(write=True)
