"""The read API of the content model: chainable querysets named for what a caller wants.

The models import this module; it imports none of them, but finds the others by name in
Django's registry (``_model``) when the query is built.
"""

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import extensions


def _model(name):
    """The articles app's model ``name``, from Django's registry."""
    return apps.get_model("articles", name)


class RegionQuerySet(models.QuerySet):
    def descendant_ids(self, region, *, include_self=True):
        """Ids of ``region``'s provinces, cities and deeper places, found with one query.

        The region tree is small (tens to a few hundred places), so reading it once and
        walking it in Python is cheaper and simpler than keeping a materialised path in
        step with every move.
        """
        ids = self.ids_below(self.tree(), region)
        return ids if include_self else ids[1:]

    def tree(self, regions=None):
        """Every region as ``(region, depth)`` in tree order, parents before their places.

        One query, unless ``regions`` (every region, by name) is given; the tree is small
        enough to walk in Python.
        """
        children = {}
        if regions is None:
            regions = sorted(self.model.objects.all(), key=lambda region: (region.name.casefold(), region.pk))
        for region in regions:
            children.setdefault(region.parent_id, []).append(region)
        ordered = []
        stack = [(region, 0) for region in reversed(children.get(None, []))]
        while stack:
            region, depth = stack.pop()
            ordered.append((region, depth))
            stack.extend((child, depth + 1) for child in reversed(children.get(region.pk, [])))
        return ordered

    @staticmethod
    def ids_below(tree, region):
        """Ids of ``region`` and its places, from a ``tree()`` already fetched (no query)."""
        children = {}
        for place, _depth in tree:
            children.setdefault(place.parent_id, []).append(place.pk)
        found, stack = [region.pk], list(children.get(region.pk, ()))
        while stack:
            pk = stack.pop()
            found.append(pk)
            stack.extend(children.get(pk, ()))
        return found

    def descendants_of(self, region, *, include_self=True):
        """The region (unless ``include_self`` is false) and every place inside it."""
        return self.filter(pk__in=self.descendant_ids(region, include_self=include_self))

    def with_published_stories(self):
        """Each region with ``has_published_story``: whether a published story is filed
        under it (an EXISTS per region, in the same query)."""
        Article = _model("Article")

        links = Article.regions.through.objects.filter(
            published_condition("article__"), region=OuterRef("pk")
        )
        return self.annotate(has_published_story=Exists(links))

    @staticmethod
    def public_ids_in(tree):
        """Ids of the regions readers may see, from a ``tree()`` of regions read
        ``with_published_stories()`` (no query): each a published story is filed under, and
        every place it lies in. A country's page includes its provinces and cities, and the
        region list counts their stories in the country's, so a country whose only stories
        are about its cities is public too; a place with no published story in or under it
        is not.
        """
        parents = {region.pk: region.parent_id for region, _depth in tree}
        public = set()
        for region, _depth in tree:
            pk = region.pk if region.has_published_story else None
            while pk is not None and pk not in public:
                public.add(pk)
                pk = parents.get(pk)
        return public

    def public(self):
        """The regions readers may see (``public_ids_in``): none that only unpublished stories name."""
        tree = self.tree(self.model.objects.with_published_stories())
        return self.filter(pk__in=self.public_ids_in(tree))


def published_condition(prefix=""):
    """The rule for what readers may see, as a Q object, also through a relation.

    ``published_condition("articles__")`` counts or filters a region's articles by the
    same rule as ``Article.objects.published()``, so the rule is written once.
    """
    Article = _model("Article")

    return Q(**{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()})


def _named_by_published(links, field, article="article"):
    """An EXISTS: a row of ``links`` (a link table's queryset) joins the outer row, by
    ``field``, to a published story, by ``article``."""
    return Exists(links.filter(published_condition(f"{article}__"), **{field: OuterRef("pk")}))


def untranslated_lookups(model):
    """``model``'s rows through a plain manager: lookups are not rewritten for the active
    language by django-modeltranslation, which copies every expression of a filter deeply
    to do so (a third of a millisecond for an EXISTS, on every list page); the rows still
    read their names in the reader's language. For filters that name no translated field."""
    return models.QuerySet(model)


def public_topics():
    """The topics readers may see: those of at least one published story.

    A topic used only by drafts, stories in review or scheduled stories has no page, no
    feed, no place in lists, filters or sitemaps until a story carrying it is published.
    """
    TaggedArticle, Topic = _model("TaggedArticle"), _model("Topic")

    return untranslated_lookups(Topic).filter(
        _named_by_published(TaggedArticle.objects.all(), "tag", article="content_object")
    )


def public_authors():
    """The authors readers may see: those in the byline of at least one published story
    (never one only drafts name, nor one nobody ever bylined)."""
    ArticleAuthor, Author = _model("ArticleAuthor"), _model("Author")

    return untranslated_lookups(Author).filter(_named_by_published(ArticleAuthor.objects.all(), "author"))


def public_organisations():
    """The organisations readers may see: those at least one published story cites."""
    Article, SourceOrganisation = _model("Article"), _model("SourceOrganisation")

    citations = Article.organisations.through.objects.all()
    return untranslated_lookups(SourceOrganisation).filter(
        _named_by_published(citations, "sourceorganisation")
    )


def count_per_article(model, condition):
    """How many ``model`` rows matching ``condition`` each article has, as a subquery.

    A subquery rather than a join and GROUP BY, so lists keep their order and paging.
    """
    rows = model.objects.filter(condition, article=OuterRef("pk")).order_by().values("article")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def byline_prefetch(about=False):
    """An article's byline in order, each credit with its author, in one query for a list.

    Of each author only what a byline shows: the address and the name (in every language,
    for the reader's with its fallback); with ``about`` (the story page's boxes about its
    authors) also the role, bio and photo, which lists never show."""
    ArticleAuthor = _model("ArticleAuthor")

    author = ArticleAuthor._meta.get_field("author").related_model
    wanted = ("id", "slug", "name", *(("role", "bio", "photo") if about else ()))
    shown = [
        f"author__{field.name}"
        for field in author._meta.concrete_fields
        if field.name in wanted or field.name.startswith(tuple(f"{name}_" for name in wanted[2:]))
    ]
    return Prefetch(
        "byline", queryset=ArticleAuthor.objects.select_related("author").only("article", "position", *shown)
    )


def listing_prefetches(about=False):
    """The related rows every article list shows: the byline and the photos (with
    ``about``, the authors' role, bio and photo too, for the story page)."""
    return (byline_prefetch(about=about), "photos")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, with a publication time that has come.

        Drafts, articles in review and scheduled articles (published, but with a
        future ``published_at``) are all excluded.
        """
        return self.filter(published_condition())

    def in_language(self, language=None):
        """Stories written in ``language``: by default the one the active reader language shows
        (an /uz-cyrl/ page shows the Uzbek stories, see ``languages.codes``)."""
        from languages.codes import content_language

        return self.filter(language=content_language(language))

    def translations_of(self, article):
        """The other stories of ``article``'s translation group (its source and the source's
        translations), in any state: narrow with ``published()`` for readers."""
        source_id = article.translation_of_id or article.pk
        return self.filter(models.Q(pk=source_id) | models.Q(translation_of_id=source_id)).exclude(
            pk=article.pk
        )

    def scheduled(self):
        """Published articles whose publication time is still in the future."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def for_article_page(self):
        """An article with its byline and photos (three queries), whether any story translates
        it (``has_translations``) and whether it has notes (``has_notes``). Its topics and
        regions come from ``views.filed_under``, its translations from ``kept_values.published_translations``; its
        comments are read for the page. Its dateline's place is not shown (the dateline
        is the story's own text), so not read."""
        translated = self.model.objects.filter(translation_of=OuterRef("pk"))
        return (
            self.defer("search_vector")  # as long as the text itself, and never shown
            .prefetch_related(*listing_prefetches(about=True))
            # Most stories have no translation and no note: their page then asks for none.
            .annotate(has_translations=Exists(translated))
            .with_has_notes()
        )

    def with_has_notes(self):
        """Each story says whether it has corrections, updates or editor's notes
        (``has_notes``), so that pages read the notes of those that do only."""
        return self.annotate(has_notes=Exists(_model("StoryNote").objects.filter(article=OuterRef("pk"))))

    def for_cards(self):
        """What article cards show, in one query: each story's own columns (not its text)
        and what other apps count per story (``extensions.card_annotations``: the approved
        comments). Lists read the bylines and lead photos of a whole page as plain values
        when they draw the cards (``articles/templatetags/cards.py``)."""
        cards = self.defer("body", "search_vector")
        annotations = {name: make() for name, make in extensions.card_annotations.items()}
        return cards.annotate(**annotations) if annotations else cards

    def in_region(self, region):
        """Articles about ``region`` or any place inside it (a country includes its cities)."""
        Region = _model("Region")

        return self.in_regions(Region.objects.descendant_ids(region))

    # Narrowing to a region, topic, author or organisation is an EXISTS per story rather
    # than a join or IN (every link of that region or topic). A page of the newest stories
    # then probes the stories it reads, newest first, off the newest-first index, and stops
    # when the page is full, whatever the database's statistics say; a join or IN first
    # collects every link (SQLite at 100,000 stories: a country's page 1 in 1 ms instead of
    # 30 ms, a topic's in 1 ms instead of 109 ms once ANALYZE has run). Each link table has
    # a unique (article, other) index for the probe. No page counts the whole list
    # (articles/pagination.py), which is where IN was quicker.

    def in_regions(self, region_ids):
        """Articles about any of the regions with these ids, each listed once."""
        links = self.model.regions.through.objects.filter(region_id__in=region_ids, article_id=OuterRef("pk"))
        return self.filter(Exists(links))

    def tagged(self, topic):
        """Articles carrying ``topic`` (a Topic or its id)."""
        TaggedArticle = _model("TaggedArticle")

        return self.filter(Exists(TaggedArticle.objects.filter(tag=topic, content_object=OuterRef("pk"))))

    def by_author(self, author):
        """Articles ``author`` (an Author or their id) wrote or co-wrote, each listed once."""
        ArticleAuthor = _model("ArticleAuthor")

        return self.filter(Exists(ArticleAuthor.objects.filter(author=author, article=OuterRef("pk"))))

    def citing(self, organisation):
        """Articles that cite ``organisation`` (a SourceOrganisation or its id)."""
        links = self.model.organisations.through.objects.filter(
            sourceorganisation=organisation, article=OuterRef("pk")
        )
        return self.filter(Exists(links))

    def started_or_written_by(self, user):
        """Articles ``user`` started in the admin, or is in the byline of (through their author page)."""
        ArticleAuthor = _model("ArticleAuthor")

        in_byline = ArticleAuthor.objects.filter(article=OuterRef("pk"), author__user_id=user.pk)
        return self.filter(Q(created_by_id=user.pk) | Exists(in_byline))

    def featured(self):
        """The stories the editors feature on the front page, in the editors' order (read
        off the ``article_featured`` index)."""
        return self.filter(is_featured=True).order_by(
            models.F("featured_position").asc(nulls_last=True), "-published_at"
        )

    def before(self, published_at, pk):
        """Stories that come after the one published at ``published_at`` with id ``pk`` in the
        newest-first order (``newest_first``): published earlier, or at the same time with a
        lower id. "At or before" comes first so the database starts from the newest-first
        index at that time (the OR alone made PostgreSQL read the index from today: 50 ms
        instead of 0.3 for a story of 2023)."""
        return self.filter(
            Q(published_at__lte=published_at)
            & (Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk))
        )

    def newest_first(self):
        """Published stories, newest first: the order of the ``article_published_newest``
        index, so a page is read straight off it (published stories all have a time)."""
        return self.order_by("-published_at", "-pk")
