"""Bad input in the article form: clear errors, the editor's text kept, never a 500."""

from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article

ADD = reverse("admin:articles_article_add")


def test_empty_slug_is_a_form_error(admin_client, article_form):
    """The address is required, with a message saying where it comes from."""
    response = admin_client.post(ADD, article_form(slug=""))
    assert response.status_code == 200
    assert "Give the article a web address" in response.content.decode()
    assert not Article.objects.exists()


def test_duplicate_slug_is_a_form_error_keeping_the_text(admin_client, make_article, article_form):
    """Two articles cannot share an address; the new one's text stays in the form."""
    make_article(slug="taken")
    response = admin_client.post(ADD, article_form(slug="taken", headline="My careful headline"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Article with this Slug already exists." in html
    assert 'value="My careful headline"' in html


def test_publication_time_without_published_status_is_a_form_error(admin_client, article_form):
    """A time on a draft would be silently meaningless; the editor is told what to do."""
    later = timezone.localtime(timezone.now() + timedelta(days=1))
    response = admin_client.post(
        ADD,
        article_form(status="draft", published_at_0=later.strftime("%Y-%m-%d"), published_at_1="09:00:00"),
    )
    assert response.status_code == 200
    assert "A publication time is only for published articles" in response.content.decode()


def test_future_time_with_published_status_schedules(admin_client, article_form):
    """Editors schedule by choosing Published with a future time."""
    later = timezone.localtime(timezone.now() + timedelta(days=1))
    response = admin_client.post(
        ADD,
        article_form(
            status="published", published_at_0=later.strftime("%Y-%m-%d"), published_at_1="09:00:00"
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.is_scheduled and not Article.objects.published().exists()


def test_scripts_pasted_into_the_body_are_removed_on_save(admin_client, article_form):
    """Whatever the browser sends, only the allowed elements are stored."""
    body = '<p onmouseover="steal()">Text<script>alert(1)</script></p><img src=x onerror=alert(1)>'
    assert admin_client.post(ADD, article_form(body=body)).status_code == 302
    stored = Article.objects.get().body
    assert stored == "<p>Text</p>"


def photo_upload(content, name="photo.png"):
    return SimpleUploadedFile(name, content)


def png_bytes():
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def with_photo(data, content, **fields):
    data = data | {"photos-TOTAL_FORMS": "1", "photos-0-caption": "A caption", "photos-0-position": "1"}
    data["photos-0-image"] = photo_upload(content)
    return data | {f"photos-0-{key}": value for key, value in fields.items()}


def test_published_article_photos_need_alt_text(admin_client, article_form):
    """Readers who cannot see the photo are told what it shows, or the article waits."""
    data = with_photo(article_form(status="published"), png_bytes())
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert "need alt text" in response.content.decode()
    assert not Article.objects.exists()
    ok = admin_client.post(
        ADD, with_photo(article_form(status="published"), png_bytes(), alt_text="A white square")
    )
    assert ok.status_code == 302
    assert Article.objects.get().photos.get().alt_text == "A white square"


def test_a_draft_photo_may_wait_for_its_alt_text(admin_client, article_form):
    """Drafts are work in progress: alt text is only required to publish."""
    assert admin_client.post(ADD, with_photo(article_form(), png_bytes())).status_code == 302


def test_non_image_upload_in_the_article_form_saves_nothing(admin_client, article_form):
    """A bad photo stops the whole save: no article without the photo the editor meant."""
    response = admin_client.post(ADD, with_photo(article_form(headline="Kept headline"), b"not an image"))
    assert response.status_code == 200
    assert 'value="Kept headline"' in response.content.decode()
    assert not Article.objects.exists()
