"""The readers' site against the issue's quality bars, page kind by page kind.

Every public page is valid HTML under the Nu HTML checker, has no serious or critical
axe-core violation in Chromium at desktop and phone widths, never scrolls sideways on a
390 px phone, and works with JavaScript turned off.
"""

import json
import re
import subprocess
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import expect

from articles.models import Article

# Every kind of public page, with the demo content and the Prisons stories loaded.
PUBLIC_PAGES = {
    "front": "/",
    "article-list": "/articles/",
    "article-list-filtered": "/articles/?topic=prisons&region=kazakhstan",
    "topics": "/topics/",
    "topic": "/topics/prisons/",
    "topic-filtered-page-2": "/topics/prisons/?region=kazakhstan&page=2",
    "regions": "/regions/",
    "region": "/regions/kazakhstan/",
    "author": "/authors/ksenia-bondal/",
    "organisation": "/organisations/akniyet/",
    "search": "/search/?q=prisons",
    "organisations": "/organisations/",
    "corrections": "/corrections/",
    "search-nothing-found": "/search/?q=Pavlodr&topic=prisons",
    "comment-policy": "/pages/comment-policy/?from=/2017/08/22/kazakh-specialists-focus-more-attention-on-radicalisation-of-women/",
    "not-found": "/no-such-page/",
}
SEED_SLUGS = (
    "kazakh-specialists-focus-more-attention-on-radicalisation-of-women",
    "hundreds-of-kazakhstani-inmates-reject-radicalisation",
)
WIDTHS = {"desktop": 1280, "phone": 390}
HEIGHT = 844
AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
# Errors only, as JSON on standard output; the exit status then says only whether it ran.
NU_OPTIONS = ("--errors-only", "--format", "json", "--stdout", "--exit-zero-always")


@pytest.fixture
def noted_story(live_demo_content):
    """The first seed story with a correction, an update and an editor's note on it (the
    corrections page then lists one)."""
    from articles.models import StoryNote
    from pages.models import Page

    # Made by a data migration, which a transactional test before this one may have flushed.
    Page.objects.get_or_create(
        slug="comment-policy", defaults={"title": "Comment policy", "body": "<p>Be kind to each other.</p>"}
    )
    story = Article.objects.get(slug=SEED_SLUGS[0])
    for kind, text in (
        ("correction", "An earlier version of this story misspelt the name of the centre."),
        ("editors-note", "This story is part of our series on radicalisation."),
        ("update", "The centre has since opened a second office."),
    ):
        StoryNote.objects.create(article=story, kind=kind, text=text)
    return story


def public_pages(embed_story):
    """Name → (path, expected status) for every page kind, the two seed articles (the
    first with a correction and notes: ``noted_story``) and a story with embedded posts
    included."""
    pages = {name: (path, 404 if name == "not-found" else 200) for name, path in PUBLIC_PAGES.items()}
    for slug in SEED_SLUGS:
        pages[f"article-{slug[:20]}"] = (Article.objects.get(slug=slug).get_absolute_url(), 200)
    pages["article-with-embeds"] = (embed_story.get_absolute_url(), 200)
    return pages


def test_public_pages_are_valid_html(
    client, prison_stories, embed_story, noted_story, nu_html_checker, tmp_path
):
    """The issue requires HTML that the Nu HTML checker passes without a single error."""
    files = []
    for name, (path, status) in public_pages(embed_story).items():
        response = client.get(path)
        assert response.status_code == status, f"{path} answered {response.status_code}"
        html_file = tmp_path / f"{name}.html"
        html_file.write_bytes(response.content)
        files.append(html_file)

    # One JVM for every page: starting Java is the slow part.
    result = subprocess.run(
        [*nu_html_checker, *NU_OPTIONS, *map(str, files)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"The Nu HTML checker did not run: {result.stderr}"
    report = json.loads(result.stdout)
    errors = [m for m in report["messages"] if m.get("type") in {"error", "non-document-error"}]
    described = [
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '').strip()}]"
        for m in errors
    ]
    assert not errors, "The Nu HTML checker found errors:\n" + "\n".join(described)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """axe-core is injected as an inline script, which the site's CSP rightly refuses."""
    return {**browser_context_args, "bypass_csp": True}


def blocking_violations(page):
    """axe-core's serious and critical violations on the page, one readable line per node."""
    page.add_script_tag(path=AXE_JS)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in results["violations"]:
        if violation["impact"] in BLOCKING_IMPACTS:
            for node in violation["nodes"]:
                target = " ".join(map(str, node["target"]))
                lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {target}")
    return lines


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_public_pages_have_no_serious_accessibility_violations(
    live_server, prison_stories, embed_story, noted_story, page, width
):
    """The issue allows no serious or critical axe-core violation at 1280 px or at 390 px."""
    page.set_viewport_size({"width": width, "height": HEIGHT})
    problems = []
    for name, (path, status) in public_pages(embed_story).items():
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == status, f"{path} did not answer {status}"
        problems += [f"{name} ({path}): {line}" for line in blocking_violations(page)]
    assert not problems, f"axe-core at {width}px:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("media", "width"),
    [
        ({"color_scheme": "dark"}, WIDTHS["phone"]),
        ({"color_scheme": "dark"}, WIDTHS["desktop"]),
        ({"media": "print"}, WIDTHS["desktop"]),
    ],
    ids=["dark-phone", "dark-desktop", "print"],
)
def test_public_pages_pass_axe_in_the_dark_scheme_and_printed(
    live_server, prison_stories, embed_story, noted_story, page, media, width
):
    """The dark colours readers' systems ask for, and the printed page, keep axe's contrast
    and every other serious rule."""
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.emulate_media(**media)
    problems = []
    for name, (path, status) in public_pages(embed_story).items():
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == status, f"{path} did not answer {status}"
        if "color_scheme" in media:
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert background == "rgb(22, 22, 22)", f"{path} is not dark: {background}"
        problems += [f"{name} ({path}): {line}" for line in blocking_violations(page)]
    assert not problems, f"axe-core with {media}:\n" + "\n".join(problems)


def test_public_pages_do_not_scroll_sideways_on_a_phone(
    live_server, prison_stories, embed_story, noted_story, page
):
    """A reader on a 390 px phone must never have to scroll sideways to read a page."""
    page.set_viewport_size({"width": WIDTHS["phone"], "height": HEIGHT})
    too_wide = []
    for name, (path, _status) in public_pages(embed_story).items():
        page.goto(live_server.url + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > WIDTHS["phone"]:
            too_wide.append(f"{name} ({path}): {scroll_width}px wide")
    assert not too_wide, "Pages scroll sideways on a phone:\n" + "\n".join(too_wide)


def test_reader_without_javascript_can_read_and_filter(live_server, prison_stories, browser):
    """Readers with JavaScript off must still read stories and narrow a list with its form."""
    bishkek_story = prison_stories[0].headline
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": HEIGHT})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        expect(page.locator("article.card").first).to_be_visible()

        page.goto(live_server.url + "/topics/prisons/")
        cards = page.locator("article.card")
        expect(cards).to_have_count(20)
        page.get_by_label("Region").select_option(label="\u2003Kyrgyzstan")
        page.get_by_role("button", name="Show stories").click()
        expect(page).to_have_url(re.compile(r"/topics/prisons/\?(.*&)?region=kyrgyzstan(&|$)"))
        expect(cards).to_have_count(1)
        expect(cards.get_by_role("link", name=bishkek_story)).to_be_visible()

        cards.get_by_role("link", name=bishkek_story).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(bishkek_story)
        expect(page.locator(".story-body")).to_contain_text("Inside the colony")
    finally:
        context.close()


# -- every reader language ---------------------------------------------------------------

# Each reader language's address prefix and the ``lang`` its pages must declare (BCP 47).
READER_LANGUAGES = {
    "en": ("", "en"),
    "ru": ("/ru", "ru"),
    "kk": ("/kk", "kk"),
    "kk-latn": ("/kk-latn", "kk-Latn"),
    "ky": ("/ky", "ky"),
    "tg": ("/tg", "tg"),
    "uz": ("/uz", "uz"),
    "uz-cyrl": ("/uz-cyrl", "uz-Cyrl"),
    "tk": ("/tk", "tk"),
}
# The demo's story with versions in several languages: English, Russian and Uzbek (read
# in Latin and in Cyrillic). Languages it has no version in are checked on the front page.
TRANSLATED_SLUG = SEED_SLUGS[0]


def pages_in_every_language():
    """Name → (path, lang): each language's front page, and the demo story where it has a
    version in that language."""
    source = Article.objects.get(slug=TRANSLATED_SLUG)
    story_paths = {story.language: story.get_absolute_url() for story in (source, *source.translations.all())}
    assert {"en", "ru", "uz"} <= story_paths.keys(), f"the demo story's versions: {sorted(story_paths)}"
    story_paths["uz-cyrl"] = "/uz-cyrl" + story_paths["uz"].removeprefix("/uz")
    pages = {}
    for code, (prefix, lang) in READER_LANGUAGES.items():
        pages[f"front-{code}"] = (prefix + "/", lang)
        if code in story_paths:
            pages[f"story-{code}"] = (story_paths[code], lang)
    return pages


HTML_START = re.compile(r"<!doctype html>\s*<html\b([^>]*)>", re.IGNORECASE)


def test_pages_in_every_language_are_valid_html(client, live_demo_content, nu_html_checker, tmp_path):
    """Every reader language's pages pass the Nu HTML checker, saying their language and direction."""
    files, wrong = [], []
    for name, (path, lang) in pages_in_every_language().items():
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        start = HTML_START.match(response.content.decode())
        attributes = dict(re.findall(r'(\w+)="([^"]*)"', start.group(1))) if start else {}
        if attributes.get("lang") != lang or attributes.get("dir") != "ltr":
            wrong.append(f"{path}: <html{start.group(1) if start else ' (none)'}>, not lang={lang} dir=ltr")
        html_file = tmp_path / f"{name}.html"
        html_file.write_bytes(response.content)
        files.append(html_file)
    assert not wrong, "Pages with the wrong language or direction:\n" + "\n".join(wrong)

    # One JVM for every page, as above.
    result = subprocess.run(
        [*nu_html_checker, *NU_OPTIONS, *map(str, files)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"The Nu HTML checker did not run: {result.stderr}"
    report = json.loads(result.stdout)
    errors = [m for m in report["messages"] if m.get("type") in {"error", "non-document-error"}]
    described = [
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '').strip()}]"
        for m in errors
    ]
    assert not errors, "The Nu HTML checker found errors:\n" + "\n".join(described)


def test_pages_in_every_language_have_no_serious_accessibility_violations(
    live_server, live_demo_content, page
):
    """axe-core finds no serious or critical violation in any reader language, at either width
    (one browser page for all of them)."""
    problems = []
    for width_name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": HEIGHT})
        for name, (path, lang) in pages_in_every_language().items():
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, f"{path} did not answer 200"
            html = page.locator("html")
            expect(html).to_have_attribute("lang", lang)
            expect(html).to_have_attribute("dir", "ltr")
            problems += [f"{name} ({path}) at {width_name}: {line}" for line in blocking_violations(page)]
    assert not problems, "axe-core in every language:\n" + "\n".join(problems)
