"""The plain-text parser on its own: the two seed articles, variations of them, bad copy."""

from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.importing.parser import HEADLINE_MAX_LENGTH, CopyError, Photo, parse_copy

SEED_DIR = Path(settings.FIXTURE_DIRS[0]) / "seeds"
WOMEN_SEED = SEED_DIR / "000_36ef9c56467fc3c6.txt"
INMATES_SEED = SEED_DIR / "002_87658ec27c3fe350.txt"
FURNITURE = [
    "Do you like this article?",
    "0 Comment(s)",
    "Comment Policy * Denotes Required Field 1500 / 1500",
]


def copy(*blocks):
    """Copy laid out as the seeds are: blocks separated by blank lines."""
    return "\n\n".join(blocks) + "\n"


def seed(path):
    return parse_copy(path.read_text(encoding="utf-8"))


def test_first_seed_headline_byline_and_dateline():
    """The first seed's headline, single author and dateline are read from their lines."""
    parsed = seed(WOMEN_SEED)
    assert parsed.headline == "Kazakh specialists focus more attention on radicalisation of women"
    assert parsed.authors == ["Ksenia Bondal"]
    assert parsed.dateline == "ALMATY"
    assert parsed.paragraphs[0].startswith("Over the past decade, the fight against extremism")


def test_first_seed_photos_are_a_lead_and_a_later_one_with_credits():
    """A bracketed credit makes a caption; before the dateline it is the lead photo."""
    lead, later = seed(WOMEN_SEED).photos
    assert lead.caption.startswith("Members of the Inabat club")
    assert lead.credit == "Pavlodar Province Centre for Analysis and Development of Interfaith Relations"
    assert lead.after_paragraph is None
    assert later.caption.endswith("for a consultation in Pavlodar in July.")
    assert later.credit == "Courtesy of Gulnaz Razdykova"
    assert later.after_paragraph == 4


def test_first_seed_subheadings_and_paragraph_count():
    """Short unpunctuated lines between paragraphs are sub-headings, the rest paragraphs."""
    parsed = seed(WOMEN_SEED)
    assert [b.text for b in parsed.blocks if b.kind == "subheading"] == [
        "Rehabilitation work",
        "Countering radicalism in families",
    ]
    assert len(parsed.paragraphs) == 22


def test_first_seed_keeps_quotation_marks_brackets_and_elisions():
    """Paragraph text is kept as printed, "[we]" and "[...]" included."""
    paragraphs = seed(WOMEN_SEED).paragraphs
    assert paragraphs[6].startswith('"Besides that, [we] provide them with assistance')
    assert "are more fluid and [...] 'tunnel vision' can arise" in paragraphs[8]
    assert 'could go back to Syria [to join militants]," said Alim Shaumetov' in paragraphs[-3]


@pytest.mark.parametrize("path", [WOMEN_SEED, INMATES_SEED], ids=["women", "inmates"])
def test_seeds_drop_the_page_furniture(path):
    """The comment box at the foot of the page is not part of the article."""
    parsed = seed(path)
    assert not any("Comment" in p or "like this article" in p for p in parsed.paragraphs)
    assert parsed.paragraphs[-1].endswith('"')


def test_second_seed_caption_without_credit_printed_twice_is_one_lead_photo():
    """An unbracketed caption before the dateline, printed twice, is one lead photo."""
    parsed = seed(INMATES_SEED)
    assert [(p.caption[:40], p.credit, p.after_paragraph) for p in parsed.photos] == [
        ("Saken Amangeldinov, a convicted terroris", "", None)
    ]
    assert parsed.dateline == "ASTANA"
    assert parsed.paragraphs[0].startswith("Authorities in Kazakhstan are reporting success")


def test_second_seed_subheadings_and_ellipses():
    """The second seed's three sub-headings are found, and its ellipses kept."""
    parsed = seed(INMATES_SEED)
    assert [b.text for b in parsed.blocks if b.kind == "subheading"] == [
        "Fighting radicalisation in prisons",
        "Rehabilitation and preventive work",
        "No going back",
    ]
    assert len(parsed.paragraphs) == 29
    assert any("Then I realised ... but it was too late ..." in p for p in parsed.paragraphs)


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Ksenia Bondal", ["Ksenia Bondal"]),
        ("By Ksenia Bondal and Alexander Bogatik", ["Ksenia Bondal", "Alexander Bogatik"]),
        ("By Ksenia Bondal, Alexander Bogatik and Aydar Ibragimov", ["Ksenia Bondal", "Alexander Bogatik", "Aydar Ibragimov"]),
        ("By Ksenia Bondal, Alexander Bogatik, and Aydar Ibragimov", ["Ksenia Bondal", "Alexander Bogatik", "Aydar Ibragimov"]),
        ("by Ксения Бондаль и Алия", ["Ксения Бондаль и Алия"]),
        ("By Ksenia\u00a0Bondal  and  Alexander\tBogatik", ["Ksenia Bondal", "Alexander Bogatik"]),
    ],
)  # fmt: skip
def test_bylines_with_one_two_and_three_authors(byline, authors):
    """Authors are split on commas and "and", in printed order, spaces normalised."""
    parsed = parse_copy(copy("Headline", byline, "ALMATY -- Text."))
    assert parsed.authors == authors
    assert parsed.paragraphs == ["Text."]


@pytest.mark.parametrize(
    "opening",
    ["By the end of the day, officials had left.", "By 2017 the centre had opened.", "By"],
)
def test_a_paragraph_opening_with_by_is_not_a_byline(opening):
    """A first paragraph that starts with "By" is kept as text, and names no authors."""
    parsed = parse_copy(copy("Headline", opening, "Second paragraph."))
    assert parsed.authors == []
    assert parsed.paragraphs == [opening, "Second paragraph."]


def test_headline_is_the_first_line_even_with_the_byline_right_under_it():
    """A byline typed on the line after the headline is not glued to the headline."""
    parsed = parse_copy("\n\nHeadline here\nBy Ksenia Bondal\n\nALMATY -- First.\n\nSecond.\n")
    assert parsed.headline == "Headline here"
    assert parsed.authors == ["Ksenia Bondal"]
    assert parsed.paragraphs == ["First.", "Second."]


def test_copy_without_photos_or_byline():
    """No byline and no caption: every block after the headline is text."""
    parsed = parse_copy(copy("Headline", "TARAZ -- First paragraph.", "Second paragraph."))
    assert parsed.photos == []
    assert parsed.authors == []
    assert parsed.paragraphs == ["First paragraph.", "Second paragraph."]


def test_captions_between_paragraphs_follow_the_paragraph_before_them():
    """A later caption's place counts paragraphs only, not sub-headings."""
    parsed = parse_copy(
        copy(
            "Headline",
            "ALMATY -- One.",
            "Caption A. [Credit A]",
            "Two.",
            "A sub-heading",
            "Three.",
            "Caption B. [Credit B]",
            "Four.",
        )
    )
    assert parsed.photos == [
        Photo("Caption A.", "Credit A", after_paragraph=1),
        Photo("Caption B.", "Credit B", after_paragraph=3),
    ]
    assert parsed.paragraphs == ["One.", "Two.", "Three.", "Four."]


def test_a_caption_printed_twice_in_a_row_is_one_photo_but_twice_apart_is_two():
    """Doubled captions are merged only when nothing stands between them."""
    doubled = parse_copy(copy("H", "ALMATY -- One.", "Cap. [Credit]", "Cap. [Credit]", "Two."))
    apart = parse_copy(copy("H", "ALMATY -- One.", "Cap. [Credit]", "Two.", "Cap. [Credit]", "Three."))
    assert [p.after_paragraph for p in doubled.photos] == [1]
    assert [p.after_paragraph for p in apart.photos] == [1, 2]


def test_caption_at_the_end_and_a_bracketed_elision_that_is_no_credit():
    """ "[...]" ends a quotation, not a caption; a credited last block is a photo."""
    parsed = parse_copy(copy("H", "ALMATY -- One.", '"We tried [...]', "Last. [Photo: AFP]"))
    assert parsed.paragraphs == ["One.", '"We tried [...]']
    assert parsed.photos == [Photo("Last.", "Photo: AFP", after_paragraph=2)]


def test_without_a_dateline_only_credited_captions_lead():
    """With no dateline, an opening caption needs its bracketed credit to be one."""
    parsed = parse_copy(copy("H", "By A B", "Lead caption. [Reuters]", "Plain opening.", "More."))
    assert parsed.dateline == ""
    assert parsed.photos == [Photo("Lead caption.", "Reuters", None)]
    assert parsed.paragraphs == ["Plain opening.", "More."]


@pytest.mark.parametrize("dash", ["--", "–", "—"])
def test_dateline_with_double_hyphen_en_dash_or_em_dash(dash):
    """Each dash a dateline may use is recognised and dropped from the text."""
    parsed = parse_copy(copy("H", f"NUR-SULTAN {dash} Text after it.", "More."))
    assert parsed.dateline == "NUR-SULTAN"
    assert parsed.paragraphs == ["Text after it.", "More."]


@pytest.mark.parametrize("opening", ["Almaty -- text.", "ALMATY--text.", "1917 -- a year."])
def test_not_a_dateline(opening):
    """A mixed-case place, a dash without spaces or a number is not a dateline."""
    parsed = parse_copy(copy("H", opening, "More."))
    assert parsed.dateline == ""
    assert parsed.paragraphs[0] == opening


@pytest.mark.parametrize(
    "block",
    [
        "It ended.",
        "What now?",
        "One two three four five six seven eight nine ten eleven twelve thirteen",
        "«Quote»",
    ],
)
def test_lines_that_are_not_subheadings(block):
    """Closing punctuation, too many words or a leading quotation mark make a paragraph."""
    parsed = parse_copy(copy("H", "ALMATY -- One.", block, "Two."))
    assert [b.kind for b in parsed.blocks] == ["paragraph"] * 3


def test_a_short_last_line_is_a_paragraph_not_a_subheading():
    """A sub-heading stands between paragraphs; at the end there is nothing to head."""
    parsed = parse_copy(copy("H", "ALMATY -- One.", "Two", "Caption. [Credit]"))
    assert [(b.kind, b.text) for b in parsed.blocks] == [("paragraph", "One."), ("paragraph", "Two")]


def test_missing_or_partial_furniture_keeps_every_paragraph():
    """Copy without the comment box loses nothing; a lone furniture line is dropped."""
    bare = parse_copy(copy("H", "ALMATY -- One.", "Last one."))
    partial = parse_copy(copy("H", "ALMATY -- One.", "Last one.", "Do you like this article?"))
    assert bare.paragraphs == partial.paragraphs == ["One.", "Last one."]


def test_furniture_pasted_without_blank_lines_is_dropped():
    """The comment box on consecutive lines is not joined into a kept paragraph."""
    parsed = parse_copy(copy("H", "ALMATY -- One.", "Last one.", "\n".join(FURNITURE)))
    assert parsed.paragraphs == ["One.", "Last one."]


def test_crlf_and_bare_cr_line_endings_read_like_lf():
    """Copy saved on Windows (or old Macs) parses exactly as the original."""
    text = WOMEN_SEED.read_text(encoding="utf-8")
    assert parse_copy(text.replace("\n", "\r\n")) == parse_copy(text)
    assert parse_copy(text.replace("\n", "\r")) == parse_copy(text)


def test_byte_order_mark_is_not_part_of_the_headline():
    """A BOM left at the start of decoded text does not reach the headline."""
    assert parse_copy("\ufeffHeadline\n\nText.").headline == "Headline"


def test_cyrillic_headline_and_text():
    """Russian and Kazakh copy parses like English copy."""
    parsed = parse_copy(
        copy("Қазақстан: жаңа заң", "By Айгерім Сейтқали", "АСТАНА -- Бірінші абзац.", "Екінші.")
    )
    assert parsed.headline == "Қазақстан: жаңа заң"
    assert parsed.authors == ["Айгерім Сейтқали"]
    assert parsed.dateline == "АСТАНА"
    assert parsed.paragraphs == ["Бірінші абзац.", "Екінші."]


def test_curly_quotes_dashes_and_ellipses_are_untouched_and_html_escapes_only_markup():
    """Typography reaches the body as typed; only &, < and > are escaped."""
    text = "“Yes” — she said… ‘maybe’ – [sic] <b>A & B</b>"
    parsed = parse_copy(copy("H", f"ALMATY — {text}", "Rehabilitation work", "Second."))
    assert parsed.paragraphs[0] == text
    assert parsed.body_html() == (
        "<p>“Yes” — she said… ‘maybe’ – [sic] &lt;b&gt;A &amp; B&lt;/b&gt;</p>"
        "<h2>Rehabilitation work</h2><p>Second.</p>"
    )


def test_hard_wrapped_paragraphs_are_joined_and_unwrapped_copy_is_one_paragraph_per_line():
    """Wrapped lines make one paragraph; copy with no blank line has a paragraph per line."""
    wrapped = parse_copy("H\n\nALMATY -- A paragraph\nwrapped at the margin.\n\nNext.")
    unwrapped = parse_copy("H\nBy A B\nALMATY -- First.\nSecond.\nThird.")
    assert wrapped.paragraphs == ["A paragraph wrapped at the margin.", "Next."]
    assert unwrapped.authors == ["A B"]
    assert unwrapped.paragraphs == ["First.", "Second.", "Third."]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty file"),
        (" \n\t\n\n", "empty file"),
        ("Head\x00line\n\nText.", "binary file"),
        ("By Ksenia Bondal\n\nALMATY -- Text.", "no headline"),
        ("Do you like this article?\n\nText.", "no headline"),
        ("Headline only\n", "no body paragraphs"),
        ("Headline\n\nBy Ksenia Bondal\n\n" + "\n\n".join(FURNITURE), "no body paragraphs"),
        ("Headline\n\nA caption. [Credit]", "no body paragraphs"),
        ("x" * (HEADLINE_MAX_LENGTH + 1) + "\n\nText.", "headline is 256 characters long; the limit is 255"),
    ],
)
def test_bad_copy_raises_copy_error_with_a_one_line_reason(text, reason):
    """Copy that cannot be an article says why, in one line."""
    with pytest.raises(CopyError) as caught:
        parse_copy(text)
    assert str(caught.value).startswith(reason)
    assert "\n" not in str(caught.value)


def test_a_headline_at_the_limit_is_accepted():
    """The limit is the model's: 255 characters pass."""
    assert len(parse_copy("x" * HEADLINE_MAX_LENGTH + "\n\nText.").headline) == HEADLINE_MAX_LENGTH


# Pieces that steer generated copy into the parser's branches: bylines, captions,
# datelines, dashes, furniture, Cyrillic, line breaks.
FRAGMENTS = st.sampled_from(
    ["\n", "\n\n", "\r\n", "By ", " and ", ", ", "[", "]", " [Credit]", "[...]", "ALMATY -- ", " – ", "—",
     "Қазақстан", "Ещё", "Do you like this article?", "0 Comment(s)", "1500 / 1500", ".", "“", "»", "\ufeff",
     "\u00a0", "\x00", "x" * 120]
)  # fmt: skip
COPY_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=40).map("".join),
)


@hypothesis_settings(max_examples=400, deadline=None)
@given(COPY_TEXT)
def test_any_text_parses_to_an_article_or_a_one_line_copy_error(text):
    """No text makes the parser crash: it is an article or a clear reason not to be one."""
    try:
        parsed = parse_copy(text)
    except CopyError as exc:
        message = str(exc)
        assert message.strip()
        assert "\n" not in message
        assert "\r" not in message
    else:
        assert parsed.headline.strip()
        assert len(parsed.headline) <= HEADLINE_MAX_LENGTH
        assert parsed.paragraphs
        assert all(block.text.strip() for block in parsed.blocks)
