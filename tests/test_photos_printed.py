"""Photos as readers, search engines and social networks get them: credits, sizes, formats."""

import importlib
import json
import re
from io import BytesIO

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import ImageCaption
from articles.renditions import ensure_renditions
from articles.templatetags.cards import article_cards


def png(size):
    buffer = BytesIO()
    Image.new("RGB", size, (90, 120, 150)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def printed_photo(article, size=(1000, 600), **fields):
    """A photo with its renditions, as the admin leaves one."""
    fields = {"caption": "A caption", "alt_text": "What it shows"} | fields
    photo = ImageCaption.objects.create(article=article, image=png(size), **fields)
    ensure_renditions(photo)
    return photo


def page_metadata(client, article):
    """The page's HTML, its <meta> tags by name and its JSON-LD."""
    html = client.get(article.get_absolute_url()).content.decode()
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    return html, meta, data


def stored(url):
    """The stored file behind a media address on the page."""
    return default_storage.open(url.split("/media/", 1)[1])


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("[Courtesy of Gulnaz Razdykova]", "Courtesy of Gulnaz Razdykova"),
        (" [[Courtesy of Gulnaz Razdykova]] ", "Courtesy of Gulnaz Razdykova"),
        ("[ Vlast.kz ]", "Vlast.kz"),
        ("Courtesy of Gulnaz Razdykova", "Courtesy of Gulnaz Razdykova"),
        ("[AP] and [Reuters]", "[AP] and [Reuters]"),
        ("Photo by Ann [left]", "Photo by Ann [left]"),
    ],
)
def test_a_credit_is_stored_without_the_brackets_it_is_printed_in(make_article, typed, kept):
    """Editors paste credits as printed; the page adds the brackets, so stored ones doubled."""
    photo = ImageCaption.objects.create(article=make_article(), caption="x", credit=typed)
    photo.refresh_from_db()
    assert photo.credit == kept
    unsaved = ImageCaption(article=photo.article, caption="x", credit=typed)
    unsaved.full_clean(exclude=["photo"])  # the admin and the fixture loader validate, then save
    assert unsaved.credit == kept


def test_the_page_prints_a_credit_in_brackets_once_and_json_ld_without_them(client, make_article):
    """A row written around save() (an old revision restored) must not print "[[...]]" either."""
    article = make_article()
    photo = printed_photo(article)
    ImageCaption.objects.filter(pk=photo.pk).update(credit="[Courtesy of Gulnaz Razdykova]")
    html, _meta, data = page_metadata(client, article)
    assert '<span class="credit">[Courtesy of Gulnaz Razdykova]</span>' in html
    assert "[[" not in html and "]]" not in html
    assert data["image"][0]["creditText"] == "Courtesy of Gulnaz Razdykova"


def test_the_data_migration_takes_the_brackets_off_stored_credits(make_article):
    """Rows saved before the rule (and loaded raw) are corrected once, in every deployment."""
    article = make_article()
    bracketed = ImageCaption.objects.create(article=article, caption="a")
    plain = ImageCaption.objects.create(article=article, caption="b", credit="Vlast.kz")
    ImageCaption.objects.filter(pk=bracketed.pk).update(credit="[[Courtesy of X]]")
    migration = importlib.import_module("articles.migrations.0013_credits_without_brackets")
    migration.take_brackets_off_credits(apps, None)
    assert ImageCaption.objects.get(pk=bracketed.pk).credit == "Courtesy of X"
    assert ImageCaption.objects.get(pk=plain.pk).credit == "Vlast.kz"


def test_og_image_is_a_jpeg_of_sharing_size_with_its_true_dimensions(client, make_article, settings):
    """Several social networks show no WebP; they get a 1200 × 630 JPEG cropped from the
    photo (around its focal point: tests/test_focal_point.py), with its real size."""
    settings.SITE_URL = "https://news.example"
    article = make_article()
    printed_photo(article, size=(1600, 900))
    _html, meta, data = page_metadata(client, article)
    assert meta["og:image"].endswith(".jpg") and meta["twitter:image"] == meta["og:image"]
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    with stored(meta["og:image"]) as handle, Image.open(handle) as image:
        assert image.format == "JPEG" and image.size == (1200, 630)
    (image_object,) = data["image"]
    assert image_object["url"] == meta["og:image"]
    assert (image_object["width"], image_object["height"]) == (1200, 630)


def test_a_photo_narrower_than_sharing_size_is_shared_whole_as_jpeg(client, make_article):
    """Never upscaled: a 500 px photo is shared as a 500 px JPEG (cut to 1200:630), and says so."""
    article = make_article()
    printed_photo(article, size=(500, 300))
    _html, meta, _data = page_metadata(client, article)
    assert (meta["og:image:width"], meta["og:image:height"]) == ("500", "262")
    with stored(meta["og:image"]) as handle, Image.open(handle) as image:
        assert image.format == "JPEG" and image.size == (500, 262)


def test_a_photo_row_without_its_image_is_never_printed(client, make_article):
    """A legacy row with a caption but no file must not become an empty frame for readers."""
    article = make_article(body="<p>One.</p><p>Two.</p>")
    ImageCaption.objects.create(article=article, caption="Ghost lead", position=1)
    ImageCaption.objects.create(article=article, caption="Ghost later", after_paragraph=1, position=2)
    printed_photo(article, size=(800, 600), caption="Real lead", position=3)
    html, meta, data = page_metadata(client, article)
    assert "Ghost" not in html
    assert html.count("<figure") == 1 and "Real lead" in html
    assert len(data["image"]) == 1 and "og:image" in meta


def test_a_card_shows_the_first_lead_photo_that_has_its_image(make_article):
    """Lists follow the article page: a row without its file is passed over, not shown empty."""
    article = make_article()
    ImageCaption.objects.create(article=article, caption="Ghost lead", position=1)
    photo = printed_photo(article, size=(800, 600), position=2)
    html = str(article_cards([article]))
    assert f'src="{photo.card_url}"' in html


def test_cards_from_prefetched_photos_pass_over_rows_without_image(make_article):
    """The same rule when a list already holds the article's photos."""
    article = make_article()
    ImageCaption.objects.create(article=article, caption="Ghost lead", position=1)
    photo = printed_photo(article, size=(800, 600), position=2)
    listed = type(article).objects.for_article_page().get(pk=article.pk)
    assert f'src="{photo.card_url}"' in str(article_cards([listed]))
