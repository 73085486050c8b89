"""Reader reactions and comments: who the reader is, limits, and what happens to a comment."""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from articles import caching
from articles.caching.keys import story_if_public

from .models import Comment, Reaction

READER_COOKIE = "reader"
# The salt keeps the name it had in the articles app: readers' cookies stay valid.
READER_COOKIE_SALT = "articles.reader"
READER_COOKIE_AGE = 60 * 60 * 24 * 365 * 2
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# The first key of our PostgreSQL advisory locks on comments ("cmnt"); the second is the address.
COMMENT_LOCK = 0x636D6E74


def existing_reader(request):
    """The reader's random id from their signed cookie, or None (absent, forged or odd)."""
    token = request.get_signed_cookie(READER_COOKIE, default=None, salt=READER_COOKIE_SALT)
    return token if token and len(token) <= 64 else None


def reader_token(request):
    """(token, is_new): the reader's id, or a new one to be remembered in a cookie."""
    token = existing_reader(request)
    return (token, False) if token else (secrets.token_urlsafe(24), True)


def remember_reader(response, request, token):
    response.set_signed_cookie(
        READER_COOKIE,
        token,
        salt=READER_COOKIE_SALT,
        max_age=READER_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def reader_key(token):
    """What is stored for a reader: a digest of their cookie, never the cookie itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def react(article, token, value):
    """Record (or change) one reader's answer; return the article's counts."""
    Reaction.objects.update_or_create(article=article, reader=reader_key(token), defaults={"value": value})
    return reaction_counts(article)


def reaction_counts(article):
    counts = Reaction.objects.filter(article=article).aggregate(
        yes=Count("pk", filter=Q(value=Reaction.Value.YES)), no=Count("pk", filter=Q(value=Reaction.Value.NO))
    )
    return {"yes": counts["yes"], "no": counts["no"]}


def my_reaction(article, token):
    if token is None:
        return None
    return (
        Reaction.objects.filter(article=article, reader=reader_key(token))
        .values_list("value", flat=True)
        .first()
    )


def parse_rate(rate):
    """("5/10m") -> (5, timedelta(minutes=10))."""
    match = _RATE.match(rate or "")
    if not match:
        raise ImproperlyConfigured(f"COMMENT_RATE_LIMIT must look like 5/10m, 20/1h or 3/30s; got {rate!r}.")
    count, amount, unit = match.groups()
    return int(count), timedelta(seconds=int(amount or 1) * _UNIT_SECONDS[unit])


def rate_limited(ip):
    """Whether ``ip`` has used up its comments for now (counted from stored comments).

    Counting the comments themselves, in the database every app server shares, needs no
    cache and cannot be fooled by a process restart.
    """
    if ip is None:
        return False
    limit, window = parse_rate(settings.COMMENT_RATE_LIMIT)
    return Comment.objects.filter(ip_address=ip, created_at__gte=timezone.now() - window).count() >= limit


def link_count(text):
    return len(_LINK.findall(text))


def submit_comment(form, *, article, ip, honeypot_filled):
    """Save a valid comment as waiting for moderation, or as spam when it looks like it; save
    nothing and return None when ``ip`` has used up its comments (``rate_limited``).

    The count and the insert are one transaction, and transactions for the same address run
    one after the other: 30 comments posted at the same moment through several app servers
    would otherwise all count the same stored rows and all pass.
    """
    comment = form.save(commit=False)
    comment.article = article
    comment.ip_address = ip
    spam = honeypot_filled or link_count(comment.body) > settings.COMMENT_MAX_LINKS
    comment.status = Comment.Status.SPAM if spam else Comment.Status.PENDING
    with transaction.atomic():
        _one_at_a_time(ip)
        if rate_limited(ip):
            return None
        comment.save()
    return comment


def _one_at_a_time(ip):
    """Make the other transactions for ``ip`` wait here until this one ends.

    PostgreSQL: an advisory lock held to the end of the transaction, keyed on the address
    (two addresses whose hashes collide merely wait for each other). SQLite: nothing to do,
    every transaction already begins by taking the database's write lock (``BEGIN
    IMMEDIATE``, cms/settings/base.py), so the count and the insert cannot be overtaken.
    """
    if ip is not None and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [COMMENT_LOCK, ip])


def moderate(comments, status, *, user):
    """Set the status of several comments at once; return how many changed."""
    changed = (
        Comment.objects.filter(pk__in=[c.pk for c in comments])
        .exclude(status=status)
        .update(status=status, moderated_by=user, moderated_at=timezone.now())
    )
    if changed:  # .update() sends no signals; a comment shows on its story's pages once approved
        caching.announce(set().union(*(story_if_public(comment.article_id) for comment in comments)))
    return changed
