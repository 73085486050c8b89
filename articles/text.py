"""Turning headlines and names into web addresses, for Latin and Cyrillic copy alike.

Every letter of Russian, Kazakh, Kyrgyz, Tajik, Uzbek (both scripts) and Turkmen (both
scripts) is spelled in plain ASCII; other accented Latin letters lose their accents.

* Cyrillic follows the Russian passport style (ж zh, х kh, ц ts, щ shch, й y), with the
  letters of the other languages read the way their own Latin spelling reads them:
  Kazakh and Kyrgyz ә a, ғ gh, қ q, ң ng, ө o, ұ u, ү u, һ h, і i ("Қазақстан" -> qazaqstan);
  Tajik ҷ j, ҳ h, ӣ i, ӯ u ("Тоҷикистон" -> tojikiston); Uzbek ў o ("Ўзбекистон" ->
  ozbekiston); Turkmen җ j.
* Latin: Uzbek oʻ gʻ lose their mark ("Oʻzbekiston" -> ozbekiston); Turkmen (and Turkish,
  Azerbaijani, Kazakh 2021 Latin) ç ch, ş sh, ž zh, ň n, ý y, ä a, ö o, ü u, ı i, ə a
  ("Aşgabat" -> ashgabat). Two exceptions keep other languages readable: in Romanian text
  (one of ă ţ ț ș in it) ş is the old spelling of ș and stays "s"; in French text (é è ê
  ë à ù œ and no Turkic letter) ç stays "c".
"""

import hashlib
import unicodedata

from django.utils.text import slugify

_CYRILLIC = {
    # Russian
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Kazakh and Kyrgyz
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Tajik, Uzbek, Turkmen
    "ҷ": "j", "ҳ": "h", "ӣ": "i", "ӯ": "u", "ў": "o", "җ": "j",
}  # fmt: skip
_LATIN = {"ç": "ch", "ş": "sh", "ž": "zh", "ı": "i", "ə": "a"}
_TRANSLITERATION = str.maketrans(
    _CYRILLIC
    | {k.upper(): v for k, v in _CYRILLIC.items()}
    | _LATIN
    | {k.upper(): v for k, v in _LATIN.items()}
    | {"İ": "I"}
)
_ROMANIAN = frozenset("ăĂţŢțȚșȘ")
_FRENCH = frozenset("éèêëàùœÉÈÊËÀÙŒ")
_TURKIC = frozenset("şŞňŇýÝžŽğĞıİəƏ")


def transliterate(text):
    """Latin letters for ``text``: Cyrillic transliterated, accents dropped."""
    text = unicodedata.normalize("NFC", text)
    letters = set(text)
    if letters & _ROMANIAN:
        text = text.replace("ş", "s").replace("Ş", "S")
    if letters & _FRENCH and not letters & _TURKIC:
        text = text.replace("ç", "c").replace("Ç", "C")
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def make_slug(text, *, max_length=255):
    """A lower-case ASCII slug for ``text``, never empty, cut at a word boundary.

    Text with no letters or digits we can spell in Latin (say, only punctuation)
    gets a stable slug from its hash rather than an empty one.
    """
    slug = slugify(transliterate(text))
    if not slug:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
        return f"untitled-{digest}"
    if len(slug) > max_length:
        slug = slug[:max_length]
        if "-" in slug:
            slug = slug.rsplit("-", 1)[0]
    return slug
