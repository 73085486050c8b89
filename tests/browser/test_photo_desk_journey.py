"""The photo desk in Chromium: an editor places a library photo in a second story with a
caption of its own, choosing it by type-ahead among thumbnails, and uploads an agency JPEG
whose caption and credit fill in by themselves, and sets a photo's focal point with a click."""

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article, ImageCaption, Photo
from articles.renditions import ensure_renditions
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


def red_on_the_left(path):
    """A wide JPEG whose subject (red) stands at its left edge, the rest sky (blue)."""
    picture = Image.new("RGB", (1500, 600), (20, 60, 200))
    picture.paste((220, 20, 20), (0, 0, 240, 600))
    picture.save(path, format="JPEG", quality=90)


def test_an_editor_sets_the_focal_point_and_the_crops_keep_the_subject(
    sign_in, live_server, staff, page, tmp_path
):
    path = tmp_path / "minister.jpg"
    red_on_the_left(path)
    photo = Photo.objects.create(
        image=SimpleUploadedFile("minister.jpg", path.read_bytes(), content_type="image/jpeg"),
        caption="The minister arrives",
    )
    ensure_renditions(photo)
    centred = dict(photo.renditions)
    sign_in(page, staff("Editors", "ann"))
    page.goto(f"{live_server.url}/admin/articles/photo/{photo.pk}/change/")

    frame = page.locator(".focal-frame")
    expect(page.locator(".focal-marker")).to_be_visible()
    box = frame.locator("img").bounding_box()
    # A click on the subject, near the left edge, halfway down.
    page.mouse.click(box["x"] + box["width"] * 0.06, box["y"] + box["height"] * 0.5)
    across, down = page.get_by_label("Focal point across"), page.get_by_label("Focal point down")
    expect(across).not_to_have_value("50.0")
    x, y = float(across.input_value()), float(down.input_value())
    assert abs(x - 6) < 0.5 and abs(y - 50) < 0.5
    # The crops below are redrawn at once: the card's left edge is now the subject.
    card = page.locator(".focal-crop[data-aspect='3:2'] canvas")
    expect(card).to_be_visible()
    left_edge = card.evaluate("c => Array.from(c.getContext('2d').getImageData(2, c.height / 2, 1, 1).data)")
    assert left_edge[0] > 150 and left_edge[2] < 100
    # The arrow keys move it too, a step of one per cent.
    frame.focus()
    page.keyboard.press("ArrowDown")
    expect(down).to_have_value(str(round(y + 1, 1)).removesuffix(".0"))
    page.locator("input[name='_continue']").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == (round(x / 100, 4), round((y + 1) / 100, 4))
    assert photo.renditions["card"] != centred["card"]
    with default_storage.open(photo.renditions["card"]) as handle, Image.open(handle) as card_file:
        red, _green, blue = card_file.convert("RGB").getpixel((3, card_file.height // 2))
    assert red > 150 and blue < 100
