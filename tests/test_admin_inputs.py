"""Hostile input to the admin gets a clear refusal, never a 500 (the test client raises on one)."""

import pytest
from django.urls import reverse

from articles.models import Article, Topic

CHANGELIST = reverse("admin:articles_article_changelist")
NOT_IDS = ["abc", "1\x00", "²", "①", "1" * 30]


@pytest.mark.parametrize("value", NOT_IDS)
def test_ids_in_addresses_that_are_not_ids_are_not_found(client, editor, make_story, value):
    """'²' passes str.isdigit but not int(); thirty digits overflow SQLite."""
    story = make_story()
    client.force_login(editor)
    for url in (
        f"/admin/articles/article/{value}/history/1/",
        f"/admin/articles/article/{value}/history/compare/",
        f"/admin/articles/article/{story.pk}/history/{value}/",
        f"/admin/articles/article/recover/{value}/",
    ):
        assert client.get(url).status_code in (302, 404), url


@pytest.mark.parametrize("value", NOT_IDS)
def test_list_filters_with_a_value_that_is_no_id_show_nothing(client, editor, make_story, value):
    """A topic or region filter naming no row shows an empty list, not every story or a 500."""
    make_story()
    client.force_login(editor)
    for name in ("topic", "region", "photo"):
        response = client.get(CHANGELIST, {name: value})
        assert response.status_code == 200
        assert response.context["cl"].result_count == 0


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_selection_that_is_no_id_is_refused_with_a_message(client, editor, make_story, value):
    """Django filtered the list by whatever was posted as the selection."""
    story = make_story()
    client.force_login(editor)
    for url, action in (
        (CHANGELIST, "unpublish_selected"),
        (reverse("admin:articles_topic_changelist"), "merge_selected"),
    ):
        response = client.post(
            url, {"action": action, "_selected_action": [str(story.pk), value]}, follow=True
        )
        assert "is not an item of this list; nothing was done" in response.content.decode()
    story.refresh_from_db()
    assert story.is_live


@pytest.mark.parametrize("value", NOT_IDS)
def test_type_ahead_fields_with_a_value_that_is_no_id_redisplay_the_form(
    client, editor, make_story, article_form, value
):
    """The autocomplete widget looked the posted value up to label it when the form came back."""
    story = make_story(headline="Kept")
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = article_form(
        story,
        headline="Changed",
        regions=[value],
        dateline_region=value,
        organisations=[value],
        **{"byline-TOTAL_FORMS": "1", "byline-0-author": value, "byline-0-position": "1"},
        **{
            "photos-TOTAL_FORMS": "1",
            "photos-0-photo": value,
            "photos-0-credited_organisation": value,
            "photos-0-caption": "A caption",
            "photos-0-position": "1",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200 and 'class="errornote"' in response.content.decode()
    assert Article.objects.get(pk=story.pk).headline == "Kept"


@pytest.mark.parametrize("value", ["1\x00", "\x00", "9" * 30, "%", "x" * 5000])
def test_searches_filters_and_type_aheads_take_anything_typed(client, editor, value):
    """Every list's search (PostgreSQL refused a NUL in it), the photo library's filters and
    its type-ahead answer a list, empty if need be, never a 500."""
    client.force_login(editor)
    library = reverse("admin:articles_photo_changelist")
    for query in ({"q": value}, {"rights": value}, {"file": value}):
        assert client.get(library, query).status_code in (200, 302), query
    for name in (
        "articles_article",
        "articles_topic",
        "articles_author",
        "articles_region",
        "audit_auditentry",
    ):
        url = reverse(f"admin:{name}_changelist")
        assert client.get(url, {"q": value}).status_code in (200, 302), name
        answer = client.get(
            reverse("admin:autocomplete"),
            {"term": value, "app_label": "articles", "model_name": "article", "field_name": "regions"},
        )
        assert answer.status_code == 200
    choices = client.get(
        reverse("admin:articles_photo_choices"),
        {"term": value, "app_label": "articles", "model_name": "imagecaption", "field_name": "photo"},
    )
    assert choices.status_code == 200


def test_topic_suggestions_ignore_a_nul(client, editor, make_topic):
    """PostgreSQL refuses a NUL in a query: it is dropped from what was typed."""
    make_topic(name="Prisons")
    client.force_login(editor)
    response = client.get(reverse("admin:articles_topic_suggest"), {"q": "Pri\x00"})
    assert response.json() == {"results": ["Prisons"]}
    assert Topic.objects.count() == 1


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1850-06-01"])
def test_a_publication_time_out_of_range_is_a_form_error(client, editor, make_story, article_form, day):
    """Year 1 passed the date field and then overflowed converting to UTC on save."""
    story = make_story()
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[story.pk])
    response = client.post(url, article_form(story, published_at_0=day, published_at_1="00:00:00"))
    assert response.status_code == 200
    assert "Enter a publication time between 1900 and 2100." in response.content.decode()
