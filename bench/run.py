"""Benchmark: public pages over a synthetic archive of 1,000, 10,000 and 100,000 articles.

Run from the repository root (``make bench`` runs the first line)::

    .venv/bin/python bench/run.py                # 1,000, 10,000 and 100,000 articles
    .venv/bin/python bench/run.py 1000 10000     # other sizes
    .venv/bin/python bench/run.py --pages-only   # without the load test (bench/load.py)
    .venv/bin/python bench/run.py --report       # RESULTS.md again from bench/results.json
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/run.py

Each size runs in a child process with its own throwaway database: SQLite in the system's
temporary folder, or, with ``BENCH_DATABASE_URL`` (a PostgreSQL server), a database created
for that size and dropped afterwards. The child migrates, builds the archive
(``bench/archive.py``), prints how long each phase took and times every kind of page
(``bench/pages.py``). The results are written to ``bench/RESULTS.md`` and printed.
"""

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
SIZES = (1000, 10000, 100000)
RUNS = 30
RESULTS = REPO / "bench" / "RESULTS.md"
NOTES = REPO / "bench" / "NOTES.md"  # the analysis, written by hand from the results
RAW = REPO / "bench" / "results.json"  # the last run's measurements, for --report

# The targets at the largest size (issue 8).
DEEP_KIND = "list, page 200"
LOAD_PAGES = {"topic": "topic, page 1", "region": "region (country), page 1", "article": "article"}
LIST_KINDS = ("front", "list, page 1", "topic, page 1", "region (country), page 1", "author", "organisation")
MAX_LIST_QUERIES = 8
MAX_PAGE_ONE_MS = 25
MAX_GROWTH = 1.5
MAX_DEEP_RATIO = 2
MAX_ARTICLE_QUERIES = 10
MAX_ARTICLE_MS = 20


def run_one(count, database_url):
    """In a child process: migrate a fresh database, build the archive, time the pages."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["CACHE_URL"] = "locmem://bench"  # only the content version lives there
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # every request runs its view
    sys.path.insert(0, str(REPO))

    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    from bench.archive import build_archive
    from bench.explain import explain_lists, list_pages
    from bench.pages import time_pages

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate = time.perf_counter() - started
    timings = build_archive(count)
    phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
    print(f"{count:,} articles loaded: {phases}", file=sys.stderr, flush=True)
    loadavg = os.getloadavg()[0]  # other work on the machine shows in the timings
    pages = time_pages(runs=RUNS)
    plans = explain_lists(list_pages()) if connection.vendor == "postgresql" else []
    return {
        "plans": plans,
        "count": count,
        "migrate_s": migrate,
        "load": timings,
        "pages": pages,
        "loadavg": max(loadavg, os.getloadavg()[0]),
        "database": _database_version(connection),
        "workdir": str(workdir),
    }


def _database_version(connection):
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    return f"{connection.display_name} {connection.Database.sqlite_version}"


# PostgreSQL: a database per size on the server BENCH_DATABASE_URL names


def _database_url(server, name):
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_database(server, count):
    import psycopg

    name = f"bench_{count}_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return name, _database_url(server, name)


def drop_database(server, name):
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The load test (bench/load.py, written separately): gunicorn and wrk on the same database


def load_test(database_url, result):
    """``bench.load.run_load``'s results for this database, or a note saying why there are none.

    The load test is given the topic, region and article pages timed here.
    """
    sys.path.insert(0, str(REPO))
    try:
        from bench.load import run_load
    except ImportError as exc:
        return {"skipped": f"bench/load.py is not available ({exc})"}
    try:
        urls = {name: _page(result, kind)["url"] for name, kind in LOAD_PAGES.items()}
        return run_load(database_url, urls=urls)
    except Exception as exc:  # a failed load test must not lose the page timings
        return {"skipped": f"run_load failed: {exc!r}"}


def load_section(load_results):
    """The load test's results as Markdown, one part per size, drawn by ``bench.load.markdown``.

    ``load_results`` maps a size to ``run_load``'s dict, or to {"skipped": why}.
    """
    if not load_results:
        return []
    sys.path.insert(0, str(REPO))  # also when run as a script, for --report
    from bench.load import markdown

    lines = ["## Under load (bench/load.py)", ""]
    for count, result in load_results.items():
        lines += [f"### {count:,} articles", ""]
        if "skipped" in result:
            lines.append(f"Not measured: {result['skipped']}.")
        else:
            lines.append(markdown(result).rstrip())
        lines.append("")
    return lines


# The report


def machine():
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    memory = next((line.split()[1] for line in _read("/proc/meminfo") if line.startswith("MemTotal")), None)
    memory = f"{int(memory) / 1024 / 1024:.1f} GiB" if memory else "unknown"
    return {"cores": os.cpu_count(), "memory": memory, "cpu": cpu}


def _read(path):
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def _page(result, kind):
    return next(page for page in result["pages"] if page["kind"] == kind)


def targets(results):
    """(target, measured, verdict) rows for the largest size measured."""
    largest, smallest = results[-1], results[0]
    rows = []

    def verdict(value, limit, unit=""):
        if value <= limit:
            return "met"
        return f"missed by {value - limit:.1f}{unit}" if unit else f"missed by {value - limit:g}"

    for kind in (*LIST_KINDS, DEEP_KIND, "search"):
        page = _page(largest, kind)
        rows.append(
            (
                f"{page['kind']}: ≤ {MAX_LIST_QUERIES} queries",
                page["queries"],
                verdict(page["queries"], MAX_LIST_QUERIES),
            )
        )
    for kind in (*LIST_KINDS, "search"):
        page = _page(largest, kind)
        rows.append(
            (
                f"{page['kind']}: median < {MAX_PAGE_ONE_MS} ms",
                f"{page['median_ms']:.1f} ms",
                verdict(page["median_ms"], MAX_PAGE_ONE_MS, " ms"),
            )
        )
        if "changed_median_ms" in page:
            rows.append(
                (
                    f"{page['kind']}, first after a change: median < {MAX_PAGE_ONE_MS} ms",
                    f"{page['changed_median_ms']:.1f} ms",
                    verdict(page["changed_median_ms"], MAX_PAGE_ONE_MS, " ms"),
                )
            )
    if smallest is not largest:
        for kind in (*LIST_KINDS, "search"):
            ratio = _page(largest, kind)["median_ms"] / _page(smallest, kind)["median_ms"]
            rows.append(
                (
                    f"{kind}: median at {largest['count']:,} ≤ {MAX_GROWTH}× at {smallest['count']:,}",
                    f"{ratio:.2f}×",
                    verdict(ratio, MAX_GROWTH, "×"),
                )
            )
    deep, first = _page(largest, DEEP_KIND), _page(largest, "list, page 1")
    ratio = deep["median_ms"] / first["median_ms"]
    rows.append(
        (f"{deep['kind']} ≤ {MAX_DEEP_RATIO}× page 1", f"{ratio:.2f}×", verdict(ratio, MAX_DEEP_RATIO, "×"))
    )
    article = _page(largest, "article")
    rows.append(
        (
            f"article: ≤ {MAX_ARTICLE_QUERIES} queries",
            article["queries"],
            verdict(article["queries"], MAX_ARTICLE_QUERIES),
        )
    )
    rows.append(
        (
            f"article: median < {MAX_ARTICLE_MS} ms",
            f"{article['median_ms']:.1f} ms",
            verdict(article["median_ms"], MAX_ARTICLE_MS, " ms"),
        )
    )
    if "changed_median_ms" in article:
        rows.append(
            (
                f"article, first after a change: median < {MAX_ARTICLE_MS} ms",
                f"{article['changed_median_ms']:.1f} ms",
                verdict(article["changed_median_ms"], MAX_ARTICLE_MS, " ms"),
            )
        )
    return rows


def report(results, load_results, when):
    import django

    info = machine()
    loads = ", ".join(f"{result['loadavg']:.1f} at {result['count']:,}" for result in results)
    lines = [
        "# Page benchmarks",
        "",
        "Written by `bench/run.py` (`make bench`); see `bench/README.md`. Server time in-process",
        f"(Django's test client, page cache off), {RUNS} requests per page of each kind:",
        "",
        "- **first after a change**: the process has just forgotten what it keeps per content",
        "  version (the topics, the region tree, card bylines and photos), as on the first request",
        "  after an editor's change; the queries counted are these, the most a page makes;",
        "- **repeated**: the same page again at the same content version (the queries in brackets).",
        "",
        f"- Date: {when:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {info['cores']} cores, {info['memory']} memory, {info['cpu']}",
        f"- Python {platform.python_version()}, Django {django.get_version()}, {results[0]['database']}",
        f"- Load average (1 min) when each size's pages were timed: {loads}",
        "",
        "## Loading the archive",
        "",
        "Seconds per phase; each phase is one transaction. Search vectors (one UPDATE) and analyze: PostgreSQL only.",
        "",
        "Pages and load were measured one size at a time with nothing else running; this machine's",
        "speed still varies from minute to minute by 20-40% (it is a shared virtual machine), so read",
        "differences under that as noise.",
        "",
    ]
    phases = list(dict.fromkeys(phase for result in results for phase in result["load"]))
    lines.append("| Articles | migrate | " + " | ".join(phases) + " |")
    lines.append("| ---: | ---: | " + " | ".join("---:" for _ in phases) + " |")
    for result in results:
        cells = " | ".join(f"{result['load'].get(phase, 0):.1f}" for phase in phases)
        lines.append(f"| {result['count']:,} | {result['migrate_s']:.1f} | {cells} |")
    lines.append("")
    for result in results:
        lines += [f"## {result['count']:,} articles", ""]
        lines.append(
            "| Page | URL | Queries (repeated) | Median ms | p95 ms | After a change: median | p95 | KB | Note |"
        )
        lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for page in result["pages"]:
            status = "" if page["status"] == 200 else f" (status {page['status']})"
            repeated = page.get("queries_repeated", page["queries"])
            changed = [page.get(name) for name in ("changed_median_ms", "changed_p95_ms")]
            changed = " | ".join("" if value is None else f"{value:.1f}" for value in changed)
            lines.append(
                f"| {page['kind']}{status} | `{page['url']}` | {page['queries']} ({repeated})"
                f" | {page['median_ms']:.1f} | {page['p95_ms']:.1f} | {changed}"
                f" | {page['bytes'] / 1024:.0f} | {page['note']} |"
            )
        lines.append("")
    largest = results[-1]["count"]
    lines += [f"## Targets at {largest:,} articles", ""]
    if largest != SIZES[-1]:
        lines += [f"The targets are set for {SIZES[-1]:,} articles; this run stopped at {largest:,}.", ""]
    lines += ["| Target | Measured | Verdict |", "| --- | ---: | --- |"]
    lines += [f"| {target} | {measured} | {verdict} |" for target, measured, verdict in targets(results)]
    lines.append("")
    lines += plans_section(results[-1])
    lines += load_section(load_results)
    if NOTES.exists():
        lines += ["## Why (bench/NOTES.md)", "", NOTES.read_text(encoding="utf-8").strip(), ""]
    return "\n".join(lines).rstrip() + "\n"


def plans_section(result):
    """EXPLAIN ANALYZE of the list pages' queries (bench/explain.py), PostgreSQL only."""
    if not result.get("plans"):
        return []
    lines = [
        f"## Query plans at {result['count']:,} articles (PostgreSQL, bench/explain.py)",
        "",
        "`EXPLAIN (ANALYZE)` of the query each list page's paginator sends.",
        "",
        "| Page | Query | ms | Sequential scans of articles |",
        "| --- | --- | ---: | ---: |",
    ]
    lines += [f"| {kind} | {query} | {ms:.1f} | {scans} |" for kind, query, ms, scans in result["plans"]]
    scans = sum(row[3] for row in result["plans"])
    lines += [
        "",
        f"No sequential scan of the articles table: {'met' if not scans else f'MISSED ({scans})'}.",
        "",
    ]
    return lines


def main(argv):
    if argv[:1] == ["--child"]:
        print(json.dumps(run_one(int(argv[1]), argv[2] if len(argv) > 2 else None)))
        return 0
    if argv[:1] == ["--report"]:
        # The report again from the last run's measurements (after editing bench/NOTES.md).
        saved = json.loads(RAW.read_text(encoding="utf-8"))
        load_results = {int(count): result for count, result in saved["load"].items()}
        text = report(saved["pages"], load_results, datetime.fromisoformat(saved["when"]))
        RESULTS.write_text(text, encoding="utf-8")
        print(text)
        return 0
    pages_only = "--pages-only" in argv  # skip bench/load.py (gunicorn and wrk)
    sizes = sorted(int(arg) for arg in argv if arg != "--pages-only") or list(SIZES)
    server = os.environ.get("BENCH_DATABASE_URL", "").strip()
    results, load_results = [], {}
    for count in sizes:
        name, database_url = create_database(server, count) if server else (None, None)
        workdir = None
        try:
            command = [sys.executable, __file__, "--child", str(count)] + ([database_url] if server else [])
            # The child's progress lines (stderr) show as they come; its result is stdout's last line.
            child = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
            if child.returncode:
                return child.returncode
            result = json.loads(child.stdout.strip().splitlines()[-1])
            workdir = Path(result.pop("workdir"))
            results.append(result)
            if not pages_only:
                load_results[count] = load_test(
                    database_url or f"sqlite:///{workdir / 'bench.sqlite3'}", result
                )
        finally:
            if name:
                drop_database(server, name)
            if workdir:
                shutil.rmtree(workdir)
    when = datetime.now(UTC)
    raw = {"when": when.isoformat(), "pages": results, "load": load_results}
    RAW.write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    text = report(results, load_results, when)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
