"""An editor uploads a photo in the story's form: what the photographer wrote into the file
fills the caption, credit and alt text the editor left empty, and a credit naming a known
organisation is linked to it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImageCaption, SourceOrganisation
from tests.image_files import iim_block, jpeg_with_metadata, xmp_packet

FORM = "article_form"
AGENCY_PHOTO = jpeg_with_metadata(
    iim=iim_block([(2, 120, "Вид на Алматы с Кок-Тобе"), (2, 110, "Азаттык")]),
    xmp=xmp_packet(alt={"x-default": "A city at the foot of mountains", "ru": "Город у подножия гор"}),
    size=(400, 300),
)


def send_photo(client, article, form_data, content, **fields):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url), FORM) | {
        "photos-TOTAL_FORMS": "1",
        "photos-0-position": "1",
        "photos-0-image": SimpleUploadedFile("almaty.jpg", content, content_type="image/jpeg"),
    }
    return client.post(url, data | {f"photos-0-{name}": value for name, value in fields.items()})


def test_the_files_caption_credit_and_alt_text_fill_the_empty_fields(client, editor, make_story, form_data):
    organisation = SourceOrganisation.objects.create(name="Radio Azattyq", name_ru="Азаттык", slug="azattyq")
    story = make_story(language="ru", headline="Вода", status=Article.Status.DRAFT)
    client.force_login(editor)
    response = send_photo(client, story, form_data, AGENCY_PHOTO)
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = ImageCaption.objects.get(article=story)
    assert photo.caption == "Вид на Алматы с Кок-Тобе"
    assert photo.credit == "Азаттык" and photo.credited_organisation == organisation
    assert photo.alt_text == "Город у подножия гор"  # the story's language where the file has it


def test_what_the_editor_typed_is_kept(client, editor, make_story, form_data):
    story = make_story(status=Article.Status.DRAFT)
    client.force_login(editor)
    response = send_photo(
        client, story, form_data, AGENCY_PHOTO, caption="Almaty at dusk", credit="Our own photographer"
    )
    assert response.status_code == 302
    photo = ImageCaption.objects.get(article=story)
    assert (photo.caption, photo.credit) == ("Almaty at dusk", "Our own photographer")
    assert photo.credited_organisation is None
    assert photo.alt_text == "A city at the foot of mountains"  # left empty: from the file


def test_without_a_caption_in_the_form_or_the_file_the_caption_is_required(
    client, editor, make_story, form_data
):
    story = make_story(status=Article.Status.DRAFT)
    client.force_login(editor)
    response = send_photo(client, story, form_data, jpeg_with_metadata(size=(400, 300)))
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][1].formset.errors[0]["caption"] == [
        "This field is required."
    ]
    assert not ImageCaption.objects.filter(article=story).exists()


def test_a_form_shown_again_for_another_error_shows_what_was_read(client, editor, make_story, form_data):
    story = make_story(status=Article.Status.DRAFT)
    client.force_login(editor)
    response = send_photo(client, story, form_data, AGENCY_PHOTO, after_paragraph="not a number")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Вид на Алматы с Кок-Тобе" in page and "Азаттык" in page
