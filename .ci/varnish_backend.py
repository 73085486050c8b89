"""A stand-in app server for .ci/varnish-smoke: answers as the CMS does, headers included.

    varnish_backend.py PORT NAME

Serves 127.0.0.1:PORT until killed. Every body names the path, the server (NAME) with a
counter of the requests it has answered (so a cached copy is told from a fresh one, and
one server from another) and the Cookie header it received ("-" for none), e.g.
"/page a3 cookie=-". A POST to /_health/sick makes /healthz answer 503 from then on (as
when Redis is down), and /flaky too (as a page does when the database is down); one to
/_health/ok puts them back. The smoke test sends these to the server directly.

Only the standard library.
"""

import itertools
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SHARED = "public, max-age=0, s-maxage=50, stale-while-revalidate=10"


def keyed(keys, cache_control=SHARED):
    """The headers of a page readers may share, carrying the surrogate keys ``keys``."""
    return {
        "Cache-Control": cache_control,
        "xkey": " ".join(keys),
        "Surrogate-Key": " ".join(keys),
        "Cache-Tag": ",".join(keys),
    }


PAGES = {
    "/page": keyed(["a1", "t2"]),
    "/other": keyed(["a3"]),
    # The app's private answers: never kept.
    "/private": {"Cache-Control": "private", "xkey": "a4"},
    "/cookie": {**keyed(["a5"]), "Set-Cookie": "reader=1; Path=/"},
    "/healthz": {"Cache-Control": "max-age=0, no-cache, no-store, must-revalidate, private"},
    # Cacheable-looking, to show that Varnish passes these addresses whatever they say.
    "/admin/x": keyed(["a6"]),
    "/ru/preview/x": keyed(["a7"]),
    "/preview/x": keyed(["a7"]),
    "/uz-cyrl/preview/x": keyed(["a7"]),
    # The read API answers as shared pages do (the app keeps them); Varnish must pass it.
    "/api/v1/stories/": keyed(["s-en"]),
    # Sent to the server directly by the smoke test, to fail or pass its health checks.
    "/_health/sick": {"Cache-Control": "private"},
    "/_health/ok": {"Cache-Control": "private"},
    # Short-lived, for the grace checks: 1 s fresh, 2 s of grace.
    "/short": keyed(["a8"], "public, max-age=0, s-maxage=1, stale-while-revalidate=2"),
    # Kept for 1 s with 10 s of grace, while the server is well (see /_health/sick).
    "/flaky": keyed(["a10"], "public, max-age=0, s-maxage=1, stale-while-revalidate=10"),
    # Asks for a minute of grace; Varnish must cap it at 10 s.
    "/long-grace": keyed(["a9"], "public, max-age=0, s-maxage=1, stale-while-revalidate=60"),
}

counter = itertools.count(1)
counter_lock = threading.Lock()
health = {"healthy": True}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn offers Varnish

    def answer(self, send_body):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path = self.path.split("?", 1)[0]
        if self.command == "POST" and path in ("/_health/sick", "/_health/ok"):
            health["healthy"] = path == "/_health/ok"
        headers = PAGES.get(path)
        if headers is None:
            status, headers = 404, {"Cache-Control": "private"}
        elif path in ("/healthz", "/flaky") and not health["healthy"]:
            status, headers = 503, {"Cache-Control": "private"}
        else:
            status = 200
        with counter_lock:
            number = next(counter)
        body = f"{self.path} {self.server.name}{number} cookie={self.headers.get('Cookie', '-')}\n".encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_GET(self):
        self.answer(send_body=True)

    def do_POST(self):
        self.answer(send_body=True)

    def do_HEAD(self):
        self.answer(send_body=False)

    def log_message(self, format, *args):
        pass  # quiet: the smoke test prints what it checks


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.name = sys.argv[2]
    server.daemon_threads = True
    server.serve_forever()
