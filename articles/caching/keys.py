"""Surrogate keys: what a readers' page shows, and what a change touches.

A page is cached with the keys of everything it shows; a change invalidates the keys it
touches, and with them exactly the pages that show the changed thing (``announce``).

The keys:

- ``a<id>``: a story, on every page that shows it (its own page, a card in a list, a
  feed entry): any change readers can see;
- ``h<id>`` (``link``): a story shown only as a link, by headline, address and time (a
  related story, a translation named in "Also in" and ``hreflang``): a new headline, or
  the story published, unpublished or moved;
- ``s-<language>``: the lists of every story in a language (the front page, all stories,
  the topic and region indexes with their counts, the main feed, search): a story is
  published there, unpublished or moved in time;
- ``t<id>``, ``r<id>``, ``p<id>``, ``o<id>``: a topic, a region, a person who writes
  (author) and an organisation by name, on their own page and feeds and on every page
  naming them (a story page names its topics, places and authors; a card its authors):
  renaming one changes these;
- ``t<id>-<language>`` (``listed``), and the same for the others: the stories in a
  language filed under one, on its own page and feeds in that language: a story is
  published there, unpublished, moved, retagged or refiled;
- ``t<id>-<language>-earlier`` and ``r<id>-…`` (``earlier``): on the pages of that
  language's stories filed under a topic or place, whose related stories are the newest
  there published before them: a story is unpublished, moved, retagged or refiled there,
  or published with an earlier time than another's (a story published now is in no
  other story's related stories);
- ``vocabulary``: the pages that name every topic, place or organisation (the filters
  and the indexes);
- ``corrections-<language>``: the corrections page of a language's stories: a correction
  added, changed or removed;
- ``sitemaps``: the sitemaps, whose entries are the stories' addresses;
- ``search``: search results, which any change of a published story's words may move;
- ``page<id>``: a page editors keep (the comment policy);
- ``all``: every page, for a change nothing narrower describes (new photo sizes).

A change to a story nobody can read (a draft, a story in review, a scheduled story whose
time has not come) touches nothing: readers see no difference.
"""

import contextvars

from django.utils import timezone

ALL = "all"
VOCABULARY = "vocabulary"
SITEMAPS = "sitemaps"
SEARCH = "search"


def story(pk):
    return f"a{pk}"


def stories(language):
    return f"s-{language}"


def corrections(language):
    return f"corrections-{language}"


def topic(pk):
    return f"t{pk}"


def region(pk):
    return f"r{pk}"


def author(pk):
    return f"p{pk}"


def organisation(pk):
    return f"o{pk}"


def page(pk):
    return f"page{pk}"


def link(pk):
    """Pages that show a story only as a link: its headline, address and time (related
    stories, "Also in", ``hreflang``)."""
    return f"h{pk}"


def listed(key, language):
    """The stories in ``language`` under a topic, region, author or organisation key."""
    return f"{key}-{language}"


def earlier(key, language):
    """The related stories of the stories in ``language`` filed under a topic or place
    (``key``): each shows the newest of those published before it."""
    return f"{key}-{language}-earlier"


# What the page being drawn shows, gathered while it is drawn (``recording``, ``shows``).
_shown = contextvars.ContextVar("page_keys", default=None)


class recording:
    """``with recording() as keys:`` gathers into ``keys`` (a set) what ``shows`` names."""

    def __enter__(self):
        self.keys = {ALL}
        self._token = _shown.set(self.keys)
        return self.keys

    def __exit__(self, *exc):
        _shown.reset(self._token)


def shows(*keys):
    """The page being drawn shows these (ignored outside a page: a shell, a command)."""
    found = _shown.get()
    if found is not None:
        found.update(keys)


def shows_stories(articles):
    """The page shows these stories (their cards or entries)."""
    shows(*(story(article.pk) for article in articles))


def shows_links(articles):
    """The page links to these stories, by headline and time."""
    shows(*(link(article.pk) for article in articles))


# What a change touches


def is_public(status, published_at, now=None):
    return status == "published" and published_at is not None and published_at <= (now or timezone.now())


def story_state(article):
    """What of a story decides where it shows: kept before a save to compare after it."""
    return {
        "public": is_public(article.status, article.published_at),
        "language": article.language,
        "headline": article.headline,
        "slug": article.slug,
        "published_at": article.published_at,
        "featured": (article.is_featured, article.featured_position),
        "translation_of_id": article.translation_of_id,
    }


def story_listing(article_id, language=None, since=None):
    """Everything a story's being listed (or no longer listed) touches: the lists of its
    language (``language`` too, when it moved from it): all its stories, and those of
    its topics, its places and the places above them, its authors and organisations; the
    sitemaps, search, and its translations' pages (their "Also in" and ``hreflang``); the
    names every filter offers, when the story is the only published one to name one of
    its topics, places or organisations; and the related stories of the stories on its
    topics and places published after it (after ``since`` too, its time before a move),
    when there are any: a story published now is in no other story's related stories."""
    from articles.models import Article, ArticleAuthor, Region, TaggedArticle

    keys = {story(article_id), link(article_id), SITEMAPS, SEARCH}
    row = (
        Article.objects.filter(pk=article_id).values("language", "translation_of_id", "published_at").first()
    )
    languages = {language} if language else set()
    source_id = article_id
    times = [since] if since else []
    if row:
        languages.add(row["language"])
        source_id = row["translation_of_id"] or article_id
        times += [row["published_at"]] if row["published_at"] else []
    keys.update(stories(code) for code in languages)
    filed = Article.regions.through.objects.filter(article_id=article_id).values_list("region_id", flat=True)
    cited = Article.organisations.through.objects.filter(article_id=article_id)
    named = {
        "topic": set(
            TaggedArticle.objects.filter(content_object_id=article_id).values_list("tag_id", flat=True)
        ),
        "region": set(filed),
        "organisation": set(cited.values_list("sourceorganisation_id", flat=True)),
    }
    authors = ArticleAuthor.objects.filter(article_id=article_id).values_list("author_id", flat=True)
    under = [topic(pk) for pk in named["topic"]]
    under += [region(pk) for pk in regions_with_ancestors(Region, named["region"])]
    under += [organisation(pk) for pk in named["organisation"]]
    under += [author(pk) for pk in authors]
    keys.update(listed(key, code) for key in under for code in languages)
    if times and _published_after(article_id, languages, min(times)):
        related = [topic(pk) for pk in named["topic"]] + [region(pk) for pk in named["region"]]
        keys.update(earlier(key, code) for key in related for code in languages)
    if _names_only_this(article_id, named):
        keys.add(VOCABULARY)
    return keys | translation_group(source_id)


def translation_group(source_id):
    """The keys of a translation group's stories: each names the others ("Also in", ``hreflang``)."""
    from articles.models import Article

    group = Article.objects.filter(pk=source_id) | Article.objects.filter(translation_of_id=source_id)
    return {story(pk) for pk in group.values_list("pk", flat=True)}


def _published_after(article_id, languages, at):
    """Whether any other published story in ``languages`` comes after a story published
    ``at`` (newest first, as related stories are ordered)."""
    from django.db.models import Q

    from articles.models import Article

    later = Q(published_at__gt=at) | Q(published_at=at, pk__gt=article_id)
    return Article.objects.published().filter(later, language__in=languages).exclude(pk=article_id).exists()


def _names_only_this(article_id, named):
    """Whether no other published story (in any language: the names offered are those of
    every published story) names one of ``named``'s topics, places or organisations:
    publishing or unpublishing this one then changes which names readers are offered."""
    from articles.models import Article, TaggedArticle

    others = Article.objects.published().exclude(pk=article_id)
    elsewhere = {
        "topic": TaggedArticle.objects.filter(
            tag_id__in=named["topic"], content_object__in=others
        ).values_list("tag_id", flat=True),
        "region": Article.regions.through.objects.filter(
            region_id__in=named["region"], article__in=others
        ).values_list("region_id", flat=True),
        "organisation": Article.organisations.through.objects.filter(
            sourceorganisation_id__in=named["organisation"], article__in=others
        ).values_list("sourceorganisation_id", flat=True),
    }
    return any(named[kind] - set(elsewhere[kind]) for kind in named if named[kind])


def regions_with_ancestors(region_model, ids):
    """``ids`` and every place above them (a story about a city is listed in its country)."""
    parents = dict(region_model.objects.values_list("pk", "parent_id"))
    found = set()
    for pk in ids:
        while pk is not None and pk not in found:
            found.add(pk)
            pk = parents.get(pk)
    return found


def story_saved(article, before):
    """The keys a save of ``article`` touches, given its ``story_state`` before the save
    (``None`` for a new story)."""
    after = story_state(article)
    was_public = bool(before and before["public"])
    if not (was_public or after["public"]):
        return set()  # a draft, in review or still scheduled: readers see no difference
    moved = (
        not before
        or was_public != after["public"]
        or any(
            before[name] != after[name] for name in ("language", "slug", "published_at", "translation_of_id")
        )
    )
    if moved:
        # The lists of its language before the save too, when it changed language.
        keys = story_listing(
            article.pk,
            before["language"] if before else None,
            since=before["published_at"] if before and before["public"] else None,
        )
        if before and before["translation_of_id"] not in (None, after["translation_of_id"]):
            keys |= translation_group(before["translation_of_id"])  # the group it left
        return keys
    keys = {story(article.pk), SEARCH}
    if before["headline"] != after["headline"]:
        keys.add(link(article.pk))
    if before["featured"] != after["featured"]:
        keys.add(stories(after["language"]))  # the front page's featured stories
    return keys


def story_if_public(article_id):
    """A story's own key when readers can see it, else nothing."""
    from articles.models import Article

    live = Article.objects.published().filter(pk=article_id).exists()
    return {story(article_id)} if live else set()
