"""Photos for tests: small images, uploads, and the admin form sent back with one."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image


def png_bytes(size=(40, 30), colour="white"):
    """The bytes of a small PNG of one colour."""
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def photo_file(name="photo.png", size=(40, 30)):
    """A small PNG upload, for photos that must have their image (a row without one is never shown)."""
    return SimpleUploadedFile(name, png_bytes(size), content_type="image/png")


def upload(size=(1000, 600), name="photo.png"):
    """A PNG upload the size of a real photo, in one colour."""
    return SimpleUploadedFile(name, png_bytes(size, (90, 120, 150)), content_type="image/png")


def post_new_photo(client, article, form_data, image):
    """The article's admin form sent back with one new photo, as an editor's upload is."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url), "article_form") | {
        "photos-TOTAL_FORMS": "1",
        "photos-0-caption": "A caption",
        "photos-0-position": "1",
        "photos-0-image": image,
    }
    return client.post(url, data)
