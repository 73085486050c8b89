"""Benchmark: public pages over a synthetic archive of 1,000, 10,000 and 100,000 articles.

Run from the repository root (``make bench`` runs the first line)::

    .venv/bin/python bench/run.py                # 1,000, 10,000 and 100,000 articles
    .venv/bin/python bench/run.py 1000 10000     # other sizes
    .venv/bin/python bench/run.py --pages-only   # without the load test (bench/load.py)
    .venv/bin/python bench/run.py --report       # RESULTS.md again from bench/results.json
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/run.py
    # Two versions of the site compared, from the results.json each run wrote (any number of
    # runs of each): bench/languages.json, then RESULTS.md again
    .venv/bin/python bench/run.py --compare --before B1.json B2.json --after A1.json A2.json

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
# Before and after the site had seven languages, page by page (--compare)
COMPARISON = REPO / "bench" / "languages.json"
# The newsroom churn simulation, old design against new (bench/churn.py --report)
CHURN = REPO / "bench" / "churn.json"
MAX_SLOWER = 0.10  # the issue: every page's median within 10% of what it was

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
    mix = _language_mix()
    loadavg = os.getloadavg()[0]  # other work on the machine shows in the timings
    pages = time_pages(runs=RUNS)
    plans = explain_lists(list_pages()) if connection.vendor == "postgresql" else []
    return {
        "plans": plans,
        "count": count,
        "migrate_s": migrate,
        "load": timings,
        "pages": pages,
        **mix,
        "loadavg": max(loadavg, os.getloadavg()[0]),
        "database": _database_version(connection),
        "workdir": str(workdir),
    }


def _language_mix():
    """How many published stories each language has, and how many translate another
    (None before the site had translations)."""
    from django.db.models import Count

    from articles.models import Article

    live = Article.objects.published()
    counts = dict(live.values_list("language").annotate(n=Count("pk")).order_by("language"))
    fields = {field.name for field in Article._meta.concrete_fields}
    translations = live.filter(translation_of__isnull=False).count() if "translation_of" in fields else None
    return {"languages": counts, "translations": translations}


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
        return [
            "## Under load (bench/load.py)",
            "",
            "Not measured in this run (`--pages-only`); the last load test is in this file's history.",
            "",
        ]
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


def report(results, load_results, when, commit=None):
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
        f"- Date: {when:%Y-%m-%d %H:%M} UTC" + (f", commit `{commit}`" if commit else ""),
        f"- Machine: {info['cores']} cores, {info['memory']} memory, {info['cpu']}",
        f"- Python {platform.python_version()}, Django {django.get_version()}, {results[0]['database']}",
        f"- Load average (1 min) when each size's pages were timed: {loads}",
        "",
        "## Loading the archive",
        "",
        "Seconds per phase; each phase is one transaction. Search vectors (one UPDATE) and analyze: PostgreSQL only.",
        "",
        "Pages and load are measured one size at a time; the load average above shows what else ran",
        "on the machine, whose speed varies from minute to minute by 20-40% (it is a shared virtual",
        "machine), so read differences under that as noise.",
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
    if COMPARISON.exists():
        lines += languages_section(json.loads(COMPARISON.read_text(encoding="utf-8")), when)
    lines += load_section(load_results)
    if CHURN.exists():
        sys.path.insert(0, str(REPO))  # also when run as a script with --pages-only
        from bench.churn import markdown as churn_markdown

        churn = json.loads(CHURN.read_text(encoding="utf-8"))
        lines += ["## Newsroom churn (bench/churn.py)", "", *churn_markdown(churn["old"], churn["new"]), ""]
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


# Before and after: the same archive measured on two versions of the site


def compare(before_files, after_files, count=SIZES[-1]):
    """The pages' medians at ``count`` articles from runs of two versions of the site, as
    written to bench/languages.json: each side's commit and runs, each run's language mix
    and medians per page."""

    def side(files):
        runs = []
        for file in files:
            saved = json.loads(Path(file).read_text(encoding="utf-8"))
            result = next(result for result in saved["pages"] if result["count"] == count)
            runs.append(
                {
                    "when": saved["when"],
                    "commit": saved.get("commit", ""),
                    "database": result["database"],
                    "loadavg": result["loadavg"],
                    "languages": result.get("languages", {}),
                    "translations": result.get("translations"),
                    "pages": {
                        page["kind"]: {
                            key: page[key]
                            for key in (
                                "url",
                                "note",
                                "status",
                                "queries",
                                "queries_repeated",
                                "median_ms",
                                "changed_median_ms",
                                "bytes",
                            )
                        }
                        for page in result["pages"]
                    },
                }
            )
        commits = {run["commit"] for run in runs}
        assert len(commits) == 1, f"runs of different commits on one side: {commits}"
        return {"commit": commits.pop(), "runs": runs}

    return {"count": count, "before": side(before_files), "after": side(after_files)}


def best(runs, kind, key="median_ms"):
    """The lowest of the runs' medians for a page: the machine at its least disturbed."""
    return min(run["pages"][kind][key] for run in runs if kind in run["pages"])


def slower_pages(comparison, limit=MAX_SLOWER):
    """(page, before ms, after ms, change) for every page measured on both sides whose best
    median (repeated) grew by more than ``limit``."""
    before, after = comparison["before"]["runs"], comparison["after"]["runs"]
    rows = []
    for kind in before[0]["pages"]:
        if kind in after[0]["pages"]:
            old, new = best(before, kind), best(after, kind)
            if new > old * (1 + limit):
                rows.append((kind, old, new, new / old - 1))
    return rows


def _mix(run):
    total = sum(run["languages"].values()) or 1
    shares = ", ".join(
        f"{code} {count:,} ({count / total:.0%})"
        for code, count in sorted(run["languages"].items(), key=lambda item: -item[1])
    )
    return shares


def languages_section(comparison, when=None):
    """The pages before and after the site had seven languages (bench/languages.json);
    ``when``: the time of the run the report's other tables come from."""
    before, after = comparison["before"], comparison["after"]
    runs = sorted(
        [("before", run) for run in before["runs"]] + [("after", run) for run in after["runs"]],
        key=lambda item: item[1]["when"],
    )
    first = after["runs"][0]
    translations = first["translations"]
    shown = when is not None and any(datetime.fromisoformat(run["when"]) == when for run in after["runs"])
    lines = [
        "## Seven languages: before and after",
        "",
        "The issue: turning translation on must not make pages slow; each page's median stays",
        f"within {MAX_SLOWER:.0%} of what it was. Measured in-process at {comparison['count']:,} articles"
        f" on {first['database']}, pages only, the same archive on both sides (`bench/plan.py`,"
        f" published stories: {_mix(first)}"
        + (f"; {translations:,} of them translate an English story" if translations else "")
        + ").",
        "",
        f"- **Before**: commit `{before['commit']}`, the last before the language work, with the"
        " `bench/` committed with this report copied in (the same plan and pages; the old code has no"
        " `translation_of`, so its archive has no translation links and one list of every language).",
        f"- **After**: commit `{after['commit']}`: English at `/`, each language its own lists.",
        "- Runs, alternating: "
        + ", ".join(
            f"{name} {datetime.fromisoformat(run['when']):%Y-%m-%d %H:%M} (load {run['loadavg']:.1f})"
            for name, run in runs
        )
        + " UTC. Each median below is the lower of a side's runs"
        + (f"; the tables per size above are the after run of {when:%H:%M}." if shown else "."),
        "- Before, every list, feed and sitemap held the stories of every language; after, the"
        " English ones hold the English stories only: pages of the same length, read from a"
        " list four fifths as long (the news sitemap, which lists two days' stories, is shorter).",
        "",
        "| Page | Before: median ms | After: median ms | Change | Before, first after a change | After, first after a change | Change | Queries before → after |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for kind, page in before["runs"][0]["pages"].items():
        if kind not in after["runs"][0]["pages"]:
            continue
        new_page = after["runs"][0]["pages"][kind]
        cells = []
        for key in ("median_ms", "changed_median_ms"):
            old, new = best(before["runs"], kind, key), best(after["runs"], kind, key)
            cells += [f"{old:.1f}", f"{new:.1f}", f"{new / old - 1:+.0%}"]
        queries = f"{page['queries']} ({page['queries_repeated']}) → {new_page['queries']} ({new_page['queries_repeated']})"
        lines.append(f"| {kind} | {' | '.join(cells)} | {queries} |")
    slower = slower_pages(comparison)
    lines.append("")
    if slower:
        lines.append(
            f"More than {MAX_SLOWER:.0%} slower (repeated requests): "
            + "; ".join(
                f"{kind} {old:.1f} → {new:.1f} ms ({change:+.0%})" for kind, old, new, change in slower
            )
            + ". Why: bench/NOTES.md."
        )
    else:
        lines.append(f"No page's median is more than {MAX_SLOWER:.0%} slower.")
    lines += [
        "",
        "Each run's medians (repeated requests, ms), to show how much the machine moved between runs:",
        "",
        "| Page | "
        + " | ".join(f"{name} {datetime.fromisoformat(run['when']):%H:%M}" for name, run in runs)
        + " |",
        "| --- | " + " | ".join("---:" for _ in runs) + " |",
    ]
    for kind in before["runs"][0]["pages"]:
        if kind in after["runs"][0]["pages"]:
            cells = [
                f"{run['pages'][kind]['median_ms']:.1f}" if kind in run["pages"] else "" for _n, run in runs
            ]
            lines.append(f"| {kind} | {' | '.join(cells)} |")
    others = [kind for kind in after["runs"][0]["pages"] if kind not in before["runs"][0]["pages"]]
    if others:
        lines += [
            "",
            "### Readers of other languages (after only)",
            "",
            "Pages under `/ru/`, `/kk/` and `/kk-latn/` (Kazakh in Latin letters, transliterated as the"
            " page is drawn). Medians: the lower of the after runs.",
            "",
            "| Page | URL | Queries (repeated) | Median ms | First after a change: median | KB | Note |",
            "| --- | --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for kind in others:
            page = after["runs"][0]["pages"][kind]
            lines.append(
                f"| {kind} | `{page['url']}` | {page['queries']} ({page['queries_repeated']})"
                f" | {best(after['runs'], kind):.1f} | {best(after['runs'], kind, 'changed_median_ms'):.1f}"
                f" | {page['bytes'] / 1024:.0f} | {page['note']} |"
            )
    lines.append("")
    return lines


def _commit():
    """The commit measured (short), with "+" when files outside bench/ differ from it."""

    def git(*args):
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False).stdout

    commit = git("rev-parse", "--short", "HEAD").strip()
    changed = [
        line
        for line in git("status", "--porcelain", "--untracked-files=no").splitlines()
        if not line[3:].startswith("bench/")
    ]
    return commit + ("+" if changed else "")


def main(argv):
    if argv[:1] == ["--child"]:
        print(json.dumps(run_one(int(argv[1]), argv[2] if len(argv) > 2 else None)))
        return 0
    if argv[:1] == ["--compare"]:
        # bench/languages.json from saved runs, then the report again: --compare --before
        # FILE… --after FILE… [--size N]
        options, current = {"--before": [], "--after": [], "--size": []}, None
        for arg in argv[1:]:
            if arg in options:
                current = arg
            elif current is None:
                raise SystemExit(f"--compare: {arg!r} before --before, --after or --size")
            else:
                options[current].append(arg)
        if not options["--before"] or not options["--after"]:
            raise SystemExit("--compare needs --before FILE… and --after FILE…")
        count = int(options["--size"][0]) if options["--size"] else SIZES[-1]
        comparison = compare(options["--before"], options["--after"], count)
        COMPARISON.write_text(json.dumps(comparison, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        argv = ["--report"]
    if argv[:1] == ["--report"]:
        # The report again from the last run's measurements (after editing bench/NOTES.md).
        saved = json.loads(RAW.read_text(encoding="utf-8"))
        load_results = {int(count): result for count, result in saved["load"].items()}
        text = report(
            saved["pages"], load_results, datetime.fromisoformat(saved["when"]), saved.get("commit")
        )
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
    raw = {"when": when.isoformat(), "commit": _commit(), "pages": results, "load": load_results}
    RAW.write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    text = report(results, load_results, when, raw["commit"])
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
