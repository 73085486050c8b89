"""Photos an editor chose in the article form, kept between one submit and the next.

A browser never sends a chosen file again: when the article form comes back with an
error (a missing alt text, someone else's save in between), the photos chosen for it
were silently lost. So each valid upload is kept in media storage under
``stash/<time>-<random>/<name>``, a name nobody can guess and no page ever shows (the
form previews it as a ``data:`` address), and the form carries a signed token naming
it and the editor it belongs to. The next submit without a new file uses the kept one.

Kept photos are used, then removed, within a day; older ones are refused and removed
whenever another photo is kept.
"""

import base64
import io
import mimetypes
import posixpath
import secrets
import time
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

from ..renditions import on_white
from ..validators import web_picture

STASH_DIR = "stash"
KEEP_SECONDS = 24 * 60 * 60
PREVIEW_WIDTH = 240
_SALT = "articles.admin.photo_stash"
REFUSED = _("The photo kept from your last submit cannot be used; choose the file again.")


@dataclass(frozen=True)
class Kept:
    """A photo in the stash: its storage name and the signed token a form carries for it."""

    name: str
    token: str

    @property
    def file_name(self):
        return posixpath.basename(self.name)


class KeptUpload(SimpleUploadedFile):
    """A kept photo read back, standing in for the file the browser did not send again."""

    def __init__(self, kept, content):
        content_type = mimetypes.guess_type(kept.file_name)[0] or "application/octet-stream"
        super().__init__(kept.file_name, content, content_type=content_type)
        self.kept = kept


def keep(upload, *, owner):
    """Keep ``upload`` (a valid photo) for the user with id ``owner``; return its Kept."""
    remove_expired()
    folder = f"{STASH_DIR}/{int(time.time())}-{secrets.token_urlsafe(18)}"
    file_name = default_storage.get_valid_name(posixpath.basename(upload.name)) or "photo"
    name = default_storage.save(f"{folder}/{file_name}", upload)
    return Kept(name, signing.dumps({"name": name, "owner": owner}, salt=_SALT))


def take(token, *, owner):
    """The photo ``token`` names, as a KeptUpload; a ValidationError saying to choose the file
    again unless the token is unaltered, ``owner``'s, under a day old and its file still kept."""
    try:
        found = signing.loads(token, salt=_SALT, max_age=KEEP_SECONDS)
    except signing.BadSignature:  # altered, or too old (SignatureExpired is one too)
        raise ValidationError(REFUSED, code="kept_photo_refused") from None
    if owner is None or not isinstance(found, dict) or found.get("owner") != owner:
        raise ValidationError(REFUSED, code="kept_photo_refused")
    kept = Kept(found["name"], token)
    try:
        with default_storage.open(kept.name, "rb") as handle:
            return KeptUpload(kept, handle.read())
    except OSError:  # removed meanwhile (S3 says so with FileNotFoundError too)
        raise ValidationError(REFUSED, code="kept_photo_refused") from None


def preview(kept):
    """A small JPEG of a kept photo as a ``data:`` address ("" if it cannot be read)."""
    try:
        with default_storage.open(kept.name, "rb") as handle, Image.open(handle) as image:
            small, _profile = web_picture(image)  # a TIFF's too (stored as a JPEG later)
            small.thumbnail((PREVIEW_WIDTH, PREVIEW_WIDTH * 4))
            buffer = io.BytesIO()
            on_white(small).save(buffer, format="JPEG", quality=70)
    except (OSError, ValueError, Image.DecompressionBombError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def discard(kept):
    """Remove a kept photo and its folder, once used."""
    default_storage.delete(kept.name)
    default_storage.delete(posixpath.dirname(kept.name))  # a folder on disk; nothing on S3


def remove_expired():
    """Remove the photos kept for over a day (their tokens are refused by then); how many."""
    try:
        folders, _files = default_storage.listdir(STASH_DIR)
    except FileNotFoundError:  # nothing kept yet
        return 0
    oldest = time.time() - KEEP_SECONDS
    removed = 0
    for folder in folders:
        stamp = folder.partition("-")[0]
        if not stamp.isdigit() or int(stamp) >= oldest:
            continue
        path = f"{STASH_DIR}/{folder}"
        for file_name in default_storage.listdir(path)[1]:
            default_storage.delete(f"{path}/{file_name}")
        default_storage.delete(path)
        removed += 1
    return removed
