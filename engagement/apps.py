from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    """Readers' comments and reactions under the stories."""

    name = "engagement"
    verbose_name = _("Readers' comments and reactions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import extensions

        from . import admin, hooks, services, signals  # models must be ready first

        signals.connect()
        extensions.card_annotations["comment_count"] = hooks.approved_comment_count
        extensions.story_page_context.append(hooks.story_page)
        extensions.story_page_templates.append(hooks.STORY_TEMPLATE)
        extensions.story_page_cookies.append(services.READER_COOKIE)
        extensions.admin_annotations.update(admin.STORY_LIST_ANNOTATIONS)
        extensions.admin_columns.extend([admin.comment_counts, admin.reaction_counts])
        extensions.desk_sections.append(admin.moderation_queue)
