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
    """A BMP would be stored but never display on the site (a TIFF is converted, below)."""
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


def tiff_bytes(image, **options):
    buffer = io.BytesIO()
    image.save(buffer, format="TIFF", **options)
    return buffer.getvalue()


def test_a_tiff_from_an_agency_is_stored_as_a_jpeg_browsers_show(make_article, media_root):
    """Agencies and scanners send TIFFs, which browsers do not show: the library stores the
    picture as a JPEG (same size, same colours) under the same name with its new ending."""
    picture = Image.new("RGB", (300, 200), (20, 90, 200))
    picture.paste((230, 40, 20), (0, 0, 150, 200))
    form = submit(make_article(), tiff_bytes(picture, compression="tiff_lzw"), name="ТАСС 0412.tif")
    assert form.is_valid(), form.errors
    photo = form.save()
    assert photo.image.name.endswith(".jpg") and "ТАСС" in photo.image.name
    assert (photo.width, photo.height) == (300, 200)
    with Image.open(media_root / photo.image.name) as stored:
        assert stored.format == "JPEG" and stored.size == (300, 200)
        red, _green, blue = stored.convert("RGB").getpixel((40, 100))
        assert red > 200 and blue < 60
        red, _green, blue = stored.convert("RGB").getpixel((260, 100))
        assert blue > 170 and red < 60


def test_a_tiff_with_transparency_is_stored_as_a_png(make_article, media_root):
    cut_out = Image.new("RGBA", (120, 80), (0, 0, 0, 0))
    cut_out.paste((10, 160, 60, 255), (30, 20, 90, 60))
    form = submit(make_article(), tiff_bytes(cut_out), name="logo.tiff")
    assert form.is_valid(), form.errors
    photo = form.save()
    assert photo.image.name.endswith("/logo.png")
    with Image.open(media_root / photo.image.name) as stored:
        assert stored.format == "PNG" and stored.mode == "RGBA"
        assert stored.getpixel((5, 5))[3] == 0 and stored.getpixel((60, 40))[3] == 255


def test_a_sixteen_bit_greyscale_tiff_keeps_its_tones(make_article, media_root):
    """Scanners write 16 bits a sample; a JPEG holds 8: tones are scaled, not clipped to white."""
    row = [0] * 32 + [30000] * 32  # black, then a mid grey far above 255
    scan = Image.frombytes("I;16", (64, 32), b"".join(v.to_bytes(2, "little") for v in row * 32))
    form = submit(make_article(), tiff_bytes(scan), name="scan.tif")
    assert form.is_valid(), form.errors
    photo = form.save()
    with Image.open(media_root / photo.image.name) as stored:
        assert stored.format == "JPEG"
        grey = stored.convert("L")
        assert grey.getpixel((10, 10)) < 10
        assert 100 < grey.getpixel((50, 10)) < 140  # 30000 / 65535 of white


def test_a_cmyk_tiff_is_stored_in_rgb(make_article, media_root):
    print_file = Image.new("CMYK", (50, 40), (0, 255, 255, 0))  # printers' red
    form = submit(make_article(), tiff_bytes(print_file), name="print.tif")
    assert form.is_valid(), form.errors
    photo = form.save()
    with Image.open(media_root / photo.image.name) as stored:
        assert stored.mode == "RGB"
        red, green, blue = stored.getpixel((25, 20))
        assert red > 200 and green < 60 and blue < 60


def test_author_photos_sent_as_tiff_or_sideways_are_stored_for_the_web(db, media_root):
    """The author's photo goes through the same conversion as the library's."""
    sideways = Image.new("RGB", (80, 40), "green")
    form = AuthorForm(
        data={"name": "Ksenia Bondal", "slug": "ksenia-bondal"},
        files={"photo": SimpleUploadedFile("me.tif", tiff_bytes(sideways))},
    )
    assert form.is_valid(), form.errors
    author = form.save()
    assert author.photo.name.endswith("/me.jpg")
    with Image.open(media_root / author.photo.name) as stored:
        assert stored.format == "JPEG" and stored.size == (80, 40)
