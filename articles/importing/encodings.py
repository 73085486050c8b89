"""Telling which Cyrillic encoding a copy file is in, when it is not UTF-8.

Copy from older newsroom machines arrives in one of the Cyrillic single-byte encodings.
Almost any bytes "decode" in every one of them, so decoding without an error proves
nothing: KOI8-R read as Windows-1251 is still Cyrillic letters, only the wrong ones
("пПЙЧЕФ" for "Привет"). Each possible reading is scored by how likely its letters are in
Russian and Kazakh text (common letters score high, Serbian or box-drawing characters
low) and by its capitals (a capital letter straight after a small one, inside a word, is
what mixed-up encodings produce). A reading is accepted only when it is clearly the
likeliest; see ``decode_copy`` in ``sources.py`` for what happens otherwise.

Which encodings can hold which languages: Russian fits in all of them (KOI8-R has no «»
nor long dashes, so KOI8-R copy uses "--" and straight quotes). Windows-1251 and KOI8-R
lack Kazakh's ә ғ қ ң ө ұ ү һ (Windows-1251 has only і), so Kazakh and Kyrgyz copy on
old machines is KZ-1048, and Tajik copy KOI8-T; both are tried. PT154, which holds all
of them, is not: its letters sit where Windows-1251 has dashes and quotes, so Russian
copy would read as Kazakh letters. Pass ``--encoding ptcp154`` for such a file.

charset_normalizer (installed only with the test tools) was tried first: it names a
Japanese encoding for short Russian headlines such as "Суд в Алматы" in KOI8-R and
mistakes Kazakh copy in KZ-1048 for Windows-1251, and it always answers, so it cannot
refuse a file it is unsure of.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass

# The encodings copy is tried in, each with the name an editor knows it by. Where two
# give the same text (Russian copy reads the same in Windows-1251 and KZ-1048) the first
# one is named.
CYRILLIC_ENCODINGS = {
    "cp1251": "Windows-1251",
    "kz1048": "KZ-1048 (Windows Kazakh)",
    "koi8_r": "KOI8-R",
    # Tajik's own: KOI8-R's Russian letters, with Tajik ones where KOI8-R draws boxes.
    "koi8_t": "KOI8-T (Tajik)",
    "cp866": "CP866 (DOS)",
    "iso8859_5": "ISO-8859-5",
}
# How much likelier (as a natural logarithm) the best reading must be than the next one:
# e**6 is about 400 times. One Kazakh or one frequent Russian letter read correctly
# instead of a rare one is worth about 6; three-letter words such as "Ещё" are not
# enough, and are refused.
CLEAR_MARGIN = 6.0
# The lowest average score per character outside ASCII that real copy reaches. Russian
# and Kazakh prose averages about -3.2; text full of box-drawing characters far less.
PLAUSIBLE_AVERAGE = -4.5

# Letter frequencies in Russian news copy, in percent, with Kazakh's and Tajik's own
# letters at the rate they appear in Kazakh and Tajik copy. (Kyrgyz has Kazakh's ң ө ү.
# Uzbek is written in Latin; Uzbek Cyrillic's ў is left out, as Windows-1251 gives it to
# a byte that is "в" in CP866.)
_LETTER_PERCENT = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47, "р": 4.73,
    "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81, "у": 2.62, "я": 2.01,
    "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59, "ч": 1.44, "й": 1.21, "х": 0.97,
    "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48, "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
    "ё": 0.04,
    "і": 2.0, "қ": 1.6, "ә": 1.4, "ң": 0.9, "ғ": 0.8, "ү": 0.8, "ұ": 0.7, "ө": 0.5, "һ": 0.02,
    "ҳ": 1.5, "ӣ": 1.5, "ҷ": 0.6, "ӯ": 0.6,
}  # fmt: skip
_LETTER_SCORES = {letter: math.log(percent / 100) for letter, percent in _LETTER_PERCENT.items()}
_OTHER_CYRILLIC_SCORE = math.log(1e-5)  # Serbian, Macedonian, Ukrainian, Old Cyrillic letters
_PUNCTUATION = set("«»—–…№“”„‘’\u00a0°·")
_PUNCTUATION_SCORE = math.log(0.005)
_OTHER_SCORE = math.log(1e-7)  # box drawing, currency signs, symbols: not in copy
_MISCASED_SCORE = math.log(1e-4)
# Control characters other than tab, line breaks and form feed, including DEL and the
# C1 controls that ISO-8859-5 gives bytes 0x80-0x9f: no copy contains them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_CYRILLIC = "".join(chr(code) for code in range(0x400, 0x530))
_MISCASED = re.compile(
    "[{}][{}]".format(
        "".join(ch for ch in _CYRILLIC if ch.islower()), "".join(ch for ch in _CYRILLIC if ch.isupper())
    )
)


@dataclass(frozen=True)
class Reading:
    """The text some bytes give in one encoding, and how likely that text is as copy."""

    encoding: str
    text: str
    score: float  # natural log of how likely the characters outside ASCII are
    scored_characters: int
    letters: int
    cyrillic_letters: int

    @property
    def name(self):
        return CYRILLIC_ENCODINGS[self.encoding]

    @property
    def is_cyrillic_text(self):
        """Whether most of the letters are Cyrillic (copy may quote English names)."""
        return self.cyrillic_letters > 0 and self.cyrillic_letters * 2 >= self.letters

    @property
    def is_plausible(self):
        return self.scored_characters > 0 and self.score / self.scored_characters >= PLAUSIBLE_AVERAGE


def _character_score(ch):
    letter = ch.lower()
    if letter in _LETTER_SCORES:
        return _LETTER_SCORES[letter]
    if "\u0400" <= ch <= "\u052f" and ch.isalpha():
        return _OTHER_CYRILLIC_SCORE
    if ch in _PUNCTUATION:
        return _PUNCTUATION_SCORE
    return _OTHER_SCORE


def _reading(encoding, text):
    # Counted once with Counter (in C), so a 2 MB file costs no per-character Python loop.
    counts = Counter(text)
    outside_ascii = {ch: n for ch, n in counts.items() if ord(ch) > 127}
    score = sum(n * _character_score(ch) for ch, n in outside_ascii.items())
    score += len(_MISCASED.findall(text)) * _MISCASED_SCORE
    return Reading(
        encoding=encoding,
        text=text,
        score=score,
        scored_characters=sum(outside_ascii.values()),
        letters=sum(n for ch, n in counts.items() if ch.isalpha()),
        cyrillic_letters=sum(
            n for ch, n in outside_ascii.items() if "\u0400" <= ch <= "\u052f" and ch.isalpha()
        ),
    )


def cyrillic_readings(data):
    """The distinct readings of ``data`` as Cyrillic text, likeliest first.

    Readings with control characters, and readings in which most letters are not
    Cyrillic, are left out: they are not Cyrillic copy whatever their score.
    """
    readings = {}
    for encoding in CYRILLIC_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text not in readings and not _CONTROL.search(text):
            readings[text] = _reading(encoding, text)
    return sorted(
        (reading for reading in readings.values() if reading.is_cyrillic_text),
        key=lambda reading: reading.score,
        reverse=True,
    )
