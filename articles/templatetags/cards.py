"""Article cards for lists, each rendered once and then kept in the cache.

A card shows the article's own columns, its byline (names and addresses) and its lead
photo; the byline and photo come from ``kept_values.card_facts`` (read for a whole page
at once, kept by the process for the clock reading). This module only renders.

A card's cache key is a digest of everything the card shows and of the card template
itself, so a changed story or a new template simply makes a new key: a card can never be
stale, and nothing has to be invalidated. One cache round trip fetches a whole page of
cards; only the missing ones are rendered.
"""

import hashlib
import logging

from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.caching import keys as page_keys
from articles.kept_values import card_facts

logger = logging.getLogger(__name__)
register = template.Library()

CARD_TEMPLATE = "articles/_card.html"
CARD_SECONDS = 24 * 60 * 60


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
    # The page shows these stories and names their authors (caching/keys.py).
    page_keys.shows_stories(articles)
    page_keys.shows(*(page_keys.author(pk) for found in facts.values() for pk in found.author_ids))
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
