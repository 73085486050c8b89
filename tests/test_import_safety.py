"""Editors' trust: what an import or a fixture load never overwrites, lets in or reads.

The plain-text importer never overwrites an edited draft, a draft started in the admin,
an article past draft or an uploaded photo. The fixture loader (``test_fixtures.py`` has
its everyday behaviour) never loads anything but the newsroom's content, never lets a
primary key overwrite another row, and never reads an image from outside its folder.
"""

import json
import re

import pytest
import reversion
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image
from reversion.models import Version

from articles.models import Article, ArticleAuthor, ImageCaption, Photo, Region

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


@pytest.fixture
def imported(import_one, tmp_path, make_region):
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
def test_a_draft_edited_since_its_import_is_not_overwritten(import_one, imported, tmp_path, edit):
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


def test_the_reason_names_who_last_saved_the_draft(import_one, imported, tmp_path, editor):
    """The operator can ask the right person before replacing their work."""
    article, path = imported
    with reversion.create_revision():
        reversion.set_user(editor)
        edit_body(article)
        reversion.add_to_revision(article)
    write_copy(tmp_path, CORRECTED)
    assert import_one(path).reason.startswith("edited in the admin since the last import (last saved by ann ")


def test_a_draft_started_in_the_admin_is_not_overwritten(import_one, tmp_path, make_article):
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


def test_an_unedited_draft_is_updated_to_exactly_the_new_copy(import_one, imported, tmp_path, make_region):
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


def test_an_uploaded_photo_the_new_copy_leaves_out_is_kept_and_the_copy_skipped(
    import_one, imported, tmp_path
):
    """An editor's upload into an imported photo is never deleted by an import."""
    article, path = imported
    later = article.photos.get(position=2)
    Photo.objects.filter(placements=later.pk).update(image="photos/later.jpg", width=40, height=30)
    write_copy(tmp_path, ("Headline", "By Ann Lee and Bo Chen", "Lead. [Credit]", "ALMATY -- New text."))
    outcome = import_one(path)
    assert outcome.action == "skipped"
    assert outcome.reason == (
        "photo 2 ('Later.') has an image uploaded in the admin and the new copy leaves it out; "
        "an import never deletes it: remove the photo in the admin first"
    )
    assert ImageCaption.objects.get(pk=later.pk).image.name == "photos/later.jpg"
    assert Article.objects.get(pk=article.pk).body == "<p>Old text.</p><p>More.</p>"


def test_a_photo_added_in_the_admin_is_never_deleted(import_one, imported, tmp_path):
    """A photo an editor added beside the imported ones survives a later import."""
    article, path = imported
    added = ImageCaption.objects.create(article=article, caption="From the desk.", position=3)
    Photo.objects.filter(placements=added.pk).update(image="photos/desk.jpg", width=40, height=30)
    write_copy(tmp_path, CORRECTED)
    outcome = import_one(path)
    assert outcome.action == "skipped"
    assert ImageCaption.objects.get(pk=added.pk).image.name == "photos/desk.jpg"


def test_each_import_that_writes_is_a_revision_and_a_new_edit_version(import_one, imported, tmp_path):
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


def test_a_skipped_article_records_no_revision(import_one, imported, tmp_path):
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
    assert captured.out.splitlines()[-1] == "0 created, 0 updated, 0 unchanged, 1 skipped."
    assert re.fullmatch(
        rf"Skipped {re.escape(str(path))}: edited in the admin since the last import "
        r"\(last saved \d{4}-\d\d-\d\d \d\d:\d\d\); it is not overwritten\n",
        captured.err,
    )


# The fixture loader.

SHYMKENT = {"model": "articles.region", "fields": {"name": "Shymkent", "slug": "shymkent", "kind": "city"}}


def load_refused(path, **options):
    """Load ``path``: it must be refused in one line naming the file, then the usual reassurance."""
    with pytest.raises(CommandError) as caught:
        call_command("load_fixtures", str(path), **options)
    error, reassurance = str(caught.value).split("\n")
    assert error.startswith(f"{path}: ")
    assert reassurance == "Nothing was loaded: the database is as it was."
    assert not Region.objects.filter(slug="shymkent").exists()  # nothing half-loaded
    return error


@pytest.mark.parametrize(
    "record",
    [
        {"model": "auth.user", "fields": {"username": "intruder", "password": "x", "is_superuser": True}},
        {
            "model": "sessions.session",
            "pk": "k",
            "fields": {"session_data": "x", "expire_date": "2099-01-01T00:00Z"},
        },
        {"model": "contenttypes.contenttype", "fields": {"app_label": "articles", "model": "nothing"}},
        {"model": "admin.logentry", "fields": {"action_flag": 1, "object_repr": "x", "user": 1}},
        {
            "model": "engagement.comment",
            "fields": {"article": ["x"], "name": "A", "email": "a@b.kz", "body": "x"},
        },
        {"model": "articles.frontpagestory", "fields": {"headline": "Proxy", "slug": "proxy"}},
        {"model": "taggit.tag", "fields": {"name": "Loose", "slug": "loose"}},
    ],
    ids=lambda record: record["model"],
)
def test_only_the_newsrooms_content_models_may_be_loaded(write_fixture, demo_content, tmp_path, record):
    """A fixture must not create accounts, sessions or log entries, nor skip comment moderation."""
    users = User.objects.count()
    error = load_refused(write_fixture(tmp_path, [SHYMKENT, record]))
    assert f"object #2 ({record['model']}" in error
    assert (
        "fixtures may hold only the newsroom's content (articles.article, articles.articleauthor, " in error
    )
    assert User.objects.count() == users


@pytest.mark.parametrize("update", [False, True])
def test_a_primary_key_naming_another_row_is_refused(write_fixture, demo_content, tmp_path, update):
    """An integer key from another database must not overwrite whatever row has it here."""
    almaty, astana = Region.objects.get(slug="almaty"), Region.objects.get(slug="astana")
    taken = write_fixture(tmp_path, [{**SHYMKENT, "pk": almaty.pk}])
    assert f"pk {almaty.pk} is the region ('almaty',), not ('shymkent',)" in load_refused(
        taken, update=update
    )
    assert Region.objects.get(pk=almaty.pk).name == "Almaty"
    moved = write_fixture(
        tmp_path, [SHYMKENT, {**SHYMKENT, "pk": 9999, "fields": {"name": "A", "slug": "astana"}}]
    )
    assert f"the region ('astana',) is pk {astana.pk} here, not 9999" in load_refused(moved, update=update)
    # The same object under its own key, and a new one under a free key, are fine.
    same = {"model": "articles.region", "pk": almaty.pk, "fields": {"name": "Almaty", "slug": "almaty"}}
    new = {"model": "articles.article", "pk": 4242, "fields": {"headline": "New", "slug": "new"}}
    call_command("load_fixtures", str(write_fixture(tmp_path, [same, new])), update=update, verbosity=0)
    assert Region.objects.get(pk=almaty.pk).slug == "almaty"
    assert Article.objects.get(pk=4242).slug == "new"


def test_an_image_symlink_leading_outside_the_fixtures_is_refused(
    write_fixture, demo_content, tmp_path, settings
):
    """A link in the shipped media must not copy a file from elsewhere on the server."""
    outside = tmp_path / "outside.png"
    Image.new("RGB", (4, 4)).save(outside)
    settings.FIXTURE_MEDIA_DIR = tmp_path / "shipped"
    (settings.FIXTURE_MEDIA_DIR / "seed").mkdir(parents=True)
    (settings.FIXTURE_MEDIA_DIR / "seed" / "escape.png").symlink_to(outside)
    author = {"model": "articles.author", "fields": {"name": "X", "slug": "x", "photo": "seed/escape.png"}}
    error = load_refused(write_fixture(tmp_path, [SHYMKENT, author]))
    assert "image 'seed/escape.png' is not a file name inside " in error
    assert not default_storage.exists("seed/escape.png")


# Leaves include names a hand-edited fixture might give an image, good and bad.
FILE_NAMES = st.sampled_from(["seed/none.png", "../../etc/passwd", "/etc/hostname", "seed/../x.png", "C:\\x"])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | FILE_NAMES,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
FIELD_NAMES = st.sampled_from(
    ["name", "slug", "kind", "parent", "headline", "regions", "photo", "image", "uid", "article"]
)
RECORDS = st.fixed_dictionaries(
    {
        "model": st.sampled_from(
            ["articles.region", "articles.author", "articles.article", "articles.imagecaption"]
        ),
        "fields": st.dictionaries(FIELD_NAMES, FILE_NAMES | JSON, max_size=5),
    },
    optional={"pk": JSON},
)


@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(RECORDS | JSON, max_size=4) | JSON)
@example([{"model": "articles.author", "fields": {"name": "X", "slug": "x", "photo": "seed/../../x.png"}}])
def test_any_json_loads_or_gives_a_one_line_error(db, tmp_path, value):
    """Whatever a fixture holds, the loader loads it or explains, never a traceback."""
    path = tmp_path / "generated.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    try:
        call_command("load_fixtures", str(path), verbosity=0)
    except CommandError as exc:
        error, reassurance = str(exc).split("\n")
        assert error.startswith(f"{path}: ")
        assert reassurance == "Nothing was loaded: the database is as it was."
