"""Exporting articles as plain-text copy: the text itself and `manage.py export_articles`."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.body import body_blocks, byline_text, export_text
from articles.importing.importer import Directory, import_file
from articles.importing.parser import split_blocks
from articles.models import Article, ImageCaption

SEED_DIR = Path(settings.FIXTURE_DIRS[0]) / "seeds"
FURNITURE = {
    "Do you like this article?",
    "0 Comment(s)",
    "Comment Policy * Denotes Required Field 1500 / 1500",
}


def imported(path):
    return import_file(path, directory=Directory.from_database()).article


def run(*args, **options):
    out = io.StringIO()
    call_command("export_articles", *args, stdout=out, **options)
    return out.getvalue()


def test_exported_first_seed_is_the_seed_without_its_furniture(db):
    """Block for block, the export is the copy it came from, minus the comment box."""
    seed = SEED_DIR / "000_36ef9c56467fc3c6.txt"
    expected = [
        block.replace("July.\u00a0[", "July. [")
        for block in split_blocks(seed.read_text())
        if block not in FURNITURE
    ]
    text = export_text(imported(seed))
    assert split_blocks(text) == expected
    assert text.startswith(
        "Kazakh specialists focus more attention on radicalisation of women\n\nBy Ksenia Bondal\n\n"
    )
    assert text.endswith('"We are ready to work together with them."\n')


def test_exported_second_seed_prints_its_doubled_caption_once(db):
    """The caption printed twice in the seed is one photo, so it is exported once."""
    seed = SEED_DIR / "002_87658ec27c3fe350.txt"
    blocks = [block for block in split_blocks(seed.read_text()) if block not in FURNITURE]
    assert blocks[2] == blocks[3]
    assert split_blocks(export_text(imported(seed))) == blocks[:3] + blocks[4:]


@pytest.mark.parametrize(
    ("names", "byline"),
    [
        ([], ""),
        (["Ann Lee"], "By Ann Lee"),
        (["Ann Lee", "Bo Chen"], "By Ann Lee and Bo Chen"),
        (["Ann Lee", "Bo Chen", "Cy Dumas"], "By Ann Lee, Bo Chen and Cy Dumas"),
        (["A B", "C D", "E F", "G H"], "By A B, C D, E F and G H"),
    ],
)
def test_byline_text_reads_as_printed(names, byline):
    """Bylines take the form the parser splits back into the same names."""
    assert byline_text(names) == byline


def test_body_html_becomes_text_blocks():
    """Lists and quotations become paragraphs, inline tags go, entities are unescaped."""
    html = (
        "<p>One <strong>bold</strong> and <a href='https://example.com'>linked</a>"
        "&nbsp;word &amp; &lt;more&gt; &#8220;quoted&#8221;</p>"
        "<h2>A sub-heading</h2><h3>A smaller one</h3>"
        "<blockquote><p>A quotation.</p></blockquote>"
        "<ul><li><p>First item</p></li><li>Second item</li></ul>"
        "<ol><li>Numbered</li></ol>"
        "<p>Wrapped\n   in the\r\nsource<br>with a break.</p>"
        "Loose text."
    )
    assert body_blocks(html) == [
        ("paragraph", "One bold and linked\u00a0word & <more> \u201cquoted\u201d"),
        ("subheading", "A sub-heading"),
        ("subheading", "A smaller one"),
        ("paragraph", "A quotation."),
        ("paragraph", "First item"),
        ("paragraph", "Second item"),
        ("paragraph", "Numbered"),
        ("paragraph", "Wrapped in the source with a break."),
        ("paragraph", "Loose text."),
    ]
    assert body_blocks("") == []


def test_photos_are_placed_by_paragraph_and_sub_headings_do_not_count(make_article, make_author):
    """Lead photos before the dateline; later ones after their paragraph, or at the end."""
    article = make_article(
        headline="Headline",
        dateline="TARAZ",
        body="<p>One.</p><h2>Sub-heading</h2><p>Two.</p><p>Three.</p>",
        authors=[make_author(name="Ann Lee")],
    )
    for position, (caption, credit, after) in enumerate(
        [("Lead.", "", None), ("After two.", "AFP", 2), ("Lost.", "Reuters", 9), ("After one.", "PRI", 1)],
        start=1,
    ):
        ImageCaption.objects.create(
            article=article, caption=caption, credit=credit, after_paragraph=after, position=position
        )
    assert export_text(article) == (
        "Headline\n\nBy Ann Lee\n\nLead.\n\nTARAZ -- One.\n\nAfter one. [PRI]\n\nSub-heading\n\n"
        "Two.\n\nAfter two. [AFP]\n\nThree.\n\nLost. [Reuters]\n"
    )


def test_article_without_byline_dateline_or_photos(make_article):
    """Only the parts an article has are written: no empty byline, no stray dashes."""
    article = make_article(headline="Just text", body="<p>One.</p><p>Two.</p>")
    assert export_text(article) == "Just text\n\nOne.\n\nTwo.\n"


def test_multi_line_captions_and_headlines_are_kept_on_one_line(make_article):
    """A caption typed over several lines in the admin stays one block of copy."""
    article = make_article(headline="Headline", body="<p>Text.</p>", dateline="ALMATY")
    ImageCaption.objects.create(article=article, caption="Two\nlines.", credit="Some\r\nAgency", position=1)
    assert export_text(article) == "Headline\n\nTwo lines. [Some Agency]\n\nALMATY -- Text.\n"


def test_command_writes_one_file_per_slug(make_article, tmp_path):
    """Each named article is written as SLUG.txt in the --out folder, created if missing."""
    make_article(headline="First", slug="first", body="<p>One.</p>")
    make_article(headline="Second", slug="second", body="<p>Two.</p>")
    make_article(headline="Third", slug="third", body="<p>Three.</p>")
    out = run("second", "first", out=str(tmp_path / "new"))
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["first.txt", "second.txt"]
    assert (tmp_path / "new" / "second.txt").read_bytes() == b"Second\n\nTwo.\n"
    assert out.splitlines()[-1] == f"Exported 2 article(s) to {tmp_path / 'new'}."


def test_command_selects_by_status_or_all(make_article, tmp_path):
    """--status picks the articles in that state; --all picks every one."""
    make_article(headline="Live", slug="live")
    make_article(headline="Draft", slug="draft", status=Article.Status.DRAFT, published_at=None)
    run(out=str(tmp_path / "drafts"), status="draft")
    run(out=str(tmp_path / "all"), every_article=True)
    assert [p.name for p in (tmp_path / "drafts").iterdir()] == ["draft.txt"]
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == ["draft.txt", "live.txt"]


def test_unknown_slug_is_named_and_nothing_is_written(make_article, tmp_path):
    """One mistyped slug stops the export before any file is written."""
    make_article(headline="First", slug="first")
    with pytest.raises(CommandError) as caught:
        run("first", "no-such-article", "also-missing", out=str(tmp_path / "out"))
    assert str(caught.value) == "no article with the slug 'also-missing', 'no-such-article'; nothing written"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("a-file", "--out {out}: that is a file; give a folder"),
        ("a-file/below", "cannot write to {out}: Not a directory"),
    ],
)
def test_unwritable_output_folder_is_a_clear_error(make_article, tmp_path, out, message):
    """A file where the folder should be is reported, not a traceback."""
    make_article(headline="First", slug="first")
    (tmp_path / "a-file").write_text("occupied")
    target = str(tmp_path / out)
    with pytest.raises(CommandError) as caught:
        run("first", out=target)
    assert str(caught.value) == message.format(out=target)
    assert (tmp_path / "a-file").read_text() == "occupied"


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        ((), {}, "name at least one article by its slug, or use --all or --status"),
        (
            ("first",),
            {"every_article": True},
            "name articles by slug or choose them with --all/--status, not both",
        ),
    ],
)
def test_selection_must_be_slugs_or_a_filter(db, tmp_path, args, options, message):
    """Nothing chosen, or two ways of choosing at once, is refused."""
    with pytest.raises(CommandError, match=message):
        run(*args, out=str(tmp_path), **options)


def test_export_takes_a_fixed_number_of_queries(
    make_article, make_author, tmp_path, django_assert_num_queries
):
    """Bylines and photos are prefetched: three queries however many articles there are."""
    for n in range(4):
        article = make_article(headline=f"H{n}", body="<p>T.</p>", authors=[make_author(), make_author()])
        ImageCaption.objects.create(article=article, caption="C.", credit="X", position=1)
    with django_assert_num_queries(3):
        run(out=str(tmp_path), every_article=True)
    assert len(list(tmp_path.iterdir())) == 4
