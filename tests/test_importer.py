"""The importer module against the test database: matching, updating, refusing, never crashing."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.importing.importer import Directory, import_file
from articles.models import Article, Author, ImageCaption, Photo, Region

SEED_DIR = Path(settings.FIXTURE_DIRS[0]) / "seeds"
WOMEN_SEED = SEED_DIR / "000_36ef9c56467fc3c6.txt"
INMATES_SEED = SEED_DIR / "002_87658ec27c3fe350.txt"
REFERENCE_FIXTURES = [
    Path(settings.FIXTURE_DIRS[0]) / name for name in ("regions.json", "organisations.json")
]


@pytest.fixture
def reference_data(db):
    """The hand-written regions and organisations the seeds are matched against."""
    call_command("load_fixtures", *map(str, REFERENCE_FIXTURES), verbosity=0)


def write_copy(folder, name, *blocks, encoding="utf-8", newline="\n"):
    path = folder / name
    path.write_bytes((newline * 2).join(blocks).encode(encoding))
    return path


def test_first_seed_becomes_a_draft_matched_to_known_places_and_organisations(import_one, reference_data):
    """The seed's dateline, photo credit and mentions link to what the newsroom knows."""
    outcome = import_one(WOMEN_SEED)
    article = outcome.article
    assert (outcome.action, outcome.reason) == ("created", "")
    assert article.status == Article.Status.DRAFT
    assert article.slug == "kazakh-specialists-focus-more-attention-on-radicalisation-of-women"
    assert article.language == Article.Language.ENGLISH
    assert (article.dateline, article.dateline_region.slug) == ("ALMATY", "almaty")
    assert [region.slug for region in article.regions.all()] == ["almaty"]
    assert sorted(org.slug for org in article.organisations.all()) == [
        "akniyet",
        "inabat",
        "pavlodar-province-centre-for-analysis-and-development-of-interfaith-relations",
    ]
    lead, later = article.photos.all()
    assert lead.credited_organisation.slug.startswith("pavlodar-province-centre")
    assert (later.credit, later.credited_organisation, later.after_paragraph) == (
        "Courtesy of Gulnaz Razdykova",
        None,
        4,
    )


def test_second_seed_body_and_byline(import_one, reference_data):
    """Sub-headings become h2, paragraphs p, and the byline names the new author."""
    article = import_one(INMATES_SEED).article
    assert article.body.count("<p>") == 29
    assert "<h2>Fighting radicalisation in prisons</h2>" in article.body
    assert "<p>Authorities in Kazakhstan are reporting success" in article.body
    assert [(c.author.name, c.position) for c in article.byline.select_related("author")] == [
        ("Alexander Bogatik", 1)
    ]
    assert article.dateline_region.slug == "astana"
    assert {"penal-reform-international", "ministry-for-religious-affairs-and-civil-society"} <= {
        org.slug for org in article.organisations.all()
    }


def test_importing_a_seed_takes_a_bounded_number_of_queries(reference_data, django_assert_max_num_queries):
    """No query per paragraph or per organisation: the count stays small and fixed."""
    directory = Directory.from_database()
    # On PostgreSQL the search vector is kept up to date too: one UPDATE after the article
    # is saved and one after its byline.
    search_upkeep = 2 if connection.vendor == "postgresql" else 0
    # About half are the import's safety: reading back the digest of what it wrote (7)
    # and the revision with the byline, photos and topics it follows (14). Each of its two
    # photos is a library photo too (one INSERT each), found in one query if it was before.
    with django_assert_max_num_queries(44 + 3 + search_upkeep):
        outcome = import_file(WOMEN_SEED, directory=directory)
    assert outcome.action == "created"


def test_authors_are_matched_by_name_and_new_ones_created_in_byline_order(import_one, tmp_path, make_author):
    """A known author is reused (any case, any spacing); unknown ones are created once."""
    known = make_author(name="Ksenia Bondal", slug="ksenia-bondal")
    path = write_copy(tmp_path, "a.txt", "Headline", "By KSENIA\u00a0BONDAL, Aydar Ibragimov and Ruslan Abenov",
                      "ALMATY -- Text.")  # fmt: skip
    article = import_one(path).article
    byline = list(article.byline.select_related("author"))
    assert [(c.author.name, c.position) for c in byline] == [
        ("Ksenia Bondal", 1),
        ("Aydar Ibragimov", 2),
        ("Ruslan Abenov", 3),
    ]
    assert byline[0].author == known
    assert Author.objects.count() == 3
    assert byline[2].author.slug == "ruslan-abenov"


def test_credit_and_mentions_match_organisations_by_short_name_as_whole_words(
    import_one, tmp_path, make_organisation, make_region
):
    """ "PRI" in a credit links Penal Reform International; "PRIVATE" does not."""
    pri = make_organisation(name="Penal Reform International", short_name="PRI")
    make_organisation(name="Interior Ministry")
    make_region(name="Taraz", slug="taraz-city", kind=Region.Kind.CITY)
    path = write_copy(tmp_path, "a.txt", "Headline", "Caption. [Photo by PRI]",
                      "TARAZ -- PRIVATE prisons, said the interior ministry.")  # fmt: skip
    article = import_one(path).article
    assert article.photos.get().credited_organisation == pri
    assert list(article.organisations.all()) == []
    assert article.dateline_region.slug == "taraz-city"


def test_dateline_prefers_the_city_and_an_unknown_place_links_nothing(import_one, tmp_path, make_region):
    """ "PAVLODAR" is the city, not the province of the same name; "ATLANTIS" is kept unlinked."""
    make_region(name="Pavlodar", slug="pavlodar-province", kind=Region.Kind.PROVINCE)
    city = make_region(name="Pavlodar", slug="pavlodar", kind=Region.Kind.CITY)
    known = import_one(write_copy(tmp_path, "a.txt", "One", "PAVLODAR -- Text.")).article
    unknown = import_one(write_copy(tmp_path, "b.txt", "Two", "ATLANTIS -- Text.")).article
    assert known.dateline_region == city
    assert (unknown.dateline, unknown.dateline_region, unknown.regions.count()) == ("ATLANTIS", None, 0)


@pytest.mark.parametrize(
    ("headline", "slug", "language"),
    [
        ("Қазақстан", "qazaqstan", "kk"),
        ("Верховный суд: «решение» — окончательное", "verkhovnyy-sud-reshenie-okonchatelnoe", "ru"),
        ("Ţară şi café", "tara-si-cafe", "en"),
    ],
)
def test_non_latin_headlines_get_transliterated_slugs(import_one, tmp_path, db, headline, slug, language):
    """Cyrillic and accented headlines give readable ASCII web addresses."""
    article = import_one(write_copy(tmp_path, "a.txt", headline, f"{headline} -- это текст.")).article
    assert (article.slug, article.language) == (slug, language)


def test_windows_1251_file_imports_russian_text(import_one, tmp_path, db):
    """Russian copy saved as Windows-1251 imports with its text intact."""
    path = write_copy(tmp_path, "ru.txt", "Суд в Алматы", "By Ксения Бондаль", "АЛМАТЫ — «Дело» закрыто…",
                      encoding="cp1251", newline="\r\n")  # fmt: skip
    article = import_one(path).article
    assert (article.headline, article.dateline, article.body) == (
        "Суд в Алматы",
        "АЛМАТЫ",
        "<p>«Дело» закрыто…</p>",
    )
    assert article.byline.get().author.name == "Ксения Бондаль"


def test_reimporting_updates_the_draft_and_keeps_uploaded_photos(import_one, tmp_path, db):
    """A second import of edited copy updates the same draft and photo rows, not new ones."""
    path = write_copy(tmp_path, "a.txt", "Headline", "By A Writer", "Lead. [Credit]", "ALMATY -- Old text.",
                      "Later. [Credit 2]", "More.")  # fmt: skip
    first = import_one(path)
    lead = first.article.photos.get(position=1)
    Photo.objects.filter(placements=lead.pk).update(image="photos/lead.jpg", width=40, height=30)
    ImageCaption.objects.filter(pk=lead.pk).update(alt_text="Set by an editor")
    write_copy(
        tmp_path, "a.txt", "Headline", "By A Writer", "Lead again. [Credit]", "ASTANA -- New text.", "More."
    )
    second = import_one(path)
    assert (first.action, second.action) == ("created", "updated")
    assert Article.objects.count() == 1
    article = Article.objects.get()
    assert (article.pk, article.body, article.dateline) == (
        first.article.pk,
        "<p>New text.</p><p>More.</p>",
        "ASTANA",
    )
    photo = article.photos.get()
    assert (photo.pk, photo.caption, photo.image.name, photo.alt_text) == (
        lead.pk,
        "Lead again.",
        "photos/lead.jpg",
        "Set by an editor",
    )
    assert article.byline.count() == 1


@pytest.mark.parametrize("status", [Article.Status.PUBLISHED, Article.Status.IN_REVIEW])
def test_published_or_reviewed_article_is_never_overwritten(import_one, tmp_path, make_article, status):
    """An article past draft keeps its text; the copy is skipped with the reason."""
    existing = make_article(headline="Headline", slug="headline", status=status, body="<p>Edited.</p>")
    outcome = import_one(write_copy(tmp_path, "a.txt", "Headline", "By New Person", "ALMATY -- Copy text."))
    existing.refresh_from_db()
    assert outcome.action == "skipped"
    assert (
        outcome.reason
        == f"the article at 'headline' is {existing.get_status_display().lower()}; it is not overwritten"
    )
    assert (existing.body, existing.status, existing.dateline) == ("<p>Edited.</p>", status, "")
    assert not Author.objects.exists()


def test_a_file_that_fails_late_leaves_nothing_behind(import_one, tmp_path, db):
    """All or nothing: a bad photo credit undoes the article and the authors already saved."""
    path = write_copy(
        tmp_path, "a.txt", "Headline", "By New Person", f"Lead. [{'x' * 300}]", "ALMATY -- Text."
    )
    outcome = import_one(path)
    assert outcome.action == "skipped"
    assert outcome.reason.startswith("photo 1: ")
    assert "\n" not in outcome.reason
    assert not Article.objects.exists()
    assert not Author.objects.exists()


def test_an_author_undone_with_a_failed_file_is_created_again_for_the_next(tmp_path, db):
    """The run's author cache forgets authors whose file was rolled back."""
    directory = Directory.from_database()
    bad = write_copy(tmp_path, "a.txt", "First", "By New Person", f"Lead. [{'x' * 300}]", "ALMATY -- Text.")
    good = write_copy(tmp_path, "b.txt", "Second", "By New Person", "ALMATY -- Text.")
    assert import_file(bad, directory=directory).action == "skipped"
    outcome = import_file(good, directory=directory)
    assert outcome.action == "created"
    author = Author.objects.get()
    assert author.name == "New Person"
    assert outcome.article.byline.get().author_id == author.pk


def test_copy_over_two_megabytes_is_skipped_before_it_is_parsed(import_one, tmp_path, db, monkeypatch):
    """A file far larger than any article is refused without reading it into the parser."""
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Headline\n\nALMATY -- " + b"Text. " * 400_000)
    monkeypatch.setattr("articles.importing.importer.parse_copy", lambda text: pytest.fail("parsed"))
    outcome = import_one(path)
    assert outcome.action == "skipped"
    assert outcome.reason.startswith("too large: 2,400,020 bytes; the limit is 2,097,152 ")
    assert not Article.objects.exists()


def test_unreadable_path_is_skipped_with_a_reason(import_one, tmp_path, db):
    """A folder passed where a file is expected is a skip, not a crash."""
    outcome = import_one(tmp_path)
    assert outcome.action == "skipped"
    assert outcome.reason.startswith("cannot be read: ")


def test_copying_a_seed_under_another_name_updates_rather_than_duplicates(import_one, tmp_path, db):
    """Articles are matched on the headline's slug, not on the file name."""
    shutil.copy(WOMEN_SEED, tmp_path / "renamed.txt")
    import_one(WOMEN_SEED)
    assert import_one(tmp_path / "renamed.txt").action == "unchanged"
    assert Article.objects.count() == 1


# Generated copy mixes free text with pieces the parser reacts to.
PIECES = st.sampled_from(
    ["\n", "\n\n", "By ", "By Ann Lee and Bo Chen", "[", "]", " [Photo: PRI]", "ALMATY -- ", " — ", "Қазақстан",
     "Do you like this article?", "x" * 260, "\x01", "\ufeff", "\r\n", "Ещё"]
)  # fmt: skip
TEXT = st.one_of(
    st.lists(st.one_of(PIECES, st.text(max_size=15)), max_size=25).map("".join),
    # Article-shaped: blocks separated by blank lines, so most examples import.
    st.lists(
        st.one_of(PIECES, st.text(st.characters(exclude_categories=["Cc", "Cs"]), min_size=1, max_size=40)),
        min_size=2,
        max_size=10,
    ).map("\n\n".join),
)
COPY_BYTES = st.one_of(
    st.binary(max_size=120),
    TEXT.flatmap(
        lambda text: st.sampled_from([text.encode("utf-8"), text.encode("cp1251", errors="replace")])
    ),
)


@hypothesis_settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=COPY_BYTES)
def test_any_file_imports_as_a_draft_or_is_skipped_with_a_one_line_reason(tmp_path, db, data):
    """Whatever a file holds, the importer gives an outcome, never a traceback."""
    path = tmp_path / "copy.txt"
    path.write_bytes(data)
    outcome = import_file(path, directory=Directory.from_database())
    event(outcome.action if outcome.action != "skipped" else outcome.reason.split(":")[0])
    if outcome.action == "skipped":
        assert outcome.reason.strip()
        assert "\n" not in outcome.reason
    else:
        assert outcome.action in {"created", "updated", "unchanged"}
        article = Article.objects.get(pk=outcome.article.pk)
        assert article.status == Article.Status.DRAFT
        assert article.headline.strip()
        assert "<p>" in article.body
