"""Article cards for lists, each rendered once and then kept in the cache.

A card's cache key is a digest of everything the card shows (headline, standfirst,
dateline, time, comment count, byline names and addresses, lead photo) and of the card
template itself, so a changed story or a new template simply makes a new key: a card can
never be stale, and nothing has to be invalidated. One cache round trip fetches a whole
page of cards; only the missing ones are rendered.
"""

import hashlib
import logging

from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)
register = template.Library()

CARD_TEMPLATE = "articles/_card.html"
CARD_SECONDS = 24 * 60 * 60


def _lead_photo(article):
    for photo in article.photos.all():
        # As the card template: the first photo, when it is the lead photo.
        return (photo.card_url, photo.card_height) if photo.image and photo.after_paragraph is None else None
    return None


def card_key(article, level, template_digest):
    """The cache key of ``article``'s card: a digest of every value the card shows."""
    shown = (
        template_digest,
        level,
        article.pk,
        article.get_absolute_url(),
        article.headline,
        article.standfirst,
        article.dateline,
        article.published_at.isoformat() if article.published_at else None,
        getattr(article, "comment_count", None),
        tuple((credit.author.get_absolute_url(), credit.author.name) for credit in article.byline.all()),
        _lead_photo(article),
    )
    return "card:" + hashlib.sha256(repr(shown).encode()).hexdigest()


@register.simple_tag
def article_cards(articles, level=2):
    """``<li>`` cards for ``articles``, from the cache where it has them."""
    card = get_template(CARD_TEMPLATE)
    digest = hashlib.sha256(card.template.source.encode()).hexdigest()[:16]
    keyed = [(article, card_key(article, level, digest)) for article in articles]
    try:
        kept = cache.get_many([key for _, key in keyed])
    except Exception as exc:  # the cache is away: render every card
        logger.warning("Could not read cards from the cache (%s)", exc)
        kept = {}
    parts, fresh = [], {}
    for article, key in keyed:
        html = kept.get(key)
        if html is None:
            html = fresh[key] = card.render({"article": article, "level": level})
        parts.append(f"<li>{html}</li>")
    if fresh:
        try:
            cache.set_many(fresh, timeout=CARD_SECONDS)
        except Exception as exc:
            logger.warning("Could not keep cards in the cache (%s)", exc)
    return mark_safe("".join(parts))  # each card was rendered by the (autoescaping) template
