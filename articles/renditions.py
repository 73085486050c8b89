"""Smaller copies of each photo for phones, lists and the admin, kept in media storage.

Each photo gets WebP renditions at a few widths, made once from the original and
stored under names derived from the photo's uid and its image's name, so a new image
gets new names (browser caches never show the old one) and the same image never needs
making twice. The names are recorded on the photo, so pages build ``srcset`` without
touching storage.
"""

import hashlib
import io
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from . import caching
from .models import ImageCaption

logger = logging.getLogger(__name__)

WIDTHS = (160, 480, 800, 1200)
QUALITY = 80


def rendition_names(photo):
    """{width: storage name} that ``photo``'s current image should have."""
    if not photo.image or not photo.width:
        return {}
    tag = hashlib.sha1(photo.image.name.encode("utf-8")).hexdigest()[:10]
    widths = [w for w in WIDTHS if w < photo.width] or [photo.width]
    if photo.width <= WIDTHS[-1] and photo.width not in widths:
        widths.append(photo.width)
    return {str(width): f"renditions/{photo.uid}/{tag}-{width}.webp" for width in widths}


def ensure_renditions(photo, *, check_storage=False):
    """Make whatever renditions ``photo`` lacks; return how many were made.

    With ``check_storage``, renditions recorded on the photo but missing from storage
    (say, after a database was moved to new media storage) are made again too.
    """
    wanted = rendition_names(photo)
    recorded = photo.renditions or {}
    missing = {
        width: name
        for width, name in wanted.items()
        if recorded.get(width) != name or (check_storage and not default_storage.exists(name))
    }
    if not missing and recorded == wanted:
        return 0
    if missing:
        with photo.image.open("rb") as handle, Image.open(handle) as original:
            original = ImageOps.exif_transpose(original)
            source = original.convert("RGBA" if original.mode in ("RGBA", "LA", "P") else "RGB")
            for width, name in missing.items():
                copy = source.copy()
                copy.thumbnail((int(width), int(width) * 10), Image.Resampling.LANCZOS)
                buffer = io.BytesIO()
                copy.save(buffer, format="WEBP", quality=QUALITY, method=2)
                # Replace any copy already there (storage would save beside it under a new
                # name). Deleting a missing file is no error, and spares S3 asking first.
                default_storage.delete(name)
                default_storage.save(name, ContentFile(buffer.getvalue()))
    # A queryset update: the rendition names are derived data, not an edit to revise.
    ImageCaption.objects.filter(pk=photo.pk).update(renditions=wanted)
    photo.renditions = wanted
    caching.content_changed()  # pages now offer the new sizes
    return len(missing)


def ensure_all_renditions(photos, *, check_storage=False):
    """Renditions for many photos; a photo whose image cannot be read is logged and skipped."""
    made = failed = 0
    for photo in photos:
        try:
            made += ensure_renditions(photo, check_storage=check_storage)
        except (OSError, ValueError) as exc:
            failed += 1
            logger.warning("No renditions for photo %s (%s): %s", photo.pk, photo.image.name, exc)
    return made, failed
