"""A reader meets a video and a Telegram post embedded in a story, in Chromium: nothing is
requested from YouTube or Telegram until the reader presses "Show", and the page's policy
then lets the provider's frame load. The providers are answered by the test (no network)."""

import re

from playwright.sync_api import expect

PROVIDERS = re.compile(r"^https://(www\.youtube-nocookie\.com|www\.youtube\.com|youtu\.be|t\.me)/")
PLAYER = "<!doctype html><html lang=en><title>player</title><p id=player>The provider's player</p></html>"


def test_an_embed_loads_only_when_the_reader_asks(live_server, embed_story, page):
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.route(PROVIDERS, lambda route: route.fulfill(status=200, content_type="text/html", body=PLAYER))
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security" in message.text else None,
    )

    page.goto(live_server.url + embed_story.get_absolute_url())
    video = page.locator("figure.embed[data-provider=youtube]")
    post = page.locator("figure.embed[data-provider=telegram]")
    expect(video.get_by_role("button", name="Show: YouTube video")).to_be_visible()
    expect(post.get_by_role("link", name="Open on Telegram")).to_have_attribute(
        "href", "https://t.me/narynoblast/1024"
    )
    page.wait_for_load_state("networkidle")
    assert not [url for url in asked if PROVIDERS.match(url)], asked

    video.get_by_role("button", name="Show: YouTube video").click()
    frame = video.locator("iframe")
    expect(frame).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    expect(frame).to_have_attribute("title", "YouTube video")
    # Loaded: the site's policy allowed the frame.
    expect(video.frame_locator("iframe").locator("#player")).to_have_text("The provider's player")
    # The other embed still asked for nothing.
    assert not [url for url in asked if url.startswith("https://t.me/")]
    expect(post.locator("iframe")).to_have_count(0)
    assert not violations, violations


def test_without_javascript_the_reader_gets_the_link(live_server, embed_story, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + embed_story.get_absolute_url())
        video = page.locator("figure.embed[data-provider=youtube]")
        expect(video.get_by_role("button")).to_be_hidden()  # it would do nothing
        expect(video.get_by_role("link", name="Open on YouTube")).to_have_attribute(
            "href", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        )
    finally:
        context.close()
