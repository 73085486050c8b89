"""Photos get smaller copies once, in storage, and pages use them instead of originals."""

import json
import re
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import ExifTags, Image

from articles.models import Article, ImageCaption, Photo
from articles.renditions import ensure_renditions, rendition_names
from tests.image_files import post_new_photo, upload


def turned_jpeg(size=(400, 200), orientation=6):
    """A JPEG stored ``size`` whose EXIF tells viewers to turn it (6: a quarter turn clockwise)."""
    image = Image.new("RGB", size, "blue")
    image.paste("red", (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def web_widths(photo):
    """{width: stored width} of the photo's WebP renditions, as made."""
    found = {}
    for key, name in photo.renditions.items():
        if key.isdigit():
            with default_storage.open(name) as handle, Image.open(handle) as image:
                assert image.format == "WEBP"
                found[int(key)] = image.width
    return found


def test_renditions_are_made_at_widths_below_the_original(make_article):
    """A 1000 px photo gets 160, 480 and 800 px copies and its own width, never upscaled."""
    photo = Photo.objects.create(caption="x", image=upload())
    # Four WebP widths of the whole picture, the cards' 3:2 crop and the JPEG for sharing.
    assert ensure_renditions(photo) == 6
    assert web_widths(photo) == {160: 160, 480: 480, 800: 800, 1000: 1000}
    assert ensure_renditions(photo) == 0  # made once
    photo.refresh_from_db()
    assert photo.renditions == rendition_names(photo)


def test_a_new_image_gets_new_rendition_names(make_article):
    """Replacing the photo must not leave browsers showing cached copies of the old one."""
    photo = Photo.objects.create(caption="x", image=upload(name="one.png"))
    ensure_renditions(photo)
    before = dict(photo.renditions)
    photo.image = upload(name="two.png")
    photo.save()
    ensure_renditions(photo)
    assert set(photo.renditions.values()).isdisjoint(before.values())


def test_admin_upload_makes_renditions(admin_client, make_article, form_data):
    """Editors never think about renditions: uploading a photo makes them."""
    article = make_article(status=Article.Status.DRAFT)
    assert post_new_photo(admin_client, article, form_data, upload()).status_code == 302
    photo = article.photos.get()
    assert len(photo.renditions) == 6 and all(default_storage.exists(n) for n in photo.renditions.values())


def test_load_fixtures_makes_renditions_and_pages_use_them(client, demo_content):
    """The article page offers renditions through srcset; phones never get the original."""
    article = Article.objects.get(slug="hundreds-of-kazakhstani-inmates-reject-radicalisation")
    photo = article.photos.get()
    assert photo.renditions and all(default_storage.exists(n) for n in photo.renditions.values())
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'srcset="{photo.srcset}"' in html and " 160w" in html
    assert f'src="{photo.rendition_url(800)}"' in html and f'src="{photo.image.url}"' not in html


def test_make_renditions_restores_copies_missing_from_storage(demo_content, capsys):
    """After moving media storage, operators rebuild what is missing with one command."""
    photo = Photo.objects.exclude(image="").first()
    lost = next(iter(photo.renditions.values()))
    default_storage.delete(lost)
    call_command("make_renditions")
    assert not default_storage.exists(lost)  # without --check-storage the record is trusted
    call_command("make_renditions", check_storage=True)
    assert default_storage.exists(lost)
    assert "Made 1 rendition(s)" in capsys.readouterr().out


def test_a_turned_jpeg_is_printed_upright_with_sizes_that_agree(client, make_article):
    """Phones store photos sideways with an EXIF turn; every size on the page must be the upright one."""
    article = make_article()
    photo = ImageCaption.objects.create(
        article=article, caption="x", alt_text="y", image=SimpleUploadedFile("turned.jpg", turned_jpeg())
    )
    ensure_renditions(photo)
    assert (photo.width, photo.height) == (200, 400)
    assert web_widths(photo) == {160: 160, 200: 200}
    assert re.findall(r" (\d+)w", photo.srcset) == ["160", "200"]
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'width="200" height="400"' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    with default_storage.open(photo.renditions["share"]) as handle, Image.open(handle) as shared:
        # The shared copy is cut to 1200:630 from the upright picture: all its width.
        assert (data["image"][0]["width"], data["image"][0]["height"]) == shared.size == (200, 105)


def test_a_photo_stored_sideways_before_gets_its_upright_size_with_its_renditions(make_article):
    """Photos uploaded before uploads were turned upright are put right by make_renditions."""
    name = default_storage.save("photos/old.jpg", ContentFile(turned_jpeg()))
    (photo,) = Photo.objects.bulk_create([Photo(caption="x", image=name, width=400, height=200)])
    photo = Photo.objects.get(pk=photo.pk)
    ensure_renditions(photo)
    assert (photo.width, photo.height) == (200, 400)
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (200, 400)
    assert web_widths(photo) == {160: 160, 200: 200}
