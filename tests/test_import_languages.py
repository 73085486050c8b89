"""Importing copy in the newsroom's seven languages: datelines, bylines, furniture, language, encodings.

The stories are written for these tests the way correspondents file them from each
country: headline, byline, a captioned photo with its credit on a line of its own, a
dateline, paragraphs, and the furniture the region's sites paste along with them.
"""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.importing.furniture import BUILT_IN_FILE, KINDS, Furniture, FurnitureError, read_entries
from articles.importing.importer import Directory, import_file
from articles.importing.language import detect_language
from articles.importing.parser import CopyError, parse_byline, parse_copy, split_dateline
from articles.importing.sources import decode_copy
from articles.models import Article, Author, Region, SourceOrganisation

SEED_DIR = Path(settings.FIXTURE_DIRS[0]) / "seeds"

RUSSIAN = """В Алматы открылся кризисный центр для женщин, пострадавших от насилия

Автор: Айгерим Тлеуова

Сотрудницы центра встречают первых посетительниц.

Фото: пресс-служба акимата Алматы

АЛМАТЫ -- В Алматы начал работу кризисный центр для женщин, пострадавших от бытового насилия. Центр рассчитан на 30 мест, сообщили в акимате города.

Поделиться

«Мы принимаем женщин с детьми круглосуточно, без документов и направлений», — рассказала директор центра Гульнара Сейткали.

Читайте также: В Казахстане ужесточили наказание за бытовое насилие

По данным МВД, за первое полугодие в стране зарегистрировано более 45 тысяч обращений о семейно-бытовом насилии.

Реклама

Психологи центра проводят групповые и индивидуальные консультации, а юристы помогают составить заявления в суд и полицию.

Подписывайтесь на наш Telegram-канал

Поделиться
"""

KAZAKH = """Алматыда зорлық-зомбылық көрген әйелдерге арналған дағдарыс орталығы ашылды

Айгерім Тлеуова, тілші

Орталық қызметкерлері алғашқы келушілерді қарсы алуда.

Сурет: Алматы қаласы әкімдігінің баспасөз қызметі

АЛМАТЫ — Алматыда тұрмыстық зорлық-зомбылықтан зардап шеккен әйелдерге арналған дағдарыс орталығы жұмысын бастады. Орталық отыз орынға есептелген, деп хабарлады қала әкімдігі.

Бөлісу

«Біз балалары бар әйелдерді тәулік бойы, құжатсыз және жолдамасыз қабылдаймыз», — деді орталық директоры Гүлнара Сейітқали.

Сондай-ақ оқыңыз: Қазақстанда тұрмыстық зорлық үшін жаза қатаңдатылды

ІІМ мәліметінше, биылғы жылдың бірінші жартысында елде отбасылық-тұрмыстық зорлық-зомбылық туралы қырық бес мыңнан астам өтініш тіркелген.

Жарнама

Орталықтың психологтары топтық және жеке кеңес береді, ал заңгерлер сотқа және полицияға арыз жазуға көмектеседі.

Telegram арнамызға жазылыңыз
"""

KYRGYZ = """Бишкекте 1200 окуучуга ылайыкталган жаңы мектеп ачылды

Автор: Нурбек Асанов

БИШКЕК – Бишкектин Свердлов районунда 1200 окуучуга ылайыкталган жаңы мектеп ачылды. Имараттын курулушуна республикалык бюджеттен 500 миллион сом бөлүнгөн, деп билдирди шаардык мэриянын басма сөз кызматы.

Бөлүшүү

«Мектепте заманбап компьютердик класстар, спорт залы жана ашкана бар. Балдар эми эки сменада эмес, бир сменада окушат», — деди мектептин директору Айгүл Токтосунова.

Окуучулар жаңы мектептин китепканасында.

Сүрөт: Бишкек шаарынын мэриясы

Дагы окуңуз: Ошто үч жаңы бала бакча курулат

Билим берүү жана илим министрлигинин маалыматы боюнча, борбор калаада дагы 12 мектеп курулуп жатат.

Жарнама

Ата-энелер жаңы мектептин ачылышын кубаныч менен тосуп алышты.
"""

TAJIK = """Дар Душанбе пули нав бар рӯи дарёи Варзоб кушода шуд

Муаллиф: Фарзона Раҳимова

ДУШАНБЕ -- Дар маркази шаҳри Душанбе пули нав бар рӯи дарёи Варзоб ба истифода дода шуд. Дарозии пул 120 метр буда, сохтмони он ду сол идома ёфт, хабар дод хадамоти матбуотии мақомоти иҷроияи ҳокимияти давлатии шаҳр.

Мубодила

«Пули нав ҳаракати нақлиётро дар қисмати марказии шаҳр осон мекунад ва роҳбандиҳоро кам менамояд», — гуфт сармуҳандиси лоиҳа Фирӯз Назаров.

Пули нав дар шаби кушодашавӣ.

Акс: Хадамоти матбуотии шаҳри Душанбе

Инчунин хонед: Дар Хуҷанд бозори нав сохта мешавад

Тибқи маълумоти Вазорати нақлиёт, имсол дар пойтахт боз се пули дигар сохта мешавад.

Таблиғ

Сокинони шаҳр кушодашавии пулро бо хурсандӣ истиқбол карданд.
"""

UZBEK = """Toshkentda metroning yangi bekati yoʻlovchilar uchun ochildi

Muallif: Dilnoza Karimova

TOSHKENT -- Toshkent metropoliteni Yunusobod yoʻnalishida yangi bekat yoʻlovchilar uchun ochildi. Bekat qurilishiga 300 milliard soʻm sarflangani haqida shahar hokimligi matbuot xizmati xabar berdi.

Ulashish

“Yangi bekat tufayli Yunusobod tumanidagi aholi shahar markaziga yarim soatda yetib boradi”, — dedi metropoliten boshligʻi Sherzod Qodirov.

Yangi bekatning yer osti zali.

Foto: Toshkent shahar hokimligi

Batafsil: Samarqandda yangi tramvay yoʻli quriladi

Transport vazirligi maʼlumotlariga koʻra, kelgusi yili poytaxtda yana toʻrtta bekat qurilishi rejalashtirilgan.

Reklama

Shahar aholisi yangi bekatning ochilishini mamnuniyat bilan kutib oldi.

Telegram kanalimizga obuna boʻling
"""

TURKMEN = """Aşgabatda 300 orunlyk täze çagalar hassahanasy açyldy

Awtor: Merdan Annaýew

AŞGABAT -- Aşgabadyň Bitarap Türkmenistan şaýolunda 300 orunlyk täze çagalar hassahanasy açyldy. Hassahananyň gurluşygy iki ýyl dowam etdi diýip, şäher häkimliginiň metbugat gullugy habar berdi.

Paýlaş

«Täze hassahana häzirki zaman lukmançylyk enjamlary bilen üpjün edildi. Indi çagalary bejermek üçin daşary ýurda gitmek zerurlygy ýok» diýip, hassahananyň baş lukmany Aýgül Orazowa aýtdy.

Şeýle hem okaň: Daşoguzda täze mekdep gurlar

Saglygy goraýyş we derman senagaty ministrliginiň maglumatyna görä, ýakyn ýyllarda paýtagtda ýene iki hassahana gurlar.

Mahabat

Şäher ýaşaýjylary täze hassahananyň açylmagyny şatlyk bilen garşyladylar.

Surat: Aşgabat şäher häkimligi
"""

# The same Russian story as an old KOI8-R machine types it: KOI8-R has no «» or long dashes.
RUSSIAN_PLAIN = RUSSIAN.replace("«", '"').replace("»", '"').replace("—", "--")

# Each region's name in en, ru, kk, ky, tg, uz, tk (fixtures/regions.json spells them so).
PLACES = {
    "almaty": ("city", "Almaty", "Алматы", "Алматы", "Алматы", "Алмаато", "Olmaota", "Almaty"),
    "almaty-province": ("province", "Almaty Province", "Алматинская область", "Алматы облысы",
                        "Алматы облусу", "Вилояти Алмаато", "Olmaota viloyati", "Almaty welaýaty"),
    "pavlodar-province": ("province", "Pavlodar Province", "Павлодарская область", "Павлодар облысы",
                          "Павлодар облусу", "Вилояти Павлодар", "Pavlodar viloyati", "Pawlodar welaýaty"),
    "pavlodar": ("city", "Pavlodar", "Павлодар", "Павлодар", "Павлодар", "Павлодар", "Pavlodar", "Pawlodar"),
    "bishkek": ("city", "Bishkek", "Бишкек", "Бішкек", "Бишкек", "Бишкек", "Bishkek", "Bişkek"),
    "dushanbe": ("city", "Dushanbe", "Душанбе", "Душанбе", "Душанбе", "Душанбе", "Dushanbe", "Duşenbe"),
    "tashkent": ("city", "Tashkent", "Ташкент", "Ташкент", "Ташкент", "Тошканд", "Toshkent", "Daşkent"),
    "ashgabat": ("city", "Ashgabat", "Ашхабад", "Ашхабад", "Ашхабад", "Ашқобод", "Ashxobod", "Aşgabat"),
    "fergana": ("city", "Fergana", "Фергана", "Ферғана", "Фергана", "Фарғона", "Fargʻona", "Fergana"),
    "konye-urgench": ("city", "Konye-Urgench", "Кёнеургенч", "Көнеүргеніш", "Көнөүргенч", "Кӯҳнаурганҷ",
                      "Koʻhna Urganch", "Köneürgenç"),
}  # fmt: skip
LANGUAGES = ("en", "ru", "kk", "ky", "tg", "uz", "tk")


def seven_names(field, *names):
    return {field: names[0]} | {f"{field}_{code}": name for code, name in zip(LANGUAGES, names, strict=True)}


@pytest.fixture
def places(db):
    """Regions with their names in all seven languages, as the database holds them."""
    return {
        slug: Region.objects.create(slug=slug, kind=kind, **seven_names("name", *names))
        for slug, (kind, *names) in PLACES.items()
    }


@pytest.fixture
def ministries(db):
    """Two ministries the stories cite, by a short name in one language, a name in others."""
    interior = SourceOrganisation.objects.create(
        slug="ministry-of-internal-affairs",
        **seven_names("name", "Ministry of Internal Affairs", "Министерство внутренних дел",
                      "Ішкі істер министрлігі", "Ички иштер министрлиги", "Вазорати корҳои дохилӣ",
                      "Ichki ishlar vazirligi", "Içeri işler ministrligi"),
        **seven_names("short_name", "", "МВД", "ІІМ", "ИИМ", "ВКД", "IIV", ""),
    )  # fmt: skip
    transport = SourceOrganisation.objects.create(
        slug="ministry-of-transport",
        **seven_names("name", "Ministry of Transport", "Министерство транспорта", "Көлік министрлігі",
                      "Транспорт министрлиги", "Вазорати нақлиёт", "Transport vazirligi",
                      "Ulag ministrligi"),
    )  # fmt: skip
    return interior, transport


def write(folder, name, text, encoding="utf-8"):
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def import_text(folder, text, *, name="copy.txt", encoding="utf-8"):
    outcome = import_file(write(folder, name, text, encoding), directory=Directory.from_database())
    assert outcome.action == "created", outcome.reason
    return Article.objects.get(pk=outcome.article.pk)


def paragraphs(article):
    return [p.removesuffix("</p>") for p in article.body.split("<p>")[1:]]


# What each story must become: language, dateline, region, byline, paragraph count, the
# photo (caption start, credit, place), and furniture lines that must not be in the body.
STORIES = {
    "ru": (RUSSIAN, "АЛМАТЫ", "almaty", ["Айгерим Тлеуова"], 4,
           ("Сотрудницы центра", "Фото: пресс-служба акимата Алматы", None),
           ["Поделиться", "Читайте также", "Реклама", "Подписывайтесь"]),
    "kk": (KAZAKH, "АЛМАТЫ", "almaty", ["Айгерім Тлеуова"], 4,
           ("Орталық қызметкерлері", "Сурет: Алматы қаласы әкімдігінің баспасөз қызметі", None),
           ["Бөлісу", "оқыңыз", "Жарнама", "Telegram"]),
    "ky": (KYRGYZ, "БИШКЕК", "bishkek", ["Нурбек Асанов"], 4,
           ("Окуучулар жаңы мектептин", "Сүрөт: Бишкек шаарынын мэриясы", 2),
           ["Бөлүшүү", "окуңуз", "Жарнама"]),
    "tg": (TAJIK, "ДУШАНБЕ", "dushanbe", ["Фарзона Раҳимова"], 4,
           ("Пули нав дар шаби", "Акс: Хадамоти матбуотии шаҳри Душанбе", 2),
           ["Мубодила", "Инчунин хонед", "Таблиғ"]),
    "uz": (UZBEK, "TOSHKENT", "tashkent", ["Dilnoza Karimova"], 4,
           ("Yangi bekatning yer osti", "Foto: Toshkent shahar hokimligi", 2),
           ["Ulashish", "Batafsil", "Reklama", "obuna"]),
    "tk": (TURKMEN, "AŞGABAT", "ashgabat", ["Merdan Annaýew"], 4, None,
           ["Paýlaş", "okaň", "Mahabat", "Surat:"]),
}  # fmt: skip


@pytest.mark.parametrize("language", STORIES)
def test_a_story_in_each_language_imports_with_its_dateline_byline_photo_and_language(
    tmp_path, places, language
):
    """Headline, byline, dateline linked to its region, photo credit line used, furniture gone."""
    text, dateline, region, authors, paragraph_count, photo, furniture = STORIES[language]
    article = import_text(tmp_path, text)
    assert article.language == language
    assert article.headline == text.split("\n", 1)[0]
    assert (article.dateline, article.dateline_region.slug) == (dateline, region)
    assert [region.slug for region in article.regions.all()] == [region]
    assert [credit.author.name for credit in article.byline.select_related("author")] == authors
    assert len(paragraphs(article)) == paragraph_count
    assert not paragraphs(article)[0].startswith(dateline)
    for line in furniture:
        assert line not in article.body
    photos = [(p.caption, p.credit, p.after_paragraph) for p in article.photos.all()]
    if photo is None:
        # A credit line at the very end, with no caption above it and no photo to credit.
        assert photos == []
    else:
        caption_start, credit, after = photo
        assert len(photos) == 1
        assert photos[0][0].startswith(caption_start)
        assert photos[0][1:] == (credit, after)


def test_russian_story_links_the_ministry_by_its_russian_short_name(tmp_path, places, ministries):
    """ "МВД" is the interior ministry's Russian short name; the Tajik and Uzbek stories name
    the transport ministry in their languages."""
    interior, transport = ministries
    russian = import_text(tmp_path, RUSSIAN, name="ru.txt")
    kazakh = import_text(tmp_path, KAZAKH, name="kk.txt")
    tajik = import_text(tmp_path, TAJIK, name="tg.txt")
    uzbek = import_text(tmp_path, UZBEK, name="uz.txt")
    assert list(russian.organisations.all()) == [interior]
    assert list(kazakh.organisations.all()) == [interior]
    assert list(tajik.organisations.all()) == [transport]
    assert list(uzbek.organisations.all()) == [transport]


def test_a_new_author_gets_the_name_as_printed_in_english_and_in_the_storys_language(tmp_path, places):
    """Every page falls back to the English name; the Russian one is the Russian readers'."""
    author = import_text(tmp_path, RUSSIAN).byline.get().author
    assert (author.name_en, author.name_ru, author.name_kk) == ("Айгерим Тлеуова", "Айгерим Тлеуова", None)
    assert author.slug.isascii() and author.slug.endswith("-tleuova")


def test_a_known_author_is_found_by_their_name_in_any_language(tmp_path, places, make_author):
    """The Russian byline finds the author whose English name is a transliteration."""
    known = make_author(name="Aigerim Tleuova", slug="aigerim-tleuova")
    Author.objects.filter(pk=known.pk).update(name_ru="Айгерим Тлеуова")
    with translation.override("kk"):
        article = import_text(tmp_path, RUSSIAN)
    assert article.byline.get().author == known
    assert Author.objects.count() == 1


@pytest.mark.parametrize("active", ["en", "ru", "tk"])
def test_matching_does_not_depend_on_the_active_language(tmp_path, places, active):
    """modeltranslation reads `name` in the active language; datelines look at all seven."""
    with translation.override(active):
        turkmen = import_text(tmp_path, TURKMEN, name="tk.txt")
        russian = import_text(tmp_path, RUSSIAN, name="ru.txt")
    assert turkmen.dateline_region.slug == "ashgabat"
    assert russian.dateline_region.slug == "almaty"


@pytest.mark.parametrize(
    ("opening", "dateline", "region"),
    [
        ("АЛМАТЫ -- Власти города открыли центр.", "АЛМАТЫ", "almaty"),
        ("Алматы — Власти города открыли центр.", "Алматы", "almaty"),
        ("ПАВЛОДАР, 22 августа -- Суд начал рассмотрение дела.", "ПАВЛОДАР, 22 августа", "pavlodar"),
        ("Павлодар, 22 августа — Суд начал рассмотрение дела.", "Павлодар, 22 августа", "pavlodar"),
        ("БИШКЕК – Мэрия сообщила о ремонте.", "БИШКЕК", "bishkek"),
        ("БИШКЕК - Мэрия сообщила о ремонте.", "БИШКЕК", "bishkek"),
        ("ДУШАНБЕ -- Ҳукумат қарор қабул кард.", "ДУШАНБЕ", "dushanbe"),
        ("TOSHKENT -- Hokimlik xabar berdi.", "TOSHKENT", "tashkent"),
        ("AŞGABAT -- Häkimlik habar berdi.", "AŞGABAT", "ashgabat"),
        ("ТОШКАНД -- Ҳукумат қарор қабул кард.", "ТОШКАНД", "tashkent"),
        ("ALMATY -- The city opened a centre.", "ALMATY", "almaty"),
        ("FARG'ONA -- Viloyat hokimligi xabar berdi.", "FARG'ONA", "fergana"),
        ("FARG‘ONA -- Viloyat hokimligi xabar berdi.", "FARG‘ONA", "fergana"),
        ("FARG`ONA — Viloyat hokimligi xabar berdi.", "FARG`ONA", "fergana"),
        ("КЕНЕУРГЕНЧ -- Власти сообщили.", "КЕНЕУРГЕНЧ", "konye-urgench"),
        ("KÖNEÜRGENÇ -- Häkimlik habar berdi.", "KÖNEÜRGENÇ", "konye-urgench"),
    ],
)
def test_datelines_in_any_language_link_their_region(tmp_path, places, opening, dateline, region):
    """Any dash, capitals or (in Cyrillic, for a known place) ordinary case, a date after a
    comma; matched in any language ignoring case, ё/е and the Uzbek apostrophes."""
    article = import_text(tmp_path, f"Сарлавҳа\n\n{opening}\n\nSecond paragraph.\n")
    assert (article.dateline, article.dateline_region.slug) == (dateline, region)
    assert paragraphs(article)[0] == re.sub(r"^.*? (?:--|—|–|-) ", "", opening, count=1)


@pytest.mark.parametrize(
    "opening",
    [
        "Алматы — крупнейший город Казахстана.",  # a Russian sentence: the dash is "is"
        "ООН — это международная организация.",
        "АЛМАТЫ -- это текст.",
        "Караганда — Власти сообщили.",  # ordinary case, and not a known region
        "Almaty -- The city opened a centre.",  # English datelines stay in capitals
    ],
)
def test_dashes_that_are_not_datelines(tmp_path, places, opening):
    """The paragraph is kept whole and no region is linked."""
    article = import_text(tmp_path, f"Заголовок\n\n{opening}\n\nВторой абзац.\n")
    assert (article.dateline, article.dateline_region) == ("", None)
    assert paragraphs(article)[0] == opening


def test_a_dateline_in_ordinary_case_counts_only_in_the_first_paragraph(places):
    """Further down, "Алматы — Власти…" is a paragraph: everything before it is not a caption."""
    directory = Directory.from_database()
    parsed = parse_copy(
        "Заголовок\n\nПервый абзац.\n\nАлматы — Власти города открыли центр.\n\nТретий.\n",
        known_place=directory.knows_place,
    )
    assert parsed.dateline == ""
    assert parsed.photos == []
    assert len(parsed.paragraphs) == 3


def test_without_known_places_only_capitals_make_a_dateline():
    """The parser alone cannot tell a town from a word; the importer tells it the regions."""
    assert split_dateline("Алматы — Власти города открыли центр.") is None
    assert split_dateline("АЛМАТЫ — Власти города открыли центр.") == (
        "АЛМАТЫ",
        "Власти города открыли центр.",
    )


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Автор: Айгерим Тлеуова", ["Айгерим Тлеуова"]),
        ("АВТОР: Айгерим Тлеуова", ["Айгерим Тлеуова"]),
        ("Авторы: Айгерим Тлеуова и Ксения Бондаль", ["Айгерим Тлеуова", "Ксения Бондаль"]),
        ("Айгерим Тлеуова, корреспондент", ["Айгерим Тлеуова"]),
        ("Автор: Айгерим Тлеуова, собственный корреспондент", ["Айгерим Тлеуова"]),
        ("Айгерим Тлеуова, Ксения Бондаль и Нурбек Асанов, корреспонденты",
         ["Айгерим Тлеуова", "Ксения Бондаль", "Нурбек Асанов"]),
        ("Айгерім Тлеуова мен Ксения Бондаль, тілшілер", ["Айгерім Тлеуова", "Ксения Бондаль"]),
        ("Нурбек Асанов, кабарчы", ["Нурбек Асанов"]),
        ("Муаллиф: Фарзона Раҳимова", ["Фарзона Раҳимова"]),
        ("Фарзона Раҳимова ва Фирӯз Назаров, хабарнигорон", ["Фарзона Раҳимова", "Фирӯз Назаров"]),
        ("Muallif: Dilnoza Karimova", ["Dilnoza Karimova"]),
        ("Muallif: Dilnoza Karimova va Sherzod Qodirov", ["Dilnoza Karimova", "Sherzod Qodirov"]),
        ("Karimov Sherzod Abdulla oʻgʻli, muxbir", ["Karimov Sherzod Abdulla oʻgʻli"]),
        ("Муаллиф: Дилноза Каримова", ["Дилноза Каримова"]),
        ("Awtor: Merdan Annaýew we Aýgül Orazowa", ["Merdan Annaýew", "Aýgül Orazowa"]),
        ("By Ksenia Bondal and Alexander Bogatik", ["Ksenia Bondal", "Alexander Bogatik"]),
    ],
)  # fmt: skip
def test_bylines_in_each_language(line, names):
    """Labels and roles from the furniture table, names split on commas and each language's "and"."""
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "Автор фото: Жанара Каримова",  # a photo credit
        "Об этом сообщил наш, корреспондент",  # a sentence, not names
        "Автор: 2017 год",
        "Текст: закон принят в первом чтении",
        "Автор:",
    ],
)
def test_lines_that_are_not_bylines(line):
    assert parse_byline(line) is None


def test_a_byline_at_the_end_and_a_photo_credit_line_under_its_caption(tmp_path, places):
    """The region's sites often sign a story at its foot; "Автор фото:" credits the photo above."""
    copy = (
        "Суд оправдал активистов\n\n"
        "ПАВЛОДАР, 22 августа -- Суд оправдал трёх активистов.\n\n"
        "Активисты у здания суда.\n\n"
        "Автор фото: Жанара Каримова\n\n"
        "Прокуратура намерена обжаловать приговор.\n\n"
        "Айгерим Тлеуова, корреспондент\n\n"
        "Поделиться\n"
    )
    article = import_text(tmp_path, copy)
    assert article.dateline_region.slug == "pavlodar"
    assert article.byline.get().author.name == "Айгерим Тлеуова"
    assert paragraphs(article) == [
        "Суд оправдал трёх активистов.",
        "Прокуратура намерена обжаловать приговор.",
    ]
    photo = article.photos.get()
    assert (photo.caption, photo.credit, photo.after_paragraph) == (
        "Активисты у здания суда.",
        "Автор фото: Жанара Каримова",
        1,
    )


def test_hard_wrapped_copy_keeps_credit_and_byline_lines_apart():
    """A credit typed under its caption, or a byline under the last paragraph, without a blank line."""
    parsed = parse_copy(
        "Заголовок\n\nАЛМАТЫ -- Первый абзац,\nперенесённый на строку.\n\n"
        "Подпись к фото\nФото: Reuters\n\nВторой абзац.\nАвтор: Айгерим Тлеуова\nПоделиться\n"
    )
    assert parsed.paragraphs == ["Первый абзац, перенесённый на строку.", "Второй абзац."]
    assert [(p.caption, p.credit, p.after_paragraph) for p in parsed.photos] == [
        ("Подпись к фото", "Фото: Reuters", 1)
    ]
    assert parsed.authors == ["Айгерим Тлеуова"]


def test_a_credit_line_with_no_caption_above_credits_the_first_photo_without_one():
    """Under the headline, the credit is the lead photo's; with no photo at all it goes."""
    with_photo = parse_copy("Заголовок\n\nФото: Reuters\n\nПодпись.\n\nАЛМАТЫ -- Первый.\n\nВторой.\n")
    without = parse_copy("Заголовок\n\nФото: Reuters\n\nАЛМАТЫ -- Первый.\n\nВторой.\n")
    assert [(p.caption, p.credit) for p in with_photo.photos] == [("Подпись.", "Фото: Reuters")]
    assert (without.photos, without.paragraphs) == ([], ["Первый.", "Второй."])


def test_the_dateline_paragraph_never_becomes_a_caption():
    """A credit line straight under the dateline paragraph is loose, not a caption for it."""
    parsed = parse_copy("Заголовок\n\nАЛМАТЫ -- Первый.\n\nФото: Reuters\n\nВторой.\n")
    assert (parsed.dateline, parsed.paragraphs, parsed.photos) == ("АЛМАТЫ", ["Первый.", "Второй."], [])


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (RUSSIAN, "ru"),
        (KAZAKH, "kk"),
        (KYRGYZ, "ky"),
        (TAJIK, "tg"),
        (UZBEK, "uz"),
        (TURKMEN, "tk"),
        ((SEED_DIR / "000_36ef9c56467fc3c6.txt").read_text(encoding="utf-8"), "en"),
        ("Суд в Алматы", "ru"),
        ("Президент Қасым-Жомарт Тоқаев подписал закон о защите прав женщин и детей от насилия в семье", "ru"),
        ("Қазақстан", "kk"),
        ("Бишкекте жаңы мектеп ачылды", "ky"),
        ("Дар Душанбе пули нав сохта шуд", "tg"),
        ("Тибқи маълумоти Вазорати нақлиёт, имсол дар пойтахт боз се пули дигар сохта мешавад.", "tg"),
        ("Тошкентда метронинг янги бекати йўловчилар учун очилди", "uz"),
        ("Toshkentda metroning yangi bekati yo'lovchilar uchun ochildi", "uz"),
        ("Toshkentda metroning yangi bekati yo‘lovchilar uchun ochildi", "uz"),
        ("Aşgabatda täze çagalar hassahanasy açyldy", "tk"),
        ("Turkmenistan's president visited Türkmenbaşy and Aşgabat on Monday", "en"),
        ("O'Brien's dog's toy is in the garden", "en"),
        ("Ţară şi café", "en"),
        ("", "en"),
    ],
)  # fmt: skip
def test_language_is_read_from_the_text(text, language):
    """Script, letters only some languages have, and for Latin copy common words."""
    assert detect_language(text) == language


def test_a_language_line_in_the_copy_wins_over_the_guess(tmp_path, places):
    """This Tajik story has only letters Kazakh shares: the rules alone read it as Kazakh."""
    text = (
        "Се пули нави пойтахт\n\nТибқи маълумоти Вазорати нақлиёт, имсол боз се пули дигар сохта мешавад.\n"
    )
    assert detect_language(text) == "kk"
    assert import_text(tmp_path, "Забон: тоҷикӣ\n" + text, name="said.txt").language == "tg"
    assert import_text(tmp_path, "Language: ru\n\nSud v Almaty\n\nText.\n", name="ru.txt").language == "ru"


def test_a_language_line_naming_no_language_of_ours_skips_the_file(tmp_path, db):
    outcome = import_file(
        write(tmp_path, "a.txt", "Language: Klingon\n\nHeadline\n\nText.\n"),
        directory=Directory.from_database(),
    )
    assert outcome.action == "skipped"
    assert outcome.reason.startswith(
        "unknown language in the first line 'Language: Klingon'; say one of en, ru,"
    )


def test_a_headline_that_starts_with_language_is_a_headline(tmp_path, db):
    article = import_text(tmp_path, "Language: a barrier for migrants in Almaty\n\nText of the story.\n")
    assert article.headline == "Language: a barrier for migrants in Almaty"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_russian_copy_in_windows_1251_and_koi8_r_imports_as_written(tmp_path, places, encoding):
    """Detected without --encoding; the same story as the UTF-8 file, not mojibake."""
    article = import_text(tmp_path, RUSSIAN_PLAIN, encoding=encoding)
    assert article.headline == "В Алматы открылся кризисный центр для женщин, пострадавших от насилия"
    assert paragraphs(article)[1].startswith('"Мы принимаем женщин с детьми круглосуточно')
    assert (article.language, article.dateline_region.slug) == ("ru", "almaty")
    assert article.byline.get().author.name == "Айгерим Тлеуова"


def test_kazakh_letters_need_kz_1048_and_kazakh_copy_in_it_imports_as_written(tmp_path, places):
    """Windows-1251 has only і of Kazakh's letters, KOI8-R none; Windows Kazakh has them all."""
    for encoding in ("cp1251", "koi8_r"):
        with pytest.raises(UnicodeEncodeError):
            "әғқңөұүһ".encode(encoding)
    assert "і".encode("cp1251")
    article = import_text(tmp_path, KAZAKH, encoding="kz1048")
    assert article.headline.startswith("Алматыда зорлық-зомбылық көрген әйелдерге")
    assert (article.language, article.dateline_region.slug) == ("kk", "almaty")
    assert paragraphs(article)[2].startswith("ІІМ мәліметінше, биылғы жылдың бірінші жартысында")


def test_kyrgyz_in_kz_1048_and_tajik_in_koi8_t_import_as_written(tmp_path, places):
    """Kyrgyz's ң ө ү are in KZ-1048; Tajik's ҷ ҳ ӣ ӯ in KOI8-T, tried along with KOI8-R."""
    kyrgyz = import_text(tmp_path, KYRGYZ, name="ky.txt", encoding="kz1048")
    tajik = import_text(tmp_path, TAJIK, name="tg.txt", encoding="koi8_t")
    assert (kyrgyz.headline, kyrgyz.language) == (KYRGYZ.split("\n", 1)[0], "ky")
    assert (tajik.headline, tajik.language) == (TAJIK.split("\n", 1)[0], "tg")
    assert "ҳокимияти давлатии шаҳр" in tajik.body


@pytest.mark.parametrize("text", [RUSSIAN, KAZAKH, TAJIK, UZBEK, TURKMEN])
def test_valid_utf8_always_wins(text):
    """UTF-8 bytes of Cyrillic text also "decode" as Windows-1251 ("РђР»"); UTF-8 is tried first."""
    assert decode_copy(text.encode("utf-8")) == text
    assert decode_copy(text.encode("utf-8-sig")) == text


OPERATOR_FILE = """
# Our own furniture, added to the built-in table.
[ru]
drop = ["Мнение редакции может не совпадать с мнением автора*"]
bylines = ["Материал подготовила *"]
photo_credits = ["Источник фото:*"]

[kk]
and = ["және де"]
"""
OPERATOR_COPY = (
    "Заголовок\n\nМатериал подготовила Айгерим Тлеуова\n\nПодпись к фото.\n\nИсточник фото: архив\n\n"
    "АЛМАТЫ -- Первый абзац.\n\nВторой абзац.\n\n"
    "Мнение редакции может не совпадать с мнением автора статьи.\n"
)


def test_an_operators_furniture_file_adds_to_the_built_in_table(tmp_path, settings):
    """IMPORT_FURNITURE_FILE's entries are used along with the built-in ones."""
    before = parse_copy(OPERATOR_COPY)
    assert before.authors == []
    assert before.paragraphs[-1].startswith("Мнение редакции")
    settings.IMPORT_FURNITURE_FILE = str(write(tmp_path, "ours.toml", OPERATOR_FILE))
    after = parse_copy(OPERATOR_COPY)
    assert after.authors == ["Айгерим Тлеуова"]
    assert after.paragraphs == ["Первый абзац.", "Второй абзац."]
    assert [(p.caption, p.credit) for p in after.photos] == [("Подпись к фото.", "Источник фото: архив")]
    # The built-in table still applies.
    assert parse_copy("Заголовок\n\nАЛМАТЫ -- Первый.\n\nПоделиться\n\nВторой.\n").paragraphs == [
        "Первый.",
        "Второй.",
    ]
    assert parse_byline("Авторы: Айгерім Тлеуова және де Ксения Бондаль") == [
        "Айгерім Тлеуова",
        "Ксения Бондаль",
    ]


def test_a_changed_furniture_file_is_read_again(tmp_path, settings):
    path = write(tmp_path, "ours.toml", '[ru]\ndrop = ["Первый абзац."]\n')
    settings.IMPORT_FURNITURE_FILE = str(path)
    assert parse_copy("Заголовок\n\nПервый абзац.\n\nВторой абзац.\n").paragraphs == ["Второй абзац."]
    write(tmp_path, "ours.toml", '[ru]\ndrop = ["Второй абзац.", "Третий"]\n')
    assert parse_copy("Заголовок\n\nПервый абзац.\n\nВторой абзац.\n").paragraphs == ["Первый абзац."]


def test_a_relative_furniture_file_is_found_in_the_project_folder(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    write(tmp_path, "furniture.toml", '[en]\ndrop = ["Sponsored content"]\n')
    settings.IMPORT_FURNITURE_FILE = "furniture.toml"
    assert parse_copy("Headline\n\nSponsored content\n\nText.\n").paragraphs == ["Text."]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[ru]\ndrop = ["Поделиться", "Реклама*кампания"]\n',
         "[ru] drop, entry 2 'Реклама*кампания': '*' may stand once, at the start or at the end"),
        ('[ru]\ndrop = ["**Реклама"]\n', "[ru] drop, entry 1 '**Реклама': '*' may stand once"),
        ('[xx]\ndrop = ["Поделиться"]\n', "[xx] is not a language stories are written in; use one of [en], [ru],"),
        ('[ru]\nremove = ["Поделиться"]\n', "[ru] 'remove' is not a kind of furniture; use one of drop, drop_at_end,"),
        ('[ru]\nbylines = ["Автор:"]\n', "[ru] bylines, entry 1 'Автор:': a byline needs '*' where the names stand"),
        ('[ru]\ndrop = ["  "]\n', "[ru] drop, entry 1 '  ': empty"),
        ('[ru]\ndrop = ["*"]\n', "[ru] drop, entry 1 '*': no letters in it"),
        ('[ru]\ndrop = ["{n} / {n}"]\n', "[ru] drop, entry 1 '{n} / {n}': no letters in it"),
        ('[ru]\ndrop = ["Комментарии {count}"]\n', "braces are only for {n}, a number"),
        ('[ru]\ndrop = [3]\n', "[ru] drop, entry 1 3: not text; put it in double quotes"),
        ('[ru]\ndrop = "Поделиться"\n', '[ru] drop must be a list: drop = ["…", "…"]'),
        ('[ru]\ndrop = ["Подпишитесь\\nна нас"]\n', "holds a line break or control character"),
        ('[ru]\ndrop = ["' + "x" * 201 + '"]\n', "longer than 200 characters"),
        ('[ru]\nand = ["и/или"]\n', "[ru] and, entry 1 'и/или': words between names are letters only"),
        ('ru = ["Поделиться"]\n', "ru must be a table, [ru], holding lists"),
        ('[ru\ndrop = ["Поделиться"]\n', "not valid TOML: "),
    ],
)  # fmt: skip
def test_a_malformed_furniture_file_is_refused_naming_the_file_and_the_entry(
    tmp_path, settings, content, message
):
    path = write(tmp_path, "ours.toml", content)
    settings.IMPORT_FURNITURE_FILE = str(path)
    with pytest.raises(FurnitureError) as caught:
        parse_copy("Заголовок\n\nТекст.\n")
    assert str(caught.value).startswith(f"furniture file {path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_missing_furniture_file_is_refused(tmp_path, settings):
    settings.IMPORT_FURNITURE_FILE = str(tmp_path / "missing.toml")
    with pytest.raises(FurnitureError, match=r"missing\.toml \(IMPORT_FURNITURE_FILE\): cannot be read: "):
        Directory.from_database()


def test_the_command_refuses_a_malformed_furniture_file_before_importing_anything(tmp_path, settings, db):
    """A mistake in the operator's file stops the run at once, saying where, not halfway."""
    settings.IMPORT_FURNITURE_FILE = str(write(tmp_path, "ours.toml", '[ru]\ndrop = ["Реклама*кампания"]\n'))
    copy = write(tmp_path, "a.txt", "Headline\n\nALMATY -- Text.\n")
    with pytest.raises(CommandError, match=r"^furniture file .*ours\.toml: \[ru\] drop, entry 1 "):
        call_command("import_articles", str(copy), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Article.objects.exists()


def test_the_built_in_table_covers_every_language():
    """Every language of settings.MODELTRANSLATION_LANGUAGES has its lines, bylines, credits and "and"."""
    entries = read_entries(BUILT_IN_FILE)
    for language in settings.MODELTRANSLATION_LANGUAGES:
        kinds = {entry.kind for entry in entries if entry.language == language}
        assert kinds >= set(KINDS) - {"drop_at_end"}, language


@pytest.mark.parametrize("seed", sorted(SEED_DIR.glob("*.txt")), ids=lambda path: path.name)
def test_the_furniture_table_leaves_the_english_seeds_as_they_were(seed):
    """The seeds parse exactly as with no table at all (fixtures/articles.json is built from them)."""
    text = seed.read_text(encoding="utf-8")
    assert parse_copy(text) == parse_copy(text, furniture=Furniture([]))


# Generated copy mixing the pieces the multilingual rules react to.
PIECES = st.sampled_from(
    ["\n", "\n\n", "Автор: ", "Айгерим Тлеуова", ", корреспондент", " и ", "Фото: ", "Поделиться", "Реклама",
     "АЛМАТЫ -- ", "Алматы — ", "ПАВЛОДАР, 22 августа -- ", " - ", "Language: ru\n", "Забон: ", "тоҷикӣ",
     "Muallif: ", "FARG'ONA -- ", "oʻ", "ҷ", "ў", "ý", "Read more:", "*", "{n}", "Комментарии (3)", "[", "]",
     "Caption. [Credit]", "x" * 120]
)  # fmt: skip
COPY = st.lists(st.one_of(PIECES, st.text(max_size=10)), max_size=30).map("".join)


@hypothesis_settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=COPY)
def test_any_multilingual_copy_parses_or_gives_a_one_line_reason(places, text):
    """With known places and the whole table, no text crashes the parser or the language rules."""
    directory = Directory.from_database()
    try:
        parsed = parse_copy(text, furniture=directory.furniture, known_place=directory.knows_place)
    except CopyError as exc:
        assert str(exc).strip()
        assert "\n" not in str(exc)
    else:
        assert parsed.headline.strip()
        assert parsed.paragraphs
        assert detect_language(" ".join([parsed.headline, *parsed.paragraphs])) in LANGUAGES
