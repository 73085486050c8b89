"""Uzbek and Kazakh from one script into the other, and whole rendered pages with them.

Public functions: ``uz_latin_to_cyrillic``, ``uz_cyrillic_to_latin``, ``kk_cyrillic_to_latin``,
``kk_latin_to_cyrillic`` (text in, text out) and ``transliterate_markup`` (an HTML page or an
RSS/Atom/sitemap document in, the same document with only its human-readable text changed).

Uzbek
-----
The correspondence of the Uzbek Latin alphabet (law of 1993, amended 1995) and the Uzbek
Cyrillic alphabet, with the spelling rules of "Oʻzbek tilining asosiy imlo qoidalari"
(Cabinet of Ministers resolution No. 339 of 24 August 1995; the text as published by
ziyouz.uz, "Ўзбек тилининг асосий имло қоидалари (лотин)", and by ininet.org):

* A B D F G H I J K L M N O P Q R S T U V X Y Z = А Б Д Ф Г Ҳ И Ж К Л М Н О П Қ Р С Т У В Х Й З;
  Oʻ = Ў, Gʻ = Ғ, Sh = Ш, Ch = Ч, ng = нг, the tutuq belgisi ʼ = Ъ; Ё Ю Я = Yo Yu Ya.
* Е is "ye" at the start of a word and after a vowel (ер = yer, поезд = poyezd), "e" elsewhere;
  Э is always "e"; so Latin "e" is Э at the start of a word and after a vowel (ekin = экин,
  poeziya = поэзия) and Е elsewhere (men = мен).
* Ц is "s" at the start and end of a word and after a consonant (цирк = sirk, абзац = abzas,
  акция = aksiya), "ts" between vowels (лицей = litsey, милиция = militsiya).
* Ь is not written; Ъ before Е Ё Ю Я is not written (объект = obyekt), elsewhere it is ʼ.
* S and H read apart are written sʼh (Isʼhoq = Исҳоқ); sentabr and oktabr are written with
  "a" (сентябрь, октябрь).
* The marks: ʻ (U+02BB) in oʻ/gʻ and ʼ (U+02BC) for the tutuq belgisi, as the standard
  keyboard and the government's sites write them. Reading Latin, any of ʻ ' ’ ‘ ` ʼ after
  o or g makes Ў/Ғ (the rules put no tutuq belgisi after oʻ: moʻjiza, moʻtabar), and any of
  them between two other letters is the tutuq belgisi.

What cannot be read back, and what we decided:

* Latin "ts" is Ц only before "iy", "io" and "ey" (militsiya, militsioner, litsey), else ТС:
  native verb forms are full of it (ketsa = кетса, oʻtsa = ўтса) and Ц words mostly lost
  their "ts" to "s" under the rules above.
* Latin "ye" after a consonant is ЪЕ (obyekt = объект, podyezd = подъезд); Ь is not restored
  (aprel = апрел), so Cyrillic → Latin → Cyrillic may lose a soft sign, while Latin →
  Cyrillic → Latin gives back the same text.
* Щ and Ы (Russian words in Uzbek Cyrillic) become "sh" and "i".
* Reading Latin we leave alone: web and e-mail addresses and bare domains (kun.uz), Roman
  numerals (XXI asr = XXI аср), words with a letter the Uzbek alphabet lacks (C without H,
  W, letters with accents: Microsoft, BBC, Zürich) and letters run into digits (G20, MP3).
  Other Latin words become Cyrillic, English names included. All-caps acronyms made of Uzbek
  letters are converted (BMT = БМТ, AQSH = АҚШ) because that is how Uzbek Cyrillic writes
  them, and because an all-caps headline ("YANGI UY") must not stay half Latin.

Kazakh
------
The Kazakh Latin alphabet presented by the government on 28 January 2021 and revised that
spring (the 31 letters A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z; the
January draft had Ŋ where the revision has Ñ): table and transliterated sample text in the
English Wikipedia article "Kazakh alphabets", section "Latin script" (Ä=Ә, Ğ=Ғ, H=Х and Һ,
I ı=І, İ i=И and Й, J=Ж, Ñ=Ң, Ö=Ө, Q=Қ, Ş=Ш, U=У, Ū=Ұ, Ü=Ү, Y=Ы). That alphabet has no
letter for Ё Ц Ч Щ Ъ Ь Э Ю Я. For them we follow the spelling rules published with the Latin
alphabet (the "new alphabet rules" leaflet, e.g. kipk.edu.kz, written for the 2018 letters and
carried over letter for letter): Ц and СЦ are S (цирк = sirk), Э is E, Щ is Ş (ŞŞ in the
native ащы, тұщы, кеще), Ъ and Ь are not written. Ё Ю Я are İo İu İa (Й = İ + the vowel,
as in Stanford's stanza transliteration for the 2021 letters). Ч has no letter (there is
neither C nor Ç): we write Ch, as the 2021 column of the qazlatyn-db table does; it is the
only output outside the 31 letters.

``kk_latin_to_cyrillic`` only has to find Cyrillic text from a Latin query, and cannot be
exact: H is Х (Һ is lost), i is Й after a vowel and И elsewhere, İo İu İa at the start of a
word and "iia" are Ё Ю Я and ИЯ, but "iu" inside a word stays ИУ; the 2018 accented letters
(á ǵ ń ó ú ý) and Ŋ are read too, and a plain "i" typed for "ı" is taken as И.

Libraries
---------
We wrote the rules ourselves. cyrtranslit 1.2.0 has no Uzbek or Kazakh table at all.
UzTransliterator 2.0.2 joins words back with single spaces (newlines and double spaces are
lost, which breaks markup), rewrites dates and «» quotes, gives ШАҲАР as "ShAHAR" and Исҳоқ as
"Исъҳоқ", writes ’ for ʼ, and has no Kazakh; PyICU would need the system's ICU to build.

Markup
------
``transliterate_markup`` tokenises the document with regular expressions and hands only text
to ``convert``; every other byte is copied. See its docstring for what counts as text.
"""

import html.entities
import json
import re
import unicodedata

__all__ = [
    "kk_cyrillic_to_latin",
    "kk_latin_to_cyrillic",
    "transliterate_markup",
    "uz_cyrillic_to_latin",
    "uz_latin_to_cyrillic",
]

# Characters that a converter treats as an apostrophe: the usual marks, and the private-use
# stand-ins ``transliterate_markup`` puts where a page wrote one as a character reference
# (``O&#x27;zbekiston``), so that the reference is consumed when its apostrophe is.
_APOSTROPHES = "'ʻʼ’‘`"
_PLACEHOLDER_BASE = 0xF0000
_PLACEHOLDERS = "\U000f0000-\U000f00ff"
_APOS = _APOSTROPHES + _PLACEHOLDERS

# A Latin letter of any European alphabet, for telling words apart.
_LAT = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"  # start of text, or after anything but a letter


def _nfc(text):
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _both_cases(table):
    """``table`` (lower-case keys) with its capitals: the value capitalised."""
    return table | {key.upper(): value[:1].upper() + value[1:] for key, value in table.items()}


def _all_caps(text, start, end):
    """Whether the capital letter at ``text[start:end]`` belongs to an all-caps word: the next
    letter is a capital too, or there is none and the one before is a capital."""
    after = text[end : end + 1]
    if after.isalpha():
        return after.isupper()
    before = text[start - 1 : start] if start else ""
    return before.isalpha() and before.isupper()


def _cased(value, text, start, end):
    """``value`` (lower case) written as the capital at ``text[start:end]`` asks for."""
    if _all_caps(text, start, end):
        return value.upper()
    return value[:1].upper() + value[1:]


# --- Things in Latin text that stay Latin --------------------------------------------------

_URL = r"(?:https?|ftp)://[^\s\x00<>\"']+|www\.[^\s\x00<>\"']+"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_DOMAIN = (
    r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    r"\.(?:uz|kz|kg|tj|tm|ru|com|org|net|info|gov|edu|int|io|me|tv|news|media|online)\b"
    r"(?:/[^\s\x00<>\"']*)?"
)
_ROMAN_NUMERAL = (
    rf"(?=[IVXLCDM])M{{0,4}}(?:CM|CD|D?C{{0,3}})(?:XC|XL|L?X{{0,3}})(?:IX|IV|V?I{{0,3}})(?![\w{_APOS}])"
)
_LETTERS_AND_DIGITS = rf"[{_LAT}]+[0-9][\w-]*"
_FOREIGN_WORD = (
    rf"(?=[{_LAT}]*?(?:[Ww]|[Cc](?![Hh])|[\u00c0-\u024f\u1e00-\u1eff]))[{_LAT}]+(?:[{_APOS}][{_LAT}]+)*"
)
# One guard for all: each of them starts a word (a lookbehind per alternative is twice as slow).
_UZ_KEEP_LATIN = re.compile(
    rf"(?=[\w.%+-])(?<![\w{_APOS}.@])(?:"
    + "|".join([_URL, _EMAIL, _DOMAIN, _ROMAN_NUMERAL, _LETTERS_AND_DIGITS, _FOREIGN_WORD])
    + ")"
)


# --- Uzbek Latin -> Cyrillic ----------------------------------------------------------------

_UZ_LATIN_LOWER = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "ҳ", "i": "и", "j": "ж",
    "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с",
    "t": "т", "u": "у", "v": "в", "x": "х", "y": "й", "z": "з",
}  # fmt: skip
_UZ_LATIN_LETTERS = str.maketrans(_both_cases(_UZ_LATIN_LOWER))
# Letters written in one way only, replaced before the rules run (str.replace is fast).
_UZ_LATIN_FIXED = [
    ("oʻ", "ў"), ("Oʻ", "Ў"), ("gʻ", "ғ"), ("Gʻ", "Ғ"),
    ("sh", "ш"), ("Sh", "Ш"), ("SH", "Ш"), ("sH", "ш"), ("ch", "ч"), ("Ch", "Ч"), ("CH", "Ч"), ("cH", "ч"),
    ("ya", "я"), ("Ya", "Я"), ("YA", "Я"), ("yA", "я"), ("yu", "ю"), ("Yu", "Ю"), ("YU", "Ю"), ("yU", "ю"),
]  # fmt: skip
_UZ_LATIN_VOWELS = "AaEeIiOoUuЯяЮюЎў"
_UZ_LETTER = "A-Za-zШшЧчЎўҒғЯяЮю"  # a letter, read or already written
_UZ_CONSONANTS = frozenset("BbCcDdFfGgHhJjKkLlMmNnPpQqRrSsTtVvWwXxYyZzШшЧчҒғ")
_UZ_LATIN_UNITS = re.compile(
    # The lookahead lets the engine pass over other characters fast.
    rf"(?=[GgOoSsYyEeTt{_APOS}])"
    rf"(?:(?P<og>[Gg][{_APOS}]|[Oo][{_APOS}](?=[{_UZ_LETTER}]))"  # oʻ gʻ
    rf"|(?P<sh_apart>[Ss][{_APOS}][Hh])"  # sʼh: С and Ҳ
    r"|(?P<month>(?<![A-Za-z])(?:[Ss]en|SEN|[Oo]k|OK)(?:tabr|TABR))"  # sentabr, oktabr: ya
    r"|(?P<y>[Yy](?:[Oo](?![" + _APOS + r"])|[Ee]))"  # yo ye
    rf"|(?P<e>(?:{_NOT_LETTER_BEFORE}|(?<=[{_UZ_LATIN_VOWELS}]))[Ee])"  # э
    r"|(?P<ts>[Tt][Ss](?=[Ii][YyOoЯяЮю]|[Ee][Yy]))"  # ц in militsiya, litsey
    rf"|(?P<tutuq>(?<=[{_UZ_LETTER}])[{_APOS}](?=[{_UZ_LETTER}])))"  # ъ
)
_UZ_Y_VOWELS = {"o": "ё", "u": "ю", "a": "я", "e": "е"}
_UZ_MONTHS = {"sen": "сентябр", "ok": "октябр"}


def _uz_latin_unit(match):
    kind = match.lastgroup
    unit = match.group()
    first = unit[0]
    upper = first.isupper()
    if kind == "og":
        letter = "ў" if first in "Oo" else "ғ"
    elif kind == "sh_apart":
        return ("С" if upper else "с") + ("Ҳ" if unit[-1] == "H" else "ҳ")
    elif kind == "month":
        word = _UZ_MONTHS[unit[:-4].lower()]
        return word.upper() if unit.isupper() else (word.capitalize() if upper else word)
    elif kind == "y":
        letter = _UZ_Y_VOWELS[unit[1].lower()]
        if letter == "е":
            text, start = match.string, match.start()
            if start and text[start - 1] in _UZ_CONSONANTS:
                return ("Ъ" if _all_caps(text, start, start + 1) else "ъ") + ("Е" if upper else "е")
    elif kind == "e":
        letter = "э"
    elif kind == "ts":
        letter = "ц"
    else:  # tutuq belgisi: a capital between capitals
        text, start = match.string, match.start()
        return "Ъ" if text[start - 1].isupper() and text[start + 1 : start + 2].isupper() else "ъ"
    return letter.upper() if upper else letter


def _uz_latin_plain(text):
    for latin, cyrillic in _UZ_LATIN_FIXED:
        if latin in text:
            text = text.replace(latin, cyrillic)
    return _UZ_LATIN_UNITS.sub(_uz_latin_unit, text).translate(_UZ_LATIN_LETTERS)


_HAS_ASCII_LETTER = re.compile(r"[A-Za-z]")


def uz_latin_to_cyrillic(text: str) -> str:
    """Uzbek in the Latin alphabet written in Cyrillic: "Oʻzbekiston" -> "Ўзбекистон"."""
    if not _HAS_ASCII_LETTER.search(text):
        return text
    text = _nfc(text)
    parts = []
    position = 0
    for kept in _UZ_KEEP_LATIN.finditer(text):
        if kept.start() > position:
            parts.append(_uz_latin_plain(text[position : kept.start()]))
        parts.append(kept.group())
        position = kept.end()
    parts.append(_uz_latin_plain(text[position:]))
    return "".join(parts)


# --- Uzbek Cyrillic -> Latin ----------------------------------------------------------------

_UZ_CYRILLIC_LOWER = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "s", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": "ʼ", "ы": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ў": "oʻ", "қ": "q", "ғ": "gʻ",
    "ҳ": "h", "һ": "h",
}  # fmt: skip
_UZ_CYRILLIC_LETTERS = str.maketrans(_both_cases(_UZ_CYRILLIC_LOWER))
_UZ_CYRILLIC_VOWELS = "АаЕеЁёИиОоУуЭэЮюЯяЎў"
_UZ_CYRILLIC_UNITS = re.compile(
    r"(?=[ЕеЪъСсОоЦцЁЮЯЧШЩЎҒ])"
    rf"(?:(?P<ye>(?:{_NOT_LETTER_BEFORE}|(?<=[{_UZ_CYRILLIC_VOWELS}ЪъЬь]))[Ее])"
    r"|(?P<silent>[Ъъ](?=[ЕеЁёЮюЯя]))"
    r"|(?P<sh_apart>[Сс](?=[Ҳҳ]))"  # сҳ: sʼh, so that it does not read as ш
    r"|(?P<month>(?<![^\W\d_])(?:[Сс]ен|СЕН|[Оо]к|ОК)(?:тябр|ТЯБР))"
    r"|(?P<ts>[Цц])"
    r"|(?P<capital>[ЁЮЯЧШЩЎҒ]))"
)


def _uz_cyrillic_unit(match):
    kind = match.lastgroup
    text, start, end = match.string, match.start(), match.end()
    unit = match.group()
    if kind == "silent":
        return ""
    if kind == "sh_apart":
        return unit.translate(_UZ_CYRILLIC_LETTERS) + "ʼ"
    if kind == "month":
        return unit.translate(_UZ_CYRILLIC_LETTERS).replace("ya", "a").replace("Ya", "A").replace("YA", "A")
    if kind == "ye":
        value = "ye"
    elif kind == "ts":
        before, after = text[start - 1 : start] if start else "", text[end : end + 1]
        value = (
            "ts"
            if before and after and before in _UZ_CYRILLIC_VOWELS and after in _UZ_CYRILLIC_VOWELS
            else "s"
        )
    else:
        value = _UZ_CYRILLIC_LOWER[unit.lower()]
    return _cased(value, text, start, end) if unit.isupper() else value


_HAS_CYRILLIC = re.compile("[\u0400-\u04ff]")


def uz_cyrillic_to_latin(text: str) -> str:
    """Uzbek in the Cyrillic alphabet written in Latin: "Ўзбекистон" -> "Oʻzbekiston"."""
    if not _HAS_CYRILLIC.search(text):
        return text
    text = _nfc(text)
    return _UZ_CYRILLIC_UNITS.sub(_uz_cyrillic_unit, text).translate(_UZ_CYRILLIC_LETTERS)


# --- Kazakh Cyrillic -> Latin (2021) --------------------------------------------------------

_KK_CYRILLIC_LOWER = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "s", "ч": "ch", "ш": "ş", "щ": "ş", "ъ": "",
    "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
# Capitals spelled out rather than made with str.upper(): И is İ and І is I.
_KK_CYRILLIC_UPPER = {
    "А": "A", "Ә": "Ä", "Б": "B", "В": "V", "Г": "G", "Ғ": "Ğ", "Д": "D", "Е": "E", "Ж": "J",
    "З": "Z", "И": "İ", "Й": "İ", "К": "K", "Қ": "Q", "Л": "L", "М": "M", "Н": "N", "Ң": "Ñ",
    "О": "O", "Ө": "Ö", "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U", "Ұ": "Ū", "Ү": "Ü",
    "Ф": "F", "Х": "H", "Һ": "H", "Ц": "S", "Ш": "Ş", "Щ": "Ş", "Ъ": "", "Ы": "Y", "І": "I",
    "Ь": "", "Э": "E",
}  # fmt: skip
_KK_CYRILLIC_LETTERS = str.maketrans(_KK_CYRILLIC_LOWER | _KK_CYRILLIC_UPPER)
_KK_CAPITAL_DIGRAPHS = {"Ё": ("İo", "İO"), "Ю": ("İu", "İU"), "Я": ("İa", "İA"), "Ч": ("Ch", "CH")}
_KK_CYRILLIC_UNITS = re.compile(
    r"(?=[АаТтКкСсЁЮЯЧ])"
    r"(?:(?P<native_shsh>(?<![^\W\d_])(?:[Аа]|[Тт][Ұұ]|[Кк][Ее])[Щщ])"  # ащы, тұщы, кеще
    r"|(?P<sts>[Сс][Цц])"
    r"|(?P<capital>[ЁЮЯЧ]))"
)


def _kk_cyrillic_unit(match):
    kind = match.lastgroup
    text, start, end = match.string, match.start(), match.end()
    unit = match.group()
    if kind == "native_shsh":
        shsh = (
            "ŞŞ" if unit[-1] == "Щ" and _all_caps(text, end - 1, end) else ("Şş" if unit[-1] == "Щ" else "şş")
        )
        return unit[:-1].translate(_KK_CYRILLIC_LETTERS) + shsh
    if kind == "sts":
        return unit[0].translate(_KK_CYRILLIC_LETTERS)
    title, caps = _KK_CAPITAL_DIGRAPHS[unit]
    return caps if _all_caps(text, start, end) else title


def kk_cyrillic_to_latin(text: str) -> str:
    """Kazakh in Cyrillic written in the 2021 Latin alphabet: "Қазақстан" -> "Qazaqstan"."""
    if not _HAS_CYRILLIC.search(text):
        return text
    text = _nfc(text)
    return _KK_CYRILLIC_UNITS.sub(_kk_cyrillic_unit, text).translate(_KK_CYRILLIC_LETTERS)


# --- Kazakh Latin -> Cyrillic (for search) --------------------------------------------------

_KK_LATIN_TO_CYRILLIC = {
    "a": "а", "ä": "ә", "á": "ә", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г",
    "ğ": "ғ", "ǵ": "ғ", "h": "х", "ı": "і", "i": "и", "j": "ж", "k": "к", "l": "л",
    "m": "м", "n": "н", "ñ": "ң", "ń": "ң", "ŋ": "ң", "o": "о", "ö": "ө", "ó": "ө",
    "p": "п", "q": "қ", "r": "р", "s": "с", "ş": "ш", "t": "т", "u": "у", "ū": "ұ",
    "ü": "ү", "ú": "ү", "ý": "у", "v": "в", "y": "ы", "z": "з",
    "A": "А", "Ä": "Ә", "Á": "Ә", "B": "Б", "D": "Д", "E": "Е", "F": "Ф", "G": "Г",
    "Ğ": "Ғ", "Ǵ": "Ғ", "H": "Х", "I": "І", "İ": "И", "J": "Ж", "K": "К", "L": "Л",
    "M": "М", "N": "Н", "Ñ": "Ң", "Ń": "Ң", "Ŋ": "Ң", "O": "О", "Ö": "Ө", "Ó": "Ө",
    "P": "П", "Q": "Қ", "R": "Р", "S": "С", "Ş": "Ш", "T": "Т", "U": "У", "Ū": "Ұ",
    "Ü": "Ү", "Ú": "Ү", "Ý": "У", "V": "В", "Y": "Ы", "Z": "З",
}  # fmt: skip
_KK_LATIN_LETTERS = str.maketrans(_KK_LATIN_TO_CYRILLIC)
_KK_LATIN_VOWELS = "aäáeıioöóuūüúyAÄÁEIİOÖÓUŪÜÚY"
_KK_LATIN_UNITS = re.compile(
    r"(?P<ch>[Cc][Hh])"
    r"|(?P<iia>(?<=[iİ])[iİ][aA])"
    rf"|(?P<iotated>{_NOT_LETTER_BEFORE}[iİ][oOuUaA])"
    rf"|(?P<glide>(?<=[{_KK_LATIN_VOWELS}])[iİ])"
)
_KK_IOTATED = {"o": "ё", "u": "ю", "a": "я"}


def _kk_latin_unit(match):
    kind = match.lastgroup
    unit = match.group()
    upper = unit[0] in "CİI"
    if kind == "ch":
        letter = "ч"
    elif kind == "iia":
        # The first И is already written; this "ia" is Я.
        letter = "я"
        upper = unit[-1] == "A"
    elif kind == "iotated":
        letter = _KK_IOTATED[unit[1].lower()]
    else:
        letter = "й"
    return letter.upper() if upper else letter


def kk_latin_to_cyrillic(text: str) -> str:
    """Kazakh in the 2021 Latin alphabet written in Cyrillic, as well as a Latin search query
    allows: "Qazaqstan" -> "Қазақстан" (see the module's docstring for what is lost)."""
    text = _nfc(text)
    return _KK_LATIN_UNITS.sub(_kk_latin_unit, text).translate(_KK_LATIN_LETTERS)


# --- Markup ---------------------------------------------------------------------------------

# Attributes whose value people read (besides <meta content>, <input value> below).
_TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder", "label"})
_META_TEXT = frozenset(
    {
        "description",
        "keywords",
        "og:title",
        "og:description",
        "og:site_name",
        "og:image:alt",
        "twitter:title",
        "twitter:description",
        "twitter:image:alt",
        "article:section",
        "article:tag",
    }
)
_BUTTON_TYPES = frozenset({"submit", "button", "reset"})
# Elements whose content is not markup: copied whole (a JSON-LD script excepted).
_RAW_ELEMENTS = frozenset(
    {"script", "style", "textarea", "xmp", "iframe", "noembed", "noframes", "plaintext"}
)
# Elements whose text is code or the reader's own, left as written (markup inside still read).
_HTML_KEEP_TEXT = frozenset({"pre", "code", "kbd", "samp", "var"})
_VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
# XML elements (by local name, lower case) whose text is an address, a date or a code.
_XML_KEEP_TEXT = frozenset(
    {
        "link", "guid", "loc", "id", "uri", "url", "pubdate", "lastbuilddate", "updated", "published",
        "lastmod", "publication_date", "expiration_date", "language", "email", "date", "icon", "logo",
        "docs", "ttl", "generator", "changefreq", "priority", "content_loc", "player_loc",
        "thumbnail_loc", "genres", "stock_tickers", "pre", "code",
    }
)  # fmt: skip
# XML elements whose text is escaped HTML (RSS description, content:encoded; Atom type="html").
_XML_ESCAPED_HTML = frozenset({"description", "encoded"})

_MARKUP_TOKEN = re.compile(
    r"(?P<other><!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<![^>]*+>|<\?.*?(?:\?>|\Z))"
    r"|</(?P<end>[A-Za-z][^\s/>]*+)[^>]*+>"
    r"|<(?P<start>[A-Za-z][^\s/>]*+)(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>",
    re.S,
)
# A start tag that may hold a value to convert, or translate="no".
_INTERESTING_TAG = re.compile(
    r"[\s\"'/](?:alt|title|aria-label|placeholder|label|content|value|translate)\s*=", re.I
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9A-Fa-f]+;?|[A-Za-z][A-Za-z0-9]*;)")
_IN_BATCH_ALREADY = re.compile(rf"[\x00{_PLACEHOLDERS}]")
_BLANK = re.compile(r"\s*+\Z")


def _reference_value(reference):
    body = reference[1:].rstrip(";")
    if body.startswith(("#x", "#X")):
        code = int(body[2:], 16)
    elif body.startswith("#"):
        code = int(body[1:])
    else:
        return html.entities.html5.get(reference[1:], "")
    return chr(code) if 0 < code < 0x110000 else ""


class _Batch:
    """The pieces of text of one document, converted with one call of ``convert``.

    Each piece keeps its character references as written: those that stand for an apostrophe
    become private-use stand-ins the converter may consume (``O&#x27;zbekiston`` is one word),
    the others split the text and are copied. The pieces travel joined by NUL characters.
    """

    def __init__(self, convert):
        self.convert = convert
        self.pieces = []

    def add(self, text):
        self.pieces.append(text)
        return len(self.pieces) - 1

    def run(self):
        if not self.pieces:
            return []
        joined = "".join(self.pieces)
        if _IN_BATCH_ALREADY.search(joined):
            return [self._one_by_one(piece) for piece in self.pieces]
        spellings = {}  # apostrophe reference as written -> its stand-in
        segments = []  # per piece: [text, reference, text, ..., text]
        for piece in self.pieces:
            parts = []
            text = []
            position = 0
            for reference in _REFERENCE.finditer(piece):
                text.append(piece[position : reference.start()])
                spelled = reference.group()
                if _reference_value(spelled) in _APOSTROPHES and len(spellings) < 256:
                    if spelled not in spellings:
                        spellings[spelled] = chr(_PLACEHOLDER_BASE + len(spellings))
                    text.append(spellings[spelled])
                else:
                    parts += ["".join(text), spelled]
                    text = []
                position = reference.end()
            text.append(piece[position:])
            parts.append("".join(text))
            segments.append(parts)
        texts = [segment for parts in segments for segment in parts[::2]]
        converted = self.convert("\x00".join(texts)).split("\x00")
        if len(converted) != len(texts):
            return [self._one_by_one(piece) for piece in self.pieces]
        if spellings:
            written = {stand_in: spelled for spelled, stand_in in spellings.items()}
            stand_ins = re.compile("[" + "".join(written) + "]")
            converted = [stand_ins.sub(lambda m: written[m.group()], text) for text in converted]
        results = []
        position = 0
        for parts in segments:
            count = (len(parts) + 1) // 2
            mine = converted[position : position + count]
            position += count
            parts = parts[:]
            parts[::2] = mine
            results.append("".join(parts))
        return results

    def _one_by_one(self, piece):
        out = []
        position = 0
        for reference in _REFERENCE.finditer(piece):
            out += [self.convert(piece[position : reference.start()]), reference.group()]
            position = reference.end()
        out.append(self.convert(piece[position:]))
        return "".join(out)


class _Document:
    """One document being rewritten: spans of the source to convert (in one batch) or to
    replace; everything between them is copied as it is."""

    def __init__(self, source, convert):
        self.source = source
        self.batch = _Batch(convert)
        self.edits = []  # (start, end, str or the index of a piece in the batch), in order

    def text(self, start, end):
        if end > start and not _BLANK.match(self.source, start, end):
            self.edits.append((start, end, self.batch.add(self.source[start:end])))

    def replace(self, start, end, text):
        self.edits.append((start, end, text))

    def result(self):
        if not self.edits:
            return self.source
        converted = self.batch.run()
        out = []
        position = 0
        for start, end, value in self.edits:
            out += [self.source[position:start], value if isinstance(value, str) else converted[value]]
            position = end
        out.append(self.source[position:])
        return "".join(out)


def _attributes(source, start, end):
    """``{name (lower case): (value, start, end)}`` of the start tag at ``source[start:end]``
    (positions in ``source``); the first attribute of a name wins."""
    found = {}
    for attribute in _ATTRIBUTE.finditer(source, start, end - 1):
        name = attribute.group(1).lower()
        for group in (2, 3, 4):
            if attribute.group(group) is not None:
                found.setdefault(name, (attribute.group(group), attribute.start(group), attribute.end(group)))
                break
        else:
            found.setdefault(name, ("", attribute.end(), attribute.end()))
    return found


def _value(attributes, name):
    found = attributes.get(name)
    return found[0].strip().lower() if found else ""


def _start_tag(document, token, name, xml):
    """Send the values people read of the start tag ``token`` to the batch; whether the tag
    says translate="no"."""
    source = document.source
    if not _INTERESTING_TAG.search(source, token.start(), token.end()):
        return False
    attributes = _attributes(source, token.end("start"), token.end())
    spans = [span for attribute, span in attributes.items() if attribute in _TEXT_ATTRIBUTES]
    if not xml:
        kind = _value(attributes, "name") or _value(attributes, "property")
        if name == "meta" and "content" in attributes and kind in _META_TEXT:
            spans.append(attributes["content"])
        if name == "input" and "value" in attributes and _value(attributes, "type") in _BUTTON_TYPES:
            spans.append(attributes["value"])
    for _text, start, end in sorted(spans, key=lambda span: span[1]):
        document.text(start, end)
    return _value(attributes, "translate") == "no"


_RAW_END = {}


def _raw_end(name):
    if name not in _RAW_END:
        _RAW_END[name] = re.compile(rf"</{re.escape(name)}(?=[\s/>])[^>]*+>", re.I)
    return _RAW_END[name]


def _json_ld(source, convert):
    """The JSON-LD of a <script>, its texts converted, or None to keep it as it is."""
    try:
        data = json.loads(source)
    except ValueError:
        return None
    changed = _convert_json(data, convert, None)
    if changed is data or changed == data:
        return None
    text = json.dumps(changed, ensure_ascii=False, separators=(",", ":"))
    # As articles.metadata writes it: nothing in a value can close or comment out the script.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# JSON-LD keys whose values are addresses, dates, codes or vocabulary, never prose.
_JSON_KEEP = frozenset(
    {
        "@context", "@type", "@id", "@language", "@vocab", "url", "image", "logo", "sameAs",
        "contentUrl", "embedUrl", "thumbnailUrl", "inLanguage", "datePublished", "dateModified",
        "dateCreated", "uploadDate", "startDate", "endDate", "email", "telephone", "isbn", "issn",
        "identifier", "encodingFormat", "duration", "contentSize", "target", "query-input",
        "availability", "priceCurrency", "addressCountry", "postalCode", "width", "height",
    }
)  # fmt: skip
_JSON_MACHINE_VALUE = re.compile(
    r"(?:https?://|/|mailto:|tel:)\S*"
    r"|\d{4}-\d{2}(?:-\d{2})?(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{2}:\d{2}(?::\d{2})?"
    r"|P(?:\d+[YMWD])*(?:T(?:\d+[HMS])+)?"
    r"|[a-z]{2,3}(?:[-_](?:[A-Z][a-z]{3}|[A-Z]{2}|[0-9]{3}))+"
    r"|[A-Z]{2,3}"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)


def _convert_json(value, convert, key):
    """``value`` with its prose converted; ``key`` is the name it (or its list) goes by."""
    if isinstance(value, str):
        if key in _JSON_KEEP or _JSON_MACHINE_VALUE.fullmatch(value):
            return value
        return convert(value)
    if isinstance(value, list):
        return [_convert_json(item, convert, key) for item in value]
    if isinstance(value, dict):
        return {name: _convert_json(item, convert, name) for name, item in value.items()}
    return value


def _html(source, convert):
    document = _Document(source, convert)
    keep = []  # [name, depth] of the open elements whose text is left alone
    position = 0
    for token in _MARKUP_TOKEN.finditer(source):
        start = token.start()
        if start < position:
            continue  # inside a raw element already copied
        if not keep:
            document.text(position, start)
        position = token.end()
        kind = token.lastgroup
        if kind == "start":
            name = token.group("start").lower()
            if name in _RAW_ELEMENTS or name == "title":
                end = _raw_end(name).search(source, position)
                content_end = end.start() if end else len(source)
                if keep:
                    position = end.end() if end else len(source)
                    continue
                _start_tag(document, token, name, False)
                if name == "title":
                    document.text(position, content_end)
                elif name == "script" and _is_json_ld(source, token):
                    converted = _json_ld(source[position:content_end], convert)
                    if converted is not None:
                        document.replace(position, content_end, converted)
                position = end.end() if end else len(source)
                continue
            no = False if keep else _start_tag(document, token, name, False)
            if source[position - 2] == "/" or name in _VOID_ELEMENTS:
                continue
            if keep and "translate" in token.group().lower():
                no = _value(_attributes(source, token.end("start"), position), "translate") == "no"
            if name in _HTML_KEEP_TEXT or no:
                keep.append([name, 1])
            else:
                for entry in reversed(keep):
                    if entry[0] == name:
                        entry[1] += 1
                        break
        elif kind == "end" and keep:
            name = token.group("end").lower()
            for index in range(len(keep) - 1, -1, -1):
                if keep[index][0] == name:
                    keep[index][1] -= 1
                    if not keep[index][1]:
                        del keep[index:]
                    break
    if not keep:
        document.text(position, len(source))
    return document.result()


def _is_json_ld(source, token):
    if "ld+json" not in token.group().lower():
        return False
    return _value(_attributes(source, token.end("start"), token.end()), "type") == "application/ld+json"


# Ways feeds escape the HTML they carry: (character, its escape); & first.
_ESCAPES = [
    (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")),
    (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")),
    (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")),
    (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#39;")),
    (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&apos;")),
    (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;"), ("'", "&#39;")),
]
_XML_REFERENCE = re.compile(r"&(?:lt|gt|amp|quot|apos|#[0-9]+|#[xX][0-9A-Fa-f]+);")


def _escape(text, escapes):
    for character, escaped in escapes:
        text = text.replace(character, escaped)
    return text


def _escaped_html(raw, convert):
    """The escaped HTML of an RSS description converted, escaped back the way it was."""
    if "&" not in raw:
        return _html(raw, convert)
    unescaped = _XML_REFERENCE.sub(lambda m: _reference_value(m.group()) or m.group(), raw)
    for escapes in _ESCAPES:
        if _escape(unescaped, escapes) == raw:
            return _escape(_html(unescaped, convert), escapes)
    return None


def _local_name(name):
    return name.rpartition(":")[2].lower()


def _xml(source, convert):
    document = _Document(source, convert)
    stack = []  # (local name, whether its text is kept as written, whether it is escaped HTML)
    position = 0
    for token in _MARKUP_TOKEN.finditer(source):
        _xml_text(document, position, token.start(), stack, convert)
        position = token.end()
        kind = token.lastgroup
        if kind == "start":
            local = _local_name(token.group("start"))
            _start_tag(document, token, local, True)
            if source[position - 2] != "/":
                # Only the element's own text: <url> is an address in RSS, a container in sitemaps.
                keep = local in _XML_KEEP_TEXT
                escaped = local in _XML_ESCAPED_HTML
                if not escaped and "type" in token.group():
                    content_type = _value(_attributes(source, token.end("start"), position), "type")
                    escaped = content_type in ("html", "text/html")
                stack.append((local, keep, escaped and not keep))
        elif kind == "end":
            local = _local_name(token.group("end"))
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == local:
                    del stack[index:]
                    break
    _xml_text(document, position, len(source), stack, convert)
    return document.result()


def _xml_text(document, start, end, stack, convert):
    if end <= start or not stack or stack[-1][1]:
        return  # outside the root (white space), or an address, a date or a code
    if not stack[-1][2]:
        document.text(start, end)
        return
    text = document.source[start:end]
    converted = _escaped_html(text, convert)
    if converted is not None:
        document.replace(start, end, converted)
    elif "&lt;" not in text:
        document.text(start, end)  # escaped some other way: safe to convert if it holds no markup


def transliterate_markup(document: str, convert, *, xml: bool = False) -> str:
    """``document`` (a rendered HTML page, or with ``xml`` an RSS/Atom feed or a sitemap) with
    ``convert`` (one of this module's functions) applied to its human-readable text only.

    Converted: text between tags; the values of alt, title, aria-label, placeholder and label;
    in HTML the content of <meta> named description, keywords, og:title, og:description,
    og:site_name, og:image:alt, twitter:title, twitter:description, twitter:image:alt,
    article:section and article:tag, and the value of submit/reset/button <input>s; the <title>;
    the string values of a <script type="application/ld+json"> that are not addresses, dates,
    codes or schema vocabulary (re-written compactly, < > & escaped as in articles.metadata).

    Copied as written: tag and attribute names, every other attribute value, character
    references (&amp; &nbsp; &#39;: an apostrophe written as a reference is consumed when it is
    part of a letter, "O&#x27;zbekiston" -> "Ўзбекистон"), comments, DOCTYPE, CDATA sections,
    processing instructions, <script> and <style> and <textarea>, and the text inside <pre>,
    <code>, <kbd>, <samp>, <var> and any element with translate="no".

    In XML the text of elements holding an address, date or code (link, guid, loc, id, uri,
    url, pubDate, updated, published, lastmod, news:publication_date, language, email…) is
    copied; RSS <description>, content:encoded and Atom type="html" text is escaped HTML:
    unescaped, converted as HTML, and escaped back as it was.
    """
    return _xml(document, convert) if xml else _html(document, convert)
