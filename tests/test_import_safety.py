"""What a plain-text import never overwrites: editors' changes, published articles, uploaded photos."""

import re

import pytest
import reversion
from django.core.management import CommandError, call_command
from reversion.models import Version

from articles.importing.importer import Directory, import_file
from articles.models import Article, ArticleAuthor, ImageCaption, Region

COPY = (
    "Headline",
    "By Ann Lee and Bo Chen",
    "Lead. [Credit]",
    "ALMATY -- Old text.",
    "Later. [Credit 2]",
    "More.",
)
CORRECTED = (
    "Headline",
    "By Ann Lee and Bo Chen",
    "Lead. [Credit]",
    "ALMATY -- New text.",
    "Later. [Credit 2]",
    "More.",
)


def write_copy(folder, blocks, name="a.txt"):
    path = folder / name
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    return path


def import_one(path):
    return import_file(path, directory=Directory.from_database())


@pytest.fixture
def imported(tmp_path, make_region):
    """A draft as the importer left it, and the path of the copy it came from."""
    make_region(name="Almaty", slug="almaty")
    path = write_copy(tmp_path, COPY)
    outcome = import_one(path)
    assert outcome.action == "created", outcome.reason
    return outcome.article, path


def test_the_digest_of_what_the_import_wrote_is_stored(imported):
    """Without it a later import cannot tell an editor's change from its own."""
    article, _ = imported
    article.refresh_from_db()
    assert re.fullmatch(r"[0-9a-f]{64}", article.imported_digest)


def edit_headline(article):
    article.headline = "Headline, as the editor put it"
    article.save()


def edit_standfirst(article):
    article.standfirst = "A standfirst the copy does not have."
    article.save()


def edit_body(article):
    article.body = "<p>Rewritten by the desk.</p>"
    article.save()


def edit_byline(article):
    ArticleAuthor.objects.filter(article=article, position=2).delete()


def edit_photo_caption(article):
    ImageCaption.objects.filter(article=article, position=1).update(caption="A better caption.")


def edit_topics(article):
    article.topics.add("Prisons")


def edit_regions(article):
    article.regions.add(Region.objects.create(name="Astana", slug="astana"))


def edit_featured(article):
    article.is_featured = True
    article.save()


@pytest.mark.parametrize(
    "edit",
    [
        edit_headline,
        edit_standfirst,
        edit_body,
        edit_byline,
        edit_photo_caption,
        edit_topics,
        edit_regions,
        edit_featured,
    ],
)
def test_a_draft_edited_since_its_import_is_not_overwritten(imported, tmp_path, edit):
    """Corrected copy arriving later must not wipe out what the desk did to the draft."""
    article, path = imported
    edit(article)
    article = Article.objects.get(pk=article.pk)
    before = (article.headline, article.body, article.edit_version, article.imported_digest)
    write_copy(tmp_path, CORRECTED)
    outcome = import_one(path)
    article.refresh_from_db()
    assert outcome.action == "skipped"
    assert outcome.reason.startswith("edited in the admin since the last import (last saved ")
    assert outcome.reason.endswith("); it is not overwritten")
    assert (article.headline, article.body, article.edit_version, article.imported_digest) == before


def test_the_reason_names_who_last_saved_the_draft(imported, tmp_path, editor):
    """The operator can ask the right person before replacing their work."""
    article, path = imported
    with reversion.create_revision():
        reversion.set_user(editor)
        edit_body(article)
        reversion.add_to_revision(article)
    write_copy(tmp_path, CORRECTED)
    assert import_one(path).reason.startswith("edited in the admin since the last import (last saved by ann ")


def test_a_draft_started_in_the_admin_is_not_overwritten(tmp_path, make_article):
    """A draft no import wrote (same headline by chance) is the editor's, not the importer's."""
    draft = make_article(
        headline="Headline", slug="headline", status=Article.Status.DRAFT, body="<p>Mine.</p>"
    )
    outcome = import_one(write_copy(tmp_path, COPY))
    draft.refresh_from_db()
    assert outcome.action == "skipped"
    assert outcome.reason == (
        "the draft at 'headline' was not made by an import (or was imported before imports were "
        "tracked); it is not overwritten"
    )
    assert draft.body == "<p>Mine.</p>"


def test_an_unedited_draft_is_updated_to_exactly_the_new_copy(imported, tmp_path, make_region):
    """Regions, organisations and topics follow the new copy, not the old plus the new."""
    article, path = imported
    make_region(name="Astana", slug="astana")
    write_copy(tmp_path, ("Headline", "By Ann Lee", "ASTANA -- New text."))
    outcome = import_one(path)
    article.refresh_from_db()
    assert outcome.action == "updated"
    assert [region.slug for region in article.regions.all()] == ["astana"]
    assert [credit.author.name for credit in article.byline.select_related("author")] == ["Ann Lee"]
    assert article.photos.count() == 0


def test_an_uploaded_photo_the_new_copy_leaves_out_is_kept_and_the_copy_skipped(imported, tmp_path):
    """An editor's upload into an imported photo is never deleted by an import."""
    article, path = imported
    later = article.photos.get(position=2)
    ImageCaption.objects.filter(pk=later.pk).update(image="photos/later.jpg", width=40, height=30)
    write_copy(tmp_path, ("Headline", "By Ann Lee and Bo Chen", "Lead. [Credit]", "ALMATY -- New text."))
    outcome = import_one(path)
    assert outcome.action == "skipped"
    assert outcome.reason == (
        "photo 2 ('Later.') has an image uploaded in the admin and the new copy leaves it out; "
        "an import never deletes it: remove the photo in the admin first"
    )
    assert ImageCaption.objects.get(pk=later.pk).image.name == "photos/later.jpg"
    assert Article.objects.get(pk=article.pk).body == "<p>Old text.</p><p>More.</p>"


def test_a_photo_added_in_the_admin_is_never_deleted(imported, tmp_path):
    """A photo an editor added beside the imported ones survives a later import."""
    article, path = imported
    added = ImageCaption.objects.create(article=article, caption="From the desk.", position=3)
    ImageCaption.objects.filter(pk=added.pk).update(image="photos/desk.jpg", width=40, height=30)
    write_copy(tmp_path, CORRECTED)
    outcome = import_one(path)
    assert outcome.action == "skipped"
    assert ImageCaption.objects.get(pk=added.pk).image.name == "photos/desk.jpg"


def test_each_import_that_writes_is_a_revision_and_a_new_edit_version(imported, tmp_path):
    """The history shows every import, whole, so it can be compared and restored."""
    article, path = imported
    first_version = Article.objects.get(pk=article.pk).edit_version
    write_copy(tmp_path, CORRECTED)
    assert import_one(path).action == "updated"
    versions = list(Version.objects.get_for_object(article))
    assert [version.revision.get_comment() for version in versions] == ["Imported from a.txt"] * 2
    newest = versions[0].revision.version_set.all()
    assert sorted(version.content_type.model for version in newest) == [
        "article",
        "articleauthor",
        "articleauthor",
        "imagecaption",
        "imagecaption",
    ]
    assert "New text." in versions[0].field_dict["body"]
    assert Article.objects.get(pk=article.pk).edit_version > first_version


def test_a_skipped_article_records_no_revision(imported, tmp_path):
    """A refused import leaves the history as it was."""
    article, path = imported
    edit_body(article)
    write_copy(tmp_path, CORRECTED)
    import_one(path)
    assert Version.objects.get_for_object(article).count() == 1


def test_the_command_says_why_an_edited_draft_was_skipped(imported, tmp_path, capsys):
    """The operator sees which draft was left alone and why; the exit status says so too."""
    article, path = imported
    edit_body(article)
    write_copy(tmp_path, CORRECTED)
    with pytest.raises(CommandError, match=r"^1 of 1 file\(s\) skipped"):
        call_command("import_articles", str(path))
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "0 created, 0 updated, 1 skipped."
    assert re.fullmatch(
        rf"Skipped {re.escape(str(path))}: edited in the admin since the last import "
        r"\(last saved \d{4}-\d\d-\d\d \d\d:\d\d\); it is not overwritten\n",
        captured.err,
    )
