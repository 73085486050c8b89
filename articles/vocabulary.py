"""The topics and the region tree as the readers' pages use them, read once per content
version by each process (``caching.derived``) instead of once or more per request.

Both are small (hundreds of rows) and change only when an editor changes a topic or a
place, which starts a new content version. The objects returned are shared by the requests
of that version: read them, never change them.
"""

from .caching import derived
from .models import Region, Topic


def topics():
    """Every topic, by name."""
    return derived("topics", lambda: tuple(Topic.objects.order_by("name")))


def topics_by_slug():
    """Every topic under its slug."""
    return derived("topics-by-slug", lambda: {topic.slug: topic for topic in topics()})


def regions():
    """Every region, by name."""
    return derived("regions", lambda: tuple(Region.objects.order_by("name")))


def region_tree():
    """Every region as ``(region, depth)`` in tree order (``Region.objects.tree()``)."""
    return derived("region-tree", lambda: tuple(Region.objects.tree(regions())))


def countries():
    """The countries, by name."""
    return tuple(region for region in regions() if region.kind == Region.Kind.COUNTRY)
