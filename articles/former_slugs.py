"""Old addresses keep working: a story's, topic's, place's, author's or organisation's
address before its slug changed, or a topic's before it was merged into another, answers
a permanent redirect to where it is now.

``remember`` records a slug as it is left (called by the signals on every save, whichever
way it is made, and by the topic merge); ``FormerAddressMiddleware`` turns a readers' 404 at
an address that was once right into a 301 to the current one, if readers may see it there:
a former slug never leads to a draft, and a slug in use now always wins over a former one.
A story's address also carries its day: one published on another day than the address
says (rescheduled after publication) is redirected too.

The redirect is not kept by the page cache or Varnish (it carries no cache headers): it
is worked out again on each request, so it follows a later rename or a new use of the slug.
"""

from datetime import date

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse

from .models import Article, Author, FormerSlug, Region, SourceOrganisation, Topic

KINDS = {
    Article: FormerSlug.Kind.ARTICLE,
    Topic: FormerSlug.Kind.TOPIC,
    Region: FormerSlug.Kind.REGION,
    Author: FormerSlug.Kind.AUTHOR,
    SourceOrganisation: FormerSlug.Kind.ORGANISATION,
}

# The readers' routes with a slug, by what the slug names.
ROUTES = {
    "articles:detail": FormerSlug.Kind.ARTICLE,
    "articles:topic": FormerSlug.Kind.TOPIC,
    "articles:topic-feed-rss": FormerSlug.Kind.TOPIC,
    "articles:topic-feed-atom": FormerSlug.Kind.TOPIC,
    "articles:region": FormerSlug.Kind.REGION,
    "articles:region-feed-rss": FormerSlug.Kind.REGION,
    "articles:region-feed-atom": FormerSlug.Kind.REGION,
    "articles:author": FormerSlug.Kind.AUTHOR,
    "articles:author-feed-rss": FormerSlug.Kind.AUTHOR,
    "articles:author-feed-atom": FormerSlug.Kind.AUTHOR,
    "articles:organisation": FormerSlug.Kind.ORGANISATION,
}


def remember(kind, old_slug, target_id):
    """``old_slug`` of a ``kind`` now leads to the row ``target_id``."""
    if old_slug:
        FormerSlug.objects.update_or_create(kind=kind, slug=old_slug, defaults={"target_id": target_id})


def slug_changed(instance, old_slug):
    """Called before ``instance`` is saved with a slug other than ``old_slug`` (its stored one)."""
    kind = KINDS[type(instance)._meta.concrete_model]
    remember(kind, old_slug, instance.pk)
    # The new slug is this row's now: no former use of it leads elsewhere.
    FormerSlug.objects.filter(kind=kind, slug=instance.slug).delete()


def forget(instance):
    """``instance`` was deleted: its former addresses lead nowhere now."""
    kind = KINDS[type(instance)._meta.concrete_model]
    FormerSlug.objects.filter(kind=kind, target_id=instance.pk).delete()


def moved_to(kind, target_id, target_ids=()):
    """Every former address of the rows ``target_ids`` now leads to ``target_id`` (a merge)."""
    FormerSlug.objects.filter(kind=kind, target_id__in=target_ids).update(target_id=target_id)


def _live_stories():
    """Published stories, with what their address is made of."""
    return Article.objects.published().only("slug", "published_at", "language")


def _public(kind, target_id):
    """The row ``target_id`` of ``kind`` if readers may see its page, else None."""
    from . import kept_values
    from .querysets import public_authors, public_organisations, public_topics

    if kind == FormerSlug.Kind.ARTICLE:
        return _live_stories().filter(pk=target_id).first()
    if kind == FormerSlug.Kind.REGION:
        return next(
            (place for place, _depth in kept_values.public_region_tree() if place.pk == target_id), None
        )
    public = {
        FormerSlug.Kind.TOPIC: public_topics,
        FormerSlug.Kind.AUTHOR: public_authors,
        FormerSlug.Kind.ORGANISATION: public_organisations,
    }[kind]()
    return public.filter(pk=target_id).first()


def current_address(path):
    """Where the readers' address ``path`` (in the active language) is now, or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    kind = ROUTES.get(match.view_name)
    slug = match.kwargs.get("slug")
    if kind is None or not slug:
        return None
    if kind == FormerSlug.Kind.ARTICLE:
        try:
            date(match.kwargs["year"], match.kwargs["month"], match.kwargs["day"])
        except ValueError:
            return None  # no such day (2017-02-31): not an address anything ever had
        # The story under this slug, published on another day than the address says.
        story = _live_stories().filter(slug=slug).first()
        if story is not None:
            return _unless_same(story.get_absolute_url(), path)
    former = FormerSlug.objects.filter(kind=kind, slug=slug).values_list("target_id", flat=True).first()
    if former is None:
        return None
    target = _public(kind, former)
    if target is None or target.slug == slug:
        return None
    if kind == FormerSlug.Kind.ARTICLE:
        return _unless_same(target.get_absolute_url(), path)
    return _unless_same(reverse(match.view_name, kwargs=match.kwargs | {"slug": target.slug}), path)


def _unless_same(address, path):
    return None if address == path else address


class FormerAddressMiddleware:
    """A readers' 404 at a former address becomes a permanent redirect to the current one
    (the query string kept: a list's filters, a page number)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        address = current_address(request.path_info)
        if address is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(address + (f"?{query}" if query else ""))
