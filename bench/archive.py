"""The synthetic archive of the page benchmarks, written to the database.

``build_archive(n, seed)`` writes ``generate(n, seed)`` (``bench/plan.py``) with
``bulk_create``, one transaction per phase, and returns how long each phase took.

``bulk_create`` still runs each field's ``pre_save`` (the body is sanitized, ``created_at``
is set) but sends no signals, so the search vectors and the content version are brought up
to date once at the end, as a bulk update elsewhere in the project does.

The plan's names in other languages (``name_ru``, ``title_kk``…) and its translations
(``translation_of``) are written only where the models have those columns, so the same
plan loads into the code before the site had languages (for before-and-after runs).
"""

import io
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, connections, transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from bench.plan import SEED, TRANSLATED, generate

BATCH = 1000  # rows per bulk_create


def _in_languages(model, spec):
    """The planned values of ``model``'s columns per language (``name_ru``, ``title_kk``…)
    that this version of the model has."""
    columns = {field.attname for field in model._meta.concrete_fields}
    return {
        key: value for key, value in spec.items() if key.rpartition("_")[2] in TRANSLATED and key in columns
    }


def _photo_files():
    """Three small PNGs saved once through media storage: (name, width, height)."""
    from PIL import Image, ImageDraw

    files = []
    for number, colour in enumerate(((180, 120, 60), (60, 120, 180), (90, 160, 90)), start=1):
        image = Image.new("RGB", (1600, 1067), colour)
        draw = ImageDraw.Draw(image)
        for step in range(0, 1600, 80):
            draw.line((step, 0, 1600 - step, 1067), fill=(255, 255, 255), width=3)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        name = default_storage.save(f"photos/bench/bench-{number}.png", ContentFile(buffer.getvalue()))
        files.append((name, image.width, image.height))
    return files


def build_archive(n, seed=SEED):
    """Write ``generate(n, seed)`` to the database; return {phase: seconds}."""
    # A name given without a language is the default language's (django-modeltranslation
    # writes it to the active language's column): write the archive in English.
    with translation.override("en"):
        return _build_archive(n, seed)


def _build_archive(n, seed):
    from articles import caching, search
    from articles.models import (
        Article,
        ArticleAuthor,
        Author,
        ImageCaption,
        Region,
        SourceOrganisation,
        TaggedArticle,
        Topic,
    )
    from articles.renditions import ensure_renditions

    try:
        from engagement.models import Comment
    except ImportError:  # a version of the site from before the engagement app (--compare)
        from articles.models import Comment
    try:
        from articles.models import Photo
    except ImportError:  # a version of the site from before the photo library (--compare)
        Photo = None

    timings = {}
    started = time.perf_counter()
    newest = timezone.now().replace(minute=0, second=0, microsecond=0)
    plan = generate(n, seed, newest)
    timings["generate"] = time.perf_counter() - started

    def phase(name):
        class Phase:
            def __enter__(self):
                self.atomic = transaction.atomic()
                self.atomic.__enter__()
                self.started = time.perf_counter()

            def __exit__(self, *exc):
                self.atomic.__exit__(*exc)
                timings[name] = time.perf_counter() - self.started

        return Phase()

    with phase("vocabulary"):
        regions = []
        for kind in ("country", "province", "city"):
            batch = [
                Region(
                    name=spec["name"],
                    slug=slugify(spec["name"]),
                    kind=spec["kind"],
                    iso_code=spec["iso_code"],
                    parent_id=None if spec["parent"] is None else regions[spec["parent"]].pk,
                    **_in_languages(Region, spec),
                )
                for spec in plan["regions"]
                if spec["kind"] == kind
            ]
            regions.extend(Region.objects.bulk_create(batch))
        organisations = SourceOrganisation.objects.bulk_create(
            SourceOrganisation(
                name=spec["name"],
                slug=slugify(spec["name"]),
                kind=spec["kind"],
                region_id=regions[spec["region"]].pk,
                **_in_languages(SourceOrganisation, spec),
            )
            for spec in plan["organisations"]
        )
        topics = Topic.objects.bulk_create(
            Topic(name=spec["name"], slug=slugify(spec["name"]), **_in_languages(Topic, spec))
            for spec in plan["topics"]
        )
        authors = Author.objects.bulk_create(
            Author(
                name=spec["name"],
                slug=slugify(spec["name"]),
                role=spec["role"],
                **_in_languages(Author, spec),
            )
            for spec in plan["authors"]
        )

    specs = plan["articles"]
    article_ids = []
    with phase("articles"):
        for start in range(0, len(specs), BATCH):
            batch = [
                Article(
                    headline=spec["headline"],
                    slug=spec["slug"],
                    standfirst=spec["standfirst"],
                    body=spec["body"],
                    dateline=spec["dateline"],
                    dateline_region_id=regions[spec["dateline_region"]].pk,
                    language=spec["language"],
                    status=spec["status"],
                    published_at=spec["published_at"],
                    is_featured="featured_position" in spec,
                    featured_position=spec.get("featured_position"),
                )
                for spec in specs[start : start + BATCH]
            ]
            article_ids.extend(article.pk for article in Article.objects.bulk_create(batch))
    assert None not in article_ids, "the database did not return the new articles' keys"

    if "translation_of" in {field.name for field in Article._meta.concrete_fields}:
        with phase("translations"):
            # A translation's source is older than it, so written after it: linked now.
            translations = [
                Article(pk=pk, translation_of_id=article_ids[spec["translation_of"]])
                for pk, spec in zip(article_ids, specs, strict=True)
                if "translation_of" in spec
            ]
            Article.objects.bulk_update(translations, ["translation_of"], batch_size=BATCH)

    region_link = Article.regions.through
    organisation_link = Article.organisations.through

    def rows(make):
        return [
            row for article_id, spec in zip(article_ids, specs, strict=True) for row in make(article_id, spec)
        ]

    with phase("links"):
        ArticleAuthor.objects.bulk_create(
            rows(
                lambda pk, spec: (
                    ArticleAuthor(article_id=pk, author_id=authors[a].pk, position=position)
                    for position, a in enumerate(spec["authors"], start=1)
                )
            ),
            batch_size=5000,
        )
        TaggedArticle.objects.bulk_create(
            rows(
                lambda pk, spec: (
                    TaggedArticle(content_object_id=pk, tag_id=topics[t].pk) for t in spec["topics"]
                )
            ),
            batch_size=5000,
        )
        region_link.objects.bulk_create(
            rows(
                lambda pk, spec: (
                    region_link(article_id=pk, region_id=regions[r].pk) for r in spec["regions"]
                )
            ),
            batch_size=5000,
        )
        organisation_link.objects.bulk_create(
            rows(
                lambda pk, spec: (
                    organisation_link(article_id=pk, sourceorganisation_id=organisations[o].pk)
                    for o in spec["organisations"]
                )
            ),
            batch_size=5000,
        )

    with phase("photos"):
        files = _photo_files()
        if Photo is not None:
            # The photo library: each file is one library photo, placed in many stories.
            library = []
            for name, width, height in files:
                photo = Photo.objects.create(
                    uid=uuid.uuid5(uuid.NAMESPACE_URL, f"library:{name}"),
                    image=name,
                    width=width,
                    height=height,
                )
                ensure_renditions(photo)
                library.append(photo.pk)

        def photos(pk, spec):
            for position, photo in enumerate(spec["photos"], start=1):
                name, width, height = files[photo["file"]]
                shown = (
                    {"photo_id": library[photo["file"]]}
                    if Photo is not None
                    else {"image": name, "width": width, "height": height}
                )
                yield ImageCaption(
                    uid=uuid.uuid5(uuid.NAMESPACE_URL, f"{spec['slug']}:{position}"),
                    article_id=pk,
                    caption=photo["caption"],
                    credit=photo["credit"],
                    alt_text=photo["alt_text"],
                    after_paragraph=photo["after_paragraph"],
                    position=position,
                    **shown,
                )

        ImageCaption.objects.bulk_create(rows(photos), batch_size=2000)
        if Photo is None:  # a version of the site from before the photo library (--compare)
            # Renditions are made once per file and shared by every photo showing that file.
            for name, _width, _height in files:
                first = ImageCaption.objects.filter(image=name).order_by("pk").first()
                if first is not None:
                    ensure_renditions(first)
                    ImageCaption.objects.filter(image=name).update(renditions=first.renditions)

    with phase("comments"):
        Comment.objects.bulk_create(
            Comment(
                article_id=pk,
                name=f"Reader {number}",
                email=f"reader{number}@example.org",
                body=f"Comment {number}: thank you for this report.",
                status=Comment.Status.APPROVED,
                moderated_at=newest,
            )
            for pk, spec in zip(article_ids, specs, strict=True)
            if spec["status"] == "published"
            for number in range(spec["comments"])
        )

    started = time.perf_counter()
    _write_search_vectors(search, Article)
    timings["search vectors"] = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # What autovacuum would do soon after a real load; pages are timed on fresh statistics.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        timings["analyze"] = time.perf_counter() - started
    # Every page is out of date (the site before surrogate keys: a new content version).
    (getattr(caching, "everything_changed", None) or caching.bump_version)()
    timings["total"] = sum(timings.values())
    return timings


def _write_search_vectors(search, article_model):
    """Every article's search vector, written with the GIN index dropped and then built once.

    Building the index over the finished column is much quicker than updating it row by
    row, as PostgreSQL's advice for bulk loads says. The vectors are written by one thread
    per core, each on its own connection over its own share of the articles, when the
    articles are committed already (a test's transaction is not: there, one UPDATE). Other
    databases have no search vectors.
    """
    index = next((i for i in article_model._meta.indexes if i.name == "article_search_vector"), None)
    if connection.vendor != "postgresql" or index is None:
        search.refresh_search_vectors()
        return
    parallel = not connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Deferred foreign-key checks still pending in an enclosing transaction forbid
            # changing the table's indexes: run them now (the rows were just written whole).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with connection.schema_editor() as editor:
            editor.remove_index(article_model, index)
        if not parallel:
            search.refresh_search_vectors()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    if parallel:
        _refresh_in_parallel(search, list(article_model.objects.order_by("pk").values_list("pk", flat=True)))
    with transaction.atomic(), connection.schema_editor() as editor:
        editor.add_index(article_model, index)


def _refresh_in_parallel(search, ids, batch=2000):
    workers = max(1, os.cpu_count() or 1)
    shares = [ids[n::workers] for n in range(workers)]

    def refresh(share):
        try:
            for first in range(0, len(share), batch):
                with transaction.atomic():
                    search.refresh_search_vectors(share[first : first + batch])
        finally:
            connections.close_all()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for done in [pool.submit(refresh, share) for share in shares]:
            done.result()  # a failed share fails the load
