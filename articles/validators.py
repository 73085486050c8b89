"""Checks on uploaded photos, and the one correction made to them, before anything reaches storage."""

import io
import posixpath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

WEB_IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def validate_image_file(value):
    """Refuse uploads that are not whole, decodable web images within the configured limits.

    Files already in storage were checked when they were uploaded and are not read again.
    """
    if not value or getattr(value, "_committed", True):
        return
    check_image_file(value.file, value.size)


def check_image_file(source, size):
    """Raise ValidationError unless ``source`` (a binary file) is a usable web image.

    Django's ImageField only runs Pillow's ``verify()``, which accepts truncated files;
    decoding every pixel is the only way to be sure the image can be shown. The size and
    pixel limits are checked before decoding, so an oversized file costs no memory.
    """
    if size > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s; photos may be at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(settings.MAX_IMAGE_UPLOAD_BYTES)},
        )
    source.seek(0)
    try:
        with Image.open(source) as image:
            if image.format not in WEB_IMAGE_FORMATS:
                raise ValidationError(
                    _("%(format)s images cannot be shown on the web; upload a JPEG, PNG, GIF or WebP."),
                    code="unsupported_format",
                    params={"format": image.format},
                )
            width, height = image.size
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _(
                        "This image is %(width)s × %(height)s pixels; photos may have at most "
                        "%(limit)s million pixels."
                    ),
                    code="too_many_pixels",
                    params={
                        "width": width,
                        "height": height,
                        "limit": settings.MAX_IMAGE_PIXELS // 1_000_000,
                    },
                )
            image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image we can read (JPEG, PNG, GIF or WebP)."), code="invalid_image"
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This image is damaged or incomplete; please upload it again."), code="broken_image"
        ) from None
    finally:
        source.seek(0)


UPRIGHT_JPEG_QUALITY = 92


def upright_image(upload):
    """A JPEG ``upload`` whose EXIF says to turn it (as phones store photos), turned upright
    and without that tag, as a ContentFile of the same name; None if it needs no turning.

    Browsers turn such a photo when showing it, but its stored width and height are those
    before turning: pages would reserve the wrong shape and srcset name wrong widths.
    """
    upload.seek(0)
    with Image.open(upload) as image:
        if image.format != "JPEG" or image.getexif().get(ExifTags.Base.Orientation, 1) == 1:
            upload.seek(0)
            return None
        icc_profile = image.info.get("icc_profile")
        turned = ImageOps.exif_transpose(image)  # also drops the tag from the EXIF it keeps
        buffer = io.BytesIO()
        turned.save(
            buffer,
            format="JPEG",
            quality=UPRIGHT_JPEG_QUALITY,
            exif=turned.info.get("exif", b""),
            icc_profile=icc_profile,
        )
    upload.seek(0)
    return ContentFile(buffer.getvalue(), name=posixpath.basename(upload.name))


def row_id(value):
    """``value`` (from a URL or a query string) as a row id, or None if it cannot be one.

    Only ASCII digits ("²" passes ``str.isdigit`` but not ``int``), and only ids a 64-bit
    column holds (a longer number overflows SQLite's integers).
    """
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number < 2**63 else None
