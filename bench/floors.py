"""The two floors the load test (``bench/load.py``) compares the readers' pages with.

Floor A (``/bench/floor-a/``): a fixed 5 KB HTML response built once at import, through the
whole middleware stack: what Django itself costs per request under gunicorn.

Floor B (``/bench/floor-b/``): the topic page's own template (``articles/topic_detail.html``
with the context ``TopicDetailView`` gives it: the topic, the filter form, 20 article cards
and the paginator) rendered from unsaved, in-memory objects: what the template costs,
without a single database query. The articles' card facts (bylines and lead photos) are
attached as ``kept_values.attach_card_facts`` leaves them, and the filters read the region
tree, its choices and the topics from memory: ``kept_values`` is patched for the time the
view builds them (gunicorn's workers serve one request at a time). ``bench/load.py``
checks that both floors run no query before it measures.
"""

import json
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from articles import kept_values
from articles.filters import ArticleFilter
from articles.kept_values import CardFacts, Photo, tree_choices
from articles.models import Article, Author, Region, Topic
from articles.models.content import CARD_RENDITION_WIDTH, card_height, rendition_url
from articles.pagination import MATCHES_LIMIT, Matches
from articles.views import PAGE_SIZE, TopicDetailView

FLOOR_A_BYTES = 5 * 1024
FLOOR_B_ARTICLES = 20
# The paginator claims this many pages of the same 20 cards, so the page links are drawn.
FLOOR_B_PAGES = 10


def _fixed_page(size):
    head = (
        b"<!doctype html>\n<html lang='en'><head><meta charset='utf-8'><title>Floor A</title></head><body>\n"
    )
    tail = b"\n</body></html>\n"
    filler = b"<p>" + b"Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 3 + b"</p>\n"
    body = (filler * (size // len(filler) + 1))[: size - len(head) - len(tail)]
    return head + body + tail


FLOOR_A_BODY = _fixed_page(FLOOR_A_BYTES)
assert len(FLOOR_A_BODY) == FLOOR_A_BYTES


def floor_a(request):
    """Floor A: the same 5 KB for every request; no template, no database."""
    return HttpResponse(FLOOR_A_BODY, content_type="text/html; charset=utf-8")


def _region_tree():
    """The demo fixtures' regions in tree order, as ``Region.objects.tree()`` gives them."""
    rows = json.loads((settings.BASE_DIR / "fixtures" / "regions.json").read_text())
    regions = {}
    for pk, row in enumerate(rows, start=1):
        fields = row["fields"]
        regions[fields["slug"]] = Region(
            pk=pk, name=fields["name"], slug=fields["slug"], kind=fields["kind"], iso_code=fields["iso_code"]
        )
    children = {}
    for row in rows:
        fields = row["fields"]
        region = regions[fields["slug"]]
        region.parent_id = regions[fields["parent"][0]].pk if fields["parent"] else None
        children.setdefault(region.parent_id, []).append(region)
    for places in children.values():
        places.sort(key=lambda region: region.name)
    ordered, stack = [], [(region, 0) for region in reversed(children.get(None, []))]
    while stack:
        region, depth = stack.pop()
        ordered.append((region, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(region.pk, [])))
    return ordered


def _articles(regions):
    """Twenty published articles like the archive's: one to three authors, most with a lead photo."""
    authors = [
        Author(pk=n, name=name, slug=name.lower().replace(" ", "-"))
        for n, name in enumerate(
            (
                "Ksenia Bondal",
                "Alexander Bogatik",
                "Gulnaz Razdykova",
                "Azamat Shambilov",
                "Aigerim Seitkali",
            ),
            start=1,
        )
    ]
    cities = [region for region, _depth in regions if region.kind == Region.Kind.CITY] or [regions[0][0]]
    start = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    articles = []
    for n in range(1, FLOOR_B_ARTICLES + 1):
        city = cities[n % len(cities)]
        article = Article(
            pk=n,
            headline=f"Specialists in {city.name} focus more attention on radicalisation of women, story {n}",
            slug=f"specialists-focus-more-attention-on-radicalisation-of-women-{n}",
            standfirst=(
                "Theologians and psychologists are working with the wives and widows of militants, "
                "as well as with women who themselves have been recruited, officials said this week."
            ),
            dateline=city.name.upper(),
            dateline_region=city,
            status=Article.Status.PUBLISHED,
            published_at=start - timedelta(hours=7 * n),
        )
        article.comment_count = n % 4
        credited = [authors[(n + k) % len(authors)] for k in range(1, n % 3 + 2)]
        photo = None
        if n % 4:  # three articles in four have a lead photo, as in the archive
            uid = f"00000000-0000-4000-8000-{n:012d}"
            renditions = {str(w): f"renditions/{uid}/photo-{n}-{w}.webp" for w in (160, 480, 800, 1200)}
            photo = Photo(
                rendition_url(f"photos/2026/11/photo-{n}.jpg", renditions, CARD_RENDITION_WIDTH),
                card_height(1200, 800),
            )
        # Set as kept_values.attach_card_facts sets it; the authors' addresses are filled in
        # at the first request (the URLs cannot be reversed while they are being imported).
        article.card_facts = CardFacts(credited, photo, tuple(author.pk for author in credited))
        articles.append(article)
    return articles


TOPIC = Topic(
    pk=1,
    name="Radicalisation",
    slug="radicalisation",
    description="How people are drawn into violent groups, and how specialists help them leave.",
)
REGION_TREE = _region_tree()
ARTICLES = _articles(REGION_TREE)
REGION_CHOICES = tree_choices(REGION_TREE)
IN_MEMORY = {
    "public_region_tree": lambda: REGION_TREE,
    "region_choices": lambda: REGION_CHOICES,
}


@contextmanager
def vocabulary_in_memory():
    """``kept_values``' region tree and its choices taken from memory, as a process keeps
    them between two content changes, instead of from the database (the topic page has no
    topic filter)."""
    kept = {name: getattr(kept_values, name) for name in IN_MEMORY}
    for name, value in IN_MEMORY.items():
        setattr(kept_values, name, value)
    try:
        yield
    finally:
        for name, value in kept.items():
            setattr(kept_values, name, value)


def floor_b_context(request):
    """What ``TopicDetailView`` gives its template, built from memory."""
    for article in ARTICLES:
        credits = article.card_facts.credits
        if credits and isinstance(credits[0], Author):
            article.card_facts = article.card_facts._replace(
                credits=tuple((author.name, author.get_absolute_url()) for author in credits)
            )
    paginator = Paginator(ARTICLES * FLOOR_B_PAGES, PAGE_SIZE)
    page = paginator.page(1)
    # What the template reads of the site's BoundedPaginator: the total is not known on
    # page 1, and a narrowed list says how many match (counted here in memory).
    paginator.total = None
    paginator.matches = Matches(min(paginator.count, MATCHES_LIMIT), exact=paginator.count <= MATCHES_LIMIT)
    with vocabulary_in_memory():
        filters = ArticleFilter(
            request.GET or None,
            queryset=Article.objects.none(),
            request=request,
            omit=TopicDetailView.omit_filters,
        )
    return {
        "topic": TOPIC,
        "page_title": TOPIC.name,
        "filter": filters,
        "paginator": paginator,
        "page_obj": page,
        "is_paginated": page.has_other_pages(),
        "object_list": page.object_list,
        "articles": page.object_list,
    }


def floor_b(request):
    """Floor B: the topic page's template and 20 cards, no database."""
    return render(request, TopicDetailView.template_name, floor_b_context(request))


def self_check():
    """Floors A and B answer 200 without a database query (Django must be set up)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    client = Client()
    for path in ("/bench/floor-a/", "/bench/floor-b/", "/bench/floor-b/?region=kazakhstan"):
        with CaptureQueriesContext(connection) as queries:
            client.get(path)  # the first request loads the templates
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert not queries.captured_queries, (path, [q["sql"] for q in queries.captured_queries])
        print(f"{path}: {response.status_code}, {len(response.content):,} bytes, no query")
    cards = response.content.count(b'<article class="card">')
    assert cards == FLOOR_B_ARTICLES, cards
    assert b'rel="next"' in response.content
