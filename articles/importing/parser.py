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

Copy in the other six languages is laid out the same way, with its own furniture
(``furniture.py``: the table of lines dropped, bylines and photo-credit lines, which
operators extend with a file of their own):

    Language: ru                         <- optional: the copy's language, said outright

    Headline

    Автор: Айгерим Тлеуова               <- or "Айгерим Тлеуова, корреспондент", also last

    Caption of the lead photo.

    Фото: пресс-служба акимата           <- the credit of the caption above it

    АЛМАТЫ -- First paragraph...         <- "Алматы —" too, when Алматы is a known region

    Поделиться                           <- furniture, dropped wherever it stands

A dateline is a place in capitals (Latin or Cyrillic), optionally with a date after a
comma ("ПАВЛОДАР, 22 августа"), then a dash with spaces round it: --, —, – or -. In
Cyrillic copy the text after it starts with a capital (Russian "ООН — это…" is a
sentence, not a dateline). A place in ordinary case ("Алматы —") is a dateline only in
Cyrillic copy, only in the first paragraph, and only when the caller knows the place
(``known_place``: the importer asks the regions in the database); English copy keeps
needing capitals.
"""

import re
from dataclasses import dataclass, field
from html import escape

from .furniture import furniture_table
from .language import known_language_names, language_header

HEADLINE_MAX_LENGTH = 255
AUTHOR_NAME_MAX_LENGTH = 200

_BYLINE = re.compile(r"^by\s+(?P<names>\S.*)$", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", re.IGNORECASE)
# "ALMATY -- ", "ALMATY – ", "ALMATY — ", "БИШКЕК - ": a place name and a dash.
_DATELINE = re.compile(r"^(?P<place>[^\W\d_][^\n]{0,60}?)\s+(?:--|–|—|-)\s+(?P<rest>\S.*)$", re.DOTALL)
# "ПАВЛОДАР, 22 августа", "TOSHKENT, 22-avgust", "ALMATY, Aug. 22": a place, then a date.
_DATED_PLACE = re.compile(r"^(?P<place>[^,]+?),\s*(?P<date>[^,]*\d[^,]*)$")
# A place name in ordinary case: one to three capitalised words ("Алматы", "Нур-Султан").
_TITLE_CASE_PLACE = re.compile(r"^[^\W\d_][^\W\d_ʻ'’‘`-]*(?:[\s-][^\W\d_][^\W\d_ʻ'’‘`-]*){0,2}$")
# A caption ends in its credit in square brackets, standing apart from the last word.
# "[...]" (an elision at the end of a quotation) is not a credit.
_CREDIT = re.compile(r"^(?P<caption>.*\S)\s+\[(?P<credit>[^\[\]]*[^\W\d_][^\[\]]*)\]$", re.DOTALL)
# The comment box at the foot of the seed site's pages, dropped only at the end of the copy.
# The other languages' furniture is a table operators extend (furniture.py).
_COMMENT_BOX = [
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
# A byline or photo credit from the furniture table is one short line; longer text is not
# looked at (a paragraph is never one).
BYLINE_MAX_LENGTH = 300
NAME_MAX_WORDS = 6


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
    language: str = ""  # as a "Language:" first line says it; "" when the copy does not say

    @property
    def paragraphs(self):
        return [block.text for block in self.blocks if block.kind == "paragraph"]

    @property
    def place(self):
        """The place the dateline names, without its date: "ПАВЛОДАР" of "ПАВЛОДАР, 22 августа"."""
        return dateline_place(self.dateline)

    def body_html(self):
        """The body as the HTML an article stores: ``<p>`` paragraphs and ``<h2>`` sub-headings."""
        tags = {"paragraph": "p", "subheading": "h2"}
        return "".join(
            f"<{tags[block.kind]}>{escape(block.text, quote=False)}</{tags[block.kind]}>"
            for block in self.blocks
        )


def split_blocks(text, stands_alone=None):
    """Cut copy into blocks of text: paragraphs separated by blank lines.

    Lines inside a block are joined when the copy is hard-wrapped. A block with a line
    longer than any wrap width (``WRAP_WIDTH``), or copy with no blank line anywhere,
    has one paragraph per line instead. The first line is always a block of its own: it
    is the headline, even when the byline is typed on the next line. So is any line for
    which ``stands_alone`` is true (a byline or photo credit typed under a paragraph).
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
        for part in _split_at_lines_standing_alone(chunk, stands_alone):
            if any(len(line) > WRAP_WIDTH for line in part[:-1]):
                blocks.extend(part)
            else:
                blocks.append(" ".join(part))
    return blocks


def _split_at_lines_standing_alone(chunk, stands_alone):
    if stands_alone is None or len(chunk) == 1:
        return [chunk]
    parts, current = [], []
    for line in chunk:
        if stands_alone(line):
            if current:
                parts.append(current)
                current = []
            parts.append([line])
        else:
            current.append(line)
    if current:
        parts.append(current)
    return parts


def _lines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_byline(line, furniture=None):
    """The author names in ``line`` if it is a byline, else None.

    ``By A, B and C`` in English; in every language, a byline the furniture table knows
    ("Автор: A и B", "A, корреспондент", "Muallif: A").
    """
    match = _BYLINE.match(line)
    if match:
        # Copy often has non-breaking or doubled spaces inside names; authors are matched
        # on the name as printed, so it must be the same name either way.
        names = [" ".join(name.split()).strip(" .;") for name in _NAME_SEPARATORS.split(match["names"])]
        names = [name for name in names if name]
        # A name starts with a capital (or an uncased) letter: "By the end of the day, ..."
        # opens a paragraph, not a byline.
        if names and not any(_bad_name(name) for name in names):
            return names
    return _furnished_byline(line, furniture or furniture_table())


def _bad_name(name):
    return (
        len(name) > AUTHOR_NAME_MAX_LENGTH
        or any(c.isdigit() for c in name)
        or not name[0].isalpha()
        or name[0].islower()
    )


def _furnished_byline(line, furniture):
    """The names of a byline from the furniture table ("Автор: …", "…, корреспондент"), else None.

    Without the English "By", a byline must look like names: each starts with a capital,
    has at most ``NAME_MAX_WORDS`` words and at least half of them capitalised
    ("Karimov Sherzod Abdulla oʻgʻli" is a name, "Об этом сообщил наш" is not).
    """
    if len(line) > BYLINE_MAX_LENGTH:
        return None
    names_text = furniture.byline_names(line)
    if names_text is None:
        return None
    names = [" ".join(name.split()).strip(" .;:") for name in furniture.split_names(names_text)]
    names = [name for name in names if name]
    if not names or any(_bad_name(name) for name in names):
        return None
    for name in names:
        words = name.split()
        if len(words) > NAME_MAX_WORDS or sum(word[0].isupper() for word in words) * 2 < len(words):
            return None
    return names


def split_caption(text):
    """(caption, credit) when ``text`` ends in a bracketed credit, else None."""
    match = _CREDIT.match(text)
    if not match:
        return None
    return match["caption"], match["credit"].strip()


def dateline_place(dateline):
    """The place of a dateline without the date after it: "ПАВЛОДАР, 22 августа" -> "ПАВЛОДАР"."""
    match = _DATED_PLACE.match(dateline)
    return match["place"].strip() if match else dateline


@dataclass(frozen=True)
class _Dateline:
    dateline: str
    rest: str
    in_capitals: bool


def _find_dateline(text, known_place=None):
    match = _DATELINE.match(text)
    if not match:
        return None
    dateline, rest = match["place"].strip(), match["rest"]
    place = dateline_place(dateline)
    if not any(ch.isalpha() for ch in place):
        return None
    cyrillic = _is_cyrillic(place)
    if cyrillic and not _starts_a_sentence(rest):
        # "ООН — это…", "Алматы — крупнейший город": a dash in a Russian sentence.
        return None
    if place == place.upper():
        return _Dateline(dateline, rest, in_capitals=True)
    if cyrillic and known_place and _TITLE_CASE_PLACE.match(place) and known_place(place):
        return _Dateline(dateline, rest, in_capitals=False)
    return None


def split_dateline(text, known_place=None):
    """(dateline, rest of paragraph) when ``text`` opens with a dateline, else None.

    The dateline is as printed, with its date if it has one. A place in ordinary case
    counts only when ``known_place(place)`` says it is one (see the module docstring).
    """
    found = _find_dateline(text, known_place)
    return (found.dateline, found.rest) if found else None


def _is_cyrillic(text):
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u052f")
    return cyrillic * 2 > sum(1 for ch in text if ch.isalpha())


def _starts_a_sentence(text):
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
    return False


def is_furniture(text, furniture=None):
    """Whether ``text`` is page furniture: the comment box, or a line of the furniture table."""
    if any(pattern.match(text) for pattern in _COMMENT_BOX):
        return True
    furniture = furniture or furniture_table()
    return furniture.is_dropped(text) or furniture.is_dropped_at_end(text)


def _without_furniture(text, furniture):
    """``text`` without furniture lines, and without the page furniture at its end, line by line.

    Line by line, because copy pasted without blank lines would otherwise join
    "Do you like this article?" and "0 Comment(s)" into one paragraph that is kept.
    """
    lines = [line for line in _lines(text) if not (line.strip() and furniture.is_dropped(line))]
    while lines and (not lines[-1].strip() or is_furniture(lines[-1].strip(), furniture)):
        lines.pop()
    return "\n".join(lines)


def _language_header(text):
    """(language, text without the header line) when the first line names the language."""
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    language, is_header = language_header(first)
    if not is_header:
        return "", text
    if not language:
        raise CopyError(
            f"unknown language in the first line {first.strip()[:40]!r}; say one of "
            f"{known_language_names()} (or leave the line out)"
        )
    return language, rest


def looks_like_subheading(text):
    return (
        len(text) <= SUBHEADING_MAX_CHARS
        and len(text.split()) <= SUBHEADING_MAX_WORDS
        and not text.endswith(_CLOSING_PUNCTUATION)
        and text[0].isalnum()
    )


@dataclass
class _Item:
    """A block of copy, and the credit a photo-credit line under it gave it."""

    text: str
    credit: str | None = None

    def caption(self):
        """(caption, credit) when the block is a photo caption, else None."""
        if self.credit is not None:
            return self.text, self.credit
        return split_caption(self.text)


def parse_copy(text, *, furniture=None, known_place=None):
    """Read one article's plain-text copy; raise CopyError when it cannot be an article.

    ``furniture`` is the table of furniture lines (default: the built-in table and the
    operator's file, ``furniture.furniture_table()``). ``known_place(name)`` says whether a
    place is one the newsroom knows; without it only datelines in capitals are found.
    """
    if "\x00" in text:
        raise CopyError("binary file: it contains NUL bytes, so it is not plain text")
    furniture = furniture or furniture_table()
    language, text = _language_header(text.lstrip("\ufeff"))
    blocks = split_blocks(
        _without_furniture(text, furniture),
        stands_alone=lambda line: (
            furniture.is_photo_credit(line) or _furnished_byline(line, furniture) is not None
        ),
    )
    if not blocks:
        raise CopyError("empty file: no text in it")

    headline = blocks.pop(0)
    if (
        parse_byline(headline, furniture) is not None
        or is_furniture(headline, furniture)
        or furniture.is_photo_credit(headline)
    ):
        raise CopyError(f"no headline: the copy starts with {headline[:40]!r}")
    if len(headline) > HEADLINE_MAX_LENGTH:
        raise CopyError(f"headline is {len(headline)} characters long; the limit is {HEADLINE_MAX_LENGTH}")
    parsed = ParsedCopy(headline=headline, language=language)
    is_credit = [furniture.is_photo_credit(block) for block in blocks]

    # The byline stands under the headline (perhaps after a photo credit) or, in copy from
    # the region's sites, at the very end (perhaps before one).
    first = next((i for i, credit in enumerate(is_credit) if not credit), None)
    if first is not None and (names := parse_byline(blocks[first], furniture)) is not None:
        parsed.authors = names
        del blocks[first], is_credit[first]
    last = next((i for i in reversed(range(len(blocks))) if not is_credit[i]), None)
    if last and (names := _furnished_byline(blocks[last], furniture)) is not None:
        parsed.authors += [name for name in names if name not in parsed.authors]
        del blocks[last], is_credit[last]

    items, loose_credits = _pair_credits(blocks, is_credit, known_place)

    # Everything before the dateline paragraph is a lead-photo caption, bracketed credit
    # or not. Without a dateline, only blocks ending in a credit can be told apart. A
    # dateline in ordinary case ("Алматы —") counts only in the first paragraph.
    dateline_at, found, only_captions_before = None, None, True
    for index, item in enumerate(items):
        if item.caption():
            continue
        found = _find_dateline(item.text, known_place if only_captions_before else None)
        if found:
            dateline_at = index
            break
        only_captions_before = False
    if dateline_at is not None:
        lead, body = items[:dateline_at], items[dateline_at:]
        parsed.dateline = found.dateline
        body[0] = _Item(found.rest)
    else:
        lead_count = next((i for i, item in enumerate(items) if not item.caption()), len(items))
        lead, body = items[:lead_count], items[lead_count:]
    for item in lead:
        _add_photo(parsed, item, after_paragraph=None)

    paragraph_count = 0
    for index, item in enumerate(body):
        if item.caption():
            _add_photo(parsed, item, after_paragraph=paragraph_count)
            continue
        followed_by_text = any(not later.caption() for later in body[index + 1 :])
        if paragraph_count and followed_by_text and looks_like_subheading(item.text):
            parsed.blocks.append(Block("subheading", item.text))
        else:
            parsed.blocks.append(Block("paragraph", item.text))
            paragraph_count += 1

    if not paragraph_count:
        raise CopyError("no body paragraphs: only a headline, byline or captions")
    for credit in loose_credits:
        uncredited = next((photo for photo in parsed.photos if not photo.credit), None)
        if uncredited:
            uncredited.credit = credit
    return parsed


def _pair_credits(blocks, is_credit, known_place):
    """The blocks as items, each photo-credit line given to the caption above it; and the rest.

    A credit line credits the block above it when text follows it and that block is not
    already credited nor the dateline paragraph. Any other credit line (under the
    headline or byline, at the end, or a second one) is loose: it goes to the first photo
    without a credit, if there is one.
    """
    text_after = [False] * len(blocks)
    for index in range(len(blocks) - 2, -1, -1):
        text_after[index] = text_after[index + 1] or not is_credit[index + 1]
    items, loose = [], []
    for index, block in enumerate(blocks):
        if not is_credit[index]:
            items.append(_Item(block))
            continue
        previous = items[-1] if items else None
        if (
            previous is not None
            and text_after[index]
            and not previous.caption()
            and _find_dateline(previous.text, known_place) is None
        ):
            previous.credit = block
        else:
            loose.append(block)
    return items, loose


def _add_photo(parsed, item, *, after_paragraph):
    caption, credit = item.caption() or (item.text, "")
    previous = parsed.photos[-1] if parsed.photos else None
    # Some pages print a caption twice in a row (once over the photo, once under it).
    if previous and (previous.caption, previous.credit, previous.after_paragraph) == (
        caption,
        credit,
        after_paragraph,
    ):
        return
    parsed.photos.append(Photo(caption=caption, credit=credit, after_paragraph=after_paragraph))
