"""Take the README's screenshots from a throwaway copy of the demo site.

Run ``make screenshots`` (or ``.venv/bin/python docs/screenshots.py``). The script builds a
temporary SQLite database and media folder, loads the demo fixtures, serves them with
``runserver`` on a free local port, drives Debian's Chromium through Playwright (the
browser tests' launch flags) and writes these files next to itself:

- ``admin-desk.png``: the editors' desk on the admin's home page (1280 × 900)
- ``admin-changelist.png``: the article list (1280 × 900)
- ``admin-changeform.png``: the seed article's change page (whole page)
- ``admin-history-compare.png``: two revisions compared, after one headline edit
- ``article-desktop.png``: the article as readers see it (1280 × 900)
- ``article-phone.png``: the same on a phone (390 wide, whole page)
- ``article-ru-desktop.png``: its Russian translation, as a Russian reader sees it (1280 × 900)
- ``article-uz-cyrl-phone.png``: its Uzbek translation in Cyrillic on a phone (390 × 844)
- ``front-desktop.png``, ``front-phone.png``: the front page (1280 × 900, 390 × 844)
- ``region-desktop.png``, ``region-phone.png``: Kazakhstan's region page (same sizes)
- ``admin-photo-library.png``: the photo library (1280 × 900)
- ``admin-photo-focal.png``: a library photo's page, its focal point just set with a click,
  and the crops it gives (1280 × 900)
- ``article-correction.png``: that example story with a correction at its top (1280 × 900)
- ``article-dark-phone.png``: the seed article in the dark colour scheme on a phone (390 × 844)
- ``article-print.png``: the seed article as printed (1280 × 900, print styles)
- ``article-embed.png``: a story with a video and a Telegram post, each behind its
  placeholder until the reader clicks (1280 × 900; an example story made in the throwaway
  copy only, since the demo stories embed nothing)

Nothing outside the temporary folder and those files is touched: the files are replaced
only once all of them were taken, and the server is stopped and the folder removed however
the script ends. Any failure exits non-zero with a message.
"""

import io
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT))

from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

SEED_HEADLINE = "Kazakh specialists focus more attention on radicalisation of women"
EDITED_HEADLINE = "Kazakh specialists pay closer attention to the radicalisation of women"
USERNAME = "editor"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SERVER_START_SECONDS = 30


class ScreenshotError(Exception):
    """Something the person running the script can act on."""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_site(workdir, password):
    """Migrate a fresh database, load the demo content and add a superuser.

    Returns the public addresses of the seed article (``article``), its Russian translation
    (``article-ru``) and its Uzbek one read in Cyrillic (``article-uz-cyrl``). Django is set
    up in this process only for this; the browser talks to the separate server process.
    """
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.auth.models import User

    from articles.models import Article
    from languages.codes import path_in

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # as `make run` does
    call_command("load_fixtures", stdout=io.StringIO())  # its report is not wanted here
    # Fixtures are loaded without revisions; keep the loaded text as the first one, as
    # an operator would with django-reversion's command, so the edit below has
    # something to be compared with.
    call_command(
        "createinitialrevisions", "articles.Article", comment="Loaded from the demo fixtures", verbosity=0
    )
    User.objects.create_superuser(USERNAME, "editor@example.com", password, first_name="Ann", last_name="Lee")
    article = Article.objects.filter(headline=SEED_HEADLINE).first()
    if article is None or not article.is_live:
        raise ScreenshotError(f"the demo content has no published article called {SEED_HEADLINE!r}")
    urls = {"article": article.get_absolute_url()}
    for language, name in (("ru", "article-ru"), ("uz", "article-uz-cyrl")):
        version = article.translations.filter(language=language).first()
        if version is None or not version.is_live:
            raise ScreenshotError(
                f"the demo content has no published {language} translation of {SEED_HEADLINE!r}"
            )
        urls[name] = version.get_absolute_url()
    urls["article-uz-cyrl"] = path_in(urls["article-uz-cyrl"], "uz-cyrl")
    return urls


def embed_example():
    """A published story in the throwaway copy whose body links a video and a Telegram post
    on lines of their own (the demo stories embed nothing); made after the front and region
    pages were taken, so they show the demo stories only."""
    from django.utils import timezone

    from articles.models import Article, Region

    story = Article.objects.create(
        headline="Farmers of Naryn film their own canals",
        slug="farmers-of-naryn-film-their-own-canals",
        standfirst="An example story for the screenshot of embeds.",
        body=(
            "<p>Farmers in Naryn have started filming the canals they depend on.</p>"
            "<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>"
            "<p>The regional administration answered on its channel.</p>"
            "<p>https://t.me/narynoblast/1024</p>"
        ),
        dateline="NARYN",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    story.topics.add("Prisons")
    story.regions.add(*Region.objects.filter(slug="kyrgyzstan")[:1])
    return story


def correct(story):
    """A correction on the example story (never on the demo's real stories)."""
    from articles.models import StoryNote

    StoryNote.objects.create(
        article=story,
        text="An earlier version of this story placed the canals in At-Bashy district. They are in Naryn district.",
    )


def start_server(env, port, log_path):
    """``runserver`` on 127.0.0.1:``port``, once it answers; its output goes to ``log_path``."""
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--insecure", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ScreenshotError(f"the server stopped at once:\n{log_tail(log_path)}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    stop_server(server)
    raise ScreenshotError(f"the server did not answer within {SERVER_START_SECONDS}s:\n{log_tail(log_path)}")


def stop_server(server):
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def log_tail(log_path, lines=20):
    try:
        return "\n".join(Path(log_path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server output)"


def wait_for_images(page):
    """Load every image, lazy ones included, so whole-page shots have no blank figures."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
    page.wait_for_function("[...document.images].every(img => img.complete)")
    page.evaluate("document.fonts.ready.then(() => true)")


def take_screenshots(base_url, password, urls, timezone, folder):
    """Write the PNGs into ``folder``; return their paths in the order taken."""
    from playwright.sync_api import expect, sync_playwright

    shots = []

    def shoot(page, name, *, full_page=False):
        wait_for_images(page)
        path = folder / name
        page.screenshot(path=path, full_page=full_page, animations="disabled", caret="hide")
        shots.append(path)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            # The server's time zone, so the admin shows no "you are N hours behind" notes.
            context = browser.new_context(viewport=DESKTOP, timezone_id=timezone, locale="en-GB")
            page = context.new_page()
            page.goto(base_url + "/admin/login/")
            page.get_by_label("Username").fill(USERNAME)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Log in").click()
            expect(page).to_have_url(base_url + "/admin/")
            expect(page.locator("#desk-published")).to_be_visible()
            shoot(page, "admin-desk.png")

            page.goto(base_url + "/admin/articles/article/")
            results = page.locator("#result_list")
            expect(results.get_by_role("link", name=SEED_HEADLINE, exact=True)).to_be_visible()
            shoot(page, "admin-changelist.png")

            results.get_by_role("link", name=SEED_HEADLINE, exact=True).click()
            expect(page.get_by_label("Headline")).to_have_value(SEED_HEADLINE)
            expect(page.locator(".field-body .ProseMirror[contenteditable='true']")).to_be_visible()
            shoot(page, "admin-changeform.png", full_page=True)
            change_url = page.url

            # The public pages before the edit, so they show the article as published.
            page.goto(base_url + urls["article"])
            expect(page.get_by_role("heading", level=1)).to_have_text(SEED_HEADLINE)
            shoot(page, "article-desktop.png")
            phone = browser.new_context(
                viewport=PHONE, timezone_id=timezone, locale="en-GB", is_mobile=True, has_touch=True
            ).new_page()
            phone.goto(base_url + urls["article"])
            expect(phone.get_by_role("heading", level=1)).to_have_text(SEED_HEADLINE)
            shoot(phone, "article-phone.png", full_page=True)

            # The translations, each in a browser of a reader of its language (one preferring
            # English would be offered the English story in a line above the page).
            russian = browser.new_context(viewport=DESKTOP, timezone_id=timezone, locale="ru-RU").new_page()
            russian.goto(base_url + urls["article-ru"])
            expect(russian.locator("html")).to_have_attribute("lang", "ru")
            expect(russian.locator("p.language-offer")).to_be_hidden()
            shoot(russian, "article-ru-desktop.png")
            uzbek = browser.new_context(
                viewport=PHONE, timezone_id=timezone, locale="uz-Cyrl-UZ", is_mobile=True, has_touch=True
            ).new_page()
            uzbek.goto(base_url + urls["article-uz-cyrl"])
            expect(uzbek.locator("html")).to_have_attribute("lang", "uz-Cyrl")
            expect(uzbek.locator("p.language-offer")).to_be_hidden()
            shoot(uzbek, "article-uz-cyrl-phone.png")
            for name, path, heading in (
                ("front", "/", "Featured"),
                ("region", "/regions/kazakhstan/", "Kazakhstan"),
            ):
                for view, suffix in ((page, "desktop"), (phone, "phone")):
                    view.goto(base_url + path)
                    expect(view.get_by_role("heading", name=heading, exact=True).first).to_be_visible()
                    shoot(view, f"{name}-{suffix}.png")

            example = embed_example()
            page.goto(base_url + example.get_absolute_url())
            expect(page.locator(".embed button").first).to_be_visible()
            shoot(page, "article-embed.png")
            correct(example)
            page.goto(base_url + example.get_absolute_url())
            expect(page.locator(".story-note-correction")).to_be_visible()
            shoot(page, "article-correction.png")

            # The seed story in the dark colours a phone set to dark asks for, and printed.
            dark = browser.new_context(
                viewport=PHONE,
                timezone_id=timezone,
                locale="en-GB",
                is_mobile=True,
                has_touch=True,
                color_scheme="dark",
            ).new_page()
            dark.goto(base_url + urls["article"])
            expect(dark.get_by_role("heading", level=1)).to_have_text(SEED_HEADLINE)
            shoot(dark, "article-dark-phone.png")
            page.emulate_media(media="print")
            page.goto(base_url + urls["article"])
            expect(page.locator(".site-header")).to_be_hidden()
            shoot(page, "article-print.png")
            page.emulate_media(media="screen")

            page.goto(base_url + "/admin/articles/photo/")
            expect(page.locator("#result_list img.library-thumb").first).to_be_visible()
            shoot(page, "admin-photo-library.png")
            page.locator("#result_list tbody tr").first.locator("a").first.click()
            picture = page.locator(".focal-frame img")
            expect(picture).to_be_visible()
            area = picture.bounding_box()
            page.mouse.click(area["x"] + area["width"] * 0.3, area["y"] + area["height"] * 0.4)
            expect(page.locator(".focal-crop canvas").first).to_be_visible()
            shoot(page, "admin-photo-focal.png")

            page.goto(change_url)
            page.get_by_label("Headline").fill(EDITED_HEADLINE)
            page.locator("input[name='_continue']").click()
            expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
            page.get_by_role("link", name="History").click()
            page.get_by_role("button", name="Compare the chosen revisions").click()
            expect(page.locator("#content")).to_contain_text(EDITED_HEADLINE)
            shoot(page, "admin-history-compare.png", full_page=True)
        finally:
            browser.close()
    return shots


def main():
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-screenshots-"))
    server = None
    try:
        password = secrets.token_urlsafe(16)
        os.environ |= {
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": f"sqlite:///{workdir / 'shots.db'}",
            "MEDIA_ROOT": str(workdir / "media"),
            "SERVE_MEDIA": "1",
            "DJANGO_DEBUG": "0",
            # The example story with embeds is written while Playwright's event loop runs;
            # the script is synchronous, as the browser tests are (their conftest says so too).
            "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        }
        if not Path(CHROMIUM).exists():
            raise ScreenshotError(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
        urls = prepare_site(workdir, password)
        from django.conf import settings

        port = free_port()
        server = start_server(dict(os.environ), port, workdir / "server.log")
        shots = take_screenshots(f"http://127.0.0.1:{port}", password, urls, settings.TIME_ZONE, workdir)
        # Only a complete set replaces the old screenshots, never half of one.
        shots = [Path(shutil.move(shot, DOCS / shot.name)) for shot in shots]
    except Exception as exc:
        detail = str(exc) if isinstance(exc, ScreenshotError) else f"{type(exc).__name__}: {exc}"
        print(f"screenshots: failed: {detail}", file=sys.stderr)
        if server is not None:
            print(f"Last server output:\n{log_tail(workdir / 'server.log')}", file=sys.stderr)
        return 1
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(workdir, ignore_errors=True)
    for path in shots:
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
