"""Finding copy files and decoding their bytes into text."""

import codecs
from pathlib import Path

from .parser import CopyError

_CONTROL_ALLOWED = set("\t\n\r\f")


def find_copy_files(paths):
    """The ``.txt`` files among ``paths`` and inside the folders among them, sorted.

    Raises FileNotFoundError naming the first path that does not exist.
    """
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"{raw}: no such file or folder")
    return found


def _has_control_characters(text):
    return any(ord(ch) < 32 and ch not in _CONTROL_ALLOWED for ch in text)


def decode_copy(data, encoding=None):
    """Text from the bytes of a copy file, or CopyError saying why not.

    With no ``encoding`` given: UTF-8 (with or without a byte-order mark), then
    Windows-1251, accepted only when the result reads as Cyrillic text, since almost any
    bytes "decode" as Windows-1251.
    """
    if not data.strip():
        raise CopyError("empty file: no text in it")
    if b"\x00" in data:
        raise CopyError("binary file: it contains NUL bytes, so it is not plain text")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise CopyError(f"unknown encoding {encoding!r}") from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise CopyError(f"not valid {encoding}: undecodable byte at position {exc.start}") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            position = exc.start
            try:
                text = data.decode("cp1251")
            except UnicodeDecodeError:
                text = None
            letters = [ch for ch in text or "" if ch.isalpha()]
            cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
            if text is None or not letters or cyrillic * 2 < len(letters) or _has_control_characters(text):
                raise CopyError(
                    f"undecodable bytes: not UTF-8 (bad byte at position {position}) and not "
                    "Windows-1251 Cyrillic; convert the file to UTF-8 or pass --encoding"
                ) from None
    if _has_control_characters(text):
        raise CopyError("binary file: it contains control characters, so it is not plain text")
    return text.lstrip("\ufeff")
