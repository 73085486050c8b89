"""Photos for tests: small images, uploads, and the admin form sent back with one."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image


def png_bytes(size=(40, 30), colour="white"):
    """The bytes of a small PNG of one colour."""
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def photo_file(name="photo.png", size=(40, 30)):
    """A small PNG upload, for photos that must have their image (a row without one is never shown)."""
    return SimpleUploadedFile(name, png_bytes(size), content_type="image/png")


def upload(size=(1000, 600), name="photo.png"):
    """A PNG upload the size of a real photo, in one colour."""
    return SimpleUploadedFile(name, png_bytes(size, (90, 120, 150)), content_type="image/png")


def post_new_photo(client, article, form_data, image):
    """The article's admin form sent back with one new photo, as an editor's upload is."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url), "article_form") | {
        "photos-TOTAL_FORMS": "1",
        "photos-0-caption": "A caption",
        "photos-0-position": "1",
        "photos-0-image": image,
    }
    return client.post(url, data)


# Photos that carry IPTC metadata, as cameras, agencies and photo desks write it.


def iim_block(datasets, utf8=True):
    """IPTC IIM datasets (``[(record, dataset, text or bytes)]``) as the block files carry;
    record 1's "Coded Character Set" says UTF-8 unless ``utf8`` is False."""
    rows = ([(1, 90, b"\x1b%G")] if utf8 else []) + list(datasets)
    block = b""
    for record, number, value in rows:
        data = value.encode("utf-8") if isinstance(value, str) else value
        block += b"\x1c" + bytes([record, number]) + len(data).to_bytes(2, "big") + data
    return block


def photoshop_app13(iim):
    """A JPEG APP13 segment holding ``iim`` as Photoshop's IPTC resource (0x0404)."""
    resource = b"8BIM" + (0x0404).to_bytes(2, "big") + b"\x00\x00" + len(iim).to_bytes(4, "big") + iim
    if len(iim) % 2:
        resource += b"\x00"
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload


def xmp_packet(description="", creators=(), rights="", usage="", subjects=(), credit="", alt="", date=""):
    """An XMP packet with the IPTC Core properties given; the language alternatives in
    English (x-default) and, for the caption, Russian when ``description`` is a pair."""

    def alternative(values):
        if isinstance(values, str):
            values = {"x-default": values}
        return (
            "<rdf:Alt>"
            + "".join(f'<rdf:li xml:lang="{code}">{text}</rdf:li>' for code, text in values.items())
            + "</rdf:Alt>"
        )

    def array(kind, items):  # rdf:Seq, ordered; rdf:Bag, not
        return f"<rdf:{kind}>" + "".join(f"<rdf:li>{item}</rdf:li>" for item in items) + f"</rdf:{kind}>"

    properties = []
    if description:
        properties.append(f"<dc:description>{alternative(description)}</dc:description>")
    if creators:
        properties.append(f"<dc:creator>{array('Seq', creators)}</dc:creator>")
    if rights:
        properties.append(f"<dc:rights>{alternative(rights)}</dc:rights>")
    if usage:
        properties.append(f"<xmpRights:UsageTerms>{alternative(usage)}</xmpRights:UsageTerms>")
    if subjects:
        properties.append(f"<dc:subject>{array('Bag', subjects)}</dc:subject>")
    if alt:
        properties.append(
            f"<Iptc4xmpCore:AltTextAccessibility>{alternative(alt)}</Iptc4xmpCore:AltTextAccessibility>"
        )
    attributes = f' photoshop:Credit="{credit}"' if credit else ""
    attributes += f' photoshop:DateCreated="{date}"' if date else ""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"'
        ' xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"'
        f"{attributes}>" + "".join(properties) + "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode("utf-8")


def jpeg_with_metadata(iim=None, xmp=None, size=(60, 40), exif=None):
    """JPEG bytes carrying an IIM block (APP13), an XMP packet (APP1) and EXIF, as given."""
    buffer = BytesIO()
    options = {"xmp": xmp} if xmp else {}
    if exif is not None:
        options["exif"] = exif
    Image.new("RGB", size, (90, 120, 150)).save(buffer, format="JPEG", **options)
    data = buffer.getvalue()
    if iim is not None:
        data = data[:2] + photoshop_app13(iim) + data[2:]  # straight after the start of image
    return data
