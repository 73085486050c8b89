"""Finding copy files and decoding their bytes into text."""

import codecs
from pathlib import Path

from .parser import CopyError

_CONTROL_ALLOWED = set("\t\n\r\f")


def find_copy_files(paths):
    """The ``.txt`` files (any case) among ``paths`` and inside the folders among them, sorted.

    Raises FileNotFoundError naming the first path that does not exist.
    """
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() == ".txt" and p.is_file()))
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
    if encoding:
        # No NUL-byte test here: UTF-16 text is full of them. The control-character
        # test below still refuses binary files once they are decoded.
        try:
            codecs.lookup(encoding)
            text = data.decode(encoding)
        except LookupError:
            # Unknown, or a bytes-to-bytes codec such as base64 that decode() refuses.
            raise CopyError(f"unknown text encoding {encoding!r}") from None
        except UnicodeError as exc:
            where = f"undecodable byte at position {exc.start}" if hasattr(exc, "start") else str(exc)
            raise CopyError(f"not valid {encoding}: {where}") from None
    elif b"\x00" in data:
        raise CopyError("binary file: it contains NUL bytes, so it is not plain text")
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
