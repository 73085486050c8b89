"""The photo library: a photo stored once, placed in many stories with their own captions,
found by what it says, narrowed by rights, and never published past its last day of use."""

import json
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import publishing, services
from articles.models import Article, ImageCaption, Photo, SourceOrganisation
from tests.image_files import iim_block, jpeg_with_metadata, photo_file, xmp_packet

FORM = "article_form"
LIBRARY = reverse("admin:articles_photo_changelist")


def library_photo(**fields):
    return Photo.objects.create(
        **({"image": photo_file("ministry.png"), "caption": "The ministry", "credit": "Vlast.kz"} | fields)
    )


def send_rows(client, story, form_data, **row):
    """The story's form sent back with one new photo row (``row``: its fields)."""
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = form_data(client.get(url), FORM) | {"photos-TOTAL_FORMS": "1", "photos-0-position": "1"}
    return client.post(url, data | {f"photos-0-{name}": value for name, value in row.items()})


def test_a_library_photo_runs_in_a_second_story_with_its_own_caption(client, editor, make_story, form_data):
    photo = library_photo(alt_text="A grey building")
    first = make_story(headline="Budget", status=Article.Status.DRAFT)
    second = make_story(headline="Reshuffle", status=Article.Status.DRAFT)
    ImageCaption.objects.create(article=first, photo=photo, caption="The ministry in May", alt_text="x")
    client.force_login(editor)
    response = send_rows(client, second, form_data, photo=photo.pk, caption="The minister's office")
    assert response.status_code == 302, response.content.decode()[:3000]
    placed = ImageCaption.objects.get(article=second)
    assert placed.photo == photo and placed.caption == "The minister's office"
    assert placed.alt_text == "A grey building"  # left empty: the library photo's default
    assert Photo.objects.count() == 1
    assert ImageCaption.objects.get(article=first).caption == "The ministry in May"
    assert placed.printed_credit == "Vlast.kz"  # no credit of its own: the library's


def test_a_chosen_photo_offers_its_default_caption(client, editor, make_story, form_data):
    photo = library_photo()
    story = make_story(status=Article.Status.DRAFT)
    client.force_login(editor)
    assert send_rows(client, story, form_data, photo=photo.pk).status_code == 302
    assert ImageCaption.objects.get(article=story).caption == "The ministry"


def test_a_library_photo_and_a_new_file_at_once_are_refused(client, editor, make_story, form_data):
    story = make_story(status=Article.Status.DRAFT)
    client.force_login(editor)
    response = send_rows(
        client, story, form_data, photo=library_photo().pk, caption="x", image=photo_file("other.png")
    )
    assert response.status_code == 200
    assert "Choose a photo from the library or upload a new file, not both." in response.content.decode()
    assert Photo.objects.count() == 1 and not ImageCaption.objects.filter(article=story).exists()


def test_a_new_file_becomes_a_library_photo_with_what_it_says(client, editor, make_story, form_data):
    agency = SourceOrganisation.objects.create(name="Vlast.kz", slug="vlast-kz")
    data = jpeg_with_metadata(
        iim=iim_block(
            [(2, 120, "Акимат Алматы"), (2, 110, "Vlast.kz"), (2, 80, "Ерлан Ким"), (2, 55, "20240305")]
        ),
        xmp=xmp_packet(rights="© Vlast.kz", usage="Editorial use only", subjects=("акимат", "Алматы")),
        size=(400, 300),
    )
    story = make_story(status=Article.Status.DRAFT)
    client.force_login(editor)
    response = send_rows(
        client, story, form_data, image=SimpleUploadedFile("akimat.jpg", data, content_type="image/jpeg")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    photo = ImageCaption.objects.get(article=story).photo
    assert (photo.caption, photo.credit, photo.credited_organisation) == ("Акимат Алматы", "Vlast.kz", agency)
    assert (photo.photographer, photo.copyright_notice, photo.usage_terms) == (
        "Ерлан Ким",
        "© Vlast.kz",
        "Editorial use only",
    )
    assert photo.keywords == "акимат, Алматы" and photo.taken_on.isoformat() == "2024-03-05"
    assert photo.renditions  # made at once, as for any upload


def test_a_story_showing_a_photo_past_its_rights_is_not_published(
    change_url, client, editor, make_story, form_data
):
    story = make_story(status=Article.Status.DRAFT)
    ended = timezone.localdate() - timedelta(days=1)
    ImageCaption.objects.create(
        article=story, image=photo_file(), caption="Archive", alt_text="A crowd", usable_until=ended
    )
    client.force_login(editor)
    response = client.post(
        change_url(story), form_data(client.get(change_url(story)), FORM) | {"_workflow": "publish"}
    )
    assert response.status_code == 200
    assert (
        "usage rights ended on" in response.content.decode()
        and "a published story cannot show it" in response.content.decode()
    )
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT
    # The same check when publishing from the list.
    assert any("its usage rights ended on" in problem for problem in publishing.publish_problems(story))
    result = services.publish([story], user=editor)
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT and result.changed == 0
    ((refused, problems),) = result.refused
    assert refused.pk == story.pk and "another photo in place of photo 1" in problems[0]


def test_rights_ending_today_still_allow_publishing(make_story):
    story = make_story(status=Article.Status.DRAFT)
    ImageCaption.objects.create(
        article=story, image=photo_file(), caption="Today", alt_text="x", usable_until=timezone.localdate()
    )
    assert publishing.publish_problems(story) == []


def test_the_library_finds_photos_by_what_they_say_and_narrows_by_rights(client, editor, make_article):
    today = timezone.localdate()
    ended = library_photo(
        caption="Flood in Naryn", photographer="Aida Sultanova", usable_until=today - timedelta(days=3)
    )
    soon = library_photo(caption="Akimat", keywords="акимат, Алматы", usable_until=today + timedelta(days=20))
    free = library_photo(caption="Mountains", usable_until=None)
    for story in (make_article(), make_article()):
        ImageCaption.objects.create(article=story, photo=soon, caption="Akimat")
    client.force_login(editor)

    def listed(**query):
        page = client.get(LIBRARY, query).content.decode()
        return {
            photo.caption
            for photo in (ended, soon, free)
            if f"/admin/articles/photo/{photo.pk}/change/" in page
        }

    assert listed(q="Sultanova") == {"Flood in Naryn"}
    assert listed(q="акимат") == {"Akimat"}
    assert listed(rights="expired") == {"Flood in Naryn"}
    assert listed(rights="expiring") == {"Akimat"}
    assert listed(rights="unlimited") == {"Mountains"}
    page = client.get(LIBRARY).content.decode()
    assert f'href="/admin/articles/article/?photo={soon.pk}">2 stories</a>' in page
    stories = client.get(reverse("admin:articles_article_changelist"), {"photo": soon.pk})
    assert stories.status_code == 200 and stories.context["cl"].result_count == 2
    assert client.get(reverse("admin:articles_article_changelist"), {"photo": "abc"}).status_code == 200


def test_the_type_ahead_answers_with_thumbnails_and_warnings(client, editor):
    today = timezone.localdate()
    library_photo(caption="Parliament", usable_until=today - timedelta(days=1))
    client.force_login(editor)
    answer = client.get(
        reverse("admin:articles_photo_choices"),
        {"term": "Parliament", "app_label": "articles", "model_name": "imagecaption", "field_name": "photo"},
    )
    (result,) = json.loads(answer.content)["results"]
    assert result["thumbnail"].endswith(".webp") or result["thumbnail"].endswith(".png")
    assert result["credit"] == "Vlast.kz" and result["warning"].startswith("usage rights ended on")


def test_contributors_use_the_library_but_do_not_delete_from_it(newsroom_groups, make_staff):
    contributor = make_staff("Contributors")
    assert contributor.has_perms(["articles.view_photo", "articles.add_photo", "articles.change_photo"])
    assert not contributor.has_perm("articles.delete_photo")
    assert make_staff("Editors").has_perm("articles.delete_photo")


def test_a_photo_placed_in_a_story_cannot_be_deleted(client, editor, make_article):
    photo = library_photo()
    ImageCaption.objects.create(article=make_article(), photo=photo, caption="x")
    client.force_login(editor)
    response = client.post(reverse("admin:articles_photo_delete", args=[photo.pk]), {"post": "yes"})
    assert response.status_code == 200 and Photo.objects.filter(pk=photo.pk).exists()
    assert "Cannot delete" in response.content.decode() or "protected" in response.content.decode()


def test_a_library_change_shows_on_every_story_placing_it(make_story):
    photo = library_photo()
    stories = [make_story(), make_story()]
    for story in stories:
        ImageCaption.objects.create(article=story, photo=photo, caption="The ministry", alt_text="x")
    for story in stories:
        assert "[Vlast.kz]" in Client().get(story.get_absolute_url()).content.decode()
    photo.credit = "Vlast.kz / Archive"
    photo.save()
    for story in stories:
        assert "[Vlast.kz / Archive]" in Client().get(story.get_absolute_url()).content.decode()


def test_a_cleared_choice_keeps_the_rows_photo(client, editor, make_story, form_data):
    """Clearing the type-ahead of a placed row neither fails nor takes the photo out."""
    story = make_story(status=Article.Status.DRAFT)
    placed = ImageCaption.objects.create(article=story, photo=library_photo(), caption="x", alt_text="y")
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[story.pk])
    response = client.post(url, form_data(client.get(url), FORM) | {"photos-0-photo": ""})
    assert response.status_code == 302
    assert ImageCaption.objects.get(pk=placed.pk).photo_id == placed.photo_id


def test_contributors_change_no_library_photo_a_published_story_shows(
    newsroom_groups, make_staff, make_article, make_organisation, form_data
):
    """Its credit prints on the published story: the same rule as for authors."""
    contributor = make_staff("Contributors")
    photo = library_photo()
    ImageCaption.objects.create(article=make_article(), photo=photo, caption="Live", alt_text="x")
    client = Client()
    client.force_login(contributor)
    change = reverse("admin:articles_photo_change", args=[photo.pk])
    assert client.post(change, {"caption": "Changed", "credit": "Someone else"}).status_code == 403
    photo.refresh_from_db()
    assert (photo.caption, photo.credit) == ("The ministry", "Vlast.kz")
    # Nor through a draft of their own that places the same photo.
    draft = make_article(status=Article.Status.DRAFT, created_by=contributor)
    ImageCaption.objects.create(article=draft, photo=photo, caption="Draft", alt_text="x")
    url = reverse("admin:articles_article_change", args=[draft.pk])
    data = form_data(client.get(url), FORM) | {"photos-0-credited_organisation": make_organisation().pk}
    response = client.post(url, data)
    assert response.status_code == 200 and "only editors may change its credited organisation" in (
        response.content.decode()
    )
    photo.refresh_from_db()
    assert photo.credited_organisation is None
    # Placing it, unchanged, is fine.
    assert client.post(url, form_data(client.get(url), FORM)).status_code == 302


def test_contributors_correct_a_library_photo_no_published_story_shows(newsroom_groups, make_staff):
    contributor = make_staff("Contributors")
    photo = library_photo()
    client = Client()
    client.force_login(contributor)
    change = reverse("admin:articles_photo_change", args=[photo.pk])
    response = client.post(change, {"caption": "The ministry at night", "credit": "Vlast.kz"})
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "The ministry at night"
