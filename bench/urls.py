"""The site's URLs plus the load test's two floors (``bench/floors.py``)."""

from django.urls import path

from bench import floors
from cms.urls import urlpatterns as site_urlpatterns

handler500 = "cms.views.server_error"

# The site's own list, not include()d: its readers' pages use i18n_patterns, which Django
# allows only in the root URLconf.
urlpatterns = [
    path("bench/floor-a/", floors.floor_a, name="bench-floor-a"),
    path("bench/floor-b/", floors.floor_b, name="bench-floor-b"),
    *site_urlpatterns,
]
