"""Never lose work: every save is a revision that can be compared and restored."""

from django.urls import reverse
from reversion.models import Version

from articles.models import Article, ArticleAuthor, ImageCaption
from tests.image_files import photo_file

FORM = "article_form"


def save(client, form_data, article, **changes):
    """Open the article's change form and submit it with ``changes``, as an editor would."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url), FORM) | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()


def test_every_admin_save_is_a_revision_with_its_author(client, editor, make_story, form_data):
    """History names who saved and keeps each version."""
    article = make_story(headline="First")
    client.force_login(editor)
    save(client, form_data, article, headline="Second")
    save(client, form_data, article, headline="Third")
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    assert {v.revision.user for v in versions} == {editor}
    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert history.count('type="radio" name="a"') == 2 and "Compare the chosen revisions" in history


def test_compare_shows_what_changed_between_two_revisions(client, editor, make_story, make_author, form_data):
    """A readable difference: changed headline, byline and body lines are marked."""
    first, second = make_author(name="Ksenia Bondal"), make_author(name="Alexander Bogatik")
    article = make_story(
        headline="Before", authors=[first], body="<p>Kept paragraph.</p><p>Old paragraph.</p>"
    )
    client.force_login(editor)
    save(client, form_data, article)
    save(
        client,
        form_data,
        article,
        headline="After",
        body="<p>Kept paragraph.</p><p>New paragraph.</p>",
        **{"byline-TOTAL_FORMS": "2", "byline-1-author": str(second.pk), "byline-1-position": "2"},
    )
    newer, older = Version.objects.get_for_object(article)[:2]
    page = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]), {"a": older.pk, "b": newer.pk}
    ).content.decode()
    assert "<del>Before</del>" in page and "<ins>After</ins>" in page
    assert "<del>Ksenia Bondal</del>" in page and "<ins>Ksenia Bondal, Alexander Bogatik</ins>" in page
    assert "<del>Old paragraph.</del>" in page and "<ins>New paragraph.</ins>" in page
    assert "Kept paragraph." in page


def test_compare_refuses_revisions_of_another_article(client, editor, make_story, form_data):
    """Version ids from elsewhere are a 400, not someone else's text."""
    mine, other = make_story(), make_story()
    client.force_login(editor)
    for article in (mine, mine, other):
        save(client, form_data, article)
    foreign = Version.objects.get_for_object(other).first()
    url = reverse("admin:articles_article_compare", args=[mine.pk])
    assert client.get(url, {"a": foreign.pk, "b": "x"}).status_code == 400
    assert client.get(reverse("admin:articles_article_compare", args=[other.pk])).status_code == 400


def test_restoring_an_old_revision_brings_back_its_text_and_byline(
    client, editor, make_story, make_author, form_data
):
    """Restore is one click from the history and brings the whole article back."""
    article = make_story(headline="Good version", authors=[make_author(name="Ksenia Bondal")])
    client.force_login(editor)
    save(client, form_data, article)
    good = Version.objects.get_for_object(article).first()
    save(client, form_data, article, headline="Bad version", **{"byline-0-DELETE": "on"})
    assert not ArticleAuthor.objects.filter(article=article).exists()

    revision_url = reverse("admin:articles_article_revision", args=[article.pk, good.pk])
    form = client.get(revision_url)
    assert 'value="Good version"' in form.content.decode()
    assert client.post(revision_url, form_data(form, FORM)).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Good version"
    assert [c.author.name for c in article.byline.all()] == ["Ksenia Bondal"]


def test_deleted_article_can_be_recovered_with_its_photos(client, editor, make_story, form_data):
    """Deleting asks first; even an article never edited in the admin can be recovered."""
    article = make_story(headline="Deleted by mistake")
    ImageCaption.objects.create(
        article=article, image=photo_file(), caption="A photo caption", alt_text="A cell"
    )
    client.force_login(editor)
    assert not Version.objects.get_for_object(article).exists()
    delete_url = reverse("admin:articles_article_delete", args=[article.pk])
    assert "Are you sure" in client.get(delete_url).content.decode()
    client.post(delete_url, {"post": "yes"})
    assert not Article.objects.exists() and not ImageCaption.objects.exists()

    assert "Deleted by mistake" in client.get(reverse("admin:articles_article_recoverlist")).content.decode()
    version = Version.objects.get_deleted(Article).get()
    recover_url = reverse("admin:articles_article_recover", args=[version.pk])
    assert client.post(recover_url, form_data(client.get(recover_url), FORM)).status_code == 302
    article = Article.objects.get(headline="Deleted by mistake")
    assert [photo.caption for photo in article.photos.all()] == ["A photo caption"]


def test_bulk_delete_is_recoverable_too(client, editor, make_story):
    """Deleting several articles from the list keeps each one recoverable."""
    articles = [make_story(headline=f"Bulk {n}") for n in range(2)]
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    selected = {"action": "delete_selected", "_selected_action": [a.pk for a in articles]}
    assert "Are you sure" in client.post(url, selected).content.decode()
    client.post(url, selected | {"post": "yes"})
    assert not Article.objects.exists()
    assert Version.objects.get_deleted(Article).count() == 2


def test_revisions_keep_every_photo_and_restoring_keeps_them(client, editor, make_story, form_data):
    """The list's lead-photo prefetch must not leak into what a revision records."""
    article = make_story(headline="Two photos")
    for caption, place, position in (("Lead photo", None, 1), ("Later photo", 1, 2)):
        ImageCaption.objects.create(
            article=article,
            image=photo_file(),
            caption=caption,
            alt_text=caption,
            after_paragraph=place,
            position=position,
        )
    client.force_login(editor)
    save(client, form_data, article, headline="Edited once")
    first = Version.objects.get_for_object(article).first()
    recorded = first.revision.version_set.filter(content_type__model="imagecaption")
    assert sorted(v.field_dict["caption"] for v in recorded) == ["Later photo", "Lead photo"]
    save(client, form_data, article, headline="Edited twice")
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    assert client.post(revision_url, form_data(client.get(revision_url), FORM)).status_code == 302
    assert sorted(article.photos.values_list("caption", flat=True)) == ["Later photo", "Lead photo"]


def test_loaded_articles_start_with_a_complete_revision(demo_content):
    """What the fixtures said can be restored after editors change it."""
    article = Article.objects.get(slug="kazakh-specialists-focus-more-attention-on-radicalisation-of-women")
    (version,) = Version.objects.get_for_object(article)
    assert version.revision.get_comment() == "Loaded from fixtures"
    related = version.revision.version_set
    assert related.filter(content_type__model="imagecaption").count() == 2
    assert related.filter(content_type__model="articleauthor").count() == 1
    assert related.filter(content_type__model="taggedarticle").count() == 5
    assert sorted(version.field_dict["regions"]) == sorted(article.regions.values_list("pk", flat=True))


def test_compare_collapses_long_fields_that_did_not_change(client, editor, make_story, form_data):
    """An unchanged body is summarised, so the change itself is easy to find."""
    article = make_story(headline="Before", body="<p>One paragraph.</p><p>Another paragraph.</p>")
    client.force_login(editor)
    save(client, form_data, article)
    save(client, form_data, article, headline="After")
    page = client.get(reverse("admin:articles_article_compare", args=[article.pk])).content.decode()
    assert "Unchanged (4 words)" in page
    assert "Another paragraph." not in page
