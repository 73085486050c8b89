"""The admin's home page as the editors' desk: what waits for whom, above the app list.

Each section is shown only to people who may view its model, lists at most a few rows
and says how many there are in all. A section costs two queries (its rows, its count),
so the page costs the same however large the archive grows.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.admin.exceptions import NotRegistered
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext

from .. import extensions
from ..models import Article, Photo
from ..querysets import published_condition

TEMPLATE = "admin/desk.html"
ROWS = 10
PHOTO_RIGHTS_DAYS = 30
# What a row shows or needs for its public address (the key comes anyway); never the text.
ARTICLE_COLUMNS = ("headline", "slug", "status", "language", "published_at", "created_at", "updated_at")


@dataclass(frozen=True)
class DeskSection:
    """One list on the desk: its first rows, how many there are in all, and where the rest are."""

    key: str
    title: str
    rows: list
    total: int
    empty: str
    more_url: str = ""
    more_label: str = ""
    # A template drawing one of its rows (``row``), for a section of another model's rows;
    # the desk's own sections list stories.
    row_template: str = ""

    @property
    def shows_all(self):
        return len(self.rows) == self.total


def section(key, title, queryset, *, empty, limit=ROWS, more=("", ""), row_template=""):
    """A desk section of ``queryset``'s first ``limit`` rows (in its order) and their total;
    ``more`` is the address and label of the admin list holding them all."""
    return DeskSection(key, title, list(queryset[:limit]), queryset.count(), empty, *more, row_template)


def may_view(request, site, model):
    """Whether the user may view ``model`` through ``site``'s admin (and it has one)."""
    try:
        return site.get_model_admin(model).has_view_permission(request)
    except NotRegistered:
        return False


def changelist_url(site, model, **filters):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=site.name)
    return f"{url}?{urlencode(filters)}" if filters else url


def desk_context(request, site):
    """The desk's sections this user may see, in the order the page shows them, and what
    drawing them needs."""
    sections = []
    articles_visible = may_view(request, site, Article)
    if articles_visible:
        articles = Article.objects.only(*ARTICLE_COLUMNS)
        sections += [
            section(
                "review",
                gettext("Stories in review"),
                # The story that has waited longest since its last change comes first.
                articles.filter(status=Article.Status.IN_REVIEW).order_by("updated_at", "pk"),
                empty=gettext("Nothing waits for review."),
                more=(changelist_url(site, Article, state="review"), gettext("See all stories in review")),
            ),
            section(
                "scheduled",
                gettext("Scheduled stories"),
                articles.scheduled().order_by("published_at", "pk"),
                empty=gettext("No story is scheduled."),
                more=(changelist_url(site, Article, state="scheduled"), gettext("See all scheduled stories")),
            ),
            section(
                "drafts",
                gettext("My drafts"),
                articles.started_or_written_by(request.user)
                .filter(status=Article.Status.DRAFT)
                .order_by("-created_at", "-pk"),
                empty=gettext("You have no drafts."),
            ),
        ]
    if may_view(request, site, Photo):
        # Live stories showing a photo whose rights end within 30 days, or have ended.
        today = timezone.localdate()
        live = Count(
            "placements__article", filter=published_condition("placements__article__"), distinct=True
        )
        sections.append(
            section(
                "photo-rights",
                gettext("Photos on live stories whose rights end soon"),
                Photo.objects.on_live_stories()
                .filter(usable_until__lte=today + timedelta(days=PHOTO_RIGHTS_DAYS))
                .annotate(live_count=live)
                .order_by("usable_until", "pk"),
                empty=gettext("No photo on a live story has rights ending within 30 days."),
                more=(
                    changelist_url(site, Photo, rights="expiring"),
                    gettext("See the photos whose rights end soon"),
                ),
                row_template="admin/articles/desk_photo_row.html",
            )
        )
    # What other apps put on the desk (extensions.desk_sections: the moderation queue).
    sections += [found for make in extensions.desk_sections if (found := make(request, site)) is not None]
    if articles_visible:
        sections.append(
            section(
                "published",
                gettext("Recently published"),
                Article.objects.published().newest_first().only(*ARTICLE_COLUMNS),
                empty=gettext("Nothing has been published yet."),
                more=(changelist_url(site, Article, state="live"), gettext("See all published stories")),
            )
        )
    return {
        "desk": sections,
        "desk_links_articles": articles_visible,
        "desk_time_zone": timezone.get_current_timezone_name(),
        "desk_today": timezone.localdate(),
    }


def install(site):
    """Make ``site``'s home page the desk: its own index view, with the desk in its context.

    The index is wrapped on this one site rather than by a new AdminSite class, which
    would have to take over every registration and the ``admin.site`` every module uses.
    It must run before the site's URLs are read, as importing the admin modules does.
    """
    plain_index = site.index

    def index(request, extra_context=None):
        context = {"title": gettext("Editors' desk")} | desk_context(request, site)
        return plain_index(request, context | (extra_context or {}))

    site.index = index
    site.index_template = TEMPLATE
