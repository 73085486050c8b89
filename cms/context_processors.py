"""Template context shared by every page."""

from django.conf import settings

from cms.site import description as site_description


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "site_description": site_description(),
    }
