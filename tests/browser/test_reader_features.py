"""The article page's reader features, used in Chromium as a reader and an editor would.

A reader answers "Do you like this article?" and sees the counts without a reload, writes
a comment while the counter counts down, and posts it; an editor approves it in the
admin's moderation queue, and then readers see it. Without JavaScript the answer still
gets through, by the plain form post and a reload.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article

SLUG = "hundreds-of-kazakhstani-inmates-reject-radicalisation"
COMMENT = "Glad to learn that rehabilitation works."
NAME = "Aigerim Reader"
EMAIL = "aigerim@example.com"
EMOJI = "\N{SLIGHTLY SMILING FACE}"


@pytest.fixture
def article_url(live_server, live_demo_content):
    """The seed story's public address, on the live server."""
    return live_server.url + Article.objects.get(slug=SLUG).get_absolute_url()


def expect_counts(page, *, yes, no):
    counts = page.locator("[data-reaction-counts]")
    expect(counts).to_be_visible()
    expect(counts.locator("[data-count='yes']")).to_have_text(str(yes))
    expect(counts.locator("[data-count='no']")).to_have_text(str(no))
    # The whole sentence, as updated in place: no grammar baked in for other numbers.
    expect(counts).to_have_text(re.compile(rf"Readers' answers so far: Yes {yes},\s+No {no}\."))


def expect_pressed(page, answer):
    """Only the reader's own answer shows as pressed."""
    reactions = page.get_by_role("region", name="Do you like this article?")
    for value in ("Yes", "No"):
        button = reactions.get_by_role("button", name=value, exact=True)
        expect(button).to_have_attribute("aria-pressed", "true" if value == answer else "false")


def post_and_see_the_confirmation(page, article_url):
    """Fill in the rest of the comment form and post it: the confirmation is on screen,
    beside the form (the page opens at it), not at the page's top."""
    page.get_by_role("textbox", name="Name", exact=True).fill(NAME)
    page.get_by_role("textbox", name="Email", exact=True).fill(EMAIL)
    page.get_by_label("I have read and accept the comment policy").check()
    page.get_by_role("button", name="Post comment").click()
    expect(page).to_have_url(article_url + "#comment-posted")
    confirmation = page.locator(".comment-confirmation")
    expect(confirmation).to_contain_text("Your comment will appear once an editor has approved it")
    expect(confirmation).to_be_in_viewport()


def test_reader_reacts_comments_and_sees_the_comment_once_an_editor_approves_it(
    sign_in, live_server, article_url, newsroom_groups, make_staff, page, new_context
):
    """The issue's reader journey: reactions update in place, the counter counts, and moderation gates comments."""
    page.goto(article_url)
    reactions = page.get_by_role("region", name="Do you like this article?")
    expect(page.locator("[data-reaction-counts]")).to_be_hidden()

    # A marker set before clicking survives only if the page was not reloaded.
    page.evaluate("window.__marker = 'same page'")
    reactions.get_by_role("button", name="Yes", exact=True).click()
    expect_counts(page, yes=1, no=0)
    expect_pressed(page, "Yes")
    assert page.url == article_url
    assert page.evaluate("window.__marker") == "same page"

    # The same reader changes their mind: their answer is replaced, not added.
    reactions.get_by_role("button", name="No", exact=True).click()
    expect_counts(page, yes=0, no=1)
    expect_pressed(page, "No")
    assert page.url == article_url
    assert page.evaluate("window.__marker") == "same page"

    # The signed cookie remembers the reader, so the counts stay shown after a reload.
    page.reload()
    expect_counts(page, yes=0, no=1)
    expect_pressed(page, "No")

    # The counter counts characters as readers see them: an emoji is one.
    counter = page.locator("#comment-counter")
    expect(counter).to_contain_text("1500 / 1500")
    assert len(COMMENT) == 40
    page.get_by_role("textbox", name="Comment", exact=True).press_sequentially(COMMENT)
    expect(counter).to_contain_text("1460 / 1500")
    page.get_by_role("textbox", name="Comment", exact=True).press_sequentially(EMOJI)
    expect(counter).to_contain_text("1459 / 1500")

    post_and_see_the_confirmation(page, article_url)
    expect(page.get_by_role("heading", name="0 comments")).to_be_visible()
    expect(page.get_by_text(COMMENT)).to_have_count(0)

    # The editor, in a browser of their own, approves it from the moderation queue.
    editor = new_context().new_page()
    sign_in(editor, make_staff("Editors", "ann"))
    editor.get_by_role("link", name="Comments", exact=True).click()
    expect(editor).to_have_url(live_server.url + "/admin/engagement/comment/")
    row = editor.locator("#result_list tbody tr", has_text=COMMENT)
    expect(row).to_have_count(1)
    row.get_by_role("checkbox").check()
    editor.locator("select[name='action']").select_option(
        label="Approve selected comments (readers will see them)"
    )
    editor.get_by_role("button", name="Go").click()
    expect(editor.locator(".messagelist")).to_contain_text("1 comment approved.")
    # The queue only holds comments still waiting.
    expect(editor.locator("#result_list tbody tr", has_text=COMMENT)).to_have_count(0)

    page.reload()
    expect(page.get_by_role("heading", name="1 comment")).to_be_visible()
    comment = page.locator("article.comment")
    expect(comment).to_have_count(1)
    expect(comment).to_contain_text(NAME)
    expect(comment).to_contain_text(COMMENT + EMOJI)
    expect(comment).not_to_contain_text(EMAIL)


def test_reacting_without_javascript_posts_the_form_and_shows_the_counts(article_url, new_context):
    """Readers without JavaScript must still be able to answer: the form posts and the page
    reloads. The page everyone shares carries no CSRF token, so the first answer comes
    back asking for it again, on a page drawn with one; the second goes through."""
    page = new_context(java_script_enabled=False).new_page()
    page.goto(article_url)
    expect(page.locator("[data-reaction-counts]")).to_be_hidden()

    answers = page.get_by_role("region", name="Do you like this article?")
    answers.get_by_role("button", name="Yes", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("please give your answer again")
    page.get_by_role("region", name="Do you like this article?").get_by_role(
        "button", name="Yes", exact=True
    ).click()

    expect(page).to_have_url(article_url + "#reactions")
    expect_counts(page, yes=1, no=0)
    expect_pressed(page, "Yes")


def test_on_a_phone_a_long_paste_says_what_was_cut_and_the_confirmation_is_by_the_form(
    article_url, new_context
):
    """At 390 px: pasting more than 1,500 characters says how many were cut from the end;
    after posting, the confirmation is on screen beside the form, not at the page's top; the
    comment policy links back to the story."""
    from pages.models import Page

    # Made by a data migration, which a transactional test before this one may have flushed.
    Page.objects.get_or_create(
        slug="comment-policy", defaults={"title": "Comment policy", "body": "<p>Be kind.</p>"}
    )
    page = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    page.goto(article_url)
    box = page.get_by_role("textbox", name="Comment", exact=True)
    box.focus()
    # A paste as a reader makes one: the clipboard's text arrives in a paste event.
    page.evaluate(
        """(text) => {
            const box = document.querySelector("[data-comment-body]");
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
            if (box.dispatchEvent(event)) {
                box.value = text.slice(0, Number(box.getAttribute("maxlength")));
                box.dispatchEvent(new Event("input", { bubbles: true }));
            }
        }""",
        "a" * 1620,
    )
    expect(page.locator("[data-comment-cut]")).to_have_text(
        "Your pasted text was too long. Characters cut from its end: 120"
    )
    expect(page.locator("#comment-counter")).to_contain_text("0 / 1500")

    policy = page.locator(".comment-policy a")
    href = policy.get_attribute("href")
    assert href.endswith("?from=" + article_url.removeprefix(page.url.split("/20")[0]))
    post_and_see_the_confirmation(page, article_url)
    expect(page.locator(".messages")).to_have_count(0)

    response = page.goto(page.url.split("/20")[0] + href)
    assert response is not None and response.status == 200, (page.url, response and response.status)
    back = page.get_by_role("link", name="← Back to the story")
    back.click()
    expect(page).to_have_url(article_url + "#comment-form")
