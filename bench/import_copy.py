"""Benchmark: import generated seed-length plain-text articles with `import_articles`.

Run from the repository root::

    .venv/bin/python bench/import_copy.py            # 100 and 1,000 articles
    .venv/bin/python bench/import_copy.py 100 5000   # other sizes

Each size runs in a child process with its own temporary SQLite database (migrated, with
the hand-written regions, organisations and topics loaded) and its own folder of copy,
so the sizes do not share caches or rows. Only the import command itself is timed.
Nothing is written outside the system's temporary folder.
"""

import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZES = (100, 1000)
SEED = 20261121

WORDS = (
    "authorities", "centre", "government", "ministry", "region", "province", "city", "women", "men",
    "prisoners", "inmates", "families", "theologians", "psychologists", "specialists", "programme",
    "rehabilitation", "extremism", "radicalisation", "security", "officials", "report", "reform",
    "schools", "children", "mothers", "lawyers", "courts", "judges", "police", "border", "trade",
    "water", "energy", "harvest", "farmers", "markets", "prices", "roads", "railway", "students",
    "teachers", "universities", "hospitals", "doctors", "clinics", "villages", "districts", "mosques",
    "communities", "volunteers", "charities", "meetings", "lectures", "training", "workshops",
    "consultations", "research", "analysis", "statistics", "results", "efforts", "support",
    "assistance", "services", "housing", "jobs", "factories", "workers", "wages", "pensions", "budget",
    "taxes", "investment", "exports", "imports", "partners", "neighbours", "delegation", "agreement",
    "conference", "forum", "dialogue", "tolerance", "religion", "faith", "culture", "language",
    "history", "museum", "library", "festival", "music", "theatre", "television", "newspaper",
    "internet", "website", "network", "propaganda", "recruiters", "militants", "groups", "movements",
    "ideology",
)  # fmt: skip
VERBS = ("said", "reported", "explained", "added", "warned", "noted", "announced", "confirmed", "stressed")
LINKS = ("and", "of", "in", "for", "with", "among", "from", "across", "after", "before", "during", "under")
FIRST_NAMES = ("Ksenia", "Alexander", "Gulnaz", "Azamat", "Alibek", "Alim", "Daniil", "Aigerim", "Nurlan",
               "Saule", "Timur", "Madina", "Yerlan", "Dana", "Ruslan", "Asel", "Marat", "Zarina")  # fmt: skip
LAST_NAMES = ("Bondal", "Bogatik", "Razdykova", "Shambilov", "Kimanov", "Shaumetov", "Lebedov", "Seitkali",
              "Abenov", "Ibragimova", "Tokayev", "Nurpeisova", "Kassymov", "Akhmetova")  # fmt: skip
NAMES = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
CITIES = ["ALMATY", "ASTANA", "PAVLODAR", "TARAZ", "BISHKEK", "DUSHANBE", "ASHGABAT", "TASHKENT"]
ORGANISATIONS = [
    "Ministry for Religious Affairs and Civil Society",
    "Department for Religious Affairs",
    "Pavlodar Province Centre for Analysis and Development of Interfaith Relations",
    "Penal Reform International",
    "Akniyet",
    "Inabat club",
]
CREDITS = [*ORGANISATIONS, "PRI", "Courtesy of {name}", "{name}/Caravanserai", "File photo"]
FURNITURE = "Do you like this article?\n\n0 Comment(s)\n\nComment Policy * Denotes Required Field 1500 / 1500"


def sentence(rng, low=11, high=20):
    words = []
    for _ in range(rng.randint(low, high)):
        words.append(rng.choice(LINKS) if words and rng.random() < 0.3 else rng.choice(WORDS))
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words) + 1), "the " + rng.choice(ORGANISATIONS))
    text = " ".join(words)
    return text[0].upper() + text[1:]  # capitalize() would lower-case the organisations


def paragraph(rng, names):
    text = sentence(rng)
    if rng.random() < 0.5:
        text += f", {rng.choice(names)} {rng.choice(VERBS)}"
    text += "."
    if rng.random() < 0.4:
        text = f'"{text}" {rng.choice(VERBS)} {rng.choice(names)}.'
    return text


def generate_copy(rng, used_headlines):
    """One article's plain text, about the length of a seed article."""
    names = rng.sample(NAMES, 5)
    while True:
        headline = sentence(rng, 6, 11)
        if headline not in used_headlines:
            used_headlines.add(headline)
            break
    authors = rng.sample(names, rng.randint(1, 3))
    byline = "By " + (authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " and " + authors[-1])
    paragraphs = [paragraph(rng, names) for _ in range(rng.randint(26, 32))]
    paragraphs[0] = f"{rng.choice(CITIES)} -- {paragraphs[0]}"

    def caption():
        credit = rng.choice(CREDITS).format(name=rng.choice(names))
        return f"{sentence(rng, 10, 18)}. [{credit}]"

    captions = rng.randint(0, 3)
    lead = [caption()] if captions and rng.random() < 0.7 else []
    body = list(paragraphs)
    # Insert from the end so the earlier positions stay valid.
    for position in sorted(rng.sample(range(2, len(body) - 1), rng.randint(1, 4)), reverse=True):
        body.insert(position, " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4))).capitalize())
    for _ in range(captions - len(lead)):
        body.insert(rng.randrange(2, len(body)), caption())
    return "\n\n".join([headline, byline, *lead, *body, FURNITURE]) + "\n"


def run_one(count):
    """In a child process: set up a fresh database, import ``count`` articles, time it."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    sys.path.insert(0, str(REPO))

    import django
    from django.core.management import call_command

    django.setup()
    from articles.models import Article

    call_command("migrate", interactive=False, verbosity=0)
    fixtures = REPO / "fixtures"
    call_command(
        "load_fixtures",
        *(
            str(fixtures / name)
            for name in ("media_topics.json", "regions.json", "organisations.json", "topics.json")
        ),
        stdout=io.StringIO(),
    )

    folder = workdir / "copy"
    folder.mkdir()
    rng = random.Random(SEED)
    used = set()
    sizes = []
    for number in range(count):
        text = generate_copy(rng, used)
        sizes.append(len(text))
        (folder / f"{number:05}.txt").write_text(text, encoding="utf-8")

    # Time each file too, to see whether the thousandth costs what the first did.
    from articles.management.commands import import_articles

    per_file = []
    import_file = import_articles.import_file

    def timed_import_file(*args, **kwargs):
        started = time.perf_counter()
        try:
            return import_file(*args, **kwargs)
        finally:
            per_file.append(time.perf_counter() - started)

    import_articles.import_file = timed_import_file
    started = time.perf_counter()
    call_command("import_articles", str(folder), stdout=io.StringIO(), stderr=io.StringIO())
    elapsed = time.perf_counter() - started
    assert Article.objects.count() == count, Article.objects.count()
    tenth = max(count // 10, 1)
    return {
        "count": count,
        "seconds": elapsed,
        "first_tenth_ms": sum(per_file[:tenth]) * 1000 / tenth,
        "last_tenth_ms": sum(per_file[-tenth:]) * 1000 / tenth,
        "mean_chars": sum(sizes) / len(sizes),
        "workdir": str(workdir),
    }


def main(argv):
    if argv[:1] == ["--child"]:
        print(json.dumps(run_one(int(argv[1]))))
        return 0
    sizes = [int(arg) for arg in argv] or list(SIZES)
    print("articles  total s  ms/article  first 10% ms  last 10% ms  chars/article")
    for count in sizes:
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(count)], capture_output=True, text=True, check=False
        )
        if child.returncode:
            sys.stderr.write(child.stderr)
            return child.returncode
        result = json.loads(child.stdout.strip().splitlines()[-1])
        print(
            f"{count:>8} {result['seconds']:>8.2f} {result['seconds'] * 1000 / count:>11.1f}"
            f" {result['first_tenth_ms']:>13.1f} {result['last_tenth_ms']:>12.1f} {result['mean_chars']:>14.0f}"
        )
        shutil.rmtree(result["workdir"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
