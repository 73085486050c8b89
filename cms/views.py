"""Site-wide views: the health check, security.txt, the refusal page that says why, and the
error page that tells a database outage apart."""

import logging
import sys
from datetime import UTC, timedelta
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connections
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.middleware.csrf import get_token
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from cms import site

logger = logging.getLogger(__name__)

UNAVAILABLE = gettext_lazy(
    "The site is unavailable for a moment: we cannot reach our database. Please try again in a minute."
)


@never_cache
def healthz(request):
    """200 when the database and the cache both answer, 503 naming what does not.

    Touches neither the session nor the user, so a load balancer's checks stay cheap.
    """
    problems = []
    for alias in connections:  # the primary, and the read replica when there is one
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as exc:
            logger.warning("Health check: database %r does not answer (%s)", alias, exc)
            problems.append("database" if alias == "default" else f"database {alias}")
    try:
        cache.set("healthz", "ok", timeout=10)
        if cache.get("healthz") != "ok":
            raise RuntimeError("the cache did not return what was stored")
    except Exception as exc:
        logger.warning("Health check: the cache does not answer (%s)", exc)
        problems.append("cache")
    if problems:
        return HttpResponse(
            "unavailable: " + ", ".join(problems) + "\n", status=503, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def server_error(request):
    """500 page; a 503 with a plain message when the cause is an unreachable database."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(f"{UNAVAILABLE}\n", status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def permission_denied(request, exception):
    """403 with the reason it was refused: in the admin's frame on staff pages, the site's elsewhere."""
    from django.contrib import admin  # here: the admin site is configured by cms/urls.py

    reason = str(exception) if exception is not None else ""
    if request.path.startswith(reverse("admin:index")):
        context = admin.site.each_context(request) | {"title": _("You cannot do this"), "reason": reason}
        html = loader.render_to_string("admin/403.html", context, request)
    else:
        html = loader.render_to_string("403.html", {"reason": reason}, request)
    return HttpResponseForbidden(html)


@never_cache
def csrf_token(request):
    """A CSRF token for the forms of a page served from the HTTP accelerator, which carries
    none (engagement/static/engagement/reader.js); answering also sets the cookie it is checked
    against."""
    return JsonResponse({"token": get_token(request)})


@never_cache
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): who to tell about a vulnerability.

    Served only when the operator has named a contact (SECURITY_CONTACT): a file pointing
    nowhere would send reports into the void. It expires a year after it is read, so a
    copy found long after the site is gone is recognised as stale.
    """
    if not settings.SECURITY_CONTACT:
        raise Http404("No security contact is configured.")
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACT]
    lines += [
        f"Expires: {expires.astimezone(UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# The site's colours, as site.css has them: the browser's bar and the splash screen.
THEME_COLOUR = "#8a1c1c"
BACKGROUND_COLOUR = "#ffffff"
# Kept by browsers for a day: the icons and names change with a deployment, not a story.
MANIFEST_SECONDS = 24 * 60 * 60


def web_manifest(request):
    """The web app manifest (/manifest.webmanifest): the site's name, description, colours
    and icons, for a reader who adds it to a phone's home screen."""
    icons = [
        {"src": static("cms/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("cms/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("cms/icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
        {"src": static("cms/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    manifest = {
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME,
        "description": site.description(),
        "lang": "en",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "minimal-ui",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icons,
    }
    response = JsonResponse(
        manifest, json_dumps_params={"ensure_ascii": False}, content_type="application/manifest+json"
    )
    patch_cache_control(response, public=True, max_age=MANIFEST_SECONDS)
    return response


def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page says: the icon
    among the static files (its name carries its version)."""
    return HttpResponsePermanentRedirect(static("cms/icons/favicon.ico"))


def moved_admin_page(request, app, model, rest):
    """An admin page of a model that moved to ``app``, at its new address (the same path
    below the model, the same query string)."""
    query = request.META.get("QUERY_STRING", "")
    # The path as it came, encoded again: a line break or a space in it stays in the address.
    path = quote(f"/admin/{app}/{model}/{rest}")
    return HttpResponsePermanentRedirect(path + (f"?{query}" if query else ""))
