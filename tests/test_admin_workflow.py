"""Who may do what: contributors write, editors publish, tested over HTTP."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Region, Topic

CHANGELIST = reverse("admin:articles_article_changelist")


def run_action(client, action, articles, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in articles]} | extra
    return client.post(CHANGELIST, data, follow=True)


def test_contributor_cannot_publish_through_the_form(client, contributor, article_form):
    """The status menu has no Published for contributors, and a forged POST is refused."""
    client.force_login(contributor)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'value="review"' in page and 'value="published"' not in page
    response = client.post(reverse("admin:articles_article_add"), article_form(status="published"))
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_contributor_writes_a_draft_and_sends_it_to_review(change_url, client, contributor, article_form):
    """The contributor's normal day works end to end."""
    client.force_login(contributor)
    response = client.post(reverse("admin:articles_article_add"), article_form())
    assert response.status_code == 302
    article = Article.objects.get()
    response = client.post(change_url(article), article_form(article, status="review"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_contributor_cannot_change_or_delete_published_articles(
    change_url, client, contributor, make_article, article_form
):
    """Changing a published article could unpublish it; contributors only get to read it."""
    article = make_article(headline="Published story")
    client.force_login(contributor)
    page = client.get(change_url(article))
    assert page.status_code == 200 and "View article" in page.content.decode()
    response = client.post(change_url(article), article_form(article, headline="Changed", status="draft"))
    assert response.status_code == 403
    assert (
        client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}).status_code
        == 403
    )
    article.refresh_from_db()
    assert article.headline == "Published story" and article.status == Article.Status.PUBLISHED


def test_contributor_may_delete_a_draft(client, contributor, make_article):
    """Contributors clean up their own drafts."""
    draft = make_article(status=Article.Status.DRAFT, created_by=contributor)
    client.force_login(contributor)
    response = client.post(reverse("admin:articles_article_delete", args=[draft.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("action", ["publish_selected", "unpublish_selected", "feature_selected"])
def test_contributor_cannot_run_editor_actions(client, contributor, make_article, action):
    """Bulk actions are permission-checked too, not only hidden."""
    draft, live = make_article(status=Article.Status.DRAFT), make_article()
    client.force_login(contributor)
    page = client.get(CHANGELIST).content.decode()
    assert f'value="{action}"' not in page
    run_action(client, action, [draft, live])
    draft.refresh_from_db()
    live.refresh_from_db()
    assert (draft.status, live.status, live.is_featured) == ("draft", "published", False)


def test_editor_publishes_and_unpublishes_in_bulk(client, editor, make_story):
    """Editors publish several articles at once and are told how many changed."""
    drafts = [make_story(status=Article.Status.DRAFT) for _ in range(2)]
    live = make_story()
    client.force_login(editor)
    response = run_action(client, "publish_selected", [*drafts, live])
    assert "2 articles published; 1 already were." in response.content.decode()
    assert Article.objects.published().count() == 3
    response = run_action(client, "unpublish_selected", drafts)
    assert "2 articles unpublished." in response.content.decode()
    for article in drafts:
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT and article.published_at is None


def test_publishing_keeps_a_scheduled_time(client, editor, make_story):
    """Publishing something already scheduled must not bring it forward."""
    later = timezone.now() + timedelta(days=2)
    scheduled = make_story(published_at=later)
    review = make_story(status=Article.Status.IN_REVIEW)
    client.force_login(editor)
    run_action(client, "publish_selected", [scheduled, review])
    scheduled.refresh_from_db()
    review.refresh_from_db()
    assert scheduled.published_at == later and review.is_live


def test_feature_and_unfeature_keep_a_front_page_order(client, editor, make_article):
    """Featuring appends to the front page; unfeaturing removes the position."""
    first, second = make_article(), make_article()
    client.force_login(editor)
    run_action(client, "feature_selected", [first])
    run_action(client, "feature_selected", [second])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.featured_position, second.featured_position) == (1, 2)
    response = run_action(client, "unfeature_selected", [first])
    assert "1 article unfeatured." in response.content.decode()
    first.refresh_from_db()
    assert not first.is_featured and first.featured_position is None


def test_add_and_remove_a_topic_in_bulk(client, editor, make_article, make_topic):
    """The action asks which topic, then applies it once to each article."""
    topic = make_topic(name="Prisons")
    tagged, untagged = make_article(topics=[topic]), make_article()
    client.force_login(editor)
    chooser = client.post(
        CHANGELIST, {"action": "add_topic_to_selected", "_selected_action": [tagged.pk, untagged.pk]}
    )
    assert chooser.status_code == 200 and "Add a topic" in chooser.content.decode()
    response = run_action(client, "add_topic_to_selected", [tagged, untagged], apply="1", topic=topic.pk)
    assert "1 article changed (add a topic); 1 already were." in response.content.decode()
    assert set(Article.objects.filter(topic_links__tag=topic)) == {tagged, untagged}
    run_action(client, "remove_topic_from_selected", [tagged, untagged], apply="1", topic=topic.pk)
    assert not Article.objects.filter(topic_links__tag=topic).exists()
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_contributor_topic_action_skips_published_articles(client, contributor, make_article, make_topic):
    """Contributors may retag their own drafts, never published stories or a colleague's draft."""
    topic = make_topic()
    draft, live = make_article(status=Article.Status.DRAFT, created_by=contributor), make_article()
    colleagues = make_article(status=Article.Status.DRAFT)
    client.force_login(contributor)
    response = run_action(
        client, "add_topic_to_selected", [draft, live, colleagues], apply="1", topic=topic.pk
    )
    assert "2 skipped (only editors change published stories;" in response.content.decode()
    assert list(Article.objects.filter(topic_links__tag=topic)) == [draft]


def test_set_region_in_bulk(client, editor, make_article, make_region):
    """Adding a region keeps the regions an article already had."""
    astana, almaty = make_region(name="Astana"), make_region(name="Almaty")
    article = make_article(regions=[astana])
    client.force_login(editor)
    run_action(client, "set_region_of_selected", [article], apply="1", region=almaty.pk)
    assert set(article.regions.all()) == {astana, almaty}
    assert Region.objects.count() == 2


def test_bad_action_choice_redisplays_the_chooser(client, editor, make_article):
    """An unknown topic id is a form error on the chooser page, never a 500."""
    article = make_article()
    client.force_login(editor)
    response = client.post(
        CHANGELIST,
        {
            "action": "add_topic_to_selected",
            "_selected_action": [article.pk],
            "apply": "1",
            "topic": "999999",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_a_story_published_after_the_selection_is_left_alone(contributor, make_article, make_topic):
    """Whether a contributor may change a story is decided on the row as locked, not as selected."""
    from articles import services

    draft = make_article(status=Article.Status.DRAFT, created_by=contributor)
    selection = list(Article.objects.filter(pk=draft.pk))
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED, published_at=timezone.now())
    result = services.add_topic(selection, make_topic(), user=contributor)
    assert (result.changed, result.locked) == (0, 1)
    assert not draft.topics.exists()
