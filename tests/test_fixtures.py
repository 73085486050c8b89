"""Loading fixtures: idempotent, complete, and all-or-nothing with a clear error."""

import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from reversion.models import Version

from articles.fixture_loading import demo_fixture_paths
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    ImageCaption,
    Region,
    SourceOrganisation,
    TaggedArticle,
    Topic,
)

CONTENT_MODELS = (
    Region,
    SourceOrganisation,
    Topic,
    Author,
    Article,
    ArticleAuthor,
    TaggedArticle,
    ImageCaption,
)


def counts():
    return {model.__name__: model.objects.count() for model in CONTENT_MODELS}


def snapshot():
    """Everything the demo content says, keyed by natural keys (so pks may differ)."""
    data = {}
    for model in CONTENT_MODELS:
        rows = []
        for obj in model.objects.all():
            fields = {}
            for field in model._meta.concrete_fields:
                if field.primary_key:
                    continue
                value = getattr(obj, field.name)
                if field.is_relation:
                    value = value.natural_key() if value is not None else None
                elif hasattr(value, "name") and not isinstance(value, str):
                    value = value.name
                fields[field.name] = value
            for field in model._meta.many_to_many:
                if field.remote_field.through._meta.auto_created:
                    fields[field.name] = sorted(o.natural_key() for o in getattr(obj, field.name).all())
            rows.append(fields)
        data[model.__name__] = sorted(rows, key=repr)
    return data


def test_demo_fixtures_load_into_an_empty_database(db):
    """An operator's first load brings every kind of demo object."""
    call_command("load_fixtures", verbosity=0)
    loaded = counts()
    assert loaded == {
        "Region": 17,
        "SourceOrganisation": 6,
        "Topic": 8,
        "Author": 2,
        "Article": 4,  # the two seed stories, and a Russian and an Uzbek translation of one
        "ArticleAuthor": 4,
        "TaggedArticle": 21,
        "ImageCaption": 7,
    }
    assert Article.objects.published().count() == 4


def test_loading_twice_creates_nothing_twice(demo_content, capsys):
    """Operators re-run the load on an existing deployment; it must be safe."""
    before = snapshot()
    call_command("load_fixtures")
    assert snapshot() == before
    assert "0 new" in capsys.readouterr().out


INMATES = "hundreds-of-kazakhstani-inmates-reject-radicalisation"
WOMEN = "kazakh-specialists-focus-more-attention-on-radicalisation-of-women"


def test_loading_again_leaves_what_editors_changed(demo_content):
    """`make run` loads the fixtures every time; it must never undo an editor's work."""
    Topic.objects.filter(name="Prisons").update(description="Rewritten by the desk.")
    article = Article.objects.get(slug=INMATES)
    article.headline = "Edited by the desk"
    article.save()
    TaggedArticle.objects.filter(content_object=article, tag__name="Prisons").delete()
    ArticleAuthor.objects.filter(article__slug=WOMEN).delete()
    ImageCaption.objects.filter(article__slug=WOMEN, position=2).delete()
    before, versions = snapshot(), Article.objects.get(pk=article.pk).edit_version
    call_command("load_fixtures", verbosity=0)
    assert snapshot() == before
    assert Article.objects.get(pk=article.pk).edit_version == versions
    assert Version.objects.get_for_object(article).count() == 1  # the first load's only


def test_update_restores_the_fixture_but_keeps_what_fixtures_do_not_carry(demo_content, editor):
    """--update overwrites with the fixture, yet keeps the edit token rising and the owner."""
    article = Article.objects.get(slug=INMATES)
    article.headline, article.created_by, article.imported_digest = "Edited", editor, "d" * 64
    article.save()
    women = Article.objects.get(slug=WOMEN)
    TaggedArticle.objects.filter(content_object=women, tag__name="Women").delete()
    Topic.objects.filter(name="Prisons").update(description="Rewritten by the desk.")
    tokens = dict(Article.objects.values_list("slug", "edit_version"))
    call_command("load_fixtures", update=True, verbosity=0)
    article.refresh_from_db()
    assert article.headline == "Hundreds of Kazakhstani inmates reject radicalisation"
    assert (article.created_by, article.imported_digest) == (editor, "d" * 64)
    assert article.edit_version > tokens[INMATES]
    assert women.topics.filter(name="Women").exists()
    assert Article.objects.get(pk=women.pk).edit_version > tokens[WOMEN]  # its links changed
    assert Topic.objects.get(name="Prisons").description.startswith("Penal colonies")


def test_fixture_images_are_copied_into_media_storage(db, media_root):
    """Images ship with the fixtures and reach whatever storage MEDIA uses."""
    assert not default_storage.exists("seed")
    call_command("load_fixtures", verbosity=0)
    for photo in ImageCaption.objects.all():
        assert default_storage.exists(photo.image.name)
        assert (media_root / photo.image.name).stat().st_size > 0
        with default_storage.open(photo.image.name) as handle:
            assert handle.read(8) == b"\x89PNG\r\n\x1a\n"


def test_natural_keys_round_trip_through_dumpdata(demo_content, tmp_path):
    """dumpdata --natural-foreign --natural-primary moves content to a fresh database intact."""
    before = snapshot()
    dump = tmp_path / "dump.json"
    call_command(
        "dumpdata",
        "articles",
        natural_foreign=True,
        natural_primary=True,
        indent=2,
        output=str(dump),
        verbosity=0,
    )
    assert '"pk"' not in dump.read_text(encoding="utf-8")
    for model in (Article, Author, Topic, SourceOrganisation):
        model.objects.all().delete()
    Region.objects.update(parent=None)
    Region.objects.all().delete()
    assert sum(counts().values()) == 0
    call_command("loaddata", str(dump), verbosity=0)
    assert snapshot() == before


def assert_load_fails_cleanly(path, *fragments, **options):
    """Load ``path`` on top of the demo content: it must fail, name the culprit, change nothing."""
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        call_command("load_fixtures", str(path), **options)
    message = str(caught.value)
    for fragment in (path.name, *fragments):
        assert fragment in message, message
    # One line saying what is wrong, then the same reassurance every time.
    error, reassurance = message.split("\n")
    assert error.startswith(f"{path}: ") and len(error) < 500, error
    assert reassurance == "Nothing was loaded: the database is as it was."
    assert snapshot() == before


NEW_REGION = {"model": "articles.region", "fields": {"name": "Shymkent", "slug": "shymkent", "kind": "city"}}


def test_broken_reference_fails_naming_file_and_object(write_fixture, demo_content, tmp_path):
    """A reference to an author that does not exist must not half-load the file."""
    path = write_fixture(
        tmp_path,
        [
            NEW_REGION,
            {
                "model": "articles.articleauthor",
                "fields": {
                    "article": ["hundreds-of-kazakhstani-inmates-reject-radicalisation"],
                    "author": ["nobody-at-all"],
                    "position": 2,
                },
            },
        ],
    )
    assert_load_fails_cleanly(path, "object #2", "articles.articleauthor", "nobody-at-all")
    assert not Region.objects.filter(slug="shymkent").exists()


def test_unknown_region_in_a_list_fails_naming_it(write_fixture, demo_content, tmp_path):
    """Many-to-many references are checked as strictly as single ones."""
    article = {"headline": "Lost", "slug": "lost", "regions": [["astana"], ["atlantis"]]}
    path = write_fixture(tmp_path, [NEW_REGION, {"model": "articles.article", "fields": article}])
    assert_load_fails_cleanly(path, "no region with the key ['atlantis'] exists")


def test_failed_load_removes_the_images_it_copied(write_fixture, db, tmp_path, media_root):
    """Media storage is left as it was too, not only the database."""
    *references, articles = [p for p in demo_fixture_paths() if p.name != "translations.json"]
    good = json.loads(articles.read_text(encoding="utf-8"))
    broken = [*good, {"model": "articles.region", "fields": {"slug": "nameless"}}]
    call_command("load_fixtures", *[str(p) for p in references], verbosity=0)
    path = write_fixture(tmp_path, broken)
    with pytest.raises(CommandError, match="name"):
        call_command("load_fixtures", str(path))
    assert not (media_root / "seed").exists() or not any((media_root / "seed").iterdir())
    assert Article.objects.count() == 0


def test_missing_required_field_fails_naming_the_field(write_fixture, demo_content, tmp_path):
    """An article without a headline is refused, not stored blank."""
    path = write_fixture(
        tmp_path,
        [NEW_REGION, {"model": "articles.article", "fields": {"slug": "no-headline", "status": "draft"}}],
    )
    assert_load_fails_cleanly(path, "'no-headline'", "headline")


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"status": "bogus"}, "status"),
        ({"published_at": "last Tuesday"}, "last Tuesday"),
        ({"language": "xx"}, "language"),
        ({"featured_position": -1}, "featured_position"),
    ],
)
def test_bad_value_fails_naming_the_object(write_fixture, demo_content, tmp_path, fields, fragment):
    """loaddata alone would store an unknown status; we validate like the admin does."""
    article = {"headline": "Bad", "slug": "bad-value", "body": "<p>x</p>"} | fields
    path = write_fixture(tmp_path, [NEW_REGION, {"model": "articles.article", "fields": article}])
    assert_load_fails_cleanly(path, "'bad-value'", fragment)


def test_unknown_field_and_model_are_refused(write_fixture, demo_content, tmp_path):
    """A typo in a field or model name is an error, not silently ignored."""
    typo = write_fixture(
        tmp_path, [{"model": "articles.region", "fields": {"nmae": "X", "slug": "x"}}], name="typo.json"
    )
    assert_load_fails_cleanly(typo, "nmae")
    unknown = write_fixture(tmp_path, [{"model": "articles.story", "fields": {}}], name="unknown.json")
    assert_load_fails_cleanly(unknown, "articles.story")


def test_invalid_json_names_line_and_column(demo_content, tmp_path):
    """A hand-edited fixture with a syntax error points at where to look."""
    path = tmp_path / "syntax.json"
    path.write_text('[\n  {"model": "articles.region",\n   "fields": {"name": "X",}}\n]', encoding="utf-8")
    assert_load_fails_cleanly(path, "line 3")


def test_missing_fixture_image_fails_before_anything_is_saved(write_fixture, demo_content, tmp_path):
    """A photo row must never point at an image that is in neither storage nor the repo."""
    photo = {
        "model": "articles.photo",
        "fields": {
            "uid": "0b7e1c8e-4c55-4f7e-9d6b-54d1c0a0f001",
            "image": "seed/not-shipped.png",
            "caption": "Missing",
        },
    }
    path = write_fixture(tmp_path, [NEW_REGION, photo])
    assert_load_fails_cleanly(path, "seed/not-shipped.png")


def test_whole_load_is_one_transaction_across_files(write_fixture, demo_content, tmp_path):
    """A bad second file undoes the good first one: nothing half-loaded."""
    good = write_fixture(tmp_path, [NEW_REGION], name="good.json")
    bad = write_fixture(
        tmp_path, [{"model": "articles.topic", "fields": {"slug": "no-name"}}], name="bad.json"
    )
    with pytest.raises(CommandError, match=r"bad\.json"):
        call_command("load_fixtures", str(good), str(bad))
    assert not Region.objects.filter(slug="shymkent").exists()


def test_missing_fixture_file_is_a_clear_error(db, tmp_path):
    """A mistyped path names the file instead of showing a traceback."""
    with pytest.raises(CommandError, match="no such fixture file"):
        call_command("load_fixtures", str(tmp_path / "nope.json"))


def test_demo_fixtures_are_listed_in_dependency_order():
    """Media Topics before the topics mapped to them; regions before organisations (which name
    them) before articles before their translations."""
    names = [path.name for path in demo_fixture_paths()]
    assert names == [
        "media_topics.json",
        "regions.json",
        "organisations.json",
        "topics.json",
        "articles.json",
        "translations.json",
    ]
    for path in demo_fixture_paths():
        assert path.is_file()


def fixture_text(text):
    return lambda path: path.write_text(text, encoding="utf-8")


def fixture_json(value):
    return fixture_text(json.dumps(value))


def author_with_photo(photo):
    return fixture_json(
        [{"model": "articles.author", "fields": {"name": "X", "slug": "x-new", "photo": photo}}]
    )


def new_article(**fields):
    return fixture_json(
        [{"model": "articles.article", "fields": {"headline": "H", "slug": "new-one", **fields}}]
    )


@pytest.mark.parametrize(
    ("write", "fragment"),
    [
        (author_with_photo("../../etc/passwd"), "image '../../etc/passwd' is not a file name inside "),
        (author_with_photo("/etc/passwd"), "image '/etc/passwd' is not a file name inside "),
        (author_with_photo(5), "image 5 is not a file name"),
        (fixture_text("[" * 100_000), "nested too deeply"),
        (
            lambda path: path.write_bytes(b'[{"model": "articles.region", "fields": {"name": "\xff"}}]'),
            "not UTF-8",
        ),
        (
            fixture_json({"model": "articles.region", "fields": {}}),
            "a fixture must be a JSON list of objects",
        ),
        (
            fixture_json([{"fields": {"slug": "x"}}]),
            "object #1 (? 'x'): each object needs a 'model' and its 'fields'",
        ),
        (fixture_json([{"model": "articles.region"}]), "each object needs a 'model' and its 'fields'"),
        (
            fixture_json([{"model": "articles.region", "fields": ["x"]}]),
            "each object needs a 'model' and its",
        ),
        (fixture_json([{"model": 5, "fields": {}}]), "unknown model 5"),
        (new_article(headline_typo="H"), "has no field named 'headline_typo'"),
        (new_article(featured_position="first"), "“first” value must be an integer"),
        (new_article(featured_position="1\n2"), "value must be an integer"),
        (new_article(featured_position=1e300), "featured_position"),
        (new_article(regions="astana"), "regions"),
        (new_article(headline=["a", "list"]), "headline"),
        (new_article(dateline_region={"slug": "almaty"}), "no region with the key {'slug': 'almaty'} exists"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_a_malformed_fixture_is_one_line_error_never_a_traceback(demo_content, tmp_path, write, fragment):
    """Hand-edited fixtures go wrong in every way; each must say where, in one line."""
    path = tmp_path / "bad.json"
    write(path)
    assert_load_fails_cleanly(path, fragment)
