"""Uploaded photos are stored under names nobody can guess: media storage serves any file to
whoever has its address, and a draft's photos are uploaded before it is published."""

import posixpath

from django.utils import timezone

from articles.models import Author, ImageCaption
from tests.image_files import photo_file


def test_an_uploaded_photo_is_stored_under_a_random_folder_keeping_its_name(make_article, media_root):
    """Not photos/<year>/<month>/<name as uploaded>: a random folder no page of a draft shows."""
    draft = make_article(status="draft")
    first = ImageCaption.objects.create(article=draft, image=photo_file("raid.png"), caption="A raid")
    second = ImageCaption.objects.create(article=draft, image=photo_file("raid.png"), caption="Again")
    month = f"photos/{timezone.now():%Y/%m}"
    for photo in (first, second):
        folder, name = posixpath.split(photo.image.name)
        assert posixpath.dirname(folder) == month and name == "raid.png"
        assert len(posixpath.basename(folder)) >= 20  # 128 random bits, URL-safe
        assert (media_root / photo.image.name).is_file()
    assert posixpath.dirname(first.image.name) != posixpath.dirname(second.image.name)


def test_an_author_photo_is_stored_under_a_random_folder(db, media_root):
    """An author only drafts name yet has no public page; their photo has no guessable address."""
    author = Author.objects.create(
        name="Zhanna Unpublishedova", slug="zhanna", photo=photo_file("zhanna.png")
    )
    folder, name = posixpath.split(author.photo.name)
    assert posixpath.dirname(folder) == "authors" and name == "zhanna.png"
    assert len(posixpath.basename(folder)) >= 20
