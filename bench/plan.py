"""The plan of the synthetic archive the page benchmarks load: the same articles for the
same seed, every time.

``generate(n, seed)`` plans the archive without touching the database: regions in a tree,
organisations, topics, authors, then ``n`` published articles and 5% drafts, each with its
byline, topics, regions, organisations and photos given as positions in those lists.
``bench/archive.py`` writes the plan to the database.

Eight stories in ten are in English, one in Russian and one in Kazakh (``LANGUAGE_SHARES``),
each written with its own language's words (headline, standfirst, body, captions,
dateline). A tenth of the stories are translations: a Russian or Kazakh story that
translates an English one published shortly before it (``translation_of``, a position in
the list of articles), with its source's byline, topics, places, organisations and photos.
Regions, organisations and authors also have Russian and Kazakh names, and most topics
Russian and Kazakh titles (``name_ru``, ``name_kk``, ``title_ru``, ``title_kk``…), which
``bench/archive.py`` writes where the models have those columns.
"""

import itertools
from datetime import UTC, datetime, timedelta
from random import Random
from typing import NamedTuple

from django.utils.text import slugify

SEED = 20261121
DRAFT_SHARE = 0.05
YEARS = 10
# Publication times are counted back from ``newest``: the build passes the current hour, so
# the newest stories are minutes old (the news sitemap has something to list); a plan made
# without it uses this fixed time, so the plan alone never depends on the clock.
NEWEST = datetime(2026, 1, 1, tzinfo=UTC)
# The stories' languages and their shares: at least 80% English, so the English pages
# list about as many stories as they did when the archive was nine tenths English.
LANGUAGE_SHARES = (("en", 0.8), ("ru", 0.1), ("kk", 0.1))
# The share of all stories that translate an English one (Russian or Kazakh stories).
TRANSLATION_SHARE = 0.1
# A translation follows its source within this many stories (about a day and a half at
# 100,000 stories over ten years).
TRANSLATION_WINDOW = 40
TRANSLATED = ("ru", "kk")  # the languages names and titles are given in besides English

# fmt: off
COUNTRIES = (
    ("Kazakhstan", "KZ", "Казахстан", "Қазақстан"), ("Kyrgyzstan", "KG", "Кыргызстан", "Қырғызстан"),
    ("Tajikistan", "TJ", "Таджикистан", "Тәжікстан"), ("Turkmenistan", "TM", "Туркменистан", "Түрікменстан"),
    ("Uzbekistan", "UZ", "Узбекистан", "Өзбекстан"),
)
# Each syllable of a place's name, in Russian and in Kazakh spelling.
SYLLABLES = {
    "al": ("ал", "ал"), "ma": ("ма", "ма"), "ty": ("ты", "ты"), "as": ("ас", "ас"), "ta": ("та", "та"),
    "na": ("на", "на"), "pav": ("пав", "пав"), "lo": ("ло", "ло"), "dar": ("дар", "дар"),
    "ka": ("ка", "қа"), "ra": ("ра", "ра"), "gan": ("ган", "ған"), "dy": ("ды", "ды"),
    "shym": ("шым", "шым"), "kent": ("кент", "кент"), "ak": ("ак", "ақ"), "tau": ("тау", "тау"),
    "tur": ("тур", "тұр"), "kes": ("кес", "кес"), "tan": ("тан", "тан"), "bish": ("биш", "біш"),
    "kek": ("кек", "кек"), "osh": ("ош", "ош"), "du": ("ду", "ду"), "shan": ("шан", "шан"),
    "be": ("бе", "бе"), "khu": ("ху", "ху"), "jand": ("джанд", "жанд"), "ash": ("аш", "аш"),
    "ga": ("га", "ға"), "bat": ("бат", "бат"), "mar": ("мар", "мар"), "sam": ("сам", "сам"),
    "ar": ("ар", "ар"), "kand": ("канд", "қанд"), "bu": ("бу", "бу"), "kha": ("ха", "ха"),
    "ter": ("тер", "тер"), "mez": ("мез", "мез"), "nu": ("ну", "ну"), "kus": ("кус", "құс"),
    "zhe": ("же", "же"), "zkaz": ("зказ", "зқаз"),
}
PROVINCE = {"en": "{} Province", "ru": "{} область", "kk": "{} облысы"}
# First and last names, and how Russian and Kazakh spell them.
FIRST_NAMES = {
    "Ksenia": ("Ксения", "Ксения"), "Alexander": ("Александр", "Александр"),
    "Gulnaz": ("Гульназ", "Гүлназ"), "Azamat": ("Азамат", "Азамат"), "Alibek": ("Алибек", "Әлібек"),
    "Alim": ("Алим", "Әлім"), "Daniil": ("Даниил", "Даниил"), "Aigerim": ("Айгерим", "Айгерім"),
    "Nurlan": ("Нурлан", "Нұрлан"), "Saule": ("Сауле", "Сәуле"), "Timur": ("Тимур", "Темір"),
    "Madina": ("Мадина", "Мәдина"), "Yerlan": ("Ерлан", "Ерлан"), "Dana": ("Дана", "Дана"),
    "Ruslan": ("Руслан", "Руслан"), "Asel": ("Асель", "Әсел"), "Marat": ("Марат", "Марат"),
    "Zarina": ("Зарина", "Зарина"), "Bakhyt": ("Бахыт", "Бақыт"), "Dilnoza": ("Дильноза", "Дилноза"),
    "Farrukh": ("Фаррух", "Фаррух"), "Gulmira": ("Гульмира", "Гүлмира"),
    "Jamshid": ("Джамшид", "Жамшид"), "Kamila": ("Камила", "Камила"),
}
LAST_NAMES = {
    "Bondal": ("Бондаль", "Бондаль"), "Bogatik": ("Богатик", "Богатик"),
    "Razdykova": ("Раздыкова", "Раздықова"), "Shambilov": ("Шамбилов", "Шамбилов"),
    "Kimanov": ("Киманов", "Киманов"), "Shaumetov": ("Шауметов", "Шәуметов"),
    "Lebedov": ("Лебедов", "Лебедов"), "Seitkali": ("Сейткали", "Сейітқали"),
    "Abenov": ("Абенов", "Әбенов"), "Ibragimova": ("Ибрагимова", "Ибрагимова"),
    "Tokayev": ("Токаев", "Тоқаев"), "Nurpeisova": ("Нурпеисова", "Нұрпейісова"),
    "Kassymov": ("Касымов", "Қасымов"), "Akhmetova": ("Ахметова", "Ахметова"),
    "Yusupov": ("Юсупов", "Юсупов"), "Rakhimova": ("Рахимова", "Рахимова"),
    "Saidov": ("Саидов", "Саидов"), "Karimova": ("Каримова", "Кәрімова"),
}
ROLES = {
    "correspondent": ("корреспондент", "тілші"), "editor": ("редактор", "редактор"),
    "contributor": ("внештатный автор", "штаттан тыс автор"),
}
ORGANISATION_KINDS = (
    "government", "ngo", "research", "religious", "international", "media", "penal", "other",
)
ORGANISATION_FORMS = (
    ("Ministry of {}", "Министерство «{}»", "«{}» министрлігі"),
    ("{} Centre for Analysis", "Аналитический центр «{}»", "«{}» талдау орталығы"),
    ("{} Foundation", "Фонд «{}»", "«{}» қоры"),
    ("Committee on {}", "Комитет «{}»", "«{}» комитеті"),
    ("{} Institute", "Институт «{}»", "«{}» институты"),
    ("{} Association", "Ассоциация «{}»", "«{}» қауымдастығы"),
    ("Department for {}", "Департамент «{}»", "«{}» департаменті"),
    ("{} Network", "Сеть «{}»", "«{}» желісі"),
)
# The words stories are written with: English, and the same word in Russian and in Kazakh.
WORDS = {
    "authorities": ("власти", "билік"), "centre": ("центр", "орталық"),
    "government": ("правительство", "үкімет"), "ministry": ("министерство", "министрлік"),
    "region": ("регион", "өңір"), "province": ("область", "облыс"), "city": ("город", "қала"),
    "women": ("женщины", "әйелдер"), "men": ("мужчины", "ерлер"),
    "prisoners": ("заключённые", "сотталғандар"), "families": ("семьи", "отбасылар"),
    "theologians": ("теологи", "теологтар"), "specialists": ("специалисты", "мамандар"),
    "programme": ("программа", "бағдарлама"), "rehabilitation": ("реабилитация", "оңалту"),
    "extremism": ("экстремизм", "экстремизм"), "security": ("безопасность", "қауіпсіздік"),
    "officials": ("чиновники", "шенеуніктер"), "report": ("доклад", "баяндама"),
    "reform": ("реформа", "реформа"), "schools": ("школы", "мектептер"), "children": ("дети", "балалар"),
    "lawyers": ("юристы", "заңгерлер"), "courts": ("суды", "соттар"), "police": ("полиция", "полиция"),
    "border": ("граница", "шекара"), "trade": ("торговля", "сауда"), "water": ("вода", "су"),
    "energy": ("энергетика", "энергетика"), "harvest": ("урожай", "егін"),
    "farmers": ("фермеры", "фермерлер"), "markets": ("рынки", "нарықтар"), "prices": ("цены", "бағалар"),
    "roads": ("дороги", "жолдар"), "railway": ("железная дорога", "теміржол"),
    "students": ("студенты", "студенттер"), "teachers": ("учителя", "мұғалімдер"),
    "hospitals": ("больницы", "ауруханалар"), "doctors": ("врачи", "дәрігерлер"),
    "villages": ("сёла", "ауылдар"), "districts": ("районы", "аудандар"),
    "communities": ("общины", "қауымдастықтар"), "volunteers": ("волонтёры", "еріктілер"),
    "meetings": ("встречи", "кездесулер"), "training": ("обучение", "оқыту"),
    "research": ("исследования", "зерттеулер"), "statistics": ("статистика", "статистика"),
    "support": ("поддержка", "қолдау"), "services": ("услуги", "қызметтер"),
    "housing": ("жильё", "тұрғын үй"), "jobs": ("рабочие места", "жұмыс орындары"),
    "workers": ("работники", "жұмысшылар"), "wages": ("зарплаты", "жалақы"),
    "pensions": ("пенсии", "зейнетақы"), "budget": ("бюджет", "бюджет"), "taxes": ("налоги", "салықтар"),
    "investment": ("инвестиции", "инвестиция"), "exports": ("экспорт", "экспорт"),
    "partners": ("партнёры", "серіктестер"), "delegation": ("делегация", "делегация"),
    "agreement": ("соглашение", "келісім"), "conference": ("конференция", "конференция"),
    "dialogue": ("диалог", "диалог"), "tolerance": ("толерантность", "төзімділік"),
    "religion": ("религия", "дін"), "culture": ("культура", "мәдениет"), "language": ("язык", "тіл"),
    "history": ("история", "тарих"), "museum": ("музей", "мұражай"), "festival": ("фестиваль", "фестиваль"),
    "music": ("музыка", "музыка"), "television": ("телевидение", "теледидар"),
    "newspaper": ("газета", "газет"), "internet": ("интернет", "интернет"), "network": ("сеть", "желі"),
    "propaganda": ("пропаганда", "үгіт-насихат"), "recruiters": ("вербовщики", "жалдаушылар"),
    "groups": ("группы", "топтар"), "ideology": ("идеология", "идеология"),
    "drought": ("засуха", "құрғақшылық"), "pipeline": ("трубопровод", "құбыр"),
    "elections": ("выборы", "сайлау"), "parliament": ("парламент", "парламент"),
    "migration": ("миграция", "көші-қон"), "remittances": ("денежные переводы", "ақша аударымдары"),
}
LINKS = {
    "and": ("и", "және"), "of": ("о", "туралы"), "in": ("в", "ішінде"), "for": ("для", "үшін"),
    "with": ("с", "бірге"), "among": ("среди", "арасында"), "from": ("из", "бастап"),
    "across": ("по", "бойынша"), "after": ("после", "кейін"), "before": ("до", "дейін"),
    "during": ("во время", "кезінде"), "under": ("под", "астында"),
}
VERBS = {
    "en": ("said", "reported", "explained", "added", "warned", "noted", "announced", "confirmed", "stressed"),
    "ru": (
        "сообщил", "заявил", "пояснил", "добавил", "предупредил", "отметил", "объявил", "подтвердил",
        "подчеркнул",
    ),
    "kk": (
        "хабарлады", "мәлімдеді", "түсіндірді", "қосты", "ескертті", "атап өтті", "жариялады", "растады",
        "баса айтты",
    ),
}
# A cited organisation's sentence: its name, then the verb.
CITED = {"en": "{name} {verb} so.", "ru": "{name} {verb} об этом.", "kk": "{name} бұл туралы {verb}."}
CREDITS = {
    "en": ("File photo", "Courtesy of {}"),
    "ru": ("Архивное фото", "Фото предоставлено: {}"),
    "kk": ("Мұрағаттағы сурет", "Суретті ұсынған: {}"),
}
# Letters for the slugs of Russian and Kazakh headlines (addresses are ASCII).
LATIN = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
        "ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": "",
        "ю": "yu", "я": "ya", "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u",
        "һ": "h", "і": "i",
    }
)
# fmt: on
OTHER_LANGUAGES = tuple(code for code, _share in LANGUAGE_SHARES if code != "en")
SENTENCE_POOL = 4000
OTHER_SENTENCE_POOL = 1500  # sentences for each other language's stories
PHOTO_FILES = 3


class Vocabulary(NamedTuple):
    """The words a language's stories are written with."""

    words: tuple
    links: tuple
    verbs: tuple


VOCABULARIES = {
    "en": Vocabulary(tuple(WORDS), tuple(LINKS), VERBS["en"]),
    **{
        code: Vocabulary(
            tuple(names[position] for names in WORDS.values()),
            tuple(names[position] for names in LINKS.values()),
            VERBS[code],
        )
        for position, code in enumerate(TRANSLATED)
    },
}


def _in(code, english, table):
    """``english`` in language ``code``, from a table of (Russian, Kazakh) spellings."""
    return english if code == "en" else table[english][TRANSLATED.index(code)]


def _capital(text):
    return text[:1].upper() + text[1:]


def _tokens(rng, low, high, vocabulary):
    tokens = []
    for _ in range(rng.randint(low, high)):
        tokens.append(
            rng.choice(vocabulary.links) if tokens and rng.random() < 0.3 else rng.choice(vocabulary.words)
        )
    return tokens


def _words(rng, low, high, vocabulary=VOCABULARIES["en"]):
    return " ".join(_tokens(rng, low, high, vocabulary))


def _sentence(rng, low=11, high=20, vocabulary=VOCABULARIES["en"]):
    return _capital(_words(rng, low, high, vocabulary))


def _slug(text):
    """An ASCII slug, Cyrillic letters spelt in Latin ones."""
    return slugify(text.lower().translate(LATIN))


def _place_name(rng, used):
    """A new place's name in English, Russian and Kazakh: {"en": …, "ru": …, "kk": …}."""
    while True:
        syllables = [rng.choice(tuple(SYLLABLES)) for _ in range(rng.randint(2, 3))]
        name = "".join(syllables).capitalize()
        if name not in used:
            used.add(name)
            return {"en": name} | {
                code: _capital("".join(SYLLABLES[syllable][position] for syllable in syllables))
                for position, code in enumerate(TRANSLATED)
            }


def _names(field, names):
    """A vocabulary entry's fields from {language: text}: name, name_ru, name_kk."""
    return {field: names["en"]} | {f"{field}_{code}": names[code] for code in TRANSLATED}


def name_in(spec, code, field="name"):
    """A planned region's, organisation's or author's name in language ``code``."""
    return spec.get(f"{field}_{code}") or spec[field]


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


def _body(rng, pool, organisations, code="en"):
    """About 5,000 characters of clean HTML: paragraphs, a sub-heading or two, now and then a
    quote, in language ``code`` (``pool``: that language's sentences)."""
    vocabulary = VOCABULARIES[code]
    paragraphs = []
    length = 0
    while length < 4800:
        text = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 4)))
        roll = rng.random()
        if roll < 0.08:
            organisation = rng.choice(organisations)
            name = name_in(organisation, code)
            link = f'<a href="https://example.org/{slugify(organisation["name"])}">{name}</a>'
            text += " " + CITED[code].format(name=link, verb=rng.choice(vocabulary.verbs))
        elif roll < 0.14:
            text = f"<strong>{text}</strong>"
        elif roll < 0.2:
            text = f"<em>{text}</em>"
        paragraphs.append(f"<p>{text}</p>")
        length += len(text) + 7
    for position in sorted(rng.sample(range(3, len(paragraphs) - 1), rng.randint(1, 2)), reverse=True):
        paragraphs.insert(position, f"<h2>{_capital(_words(rng, 2, 5, vocabulary))}</h2>")
    if rng.random() < 0.3:
        paragraphs.insert(
            rng.randrange(2, len(paragraphs)), f"<blockquote><p>{rng.choice(pool)}</p></blockquote>"
        )
    return "".join(paragraphs)


def _photo(rng, authors, code, file=None, after_paragraph=None):
    """A photo's caption, credit and alt text in language ``code``; the file and place are
    drawn unless given (a translation shows its source's photos where its source does)."""
    vocabulary = VOCABULARIES[code]
    photo = {
        "file": rng.randrange(PHOTO_FILES) if file is None else file,
        "caption": _sentence(rng, 10, 18, vocabulary) + ".",
    }
    archive, courtesy = CREDITS[code]
    photo["credit"] = rng.choice((archive, courtesy.format(name_in(rng.choice(authors), code))))
    photo["alt_text"] = _sentence(rng, 5, 9, vocabulary) + "."
    photo["after_paragraph"] = after_paragraph
    return photo


def generate(n, seed=SEED, newest=NEWEST):
    """The whole archive as plain data (no database): vocabularies, then a list of article dicts.

    Links are positions in the vocabulary lists, so the plan is the same whatever keys the
    database hands out.
    """
    rng = Random(seed)
    used = set()
    regions = []  # a parent is a position in this list, always an earlier one
    for name, code, *translated in COUNTRIES:
        regions.append(
            {"kind": "country", "parent": None, "iso_code": code}
            | _names("name", dict(zip(("en", *TRANSLATED), (name, *translated), strict=True)))
        )
    for number in range(15):
        names = _place_name(rng, used)
        regions.append(
            {"kind": "province", "parent": number % len(COUNTRIES), "iso_code": ""}
            | _names("name", {code: PROVINCE[code].format(name) for code, name in names.items()})
        )
    for number in range(40):
        regions.append(
            {"kind": "city", "parent": len(COUNTRIES) + number % 15, "iso_code": ""}
            | _names("name", _place_name(rng, used))
        )
    organisations = []
    for number in range(500):
        forms = dict(
            zip(("en", *TRANSLATED), ORGANISATION_FORMS[number % len(ORGANISATION_FORMS)], strict=True)
        )
        if rng.random() < 0.5:
            region = rng.choice(regions)
            subjects = {code: name_in(region, code) for code in forms}
        else:
            word = rng.choice(tuple(WORDS))
            subjects = {code: _capital(_in(code, word, WORDS)) for code in forms}
        organisations.append(
            {"kind": rng.choice(ORGANISATION_KINDS), "region": rng.randrange(len(regions))}
            | _names(
                "name", {code: f"{form.format(subjects[code])} {number + 1}" for code, form in forms.items()}
            )
        )
    topics = []
    for number in range(200):
        tokens = _tokens(rng, 1, 2, VOCABULARIES["en"])
        topic = {"name": f"{_capital(' '.join(tokens))} {number + 1}"}
        # Most topics have a title in Russian and in Kazakh; the others show their English
        # name there (the site's fallback).
        for position, code in enumerate(TRANSLATED):
            if number % 5 != 4 - position:
                words = " ".join(_in(code, token, WORDS | LINKS) for token in tokens)
                topic[f"title_{code}"] = f"{_capital(words)} {number + 1}"
        topics.append(topic)
    authors = []
    for number in range(300):
        first, last = rng.choice(tuple(FIRST_NAMES)), rng.choice(tuple(LAST_NAMES))
        role = rng.choice(tuple(ROLES))
        authors.append(
            _names(
                "name",
                {
                    code: f"{_in(code, first, FIRST_NAMES)} {_in(code, last, LAST_NAMES)} {number + 1}"
                    for code in ("en", *TRANSLATED)
                },
            )
            | _names("role", {code: _in(code, role, ROLES) for code in ("en", *TRANSLATED)})
        )

    pools = {"en": [_sentence(rng) + "." for _ in range(SENTENCE_POOL)]}
    for code in OTHER_LANGUAGES:
        pools[code] = [
            _sentence(rng, vocabulary=VOCABULARIES[code]) + "." for _ in range(OTHER_SENTENCE_POOL)
        ]
    author_weights = _skewed(rng, len(authors), 0.9)
    topic_weights = _skewed(rng, len(topics), 0.8)
    organisation_weights = _skewed(rng, len(organisations), 1.0)
    # Cities are written about most, then provinces, then countries as a whole.
    region_weights = list(
        itertools.accumulate(
            3 if region["kind"] == "city" else 2 if region["kind"] == "province" else 1 for region in regions
        )
    )
    languages, shares = zip(*LANGUAGE_SHARES, strict=True)
    language_weights = list(itertools.accumulate(shares))
    drafts = round(n * DRAFT_SHARE)
    span = timedelta(days=365 * YEARS).total_seconds()
    articles = []
    for number in range(n + drafts):
        draft = number >= n
        (code,) = rng.choices(languages, cum_weights=language_weights)
        vocabulary = VOCABULARIES[code]
        headline = _sentence(rng, 6, 11, vocabulary)
        seconds = span * number / max(n, 1) + rng.uniform(0, span / max(n, 1)) + 300
        city = rng.randrange(len(COUNTRIES) + 15, len(regions))
        articles.append(
            {
                "headline": headline,
                "slug": f"{_slug(headline)[:200]}-{number + 1}",
                "standfirst": _sentence(rng, 14, 24, vocabulary) + ".",
                "body": _body(rng, pools[code], organisations, code),
                "dateline": name_in(regions[city], code).upper(),
                "dateline_region": city,
                "language": code,
                "status": "draft" if draft else "published",
                "published_at": None if draft else newest - timedelta(seconds=seconds),
                "authors": _pick(rng, range(len(authors)), author_weights, rng.randint(1, 3)),
                "topics": _pick(rng, range(len(topics)), topic_weights, rng.randint(1, 4)),
                "regions": _pick(rng, range(len(regions)), region_weights, rng.randint(1, 2)),
                "organisations": _pick(
                    rng, range(len(organisations)), organisation_weights, rng.randint(0, 3)
                ),
                "photos": [
                    _photo(
                        rng,
                        authors,
                        code,
                        after_paragraph=None if position == 0 and rng.random() < 0.7 else rng.randint(2, 12),
                    )
                    for position in range(rng.randint(0, 3))
                ],
                "comments": rng.randint(1, 4) if number < 30 else 0,
            }
        )
    # The newest stories are the ones editors feature on the front page.
    for position, number in enumerate(sorted(rng.sample(range(min(n, 30)), min(n, 6))), start=1):
        articles[number]["featured_position"] = position
    _translations(rng, articles, n, regions, authors)
    return {
        "regions": regions,
        "organisations": organisations,
        "topics": topics,
        "authors": authors,
        "articles": articles,
    }


def showcase(articles, n):
    """The positions of the two English stories the article pages are timed on: the one with
    the most photos, then comments, newest first (``bench/pages.py`` picks it so from the
    database), and the next in that order. The first gets a Russian and a Kazakh translation,
    the second never has one."""
    english = sorted(
        (number for number in range(n) if articles[number]["language"] == "en"),
        key=lambda number: (-len(articles[number]["photos"]), -articles[number]["comments"], number),
    )
    return english[0], (english[1] if len(english) > 1 else None)


def _translations(rng, articles, n, regions, authors):
    """Make a tenth of the published stories translations of English ones (``translation_of``).

    A translation is a Russian or Kazakh story published after its source, within
    ``TRANSLATION_WINDOW`` stories, and carries its source's byline, topics, places,
    organisations and photos (captions in its own language); a source has at most one
    translation per language. The showcase story gets one in each language.
    """
    if n < 2:
        return
    showcased, untranslated = showcase(articles, n)
    taken = set()  # (source, language)

    def translate(number, source):
        article, original = articles[number], articles[source]
        code = article["language"]
        article["translation_of"] = source
        for key in ("authors", "topics", "regions", "organisations", "dateline_region"):
            article[key] = original[key]
        article["dateline"] = name_in(regions[original["dateline_region"]], code).upper()
        article["photos"] = [
            _photo(rng, authors, code, file=photo["file"], after_paragraph=photo["after_paragraph"])
            for photo in original["photos"]
        ]
        taken.add((source, code))

    def other(code):
        return [number for number in range(n) if articles[number]["language"] == code]

    for code in OTHER_LANGUAGES:
        # The nearest story in that language, newer ones first.
        candidates = sorted(other(code), key=lambda number: (abs(number - showcased), number > showcased))
        if candidates:
            translate(candidates[0], showcased)
    wanted = round(n * TRANSLATION_SHARE) - len(taken)
    free = [
        number
        for code in OTHER_LANGUAGES
        for number in other(code)
        if "translation_of" not in articles[number]
    ]
    for number in sorted(rng.sample(free, min(max(wanted, 0), len(free)))):
        code = articles[number]["language"]
        sources = [
            source
            for source in range(number + 1, min(n, number + 1 + TRANSLATION_WINDOW))
            if articles[source]["language"] == "en" and source != untranslated and (source, code) not in taken
        ]
        if sources:
            translate(number, rng.choice(sources))


def expected_counts(n):
    """How many published articles and drafts ``build_archive(n)`` writes."""
    return n, round(n * DRAFT_SHARE)
