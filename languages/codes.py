"""The languages readers read, and how each maps to the language stories are written in.

Seven languages have their own stories and names: English, Russian, Kazakh, Kyrgyz,
Tajik, Uzbek and Turkmen. Two more reader languages are scripts made by rule from two of
them: ``uz-cyrl`` is Uzbek (written in Latin) turned Cyrillic, ``kk-latn`` is Kazakh
(written in Cyrillic) in the 2021 Latin alphabet. A page in a script variant is the
page in its base language, transliterated (``languages.scripts``).
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.utils import translation

DEFAULT = "en"
# The script variants: reader language -> the language its stories are written in.
VARIANT_OF = {"uz-cyrl": "uz", "kk-latn": "kk"}


@functools.cache
def _reader_languages():
    return tuple(code for code, _name in settings.LANGUAGES)


def reader_languages():
    """Every language code readers may choose, in the order of settings.LANGUAGES."""
    return list(_reader_languages())


def content_languages():
    """The languages stories and names are written in."""
    return list(settings.MODELTRANSLATION_LANGUAGES)


def content_language(code=None):
    """The language whose stories a page in ``code`` (default: the active language) shows."""
    return _content_language(code or translation.get_language() or DEFAULT)


@functools.cache
def _content_language(code):
    code = code.lower()
    code = VARIANT_OF.get(code, code)
    return code if code in settings.MODELTRANSLATION_LANGUAGES else DEFAULT


def reader_variants(content_code):
    """The reader languages that show stories written in ``content_code``: "uz" -> uz, uz-cyrl."""
    return list(_reader_variants(content_code))


@functools.cache
def _reader_variants(content_code):
    return tuple(code for code in _reader_languages() if _content_language(code) == content_code)


def name_of(code):
    """The language's own name for itself: Русский, Ўзбекча."""
    return dict(settings.LANGUAGES).get(code, code)


def prefix(code):
    """The address prefix of a reader language: "" for English, "/ru" for Russian."""
    return "" if code == DEFAULT else f"/{code}"


def split_path(path):
    """``(language, rest)`` of a public address: "/ru/topics/" -> ("ru", "/topics/")."""
    first, _, rest = path.lstrip("/").partition("/")
    if first in _reader_languages() and first != DEFAULT:
        return first, "/" + rest
    return DEFAULT, path


def path_in(path, code):
    """The same public address in another reader language: ("/ru/topics/", "kk") -> "/kk/topics/"."""
    _language, rest = split_path(path)
    return prefix(code) + rest


def html_lang(code):
    """The BCP 47 tag for ``lang`` and ``hreflang``: uz-Cyrl, kk-Latn."""
    base, _, script = code.partition("-")
    return f"{base}-{script.title()}" if script else base


OG_LOCALES = {
    "en": "en_GB",
    "ru": "ru_RU",
    "kk": "kk_KZ",
    "kk-latn": "kk_KZ",
    "ky": "ky_KG",
    "tg": "tg_TJ",
    "uz": "uz_UZ",
    "uz-cyrl": "uz_UZ",
    "tk": "tk_TM",
}


def og_locale(code):
    """Open Graph's locale (language_TERRITORY) for a reader language."""
    return OG_LOCALES.get(code, "en_GB")


def in_script(text, code):
    """``text`` written in reader language ``code``'s script: for a script variant, the
    base language's text transliterated (Uzbek Latin to Cyrillic, Kazakh Cyrillic to Latin)."""
    from .scripts import converter

    convert = converter(code)
    return convert(text) if convert else text


def _forget(setting, **kwargs):
    """Tests that change the languages see the change."""
    if setting in ("LANGUAGES", "MODELTRANSLATION_LANGUAGES"):
        for remembered in (_reader_languages, _content_language, _reader_variants):
            remembered.cache_clear()


setting_changed.connect(_forget)
