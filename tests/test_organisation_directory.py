"""Who a story cites (issue 20): the directory of organisations at /organisations/, and the
organisations named under each story."""

import re

import pytest

from articles.models import Article, SourceOrganisation


@pytest.fixture
def cited(make_article, make_organisation):
    ministry = make_organisation(
        name="Ministry of Justice", short_name="MoJ", slug="ministry-of-justice", kind="government"
    )
    akniyet = make_organisation(name="Akniyet", slug="akniyet", kind="ngo")
    centre = make_organisation(name="Central Asia Research Centre", slug="carc", kind="research")
    penal = make_organisation(name="Penal Service", slug="penal-service", kind="penal")
    quiet = make_organisation(name="Quietwater Foundation", slug="quietwater", kind="ngo")
    for n in range(3):
        make_article(headline=f"Prison story {n}").organisations.add(ministry, akniyet)
    make_article(headline="Research story").organisations.add(centre)
    make_article(headline="Черновик", status=Article.Status.DRAFT).organisations.add(quiet)
    make_article(headline="Тюрьмы", language="ru").organisations.add(penal)
    ministry.name_ru = "Министерство юстиции"
    ministry.save()
    return {"ministry": ministry, "akniyet": akniyet, "centre": centre, "penal": penal, "quiet": quiet}


def groups(page):
    """[(kind heading, [organisation names with their counts])] in the page's order."""
    found = []
    for heading, body in re.findall(r'<h2 id="kind-\d+">(.*?)</h2>(.*?)</section>', page, re.DOTALL):
        rows = re.findall(
            r'<li><a href="[^"]+">([^<]+)</a>(?: \([^)]*\))? <span class="count">\(([^)]*)\)', body
        )
        found.append((heading, rows))
    return found


def test_the_directory_groups_cited_organisations_by_kind_with_counts(client, cited):
    page = client.get("/organisations/").content.decode()
    assert groups(page) == [
        ("Government body", [("Ministry of Justice", "3 stories")]),
        ("NGO", [("Akniyet", "3 stories")]),
        ("Research or analysis centre", [("Central Asia Research Centre", "1 story")]),
    ]
    assert "(MoJ)" in page  # the short name beside the name
    assert "Quietwater" not in page  # cited only by a draft
    assert "Penal Service" not in page  # cited only in Russian
    assert 'href="/organisations/"' in client.get("/").content.decode()  # the footer links to it


def test_each_language_lists_what_its_stories_cite_in_its_names(client, cited):
    page = client.get("/ru/organisations/").content.decode()
    names = [name for _kind, rows in groups(page) for name, _count in rows]
    assert names == ["Penal Service"]  # no Russian name: the English one
    assert "1 материал" in page


def test_search_finds_a_name_or_short_name_in_any_language(client, cited):
    assert [g[0] for g in groups(client.get("/organisations/?q=moj").content.decode())] == ["Government body"]
    page = client.get("/organisations/?q=юстиции").content.decode()
    assert groups(page) == [("Government body", [("Ministry of Justice", "3 stories")])]
    assert "1 organisation found." in page
    empty = client.get("/organisations/?q=nothing+like+it").content.decode()
    assert "0 organisations found." in empty and 'href="/organisations/">Show them all' in empty
    assert 'value="nothing like it"' in empty  # the words kept in the box
    assert client.get("/organisations/?q=%00").status_code == 200


def test_the_directory_costs_one_query(client, cited, django_assert_max_num_queries):
    client.get("/organisations/")
    with django_assert_max_num_queries(1):
        client.get("/organisations/?q=research")


def test_the_story_page_names_the_organisations_it_cites(client, cited, make_article):
    story = Article.objects.get(headline="Prison story 0")
    page = client.get(story.get_absolute_url()).content.decode()
    cited_line = re.search(r'<p class="organisations">(.*?)</p>', page, re.DOTALL).group(1)
    assert re.findall(r'href="([^"]+)"', cited_line) == [
        "/organisations/akniyet/",
        "/organisations/ministry-of-justice/",
    ]
    plain = make_article(headline="Nobody cited")
    assert 'class="organisations"' not in client.get(plain.get_absolute_url()).content.decode()
    # Renamed, the story page shows the new name at once.
    SourceOrganisation.objects.filter(pk=cited["akniyet"].pk).update(name="Akniyet Fund")
    cited["akniyet"].refresh_from_db()
    cited["akniyet"].save()
    assert "Akniyet Fund" in client.get(story.get_absolute_url()).content.decode()
