"""Editors' trust (issue 14), through the real admin in Chromium.

The desk shows an editor what waits for them; a contributor cannot use an old revision
to change a published story; the workflow buttons say in words, in the newsroom's time,
what a save did; and a photo chosen before an alt-text error is not lost.
"""

from datetime import timedelta
from pathlib import Path

import axe_playwright_python
import reversion
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect
from reversion.models import Version

from articles.models import Article
from engagement.models import Comment

AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
LOCKED = "This story is published: only editors can change it"
ALT_TEXT = "Two inspectors in coats at the gate of a colony"


def change_url(live_server, article):
    return f"{live_server.url}/admin/articles/article/{article.pk}/change/"


def revision(article, comment):
    """Record the article as it is now, as a save in the admin would."""
    with reversion.create_revision():
        reversion.set_comment(comment)
        reversion.add_to_revision(article)
    return Version.objects.get_for_object(article).first()


def blocking_axe_violations(page):
    """axe-core's serious and critical violations on the page, one line per node (as test_quality)."""
    page.add_script_tag(path=AXE_JS)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {' '.join(map(str, node['target']))}"
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
        for node in violation["nodes"]
    ]


def test_editor_opens_a_story_in_review_from_the_desk(sign_in, live_server, staff, make_story, page):
    """The desk is where editors start: a story waiting for review must be one click from its form."""
    story = make_story(headline="Colony visits resume in Pavlodar", status=Article.Status.IN_REVIEW)
    make_story(headline="Someone else's draft", status=Article.Status.DRAFT)
    sign_in(page, staff("Editors", "ann"))

    review = page.locator("#desk-review")
    expect(review.get_by_role("heading")).to_have_text("Stories in review (1)")
    expect(page.locator("#desk-drafts")).to_contain_text("You have no drafts.")
    review.get_by_role("link", name="Colony visits resume in Pavlodar").click()

    expect(page).to_have_url(change_url(live_server, story))
    expect(page.get_by_label("Headline")).to_have_value("Colony visits resume in Pavlodar")


def test_the_desk_has_no_serious_accessibility_violations(
    sign_in, live_server, staff, make_story, new_context
):
    """Editors work on the desk all day: with every section filled, axe-core finds nothing serious."""
    now = timezone.now()
    make_story(headline="Waiting for review", status=Article.Status.IN_REVIEW)
    make_story(headline="Goes live tomorrow", published_at=now + timedelta(days=1))
    live = make_story(headline="Live since an hour", published_at=now - timedelta(hours=1))
    Comment.objects.create(article=live, name="Dana", email="dana@example.org", body="When is the trial?")
    ann = staff("Editors", "ann")
    make_story(headline="Ann's own draft", status=Article.Status.DRAFT, created_by=ann)
    # axe-core is injected as an inline script, which the admin's CSP rightly refuses.
    page = new_context(bypass_csp=True).new_page()
    sign_in(page, ann)
    for key in ("review", "scheduled", "drafts", "comments", "published"):
        expect(page.locator(f"#desk-{key} .desk-rows li")).to_have_count(1)

    problems = blocking_axe_violations(page)
    assert not problems, "axe-core on the desk:\n" + "\n".join(problems)


def test_contributor_cannot_open_a_draft_revision_of_a_published_story(
    sign_in, live_server, staff, make_story, new_context, page
):
    """Restoring an old draft revision was a way round the lock: it must be refused, the story left live."""
    carl = staff("Contributors", "carl")
    article = make_story(
        headline="Draft headline", status=Article.Status.DRAFT, created_by=carl, body="<p>Draft text.</p>"
    )
    revision(article, "Draft")
    article.headline, article.status, article.body = "Live headline", Article.Status.PUBLISHED, "<p>Live.</p>"
    article.published_at = timezone.now() - timedelta(hours=1)
    article.save()
    revision(article, "Published")
    sign_in(page, carl)

    page.goto(change_url(live_server, article))
    expect(page.locator(".locked-note")).to_contain_text(LOCKED)
    expect(page.locator(".field-headline .readonly")).to_have_text("Live headline")
    expect(page.get_by_label("Headline")).to_have_count(0)
    expect(page.locator("input[name='_save']")).to_have_count(0)
    expect(page.get_by_role("button", name="Send to review")).to_have_count(0)

    page.get_by_role("link", name="History").click()
    draft_row = page.locator("#change-history tbody tr", has_text="Draft")
    with page.expect_response(lambda response: "/history/" in response.url) as refused:
        draft_row.get_by_role("link").click()
    assert refused.value.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this")
    expect(page.locator(".locked-note")).to_contain_text(
        "This story is published: only editors can change it"
    )

    article.refresh_from_db()
    assert (article.headline, article.status) == ("Live headline", Article.Status.PUBLISHED)
    assert article.is_live
    reader = new_context().new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text("Live headline")


def test_editor_schedules_a_draft_and_is_told_when_readers_see_it(
    sign_in, live_server, staff, make_story, page
):
    """A schedule is a promise to readers: the editor must read back the day and time in the newsroom's zone."""
    draft = make_story(headline="Amnesty bill reaches parliament", status=Article.Status.DRAFT)
    day = timezone.localdate() + timedelta(days=30)
    sign_in(page, staff("Editors", "ann"))

    page.goto(change_url(live_server, draft))
    page.locator("#id_published_at_0").fill(day.strftime("%d/%m/%Y"))
    page.locator("#id_published_at_1").fill("14:00")
    page.get_by_role("button", name="Schedule…").click()

    expect(page.locator(".messagelist")).to_contain_text(
        f"“Amnesty bill reaches parliament” is scheduled: readers will see it at "
        f"14:00 on {date_format(day, 'j F Y')} (Asia/Almaty time)."
    )
    draft.refresh_from_db()
    assert draft.is_scheduled
    assert timezone.localtime(draft.published_at).strftime("%Y-%m-%d %H:%M") == f"{day:%Y-%m-%d} 14:00"


def test_a_chosen_photo_is_kept_across_an_alt_text_error(
    sign_in, live_server, staff, make_story, photo_file, page, new_context
):
    """Browsers never send a file twice: after the alt-text error the editor must not have to choose it again."""
    story = make_story(headline="Inspectors visit the Pavlodar colony")
    sign_in(page, staff("Editors", "ann"))

    page.goto(change_url(live_server, story))
    photos = page.locator("#photos-group")
    photos.get_by_role("button", name="Add another Photo").click()
    row = photos.locator("#photos-0")
    row.locator("input[name='photos-0-image']").set_input_files(photo_file)
    row.get_by_label("Caption").fill("Inspectors at the gate")
    page.locator("input[name='_continue']").click()

    row = page.locator("#photos-group #photos-0")
    expect(row.locator(".errorlist")).to_contain_text("need alt text")
    expect(row).to_contain_text("Kept from your last submit: colony-gates.png")
    assert not story.photos.exists()

    row.get_by_label("Alt text").fill(ALT_TEXT)
    page.locator("input[name='_continue']").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator("#photos-group").get_by_role("img", name=ALT_TEXT)).to_be_visible()
    photo = story.photos.get()
    assert (photo.width, photo.height, photo.alt_text) == (120, 80, ALT_TEXT)
    reader = new_context().new_page()
    reader.goto(live_server.url + story.get_absolute_url())
    expect(reader.locator("figure").get_by_role("img", name=ALT_TEXT)).to_be_visible()
