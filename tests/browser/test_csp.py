"""Every screen an editor or a reader uses keeps to the Content Security Policy.

The policy (cms/settings/base.py) lets pages run only our own scripts and styles, plus
the admin's rich-text editor's import map by nonce. Chromium does not fail a page that
breaks it: it refuses the script or style and the page half works. So these journeys
collect what Chromium reports (console messages and ``securitypolicyviolation`` events)
and fail on any of it, and check that every page came with the policy.
"""

import importlib
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from playwright.sync_api import expect

from articles.caching import pages
from articles.models import Article
from engagement.models import Comment
from pages.models import Page

SEED_HEADLINE = "Kazakh specialists focus more attention on radicalisation of women"
READER_SLUG = "hundreds-of-kazakhstani-inmates-reject-radicalisation"
HEADLINE = "Monitors report on visiting rules in Pavlodar colonies"
SLUG = "monitors-report-on-visiting-rules-in-pavlodar-colonies"
READER_PATHS = {
    "front": "/",
    "list": "/articles/",
    "topic": "/topics/prisons/",
    "region": "/regions/kazakhstan/",
    "author": "/authors/ksenia-bondal/",
    "search": "/search/?q=radicalisation",
}
POLICY_PATH = "/pages/comment-policy/"

# Runs in every page before the page's own scripts. Listening on the window while
# capturing hears violations by any element and by the document itself.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
window.addEventListener("securitypolicyviolation", (event) => {
  const violation = {
    page: document.location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile + ":" + event.lineNumber,
    sample: event.sample,
  };
  window.__cspViolations.push(violation);
  window.__reportCspViolation(violation);
}, true);
"""


class CSPWatch:
    """What Chromium reported against the policy, and every page the watched contexts loaded.

    Violations reach Python as they happen (an exposed function and the console), so none
    is lost when a form submission navigates away before the next check.
    """

    def __init__(self):
        self.violations = []
        self.documents = []
        self.pages_with_policy = set()

    def page(self, context):
        """A new page of ``context``, watched from its first request."""
        context.expose_function("__reportCspViolation", self._on_violation)
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("console", self._on_console)
        context.on("response", self._on_response)
        return context.new_page()

    def _on_violation(self, violation):
        self.violations.append(violation)

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.violations.append({"console": message.text, "page": message.page and message.page.url})

    def _on_response(self, response):
        if response.request.resource_type == "document":
            self.documents.append(response)

    def check(self, page):
        """No violation so far, and every page loaded since the last check sent the policy."""
        page.wait_for_load_state("load")
        # Violation events are queued as tasks: let any pending one run first.
        in_page = page.evaluate(
            "() => new Promise(done => setTimeout(() => done(window.__cspViolations), 50))"
        )
        assert in_page == [], f"{page.url} broke the Content Security Policy: {in_page}"
        assert self.violations == [], f"The Content Security Policy was broken: {self.violations}"
        documents, self.documents = self.documents, []
        for response in documents:
            policy = response.header_value("content-security-policy")
            assert policy and "script-src 'self'" in policy, f"{response.url} came without the policy"
            self.pages_with_policy.add(urlsplit(response.url).path)


@pytest.fixture
def csp():
    """A fresh watch for this test's browser contexts."""
    return CSPWatch()


@pytest.fixture
def comment_policy(transactional_db):
    """The comment policy page, as migration 0008 makes it (a transactional test's flush removes it)."""
    migration = importlib.import_module("articles.migrations.0008_comment_policy_and_moderators")
    Page.objects.get_or_create(
        slug="comment-policy", defaults={"title": "Comment policy", "body": migration.POLICY}
    )


def test_editor_screens_keep_to_the_policy(
    sign_in, live_server, live_demo_content, newsroom_groups, make_staff, context, csp, photo_file
):
    """Every admin screen, the rich-text editor above all, must work without breaking the policy."""
    page = csp.page(context)
    admin = live_server.url + "/admin/articles/"
    sign_in(page, make_staff("Editors", "ann"))
    csp.check(page)  # the sign-in form and the admin's index

    page.goto(admin + "article/")
    expect(page.locator("#result_list")).to_contain_text(SEED_HEADLINE)
    csp.check(page)

    # The add form: the rich-text editor loads (its import map runs by nonce) and takes text.
    page.goto(admin + "article/add/")
    body = page.locator(".field-body .ProseMirror[contenteditable='true']")
    expect(page.locator(".field-body .prose-menubar")).to_be_visible()
    expect(body).to_be_visible()
    page.get_by_label("Headline").press_sequentially(HEADLINE)
    expect(page.get_by_label("Slug")).to_have_value("")  # made from the headline on saving
    body.click()
    page.keyboard.type("Monitors found the visiting rules had changed. ")
    page.keyboard.press("Control+b")
    page.keyboard.type("Twice.")
    expect(body.locator("strong")).to_have_text("Twice.")
    csp.check(page)
    page.get_by_label("Status").select_option(label="Draft")
    page.locator("input[name='_continue']").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(slug=SLUG)
    assert "<strong>Twice.</strong>" in article.body
    csp.check(page)

    # Its change form: topics by type-ahead (a fetch), a photo previewed from a blob: URL.
    topics = page.get_by_label("Topics")
    topics.press_sequentially("Pris")
    expect(page.locator("#id_topics-suggestions option[value='Prisons']")).to_have_count(1)
    topics.fill("Prisons")
    photos = page.locator("#photos-group")
    photos.get_by_role("button", name="Add another Photo").click()
    photo = photos.locator("#photos-0")
    photo.locator("input[name='photos-0-image']").set_input_files(photo_file)
    expect(photo.locator("img.photo-preview-live")).to_have_attribute("src", re.compile(r"^blob:"))
    photo.get_by_label("Caption").fill("The visiting room")
    photo.get_by_label("Alt text").fill("Chairs either side of a glass screen")
    # Django's own widgets: a select2 autocomplete and the calendar pop-up.
    page.locator(".field-regions .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially("Pavlodar")
    page.locator(".select2-container--open .select2-results__option", has_text="Pavlodar").first.click()
    expect(page.locator(".field-regions .select2-selection__choice")).to_contain_text("Pavlodar")
    page.locator(".field-published_at a[id^='calendarlink']").click()
    expect(page.locator(".calendarbox:visible")).to_have_count(1)
    page.keyboard.press("Escape")
    csp.check(page)
    page.locator("input[name='_continue']").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert list(article.topics.names()) == ["Prisons"]
    assert article.photos.count() == 1
    assert [region.name for region in article.regions.all()] == ["Pavlodar"]
    csp.check(page)

    # An article with photos of its own, as the demo content has them.
    seed = Article.objects.get(headline=SEED_HEADLINE)
    page.goto(f"{admin}article/{seed.pk}/change/")
    expect(page.locator("#photos-group .inline-related:not(.empty-form)")).not_to_have_count(0)
    expect(page.locator(".field-body .ProseMirror[contenteditable='true']")).to_be_visible()
    csp.check(page)

    # History, the comparison of the two saves, and the page to restore one.
    page.goto(f"{admin}article/{article.pk}/history/")
    page.get_by_role("button", name="Compare the chosen revisions").click()
    expect(page.locator("table.revision-compare")).to_be_visible()
    csp.check(page)
    page.goto(f"{admin}article/{article.pk}/history/")
    page.locator("#change-history tbody th a").last.click()
    expect(page.locator(".field-body .ProseMirror[contenteditable='true']")).to_be_visible()
    csp.check(page)
    revision_path = urlsplit(page.url).path

    # The confirmation page of a topic merge.
    page.goto(admin + "topic/")
    for name in ("Prisons", "Women"):
        page.locator("#result_list tr", has_text=name).get_by_role("checkbox").check()
    page.locator("select[name='action']").select_option(label="Merge selected topics into one…")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("button", name="Yes, merge them")).to_be_visible()
    csp.check(page)

    page.goto(admin + "frontpagestory/")
    expect(page.locator("#result_list")).to_be_visible()
    csp.check(page)

    page.goto(live_server.url + "/admin/")
    csp.check(page)
    article_admin = f"/admin/articles/article/{article.pk}/"
    assert csp.pages_with_policy >= {
        "/admin/login/",
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        article_admin + "change/",
        f"/admin/articles/article/{seed.pk}/change/",
        article_admin + "history/",
        article_admin + "history/compare/",
        revision_path,
        "/admin/articles/topic/",
        "/admin/articles/frontpagestory/",
    }


def read_the_site(page, csp, live_server):
    """A reader's round: lists, an article (answering and writing a comment), the policy."""
    for path in READER_PATHS.values():
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{path} answered {response.status}"
        expect(page.locator("main article").first).to_be_visible()
        csp.check(page)

    page.goto(live_server.url + Article.objects.get(slug=READER_SLUG).get_absolute_url())
    # The structured data stays inline: a data block, not a script the policy must allow.
    expect(page.locator("script[type='application/ld+json']")).to_have_count(1)
    reactions = page.get_by_role("region", name="Do you like this article?")
    reactions.get_by_role("button", name="Yes", exact=True).click()
    expect(page.locator("[data-reaction-counts] [data-count='yes']")).to_have_text("1")
    expect(reactions.get_by_role("button", name="Yes", exact=True)).to_have_attribute("aria-pressed", "true")
    page.get_by_role("textbox", name="Comment", exact=True).press_sequentially("Thank you.")
    expect(page.locator("#comment-counter")).to_contain_text("1490 / 1500")
    csp.check(page)

    page.get_by_role("link", name="Comment Policy", exact=True).click()
    expect(page.get_by_role("heading", name="Comment policy")).to_be_visible()
    csp.check(page)


@pytest.fixture
def served_from_cache(monkeypatch):
    """The paths of the pages the page cache answered from a stored copy, in order."""
    paths = []
    finish = pages._finish

    def finish_and_note(request, response, entry, *, hit, **kwargs):
        if hit:
            paths.append(request.path)
        return finish(request, response, entry, hit=hit, **kwargs)

    monkeypatch.setattr(pages, "_finish", finish_and_note)
    return paths


@pytest.mark.parametrize("cached", [False, True], ids=["uncached", "cached"])
def test_reader_pages_keep_to_the_policy(
    live_server, live_demo_content, comment_policy, settings, served_from_cache, new_context, csp, cached
):
    """Readers' pages, fresh or from the page cache, must run reader.js within the policy."""
    settings.PAGE_CACHE_SECONDS = 600 if cached else 0
    article_path = Article.objects.get(slug=READER_SLUG).get_absolute_url()
    # The comment form's policy link names the story the reader came from (issue 20).
    paths = {*READER_PATHS.values(), article_path, f"{POLICY_PATH}?from={article_path}"}
    if cached:
        # Another reader came first, so every page is served from the cache.
        warm = Client()
        for path in paths:
            assert warm.get(path).status_code == 200

    read_the_site(csp.page(new_context()), csp, live_server)

    read = {urlsplit(path).path for path in paths}
    assert csp.pages_with_policy >= read
    assert set(served_from_cache) == (read if cached else set())


def test_a_comment_posted_from_a_cached_page_is_accepted(
    live_server, live_demo_content, settings, served_from_cache, new_context, csp
):
    """A cached page carries no token; reader.js fetches one from /csrf/, so a first-time
    reader's comment gets through."""
    settings.PAGE_CACHE_SECONDS = 600
    path = Article.objects.get(slug=READER_SLUG).get_absolute_url()
    assert Client().get(path).status_code == 200  # another reader's visit caches the page

    page = csp.page(new_context())  # no cookies at all
    page.goto(live_server.url + path)
    assert served_from_cache == [path]
    page.get_by_role("textbox", name="Comment", exact=True).fill("Good to read about this.")
    page.get_by_role("textbox", name="Name", exact=True).fill("Dana Reader")
    page.get_by_role("textbox", name="Email", exact=True).fill("dana@example.com")
    page.get_by_label("I have read and accept the comment policy").check()
    page.get_by_role("button", name="Post comment").click()

    expect(page.locator(".comment-confirmation")).to_contain_text(
        "Your comment will appear once an editor has approved it"
    )
    comment = Comment.objects.get(name="Dana Reader")
    assert comment.body == "Good to read about this."
    assert comment.status == Comment.Status.PENDING
    csp.check(page)


def test_the_api_documentation_works_within_the_policy(live_server, live_demo_content, new_context, csp):
    """/api/v1/docs/ (Swagger UI, from our own static files) draws the operations and runs
    one against the live API without breaking the policy."""
    page = csp.page(new_context())
    page.goto(live_server.url + "/api/v1/docs/")
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/stories/").first
    expect(operation).to_be_visible()
    operation.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    answer = page.locator(".live-responses-table .response").first
    expect(answer.locator(".response-col_status")).to_contain_text("200")
    expect(answer).to_contain_text(SEED_HEADLINE)
    csp.check(page)
