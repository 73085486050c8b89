"""Topics, regions and the front page as editors manage them."""

from django.urls import reverse

from articles.models import Article, Region, TaggedArticle, Topic


def test_merging_topics_keeps_every_article_tagged_once(client, editor, make_article, make_topic):
    """Merge asks for confirmation, then re-tags without duplicates and removes the rest."""
    keep, dup, other = (
        make_topic(name="Radicalisation"),
        make_topic(name="Radicalization"),
        make_topic(name="Extremism"),
    )
    both = make_article(topics=[keep, dup])
    only_dup = make_article(topics=[dup, other])
    client.force_login(editor)
    url = reverse("admin:articles_topic_changelist")
    confirm = client.post(url, {"action": "merge_selected", "_selected_action": [keep.pk, dup.pk]})
    assert confirm.status_code == 200 and "Yes, merge them" in confirm.content.decode()
    assert Topic.objects.count() == 3  # nothing happens before confirming
    done = client.post(
        url,
        {"action": "merge_selected", "_selected_action": [keep.pk, dup.pk], "apply": "1", "target": keep.pk},
        follow=True,
    )
    assert "1 article(s) moved, 1 already had it" in done.content.decode()
    assert set(Topic.objects.values_list("name", flat=True)) == {"Radicalisation", "Extremism"}
    assert set(both.topics.names()) == {"Radicalisation"}
    assert set(only_dup.topics.names()) == {"Radicalisation", "Extremism"}
    assert TaggedArticle.objects.filter(tag=keep).count() == 2


def test_merge_needs_two_topics_and_the_delete_permission(client, editor, contributor, make_topic):
    """One topic cannot be merged; contributors cannot merge at all."""
    first, second = make_topic(), make_topic()
    url = reverse("admin:articles_topic_changelist")
    client.force_login(editor)
    response = client.post(url, {"action": "merge_selected", "_selected_action": [first.pk]}, follow=True)
    assert "Choose at least two topics" in response.content.decode()
    client.force_login(contributor)
    client.post(
        url,
        {
            "action": "merge_selected",
            "_selected_action": [first.pk, second.pk],
            "apply": "1",
            "target": first.pk,
        },
    )
    assert Topic.objects.count() == 2


def test_topic_names_must_differ_by_more_than_case(admin_client, make_topic):
    """Typing 'prisons' when 'Prisons' exists is a form error, not a second topic."""
    make_topic(name="Prisons", slug="prisons")
    response = admin_client.post(
        reverse("admin:articles_topic_add"), {"name": "prisons", "slug": "prisons-2", "description": ""}
    )
    assert response.status_code == 200
    assert "already exists (names are compared ignoring case)" in response.content.decode()
    assert Topic.objects.count() == 1


def test_topic_list_counts_articles_and_sorts_by_them(admin_client, make_article, make_topic):
    """Editors see how many articles use each topic, most used first when they ask."""
    busy, quiet = make_topic(name="Busy"), make_topic(name="Quiet")
    for _ in range(3):
        make_article(topics=[busy])
    make_article(topics=[quiet])
    html = admin_client.get(reverse("admin:articles_topic_changelist"), {"o": "-3"}).content.decode()
    assert html.index("Busy") < html.index("Quiet")
    assert '<td class="field-article_count">3</td>' in html


def test_topic_suggestions_prefer_names_that_start_with_the_text(admin_client, make_topic):
    """Type-ahead offers 'Prisons' before 'Women in prisons' for 'pri'."""
    make_topic(name="Women in prisons")
    make_topic(name="Prisons")
    make_topic(name="Religion")
    data = admin_client.get(reverse("admin:articles_topic_suggest"), {"q": "pri"}).json()
    assert data["results"] == ["Prisons", "Women in prisons"]
    assert admin_client.get(reverse("admin:articles_topic_suggest"), {"q": ""}).json()["results"] == []


def test_topic_suggestions_need_a_signed_in_editor(client, db):
    """The vocabulary is not public through the admin's JSON."""
    response = client.get(reverse("admin:articles_topic_suggest"), {"q": "a"})
    assert response.status_code == 302


def test_new_topics_can_be_typed_into_the_article_form(
    client, editor, make_article, make_region, make_topic, form_data
):
    """Existing topics are reused whatever their case; new ones are created."""
    make_topic(name="Prisons")
    article = make_article(regions=[make_region()])
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url), "article_form") | {"topics": "prisons, Penal reform"}
    assert client.post(url, data).status_code == 302
    assert sorted(article.topics.names()) == ["Penal reform", "Prisons"]
    assert Topic.objects.count() == 2


def test_regions_are_listed_as_an_indented_tree(admin_client, make_region, make_article):
    """Each place appears under its parent, indented by depth, with its article count."""
    asia = make_region(name="Central Asia", kind=Region.Kind.REGION)
    kz = make_region(name="Kazakhstan", kind=Region.Kind.COUNTRY, parent=asia)
    make_region(name="Astana", parent=kz)
    make_region(name="Bishkek", parent=make_region(name="Kyrgyzstan", kind=Region.Kind.COUNTRY, parent=asia))
    make_article(regions=[kz])
    html = admin_client.get(reverse("admin:articles_region_changelist")).content.decode()
    order = [
        html.index(name)
        for name in ("Central Asia", "— Kazakhstan", "— — Astana", "— Kyrgyzstan", "— — Bishkek")
    ]
    assert order == sorted(order)


def test_front_page_screen_orders_featured_stories(client, editor, contributor, make_article):
    """Editors renumber featured stories in one place; the public front page follows."""
    first = make_article(headline="First pick", is_featured=True, featured_position=1)
    second = make_article(headline="Second pick", is_featured=True, featured_position=2)
    make_article(headline="Not featured")
    client.force_login(editor)
    url = reverse("admin:articles_frontpagestory_changelist")
    page = client.get(url).content.decode()
    assert "First pick" in page and "Not featured" not in page
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": first.pk,
        "form-0-featured_position": "2",
        "form-1-id": second.pk,
        "form-1-featured_position": "1",
        "_save": "Save",
    }
    assert client.post(url, data).status_code == 302
    front = client.get(reverse("articles:front")).content.decode()
    assert front.index("Second pick") < front.index("First pick")
    client.force_login(contributor)
    assert client.post(url, data | {"form-0-featured_position": "9"}).status_code == 403
    assert Article.objects.get(pk=first.pk).featured_position == 2


def test_autocomplete_lists_come_in_name_order(admin_client, make_region, make_author):
    """Type-ahead results for regions and authors are alphabetical, whatever the counts do."""
    for name in ("Zhambyl Region", "Almaty", "Pavlodar"):
        make_region(name=name)
    for name in ("Zed Zhan", "Anna Ahn"):
        make_author(name=name)
    url = reverse("admin:autocomplete")
    regions = admin_client.get(
        url, {"app_label": "articles", "model_name": "article", "field_name": "regions"}
    ).json()
    assert [r["text"] for r in regions["results"]] == ["Almaty", "Pavlodar", "Zhambyl Region"]
    authors = admin_client.get(
        url, {"app_label": "articles", "model_name": "articleauthor", "field_name": "author"}
    ).json()
    assert [a["text"] for a in authors["results"]] == ["Anna Ahn", "Zed Zhan"]


def test_the_topics_field_is_called_topics(admin_client, db):
    """Editors see 'Topics', not taggit's generic 'Tags'."""
    html = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert '<label for="id_topics">Topics:</label>' in html
    assert "Separate topics with commas" in html
