"""Finding copy files, reading them within a size limit and decoding their bytes into text."""

import codecs
from pathlib import Path

from .encodings import CLEAR_MARGIN, CYRILLIC_ENCODINGS, cyrillic_readings
from .parser import CopyError

_CONTROL_ALLOWED = set("\t\n\r\f")
# The longest copy file read: each seed article is about 5 KB, so anything near this is
# not one article (a database dump, a whole book), and it is refused before it is read
# into memory or parsed.
MAX_COPY_BYTES = 2 * 1024 * 1024


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


def read_copy(path):
    """The bytes of a copy file, or CopyError when it cannot be read or is over the size limit.

    At most one byte more than the limit is read, so a huge file costs no memory.
    """
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_COPY_BYTES + 1)
            size = max(len(data), Path(path).stat().st_size)
    except OSError as exc:
        raise CopyError(f"cannot be read: {exc.strerror or exc}") from None
    _check_size(size)
    return data


def _check_size(size):
    if size > MAX_COPY_BYTES:
        raise CopyError(
            f"too large: {size:,} bytes; the limit is {MAX_COPY_BYTES:,} (MAX_COPY_BYTES), "
            "far more than one article, so it is not read"
        )


def decode_copy(data, encoding=None):
    """Text from the bytes of a copy file, or CopyError saying why not.

    With no ``encoding`` given: UTF-8 (with or without a byte-order mark), else the one
    Cyrillic encoding (``encodings.CYRILLIC_ENCODINGS``) whose reading is clearly the most
    likely Russian, Kazakh or Tajik text. When two readings are about as likely (too little
    Cyrillic text to tell), or none reads as Cyrillic text, the file is refused: a wrong
    guess would import mojibake.
    """
    _check_size(len(data))
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
            text = _cyrillic_text(data, bad_utf8_at=exc.start)
    if _has_control_characters(text):
        raise CopyError("binary file: it contains control characters, so it is not plain text")
    return text.lstrip("\ufeff")


def _cyrillic_text(data, *, bad_utf8_at):
    readings = cyrillic_readings(data)
    if len(readings) > 1 and readings[0].score - readings[1].score < CLEAR_MARGIN:
        raise CopyError(
            f"ambiguous encoding: not UTF-8, and it reads as {readings[0].name} or as {readings[1].name} "
            "(too little Cyrillic text to tell which); convert the file to UTF-8 or pass --encoding"
        )
    if not readings or not readings[0].is_plausible:
        names = ", ".join(CYRILLIC_ENCODINGS.values())
        raise CopyError(
            f"undecodable bytes: not UTF-8 (bad byte at position {bad_utf8_at}) and not Cyrillic text "
            f"in {names}; convert the file to UTF-8 or pass --encoding"
        )
    return readings[0].text
