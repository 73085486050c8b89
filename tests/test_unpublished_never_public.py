"""Nothing unpublished is public: every route readers and robots can reach is walked, with
the drafts', reviews' and scheduled stories' people, bodies, topics and places.

A route added to the URL conf without cases here fails ``test_every_public_route_...``:
say what it answers for a published story and for what only a hidden one names.
"""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article, ImageCaption, Region, StoryNote
from articles.sitemaps import SITEMAPS
from pages.models import Page
from tests.image_files import photo_file
from tests.url_routes import public_routes

NOT_KNOWN = "is not one we know"


@pytest.fixture
def world(make_article, make_author, make_topic, make_region, make_organisation):
    """A published story, and a draft, a story in review and a scheduled one that share its
    names and also name people, bodies, topics and places no published story names."""
    country = make_region(name="Kazakhstan", slug="kazakhstan", kind=Region.Kind.COUNTRY)
    city = make_region(name="Almaty", slug="almaty", kind=Region.Kind.CITY, parent=country)
    hidden_region = make_region(
        name="Hiddenland Province", slug="hiddenland-province", kind=Region.Kind.PROVINCE, parent=country
    )
    empty_region = make_region(name="Emptyvale", slug="emptyvale", kind=Region.Kind.COUNTRY)
    topic = make_topic(name="Prisons", slug="prisons")
    hidden_topic = make_topic(name="Embargoed Inquiry", slug="embargoed-inquiry")
    author = make_author(name="Ksenia Bondal", slug="ksenia-bondal")
    hidden_author = make_author(
        name="Zhanna Unpublishedova", slug="zhanna-unpublishedova", bio="Bio of a secret hire."
    )
    never_author = make_author(
        name="Nobody Everbylined", slug="nobody-everbylined", bio="Bio nobody printed."
    )
    organisation = make_organisation(name="Akniyet", slug="akniyet")
    hidden_organisation = make_organisation(
        name="Quietwater Foundation",
        slug="quietwater-foundation",
        description="A body named only in a draft.",
    )
    public = make_article(
        headline="Public story",
        slug="public-story",
        body="<p>prisons secret</p>",
        authors=[author],
        topics=[topic],
        regions=[city],
    )
    public.organisations.add(organisation)
    named = {
        "authors": [author, hidden_author],
        "topics": [topic, hidden_topic],
        "regions": [city, hidden_region],
        "body": "<p>prisons secret</p>",
    }
    hidden = [
        make_article(headline="Draft secret", slug="draft-secret", status=Article.Status.DRAFT, **named),
        make_article(
            headline="Review secret", slug="review-secret", status=Article.Status.IN_REVIEW, **named
        ),
        make_article(
            headline="Scheduled secret",
            slug="scheduled-secret",
            published_at=timezone.now() + timedelta(hours=3),
            **named,
        ),
    ]
    for article in hidden:
        article.organisations.add(organisation, hidden_organisation)
        StoryNote.objects.create(article=article, text=f"Correction of {article.slug}: a secret fixed.")
    StoryNote.objects.create(article=public, text="The public story's date was wrong.")
    photo = ImageCaption.objects.create(
        article=hidden[0], image=photo_file("embargoed-raid.png"), caption="Raid photo", alt_text="A raid"
    )
    page, _created = Page.objects.get_or_create(
        slug="comment-policy", defaults={"title": "Comment policy", "body": "<p>Be kind.</p>"}
    )
    return {
        "public": public,
        "hidden": hidden,
        "photo": photo,
        "page": page,
        # Never in any response readers get, whatever its status.
        "secrets": [
            *(article.headline for article in hidden),
            hidden_author.name,
            hidden_author.bio,
            never_author.name,
            never_author.bio,
            hidden_organisation.name,
            hidden_organisation.description,
            hidden_topic.name,
            hidden_region.name,
            empty_region.name,
            "Raid photo",
            "a secret fixed",
        ],
        # Never in a response, unless the request itself carried it.
        "secret_slugs": [
            *(article.slug for article in hidden),
            "zhanna-unpublishedova",
            "nobody-everbylined",
            "quietwater-foundation",
            "embargoed-inquiry",
            "hiddenland-province",
            "emptyvale",
            "embargoed-raid",
        ],
    }


def _day(article):
    when = timezone.localtime(article.published_at or timezone.now())
    return {"year": when.year, "month": f"{when.month:02d}", "day": f"{when.day:02d}"}


def _detail(article):
    day = _day(article)
    return f"/{day['year']}/{day['month']}/{day['day']}/{article.slug}/"


def _slug_cases(prefix, public, hidden, suffix=""):
    return [("get", f"/{prefix}/{slug}/{suffix}", 200, None) for slug in public] + [
        ("get", f"/{prefix}/{slug}/{suffix}", 404, None) for slug in hidden
    ]


def cases(world):
    """Requests for every route: (method, address, status expected, text the answer shows)."""
    public, hidden = world["public"], world["hidden"]
    today = timezone.localtime()
    authors = (["ksenia-bondal"], ["zhanna-unpublishedova", "nobody-everbylined"])
    topics = (["prisons"], ["embargoed-inquiry"])
    regions = (["almaty", "kazakhstan"], ["hiddenland-province", "emptyvale"])
    list_filters = [
        ("get", f"/articles/?{name}={slug}", 200, NOT_KNOWN)
        for name, slug in (
            ("topic", "embargoed-inquiry"),
            ("region", "hiddenland-province"),
            ("region", "emptyvale"),
            ("author", "zhanna-unpublishedova"),
            ("author", "nobody-everbylined"),
            ("organisation", "quietwater-foundation"),
        )
    ]
    # Development serves media itself: an original's name as uploaded finds nothing.
    media = {}
    if settings.SERVE_MEDIA:
        media[f"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$"] = [
            ("get", f"/media/photos/{today:%Y/%m}/embargoed-raid.png", 404, None),
            ("get", "/media/photos/", 404, None),
        ]
    return (
        {
            "healthz": [("get", "/healthz", 200, None)],
            # A CSRF token for the forms of a page served from Varnish: JSON, showing nothing.
            "csrf-token": [("get", "/csrf/", 200, None)],
            # The newsroom's language choice: a redirect, showing nothing.
            "set_language": [("post", "/i18n/setlang/", 302, None)],
            "security-txt": [
                ("get", "/.well-known/security.txt", 200 if settings.SECURITY_CONTACT else 404, None)
            ],
            "web-manifest": [("get", "/manifest.webmanifest", 200, None)],
            "favicon": [("get", "/favicon.ico", 301, None)],
            "articles:front": [("get", "/", 200, "Public story")],
            "articles:list": [
                ("get", "/articles/", 200, "Public story"),
                ("get", "/articles/?q=secret", 200, "Public story"),
                ("get", "/articles/?q=Unpublishedova", 200, None),
                (
                    "get",
                    "/articles/?topic=prisons&region=kazakhstan&author=ksenia-bondal",
                    200,
                    "Public story",
                ),
                *list_filters,
            ],
            "articles:search": [
                ("get", "/search/?q=secret", 200, "Public story"),
                ("get", "/search/?q=Embargoed", 200, None),
            ],
            "articles:topics": [("get", "/topics/", 200, "(1 story)")],
            "articles:topic": _slug_cases("topics", *topics),
            "articles:regions": [("get", "/regions/", 200, 'Kazakhstan</a> <span class="count">(1 story)')],
            "articles:region": _slug_cases("regions", *regions),
            "articles:author": _slug_cases("authors", *authors),
            "articles:organisations": [
                ("get", "/organisations/", 200, "Akniyet"),
                ("get", "/organisations/?q=quietwater", 200, "0 organisations found."),
            ],
            "articles:corrections": [
                ("get", "/corrections/", 200, "The public story&#x27;s date was wrong.")
            ],
            "articles:organisation": _slug_cases("organisations", ["akniyet"], ["quietwater-foundation"]),
            "articles:detail": [
                ("get", _detail(public), 200, "Public story"),
                *(("get", _detail(article), 404, None) for article in hidden),
            ],
            "articles:preview": [
                ("get", f"/preview/articles/{article.pk}/", 404, None) for article in hidden
            ],
            "engagement:react": [("post", f"/articles/{article.pk}/react/", 404, None) for article in hidden],
            "engagement:comment": [
                ("post", f"/articles/{article.pk}/comments/", 404, None) for article in hidden
            ],
            "pages:page": [("get", world["page"].get_absolute_url(), 200, None)],
            "articles:feed-rss": [("get", "/feeds/rss/", 200, "Public story")],
            "articles:feed-atom": [("get", "/feeds/atom/", 200, "Public story")],
            "articles:topic-feed-rss": _slug_cases("topics", *topics, suffix="rss/"),
            "articles:topic-feed-atom": _slug_cases("topics", *topics, suffix="atom/"),
            "articles:region-feed-rss": _slug_cases("regions", *regions, suffix="rss/"),
            "articles:region-feed-atom": _slug_cases("regions", *regions, suffix="atom/"),
            "articles:author-feed-rss": _slug_cases("authors", *authors, suffix="rss/"),
            "articles:author-feed-atom": _slug_cases("authors", *authors, suffix="atom/"),
            "articles:sitemap": [("get", "/sitemap.xml", 200, None)],
            "articles:sitemap-section": [
                *(("get", f"/sitemap-{section}.xml", 200, None) for section in SITEMAPS),
                ("get", "/sitemap-nothing.xml", 404, None),
            ],
            "articles:news-sitemap": [("get", "/news-sitemap.xml", 200, "public-story")],
            "articles:robots": [("get", "/robots.txt", 200, None)],
        }
        | api_cases(world, authors, topics, regions)
        | media
    )


def api_cases(world, authors, topics, regions):
    """The read API (api/): the same rule, in JSON and ninjs."""
    public, hidden = world["public"], world["hidden"]

    def named(kind, public_slugs, hidden_slugs):
        return [("get", f"/api/v1/{kind}/{slug}", 200, None) for slug in public_slugs] + [
            ("get", f"/api/v1/{kind}/{slug}", 404, None) for slug in hidden_slugs
        ]

    def story(suffix=""):
        return [("get", f"/api/v1/stories/{public.pk}{suffix}", 200, "Public story")] + [
            ("get", f"/api/v1/stories/{article.pk}{suffix}", 404, None) for article in hidden
        ]

    return {
        "api-v1:api-root": [("get", "/api/v1/", 404, None)],
        "api-not-found": [("get", "/api/v2/stories/", 404, None), ("get", "/api/v1/stories/1/", 404, None)],
        "api-v1:openapi-json": [("get", "/api/v1/schema/", 200, "/api/v1/stories/")],
        "api-v1:openapi-view": [("get", "/api/v1/docs/", 200, None)],
        "api-v1:stories": [
            ("get", "/api/v1/stories/", 200, "Public story"),
            ("get", "/api/v1/stories/?q=secret", 200, "Public story"),
            ("get", "/api/v1/stories/?q=Unpublishedova", 200, None),
            (
                "get",
                "/api/v1/stories/?topic=prisons&region=kazakhstan&author=ksenia-bondal",
                200,
                "Public story",
            ),
            *(
                ("get", f"/api/v1/stories/?{name}={slug}", 400, NOT_KNOWN)
                for name, slug in (
                    ("topic", "embargoed-inquiry"),
                    ("region", "hiddenland-province"),
                    ("region", "emptyvale"),
                    ("author", "zhanna-unpublishedova"),
                    ("author", "nobody-everbylined"),
                    ("organisation", "quietwater-foundation"),
                )
            ),
        ],
        "api-v1:story": story(),
        "api-v1:story-ninjs": story(".ninjs"),
        "api-v1:authors": [("get", "/api/v1/authors/", 200, "ksenia-bondal")],
        "api-v1:author": named("authors", *authors),
        "api-v1:topics": [("get", "/api/v1/topics/", 200, "prisons")],
        "api-v1:topic": named("topics", *topics),
        "api-v1:regions": [("get", "/api/v1/regions/", 200, "almaty")],
        "api-v1:region": named("regions", *regions),
        "api-v1:organisations": [("get", "/api/v1/organisations/", 200, "akniyet")],
        "api-v1:organisation": named("organisations", ["akniyet"], ["quietwater-foundation"]),
    }


def test_every_public_route_keeps_unpublished_stories_and_their_names_out(client, world):
    """Walks the URL conf: no page, feed, sitemap, search or count shows what only unpublished
    stories name, and their own pages and feeds are 404, as for what never existed."""
    table = cases(world)
    routes = set(public_routes())
    assert routes - set(table) == set(), "new routes: add what they answer to cases()"
    assert set(table) - routes == set(), "cases for routes that no longer exist"
    for route in sorted(routes):
        for method, url, status, shows in table[route]:
            response = getattr(client, method)(url)
            assert response.status_code == status, (route, url, response.status_code)
            body = b"".join(response) if response.streaming else response.content
            body = body.decode()
            for secret in world["secrets"]:
                assert secret not in body, (url, secret)
            for slug in world["secret_slugs"]:
                assert slug in url or slug not in body, (url, slug)
            assert world["photo"].image.name not in body, url
            if shows:
                assert shows in body, (url, shows)


def test_publishing_a_draft_makes_what_it_names_public_at_the_next_request(client, world):
    """The public topics, places, people and bodies are kept per content version: publishing
    starts a new one, so the draft's names are offered at once, and not before."""
    assert client.get("/topics/embargoed-inquiry/").status_code == 404
    assert "Embargoed Inquiry" not in client.get("/articles/").content.decode()
    draft = world["hidden"][0]
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now() - timedelta(minutes=1)
    draft.save()
    for url in (
        "/topics/embargoed-inquiry/",
        "/regions/hiddenland-province/",
        "/authors/zhanna-unpublishedova/",
        "/organisations/quietwater-foundation/",
    ):
        assert client.get(url).status_code == 200, url
    assert "Embargoed Inquiry" in client.get("/articles/").content.decode()  # the topic filter
    assert "Hiddenland Province" in client.get("/regions/").content.decode()
    assert client.get("/authors/nobody-everbylined/").status_code == 404


def test_a_scheduled_story_makes_what_it_names_public_when_its_time_comes(client, world, settings):
    """Nothing is saved when a scheduled story comes due: its names still become public then."""
    settings.PAGE_CACHE_SECONDS = 60
    scheduled = world["hidden"][2]
    due = timezone.now() + timedelta(seconds=1)
    Article.objects.filter(pk=scheduled.pk).update(published_at=due)
    client.get("/")  # the content version learns when the next scheduled story is due
    assert client.get("/topics/embargoed-inquiry/").status_code == 404
    assert "Embargoed Inquiry" not in client.get("/topics/").content.decode()
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.05)
    assert client.get("/topics/embargoed-inquiry/").status_code == 200
    assert "Embargoed Inquiry" in client.get("/topics/").content.decode()


def test_a_parent_body_cited_only_in_drafts_is_named_but_not_linked(client, make_article, make_organisation):
    """An organisation's page names the ministry it belongs to; it links there only once that page is public."""
    ministry = make_organisation(name="Ministry of Internal Affairs", slug="ministry")
    department = make_organisation(name="Penal Department", slug="penal-department", parent=ministry)
    story = make_article()
    story.organisations.add(department)
    draft = make_article(status=Article.Status.DRAFT)
    draft.organisations.add(ministry)
    html = client.get("/organisations/penal-department/").content.decode()
    assert "part of Ministry of Internal Affairs" in html
    assert 'href="/organisations/ministry/"' not in html
    story.organisations.add(ministry)
    assert (
        'href="/organisations/ministry/"' in client.get("/organisations/penal-department/").content.decode()
    )


def test_no_language_or_script_shows_what_is_unpublished(client, world):
    """The same walk in every other reader language, with the hidden stories' translations
    (a Russian draft of the public story, an Uzbek scheduled one) present: no page, in any
    language or script, shows them, their names or their photo, nor offers them as a version.
    Transliterated pages are checked for the secrets in the page's own script as well."""
    from languages import codes
    from languages.scripts import converter

    public = world["public"]
    Article.objects.create(
        headline="Черновик тайна", slug="chernovik-tayna", language="ru", status=Article.Status.DRAFT,
        translation_of=public, body="<p>тайна</p>",
    )  # fmt: skip
    Article.objects.create(
        headline="Yashirin reja", slug="yashirin-reja", language="uz", status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(hours=3), translation_of=public, body="<p>sir</p>",
    )  # fmt: skip
    secrets = [*world["secrets"], "Черновик тайна", "Yashirin reja", "chernovik-tayna", "yashirin-reja"]
    for code in codes.reader_languages():
        convert = converter(code)
        shown = secrets + ([convert(secret) for secret in secrets] if convert else [])
        for cases_of_route in cases(world).values():
            for method, url, _status, _shows in cases_of_route:
                if (
                    method != "get"
                    or not url.startswith("/")
                    or url.startswith(("/healthz", "/.well-known", "/csrf/"))
                ):
                    continue
                response = client.get(codes.prefix(code) + url)
                body = (b"".join(response) if response.streaming else response.content).decode()
                for secret in shown:
                    assert secret not in body, (code, url, secret)
    # The public story offers no version in Russian or Uzbek: neither is published (yet).
    html = client.get(public.get_absolute_url()).content.decode()
    assert 'class="also-in"' not in html
    assert '<link rel="alternate" hreflang="ru"' not in html
    assert 'href="/ru/" lang="ru" hreflang="ru" data-code="ru">' in html  # the switcher: Russian front page
