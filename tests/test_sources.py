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


# Sentences of the seed articles put into Russian, and Kazakh sentences written for these
# tests: copy the way a correspondent would send it, headline first.
RUSSIAN_COPY = (
    "Казахские специалисты уделяют больше внимания радикализации женщин\n\n"
    "Автор: Ксения Бондаль\n\n"
    "АЛМАТЫ -- За последнее десятилетие борьба с экстремизмом в Казахстане была сосредоточена "
    "в основном на мужчинах, а жёны экстремистов оставались одни и уязвимы для радикальных взглядов.\n\n"
    'Около 20 молодых женщин посещают встречи клуба дважды в месяц, рассказала "Каравансараю" '
    "Гульназ Раздыкова, директор центра.\n"
)
RUSSIAN_HEADLINE = (
    "Сотни казахстанских заключённых отказываются от радикализма\n\nАСТАНА -- Власти сообщают об успехах.\n"
)
KAZAKH_COPY = (
    "Қазақстан мамандары әйелдердің радикалдануына көбірек көңіл бөлуде\n\n"
    "АЛМАТЫ — Соңғы он жылда экстремизмге қарсы күрес негізінен ерлерге бағытталды.\n\n"
    "Өткен қазаннан бері жиырмаға жуық жас әйел клубтың кездесулеріне айына екі рет қатысып жүр.\n"
)


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "cp866", "iso8859_5"])
@pytest.mark.parametrize("text", [RUSSIAN_COPY, RUSSIAN_HEADLINE], ids=["article", "headline"])
def test_russian_copy_in_each_cyrillic_encoding_is_read_as_written(encoding, text):
    """KOI8-R, CP866 and ISO-8859-5 copy must not import as Windows-1251 mojibake."""
    assert decode_copy(text.encode(encoding)) == text


def test_kazakh_copy_in_windows_kazakh_is_read_as_written():
    """Kazakh letters saved by a Kazakh Windows editor (KZ-1048) are not read as Serbian ones."""
    assert decode_copy(KAZAKH_COPY.encode("kz1048")) == KAZAKH_COPY


@pytest.mark.parametrize(
    ("word", "encoding"), [("Юг", "cp1251"), ("Ёж", "koi8_r"), ("Ещё", "cp866"), ("Юг", "iso8859_5")]
)
def test_too_little_cyrillic_to_tell_the_encoding_is_refused(word, encoding):
    """A word or two reads as likely words in another encoding too: refused, never guessed."""
    with pytest.raises(CopyError, match=r"^ambiguous encoding: .*pass --encoding$") as caught:
        decode_copy(word.encode(encoding))
    assert "\n" not in str(caught.value)


def test_copy_over_the_size_limit_is_refused_before_it_is_decoded():
    """Two megabytes of copy is no article; a huge file must not be read into the parser."""
    with pytest.raises(CopyError, match=r"^too large: 2,097,153 bytes; the limit is 2,097,152"):
        decode_copy(b"Headline\n\n" + b"x" * (2 * 1024 * 1024 - 9))


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
