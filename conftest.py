"""Builders shared by the whole suite (tests/ and engagement/tests/): small functions that make
one object each."""

import importlib
import itertools
import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import caching
from articles.caching import changes
from articles.importing.importer import Directory, import_file
from articles.models import Article, ArticleAuthor, Author, Region, SourceOrganisation, Topic

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def empty_cache():
    """No test sees what another left in the cache (the clock, keys' last changes, cached
    pages), nor announces what another announced in a transaction that never committed."""
    cache.clear()
    caching.forget_recent_pages()
    changes.discard_pending()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own folder, never into the repository's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_region(db):
    def make(**overrides):
        n = next(_counter)
        fields = {"name": f"Region {n}", "slug": f"region-{n}", "kind": Region.Kind.CITY} | overrides
        return Region.objects.create(**fields)

    return make


@pytest.fixture
def make_author(db):
    def make(**overrides):
        n = next(_counter)
        return Author.objects.create(**({"name": f"Author {n}", "slug": f"author-{n}"} | overrides))

    return make


@pytest.fixture
def make_organisation(db):
    def make(**overrides):
        n = next(_counter)
        fields = {"name": f"Organisation {n}", "slug": f"organisation-{n}"} | overrides
        return SourceOrganisation.objects.create(**fields)

    return make


@pytest.fixture
def make_topic(db):
    def make(**overrides):
        n = next(_counter)
        return Topic.objects.create(**({"name": f"Topic {n}", "slug": f"topic-{n}"} | overrides))

    return make


@pytest.fixture
def make_article(db):
    """A published article (an hour old) unless ``status``/``published_at`` say otherwise.

    Drafts and articles in review get no publication time, as the admin requires.

    ``authors``, ``regions`` and ``topics`` take lists of objects (topics also names).
    """

    def make(*, authors=(), regions=(), topics=(), **overrides):
        n = next(_counter)
        fields = {
            "headline": f"Headline {n}",
            "slug": f"headline-{n}",
            "body": f"<p>Paragraph of article {n}.</p>",
            "status": Article.Status.PUBLISHED,
        } | overrides
        if fields["status"] == Article.Status.PUBLISHED:
            fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
        article = Article.objects.create(**fields)
        for position, author in enumerate(authors, start=1):
            ArticleAuthor.objects.create(article=article, author=author, position=position)
        article.regions.add(*regions)
        if topics:
            article.topics.add(*topics)
        return article

    return make


@pytest.fixture
def make_story(make_article, make_region, make_topic):
    """``make_article`` for a story that passes the publish checks: it has a region and a topic."""

    def make(**overrides):
        overrides.setdefault("regions", [make_region()])
        overrides.setdefault("topics", [make_topic()])
        return make_article(**overrides)

    return make


@pytest.fixture
def demo_content(db):
    """The demo fixtures, loaded as an operator would load them."""
    call_command("load_fixtures", verbosity=0)


@pytest.fixture
def make_staff(db):
    """A staff member in the Contributors or Editors group, as the data migration made them."""
    from django.contrib.auth.models import Group, User

    def make(group, username=None):
        user = User.objects.create_user(
            username=username or f"{group.lower()}-{next(_counter)}",
            password="a-long-test-password",
            is_staff=True,
            first_name=(username or group).capitalize(),
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def editor(make_staff):
    return make_staff("Editors", "ann")


@pytest.fixture
def contributor(make_staff):
    return make_staff("Contributors", "carl")


def article_form_data(article=None, **overrides):
    """The POST body of the admin's article form, with empty byline, photo and note inlines."""
    data = {
        "headline": article.headline if article else "A new headline",
        "slug": article.slug if article else "a-new-headline",
        "standfirst": "",
        "body": article.body if article else "<p>First paragraph.</p>",
        "dateline": "",
        "dateline_region": "",
        "topics": ", ".join(sorted(article.topics.names())) if article else "",
        "status": article.status if article else "draft",
        "published_at_0": "",
        "published_at_1": "",
        "language": "en",
        "featured_position": "",
        "edit_token": str(article.edit_version) if article else "",
    }
    if article:
        data["regions"] = [str(pk) for pk in article.regions.values_list("pk", flat=True)]
    if article and article.published_at:
        local = timezone.localtime(article.published_at)
        data["published_at_0"], data["published_at_1"] = (
            local.strftime("%Y-%m-%d"),
            local.strftime("%H:%M:%S"),
        )
    for prefix in ("byline", "photos", "notes"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | overrides


@pytest.fixture
def article_form():
    """``article_form(article=None, **overrides)``: POST data for the admin article form."""
    return article_form_data


class _FormReader(HTMLParser):
    """The fields a browser would submit from one ``<form>`` of a page, unchanged."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, {}
        self._textarea = self._select = None
        self._select_multiple = False

    def _add(self, name, value):
        if name in self.data:
            existing = self.data[name]
            self.data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            self.data[name] = value

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self._add(name, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self.data[name] = name, ""
        elif tag == "select" and name:
            self._select, self._select_multiple = name, "multiple" in attrs
            if self._select_multiple:
                self.data[name] = []
        elif tag == "option" and self._select and "selected" in attrs:
            value = attrs.get("value", "")
            if self._select_multiple:
                self.data[self._select].append(value)
            else:
                self.data[self._select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n") if not self.data[self._textarea] else data


@pytest.fixture
def form_data():
    """``form_data(response, form_id)``: what submitting that form unchanged would send."""

    def read(response, form_id):
        reader = _FormReader(form_id)
        reader.feed(response.content.decode())
        return reader.data

    return read


@pytest.fixture
def newsroom_groups(transactional_db):
    """The Contributors and Editors groups, made by the data migration's own code.

    A transactional test ends by flushing every table. Django's post_migrate signal then
    re-creates content types and permissions, but not the groups: only migration 0003
    makes them. Running its ``create_groups`` against the historical models, as
    ``migrate`` does, re-creates them with exactly the same permissions and leaves the
    schema alone (``get_or_create`` makes it harmless when they still exist).
    """
    from django.contrib.auth.models import Group, Permission
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module("articles.migrations.0003_newsroom_groups")
    state = MigrationLoader(connection).project_state(("articles", "0003_newsroom_groups"))
    migration.create_groups(state.apps, None)
    # And the library photos' rights migration 0020 gave both groups.
    library = importlib.import_module("articles.migrations.0020_photo_library")
    library.grant_photo_permissions(
        MigrationLoader(connection).project_state(("articles", "0020_photo_library")).apps, None
    )
    # And the rights migration 0008 gave Editors over comments, reactions and pages, whose
    # permissions now belong to the engagement and pages apps.
    Group.objects.get(name="Editors").permissions.add(
        *Permission.objects.filter(content_type__app_label__in=("engagement", "pages"))
    )


@pytest.fixture
def change_url():
    """The admin's change page of an article."""
    return lambda article: reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def import_one(db):
    """Import one file of copy against the places, authors and organisations stored now."""
    return lambda path, **options: import_file(path, directory=Directory.from_database(), **options)


@pytest.fixture
def write_fixture():
    """Write ``records`` as a JSON fixture file in ``folder``; return its path."""

    def write(folder, records, name="fixture.json"):
        path = folder / name
        path.write_text(json.dumps(records), encoding="utf-8")
        return path

    return write


@pytest.fixture
def unreachable_redis():
    """CACHES for a Redis nobody answers for: nothing listens on the discard port."""
    return {
        "default": {
            "BACKEND": "cms.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
