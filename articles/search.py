"""Searching published articles: one function, so the backend can be swapped.

This version works on any database: every word must appear in the headline, standfirst
or body, and results are ranked by where the words appear (headline first). PostgreSQL
full-text search can replace ``search_articles`` without the views changing.
"""

import re

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

MAX_WORDS = 8
SNIPPET_CHARS = 240
_WORD = re.compile(r"\w[\w'’-]*", re.UNICODE)


def query_words(query):
    """The words of a reader's query, at most MAX_WORDS, in order, without repeats."""
    words = []
    for word in _WORD.findall(query or ""):
        if word.casefold() not in (w.casefold() for w in words):
            words.append(word)
    return words[:MAX_WORDS]


def search_articles(queryset, query):
    """``queryset`` narrowed to articles matching every word of ``query``, best first."""
    words = query_words(query)
    if not words:
        return queryset.none()
    rank = Value(0, output_field=IntegerField())
    for word in words:
        queryset = queryset.filter(
            Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
        rank = (
            rank
            + Case(
                When(headline__icontains=word, then=Value(4)), default=Value(0), output_field=IntegerField()
            )
            + Case(
                When(standfirst__icontains=word, then=Value(2)), default=Value(0), output_field=IntegerField()
            )
            + Case(When(body__icontains=word, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
    return queryset.annotate(search_rank=rank).order_by("-search_rank", "-published_at", "-pk")


def highlight(text, words):
    """``text`` escaped, with each of ``words`` wrapped in ``<mark>``."""
    if not words:
        return escape(text)
    pattern = re.compile(
        "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of the reader's text was escaped above


def snippet(article, words):
    """A short passage of the article around the first matching word, highlighted."""
    text = " ".join(strip_tags(article.body).split())
    if article.standfirst and any(w.casefold() in article.standfirst.casefold() for w in words):
        text = article.standfirst
    lowered = text.casefold()
    positions = [lowered.find(word.casefold()) for word in words if word.casefold() in lowered]
    start = max(0, min(positions) - SNIPPET_CHARS // 3) if positions else 0
    if start:
        start = text.find(" ", start) + 1 or start
    passage = text[start : start + SNIPPET_CHARS]
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_CHARS < len(text) else ""
    return mark_safe(f"{prefix}{highlight(passage, words)}{suffix}")  # highlight() escapes
