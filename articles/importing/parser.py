"""Reading plain-text copy into a structured article, without touching the database.

Copy arrives the way the seed articles are printed::

    Headline

    By Name[, Name] [and Name]

    Caption of the lead photo. [Credit]

    CITY -- First paragraph...

    Sub-heading

    More paragraphs, with captions of later photos between them. [Credit]

    Do you like this article?            <- page furniture, dropped
    0 Comment(s)

Paragraphs are separated by blank lines; lines inside a paragraph are joined (copy is
often hard-wrapped). Copy with no blank lines at all has one paragraph per line.
"""

import re
from dataclasses import dataclass, field
from html import escape

HEADLINE_MAX_LENGTH = 255
AUTHOR_NAME_MAX_LENGTH = 200

_BYLINE = re.compile(r"^by\s+(?P<names>\S.*)$", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", re.IGNORECASE)
# "ALMATY -- ", "ALMATY – ", "ALMATY — ": an upper-case place name and a dash.
_DATELINE = re.compile(r"^(?P<place>[^\W\d_][^\n]{0,60}?)\s+(?:--|–|—)\s+(?P<rest>\S.*)$", re.DOTALL)
# A caption ends in its credit in square brackets, standing apart from the last word.
# "[...]" (an elision at the end of a quotation) is not a credit.
_CREDIT = re.compile(r"^(?P<caption>.*\S)\s+\[(?P<credit>[^\[\]]*[^\W\d_][^\[\]]*)\]$", re.DOTALL)
_FURNITURE = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^do you like this article\??$",
        r"^\d+\s+comments?(?:\(s\))?$",
        r"^comment policy\b.*$",
        r"^\*?\s*denotes required field.*$",
        r"^\d+\s*/\s*\d+$",
    )
]
_CLOSING_PUNCTUATION = tuple(".,;:!?\"'”’»)]…-–—")
SUBHEADING_MAX_CHARS = 100
# Hard-wrapped copy has lines no longer than this; longer lines are whole paragraphs.
WRAP_WIDTH = 100
SUBHEADING_MAX_WORDS = 12


class CopyError(ValueError):
    """The copy cannot become an article; the message says why, in one line."""


@dataclass
class Block:
    kind: str  # "paragraph" or "subheading"
    text: str


@dataclass
class Photo:
    caption: str
    credit: str = ""
    after_paragraph: int | None = None  # None: the lead photo


@dataclass
class ParsedCopy:
    headline: str
    authors: list[str] = field(default_factory=list)
    dateline: str = ""
    blocks: list[Block] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)

    @property
    def paragraphs(self):
        return [block.text for block in self.blocks if block.kind == "paragraph"]

    def body_html(self):
        """The body as the HTML an article stores: ``<p>`` paragraphs and ``<h2>`` sub-headings."""
        tags = {"paragraph": "p", "subheading": "h2"}
        return "".join(
            f"<{tags[block.kind]}>{escape(block.text, quote=False)}</{tags[block.kind]}>"
            for block in self.blocks
        )


def split_blocks(text):
    """Cut copy into blocks of text: paragraphs separated by blank lines.

    Lines inside a block are joined when the copy is hard-wrapped. A block with a line
    longer than any wrap width (``WRAP_WIDTH``), or copy with no blank line anywhere,
    has one paragraph per line instead. The first line is always a block of its own: it
    is the headline, even when the byline is typed on the next line.
    """
    lines = [line.strip() for line in _lines(text)]
    chunks, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    if len(chunks) == 1:
        return list(chunks[0])
    if chunks and len(chunks[0]) > 1:
        chunks[0:1] = [chunks[0][:1], chunks[0][1:]]
    blocks = []
    for chunk in chunks:
        if any(len(line) > WRAP_WIDTH for line in chunk[:-1]):
            blocks.extend(chunk)
        else:
            blocks.append(" ".join(chunk))
    return blocks


def _lines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_byline(line):
    """The author names in ``line`` if it is a byline (``By A, B and C``), else None."""
    match = _BYLINE.match(line)
    if not match:
        return None
    # Copy often has non-breaking or doubled spaces inside names; authors are matched on
    # the name as printed, so it must be the same name either way.
    names = [" ".join(name.split()).strip(" .;") for name in _NAME_SEPARATORS.split(match["names"])]
    names = [name for name in names if name]
    # A name starts with a capital (or an uncased) letter: "By the end of the day, ..."
    # opens a paragraph, not a byline.
    if not names or any(
        len(name) > AUTHOR_NAME_MAX_LENGTH
        or any(c.isdigit() for c in name)
        or not name[0].isalpha()
        or name[0].islower()
        for name in names
    ):
        return None
    return names


def split_caption(text):
    """(caption, credit) when ``text`` ends in a bracketed credit, else None."""
    match = _CREDIT.match(text)
    if not match:
        return None
    return match["caption"], match["credit"].strip()


def split_dateline(text):
    """(PLACE, rest of paragraph) when ``text`` opens with a dateline, else None."""
    match = _DATELINE.match(text)
    if not match:
        return None
    place = match["place"].strip()
    if place != place.upper() or not any(ch.isalpha() for ch in place):
        return None
    return place, match["rest"]


def is_furniture(text):
    return any(pattern.match(text) for pattern in _FURNITURE)


def _without_trailing_furniture(text):
    """``text`` without the page furniture at its end, line by line.

    Line by line, because copy pasted without blank lines would otherwise join
    "Do you like this article?" and "0 Comment(s)" into one paragraph that is kept.
    """
    lines = _lines(text)
    while lines and (not lines[-1].strip() or is_furniture(lines[-1].strip())):
        lines.pop()
    return "\n".join(lines)


def looks_like_subheading(text):
    return (
        len(text) <= SUBHEADING_MAX_CHARS
        and len(text.split()) <= SUBHEADING_MAX_WORDS
        and not text.endswith(_CLOSING_PUNCTUATION)
        and text[0].isalnum()
    )


def parse_copy(text):
    """Read one article's plain-text copy; raise CopyError when it cannot be an article."""
    if "\x00" in text:
        raise CopyError("binary file: it contains NUL bytes, so it is not plain text")
    blocks = split_blocks(_without_trailing_furniture(text.lstrip("\ufeff")))
    if not blocks:
        raise CopyError("empty file: no text in it")

    headline = blocks.pop(0)
    if parse_byline(headline) is not None or is_furniture(headline):
        raise CopyError(f"no headline: the copy starts with {headline[:40]!r}")
    if len(headline) > HEADLINE_MAX_LENGTH:
        raise CopyError(f"headline is {len(headline)} characters long; the limit is {HEADLINE_MAX_LENGTH}")
    parsed = ParsedCopy(headline=headline)

    if blocks and (names := parse_byline(blocks[0])) is not None:
        parsed.authors = names
        blocks.pop(0)

    # Everything before the dateline paragraph is a lead-photo caption, bracketed credit
    # or not. Without a dateline, only blocks ending in a credit can be told apart.
    dateline_at = next(
        (i for i, block in enumerate(blocks) if split_dateline(block) and not split_caption(block)), None
    )
    if dateline_at is not None:
        lead, body = blocks[:dateline_at], blocks[dateline_at:]
        parsed.dateline, body[0] = split_dateline(body[0])
    else:
        lead_count = next((i for i, block in enumerate(blocks) if not split_caption(block)), len(blocks))
        lead, body = blocks[:lead_count], blocks[lead_count:]
    for block in lead:
        _add_photo(parsed, block, after_paragraph=None)

    paragraph_count = 0
    for index, block in enumerate(body):
        if split_caption(block):
            _add_photo(parsed, block, after_paragraph=paragraph_count)
            continue
        followed_by_text = any(not split_caption(later) for later in body[index + 1 :])
        if paragraph_count and followed_by_text and looks_like_subheading(block):
            parsed.blocks.append(Block("subheading", block))
        else:
            parsed.blocks.append(Block("paragraph", block))
            paragraph_count += 1

    if not paragraph_count:
        raise CopyError("no body paragraphs: only a headline, byline or captions")
    return parsed


def _add_photo(parsed, block, *, after_paragraph):
    caption, credit = split_caption(block) or (block, "")
    previous = parsed.photos[-1] if parsed.photos else None
    # Some pages print a caption twice in a row (once over the photo, once under it).
    if previous and (previous.caption, previous.credit, previous.after_paragraph) == (
        caption,
        credit,
        after_paragraph,
    ):
        return
    parsed.photos.append(Photo(caption=caption, credit=credit, after_paragraph=after_paragraph))
