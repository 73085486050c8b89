"""The readers' lists: filters that combine, pagination that keeps them, bad input handled."""

import re
from datetime import timedelta

import django_filters.fields
import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from articles.filters import QuickSelect
from articles.kept_values import FixedChoices
from articles.models import Article, Region


@pytest.fixture
def places(make_region):
    kz = make_region(name="Kazakhstan", slug="kazakhstan", kind=Region.Kind.COUNTRY)
    province = make_region(
        name="Pavlodar Province", slug="pavlodar-province", kind=Region.Kind.PROVINCE, parent=kz
    )
    return {
        "kz": kz,
        "province": province,
        "city": make_region(name="Pavlodar", slug="pavlodar", parent=province),
        "kg": make_region(name="Kyrgyzstan", slug="kyrgyzstan", kind=Region.Kind.COUNTRY),
    }


def headlines(response):
    return [article.headline for article in response.context["articles"]]


def test_filters_combine(client, places, make_article, make_topic, make_author):
    """Topic, region (with its places), author and dates narrow together, within the page's
    language (the Russian story is on the Russian list, not this one)."""
    prisons, women = make_topic(name="Prisons", slug="prisons"), make_topic(name="Women", slug="women")
    ksenia = make_author(name="Ksenia Bondal", slug="ksenia-bondal")
    match = make_article(headline="Match", topics=[prisons], regions=[places["city"]], authors=[ksenia])
    make_article(headline="Wrong topic", topics=[women], regions=[places["city"]], authors=[ksenia])
    make_article(headline="Wrong place", topics=[prisons], regions=[places["kg"]], authors=[ksenia])
    make_article(headline="Other author", topics=[prisons], regions=[places["city"]])
    make_article(
        headline="In Russian", topics=[prisons], regions=[places["city"]], authors=[ksenia], language="ru"
    )
    params = {"topic": "prisons", "region": "kazakhstan", "author": "ksenia-bondal"}
    assert headlines(client.get(reverse("articles:list"), params)) == ["Match"]
    # The day it was published in the newsroom's time zone (an hour ago: yesterday, in the
    # first hour after midnight there).
    day = timezone.localtime(match.published_at).date().isoformat()
    assert headlines(client.get(reverse("articles:list"), params | {"date_from": day, "date_to": day})) == [
        "Match"
    ]
    assert headlines(client.get(reverse("articles:list"), params | {"date_to": "2000-01-01"})) == []


def test_text_query_filter(client, make_article):
    """Words narrow the list to stories that contain all of them."""
    make_article(headline="Inmates reject radicalisation", body="<p>Penal colony in Pavlodar.</p>")
    make_article(headline="Women's club", body="<p>Inabat club.</p>")
    assert headlines(client.get(reverse("articles:list"), {"q": "pavlodar inmates"})) == [
        "Inmates reject radicalisation"
    ]


def test_pagination_keeps_the_filters_in_its_links(client, make_article, make_topic):
    """Page 2 of a topic-filtered list is still filtered."""
    topic = make_topic(slug="prisons")
    for _ in range(25):
        make_article(topics=[topic])
    make_article(headline="Untagged")
    page_one = client.get(reverse("articles:list"), {"topic": "prisons"})
    html = page_one.content.decode()
    assert "?topic=prisons&amp;page=2" in html
    page_two = client.get(reverse("articles:list"), {"topic": "prisons", "page": 2})
    assert len(page_two.context["articles"]) == 5 and "Untagged" not in headlines(page_two)


@pytest.mark.parametrize("page_number", ["abc", "0", "99", "-1", "1.5"])
def test_bad_page_numbers_are_not_found(client, make_article, page_number):
    """?page=abc or past the end: 404, never a 500."""
    make_article()
    assert client.get(reverse("articles:list"), {"page": page_number}).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "no-such-topic"},
        {"region": "atlantis"},
        {"author": "nobody"},
        {"organisation": "nothing"},
        {"date_from": "last week"},
    ],
)
def test_unknown_filter_values_give_an_empty_list_with_a_message(client, make_article, params):
    """A mistyped or stale link explains itself instead of failing."""
    make_article()
    response = client.get(reverse("articles:list"), params)
    assert response.status_code == 200
    assert headlines(response) == []
    assert "These filters could not be used" in response.content.decode()


def test_topic_page_lists_its_articles_and_narrows_by_region(client, places, make_article, make_topic):
    """A topic page describes the topic; its region filter includes provinces and cities."""
    topic = make_topic(name="Prisons", slug="prisons", description="Penal colonies and jails.")
    make_article(headline="City", topics=[topic], regions=[places["city"]])
    make_article(headline="Abroad", topics=[topic], regions=[places["kg"]])
    make_article(headline="Untagged", regions=[places["city"]])
    page = client.get(reverse("articles:topic", args=["prisons"]))
    assert "Penal colonies and jails." in page.content.decode()
    assert sorted(headlines(page)) == ["Abroad", "City"]
    assert headlines(client.get(reverse("articles:topic", args=["prisons"]), {"region": "kazakhstan"})) == [
        "City"
    ]
    assert client.get(reverse("articles:topic", args=["nope"])).status_code == 404


def test_region_page_has_breadcrumb_places_and_their_articles(client, places, make_article, make_topic):
    """A country's page includes its provinces' and cities' stories, and can narrow by topic."""
    topic = make_topic(slug="women")
    make_article(headline="City story", regions=[places["city"]], topics=[topic])
    make_article(headline="Country story", regions=[places["kz"]])
    make_article(headline="Elsewhere", regions=[places["kg"]])
    page = client.get(reverse("articles:region", args=["kazakhstan"]))
    assert sorted(headlines(page)) == ["City story", "Country story"]
    assert '<a href="/regions/pavlodar-province/">Pavlodar Province</a>' in page.content.decode()
    city = client.get(reverse("articles:region", args=["pavlodar"])).content.decode()
    assert city.index("/regions/kazakhstan/") < city.index("/regions/pavlodar-province/")
    assert headlines(client.get(reverse("articles:region", args=["kazakhstan"]), {"topic": "women"})) == [
        "City story"
    ]


def test_author_and_organisation_pages(client, make_article, make_author, make_organisation):
    """Readers follow a byline or a cited organisation to everything related."""
    author = make_author(name="Ksenia Bondal", slug="ksenia-bondal", bio="Correspondent in Almaty.")
    organisation = make_organisation(name="Akniyet", slug="akniyet", description="An Astana NGO.")
    article = make_article(headline="Hers", authors=[author])
    article.organisations.add(organisation)
    make_article(headline="Someone else's")
    author_page = client.get(reverse("articles:author", args=["ksenia-bondal"]))
    assert headlines(author_page) == ["Hers"] and "Correspondent in Almaty." in author_page.content.decode()
    org_page = client.get(reverse("articles:organisation", args=["akniyet"]))
    assert headlines(org_page) == ["Hers"] and "An Astana NGO." in org_page.content.decode()


def test_topic_and_region_indexes_count_published_stories_only(client, places, make_article, make_topic):
    """Counts readers see never include drafts or scheduled stories."""
    topic = make_topic(name="Prisons", slug="prisons")
    make_article(topics=[topic], regions=[places["city"]])
    make_article(topics=[topic], regions=[places["city"]], status=Article.Status.DRAFT)
    make_article(topics=[topic], regions=[places["city"]], published_at=timezone.now() + timedelta(days=1))
    assert (
        'Prisons</a> <span class="count">(1 story)' in client.get(reverse("articles:topics")).content.decode()
    )
    regions = client.get(reverse("articles:regions")).content.decode()
    assert 'Kazakhstan</a> <span class="count">(1 story)' in regions
    assert 'Pavlodar</a> <span class="count">(1 story)' in regions


def test_search_ranks_headline_matches_first_and_highlights(client, make_article):
    """Results are ranked by where the words appear, with the words marked."""
    make_article(headline="A story", body="<p>About prisons in the body only.</p>")
    make_article(headline="Prisons in the headline", body="<p>Other text.</p>")
    make_article(headline="Unrelated", body="<p>Nothing here.</p>")
    response = client.get(reverse("articles:search"), {"q": "prisons"})
    assert headlines(response) == ["Prisons in the headline", "A story"]
    assert "About <mark>prisons</mark> in the body only." in response.content.decode()
    assert "2 stories found." in response.content.decode()


def test_search_escapes_what_readers_type(client, make_article):
    """A query is text: markup in it is shown, never run."""
    make_article(body="<p>Text with &lt;b&gt; in it.</p>")
    html = client.get(reverse("articles:search"), {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")</script>' not in html


CHOICES = [
    ("", "Any topic"),
    ("prisons", "Prisons"),
    ("a&b", 'Rock & "roll" <b>it\'s</b>'),
    ("prisons", "Prisons again"),
    (7, "Seven"),
]


@pytest.mark.parametrize("value", [None, "", "prisons", "a&b", 7, "7", "unknown"])
def test_the_quick_select_writes_what_djangos_select_writes(value):
    """Same markup as Django's template-drawn <select>: escaping, attributes, one selected option."""
    attrs = {"id": "id_topic", "class": "narrow"}
    expected = forms.Select(choices=CHOICES).render("topic", value, attrs)
    # Django puts a line break and two spaces before each option; browsers ignore them.
    assert QuickSelect(choices=CHOICES).render("topic", value, attrs) == re.sub(r"\n\s*", "", expected)


@pytest.mark.parametrize("value", [None, "", "prisons", "a&b", 7, "7", "unknown"])
def test_the_quick_select_writes_djangos_markup_through_a_filters_field(value):
    """Through django-filter's field, which puts the empty label first, the markup is still
    Django's."""
    field = django_filters.fields.ChoiceField(
        choices=CHOICES[1:], empty_label="Any topic", widget=QuickSelect
    )
    expected = re.sub(r"\n\s*", "", forms.Select(choices=CHOICES).render("topic", value))
    assert field.widget.render("topic", value) == expected


@pytest.mark.parametrize("value", [None, "", "prisons", "a&b", 7, "7", "unknown"])
def test_fixed_choices_write_their_options_once_per_value_selected(value):
    """Choices made once keep each selection's options: the markup is still Django's, the
    second drawing comes from what was kept, and values no choice has add nothing."""
    fixed = FixedChoices(CHOICES[1:])
    field = django_filters.fields.ChoiceField(choices=fixed, empty_label="Any topic", widget=QuickSelect)
    expected = re.sub(r"\n\s*", "", forms.Select(choices=CHOICES).render("topic", value))
    assert field.widget.render("topic", value) == expected
    assert len(fixed._written) == 1
    assert field.widget.render("topic", value) == expected
    assert len(fixed._written) == 1
    for other in ("unknown", "also unknown", "<still unknown>", None, "prisons"):
        field.widget.render("topic", other)
    # One entry per value that can be selected, and one for none: a reader's own adds nothing.
    assert {selected for _before, selected in fixed._written} <= {None, "", "prisons", "a&b", "7"}


def test_the_quick_select_leaves_grouped_choices_to_django():
    grouped = [("Places", [("almaty", "Almaty"), ("astana", "Astana")]), ("", "Anywhere")]
    assert QuickSelect(choices=grouped).render("region", "astana") == forms.Select(choices=grouped).render(
        "region", "astana"
    )


def filters_form(html):
    return re.search(r'<form class="filters".*?</form>', html, re.DOTALL).group(0)


def test_the_filters_with_nothing_chosen_are_drawn_once_per_language_and_content(
    client, make_article, make_topic, make_region
):
    """A list nobody narrowed shows the same form on every page of its kind: drawn once
    (no form is built for the later pages), in the reader's language, and drawn again when
    a story makes a new topic public."""
    water = make_topic(name="Water", slug="water")
    prisons = make_topic(name="Prisons", slug="prisons")
    almaty = make_region(name="Almaty", slug="almaty")
    for n in range(3):
        make_article(headline=f"Story {n}", topics=[water, prisons], regions=[almaty])
    first = client.get("/topics/water/")
    assert first.status_code == 200
    form = filters_form(first.content.decode())
    assert "action=" not in form  # it asks the page it is on again
    assert 'name="region"' in form and 'name="topic"' not in form
    again = client.get("/topics/prisons/")
    assert filters_form(again.content.decode()) == form
    assert not hasattr(again.context["filter"], "_form")  # kept: no form built
    # ?page=2 alone narrows nothing; empty filters neither.
    assert not client.get("/articles/", {"q": "", "topic": ""}).context["filter"].is_bound
    # A topic made public by a story appears at once in the list's topic filter.
    before = filters_form(client.get("/articles/").content.decode())
    assert "Courts" not in before and ">Water</option>" in before
    make_article(headline="Court story", topics=[make_topic(name="Courts", slug="courts")])
    assert ">Courts</option>" in filters_form(client.get("/articles/").content.decode())
    # In the reader's language.
    make_article(headline="Материал", language="ru", topics=[water])
    russian = filters_form(client.get("/ru/articles/").content.decode())
    assert "Показать материалы" in russian
    assert "Show stories" not in russian


def test_a_narrowed_list_draws_its_filters_with_the_readers_choices(client, make_article, make_topic):
    water = make_topic(name="Water", slug="water")
    make_article(headline="Story", topics=[water])
    client.get("/articles/")  # the kept form, with nothing chosen
    form = filters_form(client.get("/articles/", {"topic": "water", "q": "story"}).content.decode())
    assert '<option value="water" selected>' in form
    assert 'value="story"' in form


def test_the_kept_filters_and_count_are_kept_per_script(client, make_article, make_topic):
    """Kazakh in Cyrillic and in Latin letters share their stories but never their kept
    markup: each reading, in any order, is in its own script."""
    water = make_topic(name="Water", slug="water")
    for n in range(22):
        make_article(headline=f"Су {n}", language="kk", topics=[water])
    for path, label, count in (
        ("/kk/articles/", "Тақырып", "22 материал"),
        ("/kk-latn/articles/", "Taqyryp", "22 material"),
        ("/kk/articles/", "Тақырып", "22 материал"),
        ("/kk-latn/articles/?page=2", "Taqyryp", "22 material"),
    ):
        html = client.get(path).content.decode()
        assert f'<label for="id_topic">{label}:</label>' in filters_form(html), path
        assert f'<p class="list-count">{count}</p>' in html, path
