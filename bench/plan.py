"""The plan of the synthetic archive the page benchmarks load: the same articles for the
same seed, every time.

``generate(n, seed)`` plans the archive without touching the database: regions in a tree,
organisations, topics, authors, then ``n`` published articles and 5% drafts, each with its
byline, topics, regions, organisations and photos given as positions in those lists.
``bench/archive.py`` writes the plan to the database.
"""

import itertools
from datetime import UTC, datetime, timedelta
from random import Random

from django.utils.text import slugify

SEED = 20261121
DRAFT_SHARE = 0.05
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


def expected_counts(n):
    """How many published articles and drafts ``build_archive(n)`` writes."""
    return n, round(n * DRAFT_SHARE)
