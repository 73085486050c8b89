"""Server time of every kind of public page, measured in-process with Django's test client.

The page cache is off (``PAGE_CACHE_SECONDS=0``), so every request runs its view, its
queries and its templates. Each page is requested twice with its queries counted: right
after the process forgets what it keeps per content version (as after a change), and
again. The timed requests, of both kinds, run without query capture, which would slow
them down.

Once the site has reader languages (the ``languages`` app), the English pages are joined by
the front page, the list, the busiest topic and country and a translated story of readers
of Russian (``/ru/``), Kazakh (``/kk/``) and Kazakh in Latin letters (``/kk-latn/``,
transliterated as the page is drawn).
"""

import statistics
import time

from django.apps import apps
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation

from articles import caching

PAGE_SIZE = 20
LIST_PAGE = 200
# The API gives twenty stories a page unless asked for more (api/endpoints.py).
API_PAGE_SIZE = 20
# A word nearly every generated story has: the most a search ranks (search.RANKED_MATCHES).
COMMON_WORD = "water"
# Readers of other languages whose pages are timed too: (reader language, stories' language).
READER_LANGUAGES = (("ru", "ru"), ("kk", "kk"), ("kk-latn", "kk"))


def has_languages():
    """Whether the site has reader languages (/ru/…) and translations of stories."""
    return apps.is_installed("languages")


def representative_pages():
    """(kind, URL, note) for each kind of page, picked from whatever archive is loaded.

    Topics, authors, organisations and countries are the ones with the most published
    articles, so their lists are the longest a reader meets. The article is the English
    story with the most photos, then comments (``bench/plan.py`` gives it a Russian and a
    Kazakh translation), the next in that order has no translation.
    """
    with translation.override("en"):
        pages, article = _english_pages()
    if has_languages():
        for code, language in READER_LANGUAGES:
            with translation.override(code):
                pages += _language_pages(code, language, article)
    return pages


def _english_pages():
    from articles.models import Article, Author, Region, SourceOrganisation, Topic

    published = Q(status=Article.Status.PUBLISHED)
    live = Article.objects.published()
    # The article list shows every published story, or, once each language has its own
    # lists, the English ones.
    total = (live.filter(language="en") if has_languages() else live).count()
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
    article, plain = (
        live.filter(published, language="en")
        .annotate(photo_count=Count("photos", distinct=True), comment_total=Count("comments", distinct=True))
        .order_by("-photo_count", "-comment_total", "-published_at")[:2]
    )
    translated = ""
    if has_languages():
        count = live.filter(translation_of=article).count()
        translated = f", {count} translations" if count else ", no translation"
    pages = [
        ("front", "/", ""),
        ("list, page 1", "/articles/", ""),
        (f"list, page {LIST_PAGE}", f"/articles/?page={deep}", deep_note),
        ("topic, page 1", topic.get_absolute_url(), f"{topic.n} articles"),
        ("region (country), page 1", country.get_absolute_url(), country.name),
        ("author", author.get_absolute_url(), f"{author.n} articles"),
        ("organisation", organisation.get_absolute_url(), f"{organisation.n} articles"),
        ("article", article.get_absolute_url(), f"{article.photo_count} photos{translated}"),
        ("article, no translation", plain.get_absolute_url(), f"{plain.photo_count} photos"),
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
    if apps.is_installed("api"):
        pages += _api_pages(topic, article)
    return pages, article


def _api_pages(topic, article):
    """The read API's story list (first page, a topic's, and 200 pages in, reached by cursor
    as a partner walking the archive reaches it) and a story in both shapes."""
    from api import cursor
    from articles.models import Article

    deep = Article.objects.published().newest_first()[
        API_PAGE_SIZE * LIST_PAGE - 1 : API_PAGE_SIZE * LIST_PAGE
    ]
    pages = [
        ("api: stories, page 1", "/api/v1/stories/", f"{API_PAGE_SIZE} a page, every language"),
        ("api: stories, a topic", f"/api/v1/stories/?topic={topic.slug}", ""),
    ]
    for story in deep:
        position = cursor.encode(story.published_at.isoformat(), story.pk)
        pages.append(
            (f"api: stories, page {LIST_PAGE + 1}", f"/api/v1/stories/?cursor={position}", "by cursor")
        )
    pages += [
        ("api: story", f"/api/v1/stories/{article.pk}", ""),
        ("api: story, ninjs", f"/api/v1/stories/{article.pk}.ninjs", ""),
    ]
    return pages


def _language_pages(code, language, english_article):
    """The pages of readers of ``code`` (the active language), which lists stories in
    ``language``: its front page, list, busiest topic and country, and the translation of
    the English article timed (``english_article``)."""
    from django.urls import reverse

    from articles.models import Article, Region, Topic

    live = Article.objects.published().filter(language=language)
    in_language = Q(
        article_links__content_object__language=language, article_links__content_object__status="published"
    )
    topic = Topic.objects.annotate(n=Count("article_links", filter=in_language)).order_by("-n", "pk").first()
    countries = Region.objects.filter(kind=Region.Kind.COUNTRY).order_by("pk")
    counts = {country: live.in_region(country).count() for country in countries}
    country = max(counts, key=counts.get)
    article = live.filter(translation_of=english_article).first() or live.newest_first().first()
    shown = "translates the English article" if article.translation_of_id == english_article.pk else "newest"
    return [
        (f"{code}: front", reverse("articles:front"), ""),
        (f"{code}: list, page 1", reverse("articles:list"), f"{live.count()} stories in {language}"),
        (f"{code}: topic, page 1", topic.get_absolute_url(), f"{topic.n} articles"),
        (
            f"{code}: region (country), page 1",
            country.get_absolute_url(),
            f"{country.name}, {counts[country]}",
        ),
        (f"{code}: article", article.get_absolute_url(), shown),
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
    # The API's limit for callers without a key would refuse the timing runs.
    with override_settings(PAGE_CACHE_SECONDS=0, DEBUG=False, API_ANONYMOUS_REQUESTS_PER_MINUTE=10**9):
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
