"""Stories in IPTC ninjs 2.2 (News in JSON), the format news agencies and Superdesk exchange.

How our story maps onto it:

- ``uri``: the story's address in this API (its public address can change with its
  slug; this one does not); ``altids`` has the public address and the id;
- ``headlines``, ``descriptions`` (the standfirst as the summary, then each correction,
  update and editor's note in its own role), ``bodies`` (the text as HTML, and plain);
- ``by`` (the byline's names) and ``located`` (the dateline);
- ``subjects``: each topic as our own concept and each IPTC Media Topic it is mapped to;
  ``places`` with their ISO 3166 code as ``literal``; ``organisations`` cited;
- ``associations``: each photo as a picture with its caption, credit, rights and
  renditions, then each published translation (``translation-<language>``);
- ``version`` counts the story's saves; ``firstcreated`` is the publication,
  ``versioncreated`` its last revision.

Tests validate this against IPTC's published JSON Schema (tests/data/ninjs-schema_2.2.json).
"""

from datetime import datetime
from datetime import time as dt_time

from django.urls import reverse
from django.utils import timezone, translation

from articles.body import plain_text
from articles.kept_values import media_topics_of
from articles.metadata import absolute
from languages.codes import html_lang

from . import shapes

VERSION = "2.2"
SCHEMA = "https://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"


def _words(text):
    return len(text.split())


def _picture(photo, index):
    """A photo placed in the story, as an associated ninjs picture."""
    card = shapes.photo_shape(photo)
    library = photo.photo
    picture = {
        "name": "featureimage" if photo.is_lead and index == 0 else f"image{index + 1}",
        "uri": absolute(library.image.url),
        "type": "picture",
        "representationtype": "full",
        "descriptions": [{"role": "caption", "contenttype": "text/plain", "value": card["caption"]}],
        "renditions": [
            {key: value for key, value in rendition.items() if value is not None}
            for rendition in card["renditions"]
        ],
    }
    if card["alt_text"]:
        picture["descriptions"].append(
            {"role": "alt", "contenttype": "text/plain", "value": card["alt_text"]}
        )
    if card["credit"]:
        picture["by"] = card["credit"]
    for field, name in (("copyright_notice", "copyrightnotice"), ("usage_terms", "usageterms")):
        if card[field]:
            picture[name] = card[field]
    if library.usable_until:
        # The end of its last day of use, in the newsroom's time zone.
        last = datetime.combine(
            library.usable_until, dt_time(23, 59, 59), tzinfo=timezone.get_current_timezone()
        )
        picture["expires"] = last.isoformat()
    return picture


def _subjects(topics):
    """Our topics, then the IPTC Media Topics they are mapped to (each once)."""
    found = [
        {
            "name": topic.label,
            "uri": absolute(topic.get_absolute_url()),
            "literal": topic.slug,
            "rel": "about",
        }
        for topic in topics
    ]
    found += [
        {
            "name": media_topic.name,
            "uri": media_topic.uri,
            "literal": media_topic.qcode,
            "rel": "about",
            "creator": "editor",
        }
        for media_topic in media_topics_of(topics)
    ]
    return found


def story(article, filed, translations, notes):
    """``article`` (published, read by ``endpoints.published_story``) as a ninjs 2.2 object."""
    topics, regions, organisations = filed
    with translation.override(article.language):
        url = absolute(article.get_absolute_url())
        authors = [credit.author for credit in article.byline.all()]
        text = plain_text(article.body)
        item = {
            "uri": shapes.api_url("story", story_id=article.pk),
            "standard": {"name": "ninjs", "version": VERSION, "schema": SCHEMA},
            "type": "text",
            "representationtype": "full",
            "profile": "story",
            "version": str(article.edit_version or 1),
            "firstcreated": shapes.moment(article.published_at),
            "versioncreated": shapes.moment(article.modified_at),
            "pubstatus": "usable",
            "language": html_lang(article.language),
            "headlines": [{"role": "main", "contenttype": "text/plain", "value": article.headline}],
            "bodies": [
                {
                    "role": "main",
                    "contenttype": "text/html",
                    "value": article.body,
                    "charcount": len(text),
                    "wordcount": _words(text),
                },
                {"role": "main", "contenttype": "text/plain", "value": text},
            ],
            "altids": [{"role": "url", "value": url}, {"role": "id", "value": str(article.pk)}],
            "slugline": article.slug,
            "trustindicators": [
                {
                    "role": "https://schema.org/correctionsPolicy",
                    "title": "Corrections",
                    "href": absolute(reverse("articles:corrections")),
                }
            ],
        }
        descriptions = []
        if article.standfirst:
            descriptions.append({"role": "summary", "contenttype": "text/plain", "value": article.standfirst})
        descriptions += [
            {
                "role": note.kind,
                "contenttype": "text/plain",
                "value": f"{shapes.moment(note.noted_at)}: {note.text}",
            }
            for note in notes
        ]
        if descriptions:
            item["descriptions"] = descriptions
        if authors:
            item["by"] = ", ".join(author.name for author in authors)  # no "By": in any language
            item["people"] = [
                {"name": author.name, "rel": "author", "uri": absolute(author.get_absolute_url())}
                for author in authors
            ]
        if article.dateline:
            item["located"] = article.dateline
        subjects = _subjects(topics)
        if subjects:
            item["subjects"] = subjects
        if regions:
            item["places"] = [
                {
                    "name": region.name,
                    "rel": "about",
                    "uri": absolute(region.get_absolute_url()),
                    **({"literal": region.iso_code} if region.iso_code else {}),
                }
                for region in regions
            ]
        if organisations:
            item["organisations"] = [
                {"name": body.name, "rel": "cited", "uri": absolute(body.get_absolute_url())}
                for body in organisations
            ]
        photos = shapes.shown_photos(article)
        associations = [_picture(photo, index) for index, photo in enumerate(photos)]
        associations += [
            {
                "name": f"translation-{other.language}",
                "uri": shapes.api_url("story", story_id=other.pk),
                "type": "text",
                "language": html_lang(other.language),
                "headlines": [{"role": "main", "contenttype": "text/plain", "value": other.headline}],
                "altids": [{"role": "url", "value": absolute(other.get_absolute_url())}],
            }
            for other in translations
        ]
        if associations:
            item["associations"] = associations
    return item
