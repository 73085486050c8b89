"""Captions, credits and rights read from the photo file (articles/photo_metadata.py), from
files made here the way cameras, agencies and photo desks write them."""

from datetime import date
from io import BytesIO

import pytest
from PIL import Image, TiffImagePlugin
from PIL.PngImagePlugin import PngInfo

from articles.photo_metadata import EmbeddedMetadata, read_embedded_metadata
from tests.image_files import iim_block, jpeg_with_metadata, xmp_packet

AGENCY_IIM = [
    (2, 120, "Вид на Алматы с Кок-Тобе"),
    (2, 110, "Азаттык"),
    (2, 80, "Ерлан Ким"),
    (2, 80, "Айгуль Сейтова"),
    (2, 116, "© 2017 Азаттык"),
    (2, 25, "вода"),
    (2, 25, "Алматы"),
    (2, 55, "20170822"),
]
EDITED_XMP = {
    "description": {"x-default": "View of Almaty from Kok-Tobe", "ru": "Вид на Алматы с Кок-Тобе"},
    "creators": ("Erlan Kim",),
    "rights": "© 2017 RFE/RL",
    "usage": "Editorial use only; not for resale.",
    "subjects": ("water", "Almaty"),
    "credit": "RFE/RL",
    "alt": "A city at the foot of snow-capped mountains",
    "date": "2017-08-21T18:40:00+06:00",
}


def read(data, language=None):
    return read_embedded_metadata(BytesIO(data), language)


def test_a_jpeg_with_an_iptc_block_in_cyrillic():
    found = read(jpeg_with_metadata(iim=iim_block(AGENCY_IIM)))
    assert found == EmbeddedMetadata(
        caption="Вид на Алматы с Кок-Тобе",
        credit="Азаттык",
        photographer="Ерлан Ким, Айгуль Сейтова",
        copyright_notice="© 2017 Азаттык",
        keywords=("вода", "Алматы"),
        taken_on=date(2017, 8, 22),
    )


def test_xmp_comes_before_iim_and_iim_fills_what_xmp_lacks():
    found = read(jpeg_with_metadata(iim=iim_block(AGENCY_IIM), xmp=xmp_packet(**EDITED_XMP)))
    assert found.caption == "View of Almaty from Kok-Tobe"
    assert found.credit == "RFE/RL" and found.photographer == "Erlan Kim"
    assert found.copyright_notice == "© 2017 RFE/RL"
    assert found.usage_terms == "Editorial use only; not for resale."
    assert found.keywords == ("water", "Almaty")
    assert found.alt_text == "A city at the foot of snow-capped mountains"
    assert found.taken_on == date(2017, 8, 21)
    only_caption = read(jpeg_with_metadata(iim=iim_block(AGENCY_IIM), xmp=xmp_packet(description="Almaty")))
    assert only_caption.caption == "Almaty" and only_caption.credit == "Азаттык"


def test_the_caption_in_the_story_language_where_the_file_has_one():
    data = jpeg_with_metadata(xmp=xmp_packet(**EDITED_XMP))
    assert read(data, "ru").caption == "Вид на Алматы с Кок-Тобе"
    assert read(data, "en").caption == "View of Almaty from Kok-Tobe"
    assert read(data, "kk").caption == "View of Almaty from Kok-Tobe"  # the default, x-default


def png_with(xmp):
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp.decode("utf-8"))
    buffer = BytesIO()
    Image.new("RGB", (30, 20)).save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def webp_with(xmp):
    buffer = BytesIO()
    Image.new("RGB", (30, 20)).save(buffer, format="WEBP", xmp=xmp)
    return buffer.getvalue()


def tiff_with(iim, xmp):
    tags = TiffImagePlugin.ImageFileDirectory_v2()
    tags[TiffImagePlugin.IPTC_NAA_CHUNK], tags.tagtype[TiffImagePlugin.IPTC_NAA_CHUNK] = iim, 7
    tags[TiffImagePlugin.XMP], tags.tagtype[TiffImagePlugin.XMP] = xmp, 1
    buffer = BytesIO()
    Image.new("RGB", (30, 20)).save(buffer, format="TIFF", tiffinfo=tags)
    return buffer.getvalue()


@pytest.mark.parametrize("make", [png_with, webp_with], ids=["png", "webp"])
def test_png_and_webp_carry_xmp(make):
    found = read(
        make(xmp_packet(description="Сув тақсимоти", creators=("Дилноза Каримова",), credit="Озодлик"))
    )
    assert (found.caption, found.photographer, found.credit) == (
        "Сув тақсимоти",
        "Дилноза Каримова",
        "Озодлик",
    )


def test_tiff_carries_both():
    found = read(tiff_with(iim_block(AGENCY_IIM), xmp_packet(usage="Editorial use only")))
    assert found.caption == "Вид на Алматы с Кок-Тобе" and found.usage_terms == "Editorial use only"


def test_the_camera_date_when_nothing_else_says_when():
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2019:03:08 09:15:00"
    assert read(jpeg_with_metadata(exif=exif)).taken_on == date(2019, 3, 8)


def test_old_iim_in_the_cyrillic_windows_code_page():
    """Software older than IIM's UTF-8 flag wrote Windows-1251 in this region."""
    block = iim_block([(2, 120, "Бишкек, площадь Ала-Тоо".encode("cp1251"))], utf8=False)
    assert read(jpeg_with_metadata(iim=block)).caption == "Бишкек, площадь Ала-Тоо"


def test_a_file_without_metadata_reads_as_empty():
    found = read(jpeg_with_metadata())
    assert found == EmbeddedMetadata() and not found


@pytest.mark.parametrize(
    "data",
    [
        # XMP that is not XML at all
        jpeg_with_metadata(xmp=b"<x:xmpmeta><rdf:RDF><unclosed"),
        # an entity bomb (defusedxml refuses it)
        jpeg_with_metadata(
            xmp=b'<?xml version="1.0"?><!DOCTYPE x:xmpmeta [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            + xmp_packet(description="&b;").split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0]
        ),
        # an IIM block cut off inside a dataset's header, and one with no dataset marker
        jpeg_with_metadata(iim=b"\x1c\x02\x78"),
        jpeg_with_metadata(iim=b"\x00\x02\x78\x00\x05hello"),
        # a date that is no date, and a caption that is only spaces
        jpeg_with_metadata(iim=iim_block([(2, 55, "20171340"), (2, 120, "   ")])),
        # not an image
        b"GIF89a not really",
        b"",
    ],
    ids=["broken-xml", "entity-bomb", "cut-iim", "garbled-iim", "bad-values", "not-an-image", "empty"],
)
def test_malformed_metadata_never_raises(data):
    assert read(data) == EmbeddedMetadata()


def test_the_file_is_left_at_its_start():
    source = BytesIO(jpeg_with_metadata(iim=iim_block(AGENCY_IIM)))
    source.seek(10)
    read_embedded_metadata(source)
    assert source.tell() == 0
