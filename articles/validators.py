"""Checks on uploaded photos, and the one correction made to them, before anything reaches storage."""

import io
import posixpath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

WEB_IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def validate_image_file(value):
    """Refuse uploads that are not whole, decodable web images within the configured limits.

    Files already in storage were checked when they were uploaded and are not read again.
    """
    if not value or getattr(value, "_committed", True):
        return
    check_image_file(value.file, value.size)


def check_image_file(source, size):
    """Raise ValidationError unless ``source`` (a binary file) is a usable web image, or a
    TIFF ``web_ready`` can make into one.

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
            if image.format not in WEB_IMAGE_FORMATS | CONVERTED_FORMATS:
                raise ValidationError(
                    _("%(format)s images cannot be shown on the web; upload a JPEG, PNG, GIF, WebP or TIFF."),
                    code="unsupported_format",
                    params={"format": image.format},
                )
            if image.format in CONVERTED_FORMATS and image.mode not in CONVERTIBLE_MODES:
                raise ValidationError(
                    _(
                        "This %(format)s stores its colours as %(mode)s, which cannot be made into a "
                        "web image here; save it as an 8-bit RGB TIFF or a JPEG."
                    ),
                    code="unsupported_mode",
                    params={"format": image.format, "mode": image.mode},
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
            _("This file is not an image we can read (JPEG, PNG, GIF, WebP or TIFF)."), code="invalid_image"
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This image is damaged or incomplete; please upload it again."), code="broken_image"
        ) from None
    finally:
        source.seek(0)


UPRIGHT_JPEG_QUALITY = 92

# What agencies and scanners send that browsers do not show: accepted, and stored as a
# JPEG (or a PNG, where the picture has transparent parts) by ``web_ready``.
CONVERTED_FORMATS = {"TIFF"}
# The pixel formats of those that ``web_ready`` knows how to bring to 8 bits a sample.
CONVERTIBLE_MODES = {"1", "L", "LA", "P", "PA", "RGB", "RGBA", "RGBX", "CMYK", "I", "I;16", "I;16B", "I;16L"}


def web_ready(upload):
    """``upload`` as browsers can show it, as a ContentFile of the same name (its ending
    changed if the format is), or None if it is fine as it is.

    A TIFF becomes a JPEG, or a PNG if it has transparent parts: 16-bit samples are scaled
    to 8 (not clipped to white), CMYK is brought to RGB through the file's colour profile
    when it has one. A JPEG whose EXIF says to turn it (as phones store photos) is stored
    turned and without that tag: browsers would turn it when showing it, but its stored
    width and height would be those before turning, and srcset would name wrong widths.
    The photo's metadata was read from the original before this (``photo_metadata``).
    """
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            name = posixpath.basename(upload.name)
            if image.format in CONVERTED_FORMATS:
                return _converted(image, name)
            if image.format == "JPEG" and image.getexif().get(ExifTags.Base.Orientation, 1) != 1:
                return _turned(image, name)
            return None
    finally:
        upload.seek(0)


def _turned(image, name):
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
    return ContentFile(buffer.getvalue(), name=name)


def _converted(image, name):
    picture, icc_profile = web_picture(image)
    transparent = picture.mode in ("LA", "PA", "RGBA") or "transparency" in picture.info
    stem = posixpath.splitext(name)[0] or "photo"
    buffer = io.BytesIO()
    if transparent:
        picture.convert("RGBA").save(buffer, format="PNG", optimize=True, icc_profile=icc_profile)
        return ContentFile(buffer.getvalue(), name=f"{stem}.png")
    if picture.mode not in ("L", "RGB"):
        picture = picture.convert("RGB")
    picture.save(buffer, format="JPEG", quality=UPRIGHT_JPEG_QUALITY, icc_profile=icc_profile)
    return ContentFile(buffer.getvalue(), name=f"{stem}.jpg")


def web_picture(image):
    """``image`` (an opened Pillow image) upright with 8 bits a sample, in RGB rather than
    CMYK, and the colour profile it should be saved with (None: sRGB)."""
    icc_profile = image.info.get("icc_profile")
    picture = ImageOps.exif_transpose(image)
    if picture.mode in ("I", "I;16", "I;16B", "I;16L"):
        # One sample of 16 bits (or 32 whole ones): scaled to the 0-255 a JPEG holds.
        picture = picture.convert("I").point(lambda value: value / 256).convert("L")
    elif picture.mode == "CMYK":
        picture, icc_profile = _cmyk_to_rgb(picture, icc_profile)
    return picture, icc_profile


def _cmyk_to_rgb(picture, icc_profile):
    """A CMYK picture in sRGB, through its own colour profile when it carries one (a plain
    conversion otherwise); and the profile the result should carry (None: sRGB)."""
    if icc_profile:
        try:
            return (
                ImageCms.profileToProfile(
                    picture,
                    ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
                    ImageCms.createProfile("sRGB"),
                    outputMode="RGB",
                ),
                None,
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a damaged profile: the plain conversion below
    return picture.convert("RGB"), None


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
