"""IPTC Media Topics: the vocabulary as fixtures, editors' mapping of our topics to it, and
the mapping where partners and search engines read it (ninjs, the API, JSON-LD ``about``)."""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.caching import changes
from articles.models import MediaTopic, Topic
from articles.services import merge_topics


def json_ld(page):
    (data,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    return json.loads(data)


@pytest.fixture
def vocabulary(db):
    call_command("load_fixtures", "fixtures/media_topics.json", verbosity=0)


def test_the_fixtures_hold_the_top_two_levels_of_iptcs_vocabulary(vocabulary):
    top = MediaTopic.objects.filter(parent=None)
    assert top.count() == 17
    assert all(re.fullmatch(r"[01][0-9]000000", code) for code in top.values_list("code", flat=True))
    second = MediaTopic.objects.exclude(parent=None).select_related("parent")
    assert second.count() > 100
    assert all(topic.parent.parent_id is None and re.fullmatch(r"20[0-9]{6}", topic.code) for topic in second)
    terror = MediaTopic.objects.get(code="20000053")
    assert (terror.name, terror.parent.code, terror.uri) == (
        "act of terror",
        "16000000",
        "http://cv.iptc.org/newscodes/mediatopic/20000053",
    )
    assert MediaTopic.objects.get(code="11000000").name_ru == "Политика"
    assert MediaTopic.objects.get(code="20000587").parent.code == "14000000"  # moved to society by IPTC


def test_the_demo_topics_are_mapped(demo_content):
    assert list(Topic.objects.get(slug="terrorism").media_topics.values_list("code", flat=True)) == [
        "20000053"
    ]
    assert Topic.objects.filter(media_topics=None).count() == 0


def test_an_editor_maps_a_topic_and_every_reader_of_the_story_sees_it_at_once(
    client, editor, make_article, make_topic, vocabulary, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    topic = make_topic(name="Prisons", slug="prisons")
    story = make_article(headline="A prison story", topics=[topic])
    changes.discard_pending()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "about" not in json_ld(page)
    ninjs = client.get(f"/api/v1/stories/{story.pk}.ninjs").json()
    assert [subject["literal"] for subject in ninjs["subjects"]] == ["prisons"]
    justice = MediaTopic.objects.get(code="20000119")
    editor_client = client.__class__()
    editor_client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:articles_topic_change", args=[topic.pk]),
            {"name": "Prisons", "slug": "prisons", "description": "", "media_topics": [justice.pk]},
        )
    assert response.status_code == 302
    about = json_ld(client.get(story.get_absolute_url()).content.decode())["about"]
    assert about == [
        {"@type": "Thing", "name": "justice", "sameAs": "http://cv.iptc.org/newscodes/mediatopic/20000119"}
    ]
    subjects = client.get(f"/api/v1/stories/{story.pk}.ninjs").json()["subjects"]
    assert subjects[1] == {
        "name": "justice",
        "uri": "http://cv.iptc.org/newscodes/mediatopic/20000119",
        "literal": "medtop:20000119",
        "rel": "about",
        "creator": "editor",
    }
    card = client.get("/api/v1/stories/").json()["results"][0]
    assert card["topics"][0]["media_topics"][0]["qcode"] == "medtop:20000119"
    assert client.get("/api/v1/topics/prisons").json()["media_topics"][0]["code"] == "20000119"
    # Unmapped from the Media Topic's side: gone at once too.
    with django_capture_on_commit_callbacks(execute=True):
        justice.topics.clear()
    assert "about" not in json_ld(client.get(story.get_absolute_url()).content.decode())


def test_a_russian_story_names_its_media_topics_in_russian_where_written(
    client, make_article, make_topic, vocabulary
):
    topic = make_topic(name="Politics", slug="politics")
    topic.media_topics.add(MediaTopic.objects.get(code="11000000"), MediaTopic.objects.get(code="20000574"))
    story = make_article(language="ru", headline="Выборы", topics=[topic])
    about = json_ld(client.get(story.get_absolute_url()).content.decode())["about"]
    assert [thing["name"] for thing in about] == [
        "Политика",
        "election",
    ]  # IPTC publishes no Russian; ours, then English


def test_merging_topics_keeps_what_each_stood_for(make_topic, vocabulary):
    keep, gone = make_topic(name="Radicalisation"), make_topic(name="Radicalization")
    keep.media_topics.add(MediaTopic.objects.get(code="20000053"))
    gone.media_topics.add(MediaTopic.objects.get(code="20000802"))
    merge_topics(target=keep, sources=[gone])
    assert sorted(keep.media_topics.values_list("code", flat=True)) == ["20000053", "20000802"]


def test_a_media_topic_code_is_eight_digits(vocabulary):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="eight digits"):
        MediaTopic(code="medtop:1", name="Bad").full_clean()


def test_editors_choose_media_topics_each_under_its_broader_one(admin_client, make_topic, vocabulary):
    topic = make_topic(name="Prisons")
    html = admin_client.get(reverse("admin:articles_topic_change", args=[topic.pk])).content.decode()
    options = re.findall(r'<option value="\d+">([^<]*)</option>', html)
    crime = options.index("crime, law and justice (medtop:02000000)")
    assert options[crime + 1 : crime + 3] == [
        "crime, law and justice › crime (medtop:20000082)",
        "crime, law and justice › judiciary (medtop:20000106)",
    ]
