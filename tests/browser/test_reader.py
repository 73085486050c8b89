"""A reader on the public site, in a real browser."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article

SEED_STORIES = {
    "Kazakh specialists focus more attention on radicalisation of women": "Ksenia Bondal",
    "Hundreds of Kazakhstani inmates reject radicalisation": "Alexander Bogatik",
}
PHONE_WIDTH = 390


def test_front_page_lists_published_stories_and_fits_a_phone(live_server, live_demo_content, page):
    """Readers must see every published story with its byline, no unpublished one, on a phone too."""
    Article.objects.create(headline="Secret draft", slug="secret-draft", status=Article.Status.DRAFT)
    Article.objects.create(
        headline="Embargoed story",
        slug="embargoed-story",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(days=1),
    )
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})

    response = page.goto(live_server.url + "/")

    assert response is not None and response.status == 200
    cards = page.locator("article.card")
    expect(cards).to_have_count(len(SEED_STORIES))
    for headline, author in SEED_STORIES.items():
        card = cards.filter(has=page.get_by_role("heading", name=headline, exact=True))
        expect(card).to_have_count(1)
        expect(card.locator(".card-meta")).to_contain_text(f"By {author}")
    expect(page.get_by_text("Secret draft")).to_have_count(0)
    expect(page.get_by_text("Embargoed story")).to_have_count(0)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE_WIDTH, f"the front page scrolls sideways on a phone: {scroll_width}px wide"
