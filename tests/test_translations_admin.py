"""Translations in the admin: starting one, finding the missing and the stale, marking them up to date."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import translating
from articles.models import Article, ArticleAuthor, ImageCaption, Photo
from audit.models import AuditEntry
from tests.image_files import photo_file

CHANGELIST = reverse("admin:articles_article_changelist")


def translate_url(article):
    return reverse("admin:articles_article_translate", args=[article.pk])


def up_to_date_url(article):
    return reverse("admin:articles_article_mark_up_to_date", args=[article.pk])


def listed(client, **params):
    """The headlines of the change list's rows."""
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return {article.headline for article in response.context["cl"].result_list}


@pytest.fixture
def full_story(make_story, make_author, make_region, make_topic, make_organisation):
    """A published English story with everything a translation carries over."""
    second = make_author(name="Byline second")  # made first: the byline's order is not the authors'
    first = make_author(name="Byline first")
    place, other_place = make_region(name="Almaty"), make_region(name="Astana")
    story = make_story(
        headline="Raid in Almaty",
        standfirst="Police searched a prayer house.",
        body="<p>First paragraph.</p><p>Second paragraph.</p>",
        dateline="ALMATY",
        dateline_region=place,
        authors=[first, second],
        regions=[place, other_place],
        topics=[make_topic(name="Raids"), make_topic(name="Baptists")],
    )
    cited = make_organisation(name="Police")
    story.organisations.add(cited, make_organisation(name="Court"))
    lead = ImageCaption.objects.create(
        article=story,
        image=photo_file("lead.png"),
        caption="The prayer house",
        credit="Courtesy of Forum 18",
        credited_organisation=cited,
        alt_text="A wooden house",
        position=1,
    )
    Photo.objects.filter(placements=lead.pk).update(renditions={"160": "photos/lead-160.webp"})
    ImageCaption.objects.create(
        article=story,
        image=photo_file("later.png"),
        caption="The pastor",
        alt_text="A man at a door",
        after_paragraph=1,
        position=2,
    )
    story.refresh_from_db()
    return story


def test_translate_into_makes_a_linked_draft_with_everything_but_the_words(
    change_url, client, editor, full_story
):
    """Byline in order, photos, topics, places, organisations and dateline come along; the text
    is there to translate, its headline marked as not translated yet."""
    client.force_login(editor)
    response = client.post(translate_url(full_story), {"language": "ru"})
    translation = Article.objects.get(language="ru")
    assert response.status_code == 302 and response["Location"] == change_url(translation)

    assert translation.translation_of == full_story
    assert translation.status == Article.Status.DRAFT and translation.published_at is None
    assert translation.created_by == editor
    assert translation.headline == "[RU] Raid in Almaty"
    assert translation.slug != full_story.slug and translation.slug == f"{full_story.slug}-ru"
    assert (translation.standfirst, translation.body) == (full_story.standfirst, full_story.body)
    assert (translation.dateline, translation.dateline_region) == ("ALMATY", full_story.dateline_region)
    assert translation.source_synced_at == full_story.text_changed_at
    assert not translation.is_featured
    byline = list(translation.byline.values_list("author__name", "position"))
    assert byline == [("Byline first", 1), ("Byline second", 2)]
    assert set(translation.topics.names()) == {"Raids", "Baptists"}
    assert set(translation.regions.all()) == set(full_story.regions.all())
    assert set(translation.organisations.all()) == set(full_story.organisations.all())
    # The same library photos, placed again with the source's words.
    fields = ("photo_id", "caption", "credit", "alt_text", "after_paragraph", "position")
    copied = list(ImageCaption.objects.filter(article=translation).values(*fields))
    assert copied == list(ImageCaption.objects.filter(article=full_story).values(*fields))
    assert not set(translation.photos.values_list("uid", flat=True)) & set(
        full_story.photos.values_list("uid", flat=True)
    )
    # The source is as it was; the new draft has its first revision and an audit entry.
    assert ArticleAuthor.objects.filter(article=full_story).count() == 2
    assert Version.objects.get_for_object(translation).count() == 1
    entry = AuditEntry.objects.get(article_id=translation.pk)
    assert entry.user == editor and entry.action == AuditEntry.Action.CREATED and "Russian" in entry.detail

    page = client.get(response["Location"]).content.decode()
    assert "Started the Russian translation" in page
    assert "The Russian translation of" in page and change_url(full_story) in page


def test_a_translation_of_a_translation_translates_the_source(client, editor, make_story):
    """Translating the Russian version into Kazakh links the Kazakh one to the English source."""
    source = make_story(headline="Source story")
    russian = translating.start_translation(source, language="ru", user=editor)
    client.force_login(editor)
    client.post(translate_url(russian), {"language": "kk"})
    kazakh = Article.objects.get(language="kk")
    assert kazakh.translation_of == source and kazakh.headline == "[KK] Source story"
    assert list(source.translations.order_by("language").values_list("language", flat=True)) == ["kk", "ru"]


def test_a_language_the_group_has_is_refused(change_url, client, editor, make_story):
    """A second Russian version, or one in the source's own language, is refused with a reason."""
    source = make_story(headline="Only once")
    russian = translating.start_translation(source, language="ru", user=editor)
    with pytest.raises(translating.TranslationRefused, match="already has a Russian version"):
        translating.start_translation(source, language="ru", user=editor)
    with pytest.raises(translating.TranslationRefused, match="already has a Russian version"):
        translating.start_translation(russian, language="ru", user=editor)
    with pytest.raises(translating.TranslationRefused, match="itself written in English"):
        translating.start_translation(russian, language="en", user=editor)
    with pytest.raises(translating.TranslationRefused, match="not one of the languages"):
        translating.start_translation(source, language="xx", user=editor)

    client.force_login(editor)
    response = client.post(translate_url(source), {"language": "en"}, follow=True)
    assert "is itself written in English" in response.content.decode()
    response = client.post(translate_url(source), {"language": "ru"}, follow=True)
    assert "already has a Russian version" in response.content.decode()
    assert Article.objects.count() == 2
    # The page and the form offer only the languages the group lacks.
    # (After the header, whose language chooser offers every language.)
    page = client.get(translate_url(source)).content.decode().partition('id="content-main"')[2]
    assert 'value="kk"' in page and 'value="ru"' not in page and 'value="en"' not in page
    form = client.get(change_url(source)).content.decode()
    assert 'id="translate-into"' in form and "Kazakh (Қазақша)" in form and "Russian (Русский)" not in form


def test_a_contributor_translates_a_published_story_into_a_draft_of_their_own(
    change_url, client, contributor, make_story, article_form
):
    """Anyone who may start articles may translate one they can read; the draft is theirs to edit."""
    source = make_story(headline="Published story")
    client.force_login(contributor)
    response = client.post(translate_url(source), {"language": "uz"})
    assert response.status_code == 302
    draft = Article.objects.get(language="uz")
    assert draft.created_by == contributor and draft.status == Article.Status.DRAFT
    data = article_form(draft, headline="Bosqin", language="uz")
    assert client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Bosqin"


def test_translating_needs_the_permission_to_start_articles(client, make_story):
    """A reader of the admin who may not add articles cannot translate one either."""
    source = make_story()
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.get(translate_url(source)).status_code == 403
    assert client.post(translate_url(source), {"language": "ru"}).status_code == 403
    assert Article.objects.count() == 1


def test_missing_a_language_filter(client, editor, make_story):
    """A story misses Russian when neither it, its source nor the source's translations is Russian."""
    source = make_story(headline="English with Russian")
    russian = translating.start_translation(source, language="ru", user=editor)
    make_story(headline="English alone")
    make_story(headline="Russian alone", language="ru")
    client.force_login(editor)
    assert listed(client, missing="ru") == {"English alone"}
    assert listed(client, missing="kk") == {
        "English alone",
        "Russian alone",
        source.headline,
        russian.headline,
    }
    assert listed(client, missing="en") == {"Russian alone"}
    assert listed(client, missing="nonsense") == set()
    page = client.get(CHANGELIST).content.decode()
    assert "No Russian version yet" in page and "No Kazakh version yet" in page


def test_a_translation_goes_stale_when_its_source_text_changes(
    change_url, client, editor, make_story, article_form
):
    """Featuring or retagging the source leaves its translations up to date; editing its words does not."""
    source = make_story(headline="The source")
    translation = translating.start_translation(source, language="ru", user=editor)
    client.force_login(editor)
    client.post(CHANGELIST, {"action": "feature_selected", "_selected_action": [source.pk]})
    source.refresh_from_db()
    assert source.is_featured
    retagged = article_form(
        source,
        topics="Another topic,",
        standfirst=source.standfirst,
        featured_position=source.featured_position,
    )
    assert client.post(change_url(source), retagged | {"is_featured": "on"}).status_code == 302
    source.refresh_from_db()
    assert set(source.topics.names()) == {"Another topic"}
    assert listed(client, translation="stale") == set()
    assert listed(client, translation="current") == {translation.headline}
    assert "Source changed on" not in client.get(change_url(translation)).content.decode()

    edited = article_form(
        source, body="<p>New words.</p>", topics="Another topic,", featured_position=source.featured_position
    )
    assert client.post(change_url(source), edited | {"is_featured": "on"}).status_code == 302
    source.refresh_from_db()
    translation.refresh_from_db()
    assert source.text_changed_at > translation.source_synced_at
    assert listed(client, translation="stale") == {translation.headline}
    assert listed(client, translation="original") == {source.headline}
    day = timezone.localtime(source.text_changed_at)
    changed = f"Source changed on {day.day} {day:%b %Y}"
    assert changed in client.get(CHANGELIST).content.decode()
    assert changed in client.get(change_url(translation)).content.decode()
    assert "source changed since" in client.get(change_url(source)).content.decode()


def test_the_difference_link_compares_the_synced_revision_with_the_latest(
    change_url, client, editor, make_story, article_form
):
    """From the source's revision the translation was made from to its latest, whatever came between."""
    source = make_story(headline="First words")
    client.force_login(editor)
    client.post(change_url(source), article_form(source, standfirst="Saved once"))
    source.refresh_from_db()
    translation = translating.start_translation(source, language="ru", user=editor)
    client.post(change_url(source), article_form(source, topics="Retagged", standfirst="Saved once"))
    source.refresh_from_db()
    assert not translating.is_stale(translation, source)
    client.post(change_url(source), article_form(source, headline="Second words", standfirst="Saved once"))
    first, _retagged, latest = Version.objects.get_for_object(source).order_by("pk")

    response = client.get(change_url(translation))
    link = response.context["translation_panel"]["difference_url"]
    compare = reverse("admin:articles_article_compare", args=[source.pk])
    assert link == f"{compare}?a={first.pk}&b={latest.pk}"
    assert link.replace("&", "&amp;") in response.content.decode()
    rows = {row.label: row for row in client.get(link).context["rows"]}
    assert (rows["Headline"].before, rows["Headline"].after) == ("First words", "Second words")
    assert not rows["Standfirst"].changed


def test_without_a_revision_that_old_the_link_is_the_source_history(change_url, client, editor, make_story):
    source = make_story(headline="Never saved in the admin")
    translation = translating.start_translation(source, language="kk", user=editor)
    source.headline = "Changed in a shell"
    source.save()
    client.force_login(editor)
    panel = client.get(change_url(translation)).context["translation_panel"]
    assert panel["stale"] and panel["difference_url"] is None
    assert panel["history_url"] == reverse("admin:articles_article_history", args=[source.pk])


@pytest.fixture
def stale_translation(editor, make_story):
    source = make_story(headline="Source")
    translation = translating.start_translation(source, language="ru", user=editor)
    source.body = "<p>Changed.</p>"
    source.save()
    source.refresh_from_db()
    translation.refresh_from_db()
    return source, translation


def test_mark_up_to_date(change_url, client, editor, stale_translation, article_form):
    """One POST: up to date with the source's text, without touching the translation's own text
    or edit token (a form already open on it still saves)."""
    source, translation = stale_translation
    client.force_login(editor)
    open_form = article_form(translation, language="ru", headline="Перевод")
    page = client.get(change_url(translation)).content.decode()
    assert 'action="' + up_to_date_url(translation) + '"' in page
    seen = client.get(change_url(translation)).context["translation_panel"]["seen"]

    assert client.get(up_to_date_url(translation)).status_code == 405
    translation.refresh_from_db()
    assert translation.source_synced_at < source.text_changed_at

    response = client.post(up_to_date_url(translation), {"seen": seen}, follow=True)
    assert "is marked up to date with its source" in response.content.decode()
    before = translation
    translation = Article.objects.get(pk=translation.pk)
    assert translation.source_synced_at == source.text_changed_at
    assert translation.edit_version == before.edit_version
    assert translation.text_changed_at == before.text_changed_at
    assert translation.updated_at == before.updated_at
    assert AuditEntry.objects.filter(
        article_id=translation.pk, detail__startswith="Marked up to date"
    ).exists()
    assert "Source changed on" not in client.get(change_url(translation)).content.decode()
    assert client.post(change_url(translation), open_form).status_code == 302


def test_mark_up_to_date_needs_csrf_and_the_right_to_change(
    change_url, client, contributor, editor, stale_translation
):
    source, translation = stale_translation
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(up_to_date_url(translation)).status_code == 403
    # The translation is the editor's draft: a contributor may read it, not change it.
    client.force_login(contributor)
    page = client.get(change_url(translation))
    assert page.status_code == 200 and 'action="' + up_to_date_url(translation) not in page.content.decode()
    assert client.post(up_to_date_url(translation)).status_code == 403
    translation.refresh_from_db()
    assert translation.source_synced_at < source.text_changed_at


def test_a_source_changed_again_since_the_page_keeps_the_translation_stale(
    change_url, client, editor, stale_translation
):
    """Marking up to date covers the text the editor saw, not a change made after."""
    source, translation = stale_translation
    client.force_login(editor)
    seen = client.get(change_url(translation)).context["translation_panel"]["seen"]
    source.headline = "Changed again"
    source.save()
    response = client.post(up_to_date_url(translation), {"seen": seen}, follow=True)
    assert "the source has changed again" in response.content.decode()
    translation.refresh_from_db()
    source.refresh_from_db()
    assert translation.source_synced_at.isoformat() == seen
    assert translating.is_stale(translation, source)
    response = client.post(up_to_date_url(translation), {"seen": "yesterday"}, follow=True)
    assert "Open the page again" in response.content.decode()


def test_mark_up_to_date_as_a_list_action(client, editor, stale_translation, make_story):
    source, translation = stale_translation
    client.force_login(editor)
    other = make_story()
    data = {"action": "mark_selected_up_to_date", "_selected_action": [translation.pk, other.pk]}
    page = client.post(CHANGELIST, data, follow=True).content.decode()
    assert "1 translation marked up to date; 1 not translations." in page
    translation.refresh_from_db()
    assert translation.source_synced_at == source.text_changed_at


def test_the_change_pages_show_the_group(change_url, client, editor, make_story):
    source = make_story(headline="The original")
    russian = translating.start_translation(source, language="ru", user=editor)
    kazakh = translating.start_translation(source, language="kk", user=editor)
    client.force_login(editor)
    page = client.get(change_url(source)).content.decode()
    assert "Its translations" in page and change_url(russian) in page and change_url(kazakh) in page
    page = client.get(change_url(russian)).content.decode()
    assert change_url(source) in page and change_url(kazakh) in page and "the source" in page
    assert "take it off once the story is translated" in page
    assert reverse("admin:articles_article_translate", args=[russian.pk]) in page


def test_the_change_list_reads_every_translation_group_in_one_query(change_url, client, editor, make_story):
    """The other-languages column costs one query per page, however many groups it shows."""

    def groups(count):
        for _ in range(count):
            source = make_story()
            translating.start_translation(source, language="ru", user=editor)
            translating.start_translation(source, language="kk", user=editor)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(CHANGELIST)
        assert response.status_code == 200
        return len(captured), response

    client.force_login(editor)
    make_story()
    plain, _ = queries()
    groups(2)
    few, _ = queries()
    groups(20)
    many, response = queries()
    assert few == many == plain
    source = Article.objects.filter(translation_of=None, translations__isnull=False).first()
    row = next(a for a in response.context["cl"].result_list if a.pk == source.pk)
    assert [story.language for story in row.group_versions.others] == ["ru", "kk"]
    assert change_url(source.translations.get(language="kk")) in response.content.decode()


def test_stale_marks_in_the_list(client, editor, stale_translation):
    source, translation = stale_translation
    client.force_login(editor)
    html = client.get(CHANGELIST).content.decode()
    assert "ru ⚠" in html and "Source changed on" in html
    Article.objects.filter(pk=translation.pk).update(source_synced_at=source.text_changed_at + timedelta(0))
    assert "Source changed on" not in client.get(CHANGELIST).content.decode()
