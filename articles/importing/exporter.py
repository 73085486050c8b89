"""Writing articles back out as the plain-text copy that the importer reads.

The text has the layout ``parser.py`` describes: headline, byline, lead-photo captions,
the dateline on the first paragraph, sub-headings on lines of their own and later
captions after the paragraph they follow, blocks separated by blank lines. Importing
an export gives the same article again, as far as plain text can say it (see
``export_text``).
"""

import re
from html.parser import HTMLParser

# Elements that end one block of text and start another.
_BLOCK_TAGS = frozenset(
    {"p", "div", "blockquote", "ul", "ol", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# A line break in the HTML source is a space to a reader; other spaces (non-breaking,
# doubled) are kept as they are, since the importer keeps them too.
_SOURCE_LINE_BREAK = re.compile(r"[ \t\f]*[\r\n][ \t\r\n\f]*")
DATELINE_SEPARATOR = " -- "


def _one_line(text):
    return _SOURCE_LINE_BREAK.sub(" ", text).strip()


class _BodyText(HTMLParser):
    """Collects ``(kind, text)`` blocks from body HTML: "paragraph" or "subheading"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self._parts = []
        self._heading_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in _HEADING_TAGS:
            self._heading_depth += 1
        elif tag == "br":
            self._parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in _HEADING_TAGS and self._heading_depth:
            self._heading_depth -= 1

    def handle_data(self, data):
        self._parts.append(data)

    def close(self):
        super().close()
        self._flush()

    def _flush(self):
        text = _one_line("".join(self._parts))
        self._parts = []
        if text:
            self.blocks.append(("subheading" if self._heading_depth else "paragraph", text))


def body_blocks(html):
    """The body's text as ``(kind, text)`` blocks, kind "paragraph" or "subheading".

    List items and quotations become paragraphs; inline tags (bold, links) are dropped
    and their text kept; entities are unescaped.
    """
    reader = _BodyText()
    reader.feed(html or "")
    reader.close()
    return reader.blocks


def byline_text(names):
    """ "By A", "By A and B", "By A, B and C": the byline the parser reads back."""
    if not names:
        return ""
    if len(names) == 1:
        return f"By {names[0]}"
    return f"By {', '.join(names[:-1])} and {names[-1]}"


def _caption_text(photo):
    caption = _one_line(photo.caption)
    credit = _one_line(photo.credit)
    return f"{caption} [{credit}]" if credit else caption


def export_text(article):
    """``article`` as plain-text copy, ending in a newline.

    Uses ``article.byline`` (with its authors) and ``article.photos``; prefetch them
    when exporting many articles. Some things plain text cannot carry, and they do not
    survive a re-import: a later photo without a credit (it reads as a paragraph), a
    lead photo without a credit in an article without a dateline, a sub-heading ending
    in punctuation, an author whose name contains "and" or a comma.
    """
    lines = [_one_line(article.headline)]
    names = [_one_line(credit.author.name) for credit in article.byline.all()]
    if names:
        lines.append(byline_text(names))

    later = {}
    for photo in article.photos.all():
        if photo.after_paragraph:
            later.setdefault(photo.after_paragraph, []).append(photo)
        else:
            # Before the first paragraph: the lead photo (an "after paragraph 0" too).
            lines.append(_caption_text(photo))

    paragraph_count = 0
    for kind, text in body_blocks(article.body):
        if kind == "paragraph":
            if not paragraph_count and article.dateline:
                text = f"{_one_line(article.dateline)}{DATELINE_SEPARATOR}{text}"
            lines.append(text)
            paragraph_count += 1
            lines.extend(_caption_text(photo) for photo in later.pop(paragraph_count, []))
        else:
            lines.append(text)
    # Photos placed after a paragraph the body no longer has go at the end.
    for position in sorted(later):
        lines.extend(_caption_text(photo) for photo in later[position])
    return "\n\n".join(lines) + "\n"
