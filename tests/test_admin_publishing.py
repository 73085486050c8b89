"""Nothing broken goes live: one set of publish checks, and workflow buttons that say what they did."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ImageCaption
from articles.publishing import has_text, publish_problems
from tests.image_files import photo_file

CHANGELIST = reverse("admin:articles_article_changelist")


def test_a_story_missing_text_region_and_topic_is_not_published_from_the_form(
    change_url, client, editor, make_article, article_form
):
    """The form refuses with the list of what is missing, and keeps the draft as it was."""
    draft = make_article(status=Article.Status.DRAFT, body="<p> </p>")
    client.force_login(editor)
    response = client.post(change_url(draft), article_form(draft, _workflow="publish"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not published. It needs text in the body, at least one region and at least one topic." in page
    assert "A published story needs at least one region." in page
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_the_bulk_action_runs_the_same_checks(client, editor, make_article, make_story):
    """Publishing from the list refuses the unfinished story by name, and publishes the rest."""
    unfinished = make_article(status=Article.Status.DRAFT, headline="No places yet")
    ready = make_story(status=Article.Status.DRAFT)
    client.force_login(editor)
    response = client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [unfinished.pk, ready.pk]}, follow=True
    )
    page = response.content.decode()
    assert "1 article published." in page
    assert "Not published: “No places yet”. It needs at least one region and at least one topic." in page
    unfinished.refresh_from_db()
    ready.refresh_from_db()
    assert unfinished.status == Article.Status.DRAFT and ready.is_live


def test_photos_without_alt_text_stop_the_bulk_action(client, editor, make_story):
    """A photo that cannot be described to a blind reader keeps the story back."""
    story = make_story(status=Article.Status.DRAFT)
    ImageCaption.objects.create(article=story, image=photo_file(), caption="A court", alt_text="", position=1)
    assert publish_problems(story) == ["alt text for photo 1 (what it shows, for readers who cannot see it)"]
    client.force_login(editor)
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def test_a_draft_shows_what_it_still_needs_as_a_warning(change_url, client, editor, make_article):
    """While it is a draft the checks are a reminder, not a refusal."""
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    page = client.get(change_url(draft)).content.decode()
    assert "Before this story can be published, it needs:" in page
    assert "<li>at least one region</li>" in page and "<li>at least one topic</li>" in page


def test_body_text_means_readable_words():
    """Empty paragraphs or tags are no text; one word is."""
    assert not has_text("<p></p><p> &nbsp; </p>")
    assert has_text("<p><strong>Word</strong></p>")


def test_send_to_review_is_offered_to_contributors_and_says_so(
    change_url, client, contributor, make_story, article_form
):
    """A contributor's button: the draft goes to the desk, and the message says where it is."""
    draft = make_story(status=Article.Status.DRAFT, created_by=contributor)
    client.force_login(contributor)
    page = client.get(change_url(draft)).content.decode()
    assert 'value="review"' in page and 'value="publish"' not in page and 'value="unpublish"' not in page
    response = client.post(change_url(draft), article_form(draft, _workflow="review"), follow=True)
    assert "is in review: editors see it on their desk." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.IN_REVIEW


def test_contributors_cannot_press_an_editors_button(
    change_url, client, contributor, make_story, article_form
):
    """A forged Publish from a contributor is refused, the draft untouched."""
    draft = make_story(status=Article.Status.DRAFT, created_by=contributor)
    client.force_login(contributor)
    for action in ("publish", "schedule", "unpublish"):
        response = client.post(change_url(draft), article_form(draft, _workflow=action))
        assert response.status_code == 200
        assert "Only editors publish, schedule and unpublish" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_publish_now_publishes_at_once(change_url, client, editor, make_story, article_form):
    """Publish now: live at once, whatever time was in the field."""
    draft = make_story(status=Article.Status.DRAFT)
    client.force_login(editor)
    response = client.post(change_url(draft), article_form(draft, _workflow="publish"), follow=True)
    assert "is published: readers see it now." in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_live


def test_schedule_states_the_local_time_and_zone(change_url, client, editor, make_story, article_form):
    """The message gives the newsroom's time and its zone, so nobody schedules for the wrong hour."""
    draft = make_story(status=Article.Status.DRAFT)
    day = timezone.localtime(timezone.now() + timedelta(days=2))
    client.force_login(editor)
    data = article_form(
        draft, _workflow="schedule", published_at_0=day.strftime("%Y-%m-%d"), published_at_1="14:00:00"
    )
    page = client.post(change_url(draft), data, follow=True).content.decode()
    expected = f"is scheduled: readers will see it at 14:00 on {day.day} {day:%B %Y} (Asia/Almaty time)."
    assert expected in page
    draft.refresh_from_db()
    assert draft.is_scheduled and timezone.localtime(draft.published_at).hour == 14


def test_schedule_without_a_future_time_says_what_to_do(change_url, client, editor, make_story, article_form):
    """Schedule with no time (or a past one) asks for the time instead of publishing now."""
    draft = make_story(status=Article.Status.DRAFT)
    client.force_login(editor)
    response = client.post(change_url(draft), article_form(draft, _workflow="schedule"))
    assert "To schedule, enter a future date and time here (Asia/Almaty time)" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_unpublish_takes_a_story_off_the_site_and_the_front_page(
    change_url, client, editor, make_story, article_form
):
    """Unpublish: back to draft, no time, not featured."""
    story = make_story(is_featured=True, featured_position=1)
    client.force_login(editor)
    page = client.get(change_url(story)).content.decode()
    assert 'value="unpublish"' in page and 'value="publish"' not in page
    response = client.post(change_url(story), article_form(story, _workflow="unpublish"), follow=True)
    assert "is a draft: readers do not see it." in response.content.decode()
    story.refresh_from_db()
    assert (story.status, story.published_at, story.is_featured) == (Article.Status.DRAFT, None, False)


def test_an_edit_that_strips_a_live_story_of_its_topics_is_refused(
    change_url, client, editor, make_story, article_form
):
    """The checks hold for every save of a published story, not only the first."""
    story = make_story()
    client.force_login(editor)
    response = client.post(change_url(story), article_form(story, topics=""))
    assert response.status_code == 200
    assert "A published story needs at least one topic." in response.content.decode()
    assert story.topics.count() == 1


@pytest.mark.parametrize(
    "body",
    ["<script>x</script>", "<style>p{}</style>", "<p>&#8203;</p>", "<p>\u2800 \ufeff</p>", "<p>… — !</p>"],
)
def test_a_body_with_no_words_readers_would_see_is_not_published(
    change_url, client, editor, make_story, article_form, body
):
    """The check reads the body as it will be stored, and counts only letters and digits."""
    draft = make_story(status=Article.Status.DRAFT)
    client.force_login(editor)
    response = client.post(change_url(draft), article_form(draft, body=body, _workflow="publish"))
    assert "A published story needs text in the body." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_invisible_alt_text_is_no_alt_text():
    """A zero-width space describes nothing to a reader who cannot see the photo."""
    assert publish_problems_of_photo(alt_text="\u200b") == ["alt_text"]
    assert publish_problems_of_photo(alt_text="Women at a consultation") == []


def publish_problems_of_photo(alt_text):
    from articles.publishing import Photo, photo_gaps

    return photo_gaps(Photo(has_image=True, alt_text=alt_text))


def test_a_photo_left_out_of_the_form_is_still_checked(change_url, client, editor, make_story, article_form):
    """Publishing from a form without the photo rows cannot slip past a photo with no alt text."""
    draft = make_story(status=Article.Status.DRAFT)
    ImageCaption.objects.create(article=draft, image=photo_file(), caption="A court", alt_text="", position=1)
    client.force_login(editor)
    response = client.post(change_url(draft), article_form(draft, _workflow="publish"))
    assert "photos stored with this article but missing from this form" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


@pytest.mark.parametrize(
    ("typed", "message"),
    [("\u200b", "A topic needs letters or digits"), ("x" * 101, "A topic name has at most 100 characters")],
)
def test_topics_typed_must_be_names_that_fit(
    change_url, client, contributor, make_article, article_form, typed, message
):
    """An invisible topic, or one longer than its column (a 500 on PostgreSQL), is a form error."""
    draft = make_article(status=Article.Status.DRAFT, created_by=contributor)
    client.force_login(contributor)
    response = client.post(change_url(draft), article_form(draft, topics=typed))
    assert response.status_code == 200 and message in response.content.decode()
    assert not draft.topics.exists()
