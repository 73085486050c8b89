"""Newsroom churn: readers' requests while editors change the archive, old design against new.

Run from the repository root, against a database that holds an archive (``--build N``
writes one of N articles, as ``bench/run.py`` does, into a new PostgreSQL database or a new
SQLite file)::

    .venv/bin/python bench/churn.py --build 100000 \\
        --database-url postgres://postgres@127.0.0.1:54460/archive
    .venv/bin/python bench/churn.py --database-url postgres://postgres@127.0.0.1:54460/archive \\
        --json new.json
    git worktree add /tmp/old 9190088
    .venv/bin/python bench/churn.py --database-url ... --code /tmp/old --json old.json
    .venv/bin/python bench/churn.py --report old.json new.json   # bench/churn.json, RESULTS.md

A deterministic simulation (``--seed``), in one process with Django's test client and a
Redis of its own as the shared cache, on a copy of the archive made for the run and
dropped after it (the archive itself is never changed), so both designs start from the
same rows:

- **Readers** ask for pages with a news site's popularity: the front pages, the newest
  stories (a Zipf law over the 200 newest: the latest most), the busiest topics and
  countries (Zipf over them), the first pages of the list, the main feed, and old stories
  from anywhere in the archive (Zipf over 5,000 of them: a few often, most rarely). ``--rate`` requests per simulated second
  (default 50).
- **Editors** make a change every two simulated seconds: 70% draft saves (a paragraph
  added to a draft), 20% edits of a published story (its standfirst, shown on its card,
  changed; the newest stories most) and 10% publications (a draft published now).

``--code`` is the checkout whose code serves the pages (default: this one): the same
simulation measures the design before a change and after it. A request is *served from
the cache* when it makes no SQL query (every view reads the database; a cached page is
served from Redis alone). A *re-render after draft saves* is a page drawn again although
nothing but draft saves happened since it was last drawn: the new design must have none.
Reported: the share of requests served from the cache, also among the requests for a page
drawn before (a page's first view is drawn under any design), and the requests' median and
99th percentile latency, after a warm-up that is not counted (as long as the measurement by
default: a running site's cache is not empty).
"""

import argparse
import contextlib
import json
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from bisect import bisect
from collections import Counter
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "churn.json"

NEWEST = 200  # the stories readers read most are among these
BUSY_TOPICS = 30
# Old stories readers find through search engines and links: a few are read often, most
# rarely (Zipf over this many stories drawn from the whole archive).
OLD_STORIES = 5000
CHANGE_EVERY_S = 2
CHANGE_MIX = (("draft save", 0.7), ("published edit", 0.2), ("publication", 0.1))
# Where readers go: (share, kind). Kinds are drawn into addresses by ``Readers``.
READER_MIX = (
    (0.14, "front"),
    (0.04, "front ru"),
    (0.02, "front kk"),
    (0.38, "newest story"),
    (0.14, "busy topic"),
    (0.08, "country"),
    (0.06, "list"),
    (0.04, "feed"),
    (0.10, "old story"),
)
TARGET_HIT_SHARE = 0.95


def zipf_weights(n, s=1.0):
    """Cumulative weights of ranks 1..n under Zipf's law (rank 1 the most asked for)."""
    return list(accumulate(1 / (rank**s) for rank in range(1, n + 1)))


def pick(rng, items, cumulative):
    return items[bisect(cumulative, rng.random() * cumulative[-1])]


def mixed(rng, mix):
    """A kind drawn from ``mix`` ((share, kind) or (kind, share) pairs)."""
    pairs = [(share, kind) if isinstance(share, float) else (kind, share) for share, kind in mix]
    roll, total = rng.random(), 0
    for share, kind in pairs:
        total += share
        if roll < total:
            return kind
    return pairs[-1][1]


class Readers:
    """The addresses readers ask for, drawn with a news site's popularity."""

    def __init__(self, rng):
        from django.db.models import Count
        from django.urls import reverse

        from articles.models import Article, Region

        self.rng = rng
        published = Article.objects.published()
        self.newest = [a.get_absolute_url() for a in published.order_by("-published_at", "-pk")[:NEWEST]]
        self.newest_weights = zipf_weights(len(self.newest))
        ids = list(published.values_list("pk", flat=True))
        self.old_ids = rng.sample(ids, min(len(ids), OLD_STORIES))
        self.old_weights = zipf_weights(len(self.old_ids))
        topics = (
            published.values("topic_links__tag__slug")
            .annotate(n=Count("pk"))
            .exclude(topic_links__tag__slug=None)
            .order_by("-n", "topic_links__tag__slug")[:BUSY_TOPICS]
        )
        self.topics = [
            reverse("articles:topic", kwargs={"slug": row["topic_links__tag__slug"]}) for row in topics
        ]
        self.topic_weights = zipf_weights(len(self.topics))
        countries = Region.objects.public().filter(kind=Region.Kind.COUNTRY).order_by("pk")
        self.countries = [reverse("articles:region", kwargs={"slug": c.slug}) for c in countries] or [
            reverse("articles:regions")
        ]
        self.country_weights = zipf_weights(len(self.countries))
        self.list = reverse("articles:list")
        self.feed = reverse("articles:feed-rss")

    def next(self):
        rng, kind = self.rng, mixed(self.rng, READER_MIX)
        if kind == "front":
            return kind, "/"
        if kind in ("front ru", "front kk"):
            return kind, f"/{kind.split()[1]}/"
        if kind == "newest story":
            return kind, pick(rng, self.newest, self.newest_weights)
        if kind == "busy topic":
            return kind, pick(rng, self.topics, self.topic_weights)
        if kind == "country":
            return kind, pick(rng, self.countries, self.country_weights)
        if kind == "list":
            return kind, f"{self.list}?page={rng.choice((1, 1, 1, 2, 3))}"
        if kind == "feed":
            return kind, self.feed
        return kind, self._old_story()

    def _old_story(self):
        from articles.models import Article

        pk = pick(self.rng, self.old_ids, self.old_weights)
        story = Article.objects.filter(pk=pk).only("slug", "language", "published_at")
        return story.first().get_absolute_url()


class Editors:
    """Changes as editors make them, one every two simulated seconds, saved as the admin
    saves them (``Model.save``, which the page cache's receivers hear)."""

    def __init__(self, rng):
        from articles.models import Article

        self.rng = rng
        self.drafts = list(
            Article.objects.filter(status=Article.Status.DRAFT).order_by("pk").values_list("pk", flat=True)
        )
        self.newest = list(
            Article.objects.published().order_by("-published_at", "-pk").values_list("pk", flat=True)[:NEWEST]
        )
        self.newest_weights = zipf_weights(len(self.newest))
        self.count = 0

    def next(self):
        from django.utils import timezone

        from articles.models import Article

        self.count += 1
        kind = mixed(self.rng, CHANGE_MIX)
        if kind == "draft save":
            draft = Article.objects.get(pk=self.rng.choice(self.drafts))
            draft.body += f"<p>A paragraph the desk added, change {self.count}.</p>"
            draft.save()
        elif kind == "published edit":
            story = Article.objects.get(pk=pick(self.rng, self.newest, self.newest_weights))
            story.standfirst = story.standfirst.split(" [")[0] + f" [updated, change {self.count}]"
            story.save()
        else:
            draft = Article.objects.get(pk=self.drafts.pop(self.rng.randrange(len(self.drafts))))
            draft.status = Article.Status.PUBLISHED
            draft.published_at = timezone.now()
            draft.save()
            self.newest.insert(0, draft.pk)
            self.newest.pop()
        return kind


class Draws:
    """Which changes happened since each page was last drawn."""

    def __init__(self):
        self.history = []  # the kind of each change, in order
        self.drawn_after = {}  # address -> how many changes there were when it was last drawn

    def changed(self, kind):
        self.history.append(kind)

    def served(self, address, *, hit):
        """What serving ``address`` (from the cache or drawn) says about the design."""
        first_view = address not in self.drawn_after
        since = None
        if not hit:
            if not first_view:
                since = self.history[self.drawn_after[address] :]
            self.drawn_after[address] = len(self.history)
        return {
            "hit": hit,
            "first_view": first_view,
            # Drawn again though only draft saves happened since it was drawn last.
            "after_drafts_only": bool(since) and set(since) == {"draft save"},
            "drawn_again_unchanged": since == [],
            # What readers could see changed since it was drawn last ("publication",
            # "published edit" or both), for a page drawn again.
            "redrawn_after": " and ".join(sorted(set(since) - {"draft save"})) if since else None,
        }


class QueryCounter:
    """Counts the SQL queries run while it wraps the connection (``execute_wrapper``).

    Not ``CaptureQueriesContext``: its count comes from the connection's query log, which
    keeps the last 9,000 queries and is not emptied between the simulation's requests, so
    once it is full every request would seem to make none.
    """

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def simulate(*, changes, rate, warmup_changes, seed):
    """Run the simulation in this process (Django set up, the cache empty)."""
    from django.db import connection
    from django.test import Client

    rng = random.Random(seed)
    readers, editors, draws = Readers(rng), Editors(rng), Draws()
    requests = []
    for step in range(warmup_changes + changes):
        for _ in range(rate * CHANGE_EVERY_S):
            kind, address = readers.next()
            client = Client()  # a reader with no cookies of their own
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                started = time.perf_counter()
                response = client.get(address)
                elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"{address} answered {response.status_code}")
            served = draws.served(address, hit=queries.count == 0)
            if step >= warmup_changes:
                requests.append(served | {"kind": kind, "ms": elapsed * 1000})
        draws.changed(editors.next())
    return summarise(requests, draws.history[warmup_changes:], rate=rate, seed=seed)


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summarise(requests, changes, *, rate, seed):
    times = [r["ms"] for r in requests]
    hits = sum(r["hit"] for r in requests)
    # A page's first view is drawn under any design; the rest show what changes cost.
    seen = [r for r in requests if not r["first_view"]]
    by_kind = {}
    for r in requests:
        kind = by_kind.setdefault(r["kind"], {"requests": 0, "hits": 0})
        kind["requests"] += 1
        kind["hits"] += r["hit"]
    return {
        "requests": len(requests),
        "changes": {kind: changes.count(kind) for kind, _share in CHANGE_MIX},
        "simulated_seconds": len(changes) * CHANGE_EVERY_S,
        "rate": rate,
        "seed": seed,
        "hit_share": round(hits / len(requests), 4) if requests else None,
        "first_views": len(requests) - len(seen),
        "hit_share_seen": round(sum(r["hit"] for r in seen) / len(seen), 4) if seen else None,
        "median_ms": round(statistics.median(times), 2) if times else None,
        "p99_ms": round(_percentile(times, 0.99), 2) if times else None,
        "miss_median_ms": round(statistics.median([r["ms"] for r in requests if not r["hit"]] or [0]), 2),
        "redrawn_after_drafts_only": sum(r["after_drafts_only"] for r in requests),
        "redrawn_unchanged": sum(r["drawn_again_unchanged"] for r in requests),
        "redrawn_after": dict(Counter(r["redrawn_after"] for r in requests if r.get("redrawn_after"))),
        "by_kind": by_kind,
    }


# Running it: a copy of the archive, a Redis, Django set up with the chosen code


def _copy_database(database_url, stack):
    """A throwaway copy of the archive: a new PostgreSQL database made from it, or a copy
    of the SQLite file; dropped or removed on the way out."""
    parts = urlsplit(database_url)
    if parts.scheme.startswith("postgres"):
        import psycopg

        source = parts.path.lstrip("/")
        name = f"churn_{os.getpid()}_{secrets.token_hex(3)}"
        server = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')

        def drop():
            from django.db import connections

            connections.close_all()
            with psycopg.connect(server, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        stack.callback(drop)
        return urlunsplit(parts._replace(path=f"/{name}"))
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="churn-")))
    copy = folder / "archive.sqlite3"
    shutil.copy(parts.path, copy)
    return f"sqlite:///{copy}"


def build(database_url, count):
    """Create the database ``database_url`` names (a PostgreSQL database, or a SQLite file
    that must not exist yet), migrate it and write an archive of ``count`` articles."""
    parts = urlsplit(database_url)
    if parts.scheme.startswith("postgres"):
        import psycopg

        server = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{parts.path.lstrip("/")}"')
    elif Path(parts.path).exists():
        raise SystemExit(f"{parts.path} exists already: --build writes a new archive")
    folder = Path(tempfile.mkdtemp(prefix="churn-build-"))  # the photos, not kept
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        MEDIA_ROOT=str(folder / "media"),
        CACHE_URL="locmem://churn-build",
    )
    import django

    django.setup()
    from django.core.management import call_command

    from bench.archive import build_archive

    try:
        call_command("migrate", interactive=False, verbosity=0)
        timings = build_archive(count)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items()))


def run(database_url, *, code, changes, rate, warmup_changes, seed):
    from bench.load import _start_redis

    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="churn-")))
        cache_url = _start_redis(stack, folder)
        os.environ.update(
            DJANGO_SETTINGS_MODULE="cms.settings.dev",
            DATABASE_URL=_copy_database(database_url, stack),
            DJANGO_DEBUG="0",
            MEDIA_ROOT=str(folder / "media"),
            CACHE_URL=cache_url,
            PAGE_CACHE_SECONDS="600",
        )
        os.environ.pop("CACHE_PURGE_URLS", None)  # no Varnish here: the app's own page cache
        sys.path.insert(0, str(code))
        os.chdir(code)
        import django

        django.setup()
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client's host, and no outgoing mail
        import subprocess

        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=code, capture_output=True, text=True
        ).stdout.strip()
        from django.db import connection

        from articles.models import Article

        started = time.time()
        result = simulate(changes=changes, rate=rate, warmup_changes=warmup_changes, seed=seed)
        return result | {
            "commit": commit,
            "wall_seconds": round(time.time() - started, 1),
            "when": datetime.now(UTC).isoformat(timespec="minutes"),
            "articles": Article.objects.count(),
            "database": connection.vendor,
            "cpu": _cpu(),
        }


def _cpu():
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return f"{line.split(':', 1)[1].strip()}, {os.cpu_count()} cores"
    return f"{os.cpu_count()} cores"


def markdown(old, new):
    """Both designs side by side, as Markdown."""
    lines = [
        f"{new.get('articles', 0):,} articles on {new.get('database', '?')}; {new.get('cpu', '?')}; "
        f"old design run {old.get('when', '?') if old else '-'}, new design run {new.get('when', '?')} (UTC).",
        "",
        f"{new['requests']:,} reader requests measured per design ({new['rate']} a second for "
        f"{new['simulated_seconds']} simulated seconds, after a warm-up), while editors made "
        + ", ".join(f"{count} {kind}s" for kind, count in new["changes"].items())
        + f" (seed {new['seed']}; the same for both).",
        "",
        "| Design | Commit | From the cache | Of pages drawn before | First views | Median ms | p99 ms "
        "| Median ms of a page drawn | Drawn again after draft saves only |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in (("old: one content version", old), ("new: surrogate keys", new)):
        if r is None:
            continue
        lines.append(
            f"| {name} | `{r['commit']}` | {r['hit_share']:.1%} | {r['hit_share_seen']:.1%} | {r['first_views']:,} "
            f"| {r['median_ms']:.1f} | {r['p99_ms']:.1f} "
            f"| {r['miss_median_ms']:.1f} | {r['redrawn_after_drafts_only']:,} |"
        )
    lines += ["", "| Pages | " + " | ".join(kind for _share, kind in READER_MIX) + " |"]
    lines.append("| --- |" + " ---: |" * len(READER_MIX))
    for name, r in (("old", old), ("new", new)):
        if r is None:
            continue
        cells = []
        for _share, kind in READER_MIX:
            counts = r["by_kind"].get(kind, {"requests": 0, "hits": 0})
            cells.append(f"{counts['hits'] / counts['requests']:.0%}" if counts["requests"] else "")
        lines.append(f"| {name}: from the cache | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"- {'met' if new['redrawn_after_drafts_only'] == 0 else 'MISSED'}: draft saves cause no page to be "
        "drawn again (new design)",
        f"- {'met' if new['hit_share'] >= TARGET_HIT_SHARE else 'MISSED'}: at least 95% of reader requests "
        "served from the cache under this churn (new design), first views included",
        f"- {'met' if new['hit_share_seen'] >= TARGET_HIT_SHARE else 'MISSED'}: at least 95% of the requests "
        "for a page drawn before served from the cache (new design)",
    ]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a database holding an archive (copied, never changed)")
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout that serves the pages")
    parser.add_argument("--changes", type=int, default=150, help="editors' changes measured (default 150)")
    parser.add_argument("--warmup", type=int, default=150, help="changes before measuring (default 150)")
    parser.add_argument("--rate", type=int, default=50, help="reader requests per simulated second")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--json", type=Path, help="write the result here")
    parser.add_argument("--report", nargs=2, type=Path, metavar=("OLD", "NEW"), help="compare two results")
    parser.add_argument("--build", type=int, metavar="N", help="write an archive of N articles first")
    args = parser.parse_args()
    if args.build:
        if not args.database_url:
            parser.error("--build needs --database-url (the database to create)")
        build(args.database_url, args.build)
        return 0
    if args.report:
        old, new = (json.loads(path.read_text()) for path in args.report)
        RESULTS.write_text(json.dumps({"old": old, "new": new}, indent=1) + "\n")
        print("\n".join(markdown(old, new)))
        return 0
    if not args.database_url:
        parser.error("--database-url is needed (or --report)")
    result = run(
        args.database_url,
        code=args.code.resolve(),
        changes=args.changes,
        rate=args.rate,
        warmup_changes=args.warmup,
        seed=args.seed,
    )
    text = json.dumps(result, indent=1)
    if args.json:
        args.json.write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))  # bench.load, before --code's checkout is put first
    sys.exit(main())
