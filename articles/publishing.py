"""What a story needs before readers see it: one set of checks for every way of publishing.

The change form, the bulk "Publish" action and scheduling all ask these questions and
refuse with the list of what is missing; while a story is a draft, the change form shows
the same list as a reminder. The checks, and why each is required:

- a headline and a body with some text: readers, feeds and search show nothing else;
- at least one region: the outlet's pages are organised by place, and a story filed
  nowhere is missing from every country, province and city page and its feed;
- at least one topic: the same for the topic pages, feeds and related stories;
- every photo has its image file: readers must never see an empty frame;
- every photo has alt text: readers who cannot see the photo are told what it shows;
- a translation's headline no longer starts with the "[RU] " mark "Translate into…" gave it.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy

from .body import sanitize_body

# What a story lacks, in the editor's language; each completes "It needs …" and stands on
# its own in the change form's list.
NO_HEADLINE = pgettext_lazy("what a story needs", "a headline")
EMPTY_BODY = pgettext_lazy("what a story needs", "text in the body")
NO_REGION = pgettext_lazy("what a story needs", "at least one region")
NO_TOPIC = pgettext_lazy("what a story needs", "at least one topic")
UNTRANSLATED_HEADLINE = pgettext_lazy(
    "what a story needs",
    "a translated headline (it still starts with the [RU]-style mark of a new translation)",
)
# The mark "Translate into…" puts before a new translation's headline (translating.prefix).
_TRANSLATION_MARK = re.compile(r"^\s*\[[A-Z]{2}\]\s")


def photo_without_image(number):
    return gettext("the image file of photo %(number)s") % {"number": number}


def photo_past_its_rights(number, ended):
    return gettext("another photo in place of photo %(number)s (its usage rights ended on %(date)s)") % {
        "number": number,
        "date": date_format(ended, "DATE_FORMAT"),
    }


def photo_without_alt_text(number):
    return gettext("alt text for photo %(number)s (what it shows, for readers who cannot see it)") % {
        "number": number
    }


# Letters that show nothing: Hangul fillers (the braille blank is a symbol, not a letter).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def has_words(text):
    """Whether ``text`` has a letter or digit a reader can see.

    Spaces, zero-width and other format characters (U+200B, U+FEFF), the braille blank and
    punctuation alone are not words.
    """
    return any(unicodedata.category(char)[0] in "LN" and char not in _BLANK_LETTERS for char in text or "")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = False

    def handle_data(self, data):
        self.found = self.found or has_words(data)


def has_text(html):
    """Whether body HTML, as it will be stored, holds words a reader can see.

    Checked on the sanitized HTML: what the sanitizer removes with its contents (a script,
    a style) is not text readers get.
    """
    reader = _Text()
    reader.feed(sanitize_body(html))
    reader.close()
    return reader.found


@dataclass(frozen=True)
class Photo:
    """What the checks need to know of a photo, from a form or from the database."""

    has_image: bool
    alt_text: str
    usable_until: date | None = None  # the library photo's last day of use


def text_problems(*, headline, body, region_count, topic_count):
    """What the story's own fields lack before it may be published (empty if nothing)."""
    problems = []
    if not has_words(headline):
        problems.append(str(NO_HEADLINE))
    elif _TRANSLATION_MARK.match(headline or ""):
        problems.append(str(UNTRANSLATED_HEADLINE))
    if not has_text(body):
        problems.append(str(EMPTY_BODY))
    if not region_count:
        problems.append(str(NO_REGION))
    if not topic_count:
        problems.append(str(NO_TOPIC))
    return problems


def photo_gaps(photo, today=None):
    """What one photo lacks before its story may be published: "image", "alt_text", and
    "rights" when the library photo's last day of use has passed."""
    gaps = []
    if not photo.has_image:
        gaps.append("image")
    if not has_words(photo.alt_text):
        gaps.append("alt_text")
    if photo.usable_until is not None and photo.usable_until < (today or timezone.localdate()):
        gaps.append("rights")
    return gaps


def photo_problems(photos):
    """What the story's photos (in their order) lack before it may be published."""
    problems = []
    for number, photo in enumerate(photos, start=1):
        for gap in photo_gaps(photo):
            if gap == "rights":
                problems.append(photo_past_its_rights(number, photo.usable_until))
            else:
                problems.append(
                    {"image": photo_without_image, "alt_text": photo_without_alt_text}[gap](number)
                )
    return problems


def checked_photo(placement):
    """A placed photo (``ImageCaption``) as the checks see it."""
    return Photo(
        has_image=bool(placement.image),
        alt_text=placement.alt_text,
        usable_until=placement.photo.usable_until if placement.photo_id else None,
    )


def publish_problems(article):
    """Everything ``article`` (as stored) lacks before it may be published, in the page's order."""
    return text_problems(
        headline=article.headline,
        body=article.body,
        region_count=article.regions.count(),
        topic_count=article.topic_links.count(),
    ) + photo_problems(checked_photo(photo) for photo in article.photos.order_by("position", "pk"))


def listed(items):
    """'a, b and c': items in a sentence, in the editor's language."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    # Translators: the end of a list in a sentence: "a headline, text in the body and at least one topic".
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def describe(problems):
    """'It needs a and b.' for a list of problems."""
    return gettext("It needs %(problems)s.") % {"problems": listed(problems)}


def local_time(moment):
    """'14:00 on 3 December 2026 (Asia/Almaty time)': a publication time as editors read it."""
    moment = timezone.localtime(moment)
    # Translators: a publication time: "14:00 on 3 December 2026 (Asia/Almaty time)".
    return gettext("%(time)s on %(date)s (%(zone)s time)") % {
        "time": date_format(moment, "H:i"),
        "date": date_format(moment, "DATE_FORMAT"),
        "zone": timezone.get_current_timezone_name(),
    }
