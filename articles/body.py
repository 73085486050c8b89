"""The article body, in one place: everything that writes or reads its HTML.

- **Sanitising** (``BodyField``, ``sanitize_body``): rich text limited to what a news story
  needs, cleaned by nh3 on every save.
- **Blocks for the article page** (``body_segments``): the top-level elements, with the
  dateline in the first paragraph and the photos placed after their paragraphs.
- **Plain text** (``body_blocks``, ``plain_text``, ``TAG``): paragraphs and sub-headings
  for the revision compare, descriptions and feeds; one line of text for search.
- **The importer's plain-text form** (``export_text``): the copy ``importing/parser.py``
  reads back.
"""

import html as html_entities
import itertools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_prose_editor.fields import ProseEditorField

from .embeds import embed_in_paragraph

# Sanitising

# Exactly the elements an article body keeps; the editor offers these and nh3 removes
# everything else (scripts, styles, event handlers, images pasted into the text).
BODY_EXTENSIONS = {
    "Paragraph": True,
    "Heading": {"levels": [2, 3]},
    "Blockquote": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Link": {"protocols": ["http", "https", "mailto"]},
    "Bold": True,
    "Italic": True,
}


class BodyField(ProseEditorField):
    """A ProseEditorField that sanitizes on save as well as on validation.

    django-prose-editor cleans the HTML in ``Model.clean()``, which code that saves
    directly (the importer, the shell, data migrations) never calls.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", BODY_EXTENSIONS)
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        html = self.sanitize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, html)
        return html

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("extensions", None)
        kwargs.pop("sanitize", None)
        return name, path, args, kwargs


def sanitize_body(html):
    """Clean ``html`` exactly as saving an article body would."""
    return _BODY_FIELD.sanitize(html or "")


_BODY_FIELD = BodyField()


# Blocks for the article page


class _TopLevelSplitter(HTMLParser):
    """Offsets of the top-level elements of sanitized body HTML."""

    def __init__(self, html):
        super().__init__(convert_charrefs=False)
        # Where each line starts (getpos() counts lines and columns): a step per line, not
        # per character.
        self._line_starts = list(
            itertools.accumulate((len(line) + 1 for line in html.split("\n")), initial=0)
        )
        self.blocks = []  # (tag, start, end)
        self._depth = 0
        self._start = None
        self._tag = None
        self.feed(html)
        self.close()

    def _offset(self):
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self._depth == 0:
            self._start, self._tag = self._offset(), tag
        if tag not in {"br", "hr", "img"}:
            self._depth += 1

    def handle_endtag(self, tag):
        self._depth -= 1
        if self._depth == 0 and self._start is not None:
            end = self._offset() + len(f"</{tag}>")
            self.blocks.append((self._tag, self._start, end))
            self._start = None


@dataclass
class Segment:
    html: str = ""
    photo: object = None
    embed: object = None  # an embeds.Embed: a post or video shown when the reader asks


def body_segments(article, photos):
    """The body as a list of Segments: HTML blocks, with later photos after their paragraph.

    The dateline leads the first paragraph of text in capitals ("ALMATY --"); a paragraph
    holding only a link to a post or video becomes an embed (``embeds``). Lead photos are
    not included (the page shows them above the text); photos placed after a paragraph
    the body no longer has come at the end, so none is lost.
    """
    html = article.body or ""
    later = {}
    for photo in photos:
        if photo.after_paragraph:
            later.setdefault(photo.after_paragraph, []).append(photo)
    segments, paragraphs, datelined = [], 0, not article.dateline
    for tag, start, end in _TopLevelSplitter(html).blocks:
        block = html[start:end]
        embed = None
        if tag == "p":
            paragraphs += 1  # an embedded post's line too: editors count it as a paragraph
            embed = embed_in_paragraph(block)
            if embed is None and not datelined:
                opening = block.index(">") + 1
                dateline = f'<span class="dateline">{escape(article.dateline.upper())}</span> -- '
                block = block[:opening] + dateline + block[opening:]
                datelined = True
        if embed is not None:
            segments.append(Segment(embed=embed))
        else:
            segments.append(Segment(html=mark_safe(block)))  # the body is sanitized on every save
        if tag == "p":
            segments.extend(Segment(photo=photo) for photo in later.pop(paragraphs, []))
    for position in sorted(later):
        segments.extend(Segment(photo=photo) for photo in later[position])
    return segments


# Plain text

# A tag, as search replaces it in Python and in the database (``search.py``).
TAG = re.compile(r"<[^>]*>")

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


def plain_text(html):
    """The body's words on one line: tags replaced by spaces, entities unescaped."""
    return " ".join(html_entities.unescape(TAG.sub(" ", html or "")).split())


# The importer's plain-text form


def byline_text(names):
    """ "By A", "By A and B", "By A, B and C": the byline the parser reads back."""
    if not names:
        return ""
    if len(names) == 1:
        return f"By {names[0]}"
    return f"By {', '.join(names[:-1])} and {names[-1]}"


def _caption_text(photo):
    caption = _one_line(photo.caption)
    credit = _one_line(photo.printed_credit)  # this story's credit, else the library photo's
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
