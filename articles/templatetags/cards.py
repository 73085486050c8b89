"""Article cards for lists, each rendered once and then kept in the cache.

A card shows the article's own columns, its byline (names and addresses) and its lead
photo. The byline and photo are read for a whole page at once as plain values (two small
queries, no model objects: building a few hundred bylines, authors and photos per page was
a third of a list page's time) and kept by the process for the clock reading
(``caching.derived_many``), or taken from prefetched objects when a caller has them.

A card's cache key is a digest of everything the card shows and of the card template
itself, so a changed story or a new template simply makes a new key: a card can never be
stale, and nothing has to be invalidated. One cache round trip fetches a whole page of
cards; only the missing ones are rendered.
"""

import hashlib
import logging
from typing import NamedTuple

from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.caching import derived_many
from articles.caching import keys as page_keys
from articles.models import ArticleAuthor, ImageCaption
from articles.models.content import CARD_RENDITION_WIDTH, card_height, public_address, rendition_url

logger = logging.getLogger(__name__)
register = template.Library()

CARD_TEMPLATE = "articles/_card.html"
CARD_SECONDS = 24 * 60 * 60


class Photo(NamedTuple):
    url: str
    height: int


class CardFacts(NamedTuple):
    """What a card shows beyond the article's own columns."""

    credits: tuple  # ((author name, author address), ...) in byline order
    photo: Photo | None  # the lead photo's thumbnail, when the first photo is a lead photo
    author_ids: tuple = ()  # the authors named, for the page's surrogate keys


def _photo(image_name, after_paragraph, renditions, width, height):
    # As the article page: the first photo leads the card only when it stands before the
    # text. Rows without an image (an imported caption waiting for its file) are not
    # printed there, so they are passed over before this.
    if after_paragraph is not None:
        return None
    return Photo(rendition_url(image_name, renditions, CARD_RENDITION_WIDTH), card_height(width, height))


def _prefetched_facts(article):
    if "card_facts" in article.__dict__:
        return article.card_facts
    cache_ = getattr(article, "_prefetched_objects_cache", {})
    if "byline" not in cache_ or "photos" not in cache_:
        return None
    byline = list(article.byline.all())
    credits = tuple((credit.author.name, credit.author.get_absolute_url()) for credit in byline)
    first = next((photo for photo in article.photos.all() if photo.image), None)
    photo = first and _photo(
        first.image.name, first.after_paragraph, first.renditions, first.width, first.height
    )
    return CardFacts(credits, photo, tuple(credit.author_id for credit in byline))


def card_facts(articles):
    """{article id: CardFacts} for ``articles``: from their prefetched byline and photos, or
    as this process last read them at the current clock reading, or read for all the
    others together in two queries."""
    facts, missing = {}, []
    for article in articles:
        found = _prefetched_facts(article)
        if found is None:
            missing.append(article.pk)
        else:
            facts[article.pk] = found
    if missing:
        facts.update(derived_many("card-facts", missing, _read_card_facts))
    # The page shows these stories and names their authors (caching/keys.py).
    page_keys.shows_stories(articles)
    page_keys.shows(*(page_keys.author(pk) for found in facts.values() for pk in found.author_ids))
    return facts


def _read_card_facts(missing):
    facts = {}
    credits = {pk: [] for pk in missing}
    authors = {pk: [] for pk in missing}
    bylines = (
        ArticleAuthor.objects.filter(article_id__in=missing)
        .order_by("article_id", "position", "pk")
        .values_list("article_id", "author_id", "author__name", "author__slug")
    )
    for article_id, author_id, name, slug in bylines:
        credits[article_id].append((name, public_address("articles:author", slug=slug)))
        authors[article_id].append(author_id)
    photos = {}
    rows = (
        ImageCaption.objects.filter(article_id__in=missing)
        .exclude(image="")
        .order_by("article_id", "position", "pk")
        .values_list("article_id", "image", "after_paragraph", "renditions", "width", "height")
    )
    for article_id, *photo in rows:
        photos.setdefault(article_id, _photo(*photo))  # the first photo only
    for pk in missing:
        facts[pk] = CardFacts(tuple(credits[pk]), photos.get(pk), tuple(authors[pk]))
    return facts


def attach_card_facts(articles):
    """Read the card facts of ``articles`` now (two queries for them all), for a page that
    shows them in more than one list."""
    facts = card_facts(articles)
    for article in articles:
        article.card_facts = facts[article.pk]


def card_key(article, facts, level, template_digest):
    """The cache key of ``article``'s card: a digest of every value the card shows, and of
    the language it is written in (its words and its date)."""
    shown = (
        template_digest,
        get_language(),
        level,
        article.pk,
        article.get_absolute_url(),
        article.headline,
        article.standfirst,
        article.dateline,
        article.published_at.isoformat() if article.published_at else None,
        getattr(article, "comment_count", None),
        facts,
    )
    return "card:" + hashlib.sha256(repr(shown).encode()).hexdigest()


_template_digests = {}


def _template_digest(card):
    source = card.template.source
    digest = _template_digests.get(source)
    if digest is None:
        digest = _template_digests[source] = hashlib.sha256(source.encode()).hexdigest()[:16]
    return digest


@register.simple_tag
def article_cards(articles, level=2):
    """``<li>`` cards for ``articles``, from the cache where it has them."""
    articles = list(articles)
    card = get_template(CARD_TEMPLATE)
    digest = _template_digest(card)
    facts = card_facts(articles)
    keyed = [(article, card_key(article, facts[article.pk], level, digest)) for article in articles]
    try:
        kept = cache.get_many([key for _, key in keyed])
    except Exception as exc:  # the cache is away: render every card
        logger.warning("Could not read cards from the cache (%s)", exc)
        kept = {}
    parts, fresh = [], {}
    for article, key in keyed:
        html = kept.get(key)
        if html is None:
            shown = facts[article.pk]
            context = {"article": article, "level": level, "credits": shown.credits, "photo": shown.photo}
            html = fresh[key] = card.render(context)
        parts.append(f"<li>{html}</li>")
    if fresh:
        try:
            cache.set_many(fresh, timeout=CARD_SECONDS)
        except Exception as exc:
            logger.warning("Could not keep cards in the cache (%s)", exc)
    return mark_safe("".join(parts))  # each card was rendered by the (autoescaping) template
