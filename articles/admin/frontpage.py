"""The front page's featured stories, chosen and ordered from one screen."""

from django.contrib import admin
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import FrontPageStory
from ..roles import PUBLISH_PERMISSION
from .safety import SafeInputsMixin


@admin.register(FrontPageStory)
class FrontPageAdmin(SafeInputsMixin, admin.ModelAdmin):
    """Featured stories in their front-page order; editors renumber them in place.

    Stories are added from the article list ("Feature selected articles"). The screen
    uses the article permissions: anyone who may see articles sees it, only editors
    (who may publish) reorder or remove.
    """

    list_display = ("featured_position", "headline", "state", "published_at")
    list_display_links = ("headline",)
    list_editable = ("featured_position",)
    ordering = ("featured_position", "-published_at")
    actions = ("remove_from_front_page",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_featured=True)

    @admin.display(description=_("state"))
    def state(self, story):
        if story.is_scheduled:
            return gettext("Scheduled: appears when published")
        if story.is_live:
            return gettext("On the front page")
        return gettext("%(status)s: not shown until published") % {"status": story.get_status_display()}

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def get_fields(self, request, obj=None):
        return ("featured_position",)

    @admin.action(description=_("Remove selected stories from the front page"), permissions=("change",))
    def remove_from_front_page(self, request, queryset):
        result = services.set_featured(queryset, False, user=request.user)
        count = result.changed
        self.message_user(
            request,
            ngettext("%(count)d story removed.", "%(count)d stories removed.", count) % {"count": count},
        )
