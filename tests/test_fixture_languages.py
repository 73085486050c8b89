"""The demo content in the seven languages: names written as each language writes them,
and the demonstration translations of the women's-club story.

The names are read from the database after an ordinary ``load_fixtures``, per language
(``name_kk``…) and through ``translation.override`` as readers' pages read them.
"""

import json
import re
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

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
from articles.text import make_slug

LANGUAGES = ("en", "ru", "kk", "ky", "tg", "uz", "tk")
FIXTURE_DIR = Path(settings.FIXTURE_DIRS[0])
SOURCE = "kazakh-specialists-focus-more-attention-on-radicalisation-of-women"
TRANSLATIONS = {
    "ru": "kazakhstanskie-spetsialisty-udelyayut-bolshe-vnimaniya-radikalizatsii-zhenshchin",
    "uz": "qozogiston-mutaxassislari-ayollar-radikallashuviga-koproq-etibor-qaratmoqda",
}

RUSSIAN = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
# Each language's letters (lower case). Uzbek writes oʻ and gʻ with U+02BB and its
# apostrophe (tutuq belgisi) with U+02BC; neither is a letter of any other alphabet here.
ALPHABETS = {
    "en": set("abcdefghijklmnopqrstuvwxyz"),
    "ru": RUSSIAN,
    "kk": RUSSIAN | set("әғқңөұүһі"),
    "ky": RUSSIAN | set("ңөү"),
    "tg": (RUSSIAN - set("цщыь")) | set("ғӣқӯҳҷ"),
    "uz": set("abdefghijklmnopqrstuvxyz") | {"\u02bb", "\u02bc"},
    "tk": set("abdefghijklmnoprstuwyzçäňöüýžş"),
}
SCRIPT = {"en": "LATIN", "ru": "CYRILLIC", "kk": "CYRILLIC", "ky": "CYRILLIC", "tg": "CYRILLIC"}
SCRIPT |= {"uz": "LATIN", "tk": "LATIN"}


def fixture(name):
    return json.loads((FIXTURE_DIR / name).read_text(encoding="utf-8"))


def letters(text):
    return [ch for ch in text if ch.isalpha()]


def scripts(text):
    """The scripts of ``text``'s letters by their Unicode names; Uzbek's ʻ and ʼ count as Latin."""
    found = set()
    for ch in letters(text):
        name = unicodedata.name(ch)
        found.add("LATIN" if ch in "\u02bb\u02bc" else name.split()[0])
    return found


def assert_written_in(language, text, where):
    assert text and text.strip(), f"{where}: no {language} text"
    assert scripts(text) == {SCRIPT[language]}, f"{where}: {text!r} is not all {SCRIPT[language]}"
    strangers = {ch for ch in letters(text.lower()) if ch not in ALPHABETS[language]}
    assert not strangers, f"{where}: {text!r} has letters {language} does not use: {sorted(strangers)}"
    if language == "uz":
        assert_uzbek_apostrophes(text, where)


def assert_uzbek_apostrophes(text, where):
    """oʻ and gʻ with U+02BB only, never an ASCII or typographic quote standing in for it."""
    assert not re.search(r"[oOgG]['‘’`ʼ]", text), f"{where}: {text!r} writes oʻ/gʻ with the wrong mark"
    for match in re.finditer("\u02bb", text):
        assert match.start() > 0 and text[match.start() - 1] in "oOgG", f"{where}: stray ʻ in {text!r}"


def translated_names():
    """(model, natural key, field, language, value) for every name the fixtures translate."""
    for obj in Region.objects.all():
        for language in LANGUAGES:
            yield obj, "name", language, getattr(obj, f"name_{language}")
    for obj in SourceOrganisation.objects.all():
        for language in LANGUAGES:
            yield obj, "name", language, getattr(obj, f"name_{language}")
            if obj.short_name_en and obj.short_name_en != obj.short_name_en.upper():
                # An acronym (PRI) is the organisation's own in every language.
                yield obj, "short_name", language, getattr(obj, f"short_name_{language}")
    for obj in Topic.objects.all():
        for language in LANGUAGES:
            yield obj, "title", language, getattr(obj, f"title_{language}")


def test_every_name_in_the_fixtures_is_given_in_all_seven_languages():
    """The files themselves: nothing left to a fallback."""
    for name, field in (("regions.json", "name"), ("organisations.json", "name"), ("topics.json", "title")):
        for record in fixture(name):
            fields = record["fields"]
            for language in LANGUAGES:
                assert fields.get(f"{field}_{language}", "").strip(), f"{name}: {fields['slug']} {language}"
            if field == "name":
                assert fields["name_en"] == fields["name"], f"{name}: {fields['slug']}"
            if fields.get("short_name"):
                for language in LANGUAGES:
                    assert fields.get(f"short_name_{language}", "").strip(), f"{fields['slug']} {language}"


def test_every_region_organisation_and_topic_has_its_name_in_each_language(demo_content):
    assert Region.objects.count() == len(fixture("regions.json"))
    assert SourceOrganisation.objects.count() == len(fixture("organisations.json"))
    assert Topic.objects.count() == len(fixture("topics.json"))
    checked = 0
    for obj, field, language, value in translated_names():
        assert_written_in(language, value, f"{obj._meta.model_name} {obj.natural_key()} {field}_{language}")
        checked += 1
    assert checked == 7 * (17 + 6 + 2 + 8)  # regions, organisations, their two worded short names, topics


@pytest.mark.parametrize("language", LANGUAGES)
def test_names_read_back_in_the_active_language(demo_content, language):
    """What a reader's page shows: the name in the page's language, not a fallback."""
    with translation.override(language):
        for region in Region.objects.all():
            assert region.name == getattr(region, f"name_{language}")
        for organisation in SourceOrganisation.objects.all():
            assert organisation.name == getattr(organisation, f"name_{language}")
        for topic in Topic.objects.all():
            assert topic.label == getattr(topic, f"title_{language}")
    with translation.override("en"):
        # The newsroom's working name of a topic stays English whatever the language.
        assert sorted(Topic.objects.values_list("name", flat=True))[0] == "Civil society"


@pytest.mark.parametrize(
    ("model", "key", "language", "expected"),
    [
        (Region, "almaty", "kk", "Алматы"),
        (Region, "almaty", "ru", "Алматы"),
        (Region, "almaty", "uz", "Olmaota"),
        (Region, "pavlodar-province", "kk", "Павлодар облысы"),
        (Region, "pavlodar-province", "ru", "Павлодарская область"),
        (Region, "pavlodar-province", "uz", "Pavlodar viloyati"),
        (Region, "kazakhstan", "kk", "Қазақстан"),
        (Region, "kazakhstan", "uz", "Qozog\u02bbiston"),
        (Region, "kazakhstan", "tk", "Gazagystan"),
        (Region, "kyrgyzstan", "ky", "Кыргызстан"),
        (Region, "tajikistan", "tg", "Тоҷикистон"),
        (Region, "uzbekistan", "uz", "O\u02bbzbekiston"),
        (Region, "turkmenistan", "tk", "Türkmenistan"),
        (Region, "astana", "kk", "Астана"),
        (Region, "bishkek", "ky", "Бишкек"),
        (Region, "dushanbe", "tg", "Душанбе"),
        (Region, "tashkent", "uz", "Toshkent"),
        (Region, "ashgabat", "tk", "Aşgabat"),
        (
            SourceOrganisation,
            "ministry-for-religious-affairs-and-civil-society",
            "ru",
            "Министерство по делам религий и гражданского общества",
        ),
        (SourceOrganisation, "inabat", "ru", "Инабат"),
        (Topic, "Civil society", "tg", "Ҷомеаи шаҳрвандӣ"),
        (Topic, "Women", "kk", "Әйелдер"),
    ],
)
def test_spot_checks(demo_content, model, key, language, expected):
    obj = model.objects.get_by_natural_key(key)
    with translation.override(language):
        shown = obj.label if model is Topic else obj.name
    assert shown == expected


def english_parts(article):
    return {
        "byline": list(article.byline.order_by("position").values_list("author__slug", "position")),
        "topics": sorted(article.topics.names()),
        "regions": sorted(article.regions.values_list("slug", flat=True)),
        "organisations": sorted(article.organisations.values_list("slug", flat=True)),
        "dateline_region": article.dateline_region_id,
        "published_at": article.published_at,
        "status": article.status,
    }


def block_tags(html):
    return re.findall(r"<(p|h2|h3|blockquote|ul|ol)\b", html)


@pytest.mark.parametrize("language", sorted(TRANSLATIONS))
def test_demonstration_translation_is_the_english_story_in_another_language(demo_content, language):
    source = Article.objects.get(slug=SOURCE)
    story = Article.objects.get(slug=TRANSLATIONS[language])
    assert (story.language, story.translation_of) == (language, source)
    assert story.is_live and story.status == Article.Status.PUBLISHED
    assert english_parts(story) == english_parts(source)
    assert (
        story.slug == make_slug(story.headline) and story.slug.isascii() and story.slug == story.slug.lower()
    )
    # The same body structure: paragraphs and sub-headings in the same order, so the photo
    # placed after paragraph 4 sits where it does in English.
    assert block_tags(story.body) == block_tags(source.body)
    assert story.dateline == {"ru": "АЛМАТЫ", "uz": "OLMAOTA"}[language]
    text = " ".join([story.headline, re.sub(r"<[^>]+>", " ", story.body)])
    # The outlet's name stays in Latin letters in every language.
    assert scripts(text.replace("Caravanserai", "")) == {SCRIPT[language]}
    if language == "uz":
        assert_uzbek_apostrophes(text, story.slug)

    photos, originals = list(story.photos.all()), list(source.photos.all())
    assert len(photos) == len(originals) == 2
    for photo, original in zip(photos, originals, strict=True):
        assert photo.uid != original.uid
        assert (photo.image.name, photo.position, photo.after_paragraph) == (
            original.image.name,
            original.position,
            original.after_paragraph,
        )
        # The credit as that language's edition prints it; the credited body is the same.
        assert photo.credited_organisation_id == original.credited_organisation_id
        assert photo.credit != original.credit and scripts(photo.credit) == {SCRIPT[language]}
        assert photo.caption != original.caption and scripts(photo.caption) == {SCRIPT[language]}
        assert photo.alt_text and scripts(photo.alt_text) == {SCRIPT[language]}


def test_the_story_and_its_translations_make_one_group(demo_content):
    source = Article.objects.get(slug=SOURCE)
    assert source.translation_of is None
    assert set(source.translations.values_list("language", "slug")) == set(TRANSLATIONS.items())
    assert Article.objects.published().in_language("ru").filter(slug=TRANSLATIONS["ru"]).exists()
    assert not Article.objects.published().in_language("en").filter(slug__in=TRANSLATIONS.values()).exists()


CONTENT_MODELS = (
    Region,
    SourceOrganisation,
    Topic,
    Author,
    Article,
    ArticleAuthor,
    TaggedArticle,
    ImageCaption,
)


def counts():
    return {model.__name__: model.objects.count() for model in CONTENT_MODELS}


def test_loading_twice_creates_nothing_twice_and_update_keeps_the_names(db, capsys):
    call_command("load_fixtures")
    first = counts()
    assert first["Article"] == 4 and first["ImageCaption"] == 7
    capsys.readouterr()
    call_command("load_fixtures")
    assert counts() == first
    assert " 0 new" in capsys.readouterr().out
    call_command("load_fixtures", update=True, verbosity=0)
    assert counts() == first
    with translation.override("tg"):
        assert Region.objects.get(slug="tajikistan").name == "Тоҷикистон"
    assert Article.objects.get(slug=TRANSLATIONS["uz"]).translation_of.slug == SOURCE
