"""The page furniture of each language: lines the importer drops, bylines and photo credits.

Copy pasted from a web page brings lines that are not the story ("Поделиться", "Читайте
также: …", "Реклама") and lines that are about it: a byline ("Автор: Айгерим Тлеуова",
"Айгерим Тлеуова, корреспондент", "Muallif: …") or a photo credit on a line of its own
("Фото: пресс-служба акимата", "Акс: …"). Which lines these are is not code but a table,
``furniture.toml`` beside this module, and operators extend it without touching code:
the setting ``IMPORT_FURNITURE_FILE`` (environment variable of the same name) names one
more file in the same format whose entries are added to the built-in ones. A relative
path is taken from the project folder (``BASE_DIR``).

The format (TOML): one table per language, named by its code (``[en]``, ``[ru]``,
``[kk]``, ``[ky]``, ``[tg]``, ``[uz]``, ``[tk]``), each with any of these lists::

    [ru]
    drop = ["Поделиться", "Читайте также*"]   # dropped wherever the line stands
    drop_at_end = ["Комментарии ({n})"]        # dropped only at the foot of the copy
    bylines = ["Автор: *", "*, корреспондент"] # "*" is where the author names stand
    photo_credits = ["Фото:*"]                 # the credit of the photo captioned above it
    and = ["и"]                                # printed between two author names

An entry matches a whole line (or paragraph) of up to 500 characters. ``*`` once, at its start or end, stands for
anything before or after; a word in the entry is never cut ("Реклама*" does not take
"Рекламная кампания"). ``{n}`` is a number. Case is ignored, ``ё`` matches ``е``, the
Uzbek apostrophes ʻ ' ’ ‘ ` match each other, and spaces match any run of spaces. Every
language's entries apply to all copy, whatever its language.

A file with a mistake is refused with ``FurnitureError`` naming the file, the language,
the list and the entry: an unknown language or list, an entry that is not text, is empty,
is longer than 200 characters, holds a line break, has ``*`` in the middle or twice, or
has no letter (it would match nearly any line); a byline without ``*``.

A photo-credit line after a caption (a block with text after it, not the dateline
paragraph) makes that block a photo with this credit, exactly like a credit in square
brackets. A credit line with no caption above it (straight after the headline or byline,
or at the very end) is the credit of the first photo that has none, else dropped.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

BUILT_IN_FILE = Path(__file__).with_name("furniture.toml")
KINDS = ("drop", "drop_at_end", "bylines", "photo_credits", "and")
MAX_ENTRY_LENGTH = 200
# Furniture is a short line; longer text (a paragraph) is never taken for it, which also
# spares a pattern starting with "*" from scanning a long paragraph.
MAX_LINE_LENGTH = 500
# The Uzbek letters oʻ and gʻ are typed with any of these.
APOSTROPHES = "ʻ'’‘`"
_APOSTROPHE_CLASS = "[ʻ'’‘`]"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_AND_WORD = re.compile(r"[^\W\d_]+(?:[ ʻ'’‘`-][^\W\d_]+)*|&")


class FurnitureError(ImproperlyConfigured):
    """A furniture file cannot be used; the message names the file and the bad entry."""


@dataclass(frozen=True)
class Entry:
    language: str
    kind: str
    text: str


def literal_pattern(text, *, numbers=False):
    """A regular expression for ``text`` as copy prints it.

    Runs of spaces match any run of spaces (or none, next to punctuation), ``ё`` and ``е``
    match each other, and so do the apostrophes of Uzbek ``oʻ``. With ``numbers``, ``{n}``
    matches a number. Meant to be compiled with re.IGNORECASE.
    """
    tokens = [t for t in re.split(r"(\s+|\{n\})" if numbers else r"(\s+)", text.strip()) if t]
    pieces = []
    for index, token in enumerate(tokens):
        if token.isspace():
            joins_words = _ends_in_word(tokens[index - 1], last=True) and _ends_in_word(tokens[index + 1])
            pieces.append(r"\s+" if joins_words else r"\s*")
        elif numbers and token == "{n}":
            pieces.append(r"\d+")
        else:
            pieces.append("".join(_character_pattern(ch) for ch in token))
    return "".join(pieces)


def _character_pattern(ch):
    if ch in "еёЕЁ":
        return "[еёЕЁ]"
    if ch in APOSTROPHES:
        return _APOSTROPHE_CLASS
    return re.escape(ch)


def _ends_in_word(token, *, last=False):
    """Whether ``token`` starts (or, with ``last``, ends) with a letter, digit or number."""
    if token == "{n}":
        return True
    ch = token[-1:] if last else token[:1]
    return bool(ch) and (ch.isalnum() or ch == "_")


def _entry_pattern(text, *, capture):
    """The regular expression of one entry, without anchors."""
    text = text.strip()
    star = ""
    if text.startswith("*"):
        star, text = "start", text[1:].strip()
    elif text.endswith("*"):
        star, text = "end", text[:-1].strip()
    body = literal_pattern(text, numbers=True)
    rest = "(?P<rest>.*?)" if capture else ".*?"
    if star == "end":
        return body + (r"(?!\w)" if _ends_in_word(text, last=True) else "") + r"\s*" + rest
    if star == "start":
        return rest + r"\s*" + (r"(?<!\w)" if _ends_in_word(text) else "") + body
    return body


def _combined(patterns):
    if not patterns:
        return None
    return re.compile("(?:" + "|".join(patterns) + r")\s*", re.IGNORECASE | re.DOTALL)


class Furniture:
    """The compiled table: what each line of copy is, as far as furniture goes."""

    def __init__(self, entries):
        self.entries = tuple(entries)
        by_kind = {kind: [entry.text for entry in self.entries if entry.kind == kind] for kind in KINDS}
        self._drop = _combined([_entry_pattern(t, capture=False) for t in by_kind["drop"]])
        self._drop_at_end = _combined([_entry_pattern(t, capture=False) for t in by_kind["drop_at_end"]])
        self._credits = _combined([_entry_pattern(t, capture=False) for t in by_kind["photo_credits"]])
        self._bylines = [
            re.compile(_entry_pattern(text, capture=True) + r"\s*", re.IGNORECASE | re.DOTALL)
            for text in dict.fromkeys(by_kind["bylines"])
        ]
        self._any_byline = _combined([_entry_pattern(t, capture=False) for t in by_kind["bylines"]])
        and_words = sorted({" ".join(t.split()) for t in by_kind["and"]}, key=len, reverse=True)
        conjunction = "|".join(literal_pattern(word) for word in and_words)
        self._name_separators = re.compile(
            r"\s*[,;]\s*" + (rf"(?:(?:{conjunction})\s+)?" if and_words else "")
            + (rf"|\s+(?:{conjunction})\s+" if and_words else "")
            + r"|\s*&\s*",
            re.IGNORECASE,
        )  # fmt: skip

    def is_dropped(self, line):
        """Whether ``line`` is furniture dropped wherever it stands ("Поделиться")."""
        text = line.strip()
        return bool(self._drop and len(text) <= MAX_LINE_LENGTH and self._drop.fullmatch(text))

    def is_dropped_at_end(self, line):
        """Whether ``line`` is furniture of the copy's foot ("Комментарии (3)")."""
        text = line.strip()
        return bool(self._drop_at_end and len(text) <= MAX_LINE_LENGTH and self._drop_at_end.fullmatch(text))

    def is_photo_credit(self, line):
        """Whether ``line`` is a photo credit standing on its own ("Фото: Reuters")."""
        text = line.strip()
        return bool(self._credits and len(text) <= MAX_LINE_LENGTH and self._credits.fullmatch(text))

    def byline_names(self, line):
        """The names part of a byline ("Автор: A и B, корреспонденты" -> "A и B"), else None.

        Labels and roles are taken off one after the other, so a label and a role on the
        same line both go. Only the text left is returned: the parser decides whether it
        is names.
        """
        text = " ".join(line.split())
        if len(text) > MAX_LINE_LENGTH or not self._any_byline or not self._any_byline.fullmatch(text):
            return None
        taken_off = 0
        while taken_off < 3:
            match = next(
                (m for pattern in self._bylines if (m := pattern.fullmatch(text)) and m["rest"].strip()), None
            )
            if match is None:
                break
            text, taken_off = match["rest"].strip(), taken_off + 1
        return text if taken_off else None

    def split_names(self, names):
        """Author names printed in one byline, split on commas, "&" and the words for "and"."""
        return [name for name in self._name_separators.split(names) if name and name.strip()]


def read_entries(path):
    """The entries of the furniture file at ``path``, checked; FurnitureError if it has a mistake."""
    where = f"furniture file {path}"
    try:
        with Path(path).open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise FurnitureError(f"{where}: cannot be read: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FurnitureError(f"{where}: not valid TOML: {exc}") from None
    languages = tuple(settings.MODELTRANSLATION_LANGUAGES)
    entries = []
    for language, table in data.items():
        if language not in languages:
            raise FurnitureError(
                f"{where}: [{language}] is not a language stories are written in; use one of "
                + ", ".join(f"[{code}]" for code in languages)
            )
        if not isinstance(table, dict):
            raise FurnitureError(f"{where}: {language} must be a table, [{language}], holding lists")
        for kind, values in table.items():
            if kind not in KINDS:
                raise FurnitureError(
                    f"{where}: [{language}] {kind!r} is not a kind of furniture; use one of {', '.join(KINDS)}"
                )
            if not isinstance(values, list):
                raise FurnitureError(f'{where}: [{language}] {kind} must be a list: {kind} = ["…", "…"]')
            for number, value in enumerate(values, start=1):
                problem = _problem(kind, value)
                if problem:
                    raise FurnitureError(f"{where}: [{language}] {kind}, entry {number} {value!r}: {problem}")
                entries.append(Entry(language, kind, " ".join(value.split())))
    return entries


def _problem(kind, value):
    """What is wrong with one entry, or "" when nothing is."""
    if not isinstance(value, str):
        return "not text; put it in double quotes"
    text = value.strip()
    if not text:
        return "empty"
    if len(text) > MAX_ENTRY_LENGTH:
        return f"longer than {MAX_ENTRY_LENGTH} characters"
    if _CONTROL.search(text):
        return "holds a line break or control character; an entry is one line"
    if kind == "and":
        return "" if _AND_WORD.fullmatch(" ".join(text.split())) else "words between names are letters only"
    if text.count("*") > 1 or "*" in text.strip("*"):
        return "'*' may stand once, at the start or at the end"
    if re.sub(r"\{n\}", "", text).count("{") or re.sub(r"\{n\}", "", text).count("}"):
        return "braces are only for {n}, a number"
    if not any(ch.isalpha() for ch in text.replace("{n}", "")):
        return "no letters in it, so it would take nearly any line"
    if kind == "bylines" and "*" not in text:
        return 'a byline needs \'*\' where the names stand: "Автор: *" or "*, корреспондент"'
    return ""


@lru_cache(maxsize=1)
def _built_in_entries():
    return tuple(read_entries(BUILT_IN_FILE))


@lru_cache(maxsize=8)
def _table(extra_path, _stamp):
    extra = read_entries(extra_path) if extra_path else []
    return Furniture([*_built_in_entries(), *extra])


def extra_file():
    """The operator's furniture file (``IMPORT_FURNITURE_FILE``) as a path, or None."""
    name = str(getattr(settings, "IMPORT_FURNITURE_FILE", "") or "").strip()
    if not name:
        return None
    path = Path(name).expanduser()
    return path if path.is_absolute() else Path(settings.BASE_DIR) / path


def furniture_table():
    """The built-in furniture and the operator's, compiled; FurnitureError if a file has a mistake.

    Read once, and again when the operator's file changes.
    """
    path = extra_file()
    if path is None:
        return _table(None, None)
    try:
        stat = path.stat()
    except OSError as exc:
        raise FurnitureError(
            f"furniture file {path} (IMPORT_FURNITURE_FILE): cannot be read: {exc.strerror or exc}"
        ) from None
    return _table(str(path), (stat.st_mtime_ns, stat.st_size))
