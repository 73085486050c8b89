"""Smaller copies of each photo for phones, lists, the admin and social networks, kept in
media storage.

Each photo gets WebP renditions of the whole picture at a few widths, for ``srcset``, and
two crops around its focal point: a 3:2 WebP for the cards and a 1200 × 630 JPEG for
sharing (``og:image`` and JSON-LD: several social networks show no WebP). They are made
once from the original, turned upright as its EXIF says, and stored under names derived
from the photo's uid and its image's name (and, for the crops, its focal point), so a
new image or focal point gets new names (browser caches never show the old one) and the
same image never needs making twice. The names are recorded on the photo, so pages build
``srcset`` and their metadata without touching storage; the crops' names end in their
size. Copies made for an earlier image or focal point stay where they are: a page cached
somewhere, or a link shared on a social network (which fetches ``og:image`` when it
pleases), may still name them.

Nobody can guess them before a page shows them: the uid is random (uuid4), and the tag comes
from the stored name, itself under a random folder (``models.content.UnguessableName``).
A draft's photos and their renditions are therefore unreachable until the story is
published and its page prints their addresses.
"""

import hashlib
import io
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from . import caching
from .caching.keys import story_if_public
from .models import ImageCaption, Photo
from .models.content import (
    CARD_ASPECT,
    CARD_RENDITION,
    CARD_RENDITION_WIDTH,
    SHARE_ASPECT,
    SHARE_RENDITION,
    SHARE_RENDITION_WIDTH,
    crop_size,
    scaled_height,
)

logger = logging.getLogger(__name__)

WIDTHS = (160, 480, 800, 1200)
QUALITY = 80
SHARE_QUALITY = 85
# key: (proportion, widest, file ending) of the crops around the focal point.
CROPS = {
    CARD_RENDITION: (CARD_ASPECT, CARD_RENDITION_WIDTH, "webp"),
    SHARE_RENDITION: (SHARE_ASPECT, SHARE_RENDITION_WIDTH, "jpg"),
}


def rendition_names(photo):
    """{key: storage name} that ``photo``'s current image should have: a WebP rendition per
    width (keyed by the width), the cards' crop (``CARD_RENDITION``) and the JPEG for
    sharing (``SHARE_RENDITION``)."""
    if not photo.image or not photo.width or not photo.height:
        return {}
    tag = hashlib.sha1(photo.image.name.encode("utf-8")).hexdigest()[:10]
    widths = [w for w in WIDTHS if w < photo.width] or [photo.width]
    if photo.width <= WIDTHS[-1] and photo.width not in widths:
        widths.append(photo.width)
    names = {str(width): f"renditions/{photo.uid}/{tag}-{width}.webp" for width in widths}
    focus = f"{photo.image.name}@{photo.focal_x:.4f},{photo.focal_y:.4f}"
    crop_tag = hashlib.sha1(focus.encode("utf-8")).hexdigest()[:10]
    for key, (aspect, widest, ending) in CROPS.items():
        width, height = crop_size(photo.width, photo.height, aspect, widest)
        names[key] = f"renditions/{photo.uid}/{crop_tag}-{key}-{width}x{height}.{ending}"
    return names


def on_white(image):
    """``image`` in RGB with any transparent parts laid on white, as a JPEG needs."""
    if image.mode == "RGB":
        return image
    image = image.convert("RGBA")
    flat = Image.new("RGB", image.size, "white")
    flat.paste(image, mask=image.getchannel("A"))
    return flat


def _missing(photo, wanted, check_storage):
    recorded = photo.renditions or {}
    return {
        key: name
        for key, name in wanted.items()
        if recorded.get(key) != name or (check_storage and not default_storage.exists(name))
    }


def _encoded(source, key, photo):
    """The bytes of the rendition ``key`` of ``source`` (the upright original)."""
    if key in CROPS:
        aspect, widest, _ending = CROPS[key]
        size = crop_size(photo.width, photo.height, aspect, widest)
        copy = source.resize(size, Image.Resampling.LANCZOS, box=photo.crop_box(aspect))
    else:
        width = int(key)
        size = (width, scaled_height(photo.width, photo.height, width))
        copy = source.resize(size, Image.Resampling.LANCZOS)
    if key == SHARE_RENDITION:
        copy = on_white(copy)
        options = {"format": "JPEG", "quality": SHARE_QUALITY, "optimize": True, "progressive": True}
    else:
        options = {"format": "WEBP", "quality": QUALITY, "method": 2}
    buffer = io.BytesIO()
    copy.save(buffer, **options)
    return buffer.getvalue()


def ensure_renditions(photo, *, check_storage=False):
    """Make whatever renditions ``photo`` (a library Photo, or a placed one's) lacks; return
    how many were made.

    With ``check_storage``, renditions recorded on the photo but missing from storage
    (say, after a database was moved to new media storage) are made again too.
    """
    if isinstance(photo, ImageCaption):  # a placed photo: its library photo's
        photo = photo.photo
    wanted = rendition_names(photo)
    missing = _missing(photo, wanted, check_storage)
    if not missing and (photo.renditions or {}) == wanted:
        return 0
    if missing:
        with photo.image.open("rb") as handle, Image.open(handle) as original:
            original = ImageOps.exif_transpose(original)
            if original.size != (photo.width, photo.height):
                # A photo uploaded before uploads were stored upright: its recorded size is
                # the unturned one. Correct it (derived data, not an edit to revise) and
                # make the renditions its true width calls for.
                photo.width, photo.height = original.size
                Photo.objects.filter(pk=photo.pk).update(width=photo.width, height=photo.height)
                wanted = rendition_names(photo)
                missing = _missing(photo, wanted, check_storage)
            source = original.convert("RGBA" if original.mode in ("RGBA", "LA", "P") else "RGB")
            for key, name in missing.items():
                # Replace any copy already there (storage would save beside it under a new
                # name). Deleting a missing file is no error, and spares S3 asking first.
                default_storage.delete(name)
                default_storage.save(name, ContentFile(_encoded(source, key, photo)))
    # A queryset update: the rendition names are derived data, not an edit to revise.
    Photo.objects.filter(pk=photo.pk).update(renditions=wanted)
    photo.renditions = wanted
    # The pages of the stories showing it now offer the new sizes.
    placed_in = ImageCaption.objects.filter(photo=photo).values_list("article_id", flat=True).distinct()
    caching.announce(set().union(*(story_if_public(article_id) for article_id in placed_in)))
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
