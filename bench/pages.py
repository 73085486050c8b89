"""Server time of every kind of public page, measured in-process with Django's test client.

The page cache is off (``PAGE_CACHE_SECONDS=0``), so every request runs its view, its
queries and its templates. Each page is requested twice with its queries counted: right
after the process forgets what it keeps per content version (as after a change), and
again. The timed requests, of both kinds, run without query capture, which would slow
them down.
"""

import statistics
import time

from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from articles import caching

PAGE_SIZE = 20
LIST_PAGE = 200
# A word nearly every generated story has: the most a search ranks (search.RANKED_MATCHES).
COMMON_WORD = "water"


def representative_pages():
    """(kind, URL, note) for each kind of page, picked from whatever archive is loaded.

    Topics, authors, organisations and countries are the ones with the most published
    articles, so their lists are the longest a reader meets.
    """
    from articles.models import Article, Author, Region, SourceOrganisation, Topic

    published = Q(status=Article.Status.PUBLISHED)
    live = Article.objects.published()
    total = live.count()
    last_page = max(1, -(-total // PAGE_SIZE))
    deep, deep_note = LIST_PAGE, ""
    if last_page < LIST_PAGE:
        deep, deep_note = last_page, f"only {last_page} pages: the last one instead"
    topic = Topic.objects.annotate(n=Count("article_links")).order_by("-n", "pk").first()
    author = Author.objects.annotate(n=Count("bylines")).order_by("-n", "pk").first()
    organisation = (
        SourceOrganisation.objects.annotate(n=Count("articles", filter=Q(articles__status="published")))
        .order_by("-n", "pk")
        .first()
    )
    country = max(
        Region.objects.filter(kind=Region.Kind.COUNTRY).order_by("pk"),
        key=lambda region: live.in_region(region).count(),
    )
    # A reader's usual search names something: a city is in about 1% of the stories.
    place = Region.objects.filter(kind=Region.Kind.CITY).order_by("pk").first()
    article = (
        live.filter(published)
        .annotate(photo_count=Count("photos", distinct=True), comment_total=Count("comments", distinct=True))
        .order_by("-photo_count", "-comment_total", "-published_at")
        .first()
    )
    return [
        ("front", "/", ""),
        ("list, page 1", "/articles/", ""),
        (f"list, page {LIST_PAGE}", f"/articles/?page={deep}", deep_note),
        ("topic, page 1", topic.get_absolute_url(), f"{topic.n} articles"),
        ("region (country), page 1", country.get_absolute_url(), country.name),
        ("author", author.get_absolute_url(), f"{author.n} articles"),
        ("organisation", organisation.get_absolute_url(), f"{organisation.n} articles"),
        ("article", article.get_absolute_url(), f"{article.photo_count} photos"),
        ("search", f"/search/?q={place.name}", "a city's name"),
        ("search, a common word", f"/search/?q={COMMON_WORD}", "in nearly every story"),
        ("feed: RSS", "/feeds/rss/", ""),
        ("feed: Atom", "/feeds/atom/", ""),
        ("feed: topic", f"/topics/{topic.slug}/rss/", ""),
        ("feed: region", f"/regions/{country.slug}/rss/", ""),
        ("feed: author", f"/authors/{author.slug}/rss/", ""),
        ("sitemap index", "/sitemap.xml", ""),
        ("sitemap: articles", "/sitemap-articles.xml", "its first page"),
        ("news sitemap", "/news-sitemap.xml", ""),
    ]


def time_pages(runs=30):
    """A dict per page kind: URL, status, size in bytes, and queries, median and
    95th-percentile ms twice: for the first request after a content change, when the
    process has none of the values it keeps per content version (the topics, the region
    tree, card bylines and photos: ``caching.derived``), and for a request repeated at the
    same version. Card HTML stays in the cache for both, as it does after a change to
    another story."""
    client = Client(SERVER_NAME="localhost")
    results = []
    with override_settings(PAGE_CACHE_SECONDS=0, DEBUG=False):
        for kind, url, note in representative_pages():
            caching.forget_derived()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            # Counted now: the next request starting clears the connection's query log.
            changed_queries = len(queries)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            repeated_queries = len(queries)
            repeated, changed = [], []
            for _ in range(runs):  # interleaved, so both see the machine at the same speed
                repeated.append(_timed(client, url))
                caching.forget_derived()
                changed.append(_timed(client, url))
            results.append(
                {
                    "kind": kind,
                    "url": url,
                    "note": note,
                    "status": response.status_code,
                    "queries": changed_queries,
                    "queries_repeated": repeated_queries,
                    "median_ms": statistics.median(repeated),
                    "p95_ms": _percentile(repeated, 95),
                    "changed_median_ms": statistics.median(changed),
                    "changed_p95_ms": _percentile(changed, 95),
                    "bytes": len(response.content),
                    "runs": runs,
                }
            )
    return results


def _timed(client, url):
    started = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - started) * 1000


def _percentile(samples, percent):
    """The nearest-rank percentile: the value below which ``percent`` of the samples lie."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * percent // 100))
    return ordered[int(rank) - 1]
