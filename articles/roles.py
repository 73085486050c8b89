"""Who may change which article: the newsroom's two roles, written once for every path.

Editors (who hold ``publish_article``) change every article. Contributors write: they
change and delete only drafts and stories in review that they started or are in the
byline of, never a published or scheduled story. Every admin path that writes an article
asks ``why_locked`` about the article *as the database holds it now*, before anything
(a revision being restored, a form's values) is applied to it.

Being in the Contributors or Editors group is what makes a person newsroom staff, so the
admin needs no separate "staff status" step (``connect``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.utils.translation import gettext_lazy as _

from .models import Article, ArticleAuthor

PUBLISH_PERMISSION = "articles.publish_article"
NEWSROOM_GROUPS = ("Contributors", "Editors")

# Why a story is locked, in the editor's language (shown on the page, in refusals).
PUBLISHED_LOCK = _(
    "This story is published: only editors can change it. Ask an editor for a correction or update."
)
SCHEDULED_LOCK = _(
    "This story is scheduled: only editors can change it before it appears. Ask an editor to unschedule it."
)
NOT_YOURS_LOCK = _(
    "Contributors change only the drafts they started or are in the byline of. "
    "Ask an editor, or the draft's author, to add you to its byline."
)
READ_ONLY_LOCK = _("Your account may read articles but not change them.")


def can_publish(user):
    """Whether ``user`` may publish, schedule, unpublish and feature (an editor)."""
    return user.has_perm(PUBLISH_PERMISSION)


def why_locked(user, article):
    """``None`` if ``user`` may change ``article`` (as stored now), else the reason, for the page."""
    if not user.has_perm("articles.change_article"):
        return READ_ONLY_LOCK
    if can_publish(user):
        return None
    if article.status == Article.Status.PUBLISHED:
        return SCHEDULED_LOCK if article.is_scheduled else PUBLISHED_LOCK
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return None
    if ArticleAuthor.objects.filter(article_id=article.pk, author__user_id=user.pk).exists():
        return None
    return NOT_YOURS_LOCK


def _staff_follows_groups(sender, instance, action, reverse, pk_set, **kwargs):
    """Joining a newsroom group makes a person staff; leaving every group ends it (not for superusers).

    ``reverse`` is true when the change was made from the group's side (``group.user_set``).
    """
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse and action == "post_clear":
        return  # a group emptied as it is deleted: its members' other groups decide
    users = get_user_model().objects.filter(pk__in=list(pk_set or ()) if reverse else [instance.pk])
    if action == "post_add":
        if reverse:
            joined = instance.name in NEWSROOM_GROUPS
        else:
            joined = Group.objects.filter(pk__in=pk_set, name__in=NEWSROOM_GROUPS).exists()
        if joined:
            users.filter(is_staff=False).update(is_staff=True)
            if not reverse:
                instance.is_staff = True
        return
    # Removed: staff only while still in a group or holding a permission of their own.
    left = users.filter(is_staff=True, is_superuser=False, groups=None, user_permissions=None).update(
        is_staff=False
    )
    if left and not reverse:
        instance.is_staff = False


def connect():
    """Connect the group receiver (called once, from the app config's ready())."""
    through = get_user_model().groups.through
    m2m_changed.connect(_staff_follows_groups, sender=through, dispatch_uid="newsroom-staff-follows-groups")
