"""No query string or form body, however hostile, gives a public page or post a 500."""

from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article
from engagement.models import Comment
from tests.url_routes import public_routes

# What attackers and fuzzers send: numbers no column holds, what databases and full-text
# search treat specially, characters that cannot be stored or encoded, and a lot of it.
HOSTILE = st.one_of(
    st.sampled_from(
        [
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "1e400",
            "9" * 400,
            "NaN",
            "inf",
            "last",
            "0",
            "-1",
            "1.5",
            "a & !b | (c:*",
            "!!",
            "'",
            "%",
            "%%",
            "\\",
            "_",
            "\x00",
            "a\x00b",
            "\ud800",
            "\udfff tail",
            "\x1b[31m",
            "\u202e",
            "9999-12-31",
            "0000-00-00",
            "2026-02-30",
            "x" * 5000,
            "<script>",
        ]
    ),
    st.text(max_size=40),
    st.integers().map(str),
)
PARAMS = st.sampled_from(
    [
        "page",
        "q",
        "topic",
        "region",
        "author",
        "organisation",
        "language",
        "date_from",
        "date_to",
        "value",
        "cursor",
        "page_size",
    ]
)
FIELDS = st.sampled_from(
    ["name", "email", "body", "accept_policy", "website", "value", "csrfmiddlewaretoken"]
)


def encoded(pairs):
    """``pairs`` percent-encoded as a browser would send them, lone surrogates included
    (as the bytes of an encoder that lets them through), repeated keys kept."""
    return "&".join(
        f"{quote_from_bytes(key.encode('utf-8', 'surrogatepass'))}="
        f"{quote_from_bytes(value.encode('utf-8', 'surrogatepass'))}"
        for key, value in pairs
    )


@pytest.fixture
def site(make_story, make_author, make_organisation):
    """One published story naming an author, an organisation, a topic and a region."""
    author, organisation = make_author(), make_organisation()
    story = make_story(authors=[author])
    story.organisations.add(organisation)
    topic, region = story.topics.get(), story.regions.get()
    slug = {
        "topic": topic.slug,
        "region": region.slug,
        "author": author.slug,
        "organisation": organisation.slug,
    }
    by_name = {
        "articles:detail": story.get_absolute_url(),
        "articles:preview": reverse("articles:preview", args=[story.pk]),
        "pages:page": reverse("pages:page", args=["comment-policy"]),
        "articles:sitemap-section": reverse("articles:sitemap-section", args=["articles"]),
    }
    # The read API: a story in both shapes, and each kind of name.
    by_name["api-v1:story"] = reverse("api-v1:story", args=[story.pk])
    by_name["api-v1:story-ninjs"] = reverse("api-v1:story-ninjs", args=[story.pk])
    for kind in slug:
        by_name[f"api-v1:{kind}"] = reverse(f"api-v1:{kind}", args=[slug[kind]])
    for kind in slug:
        by_name[f"articles:{kind}"] = reverse(f"articles:{kind}", args=[slug[kind]])
        for feed in ("rss", "atom"):
            if kind != "organisation":
                by_name[f"articles:{kind}-feed-{feed}"] = reverse(
                    f"articles:{kind}-feed-{feed}", args=[slug[kind]]
                )
    posts = {"engagement:comment", "engagement:react"}
    gets = {}
    for route in public_routes():
        if route in posts:
            continue
        if route in by_name:
            gets[route] = by_name[route]
        elif ":" in route or route == "healthz":
            gets[route] = reverse(route)
        else:  # the media files Django serves in development
            gets[route] = "/media/no-such-file.jpg"
    return {"story": story, "gets": gets, "posts": {name: reverse(name, args=[story.pk]) for name in posts}}


@pytest.fixture(autouse=True)
def no_api_limit(settings):
    """The read API's limit would answer most of these with 429 before reading them."""
    settings.API_ANONYMOUS_REQUESTS_PER_MINUTE = 10**9


SLOW = hypothesis_settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SLOW
@given(route=st.data(), pairs=st.lists(st.tuples(PARAMS | st.text(max_size=10), HOSTILE), max_size=6))
@example(route=None, pairs=[("page", "9223372036854775807")])
@example(route=None, pairs=[("q", "a & !b | (c:*"), ("q", "\\"), ("page", "2")])
@example(route=None, pairs=[("date_from", "9999-12-31"), ("date_to", "\x00"), ("topic", "%")])
def test_no_query_string_gives_a_public_page_a_500(site, route, pairs):
    """Every public route answers any query string with a page, a redirect, 400 or 404."""
    client = Client(raise_request_exception=False)
    names = sorted(site["gets"])
    chosen = names if route is None else [route.draw(st.sampled_from(names))]
    for name in chosen:
        response = client.get(f"{site['gets'][name]}?{encoded(pairs)}")
        assert response.status_code < 500, (name, pairs)


@SLOW
@given(
    route=st.sampled_from(["engagement:comment", "engagement:react"]),
    pairs=st.lists(st.tuples(FIELDS | st.text(max_size=10), HOSTILE), max_size=8),
)
@example(route="engagement:comment", pairs=[("body", "a\x00b"), ("name", "N"), ("email", "e@example.org")])
@example(route="engagement:comment", pairs=[("name", "\ud800"), ("body", "b"), ("email", "e@example.org")])
@example(route="engagement:react", pairs=[("value", "yes"), ("value", "\x00")])
def test_no_form_body_gives_a_public_post_a_500(site, settings, route, pairs):
    """Comments and reactions answer any body with a redirect, a form, 400, 403, 404 or 429."""
    settings.COMMENT_RATE_LIMIT = "1000/1m"
    body = encoded([("accept_policy", "on"), *pairs])
    client = Client(raise_request_exception=False)
    response = client.post(site["posts"][route], body, content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500, (route, pairs)
    for comment in Comment.objects.all():
        assert "\x00" not in comment.body + comment.name + comment.email


def test_every_route_is_thrown_at(site):
    """A new public route is covered without anyone remembering to add it here."""
    assert set(site["gets"]) | set(site["posts"]) == set(public_routes())
    assert Article.objects.get() == site["story"]
