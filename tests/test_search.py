"""Search: full-text on PostgreSQL, a simpler word match elsewhere, one results page for both.

CI runs this file on SQLite and on PostgreSQL; where the two differ, a test says what each
database should do rather than skipping on one of them.
"""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Topic
from articles.search import passage, query_words, refresh_search_vectors, search_articles

ON_POSTGRESQL = connection.vendor == "postgresql"


def found(query):
    return [article.headline for article in search_articles(Article.objects.published(), query)]


def page(client, query):
    return client.get(reverse("articles:search"), {"q": query})


def test_english_words_are_found_in_other_forms_on_postgresql(make_article):
    """Readers type "programmes" for a story saying "programme"; stemming finds it."""
    make_article(headline="State plan", body="<p>The programme to fight extremism is in its third year.</p>")
    make_article(headline="Other", body="<p>Nothing of the kind.</p>")
    assert found("programme") == ["State plan"]
    assert found("programmes") == (["State plan"] if ON_POSTGRESQL else [])


def test_author_and_topic_names_are_searched_on_postgresql(make_article, make_author, make_topic):
    """A reader looking for a correspondent or a subject finds the stories under it."""
    author = make_author(name="Ksenia Bondal")
    topic = make_topic(name="Rehabilitation")
    make_article(headline="Bylined", authors=[author])
    make_article(headline="Tagged", topics=[topic])
    assert found("Bondal") == (["Bylined"] if ON_POSTGRESQL else [])
    assert found("rehabilitation") == (["Tagged"] if ON_POSTGRESQL else [])


def test_headline_matches_rank_above_standfirst_and_body_matches(make_article):
    """The story about a thing comes before stories that only mention it."""
    make_article(headline="Body", body="<p>Inmates returned to their families.</p>")
    make_article(headline="Inmates return home", body="<p>A long story.</p>")
    make_article(headline="Standfirst", standfirst="Inmates are coming home.", body="<p>Text.</p>")
    assert found("inmates") == ["Inmates return home", "Standfirst", "Body"]


def test_equal_matches_come_newest_first(make_article):
    """Ties are broken by publication time, as on every other list."""
    older = make_article(headline="Older prison story")
    make_article(headline="Newer prison story")
    older.published_at -= timedelta(days=365)
    older.save()
    assert found("prison story") == ["Newer prison story", "Older prison story"]


def test_every_word_must_match(make_article):
    """Adding a word narrows the results, on either database."""
    make_article(headline="Women and extremism")
    make_article(headline="Extremism in prisons")
    assert found("extremism women") == ["Women and extremism"]


def test_queries_without_words_find_nothing(make_article):
    """Punctuation alone is not a search."""
    make_article(headline="Anything")
    assert found("") == []
    assert found(" -!& ") == []


def test_odd_syntax_is_read_as_words_never_as_an_error(client, make_article):
    """Unbalanced quotes and operators are what readers type; they must not cause a 500."""
    make_article(headline="Anything at all")
    assert found('"anything') == ["Anything at all"]
    assert found("anything & | ! (") == ["Anything at all"]
    assert page(client, "') OR 1=1 -- & !").status_code == 200
    assert page(client, "null\x00byte").status_code == 200  # the form refuses it with a message


def test_other_languages_match_word_for_word(make_article):
    """Russian and Kazakh copy is not stemmed as English, but its words are found."""
    # Lower case in the text too: SQLite ignores case only for ASCII letters.
    make_article(headline="Программы", language=Article.Language.RUSSIAN, body="<p>Новые программы.</p>")
    make_article(
        headline="Бағдарлама", language=Article.Language.KAZAKH, body="<p>Бұл мемлекеттік бағдарлама.</p>"
    )
    assert found("программы") == ["Программы"]
    assert found("программа") == []  # no Russian stemming: another form is another word
    assert found("мемлекеттік бағдарлама") == ["Бағдарлама"]


def test_passage_marks_the_words_and_escapes_the_text(make_article):
    """The passage is the article's text, escaped, with only <mark> added around the words."""
    make_article(
        headline="Escaping",
        body="<p>Tom &amp; Jerry wrote &lt;script&gt;alert(1)&lt;/script&gt; about the programme.</p>",
    )
    article = search_articles(Article.objects.published(), "programme").get()
    shown = passage(article, query_words("programme"))
    assert shown.startswith("Tom &amp; Jerry wrote &lt;script&gt;alert(1)&lt;/script&gt; about the")
    assert "<mark>programme</mark>" in shown
    assert "<script>" not in shown and "&amp;amp;" not in shown
    assert hasattr(article, "search_headline") == ON_POSTGRESQL


def test_results_page_shows_passages_the_same_way(client, make_article):
    """The page lists each result with its marked passage, whichever database chose it."""
    make_article(headline="Paragraphs", body="<p>First part.</p><p>Inmates went home. More follows.</p>")
    html = page(client, "inmates").content.decode()
    assert "1 story found." in html
    assert '<p class="snippet">First part. <mark>Inmates</mark> went home. More follows.</p>' in html


def test_stories_found_by_a_name_show_the_start_of_their_text(make_article, make_topic):
    """A story found only by its topic still shows a passage: the beginning of its standfirst."""
    make_article(headline="Tagged", standfirst="What this is about.", topics=[make_topic(name="Prisons")])
    results = list(search_articles(Article.objects.published(), "prisons"))
    if ON_POSTGRESQL:
        assert passage(results[0], ["prisons"]).startswith("What this is about. Paragraph of article")
    else:
        assert results == []


def test_saving_keeps_the_index_up_to_date(make_article, make_author):
    """An edited headline, a renamed author and a new byline are searchable at once."""
    author = make_author(name="Aydar Ibragimov")
    article = make_article(headline="Before")
    article.headline = "Afterwards"
    article.save()
    assert found("afterwards") == ["Afterwards"]
    assert found("before") == []
    article.byline.create(author=author, position=1)
    author.name = "Aydar Ibraimov"
    author.save()
    assert found("Ibraimov") == (["Afterwards"] if ON_POSTGRESQL else [])
    assert found("Ibragimov") == []


def test_refresh_search_vectors_counts_rows_on_postgresql_only(make_article):
    """The signals and the command rely on the count; elsewhere there is nothing to refresh."""
    first, _second = make_article(), make_article()
    assert refresh_search_vectors([first.pk]) == (1 if ON_POSTGRESQL else 0)
    assert refresh_search_vectors() == (2 if ON_POSTGRESQL else 0)
    assert refresh_search_vectors([]) == 0
    assert Article.objects.filter(search_vector__isnull=False).count() == (2 if ON_POSTGRESQL else 0)


def test_update_search_index_fills_missing_vectors(make_article):
    """Rows that were never indexed (a bulk load, an old copy of the data) can be filled in."""
    make_article(headline="Indexed")
    make_article(headline="Loaded without saving")
    Article.objects.filter(headline__startswith="Loaded").update(search_vector=None)
    out = StringIO()
    call_command("update_search_index", "--missing", stdout=out)
    if ON_POSTGRESQL:
        assert out.getvalue() == "Indexed 1 article(s) that were not indexed yet.\n"
        assert found("loaded") == ["Loaded without saving"]
        out = StringIO()
        call_command("update_search_index", stdout=out)
        assert out.getvalue() == "Indexed 2 article(s).\n"
    else:
        assert out.getvalue() == "Full-text search needs PostgreSQL; nothing to do.\n"


def test_search_vector_is_never_serialized(make_article):
    """Fixtures must be the same on every database, so the derived vector stays out of them."""
    article = make_article()
    (data,) = json.loads(serializers.serialize("json", [article]))
    assert "search_vector" not in data["fields"]


def test_gin_index_exists_on_postgresql_only(db):
    """Migration 0009 creates the index where it works and leaves other databases alone."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Article._meta.db_table)
    index = constraints.get("article_search_vector")
    if ON_POSTGRESQL:
        assert index["type"] == "gin" and index["columns"] == ["search_vector"]
    else:
        assert index is None


@pytest.mark.parametrize("query", ["prison", "prisons"])
def test_search_page_query_count_does_not_grow_with_results(
    client, make_article, make_author, make_topic, django_assert_max_num_queries, query
):
    """The passage comes with the results: no query per result, with bylines and topics."""
    author, topic = make_author(), make_topic()
    for n in range(5):
        make_article(headline=f"Prison story {n}", authors=[author], topics=[topic])
    with django_assert_max_num_queries(8):
        response = page(client, query)
    assert len(response.context["results"]) == (5 if ON_POSTGRESQL or query == "prison" else 0)


def test_demo_content_is_searchable_once_loaded(demo_content):
    """Loading fixtures indexes the articles with their bylines: no separate step for operators.
    (Among the English stories: the demo's Russian and Uzbek translations share the byline.)"""

    def found(query):
        english = Article.objects.published().filter(language="en")
        return [article.headline for article in search_articles(english, query, language="en")]

    assert len(found("radicalisation")) == 2
    assert found("Bondal") == (
        ["Kazakh specialists focus more attention on radicalisation of women"] if ON_POSTGRESQL else []
    )
    assert len(found("programmes")) == (1 if ON_POSTGRESQL else 0)


def test_a_word_in_most_of_the_archive_ranks_only_its_newest_matches(make_article, monkeypatch):
    """Ranking stops at the newest RANKED_MATCHES stories that match; within them the best come first."""
    from articles import search

    monkeypatch.setattr(search, "RANKED_MATCHES", 3)
    now = timezone.now()
    make_article(
        headline="Drought in the headline, oldest", body="<p>Dry.</p>", published_at=now - timedelta(days=9)
    )
    make_article(headline="Newest", body="<p>A drought again.</p>", published_at=now - timedelta(days=1))
    make_article(
        headline="Second newest", body="<p>The drought goes on.</p>", published_at=now - timedelta(days=2)
    )
    make_article(headline="Unrelated, in between", body="<p>Rain.</p>", published_at=now - timedelta(days=3))
    make_article(headline="Drought in the headline", body="<p>Dry.</p>", published_at=now - timedelta(days=4))
    assert found("drought") == ["Drought in the headline", "Newest", "Second newest"]


def test_a_word_beyond_the_passage_source_is_still_highlighted(make_article):
    """The database picks passages from the start of the text only; a story mentioning the
    word later gets its passage from the whole text, the word marked."""
    from articles.search import PASSAGE_SOURCE_CHARS

    filler = "<p>" + "Nothing to see in this paragraph. " * (PASSAGE_SOURCE_CHARS // 30) + "</p>"
    make_article(headline="Long", body=filler + "<p>At last the reservoir overflowed.</p>")
    results = list(search_articles(Article.objects.published(), "reservoir"))
    assert [article.headline for article in results] == ["Long"]
    shown = passage(results[0], ["reservoir"])
    assert "<mark>reservoir</mark> overflowed" in shown
    assert shown.startswith("… ")


@pytest.mark.parametrize(
    ("chars", "text"),
    [
        (14, "alpha beta"),  # "<p>alpha beta<": the cut tag goes
        (12, "alpha"),  # "<p>alpha bet": the cut word goes
        (500, "alpha beta gamma"),  # nothing cut
    ],
)
def test_the_passage_source_ends_on_a_whole_word(make_article, chars, text):
    """On PostgreSQL the database picks passages from a cut of the text; elsewhere Python does."""
    from articles.search import _body_text

    make_article(headline="Cut", body="<p>alpha beta</p><p>gamma</p>")
    if ON_POSTGRESQL:
        source = Article.objects.annotate(source=_body_text(chars)).values_list("source", flat=True).get()
        assert " ".join(source.split()) == text
    else:
        (result,) = search_articles(Article.objects.published(), "alpha")
        assert not hasattr(result, "search_headline")
        assert passage(result, ["alpha"]) == "<mark>alpha</mark> beta gamma"


def test_a_search_page_filtered_by_date_alone_lists_stories(client, make_article):
    make_article(headline="Dated")
    response = client.get(reverse("articles:search"), {"date_from": "2000-01-01"})
    assert response.status_code == 200


def test_the_same_story_gets_the_same_search_vector_whatever_order_its_names_were_added(
    make_article, make_topic
):
    """Names are put in the vector in name order, not in the order their rows are read (a
    dump loaded into another database gives the topics new ids, in another order)."""
    article = make_article(headline="Same", body="<p>Same text.</p>")
    article.topics.add(make_topic(name="Women", slug="women"), make_topic(name="Terrorism", slug="terrorism"))
    refresh_search_vectors([article.pk])
    before = Article.objects.values_list("search_vector", flat=True).get(pk=article.pk)
    article.topics.clear()
    Topic.objects.all().delete()
    # The same topics again, made in the other order.
    article.topics.add(make_topic(name="Terrorism", slug="terrorism"), make_topic(name="Women", slug="women"))
    refresh_search_vectors([article.pk])
    after = Article.objects.values_list("search_vector", flat=True).get(pk=article.pk)
    if ON_POSTGRESQL:
        assert after == before and "terror" in after
    else:
        assert before is None and after is None
