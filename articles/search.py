"""Searching published articles: one function, whichever database is underneath.

On PostgreSQL each article keeps a stored, indexed search vector: its headline weighs
most, then its standfirst and the names of its authors and topics, then its body.
``refresh_search_vectors`` rebuilds the vectors; the database ranks the results and picks
the highlighted passage.

Elsewhere (SQLite in development) every word must appear in the headline, standfirst or
body, results are ranked by where the words appear (headline first) and the passage is
picked in Python. Either way the results page looks the same.

Each language by its own rules
------------------------------
A story's vector is made with its language's text search configuration
(``TEXT_SEARCH_CONFIGS``), all three of which come with PostgreSQL (no migration, no
extension):

* English: ``english``, Snowball stemming and stop words ("programme" finds "programmes").
* Russian: ``russian``, Snowball stemming and stop words ("статья" finds "статьи" and
  "статей"; ё is read as е). Its vector holds every word as written too (``simple``), so a
  word typed exactly as the story has it is found whatever rules the query was read with
  (a search across languages, the ``simple`` reading of a mixed query), and ranks above
  other forms of it.
* Kazakh, Kyrgyz, Tajik, Uzbek and Turkmen: ``simple``, lower-cased words as written, no
  stemming and no stop words. PostgreSQL has no stemmer or stop list for them. The Turkish
  Snowball stemmer was left out: its suffixes and stop words are Turkish, and it would
  shorten Turkmen, Uzbek and Kazakh words by another language's grammar. So was
  ``unaccent``: an extension to install, whose rules know none of the Kazakh, Kyrgyz or
  Tajik letters and would merge Turkmen letters that are different letters (ş and s, ý and
  y, ň and n). A reader types the word as the story spells it, in any case.

Two scripts
-----------
Kazakh stories are written in Cyrillic and read in Latin too (the kk-latn pages), Uzbek
stories the other way round (uz-cyrl); ``languages.transliteration`` turns one into the
other. The vector of a Kazakh or Uzbek story also holds all of its text in the other script,
at the same weights, exactly as the script variant's pages show it ("Qazaqstan" finds
"Қазақстан", "Тошкент" finds "Toshkent"). A story written in the other script (an Uzbek
story in Cyrillic) gets the Latin copy instead. The copy is made in Python when the vector
is written, a batch of stories per UPDATE.

The query is read in both scripts as well: as typed, transliterated both ways and back
(which also evens out the apostrophes of Uzbek: o'zbek, o‘zbek and oʻzbek are one word in
Cyrillic), all OR-ed. So the passage, which ts_headline picks from the story's real text,
marks the words in the script the text is written in.

The query's rules
-----------------
Given the page's language (``search_articles(..., language="ru")``) the query is read with
that language's configuration, OR-ed with ``simple`` (word for word), so a Russian query is
stemmed by Russian rules and a word from another language still matches as written.
Without a language (a search across every language) it is read as English and word for
word.
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat, Left
from django.utils.html import escape
from django.utils.safestring import mark_safe

from languages import transliteration
from languages.codes import VARIANT_OF

from .body import TAG, plain_text
from .models import Article, ArticleAuthor, Author, TaggedArticle, Topic

MAX_WORDS = 8
SNIPPET_CHARS = 240
_WORD = re.compile(r"\w[\w'’-]*", re.UNICODE)
# Tags, and whatever the cut leaves half done at the end (a tag, a word).
_TAG_OR_CUT_END = r"<[^>]*(>|$)|[^\s<>]+$"
# The passage is picked from the standfirst and this much of the body: ts_headline parses
# all the text it is given (at 5,000 characters a story, 0.7 ms each on PostgreSQL). A
# story whose match lies further in gets its passage from ``_snippet``, which reads it all.
PASSAGE_SOURCE_CHARS = 1500

# ts_headline marks matches with these control characters rather than with HTML, so the
# passage can be escaped in full before <mark> is put in (see ``_marked_passage``).
_START, _STOP = "\x02", "\x03"
_MARKED = re.compile(f"{_START}([^{_START}{_STOP}]*){_STOP}")


# How each language's stories are indexed and its queries read (see the module's docstring).
TEXT_SEARCH_CONFIGS = {
    Article.Language.ENGLISH: "english",
    Article.Language.RUSSIAN: "russian",
    Article.Language.KAZAKH: "simple",
    Article.Language.KYRGYZ: "simple",
    Article.Language.TAJIK: "simple",
    Article.Language.UZBEK: "simple",
    Article.Language.TURKMEN: "simple",
}
WORD_FOR_WORD = "simple"
# Stemmed languages whose vector also holds every word as written.
ALSO_WORD_FOR_WORD = (Article.Language.RUSSIAN,)
# Languages written in two scripts: (to Latin, to Cyrillic).
SCRIPTS = {
    Article.Language.KAZAKH: (transliteration.kk_cyrillic_to_latin, transliteration.kk_latin_to_cyrillic),
    Article.Language.UZBEK: (transliteration.uz_cyrillic_to_latin, transliteration.uz_latin_to_cyrillic),
}
# Websearch's "or" between two words: left as it is when a query is transliterated.
_OR = re.compile(r"(?<!\S)(or)(?!\S)", re.IGNORECASE)
_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


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


def search_articles(queryset, query, language=None):
    """``queryset`` narrowed to articles matching ``query``, best first, as ``search_rank``.

    ``language`` is the language of the stories searched (the page's: "ru", or a script
    variant such as "uz-cyrl"); the query is read by its rules. Without it, as English and
    word for word. Kazakh and Uzbek words are found in either script, and with no language
    so are those of any story.

    On PostgreSQL each article also carries ``search_headline``, the passage that matched
    (see ``passage``). A query without words finds nothing.
    """
    language = _content_language(language)
    words = query_words(query)
    if not words:
        return queryset.none()
    if full_text_search_available():
        return _full_text_search(queryset, query, language)
    return _word_search(queryset, words, language)


def _content_language(language):
    if not language:
        return None
    language = VARIANT_OF.get(language, language)
    if language not in TEXT_SEARCH_CONFIGS:
        raise ValueError(f"No search rules for the language {language!r}.")
    return language


def script_forms(text, language=None):
    """``text`` as typed, then in the other script of ``language`` (Kazakh, Uzbek) and back
    again, without repeats; with no language, in those of both. Other languages have one
    script: ``[text]``.

    Back again evens out what one script writes in several ways: o'zbek, o‘zbek and oʻzbek
    are all ўзбек in Cyrillic, and oʻzbek again in Latin.
    """
    scripts = [pair for code, pair in SCRIPTS.items() if language in (None, code)]
    forms = [text]
    for to_latin, to_cyrillic in scripts:
        cyrillic, latin = _convert(to_cyrillic, text), _convert(to_latin, text)
        for form in (cyrillic, latin, _convert(to_latin, cyrillic), _convert(to_cyrillic, latin)):
            if form not in forms:
                forms.append(form)
    return forms


def _convert(convert, text):
    """``text`` transliterated, websearch's "or" kept (it would become "ор", a word)."""
    parts = _OR.split(text)  # the "or"s at odd places
    return "".join(part if index % 2 else convert(part) for index, part in enumerate(parts))


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
    """Per article: its language's configuration (``TEXT_SEARCH_CONFIGS``)."""
    return Case(
        *(When(language=language, then=Value(config)) for language, config in TEXT_SEARCH_CONFIGS.items()),
        default=Value(WORD_FOR_WORD),
        output_field=TextField(),
    )


def _body_text(chars=None):
    """The body with its HTML tags replaced by spaces, so paragraphs do not run together;
    with ``chars``, its first ``chars`` characters only, without a tag or word cut in two."""
    body = F("body") if chars is None else Left(F("body"), chars)
    return Func(
        body,
        Value(TAG.pattern if chars is None else _TAG_OR_CUT_END),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


# Stories whose texts are read back for their other script: this many to an UPDATE.
SCRIPT_BATCH = 500
# Article ids given to ``refresh_search_vectors``: this many to an UPDATE.
REFRESH_BATCH = 2000


def refresh_search_vectors(article_ids=None):
    """Rebuild the stored search vector of these articles (all when ``None``); rows updated.

    The headline weighs most (A), then the standfirst and the names of the article's
    authors and topics (B: their working names, and their names in the story's language
    where those differ), then the body without its tags (C); each with the story's
    language's rules (``TEXT_SEARCH_CONFIGS``), a Russian story's also word for word.

    One UPDATE per batch of stories, which hands back the texts of Kazakh and Uzbek stories;
    when a batch has any, a second UPDATE adds those texts in their other script, made in
    Python. An English story saved is one query. Does nothing (and returns 0) off
    PostgreSQL. Vectors written by older rules (migration 0009's) are rebuilt by
    ``manage.py update_search_index``.
    """
    if not full_text_search_available():
        return 0
    two_scripts = [str(language) for language in SCRIPTS]
    count = 0
    # No savepoint: inside a transaction it would cost two queries a save; either way a
    # story's vector is written whole or not at all.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if article_ids is None:
            # Stories in one script at once; the others in batches, their texts read back.
            count += _write_vectors(cursor, "NOT (story.language = ANY(%s))", [two_scripts], read_back=False)
            last = 0
            while True:
                condition = (
                    f"story.id IN (SELECT id FROM {_ARTICLE} WHERE language = ANY(%s) AND id > %s "
                    "ORDER BY id LIMIT %s)"
                )
                rows = _write_vectors(cursor, condition, [two_scripts, last, SCRIPT_BATCH])
                if not rows:
                    break
                count += len(rows)
                _add_other_script(cursor, rows)
                last = max(row[0] for row in rows)
            return count
        article_ids = list(article_ids)
        for start in range(0, len(article_ids), REFRESH_BATCH):
            rows = _write_vectors(cursor, "story.id = ANY(%s)", [article_ids[start : start + REFRESH_BATCH]])
            count += len(rows)
            _add_other_script(cursor, rows)
    return count


def _column(model, field):
    return f'"{model._meta.get_field(field).column}"'


_ARTICLE = f'"{Article._meta.db_table}"'


def _names_sql():
    """SQL for each story's names (``story`` is the article): its authors' and topics', in
    name order (so the same story always gets the same vector, whatever order the rows are
    read in), each with its name in the story's language after it where that differs."""
    byline, author = f'"{ArticleAuthor._meta.db_table}"', f'"{Author._meta.db_table}"'
    link, topic = f'"{TaggedArticle._meta.db_table}"', f'"{Topic._meta.db_table}"'
    name = f"author.{_column(Author, 'name')}"
    topic_name = f"topic.{_column(Topic, 'name')}"

    def in_language(model, table, field, working):
        # The language codes are this module's constants, written into the SQL as they are.
        whens = " ".join(
            f"WHEN '{language}' THEN {table}.{_column(model, f'{field}_{language}')}"
            for language in TEXT_SEARCH_CONFIGS
        )
        own = f"(CASE story.language {whens} END)"
        return f"concat_ws(' ', {working}, CASE WHEN lower({own}) <> lower({working}) THEN {own} END)"

    authors = (
        f"(SELECT string_agg({in_language(Author, 'author', 'name', name)}, ' ' ORDER BY {name}, author.id) "
        f"FROM {byline} AS byline JOIN {author} AS author ON author.id = byline.{_column(ArticleAuthor, 'author')} "
        f"WHERE byline.{_column(ArticleAuthor, 'article')} = story.id)"
    )
    topics = (
        f"(SELECT string_agg({in_language(Topic, 'topic', 'title', topic_name)}, ' ' ORDER BY {topic_name}, topic.id) "
        f"FROM {link} AS link JOIN {topic} AS topic ON topic.id = link.{_column(TaggedArticle, 'tag')} "
        f"WHERE link.{_column(TaggedArticle, 'content_object')} = story.id)"
    )
    return f"concat_ws(' ', {authors}, {topics})"


def _config_sql(language_sql):
    """SQL for the configuration of a story in ``language_sql``, and its parameters."""
    whens = " ".join("WHEN %s THEN %s" for _ in TEXT_SEARCH_CONFIGS)
    params = [value for language, config in TEXT_SEARCH_CONFIGS.items() for value in (str(language), config)]
    return f"(CASE {language_sql} {whens} ELSE %s END)::regconfig", [*params, WORD_FOR_WORD]


def _weighted(config, headline, standfirst, names, body):
    """SQL for a vector of the four parts (SQL expressions of text), with their weights."""
    return " || ".join(
        f"setweight(to_tsvector({config}, coalesce({text}, '')), '{weight}')"
        for text, weight in ((headline, "A"), (standfirst, "B"), (names, "B"), (body, "C"))
    )


def _write_vectors(cursor, condition, params, read_back=True):
    """One UPDATE of the vectors of the stories meeting ``condition`` (SQL on ``story``).

    With ``read_back``, a row for each story written: its id, and for a Kazakh or Uzbek
    story its language, headline, standfirst, names and body (else None); without, the
    number of stories written.
    """
    config, config_params = _config_sql("story.language")
    headline, standfirst = (
        f"article.{_column(Article, 'headline')}",
        f"article.{_column(Article, 'standfirst')}",
    )
    body = f"regexp_replace(coalesce(article.{_column(Article, 'body')}, ''), %s, ' ', 'g')"
    parts = (headline, standfirst, "source.names", body)
    vector = _weighted("source.config", *parts)
    as_written = _weighted(f"'{WORD_FOR_WORD}'", *parts)
    also = f"CASE WHEN source.word_for_word_too THEN {as_written} ELSE ''::tsvector END"
    sql = (
        f"UPDATE {_ARTICLE} AS article SET {_column(Article, 'search_vector')} = {vector} || {also} "
        f"FROM (SELECT story.id, {config} AS config, story.language = ANY(%s) AS word_for_word_too, "
        f"story.language = ANY(%s) AS two_scripts, {_names_sql()} AS names "
        f"FROM {_ARTICLE} AS story WHERE {condition}) AS source "
        "WHERE article.id = source.id"
    )
    all_params = [
        TAG.pattern,  # the body's in ``vector``
        TAG.pattern,  # and in ``also``
        *config_params,
        [str(language) for language in ALSO_WORD_FOR_WORD],
        [str(language) for language in SCRIPTS],
        *params,
    ]
    if not read_back:
        cursor.execute(sql, all_params)
        return cursor.rowcount
    texts = ", ".join(
        f"CASE WHEN source.two_scripts THEN {text} END"
        for text in (
            "article.language",
            headline,
            standfirst,
            "source.names",
            f"article.{_column(Article, 'body')}",
        )
    )
    cursor.execute(f"{sql} RETURNING article.id, {texts}", all_params)
    return cursor.fetchall()


def _add_other_script(cursor, rows):
    """One UPDATE adding to the vectors of the Kazakh and Uzbek stories among ``rows`` (as
    ``_write_vectors`` reads them back) their texts in the other script."""
    ids, texts = [], [[], [], [], []]
    for article_id, language, *own in rows:
        if language is None:
            continue
        ids.append(article_id)
        for column, text in zip(texts, _other_script(language, *own), strict=True):
            column.append(text)
    if not ids:
        return
    config, config_params = _config_sql("article.language")
    vector = _weighted(config, "source.headline", "source.standfirst", "source.names", "source.body")
    cursor.execute(
        f"UPDATE {_ARTICLE} AS article SET {_column(Article, 'search_vector')} = "
        f"article.{_column(Article, 'search_vector')} || {vector} "
        "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[]) "
        "AS source(id, headline, standfirst, names, body) WHERE article.id = source.id",
        [*config_params * 4, ids, *texts],
    )


def _other_script(language, headline, standfirst, names, body):
    """A Kazakh or Uzbek story's headline, standfirst, names and body (HTML) in the other
    script than the one it is mostly written in: its body as plain text, and a part that
    has nothing to change as "" (its words are in the vector already)."""
    to_latin, to_cyrillic = SCRIPTS[language]
    texts = [headline or "", standfirst or "", names or "", plain_text(body)]
    whole = " ".join(texts)
    mostly_cyrillic = len(_CYRILLIC_LETTER.findall(whole)) > len(_LATIN_LETTER.findall(whole))
    convert = to_latin if mostly_cyrillic else to_cyrillic
    return [converted if (converted := convert(text)) != text else "" for text in texts]


def _search_query(query, language):
    """The query read with the language's rules (English without one) and word for word,
    and in its other scripts, OR-ed."""
    configs = [TEXT_SEARCH_CONFIGS[language] if language else TEXT_SEARCH_CONFIGS[Article.Language.ENGLISH]]
    if WORD_FOR_WORD not in configs:
        configs.append(WORD_FOR_WORD)
    # Web-search syntax ("quoted phrase", or, -word) never raises on odd input.
    readings = [SearchQuery(query, search_type="websearch", config=config) for config in configs]
    readings += [
        SearchQuery(form, search_type="websearch", config=WORD_FOR_WORD)
        for form in script_forms(query, language)[1:]
    ]
    search = readings[0]
    for reading in readings[1:]:
        search |= reading
    return search


def _full_text_search(queryset, query, language):
    search = _search_query(query, language)
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


def _word_search(queryset, words, language):
    """Every word in the headline, standfirst or body, as typed or in another script."""
    rank = Value(0, output_field=IntegerField())
    every_word = Q()
    for word in words:
        forms = _match_forms(word, language)
        found = {field: Q() for field in ("headline", "standfirst", "body")}
        for field in found:
            for form in forms:
                found[field] |= Q(**{f"{field}__icontains": form})
        every_word &= found["headline"] | found["standfirst"] | found["body"]
        for field, points in (("headline", 4), ("standfirst", 2), ("body", 1)):
            rank = rank + Case(
                When(found[field], then=Value(points)), default=Value(0), output_field=IntegerField()
            )
    ranked = _newest_matches(queryset, every_word).annotate(search_rank=rank, search_matches=_ranked_count())
    return ranked.order_by("-search_rank", "-published_at", "-pk")


def _match_forms(word, language):
    """``word`` in each script, each also lower-cased and capitalised where it has letters
    beyond ASCII: SQLite ignores the case of ASCII letters only, and a transliteration keeps
    the case the reader typed."""
    forms = []
    for form in script_forms(word, language):
        cased = (form,) if form.isascii() else (form, form.lower(), form[:1].upper() + form[1:].lower())
        for each in cased:
            if each not in forms:
                forms.append(each)
    return forms


# The passage shown under each result


def passage(article, words):
    """The highlighted passage for a search result: the database's, unless the words lie
    beyond the text it looked at (PASSAGE_SOURCE_CHARS); then one found in Python. A story
    found by its byline or topics alone shows the start of its text. Kazakh and Uzbek words
    are marked in the script the story is written in, whichever the reader typed."""
    words = _in_scripts(words, article.language)
    marked = getattr(article, "search_headline", None)
    if marked and _START in marked:
        return _marked_passage(article, marked)
    body = _plain_text(article.body)  # read once, for the check and for the snippet
    if marked and not _mentions(body, words):
        return _marked_passage(article, marked)
    return _snippet(article, words, body)


def _in_scripts(words, language):
    """``words`` and their forms in the other script of a story in ``language``."""
    forms = []
    for word in words:
        forms += [form for form in script_forms(word, language) if form not in forms]
    return forms


def _mentions(text, words):
    text = text.casefold()
    return any(word.casefold() in text for word in words)


def _plain_text(text):
    """Readable text from HTML or a ts_headline passage: no tags, no markers, one space."""
    return plain_text((text or "").replace(_START, "").replace(_STOP, ""))


def _marked_passage(article, marked):
    """A ts_headline passage as safe HTML: all of it escaped, then <mark> around the matches.

    Ellipses show where the passage starts or ends inside the text, as in ``_snippet``.
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


def _snippet(article, words, body):
    """A short passage of ``body`` (plain text) or the standfirst around the first of
    ``words``, highlighted."""
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
