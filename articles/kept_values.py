"""Every value the readers' pages read from the content and each process keeps for the
clock reading (``caching.changes``) instead of reading it once or more per request: the
topics and the region tree, the filters' choices, the front page's topics in the news,
cards' bylines and lead photos, a story's surroundings (its topics, places, organisations
cited and related stories) and its published translations, how many stories each whole
list holds, the front page's featured stories, and the markup of the filters with nothing
chosen and of the front page's topics and countries.

All are small and change only when an editor changes what they are made of, which moves
the clock (``caching.kept``: a change through this process forgets them at once, one
through another server within ``PAGE_CACHE_VERSION_SECONDS``). The objects returned are
shared by the requests of that reading: read them, never change them.

Readers are offered only the public ones (``querysets.public_topics``,
``Region.objects.public``): what only drafts, stories in review or scheduled stories name
stays out of every list, filter and page. Which ones are public changes when a story is
published or unpublished (a save, which moves the clock) or when a scheduled story's time
comes (the first page served after it moves it, see ``caching.changes.due``).
"""

from typing import NamedTuple

from django.db.models import Count, F
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language

from .caching import derived, derived_many
from .models import Article, ArticleAuthor, ImageCaption, MediaTopic, Region, SourceOrganisation, Topic
from .models.content import card_thumbnail, public_address
from .querysets import public_topics as public_topic_rows

# The front page's topics: those most used by its latest stories.
TOPICS_IN_THE_NEWS = 12
RECENT_STORIES = 200


def by_label(topics):
    """Topics in the order of the names readers see in the active language."""
    return tuple(sorted(topics, key=lambda topic: (topic.label.casefold(), topic.pk)))


def by_name(rows):
    """Regions, authors or organisations in the order of their names in the active language
    (the database would order by one language's column, where a name may be missing)."""
    return tuple(sorted(rows, key=lambda row: (row.name.casefold(), row.pk)))


def topics():
    """Every topic, by name, public or not (an article's own topics, also in the preview),
    with the IPTC Media Topics each is mapped to (``kept_media_topics``)."""
    return derived("topics", lambda: by_label(_topics_with_media_topics()))


def media_topics_of_topics():
    """``{topic id: (IPTC Media Topics it is mapped to, by code)}``, from the topics as kept
    (``topics``: read with them, no query of its own). Mapping a topic moves the clock."""
    return derived(
        "media-topics-of-topics",
        lambda: {topic.pk: topic.kept_media_topics for topic in topics() if topic.kept_media_topics},
    )


def _topics_with_media_topics():
    """Every topic, each with ``kept_media_topics``: the Media Topics it is mapped to, read in
    the same query (a row per topic and Media Topic, one for a topic mapped to none)."""
    columns = [field.attname for field in MediaTopic._meta.concrete_fields]
    rows = Topic.objects.annotate(**{f"iptc_{name}": F(f"media_topics__{name}") for name in columns})
    found = {}
    for row in rows.order_by("pk", "media_topics__code"):
        topic = found.setdefault(row.pk, row)
        if not hasattr(topic, "kept_media_topics"):
            topic.kept_media_topics = ()
        if row.iptc_id is not None:
            mapped = MediaTopic(**{name: getattr(row, f"iptc_{name}") for name in columns})
            topic.kept_media_topics += (mapped,)
    return list(found.values())


def media_topics_of(topics):
    """The IPTC Media Topics ``topics`` are mapped to, each once, in the topics' order."""
    mapped = media_topics_of_topics()
    found = {}
    for topic in topics:
        for media_topic in mapped.get(topic.pk, ()):
            found.setdefault(media_topic.pk, media_topic)
    return list(found.values())


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


def organisations():
    """Every organisation, by name (those a story cites, on its page: it names them only
    when the story is published, and then they are public)."""
    return derived("organisations", lambda: by_name(SourceOrganisation.objects.all()))


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


def public_region(slug):
    """The public place with ``slug``, or None, from the kept tree (no query)."""
    return next((region for region, _depth in public_region_tree() if region.slug == slug), None)


def public_ids_below(region):
    """Ids of ``region`` and the public places inside it, from the kept tree (no query): what
    a place's page, filter and feed list stories about."""
    return Region.objects.ids_below(public_region_tree(), region)


def countries():
    """The public countries, by name."""
    public = {region.pk for region, _depth in public_region_tree()}
    return tuple(region for region in regions() if region.kind == Region.Kind.COUNTRY and region.pk in public)


def topics_in_the_news():
    """The topics most used by the latest stories, for the front page (one query).

    Counting every topic over the whole archive grows with it (1.5 s at 100,000 stories);
    the latest stories are also what "Topics" on a front page should mean.
    """

    def build():
        recent = Article.objects.published().in_language().newest_first().values("pk")[:RECENT_STORIES]
        return tuple(
            Topic.objects.filter(article_links__content_object__in=recent)
            .annotate(recent_count=Count("article_links"))
            .order_by("-recent_count", "name")[:TOPICS_IN_THE_NEWS]
        )

    return derived("topics-in-the-news", build)


# The filters' choices


class FixedChoices(BaseChoiceIterator):
    """A filter's choices made once per clock reading and reader language (the topics, the
    places), shared by every copy of the form field, with their ``<option>``s written once
    for each value selected (``filters.QuickSelect``).

    Django deep-copies every field of a form it builds, choices and all, and normalises a
    plain list of choices each time; QuickSelect then escaped every name again. With two
    hundred topics that was a third of a country page's own work (bench/NOTES.md).
    """

    def __init__(self, pairs):
        self.pairs = tuple(pairs)
        self._written = {}

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self):
        return len(self.pairs)

    def __deepcopy__(self, memo):
        return self  # never changed once made: every copy of the field may share it

    def written(self, key, write):
        """``write()``, made once per ``key``: the choices put before these (the empty
        choice, as written in the reader's language) and the value selected."""
        found = self._written.get(key)
        if found is None:
            found = self._written[key] = write()
        return found


def tree_choices(tree):
    """Choices of the places of ``tree`` (``(region, depth)``), each indented under the one above."""
    return FixedChoices((region.slug, "\u2003" * depth + region.name) for region, depth in tree)


def topic_choices():
    """The topics of published stories under their slug, and the topic filter's choices,
    from one reading of them."""

    def build():
        topics = public_topics_by_slug()
        return topics, FixedChoices((slug, topic.label) for slug, topic in topics.items())

    return derived("topic-filter", build)


def region_choices():
    """The region filter's choices: the public places, each under its country."""
    return derived("region-choices", lambda: tree_choices(public_region_tree()))


# Cards


class Photo(NamedTuple):
    url: str
    height: int


class CardFacts(NamedTuple):
    """What a card shows beyond the article's own columns."""

    credits: tuple  # ((author name, author address), ...) in byline order
    photo: Photo | None  # the lead photo's thumbnail, when the first photo is a lead photo
    author_ids: tuple = ()  # the authors named, for the page's surrogate keys


def _photo(image_name, after_paragraph, renditions, width, height):
    # As the article page: the first photo leads the card only when it stands before the
    # text. Rows without an image (an imported caption waiting for its file) are not
    # printed there, so they are passed over before this.
    if after_paragraph is not None:
        return None
    return Photo(*card_thumbnail(image_name, renditions, width, height))


def card_facts(articles):
    """{article id: CardFacts} for ``articles``: those a page attached already
    (``attach_card_facts``), those this process read at the current clock reading, and
    the others read together, as plain values, in two queries (building a few hundred
    bylines, authors and photos as model objects was a third of a list page's time)."""
    facts, missing = {}, []
    for article in articles:
        if "card_facts" in article.__dict__:
            facts[article.pk] = article.card_facts
        else:
            missing.append(article.pk)
    if missing:
        facts.update(derived_many("card-facts", missing, _read_card_facts))
    return facts


def _read_card_facts(missing):
    credits = {pk: [] for pk in missing}
    authors = {pk: [] for pk in missing}
    bylines = (
        ArticleAuthor.objects.filter(article_id__in=missing)
        .order_by("article_id", "position", "pk")
        .values_list("article_id", "author_id", "author__name", "author__slug")
    )
    for article_id, author_id, name, slug in bylines:
        credits[article_id].append((name, public_address("articles:author", slug=slug)))
        authors[article_id].append(author_id)
    photos = {}
    rows = (
        ImageCaption.objects.filter(article_id__in=missing)
        .exclude(photo__image="")
        .order_by("article_id", "position", "pk")
        .values_list(
            "article_id",
            "photo__image",
            "after_paragraph",
            "photo__renditions",
            "photo__width",
            "photo__height",
        )
    )
    for article_id, *photo in rows:
        photos.setdefault(article_id, _photo(*photo))  # the first photo only
    return {pk: CardFacts(tuple(credits[pk]), photos.get(pk), tuple(authors[pk])) for pk in missing}


def attach_card_facts(articles):
    """Read the card facts of ``articles`` now (two queries for them all), for a page that
    shows them in more than one list."""
    facts = card_facts(articles)
    for article in articles:
        article.card_facts = facts[article.pk]


def featured_stories(read):
    """The front page's featured stories as ``read()`` lists them (in the editors' order,
    with their card facts attached). Featuring, reordering, a story coming due and a
    comment (its count is on the card) all move the clock."""
    return derived("featured-stories", lambda: tuple(read()))


# How many stories a whole list holds


def list_count(key, stories):
    """How many stories ``stories`` (a whole list nobody narrowed: every story in the
    language, or a topic's, a place's, an author's, an organisation's) holds, counted once
    for the clock reading and language and kept under ``key``. Publishing, unpublishing or
    retagging a story moves the clock, and so does a scheduled story's time coming, so the
    number never lags behind the list it is shown over."""
    return derived(("list-count", *key), lambda: stories.order_by().values("pk").count())


# The list filters, as nobody has chosen any


def filters_markup(omitted, draw):
    """The filters' form of a list that offers all but ``omitted``, with nothing chosen:
    the markup ``draw()`` returns, kept. It shows the public topics and places, which the
    clock follows, in the reader's language, which the key holds; the form posts to the
    page it is on (no ``action``), so one markup serves every topic, place or author."""
    return derived(("filters-markup", *omitted), draw)


def front_browse_markup(draw):
    """The front page's topics in the news and countries, as ``draw()`` writes them: they
    follow the clock, and the key holds the reader's language."""
    return derived("front-browse-markup", draw)


# A story's surroundings


def surroundings(article, read):
    """What ``read()`` says is around a published story: its topics, places and
    organisations, and its related stories. Each is changed only by an edit (of this story,
    or a story published, unpublished or coming due), which moves the clock."""
    kind = ("surroundings", get_language())
    return derived_many(kind, [article.pk], lambda _missing: {article.pk: read()})[article.pk]


# A story's translations


def published_translations(article):
    """The published stories of ``article``'s translation group but itself, by language,
    for "Also in", ``hreflang``, JSON-LD and the API (which names their headlines). None
    without a query for a story that translates none and that none translates
    (``has_translations``, from ``for_article_page``)."""
    if not (article.translation_of_id or getattr(article, "has_translations", True)):
        return []

    def group(ids):
        return {
            pk: list(
                Article.objects.published()
                .translations_of(article)
                .only("headline", "slug", "language", "published_at", "status", "translation_of_id")
                .order_by("language")
            )
            for pk in ids
        }

    return derived_many("translations", [article.pk], group)[article.pk]
