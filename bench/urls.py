"""The site's URLs plus the load test's two floors (``bench/floors.py``)."""

from django.urls import include, path

from bench import floors

handler500 = "cms.views.server_error"

urlpatterns = [
    path("bench/floor-a/", floors.floor_a, name="bench-floor-a"),
    path("bench/floor-b/", floors.floor_b, name="bench-floor-b"),
    path("", include("cms.urls")),
]
