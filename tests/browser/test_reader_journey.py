"""The issue's reader journey, clicked through in Chromium on a desktop and on a phone.

A reader lands on the front page, opens a topic, narrows it by region, pages forward,
opens an article, follows the author link and finds the feed link.
"""

import re

import pytest
from playwright.sync_api import expect

WIDTHS = {"desktop": 1280, "phone": 390}
AUTHOR = "Ksenia Bondal"
# prison_stories (conftest.py) puts Prison report 20 to 25 on the second page of Prisons in Kazakhstan.
STORY_ON_PAGE_TWO = "Prison report 21"
NEWEST_STORY_BY_AUTHOR = "Kazakh specialists focus more attention on radicalisation of women"


def fits_the_screen(page, width):
    """No sideways scrolling: the page is no wider than the window."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide in a {width}px window"


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_reader_goes_from_front_page_to_an_authors_feed(live_server, prison_stories, page, width):
    """The issue's reader journey must work by clicking alone, at desktop and at phone width."""
    bishkek_story = prison_stories[0].headline
    page.set_viewport_size({"width": width, "height": 844})
    cards = page.locator("article.card")
    pages_nav = page.get_by_role("navigation", name="Pages")

    # The front page: the Browse section offers the topics.
    response = page.goto(live_server.url + "/")
    assert response is not None and response.status == 200
    fits_the_screen(page, width)
    page.get_by_role("region", name="Browse").get_by_role("link", name="Prisons", exact=True).click()

    # The topic: every Prisons story, the one from Bishkek among the newest.
    expect(page).to_have_url(live_server.url + "/topics/prisons/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Prisons")
    expect(cards.get_by_role("link", name=bishkek_story)).to_be_visible()
    fits_the_screen(page, width)

    # Narrowed to Kazakhstan: the Bishkek story goes, and the rest still fill two pages. On a
    # phone the filters fold behind one button, so the stories come first.
    toggle = page.locator("summary.filters-toggle")
    if width == WIDTHS["phone"]:
        expect(page.get_by_label("Region")).to_be_hidden()
        expect(toggle).to_have_text("Filters")
        toggle.click()
    else:
        expect(toggle).to_be_hidden()
    page.get_by_label("Region").select_option(label="\u2003Kazakhstan")
    page.get_by_role("button", name="Show stories").click()
    # The filters left empty are left out of the address.
    expect(page).to_have_url(live_server.url + "/topics/prisons/?region=kazakhstan")
    if width == WIDTHS["phone"]:
        expect(toggle).to_have_text("Filters (1)")
        expect(page.get_by_label("Region")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prisons")
    expect(page.get_by_label("Region")).to_have_value("kazakhstan")
    expect(cards).to_have_count(20)
    expect(cards.get_by_role("link", name=bishkek_story)).to_have_count(0)
    # Lists are not counted: the first page does not know the total, the last one does.
    expect(pages_nav).to_contain_text("Page 1")
    expect(pages_nav).not_to_contain_text(" of ")
    fits_the_screen(page, width)

    # Page two keeps the region in its address.
    pages_nav.get_by_role("link", name="Older stories").click()
    expect(page).to_have_url(re.compile(r"/topics/prisons/\?(?=.*\bregion=kazakhstan\b)(?=.*\bpage=2\b)"))
    expect(pages_nav).to_contain_text("Page 2 of 2")
    expect(page.get_by_label("Region")).to_have_value("kazakhstan")
    expect(cards).to_have_count(6)  # 25 Pavlodar stories and the demo's Prisons story, 20 a page
    expect(cards.get_by_role("link", name=bishkek_story)).to_have_count(0)
    fits_the_screen(page, width)

    # The article.
    cards.get_by_role("link", name=STORY_ON_PAGE_TWO, exact=True).click()
    article = next(story for story in prison_stories if story.headline == STORY_ON_PAGE_TWO)
    expect(page).to_have_url(live_server.url + article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(STORY_ON_PAGE_TWO)
    fits_the_screen(page, width)

    # Its byline leads to the author's page.
    page.locator(".story-meta").get_by_role("link", name=AUTHOR).click()
    expect(page).to_have_url(live_server.url + "/authors/ksenia-bondal/")
    expect(page.get_by_role("heading", level=1)).to_have_text(AUTHOR)
    fits_the_screen(page, width)

    # The author's feed: a visible link, announced in the head too, serving RSS.
    feed_link = page.get_by_role("link", name=f"RSS feed of {AUTHOR}'s stories")
    expect(feed_link).to_be_visible()
    feed_path = feed_link.get_attribute("href")
    assert feed_path == "/authors/ksenia-bondal/rss/"
    announced = page.locator('head link[rel="alternate"][type="application/rss+xml"]')
    expect(announced).to_have_attribute("href", feed_path)
    feed = page.request.get(live_server.url + feed_path)
    assert feed.status == 200
    assert "xml" in feed.headers["content-type"]
    body = feed.text()
    assert "<rss" in body
    assert f"<title>{NEWEST_STORY_BY_AUTHOR}</title>" in body
