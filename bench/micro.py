"""The page-drawing shortcuts measured one at a time: what each still saves now that a
change no longer throws every cached page away.

Run from the repository root against a database holding an archive (``bench/churn.py
--build N`` writes one)::

    .venv/bin/python bench/micro.py --database-url postgres://postgres@127.0.0.1:54460/archive

In one process, with a Redis of its own as the shared cache (as in production), the
English front page, list, busiest topic and country and the story page are timed:

- drawn (the page cache off), with every shortcut on and with each one off in turn:
  ``QuickSelect`` (the filters' ``<select>`` written in Python) and the card HTML kept in
  the shared cache. Each is timed as a page is drawn after a change (the values a process
  keeps per clock reading forgotten, as a change forgets them) and drawn again;
- served from the page cache, with the process's copies of recent pages
  (``caching.pages.recent_pages``) and without them (the page fetched from Redis each time).

Rounds alternate the variants, so a slower minute of the shared machine falls on all of
them. The medians, and each variant's difference from "every shortcut on", are printed
and written to ``--json``; bench/NOTES.md records what was kept and why (``FixedChoices``,
measured here too, saved nothing and was removed).
"""

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGES = ("front", "list, page 1", "topic, page 1", "region (country), page 1", "article")


class NoCache:
    """A cache that keeps nothing (the cards drawn on every page)."""

    def get_many(self, keys):
        return {}

    def set_many(self, values, timeout=None):
        return []


def variants():
    from unittest import mock

    from django import forms

    from articles import filters
    from articles.templatetags import cards

    return {
        "every shortcut on": contextlib.nullcontext,
        "without QuickSelect": lambda: mock.patch.object(filters.QuickSelect, "render", forms.Select.render),
        "without the card HTML cache": lambda: mock.patch.object(cards, "cache", NoCache()),
    }


def _timed(client, url):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed


def measure_drawn(pages, rounds, runs):
    """{variant: {page: {"changed": [ms], "repeated": [ms]}}}, the page cache off."""
    from django.test import Client
    from django.test.utils import override_settings

    from articles import caching

    client = Client(SERVER_NAME="localhost")
    found = {}
    with override_settings(PAGE_CACHE_SECONDS=0, DEBUG=False):
        for _round in range(rounds):
            for name, patched in variants().items():
                with patched():
                    caching.forget_derived()  # nothing kept from another variant
                    for kind, url in pages.items():
                        times = found.setdefault(name, {}).setdefault(kind, {"changed": [], "repeated": []})
                        for _ in range(runs):
                            caching.forget_derived()
                            times["changed"].append(_timed(client, url))
                            times["repeated"].append(_timed(client, url))
    return found


def measure_served(pages, rounds, runs):
    """{variant: {page: [ms]}}: pages served from the page cache, with and without the
    process's copies of recent pages."""
    from unittest import mock

    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings

    from articles import caching
    from articles.caching import pages as serving

    client = Client(SERVER_NAME="localhost")
    found = {}
    with override_settings(PAGE_CACHE_SECONDS=600, DEBUG=False):
        cache.clear()
        caching.forget_recent_pages()
        for url in pages.values():
            client.get(url)  # drawn and stored
        choices = {
            "recent pages kept by the process": contextlib.nullcontext,
            "every page fetched from the shared cache": lambda: mock.patch.object(
                serving, "recent_pages", caching.LRU(0)
            ),
        }
        for _round in range(rounds):
            for name, patched in choices.items():
                with patched():
                    for kind, url in pages.items():
                        times = found.setdefault(name, {}).setdefault(kind, [])
                        for _ in range(runs):
                            started = time.perf_counter()
                            response = client.get(url)
                            times.append((time.perf_counter() - started) * 1000)
                            if response.get("X-Page-Cache") != "hit":
                                raise RuntimeError(f"{url} was not served from the page cache")
    return found


def summary(drawn, served):
    """Medians, and each variant's difference from the first one, per page."""

    def median(values):
        return round(statistics.median(values), 2)

    result = {"drawn": {}, "served": {}}
    base = next(iter(drawn.values()))
    for name, by_page in drawn.items():
        result["drawn"][name] = {
            kind: {
                state: {
                    "median_ms": median(times[state]),
                    "change": round(median(times[state]) / median(base[kind][state]) - 1, 3),
                }
                for state in ("changed", "repeated")
            }
            for kind, times in by_page.items()
        }
    base = next(iter(served.values()))
    for name, by_page in served.items():
        result["served"][name] = {
            kind: {"median_ms": median(times), "change": round(median(times) / median(base[kind]) - 1, 3)}
            for kind, times in by_page.items()
        }
    return result


def markdown(result):
    lines = [
        "Drawn (page cache off): median ms after a change / drawn again, and the difference "
        "from every shortcut on.",
        "",
        "| Variant | " + " | ".join(PAGES) + " |",
        "| --- |" + " ---: |" * len(PAGES),
    ]
    for name, by_page in result["drawn"].items():
        cells = []
        for kind in PAGES:
            changed, repeated = by_page[kind]["changed"], by_page[kind]["repeated"]
            cells.append(
                f"{changed['median_ms']:.1f} ({changed['change']:+.0%}) / "
                f"{repeated['median_ms']:.1f} ({repeated['change']:+.0%})"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "Served from the page cache: median ms.", ""]
    lines += ["| Variant | " + " | ".join(PAGES) + " |", "| --- |" + " ---: |" * len(PAGES)]
    for name, by_page in result["served"].items():
        cells = [f"{by_page[kind]['median_ms']:.2f} ({by_page[kind]['change']:+.0%})" for kind in PAGES]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a database holding an archive (only read)")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--runs", type=int, default=5, help="requests per page, variant and round")
    parser.add_argument("--json", type=Path, help="write the result here")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from bench.load import _start_redis

    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="micro-")))
        os.environ.update(
            DJANGO_SETTINGS_MODULE="cms.settings.dev",
            DATABASE_URL=args.database_url,
            DJANGO_DEBUG="0",
            MEDIA_ROOT=str(folder / "media"),
            CACHE_URL=_start_redis(stack, folder),
        )
        os.environ.pop("CACHE_PURGE_URLS", None)
        import django

        django.setup()
        from django.test.utils import setup_test_environment
        from django.utils import translation

        from bench.pages import representative_pages

        setup_test_environment()
        with translation.override("en"):
            pages = {kind: url for kind, url, _note in representative_pages() if kind in PAGES}
        drawn = measure_drawn(pages, args.rounds, args.runs)
        served = measure_served(pages, args.rounds, args.runs * 4)
        result = summary(drawn, served) | {"pages": pages, "rounds": args.rounds, "runs": args.runs}
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
