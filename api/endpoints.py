"""The read API, version 1 (/api/v1/), built with django-ninja: the operations, their
parameters and the OpenAPI document (/api/v1/schema/) with its browsable documentation
(/api/v1/docs/).

Everything here is published content only, by the same rule as the readers' pages
(``Article.objects.published()``, ``public_topics()``…). Each operation is served through
the readers' page cache (``public_page``): kept in the shared cache until what it shows
changes, with ``ETag`` and ``If-None-Match`` (a 304 without a query), and with surrogate keys
for Varnish. Keys and rate limits are checked before the cache (``access.api_access``).
"""

from datetime import date

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from articles import kept_values
from articles.caching import keys as page_keys
from articles.caching import public_page
from articles.filters import ArticleFilter
from articles.models import Article, Region, Topic
from articles.querysets import byline_prefetch, public_authors, public_organisations, public_topics
from articles.search import search_articles
from articles.views import filed_under_many
from languages.codes import content_languages

from . import cursor, ninjs, schemas, shapes
from .access import api_access

STORIES_PER_PAGE = 20
MOST_STORIES_PER_PAGE = 100
NAMES_PER_PAGE = 100
MOST_NAMES_PER_PAGE = 500

DESCRIPTION = """
Published stories and what they are filed under, read-only: for partner outlets, apps
and channels. Never anything unpublished.

**Keys.** Anyone may read without a key, within a low limit per address. Partners get a
key from the newsroom and send it as `Authorization: Bearer <key>` (or `X-API-Key`); each
key has its own limit per minute. Every answer says the limit (`RateLimit-Limit`,
`RateLimit-Remaining`, `RateLimit-Reset`); past it the answer is 429 with `Retry-After`.

**Caching.** Answers carry an `ETag`: send it back as `If-None-Match` and an unchanged
answer is a 304 with no body.

**Pages.** Lists are read page by page with a cursor: follow `next` until it is null.
A story published while you read neither repeats nor is skipped.

**Formats.** A story in our own JSON (`/stories/{id}`) or in IPTC ninjs 2.2
(`/stories/{id}.ninjs`), with its topics as IPTC Media Topics where the newsroom has mapped
them and its places with ISO 3166 codes.
"""


class NewsAPI(NinjaAPI):
    """The API, its OpenAPI document naming the two ways to send a key (both optional)."""

    def get_openapi_schema(self, *args, **kwargs):
        document = super().get_openapi_schema(*args, **kwargs)
        document["components"].setdefault("securitySchemes", {}).update(
            {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API key from the newsroom.",
                },
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            }
        )
        document["security"] = [{}, {"bearer": []}, {"apiKey": []}]  # none, or either
        return document


def answers(schema, *problems):
    """An operation's answers for the OpenAPI document: ``schema``, the ``problems`` it may
    have (400, 404) and those every operation may (401 for a bad key, 429 past the limit)."""
    return {200: schema, **{status: schemas.Problem for status in (*problems, 401, 429)}}


api = NewsAPI(
    title=f"{settings.SITE_NAME} API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url="/docs/",
)


def served(function):
    """An operation behind the key and rate checks, then the page cache."""
    return decorate_view(public_page, api_access)(function)


@api.exception_handler(NinjaValidationError)
def invalid_parameters(request, exc):
    """Parameters of the wrong type: 400 with what was wrong, by parameter."""
    errors = {}
    for error in exc.errors:
        name = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
        errors.setdefault(name, []).append(error.get("msg", ""))
    return api.create_response(
        request, {"detail": _("Some parameters could not be read."), "errors": errors}, status=400
    )


def every_language_listed():
    """The keys of the lists of every language's stories: a list across languages changes
    when a story is published in any."""
    return [page_keys.stories(code) for code in content_languages()]


# Stories


class StoryFilters(Schema):
    language: str | None = Field(
        None, description="Stories written in this language: " + ", ".join(content_languages())
    )
    topic: str | None = Field(None, description="A topic's slug.")
    region: str | None = Field(None, description="A place's slug: stories about it or any place inside it.")
    author: str | None = Field(None, description="An author's slug.")
    organisation: str | None = Field(None, description="The slug of an organisation the stories cite.")
    date_from: date | None = Field(
        None, description="Published on or after this day (the newsroom's time zone)."
    )
    date_to: date | None = Field(None, description="Published on or before this day.")
    q: str | None = Field(None, max_length=200, description="Words the stories contain.")


class StoryFilter(ArticleFilter):
    """The readers' filters, for stories of any language unless one is chosen: words are
    then read by that language's rules, else as any language's."""

    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language

    def filter_words(self, queryset, name, value):
        return search_articles(queryset, value, language=self.language) if value.strip() else queryset


def _narrowed(filters):
    stories = Article.objects.published().defer("body", "search_vector")
    language = filters.language or None  # ?language= chooses none
    if language is not None:
        if language not in content_languages():
            raise HttpError(
                400,
                _("“%(language)s” is not a language we publish in: use one of %(languages)s.")
                % {"language": language, "languages": ", ".join(content_languages())},
            )
        stories = stories.filter(language=language)
    data = {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in filters.model_dump().items()
        if name != "language" and value not in (None, "")
    }
    filterset = StoryFilter(data or None, queryset=stories, language=language)
    if filterset.is_bound and not filterset.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in filterset.errors.items()}
        raise _Refused(" ".join(filterset.problems()), errors)
    return filterset, language


class _Refused(Exception):
    def __init__(self, detail, errors):
        super().__init__(detail)
        self.detail, self.errors = detail, errors


@api.exception_handler(_Refused)
def refused(request, exc):
    return api.create_response(request, {"detail": exc.detail, "errors": exc.errors}, status=400)


def _list_keys(filterset, language, stories):
    """The surrogate keys of a list of stories (caching/keys.py): the stories it shows, the
    lists of the languages it draws from, and those of the topic, place, author or
    organisation it is narrowed to (a story retagged into it changes it)."""
    languages = [language] if language else content_languages()
    keys = [page_keys.stories(language)] if language else every_language_listed()
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    narrowed = []
    if chosen.get("topic"):
        narrowed.append(page_keys.topic(filterset.topics_by_slug[chosen["topic"]].pk))
    if chosen.get("region"):
        narrowed.append(page_keys.region(kept_values.public_region(chosen["region"]).pk))
    if chosen.get("author"):
        narrowed.append(page_keys.author(chosen["author"].pk))
    if chosen.get("organisation"):
        narrowed.append(page_keys.organisation(chosen["organisation"].pk))
    keys += [page_keys.listed(key, code) for key in narrowed for code in languages]
    if chosen.get("q"):
        keys.append(page_keys.SEARCH)
    page_keys.shows(*keys)
    page_keys.shows_stories(stories)


@api.get(
    "/stories/",
    response=answers(schemas.StoryPage, 400),
    url_name="stories",
    summary="Published stories, newest first",
    tags=["stories"],
)
@served
def stories(
    request,
    filters: Query[StoryFilters],
    cursor_: str | None = Query(None, alias="cursor", description="From the previous page's `next`."),
    page_size: int = Query(STORIES_PER_PAGE, ge=1, le=MOST_STORIES_PER_PAGE),
):
    """The filters combine as on the readers' lists; a place includes the places inside it."""
    filterset, language = _narrowed(filters)
    found = filterset.qs.order_by("-published_at", "-pk")
    if cursor_:
        found = found.before(*cursor.story_position(cursor_))
    rows = list(found.prefetch_related(byline_prefetch(), "photos")[: page_size + 1])
    more, rows = len(rows) > page_size, rows[:page_size]
    filed = filed_under_many([row.pk for row in rows])
    sources = {row.translation_of_id for row in rows if row.translation_of_id}
    # Named only when published; most pages translate nothing, and ask nothing.
    public_sources = (
        set(Article.objects.published().filter(pk__in=sources).values_list("pk", flat=True))
        if sources
        else set()
    )
    page_keys.shows(*(page_keys.link(pk) for pk in sources))  # named by id, when published
    _list_keys(filterset, language, rows)
    _names_shown(rows, filed)
    last = rows[-1] if rows else None
    return {
        "next": cursor.next_url(request, cursor.encode(last.published_at.isoformat(), last.pk))
        if more
        else None,
        "results": [shapes.story_card(row, filed[row.pk], public_sources) for row in rows],
    }


def _names_shown(rows, filed):
    """The page names these stories' authors, topics, places and organisations."""
    page_keys.shows(
        *(page_keys.author(credit.author_id) for row in rows for credit in row.byline.all()),
        *(page_keys.topic(topic.pk) for topics, _regions, _bodies in filed.values() for topic in topics),
        *(page_keys.region(place.pk) for _topics, regions, _bodies in filed.values() for place in regions),
        *(page_keys.organisation(body.pk) for _t, _r, bodies in filed.values() for body in bodies),
    )


def published_story(story_id):
    """The published story ``story_id`` whole, with what is around it, or a 404."""
    article = get_object_or_404(
        Article.objects.published().for_article_page().defer("search_vector"), pk=story_id
    )
    filed = filed_under_many([article.pk])
    translations = kept_values.published_translations(article)
    notes = list(article.notes.all()) if article.has_notes else []
    page_keys.shows_stories([article])
    page_keys.shows_links(translations)
    _names_shown([article], filed)
    return article, filed[article.pk], translations, notes


@api.get(
    "/stories/{int:story_id}",
    response=answers(schemas.Story, 404),
    url_name="story",
    summary="A published story",
    tags=["stories"],
)
@served
def story(request, story_id: int):
    return shapes.story_detail(*published_story(story_id))


@api.get(
    "/stories/{int:story_id}.ninjs",
    response=answers(dict, 404),
    url_name="story-ninjs",
    summary="A published story in IPTC ninjs 2.2",
    tags=["stories"],
    description="The story as IPTC ninjs 2.2 (https://www.iptc.org/std/ninjs/ninjs-schema_2.2.json).",
)
@served
def story_ninjs(request, story_id: int):
    return ninjs.story(*published_story(story_id))


# Names: authors, topics, places, organisations


def _names_page(request, rows, page_size, shape):
    rows = list(rows[: page_size + 1])
    more, rows = len(rows) > page_size, rows[:page_size]
    page_keys.shows(page_keys.VOCABULARY, *every_language_listed())
    return {
        "next": cursor.next_url(request, cursor.encode(rows[-1].slug)) if more else None,
        "results": [shape(row) for row in rows],
    }


def _after(rows, cursor_):
    return rows.filter(slug__gt=cursor.slug_position(cursor_)) if cursor_ else rows


def _names(thing, field, endpoint, key, **extra):
    """A name's own answer: its reference, its name in every language written, and the
    address of its published stories in this API."""
    page_keys.shows(key(thing.pk))
    name = thing.label if isinstance(thing, Topic) else thing.name
    return shapes.name_ref(
        thing,
        name,
        endpoint,
        names=shapes.names_in_every_language(thing, field),
        stories_url=shapes.absolute(reverse("api-v1:stories")) + f"?{endpoint}={thing.slug}",
        **extra,
    )


def author_shape(author):
    return _names(author, "name", "author", page_keys.author, role=author.role, bio=author.bio)


def topic_shape(topic):
    return _names(
        topic,
        "title",
        "topic",
        page_keys.topic,
        description=topic.description,
        media_topics=[shapes.media_topic_ref(found) for found in kept_values.media_topics_of([topic])],
    )


def region_shape(region, parents=None):
    parent = (parents or {}).get(region.parent_id)
    return _names(
        region,
        "name",
        "region",
        page_keys.region,
        kind=region.kind,
        iso_code=region.iso_code or None,
        parent=parent.slug if parent else None,
    )


def organisation_shape(body):
    return _names(
        body,
        "name",
        "organisation",
        page_keys.organisation,
        short_name=body.short_name,
        kind=body.kind,
        website=body.website,
    )


def _one(rows, slug, shape):
    found = rows.filter(slug=slug).first()
    if found is None:
        raise Http404
    page_keys.shows(page_keys.VOCABULARY, *every_language_listed())
    return shape(found)


def _public_regions():
    return Region.objects.filter(pk__in=[region.pk for region, _depth in kept_values.public_region_tree()])


def _with_parents():
    """``region_shape`` with the places the regions lie in, read once for the answer."""
    parents = {region.pk: region for region in kept_values.regions()}
    return lambda row: region_shape(row, parents)


# Each kind of name: its endpoint (one name; the list is its plural), the published names,
# their answer's shape (made once per answer), the schemas and the summaries of the two
# operations.
NAMES = (
    ("author", public_authors, lambda: author_shape, schemas.Author, schemas.AuthorPage,
     "Authors of published stories", "An author"),
    ("topic", public_topics, lambda: topic_shape, schemas.Topic, schemas.TopicPage,
     "Topics of published stories", "A topic"),
    ("region", _public_regions, _with_parents, schemas.Region, schemas.RegionPage,
     "Places of published stories", "A place"),
    ("organisation", public_organisations, lambda: organisation_shape, schemas.Organisation,
     schemas.OrganisationPage, "Organisations published stories cite", "An organisation"),
)  # fmt: skip


def _add_names(endpoint, published, shaped, one_schema, page_schema, list_summary, one_summary):
    """The list of a kind of name (``/authors/``, by slug, a cursor for the next page) and
    one of them (``/authors/{slug}``)."""
    plural = f"{endpoint}s"

    def names(
        request,
        cursor_: str | None = Query(None, alias="cursor"),
        page_size: int = Query(NAMES_PER_PAGE, ge=1, le=MOST_NAMES_PER_PAGE),
    ):
        return _names_page(request, _after(published().order_by("slug"), cursor_), page_size, shaped())

    def one(request, slug: str):
        return _one(published(), slug, shaped())

    api.get(
        f"/{plural}/",
        response=answers(page_schema, 400),
        url_name=plural,
        operation_id=f"api_endpoints_{plural}",
        summary=list_summary,
        tags=["names"],
    )(served(names))
    api.get(
        f"/{plural}/{{slug:slug}}",
        response=answers(one_schema, 404),
        url_name=endpoint,
        operation_id=f"api_endpoints_{endpoint}",
        summary=one_summary,
        tags=["names"],
    )(served(one))


for _kind in NAMES:
    _add_names(*_kind)
