"""The interface's translations: complete, compiled, and written in each language's letters."""

import io
import re
import shutil
import unicodedata
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LANGUAGES = ("ru", "kk", "ky", "tg", "uz", "tk")
CYRILLIC = ("ru", "kk", "ky", "tg")
PLURAL_FORMS = {
    "ru": "nplurals=3;",
    "kk": "nplurals=2; plural=(n != 1);",
    "ky": "nplurals=2; plural=(n != 1);",
    "tg": "nplurals=2; plural=(n != 1);",
    "uz": "nplurals=2; plural=(n != 1);",
    "tk": "nplurals=2; plural=(n != 1);",
}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")
LATIN_WORD = re.compile(r"[A-Za-z]+")


def po_path(code):
    return Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"


def catalog(code):
    return polib.pofile(str(po_path(code)))


def translations_of(entries):
    """{(context, msgid, plural): [msgstr…]} of translated entries, as a .mo holds them."""
    found = {}
    for entry in entries:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        texts = (
            [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            if entry.msgid_plural
            else [entry.msgstr]
        )
        if all(texts) and entry.msgid:
            found[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = texts
    return found


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_string_is_translated(code):
    po = catalog(code)
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert PLURAL_FORMS[code] in po.metadata["Plural-Forms"]
    assert po.metadata["Language"] == code


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_compiled_catalog_is_the_source_compiled(code):
    """The committed .mo holds exactly what the .po says (run `make translations` if not)."""
    source = translations_of(catalog(code))
    compiled = translations_of(polib.mofile(str(po_path(code).with_suffix(".mo"))))
    assert compiled == source, f"locale/{code}: run `make translations` and commit the .mo"


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_keep_their_placeholders(code):
    for entry in catalog(code).translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            if code in ("ru",) and entry.msgid_plural and not PLACEHOLDER.findall(text):
                continue  # a plural form may spell out "one" instead of the number
            assert sorted(PLACEHOLDER.findall(text)) == expected, (code, entry.msgid, text)


@pytest.mark.parametrize("code", CYRILLIC)
def test_cyrillic_catalogs_use_no_latin_look_alikes(code):
    """Latin letters only where the English has the same word (RSS, Atom, U+0000, HTML)."""
    for entry in catalog(code).translated_entries():
        allowed = set(LATIN_WORD.findall(entry.msgid + (entry.msgid_plural or "")))
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            stray = set(LATIN_WORD.findall(PLACEHOLDER.sub("", text))) - allowed
            assert not stray, (code, entry.msgid, text, stray)


def test_uzbek_writes_its_apostrophes_as_letters():
    """oʻ and gʻ take U+02BB and the tutuq belgisi U+02BC: an ASCII apostrophe would not
    transliterate to ў, ғ or ъ on /uz-cyrl/."""
    for entry in catalog("uz").translated_entries():
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            assert not re.search(r"[OoGg]['’‘`]", text), (entry.msgid, text)


@pytest.mark.parametrize("code", ("kk", "ky", "tg"))
def test_each_language_uses_its_own_letters(code):
    """A Kazakh, Kyrgyz or Tajik catalog written with Russian letters only would be wrong."""
    own = {"kk": "әғқңөұүһі", "ky": "ңөү", "tg": "ғӣқӯҳҷ"}[code]
    text = " ".join(entry.msgstr for entry in catalog(code).translated_entries())
    assert any(letter in text for letter in own)
    for entry in catalog(code).translated_entries():
        assert unicodedata.is_normalized("NFC", entry.msgstr)


def test_compile_translations_writes_every_catalog(tmp_path, settings):
    """The command compiles in Python (no gettext) what readers' pages then load."""
    for code in LANGUAGES:
        target = tmp_path / code / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(po_path(code), target / "django.po")
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compile_translations", stdout=io.StringIO())
    for code in LANGUAGES:
        compiled = translations_of(polib.mofile(str(tmp_path / code / "LC_MESSAGES" / "django.mo")))
        assert compiled == translations_of(catalog(code))
