"""Decoding copy files and finding them in folders, without the database."""

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.importing.parser import CopyError
from articles.importing.sources import decode_copy, find_copy_files

RUSSIAN = "Верховный суд Казахстана\n\nАЛМАТЫ -- Суд рассмотрел «дело» — и вынес решение…\n"


def test_utf8_with_and_without_byte_order_mark():
    """Both UTF-8 flavours editors save decode to the same text, without the BOM."""
    text = "Қазақстан — “quoted”\n\nText."
    assert decode_copy(text.encode("utf-8")) == text
    assert decode_copy(text.encode("utf-8-sig")) == text


def test_windows_1251_russian_is_detected():
    """Russian copy saved by an old Windows editor is read without --encoding."""
    assert decode_copy(RUSSIAN.encode("cp1251")) == RUSSIAN


def test_windows_1252_english_is_not_mistaken_for_cyrillic():
    """Western bytes that happen to decode as Windows-1251 are refused, not garbled."""
    data = "\u201cHello\u201d, said the minister in Almaty\n\nText.".encode("cp1252")
    with pytest.raises(CopyError, match=r"^undecodable bytes: not UTF-8 .*pass --encoding$"):
        decode_copy(data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Headline\x07\n\nText", "binary file"),
        (b"\xff\xfe\xfd headline", "undecodable bytes"),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(data, reason):
    """Empty, binary and undecodable files each get their own one-line reason."""
    with pytest.raises(CopyError) as caught:
        decode_copy(data)
    assert str(caught.value).startswith(reason)
    assert "\n" not in str(caught.value)


def test_explicit_encoding_is_used_and_checked():
    """--encoding overrides detection, and bytes not in it are reported with their position."""
    assert decode_copy("Ещё".encode("koi8_r"), "koi8_r") == "Ещё"
    with pytest.raises(CopyError, match=r"^not valid utf-8: undecodable byte at position 1$"):
        decode_copy(b"a\xff", "utf-8")


def test_explicit_utf16_is_not_taken_for_binary():
    """UTF-16 copy (full of NUL bytes) imports when its encoding is given."""
    text = "Headline\r\n\r\nText — “quoted”."
    assert decode_copy(text.encode("utf-16"), "utf-16") == text


@pytest.mark.parametrize("encoding", ["klingon", "base64", "rot13"])
def test_unknown_or_non_text_encoding_is_a_copy_error(encoding):
    """A misspelt encoding or a bytes-to-bytes codec is a reason, not a traceback."""
    with pytest.raises(CopyError, match=r"^unknown text encoding"):
        decode_copy(b"Headline\n\nText.", encoding)


def test_find_copy_files_takes_txt_files_from_folders_and_named_files(tmp_path):
    """Folders give their .txt files (sorted, nested too); named files are taken as given."""
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "notes.md").write_text("n")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "a.txt").write_text("a")
    named = tmp_path / "copy.text"
    named.write_text("c")
    found = find_copy_files([tmp_path / "nested", str(tmp_path / "b.txt"), named])
    assert found == [tmp_path / "nested" / "a.txt", tmp_path / "b.txt", named]


def test_find_copy_files_names_a_missing_path(tmp_path):
    """A mistyped path is reported by name, not silently ignored."""
    with pytest.raises(FileNotFoundError, match=r"missing\.txt: no such file or folder$"):
        find_copy_files([tmp_path / "missing.txt"])


ENCODED_TEXT = st.tuples(
    st.text(max_size=80), st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"])
).map(lambda pair: pair[0].encode(pair[1], errors="ignore"))


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.binary(max_size=200), ENCODED_TEXT),
    st.sampled_from([None, None, "cp1251", "utf-16", "ascii"]),
)
def test_any_bytes_decode_to_text_or_a_one_line_copy_error(data, encoding):
    """Whatever bytes arrive, decoding gives text or a reason, never a traceback."""
    try:
        text = decode_copy(data, encoding)
    except CopyError as exc:
        assert str(exc).strip()
        assert "\n" not in str(exc)
    else:
        assert isinstance(text, str)
        assert not text.startswith("\ufeff")
