"""Media on S3-compatible storage: fixtures, renditions, pages, feeds and uploads use the bucket.

The bucket is moto's, in this process; the storage is configured from the environment
exactly as an operator configures it (``MEDIA_STORAGE=s3``), and swapped in with
``override_settings(STORAGES=...)``, on which Django drops its cached ``default_storage``.
"""

import json
import re
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from urllib.parse import unquote

import boto3
import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from moto import mock_aws
from storages.backends.s3 import S3Storage

from articles.fixture_loading import demo_fixture_paths
from articles.models import Article, ImageCaption, Photo
from cms.settings.base import media_origins, media_storage_from_env
from tests.image_files import post_new_photo, upload

BUCKET = "newsroom-media"
REGION = "us-east-1"
BUCKET_ORIGIN = f"https://{BUCKET}.s3.amazonaws.com"
SEED = "kazakh-specialists-focus-more-attention-on-radicalisation-of-women"
_IMAGE_URLS = re.compile(r'<img [^>]*?\bsrc="([^"]+)"(?: [^>]*?\bsrcset="([^"]+)")?')


@contextmanager
def s3_media(monkeypatch, **env):
    """Media storage as ``MEDIA_STORAGE=s3`` and the other variables (``env``) make it."""
    variables = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_S3_ENDPOINT_URL": "",
        "AWS_S3_CUSTOM_DOMAIN": "",
        "AWS_LOCATION": "",
        "AWS_QUERYSTRING_AUTH": "",
    }
    for name, value in (variables | env).items():
        monkeypatch.setenv(name, value)
    with override_settings(STORAGES=settings.STORAGES | {"default": media_storage_from_env()}):
        yield


@pytest.fixture
def bucket(db, monkeypatch):
    """An empty bucket that media storage points at; yields a boto3 client to inspect it."""
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET)
        with s3_media(monkeypatch):
            yield s3


def keys(s3):
    return {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def image_urls(html):
    """Every address an <img> may load: its src and each candidate in its srcset."""
    urls = []
    for src, srcset in _IMAGE_URLS.findall(html):
        urls.append(src)
        urls += [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]
    return urls


def test_overriding_storages_swaps_default_storage(monkeypatch):
    """The tests below rely on Django dropping its cached default storage when STORAGES changes."""
    assert isinstance(default_storage, FileSystemStorage)
    with mock_aws(), s3_media(monkeypatch):
        assert isinstance(default_storage, S3Storage) and default_storage.bucket_name == BUCKET
        assert Photo._meta.get_field("image").storage.bucket_name == BUCKET
    assert isinstance(default_storage, FileSystemStorage)


def test_load_fixtures_puts_seed_images_and_renditions_in_the_bucket(bucket, media_root):
    """An operator on object storage gets the demo photos there, and nothing on local disk."""
    call_command("load_fixtures", verbosity=0)
    photos = list(Photo.objects.exclude(image=""))
    # Four WebP widths for pages, the cards' 3:2 crop and a JPEG for sharing (og:image) each.
    # Three library photos, in the English stories; the Russian and Uzbek translations place
    # two of them again.
    assert len(photos) == 3 and all(len(photo.renditions) == 6 for photo in photos)
    assert ImageCaption.objects.filter(photo__in=photos).count() == 7
    expected = {photo.image.name for photo in photos}
    expected |= {name for photo in photos for name in photo.renditions.values()}
    assert keys(bucket) == expected
    assert all(name.startswith("seed/") for name in {photo.image.name for photo in photos})
    for photo in photos:
        assert bucket.head_object(Bucket=BUCKET, Key=photo.image.name)["ContentType"] == "image/png"
        for key, name in photo.renditions.items():
            kind = "image/jpeg" if key == "share" else "image/webp"
            assert bucket.head_object(Bucket=BUCKET, Key=name)["ContentType"] == kind
    assert not media_root.exists()
    call_command("load_fixtures", verbosity=0)  # loading again adds nothing to the bucket
    assert keys(bucket) == expected


def test_pages_load_photos_from_the_bucket_or_its_domain(client, bucket, monkeypatch):
    """Article and list pages point every photo, src and srcset, at the bucket or its own domain."""
    call_command("load_fixtures", verbosity=0)
    stored = keys(bucket)
    article = Article.objects.get(slug=SEED)
    for custom_domain, origin in (("", BUCKET_ORIGIN), ("media.example.org", "https://media.example.org")):
        with s3_media(monkeypatch, AWS_S3_CUSTOM_DOMAIN=custom_domain):
            assert media_origins(settings.STORAGES["default"]) == [origin]
            page = image_urls(client.get(article.get_absolute_url()).content.decode())
            front = image_urls(client.get(reverse("articles:front")).content.decode())
        assert len(page) == 2 * (1 + 4)  # two photos, each a src and four srcset candidates
        assert front
        for url in page + front:
            assert url.startswith(origin + "/"), url
            assert unquote(url.removeprefix(origin + "/")) in stored


def test_feed_enclosure_length_is_the_stored_object_size(client, bucket):
    """Feed readers are told the true size of the photo, which lives in the bucket."""
    call_command("load_fixtures", verbosity=0)
    root = ET.fromstring(client.get(reverse("articles:feed-rss")).content)
    enclosures = [item.find("enclosure") for item in root.find("channel").findall("item")]
    assert len(enclosures) == 2 and all(enclosure is not None for enclosure in enclosures)
    for enclosure in enclosures:
        url = enclosure.get("url")
        assert url.startswith(BUCKET_ORIGIN + "/") and enclosure.get("type") == "image/webp"
        stored = bucket.head_object(Bucket=BUCKET, Key=unquote(url.removeprefix(BUCKET_ORIGIN + "/")))
        assert int(enclosure.get("length")) == stored["ContentLength"]


def test_feed_rendered_again_asks_the_bucket_nothing(client, bucket, monkeypatch):
    """Each size look-up is a request to the bucket: a feed remembers them between renders."""
    call_command("load_fixtures", verbosity=0)
    looked_up = []
    size = S3Storage.size
    monkeypatch.setattr(
        S3Storage, "size", lambda storage, name: looked_up.append(name) or size(storage, name)
    )
    first = client.get(reverse("articles:feed-rss")).content
    assert len(looked_up) == 2
    assert client.get(reverse("articles:feed-rss")).content == first
    assert len(looked_up) == 2


def test_admin_upload_stores_original_and_renditions_in_the_bucket(
    admin_client, bucket, make_article, form_data, media_root, django_capture_on_commit_callbacks
):
    """A photo an editor uploads goes to the bucket with its smaller copies, not to local disk."""
    article = make_article(status=Article.Status.DRAFT)
    # Committing also removes the copy kept in case the form came back (admin/photo_stash.py).
    with django_capture_on_commit_callbacks(execute=True):
        assert post_new_photo(admin_client, article, form_data, upload()).status_code == 302
    photo = article.photos.get()
    assert photo.image.name.startswith("photos/") and (photo.width, photo.height) == (1000, 600)
    assert len(photo.renditions) == 6  # four WebP widths, the cards' crop and the JPEG for sharing
    assert keys(bucket) == {photo.image.name, *photo.renditions.values()}
    assert bucket.head_object(Bucket=BUCKET, Key=photo.image.name)["ContentType"] == "image/png"
    assert photo.image.url == f"{BUCKET_ORIGIN}/{photo.image.name}"
    assert not media_root.exists()


def test_failed_fixture_load_removes_the_images_it_put_in_the_bucket(bucket, tmp_path):
    """A load that fails leaves the bucket as it was, as it leaves the database."""
    paths = demo_fixture_paths()
    vocabulary = paths[: [path.name for path in paths].index("articles.json")]  # no photos in these
    call_command("load_fixtures", *[str(p) for p in vocabulary], verbosity=0)
    assert keys(bucket) == set()
    articles = json.loads((paths[0].parent / "articles.json").read_text(encoding="utf-8"))
    broken = tmp_path / "broken.json"
    broken.write_text(
        json.dumps([*articles, {"model": "articles.region", "fields": {"slug": "nameless"}}]),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="name"):
        call_command("load_fixtures", str(broken))
    assert keys(bucket) == set()
    assert not Article.objects.exists() and not ImageCaption.objects.exists()


@pytest.mark.parametrize(
    ("options", "origin"),
    [
        ({"bucket_name": BUCKET}, BUCKET_ORIGIN),
        ({"bucket_name": BUCKET, "location": "media"}, BUCKET_ORIGIN),
        ({"bucket_name": BUCKET, "endpoint_url": "http://minio.internal:9000"}, "http://minio.internal:9000"),
        (
            {
                "bucket_name": BUCKET,
                "endpoint_url": "https://fra1.digitaloceanspaces.com",
                "region_name": "fra1",
            },
            "https://fra1.digitaloceanspaces.com",
        ),
        (
            {
                "bucket_name": BUCKET,
                "endpoint_url": "http://minio.internal:9000",
                "custom_domain": "media.example",
            },
            "https://media.example",
        ),
    ],
)
def test_csp_img_src_allows_the_origin_photos_come_from(options, origin):
    """Browsers block photos from an origin the Content Security Policy does not name."""
    storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    assert media_origins(storage) == [origin]
    with mock_aws():
        url = S3Storage(querystring_auth=False, **options).url("seed/a photo.png")
    assert url.startswith(origin + "/")


def test_csp_adds_no_origin_for_photos_on_local_disk():
    """Photos served by this site are already covered by 'self'."""
    assert media_origins({"BACKEND": "django.core.files.storage.FileSystemStorage"}) == []
