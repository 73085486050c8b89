"""Writes outside the form count as changes, and restoring a revision changes only what it says."""

from datetime import timedelta

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Topic

FORM = "article_form"


def recorded(article, comment):
    with reversion.create_revision():
        reversion.set_comment(comment)
        reversion.add_to_revision(article)
    return Version.objects.get_for_object(article).first()


def test_restoring_a_draft_revision_keeps_the_story_published_at_its_time(
    client, editor, make_story, form_data
):
    """Restoring old text must not quietly unpublish the story or move its time."""
    published_at = timezone.now() - timedelta(days=3)
    story = make_story(headline="Old headline", status=Article.Status.DRAFT, published_at=None)
    draft = recorded(story, "Draft")
    story.headline, story.status, story.published_at = "Live headline", Article.Status.PUBLISHED, published_at
    story.save()
    client.force_login(editor)
    url = reverse("admin:articles_article_revision", args=[story.pk, draft.pk])
    page = client.get(url)
    html = page.content.decode()
    assert "The status, publication time and front-page place stay as they are now." in html
    assert "<li>Status: Draft</li>" in html
    assert "<del>Live headline</del>" in html and "<ins>Old headline</ins>" in html
    assert client.post(url, form_data(page, FORM)).status_code == 302
    story.refresh_from_db()
    # The form shows the time to the second, as editors read it.
    kept = published_at.replace(microsecond=0)
    assert (story.headline, story.status, story.published_at) == ("Old headline", "published", kept)


def test_the_editor_may_choose_the_revisions_status_explicitly(client, editor, make_story, form_data):
    """Keeping the status is the default, not a rule: the restore form offers it."""
    story = make_story(status=Article.Status.DRAFT, published_at=None)
    draft = recorded(story, "Draft")
    story.status, story.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(hours=1)
    story.save()
    client.force_login(editor)
    url = reverse("admin:articles_article_revision", args=[story.pk, draft.pk])
    data = form_data(client.get(url), FORM) | {"status": "draft", "published_at_0": "", "published_at_1": ""}
    assert client.post(url, data).status_code == 302
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def test_a_form_opened_before_a_restore_is_refused(
    change_url, client, editor, make_story, form_data, article_form
):
    """A restore winds text back, never the edit token: an older form cannot save over it."""
    story = make_story(headline="First")
    first = recorded(story, "First")
    story.headline = "Second"
    story.save()
    client.force_login(editor)
    opened = form_data(client.get(change_url(story)), FORM)
    url = reverse("admin:articles_article_revision", args=[story.pk, first.pk])
    assert client.post(url, form_data(client.get(url), FORM)).status_code == 302
    response = client.post(change_url(story), opened | {"headline": "From the old tab"})
    assert (
        response.status_code == 200 and "saved this article after you opened it" in response.content.decode()
    )
    story.refresh_from_db()
    assert story.headline == "First"


def test_a_form_opened_before_a_topic_merge_cannot_bring_the_topic_back(
    change_url, client, editor, make_story, make_topic, form_data
):
    """A stale form used to re-create the topic that was merged away."""
    prisons, penal = make_topic(name="Prisons"), make_topic(name="Penal system")
    story = make_story(topics=[prisons])
    client.force_login(editor)
    opened = form_data(client.get(change_url(story)), FORM)
    client.post(
        reverse("admin:articles_topic_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [prisons.pk, penal.pk],
            "apply": "1",
            "target": penal.pk,
        },
    )
    assert not Topic.objects.filter(name="Prisons").exists()
    response = client.post(change_url(story), opened)
    assert (
        response.status_code == 200 and "saved this article after you opened it" in response.content.decode()
    )
    assert not Topic.objects.filter(name="Prisons").exists()
    assert list(story.topics.names()) == ["Penal system"]


def test_a_form_opened_before_a_bulk_action_is_refused(
    change_url, client, editor, make_story, make_region, form_data
):
    """Adding a region to a selection is a change the open form has not seen."""
    story = make_story()
    client.force_login(editor)
    opened = form_data(client.get(change_url(story)), FORM)
    almaty = make_region(name="Almaty")
    client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "set_region_of_selected",
            "_selected_action": [story.pk],
            "apply": "1",
            "region": almaty.pk,
        },
    )
    response = client.post(change_url(story), opened | {"headline": "Saved over the region"})
    assert response.status_code == 200
    assert almaty in story.regions.all()


def test_a_bulk_action_never_writes_back_fields_it_did_not_change(editor, make_story, make_region):
    """A bulk change reads each story again: an edit made after the selection is kept."""
    from articles import services

    story = make_story(headline="Before")
    selection = list(Article.objects.filter(pk=story.pk))  # read before the editor's save
    Article.objects.filter(pk=story.pk).update(headline="Edited meanwhile")
    services.set_region(selection, make_region(), user=editor)
    story.refresh_from_db()
    assert story.headline == "Edited meanwhile"


def test_recover_refuses_an_article_that_exists(client, editor, make_story):
    """Recover is for deleted articles; for a live one it points to the history instead."""
    story = make_story(headline="Still here")
    version = recorded(story, "Saved")
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_recover", args=[version.pk]), {"headline": "X"})
    assert response.status_code == 302 and response.url.endswith(f"/{story.pk}/history/")
    story.refresh_from_db()
    assert story.headline == "Still here"


def test_history_times_show_seconds(client, editor, make_story):
    """Two saves in the same minute must be told apart."""
    story = make_story()
    version = recorded(story, "Saved")
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    assert timezone.localtime(version.revision.date_created).strftime("%H:%M:%S") in page


def bulk_revision(client, articles, topic):
    """One revision holding several articles, as a bulk action records it."""
    client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "add_topic_to_selected",
            "_selected_action": [a.pk for a in articles],
            "apply": "1",
            "topic": topic.pk,
        },
    )
    version = Version.objects.get_for_object(articles[0]).first()
    assert version.revision.version_set.filter(content_type__model="article").count() == len(articles)
    return version


def test_restoring_one_story_never_rewrites_the_others_in_its_revision(
    change_url, client, editor, contributor, make_story, make_topic, form_data
):
    """A bulk action's revision holds every story it changed: restoring one put all of them back."""
    mine = make_story(status=Article.Status.DRAFT, published_at=None, created_by=contributor, headline="Mine")
    live = make_story(headline="Live v1")
    client.force_login(editor)
    version = bulk_revision(client, [mine, live], make_topic(name="Courts"))
    client.post(change_url(live), form_data(client.get(change_url(live)), FORM) | {"headline": "Live v2"})
    live.refresh_from_db()
    live_before = (live.headline, live.status, live.edit_version, live.created_by_id)
    client.force_login(contributor)
    url = reverse("admin:articles_article_revision", args=[mine.pk, version.pk])
    assert client.post(url, form_data(client.get(url), FORM)).status_code == 302
    live.refresh_from_db()
    assert (live.headline, live.status, live.edit_version, live.created_by_id) == live_before


def test_recovering_one_story_brings_back_only_that_story(client, editor, make_story, form_data):
    """Deleting two stories at once records them together; recovering one must not recover both."""
    first, second = make_story(headline="First deleted"), make_story(headline="Second deleted")
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    version = Version.objects.get_deleted(Article).get(object_id=str(first.pk))
    url = reverse("admin:articles_article_recover", args=[version.pk])
    response = client.post(url, form_data(client.get(url), FORM))
    assert response.status_code == 302
    assert list(Article.objects.values_list("headline", flat=True)) == ["First deleted"]


def test_a_restore_leaves_out_topics_deleted_since_and_says_so(
    client, editor, make_story, make_topic, form_data
):
    """A revision naming a topic merged away restores without it, and the page names it."""
    gone, kept = make_topic(name="Gone topic"), make_topic(name="Kept topic")
    story = make_story(topics=[gone, kept])
    version = recorded(story, "With both topics")
    story.topics.remove(gone)
    gone.delete()
    client.force_login(editor)
    url = reverse("admin:articles_article_revision", args=[story.pk, version.pk])
    page = client.get(url)
    assert "Deleted since, so not restored: topic" in page.content.decode()
    assert client.post(url, form_data(page, FORM)).status_code == 302
    assert list(story.topics.names()) == ["Kept topic"]


@pytest.mark.parametrize("how", ["rename", "delete"])
def test_a_form_opened_before_a_topic_was_renamed_or_deleted_is_refused(
    change_url, client, editor, make_story, make_topic, form_data, how
):
    """The form names topics by name: saved after a rename it brought the old name back."""
    old, other = make_topic(name="Old name"), make_topic(name="Other")
    story = make_story(topics=[old, other])
    client.force_login(editor)
    opened = form_data(client.get(change_url(story)), FORM)
    if how == "rename":
        url = reverse("admin:articles_topic_change", args=[old.pk])
        client.post(url, {"name": "New name", "slug": old.slug, "description": ""})
    else:
        client.post(reverse("admin:articles_topic_delete", args=[old.pk]), {"post": "yes"})
    response = client.post(change_url(story), opened)
    assert "saved this article after you opened it" in response.content.decode()
    assert not Topic.objects.filter(name="Old name").exists()


def test_a_restore_leaves_out_library_photos_deleted_since_and_says_so(client, editor, make_story, form_data):
    """A photo taken out of a story may then be deleted from the library (no story shows it);
    a revision from before places it: it restores without that row, and the page says so."""
    from articles.models import ImageCaption, Photo
    from tests.image_files import photo_file

    story = make_story()
    gone = ImageCaption.objects.create(
        article=story, image=photo_file("gone.png"), caption="The old ministry", alt_text="A building"
    )
    kept = ImageCaption.objects.create(
        article=story, image=photo_file("kept.png"), caption="The new minister", alt_text="A man", position=2
    )
    version = recorded(story, "With both photos")
    library_photo = gone.photo
    gone.delete()
    library_photo.delete()
    client.force_login(editor)
    url = reverse("admin:articles_article_revision", args=[story.pk, version.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Deleted since, so not restored: library photo" in page.content.decode()
    assert client.post(url, form_data(page, FORM)).status_code == 302
    assert list(story.photos.values_list("caption", flat=True)) == ["The new minister"]
    assert (
        story.photos.get().photo_id == kept.photo_id
        and not Photo.objects.filter(pk=library_photo.pk).exists()
    )
