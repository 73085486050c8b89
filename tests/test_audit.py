"""Every admin action that changes the newsroom's content is in an audit log nobody can edit."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from audit.models import AppendOnly, AuditEntry
from engagement.models import Comment

CHANGELIST = reverse("admin:articles_article_changelist")
Action = AuditEntry.Action


def entries():
    return list(AuditEntry.objects.order_by("pk").values_list("username", "action", "subject"))


def test_the_workflow_is_logged_with_who_did_it(change_url, client, editor, make_story, article_form):
    """Publishing, scheduling's twin unpublishing and a plain save each leave an entry."""
    draft = make_story(status=Article.Status.DRAFT, headline="Courts in Almaty")
    client.force_login(editor)
    client.post(change_url(draft), article_form(draft, _workflow="publish"))
    draft.refresh_from_db()
    client.post(change_url(draft), article_form(draft, headline="Courts in Almaty, updated"))
    draft.refresh_from_db()
    client.post(change_url(draft), article_form(draft, _workflow="unpublish"))
    assert entries() == [
        ("ann", Action.PUBLISHED, "Courts in Almaty"),
        ("ann", Action.SAVED, "Courts in Almaty, updated"),
        ("ann", Action.UNPUBLISHED, "Courts in Almaty, updated"),
    ]


def test_bulk_actions_deletions_and_merges_are_logged(client, editor, make_story, make_topic):
    """The list's actions write one entry per story, a merge one for the topics."""
    first, second = make_story(headline="First"), make_story(headline="Second")
    prisons, penal = make_topic(name="Prisons"), make_topic(name="Penal system")
    client.force_login(editor)
    client.post(CHANGELIST, {"action": "feature_selected", "_selected_action": [first.pk, second.pk]})
    client.post(
        reverse("admin:articles_topic_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [prisons.pk, penal.pk],
            "apply": "1",
            "target": penal.pk,
        },
    )
    client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"})
    assert entries() == [
        ("ann", Action.FEATURED, "First"),
        ("ann", Action.FEATURED, "Second"),
        ("ann", Action.MERGED_TOPICS, "Prisons into Penal system"),
        ("ann", Action.DELETED, "Second"),
    ]
    assert AuditEntry.objects.get(action=Action.DELETED).article_id == second.pk


def test_a_restore_is_logged_as_one(client, editor, make_story, form_data):
    """Restoring says so in the log, not as a plain save."""
    story = make_story(headline="Before")
    with reversion.create_revision():
        reversion.add_to_revision(story)
    version = Version.objects.get_for_object(story).first()
    client.force_login(editor)
    url = reverse("admin:articles_article_revision", args=[story.pk, version.pk])
    client.post(url, form_data(client.get(url), "article_form"))
    assert entries() == [("ann", Action.RESTORED, "Before")]


def test_moderation_is_logged_per_story(client, editor, make_story):
    """Who approved which reader's comment, on which story."""
    story = make_story(headline="Prison visits")
    comments = [
        Comment.objects.create(article=story, name=name, email=f"{name}@example.org", body="A question.")
        for name in ("Dana", "Erlan")
    ]
    client.force_login(editor)
    client.post(
        reverse("admin:engagement_comment_changelist"),
        {"action": "approve", "_selected_action": [c.pk for c in comments]},
    )
    (entry,) = AuditEntry.objects.all()
    assert (entry.action, entry.subject, entry.article_id) == (
        Action.MODERATED,
        "Comments on “Prison visits”",
        story.pk,
    )
    assert entry.detail.startswith("approved: ") and "Dana (#" in entry.detail and "Erlan (#" in entry.detail


def test_entries_can_be_neither_changed_nor_deleted(db):
    """Append-only in the model itself, one at a time and in bulk."""
    entry = AuditEntry.objects.create(action=Action.PUBLISHED, subject="A story")
    entry.subject = "Another story"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.update(subject="Rewritten")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().subject == "A story"


def test_staff_read_the_log_and_nobody_edits_it(client, contributor, admin_user):
    """Contributors see it; even a superuser gets no way to change or delete an entry."""
    entry = AuditEntry.objects.create(action=Action.PUBLISHED, subject="A story")
    client.force_login(contributor)
    assert "A story" in client.get(reverse("admin:audit_auditentry_changelist")).content.decode()
    client.force_login(admin_user)
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    assert client.post(change, {"subject": "Rewritten", "action": "deleted"}).status_code == 403
    assert (
        client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert AuditEntry.objects.get().subject == "A story"
