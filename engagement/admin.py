"""Moderating reader comments; the comment and reaction counts in the list of stories,
and the moderation queue on the editors' desk (registered in apps.py, see
``articles.extensions``)."""

from django.contrib import admin, messages
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, override
from django.utils.translation import gettext_lazy as _

from articles.admin.desk import changelist_url, may_view, section
from articles.admin.safety import SafeInputsMixin
from articles.querysets import count_per_article
from audit import models as audit

from . import services
from .hooks import approved_comment_count
from .models import Comment, Reaction

# Comments are read in full on the moderation queue; the desk only says they wait.
COMMENT_ROWS = 5


class ModerationFilter(admin.SimpleListFilter):
    """Opens on the queue of comments waiting for moderation."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            (Comment.Status.PENDING, _("Waiting")),
            *[c for c in Comment.Status.choices[1:]],
            ("all", _("All")),
        ]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or Comment.Status.PENDING) == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or Comment.Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


def record_moderation(user, comments, status, changed):
    """One audit entry per story whose comments were moderated."""
    by_story = {}
    for comment in comments:
        by_story.setdefault(comment.article_id, []).append(comment)
    with override("en"):  # the audit log is kept in English, the newsroom's working language
        label = str(Comment.Status(status).label).lower()
    for article_id, own in by_story.items():
        names = ", ".join(f"{comment.name} (#{comment.pk})" for comment in own)
        audit.record(
            user,
            audit.AuditEntry.Action.MODERATED,
            f"Comments on “{own[0].article.headline}”",
            article=article_id,
            detail=f"{label}: {names}; {changed} changed in all",
        )


@admin.register(Comment)
class CommentAdmin(SafeInputsMixin, admin.ModelAdmin):
    list_display = ("created_at", "name", "excerpt", "article", "status", "ip_address")
    list_display_links = ("excerpt",)
    list_filter = (ModerationFilter,)
    list_select_related = ("article",)
    search_fields = ("name", "email", "body", "article__headline")
    ordering = ("-created_at",)
    actions = ("approve", "reject", "mark_spam")
    fields = (
        "article",
        "name",
        "email",
        "body",
        "created_at",
        "ip_address",
        "status",
        "moderated_at",
        "moderated_by",
    )
    # Moderators change the status only; what the reader sent is never edited.
    readonly_fields = tuple(name for name in fields if name != "status")

    def has_add_permission(self, request):
        return False  # comments come from readers

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return Truncator(comment.body).chars(90)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            services.moderate([obj], obj.status, user=request.user)
            record_moderation(request.user, [obj], obj.status, 1)
            return
        super().save_model(request, obj, form, change)

    def _moderate(self, request, queryset, status, done):
        """``done(count)`` says what was done: "2 comments approved."."""
        comments = list(queryset.select_related("article"))
        changed = services.moderate(comments, status, user=request.user)
        record_moderation(request.user, comments, status, changed)
        self.message_user(request, done(changed), messages.SUCCESS if changed else messages.WARNING)

    @admin.action(description=_("Approve selected comments (readers will see them)"), permissions=("change",))
    def approve(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.APPROVED,
            lambda n: (
                ngettext("%(count)d comment approved.", "%(count)d comments approved.", n) % {"count": n}
            ),
        )

    @admin.action(description=_("Reject selected comments"), permissions=("change",))
    def reject(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.REJECTED,
            lambda n: (
                ngettext("%(count)d comment rejected.", "%(count)d comments rejected.", n) % {"count": n}
            ),
        )

    @admin.action(description=_("Mark selected comments as spam"), permissions=("change",))
    def mark_spam(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.SPAM,
            lambda n: (
                ngettext("%(count)d comment marked as spam.", "%(count)d comments marked as spam.", n)
                % {"count": n}
            ),
        )


# In the list of stories (articles.extensions.admin_annotations and admin_columns)

STORY_LIST_ANNOTATIONS = {
    "approved_comments": approved_comment_count,
    "pending_comments": lambda: count_per_article(Comment, Q(status=Comment.Status.PENDING)),
    "reactions_yes": lambda: count_per_article(Reaction, Q(value=Reaction.Value.YES)),
    "reactions_no": lambda: count_per_article(Reaction, Q(value=Reaction.Value.NO)),
}


@admin.display(description=_("comments"), ordering="approved_comments")
def comment_counts(article):
    if article.pending_comments:
        return format_html(
            '{} <a href="{}?article__id__exact={}&amp;status=pending">({})</a>',
            article.approved_comments,
            reverse("admin:engagement_comment_changelist"),
            article.pk,
            gettext("%(count)s waiting") % {"count": article.pending_comments},
        )
    return article.approved_comments


@admin.display(description=_("liked (yes / no)"), ordering="reactions_yes")
def reaction_counts(article):
    return f"{article.reactions_yes} / {article.reactions_no}"


# On the editors' desk (articles.extensions.desk_sections)


def moderation_queue(request, site):
    """The comments waiting for moderation, oldest first, for those who may see them."""
    if not may_view(request, site, Comment):
        return None
    return section(
        "comments",
        gettext("Comments waiting for moderation"),
        Comment.objects.pending()
        .select_related("article")
        .only("name", "body", "created_at", "article__headline")
        .order_by("created_at", "pk"),
        empty=gettext("No comment waits for moderation."),
        limit=COMMENT_ROWS,
        more=(
            changelist_url(site, Comment, status=Comment.Status.PENDING),
            gettext("Open the moderation queue"),
        ),
        row_template="admin/engagement/desk_comment_row.html",
    )
