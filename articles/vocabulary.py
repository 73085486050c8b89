"""The topics and the region tree as the readers' pages use them, read once per clock
reading by each process (``caching.derived``) instead of once or more per request.

Both are small (hundreds of rows) and change only when an editor changes a topic or a
place, which moves the clock (``caching.changes``). The objects returned are shared by the
requests of that reading: read them, never change them.

Readers are offered only the public ones (``querysets.public_topics``,
``Region.objects.public``): what only drafts, stories in review or scheduled stories name
stays out of every list, filter and page. Which ones are public changes when a story is
published or unpublished (a save, which moves the clock) or when a scheduled story's time
comes (the first page served after it moves it, see ``caching.changes.due``).
"""

from .caching import derived
from .models import Region, Topic
from .querysets import public_topics as public_topic_rows


def by_label(topics):
    """Topics in the order of the names readers see in the active language."""
    return tuple(sorted(topics, key=lambda topic: (topic.label.casefold(), topic.pk)))


def by_name(rows):
    """Regions, authors or organisations in the order of their names in the active language
    (the database would order by one language's column, where a name may be missing)."""
    return tuple(sorted(rows, key=lambda row: (row.name.casefold(), row.pk)))


def topics():
    """Every topic, by name, public or not (an article's own topics, also in the preview)."""
    return derived("topics", lambda: by_label(Topic.objects.all()))


def public_topics():
    """The topics of published stories, by name."""
    return derived("public-topics", lambda: by_label(public_topic_rows()))


def public_topics_by_slug():
    """The topics of published stories under their slug."""
    return derived("public-topics-by-slug", lambda: {topic.slug: topic for topic in public_topics()})


def regions():
    """Every region, by name, public or not (an article's own places, also in the preview),
    each saying whether a published story is filed under it (``with_published_stories``)."""
    return derived("regions", lambda: by_name(Region.objects.with_published_stories()))


def region_tree():
    """Every region as ``(region, depth)`` in tree order (``Region.objects.tree()``)."""
    return derived("region-tree", lambda: tuple(Region.objects.tree(regions())))


def public_region_tree():
    """The public regions as ``(region, depth)`` in tree order. A public place's parents are
    public too, so this is still a tree, with the same depths."""

    def build():
        tree = region_tree()
        public = Region.objects.public_ids_in(tree)
        return tuple((region, depth) for region, depth in tree if region.pk in public)

    return derived("public-region-tree", build)


def countries():
    """The public countries, by name."""
    public = {region.pk for region, _depth in public_region_tree()}
    return tuple(region for region in regions() if region.kind == Region.Kind.COUNTRY and region.pk in public)
