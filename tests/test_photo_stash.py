"""A photo chosen in the article form is kept when the form comes back with an error."""

import time

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.admin import photo_stash
from articles.models import Article
from tests.image_files import png_bytes

FORM = "article_form"


def with_new_photo(data, content=None, **fields):
    """The form's data with one new photo row; ``content`` is the file chosen, if any."""
    data = data | {"photos-TOTAL_FORMS": "1", "photos-0-caption": "A caption", "photos-0-position": "1"}
    if content is not None:
        data["photos-0-image"] = SimpleUploadedFile("square.png", content, content_type="image/png")
    return data | {f"photos-0-{name}": value for name, value in fields.items()}


def stashed_names():
    """Every file in the stash, whatever its folder."""
    try:
        folders, _files = default_storage.listdir(photo_stash.STASH_DIR)
    except FileNotFoundError:
        return []
    return [
        f"{folder}/{name}" for folder in folders for name in default_storage.listdir(f"stash/{folder}")[1]
    ]


def test_a_chosen_photo_is_kept_when_alt_text_is_missing_and_saved_on_the_next_submit(
    make_story,
    client,
    editor,
    make_article,
    make_region,
    make_topic,
    form_data,
    django_capture_on_commit_callbacks,
):
    """Browsers never re-send a file: without the stash the editor's photo silently vanished."""
    article = make_story()
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(editor)
    response = client.post(url, with_new_photo(form_data(client.get(url), FORM), png_bytes(colour="blue")))
    assert response.status_code == 200
    html = response.content.decode()
    assert "need alt text" in html
    assert "Kept from your last submit: square.png" in html
    assert 'src="data:image/jpeg;base64,' in html and "/stash/" not in html  # never a public address
    assert '/media/square.png"' not in html  # nor an address the unsaved file does not have
    assert not article.photos.exists() and len(stashed_names()) == 1

    again = form_data(response, FORM)
    assert again["photos-0-image_kept"]
    again["photos-0-alt_text"] = "A blue square"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, again).status_code == 302
    photo = article.photos.get()
    assert (photo.width, photo.height) == (40, 30) and photo.image.name.startswith("photos/")
    with photo.image.open("rb") as handle:
        assert handle.read() == png_bytes(colour="blue")
    assert photo.renditions  # made as for any upload
    assert stashed_names() == []  # used, then removed


def test_a_chosen_photo_survives_the_refusal_of_a_stale_save(
    make_story, client, editor, make_article, make_region, make_topic, form_data
):
    """Someone saved in between: the refusal keeps the text, and now the photo too."""
    article = make_story()
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(editor)
    opened = form_data(client.get(url), FORM)
    Article.objects.get(pk=article.pk).save()  # another editor's save
    response = client.post(url, with_new_photo(opened, png_bytes(colour="blue"), alt_text="A blue square"))
    assert response.status_code == 200
    assert "Kept from your last submit: square.png" in response.content.decode()
    assert not article.photos.exists()
    assert client.post(url, form_data(response, FORM)).status_code == 302
    assert article.photos.get().image.name.startswith("photos/")


def test_a_tampered_or_foreign_kept_photo_is_refused_clearly(
    client, editor, make_staff, make_article, form_data
):
    """A hand-edited hidden field, or one from another editor's form, is an error on the row."""
    article = make_article(status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_change", args=[article.pk])
    someone_else = make_staff("Editors", "bob")
    foreign = photo_stash.keep(
        SimpleUploadedFile("theirs.png", png_bytes(colour="blue")), owner=someone_else.pk
    )
    client.force_login(editor)
    for token in ("nonsense", foreign.token, foreign.token[:-2] + "xx"):
        data = with_new_photo(form_data(client.get(url), FORM), image_kept=token)
        response = client.post(url, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "The photo kept from your last submit cannot be used; choose the file again." in html
        assert "theirs.png" not in html
    assert not article.photos.exists()


def test_stashes_older_than_a_day_are_refused_then_removed(
    client, editor, make_article, form_data, monkeypatch
):
    """A photo never submitted again must not come back a day later, nor stay in storage."""
    article = make_article(status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(editor)
    old = photo_stash.keep(SimpleUploadedFile("old.png", png_bytes(colour="blue")), owner=editor.pk)
    data = with_new_photo(form_data(client.get(url), FORM), image_kept=old.token)
    day_later = time.time() + photo_stash.KEEP_SECONDS + 60
    monkeypatch.setattr(time, "time", lambda: day_later)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The photo kept from your last submit cannot be used" in response.content.decode()
    assert default_storage.exists(old.name)
    new = photo_stash.keep(SimpleUploadedFile("new.png", png_bytes(colour="blue")), owner=editor.pk)
    assert not default_storage.exists(old.name)  # removed when the next photo was kept
    assert default_storage.exists(new.name)


def test_a_stash_that_cannot_be_written_does_not_stop_the_save(
    client, editor, make_article, form_data, monkeypatch
):
    """Keeping the file is a convenience: storage failing there must not cost the editor the save."""

    def storage_away(upload, *, owner):
        raise OSError("storage is away")

    monkeypatch.setattr(photo_stash, "keep", storage_away)
    article = make_article(status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(editor)
    assert (
        client.post(
            url, with_new_photo(form_data(client.get(url), FORM), png_bytes(colour="blue"))
        ).status_code
        == 302
    )
    assert article.photos.get().image.name.startswith("photos/")


def test_a_kept_scanners_tiff_is_previewed_and_stored_as_a_jpeg(
    make_story, client, editor, form_data, django_capture_on_commit_callbacks
):
    """A 16-bit TIFF kept from the last submit shows as a picture (not blank), and is
    stored as a JPEG once the form is whole."""
    import base64
    import io

    from PIL import Image

    row = [0] * 20 + [40000] * 20
    scan = Image.frombytes("I;16", (40, 30), b"".join(v.to_bytes(2, "little") for v in row * 30))
    buffer = io.BytesIO()
    scan.save(buffer, format="TIFF")
    article = make_story()
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(editor)
    data = with_new_photo(form_data(client.get(url), FORM))
    data["photos-0-image"] = SimpleUploadedFile("scan.tif", buffer.getvalue(), content_type="image/tiff")
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "Kept from your last submit: scan.tif" in html
    preview = html.split('src="data:image/jpeg;base64,', 1)[1].split('"', 1)[0]
    with Image.open(io.BytesIO(base64.b64decode(preview))) as shown:
        grey = shown.convert("L")
        assert grey.getpixel((2, 10)) < 20 and 130 < grey.getpixel((grey.width - 3, 10)) < 180

    again = form_data(response, FORM) | {"photos-0-alt_text": "A scanned print"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, again).status_code == 302
    photo = article.photos.get()
    assert photo.image.name.endswith("/scan.jpg") and (photo.width, photo.height) == (40, 30)
