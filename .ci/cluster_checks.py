"""What .ci/two-servers proves over HTTP, one phase per subcommand.

Two gunicorn instances (A and B) share one PostgreSQL and one Redis. Each phase prints a
line for every fact it has checked and stops at the first one that does not hold, saying
what was expected and what came back (exit status 1). The shell script starts, stops and
breaks the services between phases.

Only the standard library, and the redis client the project already depends on (to see
that a page really is in the shared cache).
"""

import argparse
import hashlib
import html
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import time
import uuid
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import redis

ARTICLE_PATH = re.compile(r'href="(/\d{4}/\d{2}/\d{2}/[\w-]+/)"')
TOPIC_PATH = re.compile(r'href="(/topics/[\w-]+/)"')
CHANGE_LINK = re.compile(r'href="/admin/articles/article/(\d+)/change/')
# cms/gunicorn.conf.py: client "request line" status bytes milliseconds
ACCESS_LINE = re.compile(
    r'^127\.0\.0\.1 "(?P<request>[A-Z]+ \S+ HTTP/1\.[01])" (?P<status>\d{3}) (\d+|-) \d+ms$'
)


class CheckFailed(Exception):
    pass


def ok(message):
    print(f"  ok: {message}", flush=True)


def expect(condition, message, detail=""):
    if not condition:
        raise CheckFailed(message + (f"\n{detail}" if detail else ""))


# -- HTTP ----------------------------------------------------------------------------------


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        self.text = body.decode("utf-8", "replace")

    def shows(self, text):
        """Whether the page shows ``text`` (as written, or HTML-escaped)."""
        return text in self.text or html.escape(text) in self.text

    def excerpt(self):
        return f"{self.status} {self.headers.get('Content-Type', '')}\n{self.text[:600]}"


class Client:
    """One visitor of one server: a browser's cookie jar, or none for an anonymous reader."""

    def __init__(self, base, *, keep_cookies=True):
        parts = urlsplit(base)
        self.base, self.host, self.port = base.rstrip("/"), parts.hostname, parts.port
        self.keep_cookies, self.cookies = keep_cookies, {}

    def request(self, method, path, *, headers=None, body=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=15)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        if self.keep_cookies:
            for header in response.headers.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        return response

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def submit(self, path, form, fields):
        """Post ``fields`` as a browser submits ``form`` (its enctype), from this server's page."""
        headers = {"Origin": self.base, "Referer": self.base + path}
        if form.enctype == "multipart/form-data":
            boundary = uuid.uuid4().hex
            body = b"".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                + value.encode()
                + b"\r\n"
                for name, value in fields
            )
            body += f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        target = (form.action or path).partition("#")[0]  # a browser never sends the fragment
        return self.request("POST", target, headers=headers, body=body)


# -- forms ---------------------------------------------------------------------------------


class Form(HTMLParser):
    """The fields a browser would send from the ``<form id=...>`` of a page, left unchanged.

    Every input, select and textarea inside the form counts, as a browser counts them:
    checked boxes only, a single select without a selected option sends its first one,
    disabled fields and buttons send nothing (the caller adds the button it "clicks").
    """

    def __init__(self, page, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.found, self.inside = form_id, False, False
        self.action = self.enctype = None
        self.fields = []  # (name, value) in document order, repeated names allowed
        self._textarea = None
        self._select = None  # [name, multiple, chosen values, first option's value]
        self._option = None  # an <option> without a value attribute sends its text
        self.feed(page.text)
        self.close()
        expect(self.found, f'the page has no <form id="{form_id}">', page.excerpt())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            if self.inside:
                self.found = True
                self.action = attrs.get("action") or None
                self.enctype = attrs.get("enctype", "application/x-www-form-urlencoded")
            return
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = [name, "multiple" in attrs, [], None]
        elif tag == "option" and self._select is not None:
            if "value" in attrs:
                self._add_option(attrs["value"] or "", "selected" in attrs)
            else:
                self._option = ["", "selected" in attrs]

    def _add_option(self, value, selected):
        if self._select[3] is None:
            self._select[3] = value
        if selected:
            self._select[2].append(value)

    def handle_endtag(self, tag):
        if self._option and tag in ("option", "select"):
            self._add_option(self._option[0].strip(), self._option[1])
            self._option = None
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea:
            name, text = self._textarea
            self.fields.append((name, text.removeprefix("\n")))  # as browsers read it
            self._textarea = None
        elif tag == "select" and self._select:
            name, multiple, chosen, first = self._select
            if not chosen and not multiple and first is not None:
                chosen = [first]
            self.fields.extend((name, value) for value in (chosen if multiple else chosen[-1:]))
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data
        elif self._option:
            self._option[0] += data

    def value(self, name):
        values = [value for field, value in self.fields if field == name]
        expect(len(values) == 1, f"the form has {len(values)} fields named {name!r}, not one")
        return values[0]

    def with_values(self, **changes):
        """The fields with some replaced (a list sends the name several times)."""
        fields = [(name, value) for name, value in self.fields if name not in changes]
        for name, value in changes.items():
            fields.extend((name, item) for item in (value if isinstance(value, list) else [value]))
        return fields


# -- the editor ----------------------------------------------------------------------------


def sign_in(base, username, password):
    editor = Client(base)
    path = "/admin/login/?next=/admin/"
    page = editor.get(path)
    expect(page.status == 200, f"GET {base}{path} should answer 200", page.excerpt())
    form = Form(page, "login-form")
    answer = editor.submit(path, form, form.with_values(username=username, password=password))
    expect(
        answer.status == 302 and "sessionid" in editor.cookies,
        "signing in should redirect with a session cookie",
        answer.excerpt(),
    )
    return editor


def show_form_errors(answer):
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', answer.text, re.S)
    return "\n".join(re.sub(r"<[^>]+>", " ", error).strip() for error in errors) or answer.excerpt()


# -- phases --------------------------------------------------------------------------------


def page_cache_keys(redis_port, path):
    """The shared cache's entries for ``path`` (articles/caching/pages.py keys pages by its hash)."""
    address = hashlib.sha256(path.encode()).hexdigest()
    server = redis.Redis(host="127.0.0.1", port=redis_port)
    return list(server.scan_iter(match=f"*page:{address}"))


# How long a server trusts the content version it read last (cms/settings/base.py: 1 unless
# the environment says otherwise): a change through A shows through B within that time.
VERSION_SECONDS = int(os.environ.get("PAGE_CACHE_VERSION_SECONDS", "1"))


def settle():
    """Wait until B must have read the content version A's change started."""
    time.sleep(VERSION_SECONDS + 0.2)


def fetch(client, path, status=200, **headers):
    page = client.get(path, **headers)
    expect(page.status == status, f"GET {client.base}{path} should answer {status}", page.excerpt())
    return page


def phase_edit(args):
    """An edit and an unpublish through A are what the next anonymous reader sees through B."""
    editor = sign_in(args.a, args.username, args.password)
    ok(f"the editor signed in through A ({args.a}/admin/)")
    on_b = Client(args.b)
    on_b.cookies = dict(editor.cookies)
    fetch(on_b, "/admin/")
    ok("the same session is signed in through B: sessions are in the shared database")

    # An English story: the front page at / lists English stories (the demo's Russian and
    # Uzbek translations are on /ru/ and /uz/).
    changelist = fetch(editor, "/admin/articles/article/?language__exact=en")
    pk = CHANGE_LINK.search(changelist.text)
    expect(pk is not None, "the article list in the admin links to no article", changelist.excerpt())
    pk = pk.group(1)
    change_path = f"/admin/articles/article/{pk}/change/"
    form = Form(fetch(editor, change_path), "article_form")
    old_headline, slug = form.value("headline"), form.value("slug")
    expect(form.value("status") == "published", f"article {pk} should be published in the demo content")

    reader_b = Client(args.b, keep_cookies=False)
    reader_a = Client(args.a, keep_cookies=False)
    front = fetch(reader_b, "/")
    article_path = next((p for p in ARTICLE_PATH.findall(front.text) if f"/{slug}/" in p), None)
    expect(article_path is not None, f"the front page should link to {slug}", front.excerpt())
    article = fetch(reader_b, article_path)
    topic_path = TOPIC_PATH.search(article.text)
    expect(topic_path is not None, "the article page should link to its topics", article.excerpt())
    topic_path = topic_path.group(1)
    pages = {"article page": article_path, "front page": "/", "topic page": topic_path}
    for label, path in pages.items():
        page = fetch(reader_b, path)
        expect(page.shows(old_headline), f"the {label} {path} should show {old_headline!r} before the edit")
        expect(page_cache_keys(args.redis_port, path), f"the {label} {path} should be in Redis now")
    ok(f"B served the article page, front page and topic page ({topic_path}); all three are in Redis")

    etag = fetch(reader_b, article_path).headers.get("ETag")
    expect(bool(etag), "the article page should carry an ETag")
    fetch(reader_b, article_path, status=304, **{"If-None-Match": etag})
    fetch(reader_a, article_path, status=304, **{"If-None-Match": etag})
    ok(f"a conditional GET with its ETag {etag} answers 304 through B and through A")

    new_headline = f"Two servers, one newsroom: headline revised {secrets.token_hex(4)}"
    form = Form(fetch(editor, change_path), "article_form")  # as the editor opens it now
    answer = editor.submit(change_path, form, form.with_values(headline=new_headline, _save="Save"))
    expect(answer.status == 302, "saving the full change form should redirect", show_form_errors(answer))
    ok(f"the editor posted the whole change form through A ({len(form.fields)} fields): {new_headline!r}")
    volatile = {"headline", "edit_token", "csrfmiddlewaretoken"}
    saved = Form(fetch(editor, change_path), "article_form")
    before = sorted(field for field in form.fields if field[0] not in volatile)
    after = sorted(field for field in saved.fields if field[0] not in volatile)
    differences = sorted(set(before) ^ set(after))
    expect(saved.value("headline") == new_headline, "the change form should show the new headline")
    expect(not differences, "saving changed fields the editor left alone", "\n".join(map(str, differences)))
    ok("reopened, the form shows the new headline and every other field as it was")

    settle()
    for label, path in pages.items():
        page = fetch(reader_b, path)
        expect(page.shows(new_headline), f"the {label} through B should show the new headline by now")
        expect(not page.shows(old_headline), f"the {label} through B still shows the old headline")
    ok(
        f"within {VERSION_SECONDS} s (PAGE_CACHE_VERSION_SECONDS) the next anonymous GET through B shows "
        "the new headline on all three pages, the old one nowhere"
    )

    changed = fetch(reader_b, article_path, **{"If-None-Match": etag})
    expect(changed.headers.get("ETag") not in (None, etag), "after the edit the page should have a new ETag")
    ok(f"after the edit the same conditional GET answers 200 with a new ETag {changed.headers['ETag']}")

    form = Form(fetch(editor, "/admin/articles/article/"), "changelist-form")
    fields = form.with_values(action="unpublish_selected", _selected_action=pk, index="0")
    answer = editor.submit("/admin/articles/article/", form, fields)
    expect(answer.status == 302, "the unpublish action should redirect back to the list", answer.excerpt())
    ok("the editor unpublished it through A with the list's bulk action")
    settle()

    for label, path in {"front page": "/", "article list": "/articles/"}.items():
        page = fetch(reader_b, path)
        expect(not page.shows(new_headline), f"the {label} through B still lists the unpublished article")
    # A topic no published story carries has no public page: 404 if this story was its last.
    topic = reader_b.get(topic_path)
    expect(
        topic.status in (200, 404) and not topic.shows(new_headline),
        "the topic page through B still lists the unpublished article",
        topic.excerpt(),
    )
    fetch(reader_b, article_path, status=404)
    ok(
        "through B the front page, /articles/ and the topic page no longer list it "
        f"(the topic page answers {topic.status}); its page is 404"
    )


def through_varnish(client, path, **headers):
    page = client.get(path, **headers)
    expect(page.status == 200, f"GET {client.base}{path} through Varnish should answer 200", page.excerpt())
    return page


def expect_hit(client, path):
    """``path`` is served from Varnish's cache (asked twice: the first may fill it)."""
    through_varnish(client, path)
    page = through_varnish(client, path)
    expect(
        page.headers.get("X-Cache") == "HIT", f"{path} should be a hit in Varnish", str(dict(page.headers))
    )
    expect(not page.headers.get("Set-Cookie"), f"{path} from Varnish should set no cookie")
    expect(not page.headers.get("xkey"), f"{path}: Varnish should not pass the xkey header on")
    return page


def wait_until_shown(client, path, text, seconds=1.0):
    """Poll ``path`` until it shows ``text``; how long that took (fails after ``seconds``)."""
    started = time.monotonic()
    while True:
        page = through_varnish(client, path)
        if page.shows(text):
            return time.monotonic() - started
        if time.monotonic() - started > seconds:
            expect(False, f"{path} through Varnish should show {text!r} within {seconds} s", page.excerpt())
        time.sleep(0.05)


def phase_varnish(args):
    """Varnish in front of A and B: pages are hits, an edit through either server is purged
    within a second, a draft save purges nothing, a comment posts from a cached page."""
    editor = sign_in(args.a, args.username, args.password)
    reader = Client(args.varnish, keep_cookies=False)
    changelist = fetch(editor, "/admin/articles/article/?language__exact=en&status__exact=published")
    pk = CHANGE_LINK.search(changelist.text)
    expect(pk is not None, "the admin should list a published English story", changelist.excerpt())
    pk = pk.group(1)
    change_path = f"/admin/articles/article/{pk}/change/"
    form = Form(fetch(editor, change_path), "article_form")
    slug, old_headline = form.value("slug"), form.value("headline")
    front = expect_hit(reader, "/")
    article_path = next((p for p in ARTICLE_PATH.findall(front.text) if f"/{slug}/" in p), None)
    expect(article_path is not None, f"the front page through Varnish should link to {slug}", front.excerpt())
    article = expect_hit(reader, article_path)
    topic_path = TOPIC_PATH.search(article.text).group(1)
    pages = {"story page": article_path, "topic page": topic_path, "feed": "/feeds/rss/", "front page": "/"}
    for path in pages.values():
        expect_hit(reader, path)
    ok(f"through Varnish ({args.varnish}) the story, topic page {topic_path}, feed and front page are hits")

    # A draft saved through B: no reader sees it, so nothing may be purged.
    on_b = Client(args.b)
    on_b.cookies = dict(editor.cookies)
    add = Form(fetch(on_b, "/admin/articles/article/add/"), "article_form")
    draft = f"A draft nobody reads {secrets.token_hex(4)}"
    fields = add.with_values(headline=draft, slug=f"draft-{secrets.token_hex(4)}", body="<p>Not yet.</p>")
    answer = on_b.submit("/admin/articles/article/add/", add, [*fields, ("_save", "Save")])
    expect(answer.status == 302, "saving a new draft through B should redirect", show_form_errors(answer))
    for label, path in pages.items():
        page = through_varnish(reader, path)
        expect(page.headers.get("X-Cache") == "HIT", f"after a draft save the {label} should still be a hit")
    ok("a draft saved through B left every page cached in Varnish")

    # An edit of the published story through B: purged from Varnish within a second.
    form = Form(fetch(on_b, change_path), "article_form")
    new_headline = f"Purged by key: headline revised {secrets.token_hex(4)}"
    answer = on_b.submit(change_path, form, form.with_values(headline=new_headline, _save="Save"))
    expect(answer.status == 302, "saving the change form through B should redirect", show_form_errors(answer))
    took = {
        label: wait_until_shown(reader, path, new_headline)
        for label, path in pages.items()
        if label != "feed"
    }
    took["feed"] = wait_until_shown(reader, "/feeds/rss/", new_headline)
    for label, path in pages.items():
        expect(
            not through_varnish(reader, path).shows(old_headline), f"the {label} still shows the old headline"
        )
    slowest = max(took.values())
    ok(
        f"an edit through B showed through Varnish on the story, topic page, feed and front page in {slowest:.2f} s"
    )

    # A comment from the cached story page: the page carries no token; reader.js asks
    # /csrf/ (never cached), then posts through Varnish.
    page = expect_hit(reader, article_path)
    comment_form = Form(page, "comment-form")
    expect(comment_form.value("csrfmiddlewaretoken") == "", "the cached page should carry no CSRF token")
    browser = Client(args.varnish)
    answer = browser.get("/csrf/", Accept="application/json")
    expect(
        answer.status == 200 and "csrftoken" in browser.cookies,
        "/csrf/ should answer with a token and cookie",
    )
    expect(answer.headers.get("X-Cache") != "HIT", "/csrf/ must never come from Varnish's cache")
    token = json.loads(answer.text)["token"]
    body = f"Posted through Varnish {secrets.token_hex(4)}"
    fields = comment_form.with_values(
        name="Dana", email="dana@example.org", body=body, accept_policy="on", csrfmiddlewaretoken=token
    )
    posted = browser.submit(article_path, comment_form, fields)
    expect(posted.status == 302, "the comment posted through Varnish should redirect", posted.excerpt())
    moderation = fetch(editor, "/admin/engagement/comment/?status__exact=pending")
    expect(
        moderation.shows(body[:40]),
        "the comment should wait for moderation in the admin",
        moderation.excerpt(),
    )
    ok("a comment posted from the cached story page through Varnish reached moderation")


def phase_cache_down(args):
    """Redis is stopped: pages are served uncached, the health check names the cache."""
    for base in args.servers:
        reader = Client(base, keep_cookies=False)
        for path in ("/", "/articles/", "/topics/"):
            started = time.monotonic()
            fetch(reader, path)
            took = time.monotonic() - started
            expect(took < 5, f"{base}{path} took {took:.1f}s without Redis")
        health = fetch(reader, "/healthz", status=503)
        expect(
            health.text.strip() == "unavailable: cache", "/healthz should name the cache", health.excerpt()
        )
        ok(f"{base}: /, /articles/ and /topics/ answer 200; /healthz answers 503 {health.text.strip()!r}")


def phase_healthy(args):
    """Everything answers again, request after request, without restarting gunicorn."""
    for base in args.servers:
        reader = Client(base, keep_cookies=False)
        for _ in range(args.requests):  # several, so each worker is very likely to serve some
            fetch(reader, f"/?check={secrets.token_hex(4)}")
            health = fetch(reader, "/healthz")
            expect(health.text.strip() == "ok", "/healthz should say ok", health.excerpt())
        fetch(reader, "/")  # the front page is in the shared cache again, for what follows
        ok(f"{base}: {args.requests} uncached pages and health checks in a row answer 200 (ok)")


def phase_db_down(args):
    """PostgreSQL is stopped: a page needing it answers 503 in plain text; cached pages stay up."""
    for base in args.servers:
        reader = Client(base, keep_cookies=False)
        path = f"/?outage={secrets.token_hex(4)}"  # not in the cache: it must reach the database
        page = fetch(reader, path, status=503)
        kind = page.headers.get("Content-Type", "")
        message = page.text.strip()
        expect(kind.startswith("text/plain"), f"the 503 should be plain text, not {kind}", page.excerpt())
        expect(
            "\n" not in message and len(message) < 300 and "Traceback" not in message and "<" not in message,
            "the 503 should be one plain sentence, without a traceback or HTML",
            page.excerpt(),
        )
        expect(page.headers.get("Retry-After") is not None, "the 503 should say when to retry (Retry-After)")
        ok(f"{base}: an uncached page answers 503 text/plain: {message!r}")
        health = fetch(reader, "/healthz", status=503)
        expect(health.text.strip() == "unavailable: database", "/healthz should name the database")
        ok(f"{base}: /healthz answers 503 {health.text.strip()!r}")
        fetch(reader, "/")  # cached by the "healthy" phase before the database stopped
        ok(f"{base}: the front page, already in the shared cache, is still served (200)")


def phase_access_log(args):
    """gunicorn writes one access line per request, with its status and time in milliseconds."""
    reader = Client(args.base, keep_cookies=False)
    mark = f"log-{secrets.token_hex(4)}"
    etag = fetch(reader, f"/?{mark}").headers["ETag"]
    requests = [
        ("GET", f"/?{mark}", {}, 200),
        ("HEAD", f"/?{mark}", {}, 200),
        ("GET", f"/?{mark}", {"If-None-Match": etag}, 304),
        ("GET", f"/no-such-page/?{mark}", {}, 404),
        ("GET", f"/healthz?{mark}", {}, 200),
    ]
    for method, path, headers, status in requests:
        answer = reader.request(method, path, headers=headers)
        expect(answer.status == status, f"{method} {path} should answer {status}", answer.excerpt())
    # Each worker writes its line after answering, so two workers' lines may swap places:
    # compare what was logged with what was asked, in any order.
    expected = sorted([("GET", f"/?{mark}", "200")] + [(m, p, str(s)) for m, p, _, s in requests])
    deadline = time.monotonic() + 3
    while True:
        lines = [line for line in Path(args.log).read_text().splitlines() if mark in line]
        if len(lines) >= len(expected) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    expect(
        len(lines) == len(expected),
        f"{len(expected)} requests should make {len(expected)} access lines, not {len(lines)}",
        "\n".join(lines),
    )
    logged = []
    for line in lines:
        match = ACCESS_LINE.match(line)
        expect(match is not None, 'an access line should read: client "request" status bytes Nms', line)
        method, path, _ = match["request"].split(" ")
        logged.append((method, path, match["status"]))
    expect(
        sorted(logged) == expected,
        "the access lines should be the requests made, each with its status",
        "\n".join(lines),
    )
    ok(f"{len(lines)} requests, {len(lines)} access lines with status and milliseconds, e.g.")
    print(f"      {lines[0]}")


def phase_bad_settings(args):
    """A malformed DATABASE_URL or CACHE_URL stops `manage.py check` with one clear line."""
    cases = [
        ("DATABASE_URL", "postgres://cms@127.0.0.1:port/cms"),
        ("DATABASE_URL", "not a url"),
        ("CACHE_URL", "redis://127.0.0.1:63a/0"),
        ("CACHE_URL", "memcached://127.0.0.1:11211"),
    ]
    base = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://news.example.org",
        "DATABASE_URL": "postgres://cms@127.0.0.1:5432/cms",
    }
    failures = []
    for name, value in cases:
        env = {key: value for key, value in os.environ.items() if key not in ("CACHE_URL", "REDIS_URL")}
        env |= base | {name: value}
        done = subprocess.run(
            [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, timeout=60
        )
        output = (done.stdout + done.stderr).strip()
        lines = output.splitlines()
        if done.returncode == 0:
            failures.append(f"{name}={value!r}: manage.py check passed")
        elif len(lines) != 1 or "Traceback" in output or name not in output:
            failures.append(
                f"{name}={value!r}: exit {done.returncode} with {len(lines)} lines of output, "
                f"not one line naming {name}; the last one: {lines[-1] if lines else ''}"
            )
        else:
            ok(f"{name}={value!r}: exit {done.returncode}, {output}")
    expect(not failures, "\n".join(failures))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    phases = parser.add_subparsers(dest="phase", required=True)
    edit = phases.add_parser("edit", help=phase_edit.__doc__)
    edit.add_argument("--a", required=True)
    edit.add_argument("--b", required=True)
    edit.add_argument("--redis-port", type=int, required=True)
    edit.add_argument("--username", required=True)
    edit.add_argument("--password", required=True)
    for name, function in (("cache-down", phase_cache_down), ("db-down", phase_db_down)):
        phase = phases.add_parser(name, help=function.__doc__)
        phase.add_argument("servers", nargs="+")
    healthy = phases.add_parser("healthy", help=phase_healthy.__doc__)
    healthy.add_argument("servers", nargs="+")
    healthy.add_argument("--requests", type=int, default=8)
    log = phases.add_parser("access-log", help=phase_access_log.__doc__)
    log.add_argument("--base", required=True)
    log.add_argument("--log", required=True)
    phases.add_parser("bad-settings", help=phase_bad_settings.__doc__)
    varnish = phases.add_parser("varnish", help=phase_varnish.__doc__)
    for name in ("--varnish", "--a", "--b", "--username", "--password"):
        varnish.add_argument(name, required=True)
    args = parser.parse_args()
    function = {
        "edit": phase_edit,
        "cache-down": phase_cache_down,
        "healthy": phase_healthy,
        "db-down": phase_db_down,
        "access-log": phase_access_log,
        "bad-settings": phase_bad_settings,
        "varnish": phase_varnish,
    }[args.phase]
    print(f"- {function.__doc__.splitlines()[0]}", flush=True)
    try:
        function(args)
    except CheckFailed as failure:
        print(f"  FAILED: {failure}", file=sys.stderr, flush=True)
        sys.exit(1)
    except (OSError, http.client.HTTPException, redis.RedisError) as error:
        print(f"  FAILED: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
