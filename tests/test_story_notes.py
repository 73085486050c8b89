"""Corrections, updates and editor's notes on the record (issue 20): on the story page, in
JSON-LD, feeds and the news sitemap, on the corrections page; and the "Updated" time, which
only a revision of the text or a note moves."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import Article, StoryNote

FORM = "article_form"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    return settings


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def json_ld(page):
    (data,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    return json.loads(data)


def note_form(data, *notes):
    """``data`` (an article form as the page sent it) with ``notes`` added as new inline rows."""
    initial = int(data["notes-TOTAL_FORMS"])
    data = data | {"notes-TOTAL_FORMS": str(initial + len(notes))}
    local = timezone.localtime()
    for number, (kind, text) in enumerate(notes, start=initial):
        data |= {
            f"notes-{number}-kind": kind,
            f"notes-{number}-text": text,
            f"notes-{number}-noted_at_0": local.strftime("%Y-%m-%d"),
            f"notes-{number}-noted_at_1": local.strftime("%H:%M:%S"),
        }
    return data


def test_an_editor_corrects_a_published_story_and_readers_see_it_on_the_record(
    client, editor, make_story, form_data, django_capture_on_commit_callbacks
):
    story = make_story(
        headline="Women's club opens in Pavlodar", published_at=timezone.now() - timedelta(days=3)
    )
    before = json_ld(client.get(story.get_absolute_url()).content.decode())
    assert before["dateModified"] == before["datePublished"]
    admin = signed_in(editor)
    change = f"/admin/articles/article/{story.pk}/change/"
    data = note_form(
        form_data(admin.get(change), FORM),
        ("correction", "An earlier version gave the club's founding year as 2015. It was 2016."),
        ("update", "The club has since opened a second room."),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    correction, update = StoryNote.objects.filter(article=story).order_by("kind")
    assert correction.kind == "correction" and correction.created_by == editor
    assert update.kind == "update"
    story.refresh_from_db()
    assert story.revised_at is not None and story.revised_at > story.published_at

    page = client.get(story.get_absolute_url()).content.decode()
    # The correction near the top, above the text; the update after the text.
    top, text_and_after = page.split('<div class="story-body">')
    assert "It was 2016." in top and f'id="{correction.anchor}"' in top
    assert (
        "The club has since opened a second room." in text_and_after.split('<footer class="story-footer">')[0]
    )
    assert 'class="updated"' in page
    data = json_ld(page)
    assert data["dateModified"] != data["datePublished"]
    assert data["dateModified"] == timezone.localtime(story.revised_at).isoformat()
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": correction.text,
            "datePublished": timezone.localtime(correction.noted_at).isoformat(),
            "url": f"{data['url']}#{correction.anchor}",
        }
    ]


def test_featuring_retagging_and_comments_leave_the_updated_time_alone(
    client, editor, make_story, make_topic, form_data, django_capture_on_commit_callbacks
):
    story = make_story(published_at=timezone.now() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.set_featured([story], True, user=editor)
        services.add_topic([story], make_topic(name="Water"), user=editor)
    # The admin form saved without a change to the text (a new front-page position).
    admin = signed_in(editor)
    change = f"/admin/articles/article/{story.pk}/change/"
    data = form_data(admin.get(change), FORM) | {"featured_position": "3"}
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(change, data).status_code == 302
    story.refresh_from_db()
    assert story.revised_at is None and story.modified_at == story.published_at
    page = client.get(story.get_absolute_url()).content.decode()
    # (the form writes the publication time to the second, as the editor sees it)
    assert json_ld(page)["dateModified"] == json_ld(page)["datePublished"]
    assert 'class="updated"' not in page
    atom = ET.fromstring(client.get("/feeds/atom/").content)
    (entry,) = atom.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}updated").text == entry.find(f"{ATOM}published").text


def test_only_a_change_of_the_text_of_a_live_story_is_a_revision(make_article):
    live = make_article()
    live.standfirst = "A new standfirst."
    live.save()
    assert live.revised_at is not None and live.modified_at == live.revised_at

    draft = make_article(status=Article.Status.DRAFT)
    draft = Article.objects.get(pk=draft.pk)
    draft.body = "<p>Rewritten before anyone read it.</p>"
    draft.save()
    assert draft.revised_at is None

    scheduled = make_article(published_at=timezone.now() + timedelta(hours=2))
    scheduled = Article.objects.get(pk=scheduled.pk)
    scheduled.headline = "A better headline before it appears"
    scheduled.save()
    assert scheduled.revised_at is None

    # The same instance saved twice: the second save compares with the first.
    again = Article.objects.get(pk=make_article().pk)
    again.is_featured = True
    again.save()
    again.is_featured = False
    again.save()
    assert again.revised_at is None


def test_a_note_on_a_draft_shows_once_it_is_published_and_does_not_revise_it(client, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    StoryNote.objects.create(article=draft, kind="editors-note", text="This story is part of a series.")
    draft.refresh_from_db()
    assert draft.revised_at is None
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=1)
    draft.save()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "This story is part of a series." in page
    assert "Editor&#x27;s note" in page or "Editor's note" in page


def test_the_corrections_page_lists_every_correction_newest_first(
    client, make_article, page_cache, django_capture_on_commit_callbacks
):
    first = make_article(headline="Budget story", published_at=timezone.now() - timedelta(days=9))
    second = make_article(headline="Flood story", published_at=timezone.now() - timedelta(days=5))
    russian = make_article(headline="Бюджет", language="ru")
    draft = make_article(headline="Draft story", status=Article.Status.DRAFT)
    StoryNote.objects.create(
        article=first,
        text="The budget was 12 billion tenge, not 21.",
        noted_at=timezone.now() - timedelta(days=2),
    )
    newer = StoryNote.objects.create(article=second, text="The river is the Irtysh, not the Ishim.")
    StoryNote.objects.create(article=second, kind="update", text="The water has gone down.")
    StoryNote.objects.create(article=russian, text="Исправлено: сумма бюджета.")
    StoryNote.objects.create(article=draft, text="Never shown.")

    page = client.get("/corrections/").content.decode()
    assert page.index("the Irtysh") < page.index("12 billion tenge")
    assert f'href="{second.get_absolute_url()}#{newer.anchor}"' in page
    assert "The water has gone down." not in page  # an update is not a correction
    assert "Never shown." not in page and "сумма бюджета" not in page
    assert "сумма бюджета" in client.get("/ru/corrections/").content.decode()

    # Cached, and a new correction shows at the next request.
    third = make_article(headline="Election story")
    assert "61 per cent" not in client.get(third.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        StoryNote.objects.create(article=third, text="The turnout was 61 per cent.")
    assert "61 per cent" in client.get("/corrections/").content.decode()
    assert "61 per cent" in client.get(third.get_absolute_url()).content.decode()


def test_an_empty_corrections_page_says_so(client, db):
    page = client.get("/corrections/").content.decode()
    assert "No corrections yet." in page
    assert 'href="/corrections/"' in client.get("/").content.decode()  # the footer links to it


def test_feed_entries_carry_the_notes_and_the_revision_time(client, make_article):
    story = make_article(headline="Flood story", published_at=timezone.now() - timedelta(days=4))
    plain = make_article(headline="Quiet story", published_at=timezone.now() - timedelta(days=5))
    note = StoryNote.objects.create(article=story, text="The river is the Irtysh, not the Ishim.")
    story.refresh_from_db()
    rss = ET.fromstring(client.get("/feeds/rss/").content)
    items = {item.find("title").text: item for item in rss.iter("item")}
    description = items["Flood story"].find("description").text
    assert "Correction (" in description and "the Irtysh, not the Ishim." in description
    assert "Correction" not in items["Quiet story"].find("description").text
    atom = ET.fromstring(client.get("/feeds/atom/").content)
    entries = {entry.find(f"{ATOM}title").text: entry for entry in atom.findall(f"{ATOM}entry")}
    updated = datetime.fromisoformat(entries["Flood story"].find(f"{ATOM}updated").text)
    assert abs(updated - note.noted_at) < timedelta(seconds=1)
    assert plain.pk  # listed too, unrevised


def test_a_corrected_story_comes_back_to_the_news_sitemap(client, make_article):
    old = make_article(
        headline="Old story", slug="old-story", published_at=timezone.now() - timedelta(days=10)
    )
    fresh = make_article(headline="Fresh story", slug="fresh-story")
    space = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

    def listed():
        root = ET.fromstring(client.get("/news-sitemap.xml").content)
        return {url.find("s:loc", space).text.rsplit("/", 2)[-2]: url for url in root.findall("s:url", space)}

    assert set(listed()) == {"fresh-story"}
    StoryNote.objects.create(article=old, text="The date of the trial was wrong.")
    urls = listed()
    assert set(urls) == {"fresh-story", "old-story"}
    assert urls["old-story"].find("s:lastmod", space) is not None
    assert urls["fresh-story"].find("s:lastmod", space) is None
    assert fresh.pk


def test_contributors_see_notes_but_cannot_add_them(contributor, make_article, form_data):
    draft = make_article(status=Article.Status.DRAFT, created_by=contributor)
    admin = signed_in(contributor)
    change = f"/admin/articles/article/{draft.pk}/change/"
    data = form_data(admin.get(change), FORM)
    admin.post(change, note_form(data, ("correction", "A contributor's correction.")))
    assert not StoryNote.objects.filter(article=draft).exists()


def test_a_note_is_dated_when_it_is_added_and_needs_words(editor, make_story, form_data):
    story = make_story()
    admin = signed_in(editor)
    change = f"/admin/articles/article/{story.pk}/change/"
    data = note_form(form_data(admin.get(change), FORM), ("update", "   "))
    page = admin.post(change, data).content.decode()
    assert "Write the note as readers will read it." in page
    assert not StoryNote.objects.exists()
    # A time sent with the form is not taken: the record cannot be backdated.
    data = note_form(form_data(admin.get(change), FORM), ("correction", "The mayor's name was misspelt."))
    data["notes-0-noted_at_0"] = "2020-01-01"
    assert admin.post(change, data).status_code == 302
    note = StoryNote.objects.get()
    assert timezone.now() - note.noted_at < timedelta(minutes=1)
    assert f"{note.noted_at:%Y}" != "2020"
    # An existing note shows its time, not an input for it.
    assert 'name="notes-0-noted_at_0"' not in admin.get(change).content.decode()


def test_a_note_in_the_future_is_refused_by_validation(make_story):
    from django.core.exceptions import ValidationError

    note = StoryNote(article=make_story(), text="From tomorrow.", noted_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationError, match="cannot be in the future"):
        note.full_clean()


def test_a_story_without_notes_asks_for_none(client, make_story):
    story = make_story()
    url = story.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    StoryNote.objects.create(article=story, text="A correction.")
    client.get(url)  # the first request after a change reads again what is kept per version
    with CaptureQueriesContext(connection) as noted:
        assert "A correction." in client.get(url).content.decode()
    assert len(noted) == len(plain) + 1  # the notes, read only now


def test_the_story_page_shows_its_place_from_the_country_down_and_its_reading_time(
    client, make_article, make_region
):
    country = make_region(name="Kazakhstan", slug="kazakhstan", kind="country")
    province = make_region(name="Pavlodar Region", slug="pavlodar-region", kind="province", parent=country)
    city = make_region(name="Pavlodar", slug="pavlodar", kind="city", parent=province)
    words = " ".join(["word"] * 450)
    story = make_article(body=f"<p>{words}</p>", regions=[country, city])
    page = client.get(story.get_absolute_url()).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', page, re.DOTALL).group(1)
    assert re.findall(r'href="([^"]+)"', crumbs) == [
        "/regions/kazakhstan/",
        "/regions/pavlodar-region/",
        "/regions/pavlodar/",
    ]
    assert "3 minute read" in page
    short = make_article(body="<p>Ten words.</p>")
    assert "1 minute read" in client.get(short.get_absolute_url()).content.decode()
    assert '<nav class="breadcrumbs"' not in client.get(short.get_absolute_url()).content.decode()


def test_a_new_story_and_its_correction_load_from_a_fixture(write_fixture, db, tmp_path):
    from django.core.management import call_command

    uid = "0b7c1f3e-9a51-4c54-8a8e-1f0f8f1b2c3d"
    story = {
        "headline": "Loaded with a note",
        "slug": "loaded-with-a-note",
        "body": "<p>Text.</p>",
        "status": "published",
        "published_at": "2026-11-30T10:00:00+05:00",
    }
    note = {"uid": uid, "article": ["loaded-with-a-note"], "kind": "correction", "text": "A date was wrong."}
    path = write_fixture(
        tmp_path,
        [{"model": "articles.article", "fields": story}, {"model": "articles.storynote", "fields": note}],
    )
    call_command("load_fixtures", str(path), verbosity=0)
    loaded = StoryNote.objects.get()
    assert str(loaded.uid) == uid and loaded.article.slug == "loaded-with-a-note"
    # Loaded again: matched on its uid, not doubled.
    call_command("load_fixtures", str(path), verbosity=0)
    assert StoryNote.objects.count() == 1


def test_a_story_read_again_compares_with_the_row_as_read_again(make_article):
    """Changed by someone else and read again (``refresh_from_db``), then saved without a
    change of its text: not a revision."""
    story = make_article()
    Article.objects.filter(pk=story.pk).update(body="<p>Changed by another editor.</p>")
    story.refresh_from_db()
    story.is_featured = True
    story.save()
    story.refresh_from_db()
    assert story.revised_at is None
    # A change made after reading it again still is one.
    story.body = "<p>Changed again.</p>"
    story.save()
    assert story.revised_at is not None
