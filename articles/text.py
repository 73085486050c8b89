"""Turning headlines and names into web addresses, for Latin and Cyrillic copy alike."""

import hashlib
import unicodedata

from django.utils.text import slugify

# Russian and Kazakh Cyrillic to Latin. Kazakh letters follow the 2021 Latin alphabet's
# spirit (Қ → q, Ғ → gh, Ң → ng) so "Қазақстан" becomes "qazaqstan".
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
}  # fmt: skip
_TRANSLITERATION = str.maketrans(_CYRILLIC | {k.upper(): v for k, v in _CYRILLIC.items()})


def transliterate(text):
    """Latin letters for ``text``: Cyrillic transliterated, accents dropped."""
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
