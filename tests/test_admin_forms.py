"""Bad input in the article form: clear errors, the editor's text kept, never a 500."""

import json
import re
from datetime import timedelta

from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleAuthor, ImageCaption
from articles.revisions import snapshot
from tests.image_files import png_bytes

ADD = reverse("admin:articles_article_add")


def test_an_empty_slug_is_made_from_the_headline_spelling_every_letter(admin_client, article_form):
    """Left empty, the address is made from the headline on the server, every letter of
    the region's languages spelled (the admin's own script would drop ҷ, ӣ, ў…)."""
    response = admin_client.post(
        ADD, article_form(slug="", headline="Тоҷикистон ва Ўзбекистон", language="tg")
    )
    assert response.status_code == 302
    assert Article.objects.get().slug == "tojikiston-va-ozbekiston"


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


def test_future_time_with_published_status_schedules(admin_client, article_form, make_region):
    """Editors schedule by choosing Published with a future time."""
    later = timezone.localtime(timezone.now() + timedelta(days=1))
    response = admin_client.post(
        ADD,
        article_form(
            status="published",
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1="09:00:00",
            topics="Prisons",
            regions=[str(make_region().pk)],
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


def with_photo(data, content, **fields):
    data = data | {"photos-TOTAL_FORMS": "1", "photos-0-caption": "A caption", "photos-0-position": "1"}
    data["photos-0-image"] = photo_upload(content)
    return data | {f"photos-0-{key}": value for key, value in fields.items()}


def test_published_article_photos_need_alt_text(admin_client, article_form, make_region):
    """Readers who cannot see the photo are told what it shows, or the article waits."""
    filed = {"topics": "Prisons", "regions": [str(make_region().pk)]}
    data = with_photo(article_form(status="published", **filed), png_bytes())
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert "need alt text" in response.content.decode()
    assert not Article.objects.exists()
    ok = admin_client.post(
        ADD, with_photo(article_form(status="published", **filed), png_bytes(), alt_text="A white square")
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


def change(client, form_data, article, **changes):
    """The article's change form sent back as a browser would, with ``changes``."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    return client.post(url, form_data(client.get(url), "article_form") | changes)


def stored_photo(article, caption, position):
    return ImageCaption.objects.create(
        article=article,
        caption=caption,
        alt_text=caption,
        position=position,
        image=photo_upload(png_bytes(), name=f"{caption.lower()}.png"),
    )


def test_byline_and_photos_are_numbered_in_the_editors_order(
    make_story, client, editor, make_article, make_author, make_region, make_topic, form_data
):
    """Typed 5, 2 and nothing, the byline is saved 1, 2, 3 in that order; every view follows it."""
    ann, bek, cem = make_author(name="Ann"), make_author(name="Bek"), make_author(name="Cem")
    article = make_story(authors=[ann, bek])
    for position, caption in enumerate(("One", "Two", "Three"), start=1):
        stored_photo(article, caption, position)
    client.force_login(editor)
    response = change(
        client,
        form_data,
        article,
        **{
            "byline-0-position": "5",
            "byline-1-position": "2",
            "byline-TOTAL_FORMS": "3",
            "byline-2-author": str(cem.pk),
            "byline-2-position": "",
            "photos-0-position": "4",
            "photos-1-position": "4",  # a tie: the form's order decides
            "photos-2-position": "1",
        },
    )
    assert response.status_code == 302, re.findall(
        r'<ul class="errorlist[^>]*>.*?</ul>', response.content.decode()
    )
    byline = list(article.byline.values_list("author__name", "position"))
    assert byline == [("Bek", 1), ("Ann", 2), ("Cem", 3)]
    photos = list(article.photos.values_list("caption", "position"))
    assert photos == [("Three", 1), ("One", 2), ("Two", 3)]
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.findall(r'class="author" href="[^"]+">(\w+)<', html) == ["Bek", "Ann", "Cem"]
    assert html.index('alt="Three"') < html.index('alt="One"') < html.index('alt="Two"')
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert [person["name"] for person in data["author"]] == ["Bek", "Ann", "Cem"]
    assert [image["caption"] for image in data["image"]] == ["Three", "One", "Two"]
    latest = Version.objects.get_for_object(article).first()
    assert snapshot(latest)["Byline"] == "Bek, Ann, Cem"
    assert "Bek, Ann, Cem" in client.get(reverse("articles:feed-rss")).content.decode()


def test_rows_the_editor_left_alone_are_numbered_too(client, editor, make_article, make_author, form_data):
    """Old rows numbered 0, 0 (or with gaps) come out 1, 2 on the next save, in the form's order."""
    article = make_article(status=Article.Status.DRAFT)
    for name in ("Ann", "Bek"):
        ArticleAuthor.objects.create(article=article, author=make_author(name=name), position=0)
    client.force_login(editor)
    assert change(client, form_data, article).status_code == 302
    assert list(article.byline.values_list("author__name", "position")) == [("Ann", 1), ("Bek", 2)]
    logged = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time").get_change_message()
    assert "Changed Position for byline author" in logged  # History says why the rows changed


def test_a_photo_row_without_its_file_is_refused_on_that_row(client, editor, make_article, form_data):
    """Readers must never see an empty frame: the editor is told to choose the file or remove the row."""
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    response = change(
        client,
        form_data,
        article,
        **{"photos-TOTAL_FORMS": "1", "photos-0-caption": "A caption", "photos-0-position": "1"},
    )
    assert response.status_code == 200
    assert "Choose a photo from the library or a new file, or remove this row." in response.content.decode()
    assert not article.photos.exists()


def test_a_published_story_may_not_keep_a_photo_row_without_its_file(
    make_story, client, editor, make_article, make_region, make_topic, form_data
):
    """An imported row still waiting for its file may stay in a draft, not in a published story."""
    draft = make_article(status=Article.Status.DRAFT)
    ImageCaption.objects.create(article=draft, caption="Waiting for its file")
    client.force_login(editor)
    assert change(client, form_data, draft).status_code == 302
    published = make_story()
    ImageCaption.objects.create(article=published, caption="Waiting for its file", alt_text="x")
    response = change(client, form_data, published, headline="A new headline")
    assert response.status_code == 200
    assert "Choose a photo from the library or a new file, or remove this row." in response.content.decode()


def test_a_credit_typed_with_brackets_in_the_form_is_stored_without_them(
    client, editor, make_article, form_data
):
    """The page adds the brackets; the credit the editor pasted as printed is kept once, bare."""
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(editor)
    data = with_photo({}, png_bytes(), credit="[Courtesy of Gulnaz Razdykova]")
    assert change(client, form_data, article, **data).status_code == 302
    assert article.photos.get().credit == "Courtesy of Gulnaz Razdykova"
