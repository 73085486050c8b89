"""Small images for tests that need a photo with its file."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(size=(40, 30), colour="white"):
    """The bytes of a small PNG of one colour."""
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def photo_file(name="photo.png", size=(40, 30)):
    """A small PNG upload, for photos that must have their image (a row without one is never shown)."""
    return SimpleUploadedFile(name, png_bytes(size), content_type="image/png")
