"""A story's way from an editor's draft to the front page, through the real admin in Chromium.

An editor writes a draft with a byline, a photo, topics and a region; a contributor may
open a draft but never publish it; an editor publishes and readers find the story; and
two editors saving the same article cannot silently overwrite each other.
"""

import re

from playwright.sync_api import expect

from articles.models import Article, Region, Topic

HEADLINE = "Prison reform advocates visit Pavlodar colonies"
SLUG = "prison-reform-advocates-visit-pavlodar-colonies"
CAPTION = "Visitors at the gates of a Pavlodar penal colony"
CREDIT = "Courtesy of Penal Reform International"
ALT_TEXT = "A group of people in winter coats outside a brick prison gate"
SEED_HEADLINE = "Kazakh specialists focus more attention on radicalisation of women"


def change_url(live_server, article):
    return f"{live_server.url}/admin/articles/article/{article.pk}/change/"


def choose_in_autocomplete(page, field, name):
    """Open the admin's select2 autocomplete inside ``field``, search for ``name`` and pick it."""
    field.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(name)
    results = page.locator(".select2-container--open .select2-results__option")
    results.filter(has_text=re.compile(rf"^{re.escape(name)}$")).click()


def write_draft_in_admin(page, live_server, photo_path):
    """Fill in and save the add form the way an editor would; return the saved article."""
    page.goto(live_server.url + "/admin/articles/article/add/")
    # The slug is left empty: the server makes it from the headline on saving.
    page.get_by_label("Headline").press_sequentially(HEADLINE)
    expect(page.get_by_label("Slug")).to_have_value("")
    body = page.locator(".field-body .ProseMirror[contenteditable='true']")
    body.click()
    page.keyboard.type("Human rights advocates toured two colonies this week.")
    page.keyboard.press("Enter")
    page.keyboard.type("They found the rules on visits had changed.")

    page.get_by_label("Topics").fill("Prisons, Penal reform")
    choose_in_autocomplete(page, page.locator(".field-regions"), "Astana")

    # The byline in printed order: Bogatik first, Bondal second.
    byline = page.locator("#byline-group")
    for index, (position, name) in enumerate([(1, "Alexander Bogatik"), (2, "Ksenia Bondal")]):
        byline.get_by_role("button", name="Add another Author").click()
        row = byline.locator(f"#byline-{index}")
        row.locator(f"input[name='byline-{index}-position']").fill(str(position))
        choose_in_autocomplete(page, row, name)

    photos = page.locator("#photos-group")
    photos.get_by_role("button", name="Add another Photo").click()
    photo = photos.locator("#photos-0")
    photo.locator("input[name='photos-0-image']").set_input_files(photo_path)
    photo.get_by_label("Caption").fill(CAPTION)
    photo.get_by_label("Credit:", exact=True).fill(CREDIT)
    photo.get_by_label("Alt text").fill(ALT_TEXT)

    page.get_by_label("Status").select_option(label="Draft")
    page.locator("input[name='_save']").click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    expect(page).to_have_url(live_server.url + "/admin/articles/article/")
    return Article.objects.get(slug=SLUG)


def test_editor_writes_a_draft_with_byline_photo_topics_and_region(
    sign_in, live_server, live_demo_content, staff, photo_file, page
):
    """Every widget of the add form (slug, rich text, autocompletes, inlines, upload) must save what was entered."""
    assert not Topic.objects.filter(name="Penal reform").exists()
    sign_in(page, staff("Editors", "ann"))

    article = write_draft_in_admin(page, live_server, photo_file)

    assert article.headline == HEADLINE
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.body.count("<p>") == 2
    assert "rules on visits had changed" in article.body
    assert list(article.byline.values_list("author__name", "position")) == [
        ("Alexander Bogatik", 1),
        ("Ksenia Bondal", 2),
    ]
    photo = article.photos.get()
    assert (photo.caption, photo.credit, photo.alt_text) == (CAPTION, CREDIT, ALT_TEXT)
    assert photo.image.name.endswith(".png")
    assert (photo.width, photo.height) == (120, 80)
    assert set(article.topics.names()) == {"Prisons", "Penal reform"}
    assert Topic.objects.filter(name="Penal reform").count() == 1
    assert list(article.regions.all()) == [Region.objects.get(name="Astana")]


def test_contributor_can_open_a_draft_but_not_publish_it(
    sign_in, live_server, live_demo_content, staff, make_article, page
):
    """Publishing is the editors' decision: a contributor must not even be offered it."""
    carl = staff("Contributors", "carl")
    draft = make_article(headline=HEADLINE, slug=SLUG, status=Article.Status.DRAFT, created_by=carl)
    sign_in(page, carl)

    page.goto(change_url(live_server, draft))
    expect(page.get_by_label("Headline")).to_have_value(HEADLINE)
    status = page.get_by_label("Status")
    expect(status.locator("option")).to_have_text(["Draft", "In review"])
    expect(page.get_by_role("button", name="Send to review")).to_be_visible()
    expect(page.get_by_role("button", name="Publish now")).to_have_count(0)

    page.goto(live_server.url + "/admin/articles/article/")
    actions = page.locator("select[name='action']")
    expect(actions.locator("option", has_text="Add a topic to selected articles")).to_have_count(1)
    expect(actions.locator("option", has_text="Publish selected articles now")).to_have_count(0)

    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert draft.published_at is None


def test_editor_publishes_the_draft_and_readers_find_it(
    sign_in, live_server, live_demo_content, staff, photo_file, page, new_context
):
    """The story written in the admin must reach the front page and its own page, photo caption and credit included."""
    sign_in(page, staff("Editors", "ann"))
    article = write_draft_in_admin(page, live_server, photo_file)

    page.goto(change_url(live_server, article))
    page.get_by_label("Status").select_option(label="Published")
    page.locator("input[name='_save']").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.is_live

    reader = new_context().new_page()
    reader.goto(live_server.url + "/")
    reader.locator("article.card").get_by_role("link", name=HEADLINE, exact=True).click()

    expect(reader).to_have_url(live_server.url + article.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    figure = reader.locator("figure.photo")
    expect(figure.locator("figcaption")).to_have_text(f"{CAPTION} [{CREDIT}]")
    expect(figure.get_by_role("img", name=ALT_TEXT)).to_have_count(1)


def test_a_stale_save_is_refused_and_keeps_both_editors_work(
    sign_in, live_server, live_demo_content, staff, page, new_context
):
    """Two editors on one article: the later save must not silently undo the earlier one, nor lose its own text."""
    article = Article.objects.get(headline=SEED_HEADLINE)
    standfirst_before = article.standfirst
    first, second = page, new_context().new_page()
    sign_in(first, staff("Editors", "ann"))
    sign_in(second, staff("Editors", "bob"))
    first.goto(change_url(live_server, article))
    second.goto(change_url(live_server, article))

    first.get_by_label("Headline").fill("Specialists look closer at women's radicalisation")
    first.locator("input[name='_save']").click()
    expect(first.locator(".messagelist")).to_contain_text("was changed successfully")

    standfirst = "Why the number of women convicted of extremism is rising."
    second.get_by_label("Standfirst").fill(standfirst)
    second.locator("input[name='_save']").click()

    refusal = second.locator(".errorlist.nonfield")
    expect(refusal).to_contain_text("saved this article after you opened it")
    expect(refusal).to_contain_text("Ann at")
    expect(second.get_by_label("Standfirst")).to_have_value(standfirst)
    article.refresh_from_db()
    assert article.headline == "Specialists look closer at women's radicalisation"
    assert article.standfirst == standfirst_before
