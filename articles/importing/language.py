"""Which of the newsroom's seven languages a story is written in, from its text.

A small rule set, not a statistical model: the seven languages are told apart by their
script and by the letters only some of them have, which is enough for whole stories.

Cyrillic copy (more Cyrillic letters than Latin ones):

* Kazakh: ә ұ һ і (only Kazakh has them), with ғ қ ң ө ү.
* Tajik: ҷ ӣ ӯ, with ҳ ғ қ; or, in a sentence without them, its common words (дар, ва,
  аз, мешавад…) making 1 in 10 words.
* Uzbek in Cyrillic: ў, with ҳ ғ қ. It is stored as Uzbek ("uz") as written: stories in
  Uzbek are written in Latin, and nothing here transliterates.
* Kyrgyz: ң ө ү without any of the letters above.
* Russian: none of these, or too few to be more than a quoted name (under 1 in 200
  letters); or, with none of any language's own letters, its common words (и, в, на,
  что…) making 1 in 10 words ("Президент Қасым-Жомарт Тоқаев подписал закон").

Where only letters two languages share are there (ғ қ, ҳ: a short headline), ғ қ alone
is Kazakh and ҳ is Tajik. A language's own letters count once they make 1 in 400 letters.

Latin copy:

* Turkmen: ä ň ý ž (ç ö ü ş are Turkish and Azerbaijani too), from 1 in 200 letters.
* Uzbek: oʻ and gʻ (any apostrophe) and its common words (va, bilan, uchun, boʻyicha…),
  when they outnumber English ones (the, and, of…).
* English otherwise.

Copy may say its language on its first line, ``Language: ru`` (or ``Язык: русский``,
``Til: oʻzbek``…; ``language_header``); the importer prefers that to any guess.
"""

import re
from collections import Counter

from .furniture import APOSTROPHES

ENGLISH, RUSSIAN, KAZAKH, KYRGYZ, TAJIK, UZBEK, TURKMEN = "en", "ru", "kk", "ky", "tg", "uz", "tk"

_OWN_LETTERS = {KAZAKH: "әұһі", TAJIK: "ҷӣӯ", UZBEK: "ў"}
_KYRGYZ_KAZAKH = "ңөү"
_SHARED_GQ = "ғқ"  # Kazakh, Tajik, Uzbek
_SHARED_H = "ҳ"  # Tajik, Uzbek
_TURKMEN_LETTERS = "äňýž"
_APOSTROPHE_TO_ONE = str.maketrans(dict.fromkeys(APOSTROPHES, "ʻ"))
# oʻ and gʻ before a letter; not English "dog's", "go'll" nor Irish "O'Brien".
_UZBEK_DIGRAPH = re.compile(r"[og]ʻ(?!(?:s|t|d|ll|re|ve)\b)(?!(?-i:[A-Z][a-z]))[^\W\d_]", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:ʻ[^\W\d_]+)*")


def _word_set(words):
    return frozenset(words.split())


_UZBEK_WORDS = _word_set(
    "va bilan uchun bu ham esa deb edi emas haqida boʻyicha yil yili yilda mumkin kerak boʻlgan "
    "boʻldi dedi yana hamda lekin ammo shu ular uning ushbu oʻz tomonidan soʻng keyin koʻra xabar "
    "berdi qilindi etdi bir ikki uch yangi"
)
_TAJIK_WORDS = _word_set("дар ва ба аз бо ки барои мешавад шуд шуданд буд кард карданд мекунад гуфт низ ҳам")
_RUSSIAN_WORDS = _word_set(
    "и в во на не что с со по о об от для за из к это как но он она они его их был была были также при "
    "до после который которые"
)
_ENGLISH_WORDS = _word_set(
    "the and of to in is was for on that with said by as at from it are were has have this be an "
    "will which who their its had been not but"
)

# The first line of copy may name its language: "Language: ru", "Язык: русский".
_HEADER = re.compile(
    r"(?:language|lang|язык|тіл|тил|забон|til|dil)\s*:\s*(?P<value>\S.{0,30})", re.IGNORECASE
)
_LANGUAGE_NAMES = {
    ENGLISH: "en english английский ағылшын англисча англисӣ ingliz iňlis",
    RUSSIAN: "ru russian русский орыс орусча русӣ rus",
    KAZAKH: "kk kazakh казахский қазақ қазақша казакча қазоқӣ qozoq gazak",
    KYRGYZ: "ky kyrgyz kirghiz кыргызский киргизский қырғыз кыргыз кыргызча қирғизӣ qirgʻiz gyrgyz",
    TAJIK: "tg tajik таджикский тәжік тажик тоҷикӣ tojik täjik",
    UZBEK: "uz uzbek узбекский өзбек өзбекче ӯзбекӣ oʻzbek oʻzbekcha ўзбек ўзбекча özbek",
    TURKMEN: "tk turkmen туркменский түрікмен түркмөн туркманӣ turkman türkmen türkmençe",
}
_LANGUAGE_BY_NAME = {
    name: code
    for code, names in _LANGUAGE_NAMES.items()
    for name in names.translate(_APOSTROPHE_TO_ONE).split()
}


def _key(text):
    return " ".join(text.split()).casefold().replace("ё", "е").translate(_APOSTROPHE_TO_ONE)


def language_header(line):
    """(code, recognised) for a ``Language: …`` line: ("ru", True), ("", True) or ("", False).

    ("", True) is a header naming no language the newsroom writes in; ("", False) is not a
    header at all (a headline such as "Language: a barrier for migrants" has spaces in what
    follows the colon).
    """
    match = _HEADER.fullmatch(line.strip())
    if not match:
        return "", False
    value = _key(match["value"]).rstrip(".")
    if value in _LANGUAGE_BY_NAME:
        return _LANGUAGE_BY_NAME[value], True
    if " " in value:
        return "", False
    return "", True


def known_language_names():
    """What a ``Language:`` header may say, for error messages."""
    return ", ".join(_LANGUAGE_NAMES)


def detect_language(text):
    """The language code ("en", "ru", "kk", "ky", "tg", "uz", "tk") ``text`` is written in."""
    counts = Counter(text.lower())
    cyrillic = sum(n for ch, n in counts.items() if "\u0400" <= ch <= "\u052f" and ch.isalpha())
    latin = sum(n for ch, n in counts.items() if ch < "\u0250" and ch.isalpha())
    if cyrillic > latin:
        return _cyrillic_language(text, counts, cyrillic)
    return _latin_language(text, counts, latin)


def _count(counts, letters):
    return sum(counts[letter] for letter in letters)


def _common_words(words, common):
    """Whether at least two of ``words``, and one in ten, are among ``common``."""
    found = sum(1 for word in words if word in common)
    return found >= 2 and found * 10 >= len(words)


def _cyrillic_language(text, counts, cyrillic):
    own = {code: _count(counts, letters) for code, letters in _OWN_LETTERS.items()}
    kyrgyz_kazakh = _count(counts, _KYRGYZ_KAZAKH)
    gq, h = _count(counts, _SHARED_GQ), _count(counts, _SHARED_H)
    words = _WORD.findall(text.lower())
    tajik_by_words = _common_words(words, _TAJIK_WORDS)
    if (sum(own.values()) + kyrgyz_kazakh + gq + h) * 200 < cyrillic and not tajik_by_words:
        return RUSSIAN
    best = max(own, key=own.get)
    if own[best] * 400 >= cyrillic:
        return best
    if _common_words(words, _RUSSIAN_WORDS):
        return RUSSIAN
    if tajik_by_words:
        return TAJIK
    if kyrgyz_kazakh > gq + h:
        return KYRGYZ
    if h:
        return TAJIK
    if gq:
        return KAZAKH
    return RUSSIAN


def _latin_language(text, counts, latin):
    turkmen = _count(counts, _TURKMEN_LETTERS)
    if turkmen and turkmen * 200 >= latin:
        return TURKMEN
    normalised = text.translate(_APOSTROPHE_TO_ONE)
    words = Counter(_WORD.findall(normalised.lower()))
    uzbek = len(_UZBEK_DIGRAPH.findall(normalised)) + sum(n for w, n in words.items() if w in _UZBEK_WORDS)
    english = sum(n for w, n in words.items() if w in _ENGLISH_WORDS)
    return UZBEK if uzbek > english else ENGLISH
