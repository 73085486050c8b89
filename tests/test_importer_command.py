"""`manage.py import_articles`: what an operator runs, sees and gets back."""

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.models import Article, Author, ImageCaption

SEED_DIR = Path(settings.FIXTURE_DIRS[0]) / "seeds"
SEEDS = sorted(SEED_DIR.glob("*.txt"))
GOOD_COPY = "Good headline\n\nBy Ann Lee\n\nALMATY -- Text.\n"


def run(*args, **options):
    """Run the command; (stdout, stderr, the CommandError or None)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err, **options)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def seed_folder(tmp_path):
    folder = tmp_path / "copy"
    folder.mkdir()
    for path in SEEDS:
        shutil.copy(path, folder)
    return folder


def tree(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*"))


def test_folder_of_seeds_imports_both_and_ends_with_a_summary(db, tmp_path):
    """Each imported file gets a line, and the run ends with the counts."""
    out, err, error = run(seed_folder(tmp_path))
    assert error is None
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith(
        "Created: 'Kazakh specialists focus more attention on radicalisation of women' by Ksenia Bondal "
        "(22 paragraphs, 2 photos) from "
    )
    assert lines[-1] == "2 created, 0 updated, 0 unchanged, 0 skipped."
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 2


def test_running_again_duplicates_nothing_and_writes_nothing(db, tmp_path):
    """A second run over the same copy finds the two drafts as it left them: no write, no new token."""
    folder = seed_folder(tmp_path)
    run(folder)
    versions = dict(Article.objects.values_list("slug", "edit_version"))
    out, _, error = run(folder)
    assert error is None
    assert out.splitlines()[-1] == "0 created, 0 updated, 2 unchanged, 0 skipped."
    assert (Article.objects.count(), Author.objects.count(), ImageCaption.objects.count()) == (2, 2, 3)
    # An editor's form opened between the two runs is not refused for a change that never was.
    assert dict(Article.objects.values_list("slug", "edit_version")) == versions


def test_bad_files_are_skipped_with_reasons_and_the_rest_imported(db, tmp_path):
    """One bad file costs only itself; each gets a one-line reason and the exit is non-zero."""
    folder = tmp_path / "copy"
    folder.mkdir()
    files = {
        "a_good.txt": GOOD_COPY.encode(),
        "b_empty.txt": b"",
        "c_binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00",
        "d_undecodable.txt": b"Headline \xff\xfe\n\nText \x81\x82 in Latin letters",
        "e_no_headline.txt": b"By Ann Lee\n\nALMATY -- Text.",
        "f_no_body.txt": b"Headline\n\nBy Ann Lee\n\nDo you like this article?",
        "g_long_headline.txt": b"x" * 300 + b"\n\nText.",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    out, err, error = run(folder)
    assert str(error) == "6 of 7 file(s) skipped; see the reasons above."
    assert out.splitlines()[-1] == "1 created, 0 updated, 0 unchanged, 6 skipped."
    reasons = {line.split(": ", 1)[0].rsplit("/", 1)[1]: line.split(": ", 2)[1] for line in err.splitlines()}
    assert reasons == {
        "b_empty.txt": "empty file",
        "c_binary.txt": "binary file",
        "d_undecodable.txt": "undecodable bytes",
        "e_no_headline.txt": "no headline",
        "f_no_body.txt": "no body paragraphs",
        "g_long_headline.txt": "headline is 300 characters long; the limit is 255",
    }
    assert list(Article.objects.values_list("headline", flat=True)) == ["Good headline"]


def test_published_article_is_reported_and_left_alone(tmp_path, make_article):
    """Copy for an article already published is skipped, loudly, with the article intact."""
    article = make_article(headline="Good headline", slug="good-headline", body="<p>As published.</p>")
    (tmp_path / "a.txt").write_text(GOOD_COPY)
    out, err, error = run(tmp_path / "a.txt")
    article.refresh_from_db()
    assert error is not None
    assert "the article at 'good-headline' is published; it is not overwritten" in err
    assert out.splitlines()[-1] == "0 created, 0 updated, 0 unchanged, 1 skipped."
    assert (article.body, article.status) == ("<p>As published.</p>", Article.Status.PUBLISHED)


def test_dry_run_reports_what_would_happen_and_writes_nothing(db, tmp_path):
    """--dry-run says what it would create or update, then leaves every table as it was."""
    folder = seed_folder(tmp_path)
    old_copy = tmp_path / "old.txt"
    old_copy.write_text("Hundreds of Kazakhstani inmates reject radicalisation\n\nASTANA -- Old draft.\n")
    run(old_copy)
    old_copy.unlink()
    draft = Article.objects.get()
    before = tree(tmp_path)
    out, _, error = run(folder, dry_run=True)
    assert error is None
    assert out.splitlines()[0].startswith("Would be created: 'Kazakh specialists")
    assert out.splitlines()[1].startswith("Would be updated: 'Hundreds of Kazakhstani inmates")
    assert out.splitlines()[-1] == "Dry run, nothing saved: 1 created, 1 updated, 0 unchanged, 0 skipped."
    draft.refresh_from_db()
    assert draft.body == "<p>Old draft.</p>"
    assert (Article.objects.count(), Author.objects.count(), ImageCaption.objects.count()) == (1, 0, 0)
    assert tree(tmp_path) == before


def test_fixture_option_writes_a_loadable_natural_key_fixture_and_nothing_else(db, tmp_path, media_root):
    """--fixture writes only that file; it loads elsewhere and gives the same article."""
    folder = seed_folder(tmp_path)
    target = tmp_path / "out.json"
    before = tree(tmp_path)
    out, _, error = run(SEEDS[0], fixture=str(target))
    assert error is None
    assert (
        out.splitlines()[-1]
        == f"Fixture written to {target}, database unchanged: 1 created, 0 updated, 0 unchanged, 0 skipped."
    )
    assert tree(tmp_path) == sorted([*before, "out.json"])
    assert not media_root.exists()
    assert not Article.objects.exists()
    records = json.loads(target.read_text(encoding="utf-8"))
    assert [record["model"] for record in records] == ["articles.author", "articles.article"] + [
        "articles.articleauthor"
    ] + ["articles.photo"] * 2 + ["articles.imagecaption"] * 2
    assert all("pk" not in record for record in records)
    assert records[1]["fields"]["dateline_region"] is None  # no regions in this database
    call_command("load_fixtures", str(target), verbosity=0)
    article = Article.objects.get()
    assert (article.headline, article.photos.count(), str(article.byline.get().author)) == (
        "Kazakh specialists focus more attention on radicalisation of women",
        2,
        "Ksenia Bondal",
    )
    assert folder.exists()


def test_fixture_option_refuses_a_folder(db, tmp_path):
    """A folder given as the fixture's file name is refused before anything is read."""
    _, _, error = run(SEEDS[0], fixture=str(tmp_path))
    assert str(error) == f"--fixture {tmp_path}: that is a folder; give a file name"


def test_encodings_are_detected_or_taken_from_the_option(db, tmp_path):
    """BOM and Windows-1251 are detected; UTF-16 imports when --encoding names it."""
    russian = "Суд в Алматы\r\n\r\nАЛМАТЫ -- «Дело» закрыто.\r\n"
    (tmp_path / "bom.txt").write_bytes("Заголовок с BOM\n\nТекст.".encode("utf-8-sig"))
    (tmp_path / "ru.txt").write_bytes(russian.encode("cp1251"))
    _, _, error = run(tmp_path)
    assert error is None
    (tmp_path / "wide.txt").write_bytes("Широкий текст\n\nТекст.".encode("utf-16"))
    _, _, error = run(tmp_path / "wide.txt", encoding="utf-16")
    assert error is None
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Заголовок с BOM",
        "Суд в Алматы",
        "Широкий текст",
    ]
    assert Article.objects.get(slug="sud-v-almaty").body == "<p>«Дело» закрыто.</p>"


def test_cyrillic_copy_in_any_old_encoding_imports_as_written_or_is_refused(db, tmp_path):
    """KOI8-R, CP866 and ISO-8859-5 copy imports readable; too short to tell is skipped, not guessed."""
    headlines = {
        "koi8_r": "Суд в Алматы закрыл дело",
        "cp866": "Павлодарский центр открыл клуб",
        "iso8859_5": "Сотни заключённых отказались от радикализма",
    }
    for encoding, headline in headlines.items():
        (tmp_path / f"{encoding}.txt").write_bytes(
            f"{headline}\n\nАСТАНА -- Текст статьи.\n".encode(encoding)
        )
    (tmp_path / "short.txt").write_bytes("Юг".encode("cp1251"))
    out, err, error = run(tmp_path)
    assert out.splitlines()[-1] == "3 created, 0 updated, 0 unchanged, 1 skipped."
    assert sorted(Article.objects.values_list("headline", flat=True)) == sorted(headlines.values())
    assert err.startswith(
        f"Skipped {tmp_path / 'short.txt'}: ambiguous encoding: not UTF-8, and it reads as "
    )
    assert str(error) == "1 of 4 file(s) skipped; see the reasons above."


@pytest.mark.parametrize(
    ("make_path", "message"),
    [
        (lambda tmp: tmp / "missing.txt", "missing.txt: no such file or folder"),
        (lambda tmp: tmp, "no .txt files found in "),
    ],
)
def test_nothing_to_import_is_an_error(db, tmp_path, make_path, message):
    """A mistyped path or an empty folder stops the run with a clear message."""
    _, _, error = run(make_path(tmp_path))
    assert message in str(error)


def test_progress_bar_shows_on_a_terminal_for_many_files(db, tmp_path, monkeypatch):
    """Twelve files on a terminal show a progress bar on stderr; the summary stays on stdout."""

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    for n in range(12):
        (tmp_path / f"{n:02}.txt").write_text(f"Headline {n}\n\nALMATY -- Text {n}.\n")
    out, _, error = run(tmp_path)
    assert error is None
    assert "12/12" in terminal.getvalue()
    assert out.splitlines()[-1] == "12 created, 0 updated, 0 unchanged, 0 skipped."


def test_folders_include_upper_case_txt_files(db, tmp_path):
    """Copy saved on Windows often arrives as STORY.TXT; it must not be silently ignored."""
    (tmp_path / "STORY.TXT").write_text(
        "Upper-case name\n\nBy Ann Lee\n\nASTANA -- Text.\n", encoding="utf-8"
    )
    call_command("import_articles", str(tmp_path), verbosity=0)
    assert Article.objects.filter(headline="Upper-case name").exists()


def test_unknown_encoding_is_refused_once_before_any_file(db, tmp_path):
    """A typo in --encoding is one clear error, not one per file."""
    (tmp_path / "a.txt").write_text("Headline\n\nASTANA -- Text.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not a text encoding"):
        call_command("import_articles", str(tmp_path), encoding="base64")
    assert not Article.objects.exists()
