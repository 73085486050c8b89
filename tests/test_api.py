"""The read API (/api/v1/): stories and names, filters, cursors, keys, rate limits, caching."""

import json
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from api import access, cursor
from api.models import ApiKey
from articles.caching import changes, pages
from articles.models import Article, ImageCaption, Region, StoryNote
from audit.models import AuditEntry
from tests.image_files import photo_file


def get(client, url, **headers):
    return client.get(url, headers=headers)


def follow(client, address, **headers):
    """GET an absolute ``next`` address the API gave (on SITE_URL)."""
    assert address.startswith(settings.SITE_URL + "/api/v1/")
    parts = urlsplit(address)
    return client.get(f"{parts.path}?{parts.query}", headers=headers)


@pytest.fixture
def newsroom(make_article, make_author, make_topic, make_region, make_organisation):
    """Stories in English and Russian, filed under topics and places in a country, with a
    draft and a scheduled story that must never show."""
    now = timezone.now()
    country = make_region(name="Kazakhstan", slug="kazakhstan", kind=Region.Kind.COUNTRY, iso_code="KZ")
    city = make_region(name="Almaty", slug="almaty", kind=Region.Kind.CITY, parent=country)
    other = make_region(name="Kyrgyzstan", slug="kyrgyzstan", kind=Region.Kind.COUNTRY, iso_code="KG")
    prisons = make_topic(name="Prisons", slug="prisons", title_ru="Тюрьмы")
    water = make_topic(name="Water", slug="water")
    reporter = make_author(name="Ksenia Bondal", slug="ksenia-bondal", name_ru="Ксения Бондаль")
    ombudsman = make_organisation(name="Ombudsman", slug="ombudsman")
    english = make_article(
        headline="Women's club opens in Almaty",
        slug="womens-club",
        standfirst="A club for women who left prison.",
        body="<p>The club opened on Monday.</p><p>Forty women came.</p>",
        dateline="ALMATY",
        authors=[reporter],
        topics=[prisons],
        regions=[city],
        published_at=now - timedelta(hours=2),
    )
    english.organisations.add(ombudsman)
    russian = make_article(
        headline="В Алматы открылся женский клуб",
        slug="zhenskiy-klub",
        language="ru",
        translation_of=english,
        authors=[reporter],
        topics=[prisons],
        regions=[city],
        published_at=now - timedelta(hours=1),
    )
    river = make_article(
        headline="The river runs dry",
        slug="river",
        topics=[water],
        regions=[other],
        published_at=now - timedelta(days=3),
    )
    draft = make_article(
        headline="Draft secret", status=Article.Status.DRAFT, topics=[prisons], regions=[city]
    )
    scheduled = make_article(
        headline="Scheduled secret", published_at=now + timedelta(hours=3), topics=[prisons]
    )
    return {
        "english": english,
        "russian": russian,
        "river": river,
        "draft": draft,
        "scheduled": scheduled,
        "country": country,
        "city": city,
        "prisons": prisons,
        "reporter": reporter,
        "ombudsman": ombudsman,
    }


def headlines(response):
    assert response.status_code == 200, response.content
    return [story["headline"] for story in response.json()["results"]]


def test_stories_are_published_ones_newest_first_in_every_language(client, newsroom):
    response = get(client, "/api/v1/stories/")
    assert headlines(response) == [
        "В Алматы открылся женский клуб",
        "Women's club opens in Almaty",
        "The river runs dry",
    ]
    assert response["Content-Type"].startswith("application/json")
    card = response.json()["results"][1]
    english = newsroom["english"]
    assert card["id"] == english.pk
    assert card["url"] == settings.SITE_URL + english.get_absolute_url()
    assert card["api_url"] == f"{settings.SITE_URL}/api/v1/stories/{english.pk}"
    assert card["language"] == "en"
    assert card["byline"][0]["name"] == "Ksenia Bondal"
    assert card["topics"] == [
        {
            "slug": "prisons",
            "name": "Prisons",
            "url": settings.SITE_URL + "/topics/prisons/",
            "api_url": settings.SITE_URL + "/api/v1/topics/prisons",
            "media_topics": [],
        }
    ]
    assert card["regions"][0]["slug"] == "almaty"
    # A Russian story names its author and topics in Russian, and links its Russian pages.
    russian = response.json()["results"][0]
    assert russian["byline"][0]["name"] == "Ксения Бондаль"
    assert russian["topics"][0]["name"] == "Тюрьмы"
    assert russian["url"].startswith(settings.SITE_URL + "/ru/")
    assert russian["translation_of"] == english.pk
    assert (
        "Draft secret" not in response.content.decode()
        and "Scheduled secret" not in response.content.decode()
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("language=ru", ["В Алматы открылся женский клуб"]),
        ("language=en", ["Women's club opens in Almaty", "The river runs dry"]),
        ("topic=water", ["The river runs dry"]),
        ("region=kazakhstan", ["В Алматы открылся женский клуб", "Women's club opens in Almaty"]),  # its city
        ("region=kazakhstan&language=en", ["Women's club opens in Almaty"]),
        ("author=ksenia-bondal&language=ru", ["В Алматы открылся женский клуб"]),
        ("organisation=ombudsman", ["Women's club opens in Almaty"]),
        ("q=river", ["The river runs dry"]),
        ("q=forty", ["Women's club opens in Almaty"]),
        ("topic=", ["В Алматы открылся женский клуб", "Women's club opens in Almaty", "The river runs dry"]),
        (
            "language=&q=",
            ["В Алматы открылся женский клуб", "Women's club opens in Almaty", "The river runs dry"],
        ),
    ],
)
def test_stories_filter_as_readers_lists_do(client, newsroom, query, expected):
    assert headlines(get(client, f"/api/v1/stories/?{query}")) == expected


def test_stories_filter_by_dates_in_the_newsrooms_time_zone(client, newsroom):
    river_day = timezone.localtime(newsroom["river"].published_at).date()
    assert headlines(get(client, f"/api/v1/stories/?date_to={river_day}")) == ["The river runs dry"]
    after = river_day + timedelta(days=1)
    assert "The river runs dry" not in headlines(get(client, f"/api/v1/stories/?date_from={after}"))


@pytest.mark.parametrize(
    ("query", "field", "says"),
    [
        ("topic=nothing-like-it", "topic", "is not one we know"),
        ("region=atlantis", "region", "is not one we know"),
        ("author=nobody", "author", "is not one we know"),
        ("date_from=yesterday", "date_from", "valid date"),
        ("page_size=0", "page_size", "greater than or equal to 1"),
        ("page_size=1000", "page_size", "less than or equal to 100"),
    ],
)
def test_bad_parameters_are_refused_with_what_was_wrong(client, newsroom, query, field, says):
    response = get(client, f"/api/v1/stories/?{query}")
    assert response.status_code == 400
    problem = response.json()
    assert field in problem["errors"], problem
    assert says in problem["detail"] + " ".join(problem["errors"][field])


def test_an_unknown_language_and_a_forged_cursor_are_refused_clearly(client, newsroom):
    response = get(client, "/api/v1/stories/?language=xx")
    assert response.status_code == 400
    assert "not a language we publish in" in response.json()["detail"]
    assert "ru" in response.json()["detail"]
    for forged in ("zzz", "bm90IGEgY3Vyc29y", "MjAyNi0xMi0wMx9hYmM"):
        response = get(client, f"/api/v1/stories/?cursor={forged}")
        assert response.status_code == 400, forged
        assert "cursor" in response.json()["detail"]


def test_the_cursor_walks_every_story_once_even_when_stories_share_a_time(client, make_article):
    same = timezone.now() - timedelta(hours=5)
    made = [
        make_article(headline=f"Story {n}", published_at=same if n % 2 else same - timedelta(minutes=n))
        for n in range(7)
    ]
    seen, address = [], "/api/v1/stories/?page_size=2"
    response = get(client, address)
    while True:
        seen += headlines(response)
        following = response.json()["next"]
        if following is None:
            break
        assert "page_size=2" in following
        response = follow(client, following)
    assert sorted(seen) == sorted(article.headline for article in made)
    assert len(seen) == len(set(seen)) == 7


def test_a_story_published_while_a_partner_reads_neither_repeats_nor_skips_one(client, make_article):
    for n in range(4):
        make_article(headline=f"Old {n}", published_at=timezone.now() - timedelta(days=n + 1))
    first = get(client, "/api/v1/stories/?page_size=2")
    assert headlines(first) == ["Old 0", "Old 1"]
    make_article(headline="Breaking", published_at=timezone.now() - timedelta(minutes=1))
    assert headlines(follow(client, first.json()["next"])) == ["Old 2", "Old 3"]


def test_a_story_whole(client, newsroom):
    english = newsroom["english"]
    ImageCaption.objects.create(
        article=english, image=photo_file("club.png"), caption="The club's first meeting", credit="Vlast.kz"
    )
    StoryNote.objects.create(article=english, text="An earlier version gave the wrong day.")
    story = get(client, f"/api/v1/stories/{english.pk}").json()
    assert story["headline"] == "Women's club opens in Almaty"
    assert story["body_html"] == "<p>The club opened on Monday.</p><p>Forty women came.</p>"
    assert story["body_text"] == "The club opened on Monday. Forty women came."
    assert story["dateline"] == "ALMATY"
    assert story["organisations"][0]["slug"] == "ombudsman"
    assert story["regions"][0]["api_url"].endswith("/api/v1/regions/almaty")
    photo = story["photos"][0]
    assert (photo["caption"], photo["credit"], photo["placement"]) == (
        "The club's first meeting",
        "Vlast.kz",
        "lead",
    )
    assert photo["renditions"][0]["href"].startswith(settings.SITE_URL + "/")
    assert story["lead_photo"] == photo
    assert [(note["kind"], note["text"]) for note in story["notes"]] == [
        ("correction", "An earlier version gave the wrong day.")
    ]
    assert [(other["language"], other["headline"]) for other in story["translations"]] == [
        ("ru", "В Алматы открылся женский клуб")
    ]


def test_an_unpublished_translation_is_not_offered(client, newsroom, make_article):
    english = newsroom["english"]
    make_article(headline="Qoralama", language="uz", status=Article.Status.DRAFT, translation_of=english)
    story = get(client, f"/api/v1/stories/{english.pk}").json()
    assert [other["language"] for other in story["translations"]] == ["ru"]
    for hidden in (newsroom["draft"], newsroom["scheduled"]):
        for suffix in ("", ".ninjs"):
            response = get(client, f"/api/v1/stories/{hidden.pk}{suffix}")
            assert response.status_code == 404
            assert response.json() == {"detail": "Not Found"}


def test_names_list_only_what_published_stories_name_in_every_language(client, newsroom, make_author):
    make_author(name="Never bylined", slug="never")
    authors = get(client, "/api/v1/authors/").json()["results"]
    assert [author["slug"] for author in authors] == ["ksenia-bondal"]
    assert authors[0]["names"] == {"en": "Ksenia Bondal", "ru": "Ксения Бондаль"}
    assert authors[0]["stories_url"] == settings.SITE_URL + "/api/v1/stories/?author=ksenia-bondal"
    regions = {region["slug"]: region for region in get(client, "/api/v1/regions/").json()["results"]}
    assert set(regions) == {"almaty", "kazakhstan", "kyrgyzstan"}
    assert regions["almaty"]["parent"] == "kazakhstan"
    assert regions["kazakhstan"]["iso_code"] == "KZ"
    topic = get(client, "/api/v1/topics/prisons").json()
    assert topic["names"] == {"ru": "Тюрьмы"} and topic["name"] == "Prisons"
    assert get(client, "/api/v1/organisations/ombudsman").json()["name"] == "Ombudsman"
    assert get(client, "/api/v1/authors/never").status_code == 404


def test_names_are_paged_by_cursor(client, make_article, make_topic):
    topics = [make_topic(slug=f"topic-{n:02d}") for n in range(5)]
    make_article(topics=topics)
    response = get(client, "/api/v1/topics/?page_size=2")
    seen = []
    while True:
        assert response.status_code == 200
        seen += [topic["slug"] for topic in response.json()["results"]]
        if response.json()["next"] is None:
            break
        response = follow(client, response.json()["next"])
    assert seen == [f"topic-{n:02d}" for n in range(5)]


def _stories_with_everything(make_article, make_author, make_topic, make_region, count):
    region = make_region()
    for n in range(count):
        article = make_article(
            authors=[make_author(), make_author()], topics=[make_topic(), make_topic()], regions=[region]
        )
        ImageCaption.objects.create(article=article, image=photo_file(f"p{n}.png"), caption=f"Photo {n}")


def test_a_page_of_stories_costs_the_same_queries_however_many_it_holds(
    client, make_article, make_author, make_topic, make_region, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # drawn each time
    _stories_with_everything(make_article, make_author, make_topic, make_region, 12)
    get(client, "/api/v1/stories/?page_size=1")  # the names each process keeps, read once
    # The stories, their bylines, their photos, and what they are filed under.
    with django_assert_max_num_queries(4):
        assert len(headlines(get(client, "/api/v1/stories/?page_size=2"))) == 2
    with django_assert_max_num_queries(4):
        response = get(client, "/api/v1/stories/?page_size=10")
        assert len(headlines(response)) == 10
    with django_assert_max_num_queries(4):
        assert len(headlines(follow(client, response.json()["next"]))) == 2


def test_a_story_costs_a_fixed_number_of_queries(client, newsroom, django_assert_max_num_queries, settings):
    settings.PAGE_CACHE_SECONDS = 0
    english = newsroom["english"]
    StoryNote.objects.create(article=english, text="A correction.")
    get(client, f"/api/v1/stories/{english.pk}")
    # The story with its byline and photos, what it is filed under, its translations, its notes.
    with django_assert_max_num_queries(6):
        assert get(client, f"/api/v1/stories/{english.pk}").status_code == 200
    with django_assert_max_num_queries(6):
        assert get(client, f"/api/v1/stories/{english.pk}.ninjs").status_code == 200


def test_answers_carry_an_etag_and_an_unchanged_one_is_a_304_until_something_changes(
    client,
    newsroom,
    make_article,
    settings,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    committed = django_capture_on_commit_callbacks  # changes are announced when they commit
    changes.discard_pending()  # the newsroom's own making, never committed in a test
    settings.PAGE_CACHE_SECONDS = 60
    first = get(client, "/api/v1/stories/?language=en")
    etag = first["ETag"]
    assert etag
    with django_assert_max_num_queries(0):
        again = get(client, "/api/v1/stories/?language=en", If_None_Match=etag)
    assert again.status_code == 304 and again.content == b""
    # Another language's story changes nothing here…
    with committed(execute=True):
        make_article(headline="Новая", language="ru")
    assert get(client, "/api/v1/stories/?language=en", If_None_Match=etag).status_code == 304
    # …an English one does.
    with committed(execute=True):
        make_article(headline="Fresh English story")
    changed = get(client, "/api/v1/stories/?language=en", If_None_Match=etag)
    assert changed.status_code == 200
    assert "Fresh English story" in headlines(changed)
    # A story's own answer follows its edits.
    english = newsroom["english"]
    etag = get(client, f"/api/v1/stories/{english.pk}")["ETag"]
    english.headline = "Women's club opens its doors"
    with committed(execute=True):
        english.save()
    edited = get(client, f"/api/v1/stories/{english.pk}", If_None_Match=etag)
    assert edited.status_code == 200 and edited.json()["headline"] == "Women's club opens its doors"


def test_answers_are_kept_by_what_they_show_and_never_by_a_shared_cache(client, newsroom, settings):
    """The app keeps an answer under the surrogate keys of what it shows (so a change drops
    exactly the answers it touches); no shared cache may keep it, whatever spelling of the
    address it matched (each call must reach the app to be counted)."""
    settings.PAGE_CACHE_SECONDS = 60
    url = "/api/v1/stories/?topic=prisons&language=ru"
    response = get(client, url)
    assert response["Cache-Control"] == "private, no-cache"
    assert "xkey" not in response and "Surrogate-Key" not in response
    stored = cache.get(pages.page_key(RequestFactory().get(url)))
    prisons = newsroom["prisons"].pk
    assert {"s-ru", f"t{prisons}-ru", f"a{newsroom['russian'].pk}"} <= set(stored.keys)
    assert "s-en" not in stored.keys
    spelled = get(client, "/%61pi/v1/topics/")  # what Varnish would not have matched as /api/
    assert spelled.status_code == 200 and spelled["Cache-Control"] == "private, no-cache"
    assert get(client, "/api/v2/nothing")["Cache-Control"] == "private, no-cache"
    assert get(client, "/api/v2/nothing").json() == {"detail": "Not Found"}


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/authors/%00",
        "/api/v1/topics/a%00b",
        "/api/v1/regions/%00",
        "/api/v1/organisations/%00",
    ],
)
def test_a_name_no_address_can_hold_is_not_found(client, newsroom, address):
    response = get(client, address)
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize(
    ("endpoint", "position"),
    [
        ("topics", "a\x00b"),
        ("authors", "ksenia bondal"),
        ("stories", "0001-01-01T00:00:00+05:00\x1f3"),
        ("stories", "9999-12-31T23:59:59-05:00\x1f3"),
        ("stories", "2017-08-22T03:00:00\x1f3"),
        ("stories", "2017-08-22T03:00:00+00:00\x1f-1"),
        ("stories", "2017-08-22T03:00:00+00:00\x1f99999999999999999999"),
    ],
)
def test_a_forged_cursor_is_refused_not_passed_to_the_database(client, newsroom, endpoint, position):
    response = get(client, f"/api/v1/{endpoint}/?cursor={cursor.encode(position)}")
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_a_cursor_in_any_time_zone_is_read_in_utc(client, newsroom):
    """+20:00 is no offset PostgreSQL takes: the time is turned to UTC before the query."""
    position = cursor.encode("2099-01-01T03:00:00+20:00", 3)
    response = get(client, f"/api/v1/stories/?cursor={position}")
    assert response.status_code == 200 and len(response.json()["results"]) == 3


def test_a_story_translating_a_draft_names_no_source(client, newsroom, make_article):
    draft = make_article(headline="Source draft", status=Article.Status.DRAFT)
    story = make_article(headline="Translation", language="ru", translation_of=draft)
    card = next(card for card in get(client, "/api/v1/stories/").json()["results"] if card["id"] == story.pk)
    assert card["translation_of"] is None
    whole = get(client, f"/api/v1/stories/{story.pk}").json()
    assert whole["translation_of"] is None and whole["translations"] == []
    # Published, it is named.
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=5)
    draft.save()
    assert get(client, f"/api/v1/stories/{story.pk}").json()["translation_of"] == draft.pk


# Keys and rate limits


def make_key(**fields):
    api_key = ApiKey(name="Partner outlet", **fields)
    secret = api_key.issue()
    api_key.save()
    return api_key, secret


def test_a_key_is_kept_only_as_its_digest(db):
    api_key, secret = make_key()
    assert secret.startswith("cak_") and len(secret) > 40
    stored = ApiKey.objects.get(pk=api_key.pk)
    assert secret not in (stored.digest, stored.lookup) and secret.startswith(stored.lookup)
    assert ApiKey.objects.for_key(secret) == stored
    assert ApiKey.objects.for_key(secret + "x") is None


def test_a_valid_key_gets_its_own_limit_and_an_invalid_or_revoked_one_is_refused(
    client, newsroom, settings, mid_minute
):
    settings.API_ANONYMOUS_REQUESTS_PER_MINUTE = 5
    api_key, secret = make_key(requests_per_minute=1000)
    response = get(client, "/api/v1/stories/", Authorization=f"Bearer {secret}")
    assert response.status_code == 200
    assert response["RateLimit-Limit"] == "1000" and response["RateLimit-Remaining"] == "999"
    assert get(client, "/api/v1/stories/", X_API_Key=secret)["RateLimit-Remaining"] == "998"
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None
    for header in (
        {"Authorization": f"Bearer {secret}x"},
        {"X_API_Key": "cak_guess"},
        {"Authorization": "Basic Zm9vOmJhcg=="},
    ):
        refused = get(client, "/api/v1/stories/", **header)
        assert refused.status_code == 401, header
        assert "not valid" in refused.json()["detail"]
        assert refused["WWW-Authenticate"].startswith("Bearer")
    api_key.is_active = False
    api_key.save()
    assert get(client, "/api/v1/stories/", Authorization=f"Bearer {secret}").status_code == 401
    # Guesses at keys count against the address, as anonymous use does (five a minute here:
    # the four refused above, then this one).
    assert get(client, "/api/v1/stories/", X_API_Key="cak_guess2").status_code == 401
    assert get(client, "/api/v1/stories/", X_API_Key="cak_guess3").status_code == 429


@pytest.fixture
def mid_minute(monkeypatch):
    """The limits count per minute: a test's requests all fall in the same one, with 30
    seconds of it left."""
    now = (time.time() // 60) * 60 + 30
    monkeypatch.setattr(access.time, "time", lambda: now)


def test_anonymous_use_and_each_key_are_limited_apart(client, newsroom, settings, mid_minute):
    settings.API_ANONYMOUS_REQUESTS_PER_MINUTE = 3
    for n in range(3):
        response = get(client, "/api/v1/topics/")
        assert response.status_code == 200
        assert response["RateLimit-Remaining"] == str(2 - n)
    refused = get(client, "/api/v1/topics/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert "without an API key" in refused.json()["detail"]
    # A cached answer is no way around the limit: the limit is checked first.
    assert get(client, "/api/v1/stories/").status_code == 429
    _key, secret = make_key(requests_per_minute=2)
    assert get(client, "/api/v1/topics/", Authorization=f"Bearer {secret}").status_code == 200
    assert get(client, "/api/v1/topics/", Authorization=f"Bearer {secret}").status_code == 200
    limited = get(client, "/api/v1/topics/", Authorization=f"Bearer {secret}")
    assert limited.status_code == 429 and "this key may make 2 a minute" in limited.json()["detail"]
    _other, other_secret = make_key(requests_per_minute=2)
    assert get(client, "/api/v1/topics/", Authorization=f"Bearer {other_secret}").status_code == 200


def test_answers_may_be_read_by_any_site_in_a_browser(client, newsroom):
    response = get(client, "/api/v1/stories/", Origin="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert not response.cookies


# The description and the documentation


def test_the_openapi_description_names_every_operation_and_its_filters(client, db):
    response = get(client, "/api/v1/schema/")
    assert response.status_code == 200

    def no_repeats(pairs):
        names = [name for name, _value in pairs]
        assert len(names) == len(set(names)), names  # Swagger UI refuses a repeated key
        return dict(pairs)

    document = json.loads(response.content, object_pairs_hook=no_repeats)
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    for path in (
        "/api/v1/stories/",
        "/api/v1/stories/{story_id}",
        "/api/v1/stories/{story_id}.ninjs",
        "/api/v1/authors/",
        "/api/v1/topics/{slug}",
        "/api/v1/regions/",
        "/api/v1/organisations/{slug}",
    ):
        assert "get" in paths[path], path
    parameters = {parameter["name"] for parameter in paths["/api/v1/stories/"]["get"]["parameters"]}
    assert {
        "language",
        "topic",
        "region",
        "author",
        "organisation",
        "date_from",
        "date_to",
        "q",
        "cursor",
        "page_size",
    } <= parameters
    assert "StoryCard" in json.dumps(document["components"])
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"]["scheme"] == "bearer" and schemes["apiKey"]["name"] == "X-API-Key"
    answers = paths["/api/v1/stories/"]["get"]["responses"]
    assert {"200", "400", "401", "429"} <= set(answers)


def test_the_documentation_page_uses_no_other_site(client, db):
    response = get(client, "/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


# Keys in the admin


def test_an_operator_makes_a_key_in_the_admin_and_sees_it_once(client, newsroom, django_user_model):
    operator = django_user_model.objects.create_superuser("operator", password="a-long-test-password")
    client.force_login(operator)
    response = client.post(
        "/admin/api/apikey/add/",
        {"name": "Partner outlet", "contact": "", "requests_per_minute": "120", "is_active": "on"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "shown only this once" in html
    api_key = ApiKey.objects.get()
    secret = next(word for word in html.replace('"', " ").split() if word.startswith("cak_"))
    assert api_key.created_by == operator and secret.startswith(api_key.lookup)
    assert secret not in client.get(f"/admin/api/apikey/{api_key.pk}/change/").content.decode()
    assert secret not in client.get("/admin/api/apikey/").content.decode()
    revoke = client.post(
        f"/admin/api/apikey/{api_key.pk}/change/",
        {"name": "Partner outlet", "contact": "", "requests_per_minute": "120"},
    )
    assert revoke.status_code == 302 and not ApiKey.objects.get().is_active
    # Who gave access, and who took it back, is on the record.
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.API_KEY).order_by("pk")
    assert [(entry.username, entry.detail) for entry in entries] == [
        ("operator", "made, 120 a minute"),
        ("operator", "is_active → False"),
    ]
    assert secret not in " ".join(entry.subject + entry.detail for entry in entries)
    client.logout()
    assert get(client, "/api/v1/stories/", Authorization=f"Bearer {secret}").status_code == 401


def test_a_bad_limit_is_refused_with_the_form_kept(client, db, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("operator", password="a-long-test-password")
    )
    response = client.post("/admin/api/apikey/add/", {"name": "Partner outlet", "requests_per_minute": "0"})
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    assert 'value="Partner outlet"' in response.content.decode()
    assert not ApiKey.objects.exists()


def test_editors_do_not_manage_keys(client, editor):
    client.force_login(editor)
    assert client.get("/admin/api/apikey/").status_code == 403
    assert (
        client.post("/admin/api/apikey/add/", {"name": "Sneaky", "requests_per_minute": "100000"}).status_code
        == 403
    )
    assert not ApiKey.objects.exists()
