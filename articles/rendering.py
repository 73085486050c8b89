"""Putting an article's photos at their places in its body, for the article page."""

from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import mark_safe


class _TopLevelSplitter(HTMLParser):
    """Offsets of the top-level elements of sanitized body HTML."""

    def __init__(self, html):
        super().__init__(convert_charrefs=False)
        self._line_starts = [0]
        for index, char in enumerate(html):
            if char == "\n":
                self._line_starts.append(index + 1)
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


def body_segments(article, photos):
    """The body as a list of Segments: HTML blocks, with later photos after their paragraph.

    The dateline leads the first paragraph in capitals ("ALMATY --"). Lead photos are
    not included (the page shows them above the text); photos placed after a paragraph
    the body no longer has come at the end, so none is lost.
    """
    html = article.body or ""
    later = {}
    for photo in photos:
        if photo.after_paragraph:
            later.setdefault(photo.after_paragraph, []).append(photo)
    segments, paragraphs = [], 0
    for tag, start, end in _TopLevelSplitter(html).blocks:
        block = html[start:end]
        if tag == "p":
            paragraphs += 1
            if paragraphs == 1 and article.dateline:
                opening = block.index(">") + 1
                dateline = f'<span class="dateline">{escape(article.dateline.upper())}</span> -- '
                block = block[:opening] + dateline + block[opening:]
        segments.append(Segment(html=mark_safe(block)))  # the body is sanitized on every save
        if tag == "p":
            segments.extend(Segment(photo=photo) for photo in later.pop(paragraphs, []))
    for position in sorted(later):
        segments.extend(Segment(photo=photo) for photo in later[position])
    return segments
