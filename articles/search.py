"""Searching published articles: one function, whichever database is underneath.

On PostgreSQL each article keeps a stored, indexed search vector: its headline weighs
most, then its standfirst and the names of its authors and topics, then its body; English
copy is stemmed ("programme" finds "programmes"), other languages are matched word for
word. ``refresh_search_vectors`` rebuilds the vectors; the database ranks the results and
picks the highlighted passage.

Elsewhere (SQLite in development) every word must appear in the headline, standfirst or
body, results are ranked by where the words appear (headline first) and the passage is
picked in Python. Either way the results page looks the same.
"""

import html
import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat, Left
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article, ArticleAuthor, TaggedArticle

MAX_WORDS = 8
SNIPPET_CHARS = 240
_WORD = re.compile(r"\w[\w'’-]*", re.UNICODE)
_TAG = re.compile(r"<[^>]*>")
# Tags, and whatever the cut leaves half done at the end (a tag, a word).
_TAG_OR_CUT_END = r"<[^>]*(>|$)|[^\s<>]+$"
# The passage is picked from the standfirst and this much of the body: ts_headline parses
# all the text it is given (at 5,000 characters a story, 0.7 ms each on PostgreSQL). A
# story whose match lies further in gets its passage from ``snippet``, which reads it all.
PASSAGE_SOURCE_CHARS = 1500

# ts_headline marks matches with these control characters rather than with HTML, so the
# passage can be escaped in full before <mark> is put in (see ``_marked_passage``).
_START, _STOP = "\x02", "\x03"
_MARKED = re.compile(f"{_START}([^{_START}{_STOP}]*){_STOP}")


def full_text_search_available():
    """Whether the database does full-text search (PostgreSQL); elsewhere a simpler match."""
    return connection.vendor == "postgresql"


def query_words(query):
    """The words of a reader's query, at most MAX_WORDS, in order, without repeats."""
    words = []
    for word in _WORD.findall(query or ""):
        if word.casefold() not in (w.casefold() for w in words):
            words.append(word)
    return words[:MAX_WORDS]


def search_articles(queryset, query):
    """``queryset`` narrowed to articles matching ``query``, best first, as ``search_rank``.

    On PostgreSQL each article also carries ``search_headline``, the passage that matched
    (see ``passage``). A query without words finds nothing.
    """
    words = query_words(query)
    if not words:
        return queryset.none()
    if full_text_search_available():
        return _full_text_search(queryset, query)
    return _word_search(queryset, words)


RANKED_MATCHES = 1000  # more than pagination.MATCHES_LIMIT, so the count can say "more than"


def _newest_matches(queryset, condition):
    """``queryset`` narrowed to the newest ``RANKED_MATCHES`` stories meeting ``condition``.

    Only those are ranked. A word found in most of the archive would otherwise be ranked in
    every story that has it before the first page could be shown (at 100,000 stories, most
    of a second); a news search then shows the best of the recent stories, and readers
    narrow it with more words or dates. The newest-first index finds them without a sort.
    """
    newest = queryset.filter(condition).order_by("-published_at", "-pk").values("pk")[:RANKED_MATCHES]
    return queryset.filter(pk__in=newest)


def _ranked_count():
    """How many stories are ranked, carried by each row (a window over the whole list), so a
    results page needs no second query to say how many it found."""
    return Window(Count("pk"))


# PostgreSQL


def _text_search_config():
    """Per article: stemmed English for English copy, ``simple`` (no stemming) for the rest."""
    return Case(
        When(language=Article.Language.ENGLISH, then=Value("english")),
        default=Value("simple"),
        output_field=TextField(),
    )


def _body_text(chars=None):
    """The body with its HTML tags replaced by spaces, so paragraphs do not run together;
    with ``chars``, its first ``chars`` characters only, without a tag or word cut in two."""
    body = F("body") if chars is None else Left(F("body"), chars)
    return Func(
        body,
        Value(_TAG.pattern if chars is None else _TAG_OR_CUT_END),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def _names(model, article_field, name_field):
    """The names linked to each article through ``model``, space-separated and in name order
    (so the same article always gets the same vector, whatever order the rows are read in),
    as a subquery."""
    rows = model.objects.filter(**{article_field: OuterRef("pk")}).order_by().values(article_field)
    names = StringAgg(name_field, " ", order_by=(name_field, "pk"))
    return Subquery(rows.annotate(names=names).values("names"), output_field=TextField())


def refresh_search_vectors(article_ids=None):
    """Rebuild the stored search vector of these articles (all when ``None``); rows updated.

    One UPDATE: the headline weighs most (A), then the standfirst and the names of the
    article's authors and topics (B), then the body without its tags (C). Does nothing
    (and returns 0) off PostgreSQL. Migration 0009 fills the vectors with the same rules.
    """
    if not full_text_search_available():
        return 0
    articles = Article.objects.all()
    if article_ids is not None:
        article_ids = list(article_ids)
        if not article_ids:
            return 0
        articles = articles.filter(pk__in=article_ids)
    config = _text_search_config()
    vector = (
        SearchVector("headline", config=config, weight="A")
        + SearchVector("standfirst", config=config, weight="B")
        + SearchVector(
            _names(ArticleAuthor, "article", "author__name"),
            _names(TaggedArticle, "content_object", "tag__name"),
            config=config,
            weight="B",
        )
        + SearchVector(_body_text(), config=config, weight="C")
    )
    return articles.update(search_vector=vector)


def _full_text_search(queryset, query):
    # Web-search syntax ("quoted phrase", or, -word) never raises on odd input. The query is
    # read both ways: stemmed English finds English copy, ``simple`` finds every language.
    search = SearchQuery(query, search_type="websearch", config="english") | SearchQuery(
        query, search_type="websearch", config="simple"
    )
    document = Concat(F("standfirst"), Value(" "), _body_text(PASSAGE_SOURCE_CHARS), output_field=TextField())
    return (
        _newest_matches(queryset, Q(search_vector=search))
        .defer("search_vector")  # as long as the text itself, and no page shows it
        .annotate(
            search_rank=SearchRank(F("search_vector"), search),
            search_matches=_ranked_count(),
            search_headline=SearchHeadline(
                document,
                search,
                config=_text_search_config(),
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=20,
            ),
        )
        .order_by(F("search_rank").desc(), F("published_at").desc(nulls_last=True), "-pk")
    )


# Any other database


def _word_search(queryset, words):
    rank = Value(0, output_field=IntegerField())
    every_word = Q()
    for word in words:
        every_word &= Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
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
    ranked = _newest_matches(queryset, every_word).annotate(search_rank=rank, search_matches=_ranked_count())
    return ranked.order_by("-search_rank", "-published_at", "-pk")


# The passage shown under each result


def passage(article, words):
    """The highlighted passage for a search result: the database's, unless the words lie
    beyond the text it looked at (PASSAGE_SOURCE_CHARS); then one found in Python. A story
    found by its byline or topics alone shows the start of its text."""
    marked = getattr(article, "search_headline", None)
    if marked and _START in marked:
        return _marked_passage(article, marked)
    body = _plain_text(article.body)  # read once, for the check and for the snippet
    if marked and not _mentions(body, words):
        return _marked_passage(article, marked)
    return _snippet(article, words, body)


def _mentions(text, words):
    text = text.casefold()
    return any(word.casefold() in text for word in words)


def _plain_text(text):
    """Readable text from HTML or a ts_headline passage: no tags, no markers, one space."""
    text = _TAG.sub(" ", text or "").replace(_START, "").replace(_STOP, "")
    return " ".join(html.unescape(text).split())


def _marked_passage(article, marked):
    """A ts_headline passage as safe HTML: all of it escaped, then <mark> around the matches.

    Ellipses show where the passage starts or ends inside the text, as in ``snippet``.
    """
    text = escape(" ".join(html.unescape(marked).split()))
    text = _MARKED.sub(r"<mark>\1</mark>", text).replace(_START, "").replace(_STOP, "")
    document, shown = _plain_text(f"{article.standfirst} {article.body}"), _plain_text(marked)
    prefix = "" if document.startswith(shown) else "… "
    suffix = "" if document.endswith(shown) else " …"
    return mark_safe(f"{prefix}{text}{suffix}")  # the passage was escaped above


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
    return _snippet(article, words, _plain_text(article.body))


def _snippet(article, words, body):
    text = body
    if article.standfirst and any(w.casefold() in article.standfirst.casefold() for w in words):
        text = article.standfirst
    lowered = text.casefold()
    positions = [lowered.find(word.casefold()) for word in words if word.casefold() in lowered]
    start = max(0, min(positions) - SNIPPET_CHARS // 3) if positions else 0
    if start:
        start = text.find(" ", start) + 1 or start
    excerpt = text[start : start + SNIPPET_CHARS]
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_CHARS < len(text) else ""
    return mark_safe(f"{prefix}{highlight(excerpt, words)}{suffix}")  # highlight() escapes
