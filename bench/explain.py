"""Query plans of the list pages on PostgreSQL: no sequential scan of the articles table.

``explain_lists()`` builds the querysets the topic, region (a country), author,
organisation and article list pages run (through their own views, so the plans are of the
real queries), and asks PostgreSQL for ``EXPLAIN (ANALYZE, FORMAT JSON)`` of the query their
paginator sends for page 1 and for page 200 (no page counts its list: articles/pagination.py).
It reports every plan node that reads ``articles_article`` sequentially.

Once the site has reader languages, the Russian and Kazakh article list, topic and country
pages are explained too, each in its own language (each language lists only its stories).
"""

import contextlib
import json

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

ARTICLES_TABLE = "articles_article"
DEEP_PAGE = 200
# Other languages whose list pages are explained (/kk-latn/ runs the same queries as /kk/).
EXPLAINED_LANGUAGES = ("ru", "kk")


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def _queryset(view_class, path, **kwargs):
    view = view_class()
    view.setup(RequestFactory().get(path), **kwargs)
    queryset = view.get_queryset()
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        # The list pages narrow the queryset with their FilterSet (the region page by its
        # places); build it as FilterView does.
        filterset = view.get_filterset(filterset_class)
        if filterset.is_valid():
            queryset = filterset.qs
    return queryset


def language_of(path):
    """The reader language of a public address: /ru/… is Russian; English without languages."""
    from bench.pages import has_languages

    if not has_languages():
        return "en"
    from languages.codes import split_path

    return split_path(path)[0]


def _first_query(run):
    """The SQL and parameters of the first query ``run()`` sends: what a page really runs."""
    with CaptureQueriesContext(connection) as captured:
        run()
    return captured.captured_queries[0]["sql"]


def explain(sql):
    """(milliseconds, sequential scans of the articles table) for one query's plan."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        raw = cursor.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    scans = [
        node
        for node in _nodes(plan["Plan"])
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") == ARTICLES_TABLE
    ]
    return plan["Execution Time"], len(scans)


def explain_lists(pages):
    """Rows of (page, query, ms, sequential scans of articles) for the list pages.

    ``pages``: {kind: (view class, path, view kwargs)}.
    """
    from django.core.paginator import EmptyPage

    from articles.pagination import BoundedPaginator
    from articles.views import PAGE_SIZE

    if connection.vendor != "postgresql":
        return []
    rows = []
    for kind, (view_class, path, kwargs) in pages.items():
        # The page's language narrows its list to its stories (the view reads the active one).
        with translation.override(language_of(path)):
            queryset = _queryset(view_class, path, **kwargs)
            # The paginator's query, as Django writes it (annotations, subqueries and all).
            for query, number in (("page 1", 1), (f"page {DEEP_PAGE}", DEEP_PAGE)):

                def run(queryset=queryset, number=number):
                    with contextlib.suppress(EmptyPage):  # a shorter list: its query was sent all the same
                        BoundedPaginator(queryset, PAGE_SIZE).page(number)

                milliseconds, scans = explain(_first_query(run))
                rows.append((kind, query, milliseconds, scans))
    return rows


def list_pages():
    """The list pages whose plans are checked: the very pages bench/pages.py times."""
    from django.urls import resolve

    from articles import views
    from bench.pages import representative_pages

    views_by_kind = {
        "list, page 1": ("article list", views.ArticleListView),
        "topic, page 1": ("topic", views.TopicDetailView),
        "region (country), page 1": ("region (country)", views.RegionDetailView),
        "author": ("author", views.AuthorDetailView),
        "organisation": ("organisation", views.OrganisationDetailView),
    }
    for code in EXPLAINED_LANGUAGES:
        for kind in ("list, page 1", "topic, page 1", "region (country), page 1"):
            name, view_class = views_by_kind[kind]
            views_by_kind[f"{code}: {kind}"] = (f"{code}: {name}", view_class)
    pages = {}
    for kind, url, _note in representative_pages():
        if kind in views_by_kind:
            name, view_class = views_by_kind[kind]
            with translation.override(language_of(url)):  # /ru/… resolves only in Russian
                pages[name] = (view_class, url, resolve(url).kwargs)
    return pages


if __name__ == "__main__":
    # python bench/explain.py: the plans on the database DATABASE_URL names, which must
    # already hold an archive (bench/archive.py's build_archive, or a real one).
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    print("| Page | Query | ms | Sequential scans of articles |\n| --- | --- | ---: | ---: |")
    for kind, query, milliseconds, scans in explain_lists(list_pages()):
        print(f"| {kind} | {query} | {milliseconds:.1f} | {scans} |")
