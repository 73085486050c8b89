"""Search in every language: each story indexed by its language's rules, Kazakh and Uzbek
found in either script, the query read by the page's language.

As in test_search.py, CI runs this file on SQLite and on PostgreSQL and every test runs on
both: where full-text search does more than SQLite's word match (stemming, names, ranking
the other script), a test says what each database should do rather than skipping.
"""

import pytest
from django.db import connection

from articles import search
from articles.models import Article
from articles.search import passage, query_words, refresh_search_vectors, search_articles

ON_POSTGRESQL = connection.vendor == "postgresql"
L = Article.Language


def found(query, language=None):
    results = search_articles(Article.objects.published(), query, language=language)
    return [article.headline for article in results]


def shown(query, language=None):
    """The passage of the only result, as the results page shows it."""
    (article,) = search_articles(Article.objects.published(), query, language=language)
    return passage(article, query_words(query))


def stored_vector(article):
    return Article.objects.values_list("search_vector", flat=True).get(pk=article.pk)


# Each language by its own rules


def test_russian_words_are_found_in_other_forms_on_postgresql(make_article):
    """A Russian page reads the query by Russian rules: "статья" finds "статьи" and "статей"."""
    make_article(headline="Одна", language=L.RUSSIAN, body="<p>Это новая статья о реформе.</p>")
    make_article(headline="Две", language=L.RUSSIAN, body="<p>Две статьи о реформе.</p>")
    make_article(headline="Много", language=L.RUSSIAN, body="<p>Много статей о реформе.</p>")
    make_article(headline="Другое", language=L.RUSSIAN, body="<p>Ничего такого.</p>")
    if ON_POSTGRESQL:
        # The form typed ranks first: the vector holds every word as written too.
        assert found("статья", L.RUSSIAN)[0] == "Одна"
        assert sorted(found("статья", L.RUSSIAN)) == ["Две", "Много", "Одна"]
        assert sorted(found("статей", L.RUSSIAN)) == ["Две", "Много", "Одна"]
    else:
        assert found("статья", L.RUSSIAN) == ["Одна"]  # SQLite matches the letters typed
    # Without the page's language the query is read word for word (and as English).
    assert found("статьи") == ["Две"]


def test_russian_stop_words_still_count(make_article):
    """Russian rules drop "не" from the query; the word-for-word reading keeps it: a query
    of stop words alone finds the stories that have them, and they rank first."""
    make_article(headline="Сдаются", language=L.RUSSIAN, body="<p>Они сдаются.</p>")
    make_article(headline="Не сдаются", language=L.RUSSIAN, body="<p>Они не сдаются.</p>")
    make_article(headline="Так", language=L.RUSSIAN, body="<p>Так и есть.</p>")
    assert found("не", L.RUSSIAN) == ["Не сдаются"]
    assert found("не сдаются", L.RUSSIAN) == (["Не сдаются", "Сдаются"] if ON_POSTGRESQL else ["Не сдаются"])


def test_english_is_still_stemmed(make_article):
    make_article(headline="State plan", body="<p>The programme to fight extremism is in its third year.</p>")
    make_article(headline="План", language=L.RUSSIAN, body="<p>Программа по борьбе с экстремизмом.</p>")
    assert found("programmes", L.ENGLISH) == (["State plan"] if ON_POSTGRESQL else [])
    assert found("programme", L.ENGLISH) == ["State plan"]


def test_a_mixed_query_on_a_russian_page_finds_its_words(make_article):
    """Latin words in a Russian story are matched, beside Russian ones in any form on PostgreSQL."""
    make_article(headline="Хаб", language=L.RUSSIAN, body="<p>Astana Hub открыл новые программы.</p>")
    assert found("Astana Hub", L.RUSSIAN) == ["Хаб"]
    assert found("Astana программа", L.RUSSIAN) == (["Хаб"] if ON_POSTGRESQL else [])


@pytest.mark.parametrize(
    ("language", "text", "query", "other_form"),
    [
        (L.KAZAKH, "Қазақстандағы сайлау өтті", "қазақстандағы", "қазақстан"),
        (L.KYRGYZ, "Бишкектеги жолугушуу аяктады", "жолугушуу", "жолугушууда"),
        (L.TAJIK, "Ҷумҳурии Тоҷикистон ва Ӯзбекистон", "тоҷикистон", "тоҷикистонӣ"),
        (L.TURKMEN, "Türkmenistanyň paýtagty Aşgabat", "paýtagty", "paýtagt"),
    ],
)
def test_languages_without_a_stemmer_match_word_for_word(make_article, language, text, query, other_form):
    """Kazakh, Kyrgyz, Tajik and Turkmen words are found as written, their letters intact;
    another form of the word is another word on PostgreSQL (no stemmer for them)."""
    make_article(headline="Story", language=language, body=f"<p>{text.lower()}.</p>")
    make_article(headline="Other", language=language, body="<p>Басқа, башка, дигар, başga.</p>")
    assert found(query, language) == ["Story"]
    assert found(query) == ["Story"]
    if ON_POSTGRESQL:
        assert found(query.upper(), language) == ["Story"]  # case is ignored, beyond ASCII too
        assert found(other_form, language) == []
    # Turkmen letters are not folded: "paytagty" is not "paýtagty".
    assert found("paytagty", language) == []


def test_names_in_the_story_s_language_are_searched_on_postgresql(make_article, make_author, make_topic):
    """A story's vector holds its authors' and topics' names in its own language too."""
    author = make_author(name="Ksenia Bondal", name_ru="Ксения Бондаль")
    topic = make_topic(name="Prisons", title_ru="Тюрьмы", title_kk="Түрмелер")
    make_article(headline="Русская", language=L.RUSSIAN, authors=[author], topics=[topic])
    make_article(
        headline="Қазақша", language=L.KAZAKH, body="<p>Мәтін.</p>", authors=[author], topics=[topic]
    )
    assert found("Бондаль", L.RUSSIAN) == (["Русская"] if ON_POSTGRESQL else [])
    assert found("тюрьма", L.RUSSIAN) == (["Русская"] if ON_POSTGRESQL else [])  # stemmed too
    assert found("түрмелер", L.KAZAKH) == (["Қазақша"] if ON_POSTGRESQL else [])
    assert found("türmeler", L.KAZAKH) == (["Қазақша"] if ON_POSTGRESQL else [])  # the Latin copy
    # The working names are kept in every language's vector.
    assert sorted(found("Bondal")) == (["Русская", "Қазақша"] if ON_POSTGRESQL else [])


# Two scripts


def test_a_latin_query_finds_a_cyrillic_kazakh_story(make_article):
    make_article(headline="Қазақстан жаңалықтары", language=L.KAZAKH, body="<p>Қазақстан туралы.</p>")
    make_article(headline="Басқа", language=L.KAZAKH, body="<p>Басқа жаңалық.</p>")
    for language in (L.KAZAKH, "kk-latn", None):
        assert found("Qazaqstan", language) == ["Қазақстан жаңалықтары"]
        assert found("qazaqstan", language) == ["Қазақстан жаңалықтары"]
    assert found("Қазақстан", L.KAZAKH) == ["Қазақстан жаңалықтары"]


def test_a_cyrillic_query_finds_a_latin_uzbek_story(make_article):
    make_article(headline="Toshkent metrosi", language=L.UZBEK, body="<p>Oʻzbekiston poytaxti Toshkent.</p>")
    make_article(headline="Samarqand", language=L.UZBEK, body="<p>Registon maydoni.</p>")
    for language in (L.UZBEK, "uz-cyrl", None):
        assert found("Тошкент", language) == ["Toshkent metrosi"]
        assert found("тошкент метроси", language) == ["Toshkent metrosi"]
    assert found("Toshkent", L.UZBEK) == ["Toshkent metrosi"]
    # Any apostrophe the reader types in oʻ is the same letter.
    assert found("O'zbekiston", L.UZBEK) == ["Toshkent metrosi"]
    assert found("Ўзбекистон", L.UZBEK) == ["Toshkent metrosi"]


def test_an_uzbek_story_written_in_cyrillic_is_found_in_latin(make_article):
    make_article(headline="Тошкент", language=L.UZBEK, body="<p>Ўзбекистон пойтахти.</p>")
    assert found("Oʻzbekiston poytaxti", L.UZBEK) == ["Тошкент"]


def test_the_other_script_weighs_as_much_as_the_text(make_article):
    """A headline in Cyrillic ranks above a body mention for a Latin query, as for a Cyrillic one."""
    make_article(headline="Сайлау нәтижесі", language=L.KAZAKH, body="<p>Нәтиже белгілі.</p>")
    make_article(headline="Жаңалық", language=L.KAZAKH, body="<p>Кеше сайлау өтті.</p>")
    assert found("sailau", L.KAZAKH) == ["Сайлау нәтижесі", "Жаңалық"]
    assert found("сайлау", L.KAZAKH) == ["Сайлау нәтижесі", "Жаңалық"]


def test_the_vector_holds_both_scripts_at_the_same_weights_on_postgresql(make_article):
    story = make_article(headline="Қазақстан", language=L.KAZAKH, body="<p>Астана қаласы.</p>")
    uzbek = make_article(headline="Toshkent", language=L.UZBEK, body="<p>Poytaxt.</p>")
    english = make_article(headline="Kazakhstan", body="<p>Astana city.</p>")
    if ON_POSTGRESQL:
        vector = stored_vector(story)
        assert "'қазақстан':1A" in vector and "'qazaqstan'" in vector
        assert vector.split("'qazaqstan':")[1].split()[0].endswith("A")
        assert "'астана':2C" in vector and "'astana':" in vector
        assert "'тошкент'" in stored_vector(uzbek) and "'toshkent':1A" in stored_vector(uzbek)
        assert "'казахстан'" not in stored_vector(english)
    else:
        assert stored_vector(story) is None


@pytest.mark.parametrize(
    ("language", "body", "query", "marked"),
    [
        (L.KAZAKH, "Бүгін Қазақстан туралы айтамыз.", "Qazaqstan", "<mark>Қазақстан</mark> туралы"),
        (L.UZBEK, "Bugun Toshkent haqida gaplashamiz.", "Тошкент", "<mark>Toshkent</mark> haqida"),
        (L.UZBEK, "Bugun Oʻzbekiston haqida gaplashamiz.", "O'zbekiston", "<mark>Oʻzbekiston</mark> haqida"),
    ],
)
def test_the_passage_marks_the_words_in_the_story_s_script(make_article, language, body, query, marked):
    """The passage is the story's real text, the words marked as it writes them."""
    make_article(headline="Story", language=language, body=f"<p>{body}</p>")
    assert marked in shown(query, language)
    assert marked in shown(query)
    (article,) = search_articles(Article.objects.published(), query, language=language)
    # On PostgreSQL the database picked and marked that passage itself.
    assert ("\x02" in getattr(article, "search_headline", "")) == ON_POSTGRESQL


def test_the_passage_of_a_russian_story_marks_every_form(make_article):
    make_article(headline="Две", language=L.RUSSIAN, body="<p>Две статьи о реформе.</p>")
    if ON_POSTGRESQL:
        assert "<mark>статьи</mark>" in shown("статья", L.RUSSIAN)
    else:
        assert found("статья", L.RUSSIAN) == []


def test_or_and_quotes_keep_their_meaning_in_the_other_script_on_postgresql(make_article):
    make_article(headline="Қазақстан", language=L.KAZAKH, body="<p>Астана қаласы.</p>")
    make_article(headline="Toshkent", language=L.UZBEK, body="<p>Poytaxt shahri.</p>")
    # SQLite reads every word as required, "or" included.
    assert sorted(found("Qazaqstan or Тошкент")) == (["Toshkent", "Қазақстан"] if ON_POSTGRESQL else [])
    assert found('"Astana qalasy"', L.KAZAKH) == ["Қазақстан"]
    assert found("Qazaqstan -Astana", L.KAZAKH) == ([] if ON_POSTGRESQL else ["Қазақстан"])


def test_script_forms():
    assert search.script_forms("Qazaqstan", L.KAZAKH) == ["Qazaqstan", "Қазақстан"]
    assert search.script_forms("Тошкент", L.UZBEK) == ["Тошкент", "Toshkent"]
    assert search.script_forms("o'zbek", L.UZBEK) == ["o'zbek", "ўзбек", "oʻzbek"]
    assert search.script_forms("Тошкент", L.RUSSIAN) == ["Тошкент"]
    assert search.script_forms("Toshkent or Qazaqstan", L.UZBEK)[1] == "Тошкент or Қазақстан"
    # No language: by the rules of both.
    assert "Qazaqstan" in search.script_forms("Қазақстан") and "Тошкент" in search.script_forms("Toshkent")


def test_a_language_the_search_does_not_know_is_an_error(make_article):
    with pytest.raises(ValueError, match="xx"):
        search_articles(Article.objects.published(), "anything", language="xx")


# Keeping the vectors


def test_refresh_is_one_update_a_batch_whatever_the_languages(
    make_article, django_assert_num_queries, monkeypatch
):
    """One UPDATE for a batch; a second only when the batch has Kazakh or Uzbek stories."""
    english = make_article(headline="English")
    kazakh = [make_article(headline=f"Қазақ {n}", language=L.KAZAKH) for n in range(5)]
    make_article(headline="Русская", language=L.RUSSIAN)
    monkeypatch.setattr(search, "SCRIPT_BATCH", 2)
    with django_assert_num_queries(1 if ON_POSTGRESQL else 0):
        assert refresh_search_vectors([english.pk]) == (1 if ON_POSTGRESQL else 0)
    with django_assert_num_queries(2 if ON_POSTGRESQL else 0):
        assert refresh_search_vectors([english.pk, kazakh[0].pk]) == (2 if ON_POSTGRESQL else 0)
    # Every story: the one-script ones at once, then three batches of Kazakh and an empty read.
    with django_assert_num_queries(1 + 3 * 2 + 1 if ON_POSTGRESQL else 0):
        assert refresh_search_vectors() == (7 if ON_POSTGRESQL else 0)
    assert found("qazaq", L.KAZAKH) == (["Қазақ 4", "Қазақ 3", "Қазақ 2", "Қазақ 1", "Қазақ 0"])


def test_a_full_refresh_gives_the_vectors_saving_gave(make_article, make_author):
    author = make_author(name="Айдар Ибрагимов")
    stories = [
        make_article(headline="Қазақстан", language=L.KAZAKH, authors=[author]),
        make_article(headline="Toshkent", language=L.UZBEK, standfirst="Poytaxt."),
        make_article(headline="Статьи", language=L.RUSSIAN),
        make_article(headline="Programmes"),
        make_article(headline="Türkmenistanyň", language=L.TURKMEN),
    ]
    saved = [stored_vector(story) for story in stories]
    Article.objects.update(search_vector=None)
    assert refresh_search_vectors() == (5 if ON_POSTGRESQL else 0)
    assert [stored_vector(story) for story in stories] == saved
    assert found("İbragimov", L.KAZAKH) == (["Қазақстан"] if ON_POSTGRESQL else [])
