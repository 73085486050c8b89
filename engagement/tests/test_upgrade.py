"""An existing deployment upgrades to the engagement and pages apps with nothing moved: the
comments, reactions and pages stay in their tables, and editors keep their rights."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from articles.models import Article
from engagement.models import Comment, Reaction
from pages.models import Page
from tests.migrations import latest, migrate

# The last migration before comments, reactions and pages moved out of the articles app.
BEFORE = [("articles", "0017_field_labels_in_every_language")]


@pytest.mark.django_db(transaction=True)
def test_comments_reactions_and_pages_survive_the_move_out_of_articles():
    """Rows written by the old models are read by the new ones, with the same keys, and the
    Editors group's moderation rights now name the engagement app."""
    old = migrate(BEFORE)
    # As migration 0008 left them (an earlier test that flushed the database may not have).
    policy, _ = old.get_model("articles", "Page").objects.get_or_create(
        slug="comment-policy", defaults={"title": "Comment policy", "body": "<p>Be kind.</p>"}
    )
    editors, _ = old.get_model("auth", "Group").objects.get_or_create(name="Editors")
    editors.permissions.add(
        *old.get_model("auth", "Permission").objects.filter(
            content_type__app_label="articles",
            codename__in=["change_comment", "view_reaction", "change_page"],
        )
    )
    OldArticle = old.get_model("articles", "Article")
    story = OldArticle.objects.create(
        headline="Women's club",
        slug="womens-club",
        body="<p>Text.</p>",
        status="published",
        published_at=timezone.now(),
        language="en",
    )
    approved = old.get_model("articles", "Comment").objects.create(
        article=story, name="Aigerim", email="a@example.org", body="Салем! Thank you.", status="approved"
    )
    waiting = old.get_model("articles", "Comment").objects.create(
        article=story, name="Bek", email="b@example.org", body="Is this true?", ip_address="10.0.0.7"
    )
    old.get_model("articles", "Reaction").objects.create(article=story, reader="d" * 64, value="yes")
    policy.body = "<p>Our own policy, edited before the upgrade.</p>"
    policy.save()
    old_types = {
        model: ContentType.objects.get(app_label="articles", model=model).pk
        for model in ("comment", "reaction", "page")
    }

    try:
        migrate(latest())

        assert Article.objects.get(pk=story.pk).headline == "Women's club"
        comments = Comment.objects.filter(article_id=story.pk).order_by("pk")
        assert [(c.pk, c.name, c.body, c.status) for c in comments] == [
            (approved.pk, "Aigerim", "Салем! Thank you.", Comment.Status.APPROVED),
            (waiting.pk, "Bek", "Is this true?", Comment.Status.PENDING),
        ]
        assert comments[1].ip_address == "10.0.0.7"
        assert list(Article.objects.get(pk=story.pk).comments.approved()) == [comments[0]]
        assert Reaction.objects.get(article_id=story.pk).value == Reaction.Value.YES
        assert (
            Page.objects.get(slug="comment-policy").body
            == "<p>Our own policy, edited before the upgrade.</p>"
        )
        # The same content types, now named for their new apps: permissions, the admin's
        # history and revisions that point at them still do.
        assert ContentType.objects.get_for_model(Comment).pk == old_types["comment"]
        assert ContentType.objects.get_for_model(Reaction).pk == old_types["reaction"]
        assert ContentType.objects.get_for_model(Page).pk == old_types["page"]
        assert not ContentType.objects.filter(app_label="articles", model__in=old_types).exists()
        editor = get_user_model().objects.create_user("moderator", password="x" * 16, is_staff=True)
        editor.groups.add(editor.groups.model.objects.get(name="Editors"))
        editor = get_user_model().objects.get(pk=editor.pk)  # no permissions cached
        assert editor.has_perms(
            ["engagement.change_comment", "engagement.view_reaction", "pages.change_page"]
        )
    finally:
        migrate(latest())  # whatever failed, the next test gets the database it expects


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone():
    """Migrating back to before the move gives the articles app its models and content
    types again, rows included."""
    story = Article.objects.create(
        headline="Prison imams",
        slug="prison-imams",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    comment = Comment.objects.create(article=story, name="Cem", email="c@example.org", body="Good.")
    ContentType.objects.clear_cache()  # a flush by an earlier test leaves it stale
    comment_type = ContentType.objects.get_for_model(Comment).pk
    try:
        old = migrate(BEFORE)
        assert old.get_model("articles", "Comment").objects.get(pk=comment.pk).body == "Good."
        assert ContentType.objects.get(app_label="articles", model="comment").pk == comment_type
    finally:
        migrate(latest())
    assert ContentType.objects.get_for_model(Comment).pk == comment_type


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/articles/comment/?status=pending", "/admin/engagement/comment/?status=pending"),
        ("/admin/articles/comment/12/change/", "/admin/engagement/comment/12/change/"),
        ("/admin/articles/reaction/", "/admin/engagement/reaction/"),
        ("/admin/articles/page/3/change/", "/admin/pages/page/3/change/"),
    ],
)
def test_the_old_admin_addresses_lead_to_the_new(client, old, new):
    """A moderator's bookmark of the queue still opens it (after signing in, as before)."""
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new


def test_an_odd_old_admin_address_is_redirected_safely(client):
    """What follows the model stays in the path, encoded again; a line break is no old
    address at all (404, never a header of ours); a second slash stays on this site."""
    response = client.get("/admin/articles/comment/a%20b%22%3C/")
    assert response.status_code == 301 and response["Location"] == "/admin/engagement/comment/a%20b%22%3C/"
    assert client.get("/admin/articles/comment/%0D%0ASet-Cookie:%20x=1").status_code == 404
    assert client.get("/admin/articles/comment//evil.example/")["Location"].startswith("/admin/engagement/")


def test_the_articles_admin_is_not_redirected(client):
    assert client.get("/admin/articles/article/").status_code == 302  # to sign in, not moved
    assert "/admin/login/" in client.get("/admin/articles/article/")["Location"]
