"""Small image uploads for tests that need a photo with its file."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def photo_file(name="photo.png", size=(40, 30)):
    """A small PNG upload, for photos that must have their image (a row without one is never shown)."""
    buffer = BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
