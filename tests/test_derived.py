"""Values each process keeps per clock reading (articles/caching/kept.py ``derived``): the
topics, the region tree, card bylines and photos. Read once, never shown stale."""

import copy

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles import caching, kept_values
from articles.caching import changes, kept
from articles.filters import ArticleFilter
from articles.kept_values import FixedChoices
from articles.models import Author, Region, Topic


@pytest.fixture
def listed(make_article, make_author, make_region, make_topic):
    return make_article(
        headline="Steppe wells run dry",
        authors=[make_author(name="Dana Sarsenova", slug="dana-sarsenova")],
        regions=[make_region(name="Kostanay", slug="kostanay", kind=Region.Kind.COUNTRY)],
        topics=[make_topic(name="Water", slug="water")],
    )


def test_a_value_is_read_once_per_clock_reading(db, make_topic, django_assert_num_queries):
    make_topic(name="Drought")
    first = kept_values.topics()
    with django_assert_num_queries(0):
        assert kept_values.topics() is first
    changes._tick()  # a change, made through another server
    with CaptureQueriesContext(connection) as queries:
        assert [topic.name for topic in kept_values.topics()] == ["Drought"]
    assert [query["sql"] for query in queries if "articles_topic" in query["sql"]]


def test_a_change_through_this_process_is_seen_before_it_commits(db, make_topic):
    """Saving inside a transaction forgets the kept values at once; the version moves on commit."""
    make_topic(name="Drought")
    assert [topic.name for topic in kept_values.topics()] == ["Drought"]
    with transaction.atomic():
        Topic.objects.create(name="Harvest", slug="harvest")
        assert [topic.name for topic in kept_values.topics()] == ["Drought", "Harvest"]


def test_without_a_clock_reading_every_value_is_read_afresh(
    db, make_topic, monkeypatch, django_assert_num_queries
):
    make_topic(name="Drought")
    monkeypatch.setattr(kept, "current_clock", lambda: None)  # the cache is away
    kept_values.topics()
    with django_assert_num_queries(1):
        kept_values.topics()
    assert not len(kept.derived_values)


def test_only_the_latest_values_are_kept(db, monkeypatch):
    monkeypatch.setattr(kept, "derived_values", kept.LRU(3))
    built = caching.derived_many("square", range(5), lambda ids: {n: n * n for n in ids})
    assert built == {0: 0, 1: 1, 2: 4, 3: 9, 4: 16}
    assert [("square", n) in kept.derived_values for n in range(5)] == [False, False, True, True, True]
    again = caching.derived_many("square", [1, 4], lambda ids: {n: -n for n in ids})
    assert again == {1: -1, 4: 16}  # 1 had been dropped and is built again; 4 was kept


def test_a_settings_change_forgets_kept_values(db, make_topic, settings):
    make_topic(name="Drought")
    kept_values.topics()
    settings.SITE_NAME = "Another name"
    assert not len(kept.derived_values)


def test_a_repeated_list_page_reads_only_its_stories(client, listed, django_assert_num_queries):
    for path in ("/articles/", "/regions/kostanay/", "/topics/water/", "/"):
        first = client.get(path).content
        with django_assert_num_queries(1):  # the front page's featured stories are kept too
            assert client.get(path).content == first


def test_a_new_topic_is_offered_at_the_next_request(client, listed, make_topic):
    assert "Irrigation" not in client.get("/articles/").content.decode()
    # Offered once a published story carries it: a topic no story uses is not public.
    listed.topics.add(make_topic(name="Irrigation", slug="irrigation"))
    assert '<option value="irrigation">Irrigation</option>' in client.get("/articles/").content.decode()


def test_a_renamed_place_shows_at_the_next_request(client, listed):
    assert "Kostanay" in client.get("/regions/kostanay/").content.decode()
    region = Region.objects.get(slug="kostanay")
    region.name = "Qostanay"
    region.save()
    html = client.get("/regions/kostanay/").content.decode()
    assert "<h1>Qostanay</h1>" in html
    assert "Kostanay" not in html
    assert '<option value="kostanay">Qostanay</option>' in client.get("/articles/").content.decode()


def test_a_renamed_author_shows_on_cards_at_the_next_request(client, listed):
    assert "Dana Sarsenova" in client.get("/articles/").content.decode()
    Author.objects.filter(slug="dana-sarsenova").update(name="Dana Sarsen")
    assert "Dana Sarsenova" in client.get("/articles/").content.decode()  # no signal: nothing announced
    Author.objects.get(slug="dana-sarsenova").save()  # the admin's save sends one
    html = client.get("/articles/").content.decode()
    assert "Dana Sarsen<" in html and "Dana Sarsenova" not in html


def test_the_filters_choices_are_shared_by_every_copy_of_the_form(db, make_article, make_topic):
    """Made once per clock reading and language, never deep-copied with each form."""
    make_article(topics=[make_topic(name="Drought", slug="drought")])
    first, second = ArticleFilter({}), ArticleFilter({})
    assert isinstance(first.form.fields["topic"].choices.choices, FixedChoices)
    assert first.form.fields["topic"].choices.choices is second.form.fields["topic"].choices.choices
    assert list(first.form.fields["topic"].choices) == [("", "Any topic"), ("drought", "Drought")]
    choices = FixedChoices([("drought", "Drought")])
    assert copy.deepcopy(choices) is choices


def test_the_filters_choices_are_in_the_readers_language(client, make_article, make_topic):
    """Kept per language: a Russian reader's topic filter names the topic in Russian, and the
    English page keeps its English names and empty choice."""
    topic = make_topic(name="Drought", slug="drought")
    topic.title_ru = "Засуха"
    topic.save()
    make_article(topics=[topic])
    make_article(topics=[topic], language="ru", headline="Засуха в регионе")
    english = client.get("/articles/").content.decode()
    russian = client.get("/ru/articles/").content.decode()
    assert '<option value="drought">Drought</option>' in english and "Засуха</option>" not in english
    assert '<option value="drought">Засуха</option>' in russian
    assert client.get("/articles/").content.decode().count('<option value="drought">Drought</option>') == 1


def test_an_unknown_topic_is_still_refused(client, listed):
    html = client.get("/articles/?topic=no-such-topic").content.decode()
    assert "Topic: “no-such-topic” is not one we know" in html
