"""The page benchmark's archive generator and page timer (bench/), on a tiny archive."""

import pytest
from django.db import connection
from django.db.models import Count

from articles.models import Article, ImageCaption
from articles.search import search_articles
from bench.archive import build_archive
from bench.explain import explain_lists, list_pages
from bench.pages import READER_LANGUAGES, representative_pages, time_pages
from bench.plan import expected_counts, generate, showcase

SIZE = 40


def test_archive_has_the_planned_shape(db):
    """The archive is what the benchmark claims to measure: 5% drafts, bylines, topics, regions."""
    timings = build_archive(SIZE)
    published, drafts = expected_counts(SIZE)
    assert drafts == 2
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() == published
    assert Article.objects.filter(status=Article.Status.DRAFT, published_at__isnull=True).count() == drafts
    assert Article.objects.published().count() == published  # every publication time has passed
    counts = Article.objects.annotate(
        n_authors=Count("byline", distinct=True),
        n_topics=Count("topic_links", distinct=True),
        n_regions=Count("regions", distinct=True),
    )
    for article in counts:
        assert 1 <= article.n_authors <= 3, article
        assert 1 <= article.n_topics <= 4, article
        assert 1 <= article.n_regions <= 2, article
    photo = ImageCaption.objects.first()
    assert photo.renditions and photo.width and photo.uid
    assert {"vocabulary", "articles", "links", "photos", "search vectors", "total"} <= set(timings)


def test_archive_is_deterministic(db):
    """The same seed gives the same articles, so runs at different times compare like with like."""
    build_archive(SIZE, seed=7)
    planned = [article["headline"] for article in generate(SIZE, seed=7)["articles"]]
    assert planned == [article["headline"] for article in generate(SIZE, seed=7)["articles"]]
    assert planned != [article["headline"] for article in generate(SIZE, seed=8)["articles"]]
    assert sorted(Article.objects.values_list("headline", flat=True)) == sorted(planned)


def test_every_page_kind_is_timed(db):
    """Each kind of page the benchmark reports answers 200 and has its queries counted."""
    build_archive(SIZE)
    rows = time_pages(runs=1)
    kinds = [row["kind"] for row in rows]
    # 19 English pages, the read API's (its 201st page only where the archive is that
    # long), and five for each of /ru/, /kk/ and /kk-latn/.
    api = {kind for kind in kinds if kind.startswith("api: ")}
    assert {"api: stories, page 1", "api: stories, a topic", "api: story", "api: story, ninjs"} <= api
    assert len(kinds) == len(set(kinds)) == 19 + len(api) + 5 * len(READER_LANGUAGES)
    for row in rows:
        assert row["status"] == 200, row
        assert row["queries"] > 0, row
        assert row["queries_repeated"] <= row["queries"], row
        assert row["median_ms"] > 0 and row["changed_median_ms"] > 0 and row["bytes"] > 0, row
    by_kind = {row["kind"]: row for row in rows}
    # A list page repeated at the same content version reads only its stories.
    assert (
        by_kind["region (country), page 1"]["queries_repeated"]
        < by_kind["region (country), page 1"]["queries"]
    )
    # Each language's pages are its own: the prefix, and the article a translation in it.
    for code, _language in READER_LANGUAGES:
        assert by_kind[f"{code}: front"]["url"] == f"/{code}/"
        assert by_kind[f"{code}: article"]["url"].startswith(f"/{code}/")
        assert by_kind[f"{code}: article"]["note"] == "translates the English article"
    assert by_kind["article"]["note"].endswith(", 2 translations")


def test_the_plan_mixes_languages_and_translations():
    """A tenth of the stories in Russian, a tenth in Kazakh, the rest English; a tenth
    translate an older English story; the article timed has a Russian and a Kazakh one."""
    articles = generate(1000)["articles"]
    published = articles[:1000]
    shares = {code: sum(a["language"] == code for a in published) / 1000 for code in ("en", "ru", "kk")}
    assert shares["en"] >= 0.78 and 0.08 <= shares["ru"] <= 0.12 and 0.08 <= shares["kk"] <= 0.12
    russian = next(a for a in published if a["language"] == "ru" and a["photos"])
    text = russian["headline"] + russian["standfirst"] + russian["photos"][0]["caption"]
    assert not any("a" <= letter.lower() <= "z" for letter in text)  # Cyrillic only
    translations = [(number, a) for number, a in enumerate(published) if "translation_of" in a]
    assert len(translations) == 100
    pairs = set()
    for number, article in translations:
        source = published[article["translation_of"]]
        assert source["language"] == "en" and article["language"] in ("ru", "kk")
        assert article["topics"] == source["topics"] and len(article["photos"]) == len(source["photos"])
        pairs.add((article["translation_of"], article["language"]))
        if article["translation_of"] != showcase(articles, 1000)[0]:
            assert number < article["translation_of"]  # published after its source
    assert len(pairs) == len(translations)  # one translation per source and language
    shown, untranslated = showcase(articles, 1000)
    assert {a["language"] for _n, a in translations if a["translation_of"] == shown} == {"ru", "kk"}
    assert all(a["translation_of"] != untranslated for _n, a in translations)


def test_every_article_is_searchable_after_the_load(db):
    """The search vectors are written (the GIN index is dropped for it on PostgreSQL, then built again)."""
    build_archive(SIZE)
    if connection.vendor == "postgresql":
        assert not Article.objects.filter(search_vector__isnull=True).exists()
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_vector'")
            assert "gin" in cursor.fetchone()[0].lower()
    story = Article.objects.published().first()
    assert story in search_articles(Article.objects.published(), story.headline.split()[0])


def test_the_plans_are_of_the_pages_that_are_timed(db):
    """bench/explain.py explains the list pages bench/pages.py times, through their own views."""
    build_archive(SIZE)
    timed = {url for _kind, url, _note in representative_pages()}
    pages = list_pages()
    english = {"article list", "topic", "region (country)", "author", "organisation"}
    assert set(pages) == english | {
        f"{code}: {name}" for code in ("ru", "kk") for name in ("article list", "topic", "region (country)")
    }
    assert {url for _view, url, _kwargs in pages.values()} <= timed
    rows = explain_lists(pages)
    if connection.vendor == "postgresql":
        assert {(kind, query) for kind, query, _ms, _scans in rows} == {
            (kind, query) for kind in pages for query in ("page 1", "page 200")
        }
    else:
        assert rows == []  # EXPLAIN ANALYZE is PostgreSQL's


def test_the_floors_answer_without_the_database(client, db, settings, django_assert_num_queries):
    """The load test compares pages with floors A and B, which must not touch the database;
    floor B draws the topic page's template and filters from memory (bench/floors.py)."""
    settings.ROOT_URLCONF = "bench.urls"
    for path in ("/bench/floor-a/", "/bench/floor-b/", "/bench/floor-b/?region=kazakhstan"):
        with django_assert_num_queries(0):
            response = client.get(path)
        assert response.status_code == 200, path
    html = response.content.decode()
    assert html.count('<article class="card">') == 20
    assert '<option value="kazakhstan" selected>\u2003Kazakhstan</option>' in html  # under Central Asia


def _load(rps, errors=0):
    return {"rps": rps, "rps_rounds": [rps], "p50_ms": 1.0, "p99_ms": 2.0, "errors": errors}


def test_the_load_test_judges_varnish_against_floor_a_of_the_cached_run():
    """Pages through Varnish are held to ten times floor A of the cache-on run, and their
    errors count; the report shows them beside the rest (bench/load.py)."""
    from bench.load import _summarise, markdown

    runs = {
        mode: {"floor A": _load(floor_a), "floor B": _load(100), "topic": _load(80), "region": _load(80)}
        | {"article": _load(60)}
        for mode, floor_a in (("off", 2000), ("on", 1000))
    }
    memory = {mode: {"peak_worker_mb": 60, "workers_seen": 2, "workers_at_end": {}} for mode in runs}
    fast = {"runs": {"topic": _load(12000), "article": _load(15000)}, "hit_share": 0.999}
    ratios, verdicts, _ = _summarise(runs, memory, fast)
    assert ratios["varnish"]["topic"]["vs floor A"] == 12.0  # the cache-on floor A, not the other
    assert verdicts["topic and article through Varnish ≥ 10× floor A"] is True
    assert verdicts["no errors"] is True

    slow = {"runs": {"topic": _load(12000), "article": _load(9000, errors=3)}, "hit_share": 0.5}
    _, verdicts, _ = _summarise(runs, memory, slow)
    assert verdicts["topic and article through Varnish ≥ 10× floor A"] is False
    assert verdicts["no errors"] is False

    def report(varnish):
        ratios, verdicts, bottleneck = _summarise(runs, memory, varnish.get("runs") and varnish)
        settings = {"workers": 2, "cores": 2, "threads": 2, "connections": 16, "duration_s": 5, "rounds": 1}
        return markdown(
            {
                "settings": settings | {"database": "db", "cache_url": "redis://"},
                "runs": runs,
                "varnish": varnish,
                "memory": memory,
                "ratios": ratios,
                "template_bottleneck": bottleneck,
                "verdicts": verdicts,
                "contended": [],
            }
        )

    shown = report(fast)
    assert "| Varnish | topic | 12,000 | 12,000 | 1.0 | 2.0 | 0 | 12.0× |  |" in shown
    assert "answered 99.90% of the requests" in shown
    assert "- met: topic and article through Varnish ≥ 10× floor A" in shown
    skipped = report({"skipped": "varnishd is not installed"})
    assert "| Varnish |" not in skipped
    assert "Through Varnish: not measured (varnishd is not installed)." in skipped


def test_the_churn_simulation_counts_pages_drawn_again_after_draft_saves_only():
    """bench/churn.py: a page drawn again when nothing but draft saves happened since it
    was last drawn is what the new design must never do; a page's first view is drawn
    under any design and is counted apart."""
    from bench.churn import Draws

    draws = Draws()
    assert draws.served("/", hit=False)["first_view"] is True
    assert draws.served("/", hit=True) == {
        "hit": True,
        "first_view": False,
        "after_drafts_only": False,
        "drawn_again_unchanged": False,
        "redrawn_after": None,
    }
    draws.changed("draft save")
    draws.changed("draft save")
    assert draws.served("/", hit=False)["after_drafts_only"] is True
    draws.changed("draft save")
    draws.changed("publication")
    again = draws.served("/", hit=False)
    assert again["after_drafts_only"] is False  # a publication: drawing it again is right
    assert again["redrawn_after"] == "publication"
    assert draws.served("/", hit=False)["drawn_again_unchanged"] is True  # nothing happened since


@pytest.mark.django_db
def test_the_churn_simulation_counts_every_query_of_a_request(client):
    """A request is a cache hit when it makes no query; the count must not depend on the
    connection's query log, which stops growing at 9,000 entries."""
    from bench.churn import QueryCounter

    connection.queries_log.extend({"sql": "", "time": "0"} for _ in range(connection.queries_limit))
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        client.get("/")
    assert counter.count > 0


def test_the_churn_report_judges_the_new_design():
    from bench.churn import CHANGE_MIX, markdown, summarise

    def requests(hits, drafts_only):
        made = [{"kind": "front", "ms": 1.0, "hit": True, "first_view": False} for _ in range(hits)]
        made += [{"kind": "front", "ms": 30.0, "hit": False, "first_view": False} for _ in range(100 - hits)]
        for index, request in enumerate(made):
            request["after_drafts_only"] = not request["hit"] and index < hits + drafts_only
            request["drawn_again_unchanged"] = False
        return made

    changes = [kind for kind, _share in CHANGE_MIX]
    old = summarise(requests(40, 50), changes, rate=50, seed=1) | {"commit": "aaaaaaa"}
    new = summarise(requests(96, 0), changes, rate=50, seed=1) | {"commit": "bbbbbbb"}
    assert (old["hit_share"], new["hit_share"], new["median_ms"]) == (0.4, 0.96, 1.0)
    assert old["redrawn_after_drafts_only"] == 50
    report = "\n".join(markdown(old, new))
    assert "| new: surrogate keys | `bbbbbbb` | 96.0% | 96.0% | 0 |" in report
    assert "- met: draft saves cause no page to be drawn again (new design)" in report
    assert "- met: at least 95% of reader requests served from the cache" in report
    worse = summarise(requests(90, 3), changes, rate=50, seed=1) | {"commit": "ccccccc"}
    report = "\n".join(markdown(old, worse))
    assert "- MISSED: draft saves cause no page to be drawn again (new design)" in report
    assert "- MISSED: at least 95% of reader requests served from the cache" in report
