"""Stories in IPTC ninjs 2.2, validated against IPTC's own JSON Schema.

tests/data/ninjs-schema_2.2.json is IPTC's published schema, as released
(https://www.iptc.org/std/ninjs/ninjs-schema_2.2.json; MIT licence, from
github.com/iptc/newsinjson, specification/ninjs-schema_2.2.json).
"""

import json
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article, ImageCaption, Region, StoryNote
from tests.image_files import photo_file

SCHEMA = json.loads((Path(__file__).parent / "data" / "ninjs-schema_2.2.json").read_text())


def valid_ninjs(item):
    """``item`` if IPTC's schema accepts it (its formats as far as jsonschema checks them)."""
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(item), key=lambda error: list(error.path))
    assert not errors, [f"{list(error.path)}: {error.message}" for error in errors]
    return item


def test_the_schema_refuses_what_ninjs_does_not_allow():
    """The check can fail: an unknown property and a missing uri are refused."""
    with pytest.raises(AssertionError):
        valid_ninjs({"uri": "https://example.org/1", "headline": "ninjs 2 has headlines, not headline"})
    with pytest.raises(AssertionError):
        valid_ninjs({"type": "text"})


@pytest.fixture
def rich_story(make_article, make_author, make_topic, make_region, make_organisation):
    country = make_region(name="Kazakhstan", slug="kazakhstan", kind=Region.Kind.COUNTRY, iso_code="KZ")
    province = make_region(
        name="Pavlodar Region", slug="pavlodar", kind=Region.Kind.PROVINCE, iso_code="KZ-PAV", parent=country
    )
    story = make_article(
        headline="Women's club opens in Pavlodar",
        standfirst="A club for women who left prison.",
        body="<p>The club <strong>opened</strong> on Monday.</p><h2>Forty women</h2><p>They came.</p>",
        dateline="PAVLODAR",
        authors=[make_author(name="Ksenia Bondal"), make_author(name="Aigerim Tazhi")],
        topics=[make_topic(name="Prisons", slug="prisons")],
        regions=[province],
    )
    story.organisations.add(make_organisation(name="Ombudsman"))
    ImageCaption.objects.create(
        article=story,
        image=photo_file("club.png"),
        caption="The club's first meeting",
        credit="Vlast.kz",
        alt_text="Women at a table",
    )
    ImageCaption.objects.create(
        article=story, image=photo_file("yard.png"), caption="The yard", after_paragraph=1, position=1
    )
    StoryNote.objects.create(article=story, text="An earlier version gave the wrong day.")
    StoryNote.objects.create(article=story, kind=StoryNote.Kind.UPDATE, text="The ministry answered.")
    make_article(headline="В Павлодаре открылся клуб", language="ru", translation_of=story)
    make_article(headline="Qoralama", language="uz", status=Article.Status.DRAFT, translation_of=story)
    return story


def test_a_story_with_everything_is_valid_ninjs_and_says_it_all(client, rich_story):
    response = client.get(f"/api/v1/stories/{rich_story.pk}.ninjs")
    assert response.status_code == 200
    item = valid_ninjs(response.json())
    assert item["uri"] == f"{settings.SITE_URL}/api/v1/stories/{rich_story.pk}"
    assert item["standard"] == {
        "name": "ninjs",
        "version": "2.2",
        "schema": "https://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
    }
    assert item["type"] == "text" and item["language"] == "en" and item["pubstatus"] == "usable"
    assert item["headlines"] == [
        {"role": "main", "contenttype": "text/plain", "value": "Women's club opens in Pavlodar"}
    ]
    html, text = item["bodies"]
    assert html["contenttype"] == "text/html" and "<strong>opened</strong>" in html["value"]
    assert text["value"] == "The club opened on Monday. Forty women They came."
    assert html["wordcount"] == 9
    assert item["by"] == "Ksenia Bondal, Aigerim Tazhi"
    assert [person["rel"] for person in item["people"]] == ["author", "author"]
    assert item["located"] == "PAVLODAR"
    assert item["places"] == [
        {
            "name": "Pavlodar Region",
            "rel": "about",
            "uri": settings.SITE_URL + "/regions/pavlodar/",
            "literal": "KZ-PAV",
        }
    ]
    assert item["subjects"][0]["name"] == "Prisons"
    assert item["organisations"][0]["name"] == "Ombudsman"
    roles = [(description["role"], description["value"]) for description in item["descriptions"]]
    assert roles[0] == ("summary", "A club for women who left prison.")
    assert [role for role, _value in roles[1:]] == ["correction", "update"]
    assert roles[1][1].endswith(": An earlier version gave the wrong day.")
    pictures = [association for association in item["associations"] if association["type"] == "picture"]
    assert [picture["name"] for picture in pictures] == ["featureimage", "image2"]
    lead = pictures[0]
    assert lead["by"] == "Vlast.kz"
    assert {"role": "caption", "contenttype": "text/plain", "value": "The club's first meeting"} in lead[
        "descriptions"
    ]
    assert lead["renditions"][0]["name"] == "original" and lead["renditions"][0]["width"] == 40
    translations = [association for association in item["associations"] if association["type"] == "text"]
    assert [(translation["name"], translation["language"]) for translation in translations] == [
        ("translation-ru", "ru")
    ]
    assert item["firstcreated"] <= item["versioncreated"]


def test_the_demo_stories_are_valid_ninjs(client, demo_content):
    ids = list(Article.objects.published().values_list("pk", flat=True))
    assert len(ids) >= 2
    for pk in ids:
        item = valid_ninjs(client.get(f"/api/v1/stories/{pk}.ninjs").json())
        assert item["headlines"][0]["value"] == Article.objects.get(pk=pk).headline


def test_a_photo_whose_rights_end_says_so(client, make_article):
    story = make_article()
    placed = ImageCaption.objects.create(article=story, image=photo_file("old.png"), caption="Archive")
    photo = placed.photo
    photo.usage_terms = "Editorial use only."
    photo.copyright_notice = "© Vlast.kz"
    photo.usable_until = timezone.localdate() + timedelta(days=30)
    photo.save()
    item = valid_ninjs(client.get(f"/api/v1/stories/{story.pk}.ninjs").json())
    picture = item["associations"][0]
    assert picture["usageterms"] == "Editorial use only."
    assert picture["copyrightnotice"] == "© Vlast.kz"
    assert picture["expires"].startswith(photo.usable_until.isoformat())
