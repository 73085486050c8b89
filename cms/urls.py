from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from accounts.forms import StaffAuthenticationForm
from api.access import not_found as api_not_found
from api.endpoints import api
from cms.views import csrf_token, favicon, healthz, moved_admin_page, security_txt, web_manifest

# Translators: the admin's title: "Vlast.kz newsroom".
admin.site.site_header = format_lazy(_("{site} newsroom"), site=settings.SITE_NAME)
admin.site.site_title = admin.site.site_header
admin.site.index_title = _("Content")
# Sign-in asks staff who turned two-factor on for their code (accounts/).
admin.site.login_form = StaffAuthenticationForm
admin.site.login_template = "accounts/login.html"

handler403 = "cms.views.permission_denied"
handler500 = "cms.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("csrf/", csrf_token, name="csrf-token"),
    path(".well-known/security.txt", security_txt, name="security-txt"),
    path("manifest.webmanifest", web_manifest, name="web-manifest"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/two-factor/", include("accounts.urls")),
    # The admin's addresses from before comments, reactions and pages left the articles app
    # (bookmarks of the moderation queue): a permanent redirect, the query string kept.
    re_path(
        r"^admin/articles/(?P<model>comment|reaction)/(?P<rest>.*)$",
        moved_admin_page,
        {"app": "engagement"},
    ),
    re_path(r"^admin/articles/(?P<model>page)/(?P<rest>.*)$", moved_admin_page, {"app": "pages"}),
    path("admin/", admin.site.urls),
    # The read API for partners and apps, in every language at one address (api/).
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found, name="api-not-found"),
    # The newsroom's language choice (a form in the admin's header posts here).
    path("i18n/", include("django.conf.urls.i18n")),
]
# Readers' pages in every language: English at today's addresses, the others under their
# prefix (/ru/, /kk/, /kk-latn/, /ky/, /tg/, /uz/, /uz-cyrl/, /tk/).
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("", include("engagement.urls")),
    path("", include("pages.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Development only: production serves media from its storage or web server.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}
        ),
    ]
