"""The photo desk in Chromium: an editor places a library photo in a second story with a
caption of its own, choosing it by type-ahead among thumbnails, and uploads an agency JPEG
whose caption and credit fill in by themselves."""

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from articles.models import Article, ImageCaption, Photo
from tests.image_files import iim_block, jpeg_with_metadata


def change_url(live_server, article):
    return f"{live_server.url}/admin/articles/article/{article.pk}/change/"


def test_an_editor_reuses_a_library_photo_with_another_caption(sign_in, live_server, staff, make_story, page):
    first = make_story(headline="The ministry's budget")
    second = make_story(headline="A new minister", status=Article.Status.DRAFT)
    placed = ImageCaption.objects.create(
        article=first,
        image=SimpleUploadedFile(
            "ministry.jpg", jpeg_with_metadata(size=(600, 400)), content_type="image/jpeg"
        ),
        caption="The ministry in May",
        credit="",
        alt_text="A grey ministry building",
    )
    placed.photo.credit = "Vlast.kz"
    placed.photo.save()
    sign_in(page, staff("Editors", "ann"))

    page.goto(change_url(live_server, second))
    photos = page.locator("#photos-group")
    photos.get_by_role("button", name="Add another Photo").click()
    row = photos.locator("#photos-0")
    row.locator(".field-photo .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially("ministry")
    answer = page.locator(".select2-container--open .photo-choice-answer", has_text="The ministry in May")
    expect(answer.locator("img")).to_be_visible()  # the thumbnail
    expect(answer).to_contain_text("[Vlast.kz]")
    answer.click()
    row.get_by_label("Caption").fill("The ministry on the day of the appointment")
    page.locator("input[name='_continue']").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    reused = ImageCaption.objects.get(article=second)
    assert reused.photo_id == placed.photo_id and Photo.objects.count() == 1
    assert reused.caption == "The ministry on the day of the appointment"
    assert reused.alt_text == "A grey ministry building"  # the library photo's, offered

    page.goto(f"{live_server.url}/admin/articles/photo/")
    expect(page.get_by_role("link", name="2 stories")).to_be_visible()


def test_an_agency_jpeg_fills_in_its_caption_and_credit(
    sign_in, live_server, staff, make_story, page, tmp_path
):
    story = make_story(headline="Floods in the south", status=Article.Status.DRAFT)
    path = tmp_path / "flood.jpg"
    path.write_bytes(
        jpeg_with_metadata(
            iim=iim_block(
                [(2, 120, "Паводок в Туркестанской области"), (2, 110, "Vlast.kz"), (2, 80, "Ерлан Ким")]
            ),
            size=(600, 400),
        )
    )
    sign_in(page, staff("Editors", "ann"))
    page.goto(change_url(live_server, story))
    photos = page.locator("#photos-group")
    photos.get_by_role("button", name="Add another Photo").click()
    row = photos.locator("#photos-0")
    row.locator("input[name='photos-0-image']").set_input_files(path)
    row.get_by_label("Alt text").fill("Flooded streets")
    page.locator("input[name='_continue']").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    row = page.locator("#photos-group #photos-0")
    expect(row.get_by_label("Caption")).to_have_value("Паводок в Туркестанской области")
    expect(row.get_by_label("Credit:", exact=True)).to_have_value("Vlast.kz")
    photo = ImageCaption.objects.get(article=story).photo
    assert photo.photographer == "Ерлан Ким" and photo.renditions
