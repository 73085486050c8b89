"""Photo uploads: anything that is not a whole web image within the limits is refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from PIL import ExifTags, Image

from articles.models import Author, Photo

PhotoForm = modelform_factory(Photo, fields=("image", "caption", "credit"))
AuthorForm = modelform_factory(Author, fields=("name", "slug", "photo"))


def image_bytes(size=(40, 30), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def submit(article, content, name="photo.png"):
    form = PhotoForm(
        data={"article": article.pk, "caption": "Members of a club meet.", "credit": "Courtesy of X"},
        files={"image": SimpleUploadedFile(name, content)},
    )
    return form


def test_valid_photo_is_saved_with_its_dimensions(make_article, media_root):
    """The happy path: the image is stored and its size recorded for the page layout."""
    form = submit(make_article(), image_bytes((40, 30)))
    assert form.is_valid(), form.errors
    photo = form.save()
    assert (photo.width, photo.height) == (40, 30)
    assert (media_root / photo.image.name).is_file()


def test_a_jpeg_with_an_exif_turn_is_stored_upright(make_article, media_root):
    """Phones save photos sideways with an EXIF turn; stored upright, every size agrees with the file."""
    sideways = Image.new("RGB", (400, 200), "blue")
    sideways.paste("red", (0, 0, 200, 200))  # the left half: the top once turned a quarter clockwise
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    buffer = io.BytesIO()
    sideways.save(buffer, format="JPEG", exif=exif)
    form = submit(make_article(), buffer.getvalue(), name="phone.jpg")
    assert form.is_valid(), form.errors
    photo = form.save()
    assert (photo.width, photo.height) == (200, 400)
    with Image.open(media_root / photo.image.name) as stored:
        assert stored.format == "JPEG" and stored.size == (200, 400)
        assert stored.getexif().get(ExifTags.Base.Orientation, 1) == 1
        red, _green, blue = stored.convert("RGB").getpixel((100, 20))
        assert red > 200 and blue < 60


def test_a_file_that_is_not_an_image_is_refused(make_article):
    """A PDF or text file renamed .png must not reach storage."""
    form = submit(make_article(), b"%PDF-1.4 this is not an image at all")
    assert not form.is_valid()
    assert "image" in form.errors
    assert Photo.objects.count() == 0


def test_a_truncated_image_is_refused_with_a_clear_message(make_article):
    """Pillow's quick check passes a cut-off file; decoding every pixel does not."""
    whole = image_bytes((400, 300), fmt="JPEG")
    form = submit(make_article(), whole[: len(whole) // 2], name="cut.jpg")
    assert not form.is_valid()
    assert "damaged or incomplete" in str(form.errors["image"])


def test_a_file_over_the_size_limit_is_refused(make_article, settings):
    """The limit is configurable (MAX_IMAGE_UPLOAD_MB); the message gives both sizes."""
    settings.MAX_IMAGE_UPLOAD_BYTES = 100
    form = submit(make_article(), image_bytes((60, 60)))
    assert not form.is_valid()
    assert "photos may be at most 100" in str(form.errors["image"])


def test_an_image_with_too_many_pixels_is_refused(make_article, settings):
    """A small file can still decode into a huge image (a decompression bomb)."""
    settings.MAX_IMAGE_PIXELS = 1_000_000
    form = submit(make_article(), image_bytes((1200, 1000)))
    assert not form.is_valid()
    assert "1200 × 1000 pixels" in str(form.errors["image"])


def test_formats_browsers_cannot_show_are_refused(make_article):
    """A TIFF or BMP would be stored but never display on the site."""
    form = submit(make_article(), image_bytes(fmt="BMP"), name="photo.bmp")
    assert not form.is_valid()
    assert "BMP" in str(form.errors["image"])


def test_the_form_keeps_the_editors_other_input(make_article):
    """A refused photo must not cost the editor the caption they typed."""
    form = submit(make_article(), b"not an image")
    assert not form.is_valid()
    assert form["caption"].value() == "Members of a club meet."
    assert form["credit"].value() == "Courtesy of X"


@pytest.mark.parametrize("content", [b"", b"GIF89a"])
def test_author_photos_are_checked_the_same_way(db, content):
    """Author photos go through the same validation as article photos."""
    form = AuthorForm(
        data={"name": "Ksenia Bondal", "slug": "ksenia-bondal"},
        files={"photo": SimpleUploadedFile("me.gif", content)},
    )
    assert not form.is_valid()
    assert "photo" in form.errors
