"""A synthetic archive for the page benchmarks: the same articles for the same seed, every time.

``generate(n, seed)`` plans the archive without touching the database: regions in a tree,
organisations, topics, authors, then ``n`` published articles and 5% drafts, each with its
byline, topics, regions, organisations and photos given as positions in those lists.
``build_archive(n, seed)`` writes that plan with ``bulk_create``, one transaction per
phase, and returns how long each phase took.

``bulk_create`` still runs each field's ``pre_save`` (the body is sanitized, ``created_at``
is set) but sends no signals, so the search vectors and the content version are brought up
to date once at the end, as a bulk update elsewhere in the project does.
"""

import io
import itertools
import time
import uuid
from datetime import UTC, datetime, timedelta
from random import Random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

SEED = 20261121
DRAFT_SHARE = 0.05
BATCH = 1000
YEARS = 10
# Publication times are counted back from ``newest``: the build passes the current hour, so
# the newest stories are minutes old (the news sitemap has something to list); a plan made
# without it uses this fixed time, so the plan alone never depends on the clock.
NEWEST = datetime(2026, 1, 1, tzinfo=UTC)

# fmt: off
COUNTRIES = (
    ("Kazakhstan", "KZ"), ("Kyrgyzstan", "KG"), ("Tajikistan", "TJ"), ("Turkmenistan", "TM"),
    ("Uzbekistan", "UZ"),
)
SYLLABLES = (
    "al", "ma", "ty", "as", "ta", "na", "pav", "lo", "dar", "ka", "ra", "gan", "dy", "shym", "kent",
    "ak", "tau", "tur", "kes", "tan", "bish", "kek", "osh", "du", "shan", "be", "khu", "jand", "ash",
    "ga", "bat", "mar", "sam", "ar", "kand", "bu", "kha", "ter", "mez", "nu", "kus", "zhe", "zkaz",
)
FIRST_NAMES = (
    "Ksenia", "Alexander", "Gulnaz", "Azamat", "Alibek", "Alim", "Daniil", "Aigerim", "Nurlan", "Saule",
    "Timur", "Madina", "Yerlan", "Dana", "Ruslan", "Asel", "Marat", "Zarina", "Bakhyt", "Dilnoza",
    "Farrukh", "Gulmira", "Jamshid", "Kamila",
)
LAST_NAMES = (
    "Bondal", "Bogatik", "Razdykova", "Shambilov", "Kimanov", "Shaumetov", "Lebedov", "Seitkali",
    "Abenov", "Ibragimova", "Tokayev", "Nurpeisova", "Kassymov", "Akhmetova", "Yusupov", "Rakhimova",
    "Saidov", "Karimova",
)
ORGANISATION_KINDS = (
    "government", "ngo", "research", "religious", "international", "media", "penal", "other",
)
ORGANISATION_FORMS = (
    "Ministry of {}", "{} Centre for Analysis", "{} Foundation", "Committee on {}", "{} Institute",
    "{} Association", "Department for {}", "{} Network",
)
WORDS = (
    "authorities", "centre", "government", "ministry", "region", "province", "city", "women", "men",
    "prisoners", "families", "theologians", "specialists", "programme", "rehabilitation", "extremism",
    "security", "officials", "report", "reform", "schools", "children", "lawyers", "courts", "police",
    "border", "trade", "water", "energy", "harvest", "farmers", "markets", "prices", "roads", "railway",
    "students", "teachers", "hospitals", "doctors", "villages", "districts", "communities",
    "volunteers", "meetings", "training", "research", "statistics", "support", "services", "housing",
    "jobs", "workers", "wages", "pensions", "budget", "taxes", "investment", "exports", "partners",
    "delegation", "agreement", "conference", "dialogue", "tolerance", "religion", "culture", "language",
    "history", "museum", "festival", "music", "television", "newspaper", "internet", "network",
    "propaganda", "recruiters", "groups", "ideology", "drought", "pipeline", "elections", "parliament",
    "migration", "remittances",
)
# fmt: on
LINKS = ("and", "of", "in", "for", "with", "among", "from", "across", "after", "before", "during", "under")
VERBS = ("said", "reported", "explained", "added", "warned", "noted", "announced", "confirmed", "stressed")
OTHER_LANGUAGES = ("ru", "kk", "ky", "tg", "tk", "uz")
SENTENCE_POOL = 4000
PHOTO_FILES = 3


def _words(rng, low, high):
    words = []
    for _ in range(rng.randint(low, high)):
        words.append(rng.choice(LINKS) if words and rng.random() < 0.3 else rng.choice(WORDS))
    return " ".join(words)


def _sentence(rng, low=11, high=20):
    text = _words(rng, low, high)
    return text[0].upper() + text[1:]


def _place_name(rng, used):
    while True:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if name not in used:
            used.add(name)
            return name


def _skewed(rng, count, exponent):
    """Cumulative weights that make a few items common and most rare, as in a real archive."""
    weights = [1 / (rank + 1) ** exponent for rank in range(count)]
    rng.shuffle(weights)
    total, cumulative = 0.0, []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return cumulative


def _pick(rng, population, cum_weights, k):
    """``k`` distinct items drawn by weight."""
    chosen = []
    while len(chosen) < k:
        (item,) = rng.choices(population, cum_weights=cum_weights)
        if item not in chosen:
            chosen.append(item)
    return chosen


def _body(rng, pool, organisations):
    """About 5,000 characters of clean HTML: paragraphs, a sub-heading or two, now and then a quote."""
    paragraphs = []
    length = 0
    while length < 4800:
        text = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 4)))
        roll = rng.random()
        if roll < 0.08:
            name = rng.choice(organisations)["name"]
            text += f' <a href="https://example.org/{slugify(name)}">{name}</a> {rng.choice(VERBS)} so.'
        elif roll < 0.14:
            text = f"<strong>{text}</strong>"
        elif roll < 0.2:
            text = f"<em>{text}</em>"
        paragraphs.append(f"<p>{text}</p>")
        length += len(text) + 7
    for position in sorted(rng.sample(range(3, len(paragraphs) - 1), rng.randint(1, 2)), reverse=True):
        paragraphs.insert(position, f"<h2>{_words(rng, 2, 5).capitalize()}</h2>")
    if rng.random() < 0.3:
        paragraphs.insert(
            rng.randrange(2, len(paragraphs)), f"<blockquote><p>{rng.choice(pool)}</p></blockquote>"
        )
    return "".join(paragraphs)


def generate(n, seed=SEED, newest=NEWEST):
    """The whole archive as plain data (no database): vocabularies, then a list of article dicts.

    Links are positions in the vocabulary lists, so the plan is the same whatever keys the
    database hands out.
    """
    rng = Random(seed)
    used = set()
    regions = []  # a parent is a position in this list, always an earlier one
    for name, code in COUNTRIES:
        regions.append({"name": name, "kind": "country", "parent": None, "iso_code": code})
    for number in range(15):
        regions.append(
            {
                "name": _place_name(rng, used) + " Province",
                "kind": "province",
                "parent": number % len(COUNTRIES),
                "iso_code": "",
            }
        )
    for number in range(40):
        regions.append(
            {
                "name": _place_name(rng, used),
                "kind": "city",
                "parent": len(COUNTRIES) + number % 15,
                "iso_code": "",
            }
        )
    organisations = []
    for number in range(500):
        form = ORGANISATION_FORMS[number % len(ORGANISATION_FORMS)]
        subject = rng.choice(regions)["name"] if rng.random() < 0.5 else rng.choice(WORDS).capitalize()
        organisations.append(
            {
                "name": f"{form.format(subject)} {number + 1}",
                "kind": rng.choice(ORGANISATION_KINDS),
                "region": rng.randrange(len(regions)),
            }
        )
    topics = []
    for number in range(200):
        topics.append({"name": f"{_words(rng, 1, 2).capitalize()} {number + 1}"})
    authors = []
    for number in range(300):
        authors.append(
            {
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {number + 1}",
                "role": rng.choice(("correspondent", "editor", "contributor")),
            }
        )

    pool = [_sentence(rng) + "." for _ in range(SENTENCE_POOL)]
    author_weights = _skewed(rng, len(authors), 0.9)
    topic_weights = _skewed(rng, len(topics), 0.8)
    organisation_weights = _skewed(rng, len(organisations), 1.0)
    # Cities are written about most, then provinces, then countries as a whole.
    region_weights = list(
        itertools.accumulate(
            3 if region["kind"] == "city" else 2 if region["kind"] == "province" else 1 for region in regions
        )
    )
    drafts = round(n * DRAFT_SHARE)
    span = timedelta(days=365 * YEARS).total_seconds()
    articles = []
    for number in range(n + drafts):
        draft = number >= n
        headline = _sentence(rng, 6, 11)
        seconds = span * number / max(n, 1) + rng.uniform(0, span / max(n, 1)) + 300
        city = rng.randrange(len(COUNTRIES) + 15, len(regions))
        articles.append(
            {
                "headline": headline,
                "slug": f"{slugify(headline)[:200]}-{number + 1}",
                "standfirst": _sentence(rng, 14, 24) + ".",
                "body": _body(rng, pool, organisations),
                "dateline": regions[city]["name"].upper(),
                "dateline_region": city,
                "language": "en" if rng.random() < 0.9 else rng.choice(OTHER_LANGUAGES),
                "status": "draft" if draft else "published",
                "published_at": None if draft else newest - timedelta(seconds=seconds),
                "authors": _pick(rng, range(len(authors)), author_weights, rng.randint(1, 3)),
                "topics": _pick(rng, range(len(topics)), topic_weights, rng.randint(1, 4)),
                "regions": _pick(rng, range(len(regions)), region_weights, rng.randint(1, 2)),
                "organisations": _pick(
                    rng, range(len(organisations)), organisation_weights, rng.randint(0, 3)
                ),
                "photos": [
                    {
                        "file": rng.randrange(PHOTO_FILES),
                        "caption": _sentence(rng, 10, 18) + ".",
                        "credit": rng.choice(("File photo", "Courtesy of " + rng.choice(authors)["name"])),
                        "alt_text": _sentence(rng, 5, 9) + ".",
                        "after_paragraph": None
                        if position == 0 and rng.random() < 0.7
                        else rng.randint(2, 12),
                    }
                    for position in range(rng.randint(0, 3))
                ],
                "comments": rng.randint(1, 4) if number < 30 else 0,
            }
        )
    # The newest stories are the ones editors feature on the front page.
    for position, number in enumerate(sorted(rng.sample(range(min(n, 30)), min(n, 6))), start=1):
        articles[number]["featured_position"] = position
    return {
        "regions": regions,
        "organisations": organisations,
        "topics": topics,
        "authors": authors,
        "articles": articles,
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
    from articles import caching, search
    from articles.models import (
        Article,
        ArticleAuthor,
        Author,
        Comment,
        ImageCaption,
        Region,
        SourceOrganisation,
        TaggedArticle,
        Topic,
    )
    from articles.renditions import ensure_renditions

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
            )
            for spec in plan["organisations"]
        )
        topics = Topic.objects.bulk_create(
            Topic(name=spec["name"], slug=slugify(spec["name"])) for spec in plan["topics"]
        )
        authors = Author.objects.bulk_create(
            Author(name=spec["name"], slug=slugify(spec["name"]), role=spec["role"])
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

        def photos(pk, spec):
            for position, photo in enumerate(spec["photos"], start=1):
                name, width, height = files[photo["file"]]
                yield ImageCaption(
                    uid=uuid.uuid5(uuid.NAMESPACE_URL, f"{spec['slug']}:{position}"),
                    article_id=pk,
                    image=name,
                    width=width,
                    height=height,
                    caption=photo["caption"],
                    credit=photo["credit"],
                    alt_text=photo["alt_text"],
                    after_paragraph=photo["after_paragraph"],
                    position=position,
                )

        ImageCaption.objects.bulk_create(rows(photos), batch_size=2000)
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
    with transaction.atomic():
        _refresh_search_vectors_unindexed(search, Article)
    timings["search vectors"] = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # What autovacuum would do soon after a real load; pages are timed on fresh statistics.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        timings["analyze"] = time.perf_counter() - started
    caching.bump_version()
    timings["total"] = sum(timings.values())
    return timings


def _refresh_search_vectors_unindexed(search, article_model):
    """Every article's search vector, written with the GIN index dropped and then built once.

    Building the index over the finished column is much quicker than updating it row by row,
    as PostgreSQL's own advice for bulk loads says. Other databases have no such index.
    """
    index = next((i for i in article_model._meta.indexes if i.name == "article_search_vector"), None)
    if connection.vendor != "postgresql" or index is None:
        search.refresh_search_vectors()
        return
    with connection.cursor() as cursor:
        # Deferred foreign-key checks still pending in this transaction forbid changing
        # the table's indexes: run them now (they pass: the rows were just written whole).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        editor.remove_index(article_model, index)
    search.refresh_search_vectors()
    with connection.schema_editor() as editor:
        editor.add_index(article_model, index)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def expected_counts(n):
    """How many published articles and drafts ``build_archive(n)`` writes."""
    return n, round(n * DRAFT_SHARE)
