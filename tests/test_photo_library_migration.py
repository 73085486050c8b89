"""Migration 0020 turns every placed photo into a library photo and loses nothing: the demo
content (two stories and their Russian and Uzbek translations, which show the English
photos) and a story with three photos, written with the old models, read back with the new
ones; older revisions are rewritten so they still restore. Runs on SQLite and, in CI, on
PostgreSQL."""

import json
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from articles.models import Article, ImageCaption, Photo
from tests.migrations import latest, migrate

BEFORE = [("articles", "0019_featured_index_by_language")]


def shown(rows):
    """Every photo row, by uid, with what it shows: the old model's own columns, or the new
    model's through its library photo (the same names)."""
    return {
        str(row.uid): {
            "article": row.article_id,
            "image": row.image.name,
            "size": (row.width, row.height),
            "renditions": row.renditions,
            "caption": row.caption,
            "credit": row.credit,
            "organisation": row.credited_organisation_id,
            "alt_text": row.alt_text,
            "place": (row.after_paragraph, row.position),
        }
        for row in rows.order_by("pk")
    }


def old_placements(apps):
    return shown(apps.get_model("articles", "ImageCaption").objects)


def new_placements():
    return shown(ImageCaption.objects)


DEMO_PHOTOS = Path(__file__).parent / "data" / "demo_photos_before_0020.json"


def write_demo_photos(apps):
    """The demo content's seven photo rows as the fixtures shipped them before the library
    (the two English stories' and their Russian and Uzbek translations', which show the
    English files with their own captions and credits), on stories and organisations made
    for them with the old models."""
    Article_ = apps.get_model("articles", "Article")
    Placement = apps.get_model("articles", "ImageCaption")
    Organisation = apps.get_model("articles", "SourceOrganisation")
    for record in json.loads(DEMO_PHOTOS.read_text(encoding="utf-8")):
        fields = dict(record["fields"])
        (slug,) = fields.pop("article")
        story, _ = Article_.objects.get_or_create(
            slug=slug,
            defaults={
                "headline": slug,
                "body": "<p>Text.</p>",
                "status": "published",
                "published_at": timezone.now(),
            },
        )
        organisation = fields.pop("credited_organisation")
        if organisation:
            (organisation_slug,) = organisation
            organisation, _ = Organisation.objects.get_or_create(
                slug=organisation_slug, defaults={"name": organisation_slug}
            )
        Placement.objects.create(article=story, credited_organisation=organisation or None, **fields)


def write_three_photo_story(apps):
    Article_ = apps.get_model("articles", "Article")
    Placement = apps.get_model("articles", "ImageCaption")
    Organisation = apps.get_model("articles", "SourceOrganisation")
    agency = Organisation.objects.create(name="Vlast.kz", slug="vlast-kz")
    story = Article_.objects.create(
        headline="Three views of Naryn",
        slug="three-views-of-naryn",
        body="<p>One.</p><p>Two.</p><p>Three.</p>",
        status="published",
        published_at=timezone.now(),
        language="en",
    )
    for position, (name, credit, organisation, after) in enumerate(
        [
            ("photos/2026/11/a/naryn-river.jpg", "Vlast.kz", agency.pk, None),
            ("photos/2026/11/b/canal.jpg", "Courtesy of the farmers", None, 1),
            ("photos/2026/11/c/market.jpg", "", None, 2),
        ],
        start=1,
    ):
        Placement.objects.create(
            article=story,
            image=name,
            width=1200,
            height=800,
            renditions={"480": f"renditions/x/{position}-480.webp"},
            caption=f"Caption {position}",
            credit=credit,
            credited_organisation_id=organisation,
            alt_text=f"Alt {position}",
            after_paragraph=after,
            position=position,
        )
    return story


@pytest.mark.django_db(transaction=True)
def test_every_photo_becomes_a_library_photo_with_nothing_lost():
    old = migrate(BEFORE)
    write_demo_photos(old)
    story = write_three_photo_story(old)
    before = old_placements(old)
    assert len(before) == 3 + 4 + 3  # the demo's 3 English photos, 4 in its translations, and ours
    try:
        migrate(latest())
        after = new_placements()
        assert after == before
        # A translation shows its source's photos: one library photo per stored file.
        files = {row["image"] for row in before.values()}
        assert Photo.objects.count() == len(files)
        for placement in ImageCaption.objects.all():
            assert placement.photo.image.name == before[str(placement.uid)]["image"]
        # Each library photo keeps the uid of the first photo that showed it (so its
        # renditions keep their names) and that photo's words as its defaults.
        river = Photo.objects.get(image="photos/2026/11/a/naryn-river.jpg")
        first = ImageCaption.objects.get(article=story.pk, position=1)
        assert (river.uid, river.caption, river.alt_text, river.credit) == (
            first.uid,
            "Caption 1",
            "Alt 1",
            "Vlast.kz",
        )
        page = Article.objects.get(pk=story.pk)
        assert [p.printed_credit for p in page.photos.all()] == ["Vlast.kz", "Courtesy of the farmers", ""]
    finally:
        migrate(latest())


@pytest.mark.django_db(transaction=True)
def test_undone_the_photos_are_as_they_were():
    old = migrate(BEFORE)
    write_three_photo_story(old)
    before = old_placements(old)
    migrate(latest())
    try:
        old = migrate(BEFORE)
        assert old_placements(old) == before
    finally:
        migrate(latest())


@pytest.mark.django_db(transaction=True)
def test_older_revisions_name_the_library_photo():
    """A revision saved before the upgrade holds the old photo row: rewritten, it names the
    library photo and still restores."""
    old = migrate(BEFORE)
    story = write_three_photo_story(old)
    content_type = ContentType.objects.get(app_label="articles", model="imagecaption")
    from reversion.models import Revision, Version  # its tables stay as they are

    revision = Revision.objects.create(date_created=timezone.now(), comment="Before the library")
    placement = old.get_model("articles", "ImageCaption").objects.filter(article=story).first()
    record = {
        "model": "articles.imagecaption",
        "pk": placement.pk,
        "fields": {
            "uid": str(placement.uid),
            "article": story.pk,
            "image": placement.image.name,
            "width": 1200,
            "height": 800,
            "caption": "Caption as it was",
            "credit": "Vlast.kz",
            "credited_organisation": placement.credited_organisation_id,
            "alt_text": "Alt 1",
            "after_paragraph": None,
            "position": 1,
            "renditions": {},
        },
    }
    gone = dict(record, pk=placement.pk + 1000)
    gone["fields"] = dict(
        record["fields"], uid="0a4c6f8e-0000-4000-8000-000000000001", image="photos/old/gone.jpg"
    )
    for data in (record, gone):
        Version.objects.create(
            revision=revision,
            object_id=str(data["pk"]),
            content_type_id=content_type.pk,
            db="default",
            format="json",
            serialized_data=json.dumps([data]),
            object_repr=data["fields"]["caption"],
        )
    try:
        migrate(latest())
        kept, removed = Version.objects.filter(revision_id=revision.pk).order_by("pk")
        fields = json.loads(kept.serialized_data)[0]["fields"]
        assert "image" not in fields and "width" not in fields
        assert Photo.objects.get(pk=fields["photo"]).image.name == placement.image.name
        assert kept.field_dict["caption"] == "Caption as it was"
        # A file no photo shows any more becomes a library photo of its own, so the old
        # revision can still be restored.
        lost = Photo.objects.get(pk=json.loads(removed.serialized_data)[0]["fields"]["photo"])
        assert (lost.image.name, lost.credit) == ("photos/old/gone.jpg", "Vlast.kz")
        kept._object_version.object.photo  # noqa: B018 - deserialises with the new model
    finally:
        migrate(latest())
