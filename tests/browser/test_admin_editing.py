"""An editor at work in the newsroom admin, in a real browser."""

import re

from django.contrib.auth.models import User
from playwright.sync_api import expect

from articles.models import Article

HEADLINE = "Kazakh specialists focus more attention on radicalisation of women"
OTHER_HEADLINE = "Hundreds of Kazakhstani inmates reject radicalisation"
NEW_HEADLINE = "Kazakh specialists pay closer attention to women's radicalisation"
PASSWORD = "a-strong-pass-123"


def sign_in(page, live_server):
    page.goto(live_server.url + "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/admin/")


def test_editor_signs_in_and_renames_an_article(live_server, live_demo_content, page):
    """The newsroom's everyday path, sign in, find a story, fix its headline, must work end to end."""
    User.objects.create_superuser(username="editor", email="editor@example.com", password=PASSWORD)
    sign_in(page, live_server)

    page.get_by_role("link", name="Articles", exact=True).click()
    expect(page).to_have_url(live_server.url + "/admin/articles/article/")
    results = page.locator("#result_list")
    expect(results.get_by_role("link", name=HEADLINE, exact=True)).to_be_visible()
    expect(results.get_by_role("link", name=OTHER_HEADLINE, exact=True)).to_be_visible()

    results.get_by_role("link", name=HEADLINE, exact=True).click()
    expect(page.locator("#id_headline")).to_have_value(HEADLINE)
    byline = page.locator("#byline-group")
    expect(byline.locator("select[name='byline-0-author'] option:checked")).to_have_text("Ksenia Bondal")
    expect(byline.locator("input[name='byline-1-author'], select[name='byline-1-author']")).to_have_count(0)

    page.locator("#id_headline").fill(NEW_HEADLINE)
    page.locator("input[name='_save']").click()

    expect(page).to_have_url(live_server.url + "/admin/articles/article/")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(results.get_by_role("link", name=NEW_HEADLINE, exact=True)).to_be_visible()
    expect(results.get_by_role("link", name=HEADLINE, exact=True)).to_have_count(0)
    article = Article.objects.get(slug="kazakh-specialists-focus-more-attention-on-radicalisation-of-women")
    assert article.headline == NEW_HEADLINE
    assert list(article.byline.values_list("author__name", flat=True)) == ["Ksenia Bondal"]
