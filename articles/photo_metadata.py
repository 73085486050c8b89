"""What photographers and agencies write into a photo file: its caption, credit, creator,
copyright notice, usage terms, keywords, alt text and the date it was taken.

Two standards carry them, often both in one file: IPTC's IIM (the "IPTC" block of a JPEG
or TIFF, from 1991) and XMP (an XML packet in JPEG, PNG, WebP and TIFF files). Each field
is read from XMP first and from IIM where XMP lacks it (IPTC's own guidance when the two
disagree: XMP is the newer and is what editing software updates); the date taken falls
back to the camera's EXIF ``DateTimeOriginal``.

Pillow finds both blocks (``IptcImagePlugin.getiptcinfo`` and the ``xmp`` entry of
``Image.info``); the XMP packet is parsed here with namespaces (Pillow's own ``getxmp()``
drops them, and ``dc:description`` and ``Iptc4xmpCore:…`` must not be confused) by
defusedxml, which refuses the entity tricks an untrusted XML file can hold.

Whatever a file holds, reading never fails: a broken block gives nothing, the rest is read.

Field mapping (IPTC Photo Metadata Standard 2023.2, "IIM" and "XMP" specs):

=================  ==========================  ==========================================
field              IIM dataset                 XMP property
=================  ==========================  ==========================================
caption            2:120 Caption/Abstract      dc:description
credit             2:110 Credit                photoshop:Credit
photographer       2:80 By-line                dc:creator
copyright_notice   2:116 Copyright Notice      dc:rights
usage_terms        (none)                      xmpRights:UsageTerms
keywords           2:25 Keywords               dc:subject
alt_text           (none)                      Iptc4xmpCore:AltTextAccessibility
taken_on           2:55 Date Created           photoshop:DateCreated, exif:DateTimeOriginal
=================  ==========================  ==========================================
"""

import logging
import re
from dataclasses import dataclass, field, fields
from datetime import date

from defusedxml import ElementTree
from PIL import Image, IptcImagePlugin

logger = logging.getLogger(__name__)

# The XMP packet is a few kilobytes; more is not metadata a newsroom needs.
MAX_XMP_BYTES = 512 * 1024
# The IIM "Coded Character Set" (1:90) that says UTF-8: ESC % G.
IIM_UTF8 = b"\x1b%G"

NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "exif": "http://ns.adobe.com/exif/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

EXIF_IFD = 0x8769
EXIF_DATE_TIME_ORIGINAL = 0x9003


@dataclass(frozen=True)
class EmbeddedMetadata:
    """The metadata a photo file carries; empty values for what it does not."""

    caption: str = ""
    credit: str = ""
    photographer: str = ""
    copyright_notice: str = ""
    usage_terms: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)
    alt_text: str = ""
    taken_on: date | None = None

    def __bool__(self):
        return any(getattr(self, each.name) for each in fields(self))


def read_embedded_metadata(source, language=None):
    """The EmbeddedMetadata of the image file ``source`` (a path or a binary file, read
    from its start and left there). Language alternatives (a caption in English and in
    Russian) give ``language``'s where the file has it, else its default. Never raises."""
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        with Image.open(source) as image:
            xmp = _xmp_values(image, language)
            iim = _iim_values(image)
            exif_date = _exif_date(image)
    except Exception as exc:  # not an image at all, or one Pillow cannot open
        logger.info("No metadata read from %s: %s", getattr(source, "name", source), exc)
        return EmbeddedMetadata()
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    values = {}
    for each in fields(EmbeddedMetadata):
        value = xmp.get(each.name) or iim.get(each.name)
        if value:
            values[each.name] = value
    if "taken_on" not in values and exif_date:
        values["taken_on"] = exif_date
    return EmbeddedMetadata(**values)


# XMP


def _xmp_values(image, language):
    packet = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if not packet:
        return {}
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    if len(packet) > MAX_XMP_BYTES:
        logger.info("XMP packet of %d bytes not read", len(packet))
        return {}
    try:
        root = ElementTree.fromstring(packet.strip(b"\x00 \r\n\t"))
    except Exception as exc:  # malformed XML, or XML defusedxml refuses
        logger.info("XMP packet not read: %s", exc)
        return {}
    # Writers split the properties over one or more rdf:Description elements.
    descriptions = list(root.iter(f"{{{NAMESPACES['rdf']}}}Description"))

    def first(prefix, name, read):
        for description in descriptions:
            value = read(description, f"{{{NAMESPACES[prefix]}}}{name}")
            if value:
                return value
        return None

    found = {}
    found["caption"] = first("dc", "description", lambda d, tag: _alternative(d, tag, language))
    found["credit"] = first("photoshop", "Credit", _simple)
    found["photographer"] = ", ".join(first("dc", "creator", _items) or ())
    found["copyright_notice"] = first("dc", "rights", lambda d, tag: _alternative(d, tag, language))
    found["usage_terms"] = first("xmpRights", "UsageTerms", lambda d, tag: _alternative(d, tag, language))
    found["keywords"] = tuple(first("dc", "subject", _items) or ())
    found["alt_text"] = first(
        "Iptc4xmpCore", "AltTextAccessibility", lambda d, tag: _alternative(d, tag, language)
    )
    found["taken_on"] = _iso_date(
        first("photoshop", "DateCreated", _simple) or first("exif", "DateTimeOriginal", _simple)
    )
    return {name: _tidy(value) for name, value in found.items() if value}


def _simple(description, tag):
    """A simple property: an attribute of rdf:Description or an element with text."""
    if tag in description.attrib:
        return description.attrib[tag]
    element = description.find(tag)
    return element.text if element is not None and len(element) == 0 else None


def _items(description, tag):
    """The items of an ordered or unordered array (rdf:Seq, rdf:Bag), or a lone value."""
    element = description.find(tag)
    if element is None:
        value = description.attrib.get(tag)
        return [value] if value else []
    items = [item.text for item in element.iter(f"{{{NAMESPACES['rdf']}}}li") if item.text]
    return items or ([element.text] if element.text and element.text.strip() else [])


def _alternative(description, tag, language):
    """A language alternative (rdf:Alt): ``language``'s text, else the default's, else the first."""
    element = description.find(tag)
    if element is None:
        return description.attrib.get(tag)
    texts = {}
    for item in element.iter(f"{{{NAMESPACES['rdf']}}}li"):
        if item.text:
            texts.setdefault((item.get(XML_LANG) or "x-default").lower(), item.text)
    if not texts:
        return element.text if element.text and element.text.strip() else None
    if language:
        wanted = language.lower()
        for code, text in texts.items():
            if code == wanted or code.split("-")[0] == wanted.split("-")[0]:
                return text
    return texts.get("x-default") or next(iter(texts.values()))


# IIM


IIM_FIELDS = {
    (2, 120): "caption",
    (2, 110): "credit",
    (2, 80): "photographer",
    (2, 116): "copyright_notice",
    (2, 25): "keywords",
    (2, 55): "taken_on",
}


def _iim_values(image):
    try:
        records = IptcImagePlugin.getiptcinfo(image) or {}
    except Exception as exc:  # a truncated or garbled block
        logger.info("IPTC block not read: %s", exc)
        return {}
    utf8 = _as_list(records.get((1, 90))) == [IIM_UTF8]
    found = {}
    for key, name in IIM_FIELDS.items():
        texts = [_iim_text(raw, utf8) for raw in _as_list(records.get(key))]
        texts = [text for text in texts if text and text.strip()]
        if not texts:
            continue
        if name == "keywords":
            found[name] = tuple(texts)
        elif name == "photographer":
            found[name] = ", ".join(texts)
        elif name == "taken_on":
            found[name] = _iim_date(texts[0])
        else:
            found[name] = texts[0]
    return {name: _tidy(value) for name, value in found.items() if value}


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _iim_text(raw, utf8):
    """IIM text: UTF-8 when the file says so or when it decodes as such; otherwise the
    Windows code page of Cyrillic, the older software of this region's newsrooms
    (Windows-1251), as the importer reads copy."""
    if not isinstance(raw, bytes):
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None if utf8 else raw.decode("cp1251", errors="replace")


# Dates


def _iim_date(text):
    match = re.fullmatch(r"\s*(\d{4})(\d{2})(\d{2})\s*", text)
    return _date(*match.groups()) if match else None


def _iso_date(text):
    """A date from an XMP date ("2017-08-22", "2017-08-22T10:30:00+06:00") or an EXIF one
    ("2017:08:22 10:30:00"); a year or month alone gives no day, so no date."""
    if not text:
        return None
    match = re.match(r"\s*(\d{4})[-:](\d{2})[-:](\d{2})", text)
    return _date(*match.groups()) if match else None


def _date(year, month, day):
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return found if found.year >= 1826 else None  # the oldest surviving photograph


def _exif_date(image):
    try:
        value = image.getexif().get_ifd(EXIF_IFD).get(EXIF_DATE_TIME_ORIGINAL)
    except Exception:  # a broken EXIF block
        return None
    return _iso_date(value) if isinstance(value, str) else None


def _tidy(value):
    """Text without stray spaces and NULs (some writers pad to a fixed size)."""
    if isinstance(value, str):
        return " ".join(value.replace("\x00", " ").split())
    if isinstance(value, tuple):
        return tuple(dict.fromkeys(text for item in value if (text := _tidy(item))))
    return value
