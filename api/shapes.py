"""Our own JSON shape of stories and of the names they are filed under.

Every address is absolute, on the site's public address (``SITE_URL``). Names are given in
the story's language (a Russian story's topics in Russian, English where no Russian name is
written), and on the names' own endpoints in every language written.
"""

import mimetypes
import posixpath

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation

from articles.body import plain_text
from articles.kept_values import media_topics_of
from articles.metadata import absolute, describe
from articles.models.content import web_renditions
from languages.codes import content_languages


def api_url(name, **kwargs):
    return absolute(reverse(f"api-v1:{name}", kwargs=kwargs))


def moment(value):
    """A time as ISO 8601 in the newsroom's zone, to the second (None stays None)."""
    return timezone.localtime(value).replace(microsecond=0).isoformat() if value else None


def names_in_every_language(thing, field):
    """``{language: text}`` of a translated field, for the languages it is written in."""
    found = {}
    for code in content_languages():
        text = getattr(thing, f"{field}_{code.replace('-', '_')}", "")
        if text:
            found[code] = text
    return found


def name_ref(thing, name, endpoint, **extra):
    """A name a story is filed under or bylined with (an author, topic, place or
    organisation): its slug, the name given, its page on the site and in this API."""
    return {
        "slug": thing.slug,
        "name": name,
        "url": absolute(thing.get_absolute_url()),
        "api_url": api_url(endpoint, slug=thing.slug),
        **extra,
    }


def person(author):
    return name_ref(author, author.name, "author")


def media_topic_ref(media_topic):
    return {
        "code": media_topic.code,
        "qcode": media_topic.qcode,
        "name": media_topic.name,
        "uri": media_topic.uri,
    }


def topic_ref(topic):
    return name_ref(
        topic,
        topic.label,
        "topic",
        media_topics=[media_topic_ref(found) for found in media_topics_of([topic])],
    )


def region_ref(region):
    return name_ref(region, region.name, "region", kind=region.kind, iso_code=region.iso_code or None)


def organisation_ref(organisation):
    return name_ref(organisation, organisation.name, "organisation")


def shown_photos(article):
    """The photos the story prints: those whose library photo has its file."""
    return [photo for photo in article.photos.all() if photo.photo.image]


def _content_type(name):
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def renditions(photo):
    """The photo's files: the original, then its WebP copies narrowest first, each with its
    size (a copy keeps the original's proportions)."""
    library = photo.photo
    if not library.image:
        return []
    found = [
        {
            "name": "original",
            "href": absolute(library.image.url),
            "contenttype": _content_type(library.image.name),
            "width": library.width,
            "height": library.height,
        }
    ]
    for width, name in sorted(web_renditions(library.renditions or {}).items()):
        height = round(library.height * width / library.width) if library.width and library.height else None
        found.append(
            {
                "name": f"w{width}",
                "href": absolute(default_storage.url(name)),
                "contenttype": _content_type(posixpath.basename(name)),
                "width": width,
                "height": height,
            }
        )
    return found


def photo_shape(photo):
    """A photo as the story prints it: caption, credit and alt text, with its rights."""
    library = photo.photo
    return {
        "caption": photo.caption,
        "credit": photo.printed_credit,
        "alt_text": photo.alt_text or library.alt_text,
        "placement": "lead" if photo.is_lead else "inline",
        "after_paragraph": photo.after_paragraph,
        "photographer": library.photographer or None,
        "copyright_notice": library.copyright_notice or None,
        "usage_terms": library.usage_terms or None,
        "usable_until": library.usable_until.isoformat() if library.usable_until else None,
        "renditions": renditions(photo),
    }


def story_card(article, filed, public_sources=frozenset()):
    """What a list gives of a story: enough to show and link it. ``public_sources``: the
    ids of the published stories among the ones these stories translate (a draft source is
    not named, not even by its id)."""
    topics, regions, _organisations = filed
    with translation.override(article.language):
        photos = shown_photos(article)
        lead = next((photo for photo in photos if photo.is_lead), None)
        return {
            "id": article.pk,
            "url": absolute(article.get_absolute_url()),
            "api_url": api_url("story", story_id=article.pk),
            "ninjs_url": api_url("story-ninjs", story_id=article.pk),
            "language": article.language,
            "headline": article.headline,
            "standfirst": article.standfirst,
            "published_at": moment(article.published_at),
            "modified_at": moment(article.modified_at),
            "byline": [person(credit.author) for credit in article.byline.all()],
            "topics": [topic_ref(topic) for topic in topics],
            "regions": [region_ref(region) for region in regions],
            "lead_photo": photo_shape(lead) if lead else None,
            "translation_of": article.translation_of_id
            if article.translation_of_id in public_sources
            else None,
        }


def story_detail(article, filed, translations, notes):
    """A story whole: its text (the body as HTML and as plain text), every photo, what it
    is filed under, its translations and its corrections, updates and notes."""
    card = story_card(article, filed, {story.pk for story in translations})
    _topics, _regions, organisations = filed
    with translation.override(article.language):
        card.update(
            {
                "description": describe(article),
                "dateline": article.dateline,
                "body_html": article.body,
                "body_text": plain_text(article.body),
                "organisations": [organisation_ref(body) for body in organisations],
                "photos": [photo_shape(photo) for photo in shown_photos(article)],
                "translations": [
                    {
                        "id": story.pk,
                        "language": story.language,
                        "headline": story.headline,
                        "url": absolute(story.get_absolute_url()),
                        "api_url": api_url("story", story_id=story.pk),
                    }
                    for story in translations
                ],
                "notes": [
                    {"kind": note.kind, "text": note.text, "noted_at": moment(note.noted_at)}
                    for note in notes
                ],
            }
        )
    return card
