"""Security headers on every response, and production's HTTPS settings as Django checks them."""

import base64
import hashlib
import json
import re
import secrets
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from articles.models import Article
from tests.processes import fresh_python

NONCE = re.compile(r"'nonce-([^']+)'")
PUBLIC_PATHS = ("/", "/articles/", "/topics/prisons/", "/search/?q=prisons")


def assert_security_headers(response):
    """The headers every page carries: the policy, no framing, no sniffing, same-origin referrers."""
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy, f"{directive!r} missing from {policy!r}"
    assert "'unsafe-inline'" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    return policy


@pytest.mark.parametrize("page_cache_seconds", [0, 600], ids=["uncached", "cached"])
def test_public_pages_send_the_policy_without_a_nonce(client, demo_content, settings, page_cache_seconds):
    """Public pages need no nonce, so one cached for every reader stays valid whatever header it gets."""
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    article = Article.objects.published().first()
    for path in (*PUBLIC_PATHS, article.get_absolute_url()):
        for visit in ("first", "second"):  # the second is served from the cache when it is on
            response = client.get(path)
            assert response.status_code == 200, path
            policy = assert_security_headers(response)
            assert "nonce-" not in policy, f"{path} ({visit} visit) has a nonce: {policy}"
            assert b" nonce=" not in response.content


# The admin tests sign in as a superuser, not as an editor: in a full run they may come
# after the browser tests, whose flush removes the groups the migrations made.


def test_admin_pages_send_the_policy(client, admin_user):
    """The admin is framed by nobody and sniffed by nobody, signed in or not."""
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "nonce-" not in assert_security_headers(response)
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "nonce-" not in assert_security_headers(response)


@pytest.mark.parametrize("path", ["/admin/articles/article/add/", "/admin/pages/page/add/"])
def test_the_rich_text_editors_import_map_runs_by_the_requests_nonce(admin_client, path):
    """The editor's import map is the one inline script: it must carry the nonce the header allows."""
    response = admin_client.get(path)
    assert response.status_code == 200
    nonce = NONCE.search(assert_security_headers(response))
    assert nonce, "an admin form with the rich-text editor needs a nonce in its policy"
    html = response.content.decode()
    assert html.count('type="importmap"') == 1
    assert f'<script nonce="{nonce.group(1)}" type="importmap">' in html
    assert "django-prose-editor/editor" in html


def test_the_editors_base_css_hash_matches_the_installed_editor():
    """The style-src hash must allow exactly the CSS the installed rich-text editor injects.

    When django-prose-editor (or the Tiptap inside it) changes that CSS, this fails with
    the new hash to put in ``TIPTAP_BASE_CSS_HASH``.
    """
    source = Path(finders.find("django_prose_editor/editor.js")).read_text(encoding="utf-8")
    css = re.search(r"`(\.ProseMirror \{\n  position: relative;[^`]*)`", source)
    assert css, "editor.js no longer holds Tiptap's base CSS: see whether the editor still injects it"
    digest = base64.b64encode(hashlib.sha256(css.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" == settings.TIPTAP_BASE_CSS_HASH
    assert settings.TIPTAP_BASE_CSS_HASH in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]


def test_session_and_csrf_cookies_are_out_of_scripts_reach(client):
    """No script, ours or an injected one, may read the session or the CSRF cookie."""
    response = client.get("/admin/login/")
    assert response.cookies["csrftoken"]["httponly"] is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def run_production(tmp_path, *args, **env):
    """Run ``python args`` in a fresh interpreter under production settings with real-looking values."""
    production = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "news.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SITE_URL": "https://news.example",
        "STATIC_ROOT": str(tmp_path / "static"),
        "CACHE_URL": "locmem://",
    }
    return fresh_python("cms.settings.prod", *args, **(production | env))


@pytest.mark.parametrize("preload", ["1", "0"], ids=["hsts-preload", "no-preload"])
def test_production_passes_the_deploy_check(tmp_path, preload):
    """``check --deploy`` finds nothing to warn about, HSTS preload on or (deliberately) off."""
    result = run_production(
        tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING", SECURE_HSTS_PRELOAD=preload
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # Turning preload off silences its warning, deliberately (cms/settings/prod.py).
    assert ("(1 silenced)" in result.stdout) == (preload == "0")
    assert "WARNING" not in result.stderr


# What production answers over plain HTTP, behind the load balancer, and which cookies it sets.
PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

client = Client(SERVER_NAME="news.example")
http_page = client.get("/articles/")
http_health = client.get("/healthz")
proxied_https = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
print(json.dumps({
    "http_page": [http_page.status_code, http_page.get("Location")],
    "http_health": [http_health.status_code, http_health.get("Location")],
    "hsts": proxied_https.get("Strict-Transport-Security"),
    "plain_http_hsts": http_health.get("Strict-Transport-Security"),
    "cookies": {
        name: getattr(settings, name)
        for name in (
            "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY"
        )
    },
}))
"""


def test_production_insists_on_https_except_for_the_health_check(tmp_path):
    """Readers are sent to HTTPS and told to stay there; the load balancer's plain-HTTP check is not."""
    result = run_production(tmp_path, "-c", PROBE, SECURE_HSTS_SECONDS="3600")
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])

    assert answers["http_page"] == [301, "https://news.example/articles/"]
    assert answers["http_health"] == [200, None]
    assert answers["hsts"] == "max-age=3600; includeSubDomains; preload"
    assert answers["plain_http_hsts"] is None  # browsers ignore HSTS over HTTP; Django does not send it
    assert answers["cookies"] == dict.fromkeys(answers["cookies"], True)
    assert len(answers["cookies"]) == 4
