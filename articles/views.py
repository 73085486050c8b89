"""The readers' pages. Every query starts from ``Article.objects.published()``."""

import difflib
import itertools
from datetime import date, timedelta

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from languages import codes
from languages.codes import content_language

from . import extensions, kept_values
from .caching import keys as page_keys
from .drawn_story import draw_story
from .filters import ArticleFilter
from .models import Article, Region, SourceOrganisation, StoryNote, TaggedArticle
from .pagination import BoundedPaginator
from .querysets import (
    byline_prefetch,
    public_authors,
    public_organisations,
    public_topics,
    published_condition,
)
from .search import passage, query_words

PAGE_SIZE = 20
RELATED_COUNT = 4
STORY_TEMPLATE = "articles/article_detail.html"


def published_topics_count():
    """The public topics with how many published stories in the page's language each
    carries, leaving out those with none in it (one query)."""
    live = published_condition("article_links__content_object__") & Q(
        article_links__content_object__language=content_language()
    )
    return (
        public_topics()
        .annotate(article_count=Count("article_links", filter=live))
        .filter(article_count__gt=0)
    )


class CardPages:
    """Lists of cards paged by ``BoundedPaginator``: past page 1, a page's rows are read by
    id with what cards show (``for_cards``) and nothing else."""

    paginate_by = PAGE_SIZE
    paginator_class = BoundedPaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, rows_by_id=self.rows_by_id, **kwargs)

    def rows_by_id(self, ids):
        return Article.objects.for_cards().filter(pk__in=ids)


class FrontPageView(CardPages, ListView):
    """The editors' featured stories in their order, then the latest, then ways in."""

    template_name = "articles/front.html"
    context_object_name = "articles"

    def get_queryset(self):
        # Related rows are fetched once for the featured and the latest stories together.
        return Article.objects.published().in_language().for_cards().filter(is_featured=False).newest_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        featured = []
        latest = context["articles"] = list(context["articles"])
        if context["page_obj"].number == 1:

            def read_featured():
                stories = list(Article.objects.published().in_language().for_cards().featured())
                kept_values.attach_card_facts(stories + latest)  # both lists' at once
                return stories

            # The editors' choice, kept for the content version: featuring, a comment or a
            # story coming due moves the clock.
            featured = list(kept_values.featured_stories(read_featured))
            # Topics and countries, drawn once per language and content version.
            context["browse_markup"] = kept_values.front_browse_markup(
                lambda: render_to_string(
                    "articles/_browse.html",
                    {"topics": kept_values.topics_in_the_news(), "countries": kept_values.countries()},
                )
            )
        kept_values.attach_card_facts(latest)  # kept already when the featured were read
        context["featured"] = featured
        page_keys.shows(page_keys.stories(content_language()), page_keys.VOCABULARY)
        return context


class ArticleListView(CardPages, FilterView):
    """Every published article, newest first, with filters that combine."""

    filterset_class = ArticleFilter
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    omit_filters = ()
    shows_filters = True  # the filters' form above the list (_filters.html)
    page_title = gettext_lazy("All stories")

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class) | {"omit": self.omit_filters}
        # Only the filters' own parameters narrow the list: ?page=3 alone, or filters all
        # left empty, is the whole list, whose filters need no form of their own (below).
        data = kwargs["data"]
        if data is not None and not filterset_class.chosen(data, filterset_class.base_filters):
            kwargs["data"] = None
        return kwargs

    def get_queryset(self):
        return Article.objects.published().in_language().for_cards().newest_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_keys.shows(*self.list_keys())
        page_keys.shows_stories(context["articles"])
        paginator, filterset = context["paginator"], context["filter"]
        # How many stories the list holds: known when it ends on this page, counted (to
        # 500) when the reader narrowed it, and for a whole list counted once per content
        # version and kept (the template reads ``paginator.matches``).
        whole = self.count_key()
        if context["articles"] and paginator.total is None and whole and not filterset.active:
            paginator.count_whole(kept_values.list_count(whole, self.object_list))
        if self.shows_filters and not filterset.is_bound:
            # Nothing chosen: the same form on every page of this kind, drawn once per
            # language and content version (building and drawing it cost as much as the
            # list's query).
            context["filters_markup"] = kept_values.filters_markup(
                self.omit_filters, lambda: render_to_string("articles/_filters.html", {"filter": filterset})
            )
        return context | {"page_title": self.page_title}

    def count_key(self):
        """What the whole list is, for its kept count (``kept_values.list_count``)."""
        return ("stories",)

    def list_keys(self):
        """The surrogate keys of the list this page is (caching/keys.py): every story in
        the language, and the names its filters offer."""
        return (page_keys.stories(content_language()), page_keys.VOCABULARY)


class TopicDetailView(ArticleListView):
    """A topic: what it covers, then its articles, which readers may narrow by region."""

    template_name = "articles/topic_detail.html"
    omit_filters = ("topic", "author", "organisation")

    def get_queryset(self):
        self.topic = kept_values.public_topics_by_slug().get(self.kwargs["slug"])
        if self.topic is None:
            raise Http404("No such topic.")
        return super().get_queryset().tagged(self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"topic": self.topic, "page_title": self.topic.label}

    def count_key(self):
        return ("topic", self.topic.pk)

    def list_keys(self):
        key = page_keys.topic(self.topic.pk)
        return (key, page_keys.listed(key, content_language()), page_keys.VOCABULARY)


class RegionDetailView(ArticleListView):
    """A place: where it lies, the places in it, and articles about any of them."""

    template_name = "articles/region_detail.html"
    omit_filters = ("region", "author", "organisation")

    def get_queryset(self):
        self.tree = kept_values.public_region_tree()
        self.region = kept_values.public_region(self.kwargs["slug"])
        if self.region is None:
            raise Http404("No such region.")
        return super().get_queryset().in_regions(kept_values.public_ids_below(self.region))

    def get_context_data(self, **kwargs):
        by_id = {region.pk: region for region, _depth in self.tree}
        ancestors, parent_id = [], self.region.parent_id
        while parent_id in by_id:
            ancestors.insert(0, by_id[parent_id])
            parent_id = by_id[parent_id].parent_id
        children = [region for region, _depth in self.tree if region.parent_id == self.region.pk]
        page_keys.shows(*(page_keys.region(place.pk) for place in ancestors))  # named in its path
        return super().get_context_data(**kwargs) | {
            "region": self.region,
            "ancestors": ancestors,
            "children": children,
            "page_title": self.region.name,
        }

    def count_key(self):
        return ("region", self.region.pk)

    def list_keys(self):
        key = page_keys.region(self.region.pk)
        return (key, page_keys.listed(key, content_language()), page_keys.VOCABULARY)


class AuthorDetailView(ArticleListView):
    template_name = "articles/author_detail.html"
    omit_filters = ("author", "organisation", "region", "topic")

    def get_queryset(self):
        self.author = get_object_or_404(public_authors(), slug=self.kwargs["slug"])
        return super().get_queryset().by_author(self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"author": self.author, "page_title": self.author.name}

    def count_key(self):
        return ("author", self.author.pk)

    def list_keys(self):
        key = page_keys.author(self.author.pk)
        return (key, page_keys.listed(key, content_language()))


class OrganisationDetailView(ArticleListView):
    template_name = "articles/organisation_detail.html"
    omit_filters = ("author", "organisation", "region", "topic")

    def get_queryset(self):
        self.organisation = get_object_or_404(
            public_organisations().select_related("parent", "region"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().citing(self.organisation)

    def get_context_data(self, **kwargs):
        parent = self.organisation.parent
        return super().get_context_data(**kwargs) | {
            "organisation": self.organisation,
            "page_title": self.organisation.name,
            # Linked only when its page is public (a published story cites it).
            "parent_is_public": parent is not None and public_organisations().filter(pk=parent.pk).exists(),
        }

    def count_key(self):
        return ("organisation", self.organisation.pk)

    def list_keys(self):
        organisation = self.organisation  # with its parent and its place, named on the page
        named = [page_keys.organisation(pk) for pk in (organisation.pk, organisation.parent_id) if pk]
        named += [page_keys.region(pk) for pk in (organisation.region_id,) if pk]
        listed = page_keys.listed(page_keys.organisation(organisation.pk), content_language())
        return (*named, listed, page_keys.VOCABULARY)


class SearchView(ArticleListView):
    """Results best first, each with a passage where the words are highlighted."""

    template_name = "articles/search.html"
    page_title = pgettext_lazy("title of the search page", "Search")

    def get_queryset(self):
        # Results show a passage of the text and the byline, not cards.
        return (
            Article.objects.published()
            .in_language()
            .defer("search_vector")
            .prefetch_related(byline_prefetch())
            .newest_first()
        )

    # Past page 1 the rows are read by id with the search's own query narrowed to them:
    # their passages and ranks come from it (pagination.py).
    rows_by_id = None

    shows_filters = False  # its own search form

    def count_key(self):
        return None  # results are counted by the search's own query (search.py)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page, articles = context["page_obj"], context["articles"]
        # Page 1's rows carry how many stories were ranked (search.py); past it the rows are
        # read by id (pagination.py), so the paginator counts.
        ranked = getattr(articles[0], "search_matches", None) if articles else None
        if page.number == 1 and ranked is not None and page.paginator.total is None:
            page.paginator.count_known(ranked)
        page_keys.shows(page_keys.SEARCH)
        words = query_words(self.request.GET.get("q", ""))
        context["words"] = words
        context["results"] = [(article, passage(article, words)) for article in context["articles"]]
        if words and not context["results"] and page.number == 1:
            context["suggested_words"], context["suggested_pages"] = suggestions(words)
        return context


# How alike a word or name must be to what the reader typed to be suggested (difflib's ratio).
SUGGESTION_CUTOFF = 0.75


def suggestions(words):
    """For a search that found nothing: the same words spelt as the names of the public
    topics and places spell them ("Almati" → "Almaty"), or None; and the topics and places
    whose names are closest to what was typed, whose pages the reader may want instead.
    From the kept vocabulary, without a query."""
    named, vocabulary = {}, {}
    items = [(topic.label, topic) for topic in kept_values.public_topics()]
    items += [(place.name, place) for place, _depth in kept_values.public_region_tree()]
    for name, item in items:
        named.setdefault(name.casefold(), item)
        # Each word of the names, folded, to the word as the name writes it.
        vocabulary.update((word.casefold(), word) for word in name.split() if len(word) > 3)
    typed = [word.casefold() for word in words]
    spelt = [
        next(iter(difflib.get_close_matches(word, vocabulary, n=1, cutoff=SUGGESTION_CUTOFF)), None)
        for word in typed
    ]
    corrected = [vocabulary[match] if match else word for match, word in zip(spelt, words, strict=True)]
    query = " ".join(typed)
    closest = difflib.get_close_matches(query, named, n=3, cutoff=SUGGESTION_CUTOFF)
    closest += [name for name in named if query in name and name not in closest][: 3 - len(closest)]
    changed = [word.casefold() for word in corrected] != typed
    return (" ".join(corrected) if changed else None), [named[name] for name in closest]


class TopicListView(TemplateView):
    template_name = "articles/topic_list.html"

    def get_context_data(self, **kwargs):
        page_keys.shows(page_keys.stories(content_language()), page_keys.VOCABULARY)
        return super().get_context_data(**kwargs) | {"topics": kept_values.by_label(published_topics_count())}


class RegionListView(TemplateView):
    """The public region tree, each place with the articles about it and the places inside it."""

    template_name = "articles/region_list.html"

    def get_context_data(self, **kwargs):
        page_keys.shows(page_keys.stories(content_language()), page_keys.VOCABULARY)
        tree = kept_values.public_region_tree()
        live = published_condition("articles__") & Q(articles__language=content_language())
        direct = dict(Region.objects.annotate(n=Count("articles", filter=live)).values_list("pk", "n"))
        rows = []
        for region, depth in tree:
            ids = Region.objects.ids_below(tree, region)
            count = sum(direct.get(pk, 0) for pk in ids)
            if count:  # none in this language here, nor in any place inside it
                rows.append((region, depth, count))
        return super().get_context_data(**kwargs) | {"rows": rows}


class OrganisationListView(TemplateView):
    """The organisations published stories in the reader's language cite, grouped by kind
    (government bodies, NGOs, research centres…), each with its count of stories; ``?q=``
    narrows them to those whose name or short name, in any of the languages, holds the
    words."""

    template_name = "articles/organisation_list.html"

    def get_context_data(self, **kwargs):
        language = content_language()
        page_keys.shows(page_keys.stories(language), page_keys.VOCABULARY)
        live = published_condition("articles__") & Q(articles__language=language)
        cited = (
            public_organisations()
            .annotate(article_count=Count("articles", filter=live))
            .filter(article_count__gt=0)
        )
        query = " ".join(self.request.GET.get("q", "").replace("\x00", "").split())[:100]
        words = query.casefold().split()
        found = [organisation for organisation in cited if names_hold(organisation, words)]
        kinds = dict(SourceOrganisation.Kind.choices)
        order = {kind: position for position, kind in enumerate(kinds)}
        found.sort(
            key=lambda organisation: (order.get(organisation.kind, len(order)), organisation.name.casefold())
        )
        groups = [
            (kinds.get(kind, kind), list(members))
            for kind, members in itertools.groupby(found, key=lambda organisation: organisation.kind)
        ]
        return super().get_context_data(**kwargs) | {
            "groups": groups,
            "query": query,
            "found": len(found),
        }


def names_hold(organisation, words):
    """Whether each of ``words`` (folded) is in a name or short name of ``organisation``, in
    any language (its names are folded once, whatever the number of words)."""
    if not words:
        return True
    names = " ".join(
        value
        for field in organisation._meta.concrete_fields
        if field.attname.startswith(("name", "short_name"))
        and isinstance(value := getattr(organisation, field.attname), str)
    ).casefold()
    return all(word in names for word in words)


class CorrectionsView(ListView):
    """Every correction the site has made to its published stories in the reader's
    language, newest first, each linked to the story it corrects: the record of its errors
    a newsroom keeps in the open."""

    template_name = "articles/corrections.html"
    context_object_name = "corrections"
    paginate_by = 50
    paginator_class = BoundedPaginator

    def get_queryset(self):
        language = content_language()
        page_keys.shows(page_keys.corrections(language), page_keys.stories(language))
        # Joined, not "article in (published stories)": the newest corrections are read off
        # their index and each one's story checked, however long the archive.
        return (
            StoryNote.objects.filter(
                published_condition("article__"), kind=StoryNote.Kind.CORRECTION, article__language=language
            )
            .select_related("article")
            .defer("article__body", "article__search_vector")
            .order_by("-noted_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_keys.shows_links([note.article for note in context["corrections"]])
        return context


def story_surroundings(article, preview=False):
    """The story's topics, places and organisations cited (``filed_under``) and its related
    stories: read once per content version and kept (``kept_values.surroundings``), since
    only a change moves either, and that moves the clock. A preview reads them afresh."""

    def read():
        topics, regions, organisations = filed_under(article)
        return topics, regions, organisations, related_articles(article, topics, regions)

    return read() if preview else kept_values.surroundings(article, read)


def filed_under(article):
    """The article's topics, its regions and the organisations it cites, each by name,
    found with one query; the objects are the process's own for the clock reading
    (articles/kept_values.py)."""
    return filed_under_many([article.pk])[article.pk]


def filed_under_many(article_ids):
    """``{id: (topics, regions, organisations)}`` for the stories with these ids, by name,
    in one query for all of them (``filed_under``)."""
    tagged = TaggedArticle.objects.filter(content_object__in=article_ids).values_list(
        "content_object_id", "tag_id", Value("topic")
    )
    placed = Article.regions.through.objects.filter(article__in=article_ids).values_list(
        "article_id", "region_id", Value("region")
    )
    cited = Article.organisations.through.objects.filter(article__in=article_ids).values_list(
        "article_id", "sourceorganisation_id", Value("organisation")
    )
    ids = {pk: {"topic": set(), "region": set(), "organisation": set()} for pk in article_ids}
    for article_id, pk, kind in tagged.union(placed, cited, all=True):
        ids[article_id][kind].add(pk)
    topics, regions = kept_values.topics(), kept_values.regions()
    # Most stories cite none: then the organisations are not read.
    cites = any(found["organisation"] for found in ids.values())
    organisations = kept_values.organisations() if cites else []
    return {
        pk: (
            [topic for topic in topics if topic.pk in found["topic"]],
            [region for region in regions if region.pk in found["region"]],
            [body for body in organisations if body.pk in found["organisation"]],
        )
        for pk, found in ids.items()
    }


def place_path(regions):
    """The most precise of a story's places with the places above it, country first: its
    breadcrumbs. The deepest place wins; among equals, the first by name. Empty for a story
    filed under no place."""
    by_id = {region.pk: region for region in kept_values.regions()}
    paths = []
    for region in regions:
        path = [region]
        while path[-1].parent_id is not None and path[-1].parent_id in by_id and len(path) < 20:
            path.append(by_id[path[-1].parent_id])
        paths.append(path[::-1])
    return max(paths, key=len, default=[])


def related_articles(article, topics, regions):
    """Published stories sharing one of ``topics`` or ``regions``, published before
    ``article``, most recent first: the coverage that led to it. A story published later
    does not change an earlier story's page, which therefore stays cached (its topics'
    pages list the newer ones)."""
    topic_ids = [topic.pk for topic in topics]
    region_ids = [region.pk for region in regions]
    if not topic_ids and not region_ids:
        return []
    # The newest few sharing a topic and the newest few sharing a place, each read off the
    # newest-first index with an EXISTS per story, then merged. One query with a join (or
    # with the two EXISTS joined by OR) gathers every story of those topics and places first
    # (PostgreSQL at 100,000 stories: 16 ms; these two, 0.1 ms each).
    # A draft or a story in review (previewed) has no time yet: the newest before now.
    at = article.published_at or timezone.now()
    candidates = (
        Article.objects.published()
        .in_language(article.language)
        .before(at, article.pk)
        .only("headline", "slug", "published_at", "status", "language")
        .newest_first()
    )
    shares_topic = TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag__in=topic_ids)
    shares_place = Article.regions.through.objects.filter(article=OuterRef("pk"), region__in=region_ids)
    found = {}
    for links, ids in ((shares_topic, topic_ids), (shares_place, region_ids)):
        if ids:
            found.update((story.pk, story) for story in candidates.filter(Exists(links))[:RELATED_COUNT])
    newest = sorted(found.values(), key=lambda story: (story.published_at, story.pk), reverse=True)
    return newest[:RELATED_COUNT]


def article_page_context(request, article, preview=False):
    """Everything the article page shows, with what other apps add under the story
    (``extensions``: the reactions and comments); their POST views draw it again with
    their form."""
    photos = list(article.photos.all())
    # Most stories have no notes: then none are asked for (``for_article_page``).
    notes = list(article.notes.all()) if getattr(article, "has_notes", True) else []
    topics, regions, organisations, related = story_surroundings(article, preview)
    translations = kept_values.published_translations(article)
    path = place_path(regions)
    # It names its topics, places (and those above them, in its breadcrumbs) and authors;
    # its related stories are drawn from the stories in its language under its topics and
    # places published before it.
    filed = [page_keys.topic(topic.pk) for topic in topics] + [
        page_keys.region(place.pk) for place in regions
    ]
    page_keys.shows(
        *filed,
        *(page_keys.earlier(key, article.language) for key in filed),
        *(page_keys.region(pk) for pk in [article.dateline_region_id] if pk),
        *(page_keys.region(place.pk) for place in path),
        *(page_keys.organisation(body.pk) for body in organisations),
        *(page_keys.author(credit.author_id) for credit in article.byline.all()),
    )
    page_keys.shows_stories([article])
    page_keys.shows_links([*related, *translations])
    context = {
        "article": article,
        "drawn": draw_story(
            article,
            photos,
            topics,
            regions,
            translations,
            preview=preview,
            notes=notes,
            place_path=path,
            organisations=organisations,
        ),
        "topics": topics,
        "regions": regions,
        "related": related,
        "translations": translations,
        "story_page_templates": extensions.story_page_templates,
    }
    for contribute in extensions.story_page_context:
        context |= contribute(request, article)
    return context


def allow_story_frames(response, context):
    """A story page that embeds posts or videos allows frames from their providers, and only
    from them (``embeds``). The policy is sent as the page's own header, so the page cache
    and an accelerator keep it with the page; every other page has the site's policy,
    which allows no frame."""
    sources = context["drawn"].frame_sources
    if sources:
        response[CSP_HEADER] = build_policy(update={"frame-src": list(sources)})
    return response


def render_story_page(request, context, status=200):
    """The story page drawn from ``article_page_context`` (for views that draw it again)."""
    return allow_story_frames(render(request, STORY_TEMPLATE, context, status=status), context)


class ArticleDetailView(DetailView):
    """An article as the outlet prints it, at its permanent dated address."""

    template_name = STORY_TEMPLATE
    context_object_name = "article"
    preview = False

    def get_queryset(self):
        return Article.objects.published().for_article_page()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        try:
            requested = date(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        except ValueError:
            raise Http404("No such date.") from None
        if timezone.localtime(article.published_at).date() != requested:
            raise Http404("The article was not published on that day.")
        return article

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.language != content_language():
            # A story is read in its own language: at another language's prefix its
            # address answers with a permanent redirect to the story's own.
            return redirect(self.object.get_absolute_url(), permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | article_page_context(self.request, self.object, preview=self.preview)

    def render_to_response(self, context, **response_kwargs):
        return allow_story_frames(super().render_to_response(context, **response_kwargs), context)


class ArticlePreviewView(ArticleDetailView):
    """Any article, whatever its status, exactly as readers would see it: staff only.

    Everyone else gets the same 404 as for a missing page, so drafts are not revealed.
    """

    preview = True

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_staff and request.user.has_perm("articles.view_article")):
            raise Http404("No such page.")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.for_article_page()

    def get_object(self, queryset=None):
        return DetailView.get_object(self, queryset)

    def get(self, request, *args, **kwargs):
        # Shown in the story's own language, with that language's page furniture.
        self.object = self.get_object()
        with translation.override(self.object.reader_language()):
            response = self.render_to_response(self.get_context_data(object=self.object))
            return response.render()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"preview": self.preview}


def robots_txt(request):
    if translation.get_language() != codes.DEFAULT:
        raise Http404("robots.txt lives at the site's root.")
    lines = ["User-agent: *", "Disallow: /admin/"]
    lines += [f"Disallow: {codes.prefix(code)}/preview/" for code in codes.reader_languages()]
    lines.append("")
    for code in codes.reader_languages():
        lines.append(f"Sitemap: {settings.SITE_URL}{codes.prefix(code)}/sitemap.xml")
        lines.append(f"Sitemap: {settings.SITE_URL}{codes.prefix(code)}/news-sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def news_sitemap(request):
    """Google News sitemap: stories published in the last two days, and those revised in
    them (a correction, an update, their text changed), which come back with their
    ``lastmod``."""
    since = timezone.now() - timedelta(days=2)
    live = Article.objects.published().in_language()
    # Two reads, each off its own index (article_language_newest, article_revised): an OR
    # of the two conditions would read neither.
    articles = {article.pk: article for article in live.filter(published_at__gte=since).newest_first()[:1000]}
    for article in live.filter(revised_at__gte=since).newest_first()[:1000]:
        articles.setdefault(article.pk, article)
    articles = sorted(
        articles.values(), key=lambda article: (article.published_at, article.pk), reverse=True
    )[:1000]
    page_keys.shows(page_keys.SITEMAPS, page_keys.stories(content_language()))
    page_keys.shows_stories(articles)
    return render(
        request,
        "articles/news_sitemap.xml",
        {"articles": articles, "publication": settings.SITE_NAME},
        content_type="application/xml; charset=utf-8",
    )
