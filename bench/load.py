"""Load test: the readers' pages under gunicorn beside two floors served by the same server.

Run from the repository root, against a database that holds an archive::

    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:54460/cms
    .venv/bin/python bench/load.py --database-url sqlite:////tmp/demo.sqlite3 --duration 5

``run_load()`` collects the static files into a temporary folder, then for the page cache
off (``PAGE_CACHE_SECONDS=0``) and on (600 s, Redis by default) starts one gunicorn with
production settings plus the floors' URLs (``bench.settings``), the same workers for both.
For floor A (a fixed 5 KB response), floor B (the topic page's template from 20 in-memory
articles, no database; ``bench/floors.py``), the topic page, the region page and an article
page it runs ``wrk`` on 127.0.0.1 for a bounded time and keeps requests per second, latency
(p50, p99) and errors. Each page is then given as a ratio to both floors of the same run.
While the load runs, each worker's peak memory (``VmHWM``) is read from /proc, so workers
that gunicorn replaces (``max_requests``) are counted too. Every process started here is
stopped, and every temporary folder removed, on the way out, even after an error.
"""

import argparse
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
REDIS_SERVER = shutil.which("redis-server")
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")
CI_LIB = REPO / ".ci" / "lib.sh"

FLOORS = {"floor A": "/bench/floor-a/", "floor B": "/bench/floor-b/"}
PAGES = ("topic", "region", "article")
# The pages loaded through Varnish (deploy/varnish/default.vcl), once the cache-on run has
# measured them straight from gunicorn.
VARNISH_PAGES = ("topic", "article")
MODES = {"off": 0, "on": 600}  # PAGE_CACHE_SECONDS

# The targets.
TOPIC_VS_FLOOR_B_CACHE_OFF = 0.50
TOPIC_VS_FLOOR_A_CACHE_ON = 0.85
TEMPLATE_BOTTLENECK_BELOW = 0.25  # floor B / floor A
THROUGH_VARNISH_VS_FLOOR_A = 10
WORKER_PEAK_MB = 150


def free_port():
    """A port free on 127.0.0.1, below the ephemeral range.

    wrk opens thousands of short connections, each from an ephemeral port; a server port
    picked in that range could be taken by one of them before the server binds it.
    """
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    for port in random.sample(range(10000, low), 100):
        with socket.socket() as sock, contextlib.suppress(OSError):
            sock.bind(("127.0.0.1", port))
            return port
    raise RuntimeError(f"No free port found on 127.0.0.1 between 10000 and {low}.")


def _get(url, timeout=5):
    """Status, headers and body of a GET (an error status is returned, not raised)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def _stop(process, seconds=20):
    """Stop a process started here (in its own session): TERM, then KILL its group."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _start_redis(stack, folder):
    port = free_port()
    log = open(folder / "redis.log", "wb")  # noqa: SIM115 (closed by the exit stack)
    stack.callback(log.close)
    process = subprocess.Popen(
        [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stack.callback(_stop, process)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return f"redis://127.0.0.1:{port}/0"
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise RuntimeError(
        f"redis-server did not answer on 127.0.0.1:{port}: {(folder / 'redis.log').read_text()}"
    )


def _manage(env, *args):
    """``manage.py`` (or this file's helper commands) in a child process with the server's settings."""
    command = [PYTHON, *args] if args[0].endswith(".py") else [PYTHON, "manage.py", *args]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


class Server:
    """One gunicorn (production settings plus the floors) on a free port of 127.0.0.1."""

    def __init__(self, env, folder, name):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / f"gunicorn-{name}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [GUNICORN, "--config", "cms/gunicorn.conf.py"],
            cwd=REPO,
            env=env | {"BIND": f"127.0.0.1:{self.port}", "SITE_URL": self.base},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.peaks = {}  # worker pid -> highest VmHWM seen (kB)
        self._sampling = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def wait_until_healthy(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                if _get(self.base + "/healthz", timeout=2)[0] == 200:
                    self._sampler.start()
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{self.base}/healthz did not answer 200 within {seconds}s:\n{self.log_tail()}")

    def workers(self):
        """The gunicorn master's children, as found in /proc."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            return sorted(int(pid) for pid in children.read_text().split())
        pids = []
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    status = _proc_status(entry.name)
                    if status.get("PPid") == str(self.process.pid):
                        pids.append(int(entry.name))
        return sorted(pids)

    def _sample(self):
        while not self._sampling.wait(0.25):
            self.memory()

    def memory(self):
        """Each live worker's peak and current resident memory (MB); peaks are remembered."""
        now = {}
        for pid in self.workers():
            with contextlib.suppress(OSError, KeyError, ValueError):
                status = _proc_status(pid)
                hwm, rss = _kb(status["VmHWM"]), _kb(status["VmRSS"])
                self.peaks[pid] = max(self.peaks.get(pid, 0), hwm)
                now[pid] = {"peak_mb": round(hwm / 1024, 1), "rss_mb": round(rss / 1024, 1)}
        return now

    def log_tail(self, lines=30):
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        self._sampling.set()
        if self._sampler.is_alive():
            self._sampler.join()
        _stop(self.process)
        self._log.close()


def _proc_status(pid):
    with open(f"/proc/{pid}/status") as status:
        return dict(line.rstrip("\n").split(":\t", 1) for line in status if ":\t" in line)


def _kb(value):
    return int(value.split()[0])


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output):
    """Requests per second, latency percentiles (ms) and errors from ``wrk --latency``'s report."""
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx_3xx": 0,
        "socket_errors": 0,
    }
    for percent in ("50", "90", "99"):
        match = re.search(rf"^\s+{percent}%\s+(\S+)", output, re.MULTILINE)
        result[f"p{percent}_ms"] = round(_ms(match.group(1)), 2) if match else None
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result["non_2xx_3xx"] = int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        result["socket_errors"] = sum(int(n) for n in match.groups())
    result["errors"] = result["non_2xx_3xx"] + result["socket_errors"]
    return result


def _other_wrk():
    """Pids of wrk processes already running: another load test sharing the cores skews this one."""
    pids = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{entry.name}/comm") as comm:
                if comm.read().strip() == "wrk":
                    pids.append(int(entry.name))
    return pids


def _wrk(url, *, duration, connections, threads):
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url]
    others = _other_wrk()
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return parse_wrk(result.stdout) | {"other_wrk_running": len(others)}


def _median_round(loads):
    """The round with the median requests per second, with every round's rate and all errors."""
    chosen = sorted(loads, key=lambda load: load["rps"])[len(loads) // 2]
    return chosen | {
        "rps_rounds": [load["rps"] for load in loads],
        "errors": sum(load["errors"] for load in loads),
        "other_wrk_running": max(load["other_wrk_running"] for load in loads),
    }


def _warm(server, paths, *, cached, rounds):
    """Every page answers 200 (each worker renders each page), and the cache is as intended."""
    for name, path in paths.items():
        for _ in range(rounds):
            status, headers, _body = _get(server.base + path, timeout=30)
            if status != 200:
                raise RuntimeError(f"{name} ({path}) answered {status}:\n{server.log_tail()}")
        # After a few requests a cached page comes from the page cache; an uncached one never does.
        if name in PAGES and headers.get("X-Page-Cache") != ("hit" if cached else "miss"):
            raise RuntimeError(
                f"{name} ({path}): the page cache is not {'on' if cached else 'off'} as intended"
            )


def _ci_lib(function, *args):
    """A function of .ci/lib.sh (start_varnish, stop_varnish), so the load test runs Varnish
    exactly as CI does."""
    command = f'source "{CI_LIB}" && {function} "$@"'
    result = subprocess.run(
        ["bash", "-c", command, function, *map(str, args)], capture_output=True, text=True, timeout=60
    )
    if result.returncode:
        raise RuntimeError(f"{function} failed:\n{result.stdout}{result.stderr}")


def _varnish_counters(folder):
    """Varnish's hit and miss counters since it started (varnishstat)."""
    result = subprocess.run(
        ["varnishstat", "-n", str(folder / "work"), "-1", "-f", "MAIN.cache_hit", "-f", "MAIN.cache_miss"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    counters = {}
    for line in result.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[1].isdigit():
            counters[fields[0]] = int(fields[1])
    return counters.get("MAIN.cache_hit", 0), counters.get("MAIN.cache_miss", 0)


def _through_varnish(folder, server, paths, *, duration, connections, threads, rounds):
    """The topic and article pages loaded through a Varnish in front of ``server``: Varnish
    with the shipped configuration (started by .ci/lib.sh), each page first fetched until
    Varnish answers it from its cache, then loaded as the others, taking turns; with the
    share of requests Varnish answered from its cache while loaded."""
    varnish_folder = folder / "varnish"
    folder.chmod(0o755)  # Varnish's own users compile and read what is in it
    port = free_port()
    _ci_lib("start_varnish", varnish_folder, port, server.port)
    try:
        base = f"http://127.0.0.1:{port}"
        for name in VARNISH_PAGES:
            for _ in range(3):
                status, headers, _body = _get(base + paths[name], timeout=30)
            if status != 200 or headers.get("X-Cache") != "HIT":
                raise RuntimeError(
                    f"{name} ({paths[name]}) through Varnish: {status}, X-Cache {headers.get('X-Cache')}, "
                    "not a hit after three requests"
                )
        hits_before, misses_before = _varnish_counters(varnish_folder)
        measured = {name: [] for name in VARNISH_PAGES}
        for _round in range(rounds):
            for name in VARNISH_PAGES:
                load = _wrk(base + paths[name], duration=duration, connections=connections, threads=threads)
                measured[name].append(load)
        hits, misses = _varnish_counters(varnish_folder)
        hits, misses = hits - hits_before, misses - misses_before
    finally:
        _ci_lib("stop_varnish", varnish_folder)
    return {
        "runs": {name: _median_round(loads) for name, loads in measured.items()},
        "hit_share": round(hits / (hits + misses), 4) if hits + misses else None,
    }


def _server_env(database_url, cache_url, workers, static_root):
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"REDIS_URL", "DATABASE_REPLICA_URL", "PAGE_CACHE_SECONDS", "BIND", "SITE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SERVE_MEDIA="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(REPO),
    )
    # Production keeps database connections (docs/deploy.md); the caller may choose otherwise.
    env.setdefault("DATABASE_CONN_MAX_AGE", "60")
    if cache_url:
        env["CACHE_URL"] = cache_url
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    else:
        env.pop("WEB_CONCURRENCY", None)
    return env


def discover_urls():
    """The pages to load (Django set up): the busiest topic, the busiest country, a photo story."""
    from articles.models import Article, Region
    from articles.views import published_topics_count

    topic = published_topics_count().filter(article_count__gt=0).order_by("-article_count", "name").first()
    tree = Region.objects.tree()
    published = Article.objects.published()
    countries = [region for region, _depth in tree if region.kind == Region.Kind.COUNTRY]
    country = max(
        countries,
        key=lambda region: published.in_regions(Region.objects.ids_below(tree, region)).count(),
        default=None,
    )
    article = published.filter(photos__isnull=False).newest_first().first()
    found = {"topic": topic, "region": country, "article": article}
    missing = [name for name, value in found.items() if value is None]
    if missing:
        raise SystemExit(
            f"The database has no published {', '.join(missing)} to load (load an archive first)."
        )
    return {name: value.get_absolute_url() for name, value in found.items()}


def _ratio(a, b):
    return round(a / b, 3) if b else None


def _summarise(runs, memory, varnish=None):
    ratios, verdicts = {}, {}
    for mode, results in runs.items():
        floor_a, floor_b = results["floor A"]["rps"], results["floor B"]["rps"]
        ratios[mode] = {"floor B / floor A": _ratio(floor_b, floor_a)} | {
            name: {
                "vs floor A": _ratio(results[name]["rps"], floor_a),
                "vs floor B": _ratio(results[name]["rps"], floor_b),
            }
            for name in PAGES
        }
    peak = max((m["peak_worker_mb"] for m in memory.values()), default=None)
    if "off" in ratios:
        verdicts["topic ≥ 50% of floor B, cache off"] = (
            ratios["off"]["topic"]["vs floor B"] >= TOPIC_VS_FLOOR_B_CACHE_OFF
        )
    if "on" in ratios:
        verdicts["topic ≥ 85% of floor A, cache on"] = (
            ratios["on"]["topic"]["vs floor A"] >= TOPIC_VS_FLOOR_A_CACHE_ON
        )
    if varnish:
        floor_a = runs["on"]["floor A"]["rps"]
        ratios["varnish"] = {
            name: {"vs floor A": _ratio(r["rps"], floor_a)} for name, r in varnish["runs"].items()
        }
        verdicts["topic and article through Varnish ≥ 10× floor A"] = all(
            ratio["vs floor A"] >= THROUGH_VARNISH_VS_FLOOR_A for ratio in ratios["varnish"].values()
        )
    every_load = [r for results in runs.values() for r in results.values()]
    every_load += list(varnish["runs"].values()) if varnish else []
    verdicts["no errors"] = all(r["errors"] == 0 for r in every_load)
    verdicts["worker peak memory < 150 MB"] = peak is not None and peak < WORKER_PEAK_MB
    # Not a target but a diagnosis: the rule for "the template is the bottleneck".
    template_bottleneck = {
        mode: ratios[mode]["floor B / floor A"] < TEMPLATE_BOTTLENECK_BELOW for mode in runs
    }
    return ratios, verdicts, template_bottleneck


def run_load(
    database_url,
    *,
    cache_url=None,
    workers=None,
    duration=5,
    rounds=3,
    connections=16,
    threads=2,
    urls=None,
    with_varnish=True,
):
    """Load the floors and the topic, region and article pages, page cache off then on.

    Each mode measures every page ``rounds`` times, ``duration`` seconds each, taking the
    pages in turn (floor A, floor B, topic, region, article, then again), and keeps each
    page's median round: a minute when the shared machine is slower falls on every page
    alike instead of on whichever page happened to run then.

    ``urls``: {"topic": path, "region": path, "article": path}; any left out are found in
    the database. ``cache_url``: the shared cache for both runs (default: a Redis started
    here, or the database cache when redis-server is not installed). ``workers``: gunicorn
    workers for both runs (default: the config's, two per core plus one).

    With the page cache on, the topic and article pages are then loaded through a Varnish
    in front of the same server (``with_varnish``, when varnishd is installed): the issue's
    target is ten times floor A. Without varnishd the result says so.
    """
    started = time.time()
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cms-load-")))
        if cache_url is None and REDIS_SERVER:
            cache_url = _start_redis(stack, folder)
        cache_url = cache_url or "db://cms_cache"
        env = _server_env(database_url, cache_url, workers, folder / "static")
        _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        if cache_url.startswith("db://"):
            _manage(env, "createcachetable")
        _manage(env, __file__, "--check-floors")
        paths = dict(urls or {})
        if any(name not in paths for name in PAGES):
            paths = json.loads(_manage(env, __file__, "--discover-urls")) | paths
        paths = FLOORS | {name: paths[name] for name in PAGES}

        runs, memory, worker_count, varnish = {}, {}, None, None
        for mode, seconds in MODES.items():
            server = Server(env | {"PAGE_CACHE_SECONDS": str(seconds)}, folder, mode)
            stack.callback(server.stop)
            server.wait_until_healthy()
            worker_count = len(server.workers())
            _warm(server, paths, cached=seconds > 0, rounds=max(3, 2 * worker_count))
            measured = {name: [] for name in paths}
            for _round in range(rounds):
                for name, path in paths.items():
                    load = _wrk(
                        server.base + path, duration=duration, connections=connections, threads=threads
                    )
                    measured[name].append(load)
            runs[mode] = {name: _median_round(loads) for name, loads in measured.items()}
            if seconds and VARNISHD and with_varnish:
                varnish = _through_varnish(
                    folder,
                    server,
                    paths,
                    duration=duration,
                    connections=connections,
                    threads=threads,
                    rounds=rounds,
                )
            after = server.memory()
            server.stop()
            memory[mode] = {
                "workers_at_end": after,
                "workers_seen": len(server.peaks),  # more than the workers: some were replaced
                "peak_worker_mb": round(max(server.peaks.values(), default=0) / 1024, 1),
            }
        ratios, verdicts, template_bottleneck = _summarise(runs, memory, varnish)
    contended = sorted(
        {name for results in runs.values() for name, r in results.items() if r["other_wrk_running"]}
    )
    return {
        "settings": {
            "database": database_url.split("@")[-1],
            "cache_url": cache_url,
            "workers": worker_count,
            "duration_s": duration,
            "rounds": rounds,
            "connections": connections,
            "threads": threads,
            "conn_max_age": env["DATABASE_CONN_MAX_AGE"],
            "cores": os.cpu_count(),
        },
        "urls": paths,
        "runs": runs,
        "varnish": varnish
        or {"skipped": "varnishd is not installed" if not VARNISHD else "not asked for (with_varnish=False)"},
        "memory": memory,
        "ratios": ratios,
        "template_bottleneck": template_bottleneck,
        "verdicts": verdicts,
        # Pages measured while another wrk was running: their numbers are not to be trusted.
        "contended": contended,
        "seconds": round(time.time() - started, 1),
    }


def markdown(result):
    """The result as Markdown tables: one row per page and mode, then the verdicts."""
    s = result["settings"]
    lines = [
        f"gunicorn {s['workers']} workers, {s['cores']} cores, wrk -t{s['threads']} -c{s['connections']} "
        f"-d{s['duration_s']}s, {s.get('rounds', 1)} rounds taking the pages in turn, the median round "
        f"shown; database {s['database']}; cache {s['cache_url']}",
        "",
        "| Cache | Page | Requests/s | Each round | p50 ms | p99 ms | Errors | × floor A | × floor B |",
        "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for mode, results in result["runs"].items():
        for name, r in results.items():
            ratio = result["ratios"][mode].get(name, {})
            if name == "floor B":
                ratio = {"vs floor A": result["ratios"][mode]["floor B / floor A"]}
            cells = [
                mode,
                name,
                f"{r['rps']:,.0f}",
                ", ".join(f"{rps:,.0f}" for rps in r.get("rps_rounds", [r["rps"]])),
                f"{r['p50_ms']:.1f}",
                f"{r['p99_ms']:.1f}",
                str(r["errors"]),
                _percent(ratio.get("vs floor A")),
                _percent(ratio.get("vs floor B")),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    varnish = result.get("varnish") or {"skipped": "not measured by this version of the script"}
    if "runs" in varnish:
        floor_a = result["runs"]["on"]["floor A"]["rps"]
        for name, r in varnish["runs"].items():
            cells = [
                "Varnish",
                name,
                f"{r['rps']:,.0f}",
                ", ".join(f"{rps:,.0f}" for rps in r.get("rps_rounds", [r["rps"]])),
                f"{r['p50_ms']:.1f}",
                f"{r['p99_ms']:.1f}",
                str(r["errors"]),
                f"{_ratio(r['rps'], floor_a):.1f}×" if floor_a else "",
                "",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "| Cache | Workers seen | Peak VmHWM of a worker | VmRSS of each worker at the end |",
        "| --- | ---: | ---: | --- |",
    ]
    for mode, m in result["memory"].items():
        now = ", ".join(f"{w['rss_mb']:.0f}" for w in m["workers_at_end"].values())
        lines.append(f"| {mode} | {m['workers_seen']} | {m['peak_worker_mb']:.1f} MB | {now} MB |")
    lines.append("")
    if "runs" in varnish:
        share = varnish["hit_share"]
        lines.append(
            "- Varnish (deploy/varnish/default.vcl, in front of the cache-on server) answered "
            + ("no request" if share is None else f"{share:.2%} of the requests loaded through it")
            + " from its cache; its rows' × floor A is against the cache-on run's floor A."
        )
    else:
        lines.append(f"- Through Varnish: not measured ({varnish['skipped']}).")
    for mode, slow in result["template_bottleneck"].items():
        ratio = result["ratios"][mode]["floor B / floor A"]
        lines.append(
            f"- Cache {mode}: floor B is {_percent(ratio)} of floor A: "
            + (
                "under a quarter, the template is the bottleneck."
                if slow
                else "the template is not the bottleneck."
            )
        )
    if result["contended"]:
        lines.append(
            "- WARNING: another wrk was running while these were measured, so they shared the cores: "
            + ", ".join(result["contended"])
        )
    for verdict, met in result["verdicts"].items():
        lines.append(f"- {'met' if met else 'MISSED'}: {verdict}")
    return "\n".join(lines)


def _percent(ratio):
    return "" if ratio is None else f"{ratio:.0%}"


def _django_child(command):
    """The helper commands run in a child process with the server's settings."""
    import django

    django.setup()
    if command == "--check-floors":
        from bench import floors

        floors.self_check()
    else:
        print(json.dumps(discover_urls()))


def main():
    if len(sys.argv) == 2 and sys.argv[1] in ("--check-floors", "--discover-urls"):
        return _django_child(sys.argv[1])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a database holding an archive")
    parser.add_argument("--cache-url", help="default: a Redis started here (the database cache without one)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: two per core plus one)")
    parser.add_argument(
        "--duration", type=int, default=5, help="seconds of load per page and round (default 5)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all the pages (default 3)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-varnish", action="store_true", help="do not load the pages through Varnish")
    parser.add_argument("--json", type=Path, help="also write the whole result here")
    args = parser.parse_args()
    # A TERM (a time limit, a CI runner giving up) unwinds like Ctrl-C: servers stopped, folders removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result = run_load(
        args.database_url,
        cache_url=args.cache_url,
        workers=args.workers,
        duration=args.duration,
        rounds=args.rounds,
        connections=args.connections,
        threads=args.threads,
        with_varnish=not args.no_varnish,
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(markdown(result))
    return 0 if all(result["verdicts"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
