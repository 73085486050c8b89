"""Crops that keep the subject: a library photo's focal point decides what its cards' 3:2
thumbnail and its 1200 × 630 copy for sharing keep; the story page shows the whole picture."""

import json
import re
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from articles.models import ImageCaption, Photo
from articles.models.content import CARD_ASPECT, SHARE_ASPECT, crop_box, crop_size
from articles.renditions import ensure_renditions

RED = (220, 20, 20)
BLUE = (20, 60, 200)


def subject_on_the_left(size=(2400, 1000)):
    """A wide PNG whose subject (red) fills its left sixth, the rest sky (blue)."""
    picture = Image.new("RGB", size, BLUE)
    picture.paste(RED, (0, 0, size[0] // 6, size[1]))
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return SimpleUploadedFile("square.png", buffer.getvalue(), content_type="image/png")


def stored(name):
    with default_storage.open(name) as handle, Image.open(handle) as image:
        return image.convert("RGB")


def looks_red(pixel):
    return pixel[0] > 150 and pixel[2] < 100


@pytest.mark.parametrize(
    ("size", "aspect", "focus", "box"),
    [
        # Wider than 3:2: all the height, as wide as 3:2 allows, centred on the point.
        ((2400, 1000), (3, 2), (0.5, 0.5), (450, 0, 1950, 1000)),
        # The point near an edge: the box stops at the edge.
        ((2400, 1000), (3, 2), (0.02, 0.5), (0, 0, 1500, 1000)),
        ((2400, 1000), (3, 2), (1.0, 0.0), (900, 0, 2400, 1000)),
        # Taller than the crop: all the width; the point moves the box up or down.
        ((1000, 1500), (1200, 630), (0.5, 0.1), (0, 0, 1000, 525)),
        ((1000, 1500), (1200, 630), (0.5, 0.5), (0, 488, 1000, 1013)),
        ((1000, 1500), (1200, 630), (0.5, 1.0), (0, 975, 1000, 1500)),
        # Already in proportion: the whole picture, wherever the point is.
        ((300, 200), (3, 2), (0.9, 0.9), (0, 0, 300, 200)),
    ],
)
def test_the_crop_is_the_largest_box_centred_on_the_point(size, aspect, focus, box):
    assert crop_box(*size, aspect, *focus) == box


def test_crops_are_never_upscaled():
    assert crop_size(2400, 1000, SHARE_ASPECT, 1200) == (1200, 630)
    assert crop_size(2400, 1000, CARD_ASPECT, 480) == (480, 320)
    assert crop_size(600, 400, SHARE_ASPECT, 1200) == (600, 315)  # the box itself
    assert crop_size(100, 1000, CARD_ASPECT, 480) == (100, 67)


def test_the_crops_keep_the_subject_where_the_focal_point_is(db):
    photo = Photo.objects.create(image=subject_on_the_left(), caption="x")
    ensure_renditions(photo)
    centred = dict(photo.renditions)
    card, share = stored(centred["card"]), stored(centred["share"])
    assert card.size == (480, 320) and share.size == (1200, 630)
    assert not looks_red(card.getpixel((5, 160)))  # the middle of the picture: sky only

    photo.focal_x, photo.focal_y = 0.08, 0.5
    photo.save()
    assert ensure_renditions(photo) == 2  # the two crops; the whole picture's copies stay
    card, share = stored(photo.renditions["card"]), stored(photo.renditions["share"])
    assert looks_red(card.getpixel((5, 160))) and looks_red(share.getpixel((5, 315)))
    assert not looks_red(card.getpixel((470, 160)))
    # New addresses (caches never show the old crop); the whole picture's are the same.
    assert photo.renditions["card"] != centred["card"] and photo.renditions["share"] != centred["share"]
    assert {k: v for k, v in photo.renditions.items() if k.isdigit()} == {
        k: v for k, v in centred.items() if k.isdigit()
    }


def test_pages_use_the_crops_and_the_story_the_whole_picture(client, make_article, settings):
    settings.SITE_URL = "https://news.example"
    article = make_article(topics=["Prisons"])
    photo = Photo.objects.create(image=subject_on_the_left(), caption="x", focal_x=0.08)
    ImageCaption.objects.create(article=article, photo=photo, caption="Inmates", alt_text="Inmates")
    ensure_renditions(photo)
    page = client.get(article.get_absolute_url()).content.decode()
    share_url = default_storage.url(photo.renditions["share"])
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', page))
    assert meta["og:image"] == meta["twitter:image"] == f"https://news.example{share_url}"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["image"][0]["url"].endswith(share_url)
    assert (data["image"][0]["width"], data["image"][0]["height"]) == (1200, 630)
    # The story itself: the whole picture, with its srcset, at its own proportions.
    assert 'width="2400" height="1000"' in page and photo.srcset in page
    # The cards: the 3:2 crop, 160 px wide and so 107 high.
    listing = client.get(reverse("articles:topic", args=["prisons"])).content.decode()
    card_url = default_storage.url(photo.renditions["card"])
    assert f'<img class="card-photo" src="{card_url}" alt="" width="160" height="107"' in listing


def test_make_renditions_remakes_the_crops_of_photos_made_before(db, capsys):
    """Photos made before crops existed have a whole-picture JPEG for sharing and no card
    crop: ``make_renditions`` makes both, and pages give the true size of each."""
    photo = Photo.objects.create(image=subject_on_the_left(), caption="x", focal_x=0.08)
    ensure_renditions(photo)
    old = {k: v for k, v in photo.renditions.items() if k.isdigit()}
    old["share"] = f"renditions/{photo.uid}/0123456789-1200.jpg"  # the earlier naming
    Photo.objects.filter(pk=photo.pk).update(renditions=old)
    photo.refresh_from_db()
    assert photo.share_image.width is None  # unknown until remade: not printed wrong
    assert photo.card_url == photo.rendition_url(480)  # the whole picture meanwhile

    call_command("make_renditions")
    assert "Made 2 rendition(s)" in capsys.readouterr().out
    photo.refresh_from_db()
    assert (photo.share_image.width, photo.share_image.height) == stored(photo.renditions["share"]).size
    assert looks_red(stored(photo.renditions["card"]).getpixel((5, 160)))
    assert photo.card_height == 107


def test_the_database_refuses_a_point_outside_the_picture(db):
    photo = Photo.objects.create(caption="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Photo.objects.filter(pk=photo.pk).update(focal_x=1.5)


@pytest.fixture
def library_photo(db):
    photo = Photo.objects.create(image=subject_on_the_left(), caption="The ministry", credit="Vlast.kz")
    ensure_renditions(photo)
    return photo


def change_data(photo, **fields):
    return {"caption": photo.caption, "credit": photo.credit, "focal_x": "50", "focal_y": "50"} | fields


def test_editors_set_the_point_in_per_cent_and_the_crops_are_made(client, editor, library_photo):
    client.force_login(editor)
    url = reverse("admin:articles_photo_change", args=[library_photo.pk])
    page = client.get(url).content.decode()
    assert 'class="focal-picker" data-width="2400" data-height="1000"' in page
    assert 'name="focal_x" value="50.0"' in page and "focal-point.js" in page
    # The crops readers get now, under the picture.
    assert default_storage.url(library_photo.renditions["card"]) in page
    assert default_storage.url(library_photo.renditions["share"]) in page

    response = client.post(url, change_data(library_photo, focal_x="8", focal_y="42.5"))
    assert response.status_code == 302
    library_photo.refresh_from_db()
    assert (library_photo.focal_x, library_photo.focal_y) == (0.08, 0.425)
    assert looks_red(stored(library_photo.renditions["card"]).getpixel((5, 160)))
    page = client.get(url).content.decode()
    assert 'name="focal_x" value="8.0"' in page and 'name="focal_y" value="42.5"' in page


def test_a_point_outside_the_picture_is_refused_and_the_form_keeps_the_input(client, editor, library_photo):
    client.force_login(editor)
    url = reverse("admin:articles_photo_change", args=[library_photo.pk])
    response = client.post(url, change_data(library_photo, focal_x="150", caption="Changed caption"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensure this value is less than or equal to 100" in page
    assert 'name="focal_x" value="150"' in page and "Changed caption" in page
    library_photo.refresh_from_db()
    assert library_photo.focal_x == 0.5 and library_photo.caption == "The ministry"


def test_a_new_picture_starts_from_the_centre(client, editor, library_photo):
    """The old picture's subject says nothing about where the new one's is."""
    Photo.objects.filter(pk=library_photo.pk).update(focal_x=0.08, focal_y=0.3)
    client.force_login(editor)
    url = reverse("admin:articles_photo_change", args=[library_photo.pk])
    data = change_data(library_photo, focal_x="8", focal_y="30", image=subject_on_the_left((900, 900)))
    assert client.post(url, data).status_code == 302
    library_photo.refresh_from_db()
    assert (library_photo.focal_x, library_photo.focal_y) == (0.5, 0.5)
    assert stored(library_photo.renditions["card"]).size == (480, 320)


def test_a_form_without_the_point_keeps_it(client, editor, library_photo):
    Photo.objects.filter(pk=library_photo.pk).update(focal_x=0.08)
    client.force_login(editor)
    url = reverse("admin:articles_photo_change", args=[library_photo.pk])
    data = {"caption": "Another caption", "credit": "Vlast.kz"}
    assert client.post(url, data).status_code == 302
    library_photo.refresh_from_db()
    assert library_photo.focal_x == 0.08 and library_photo.caption == "Another caption"


def test_a_photo_waiting_for_its_file_says_when_the_point_can_be_set(client, editor):
    photo = Photo.objects.create(caption="Imported, no file yet")
    client.force_login(editor)
    page = client.get(reverse("admin:articles_photo_change", args=[photo.pk])).content.decode()
    assert "the focal point is set once the photo is saved" in page
