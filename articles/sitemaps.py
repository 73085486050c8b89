"""Sitemaps for search engines, on the site's own address from settings.

Each lists only what readers may see: published stories, and the topics, regions, authors
and organisations a published story names (``querysets.public_*``, ``Region.objects.public``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse

from languages import versions

from .caching import keys as page_keys
from .models import Article, Region
from .querysets import public_authors, public_organisations, public_topics


class SiteSitemap(Sitemap):
    """Absolute URLs on ``SITE_URL``, never on a default or the request's host.

    Each section is split into files of ``limit`` addresses, listed by the index.
    """

    limit = 1000  # small files: each is cheap to render after an edit, and crawlers fetch them in turn

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def _urls(self, page, protocol, domain):
        """Each address with its versions in the other languages (``xhtml:link``)."""
        page_keys.shows(page_keys.SITEMAPS, page_keys.VOCABULARY)
        urls = super()._urls(page, protocol, domain)
        all_versions = self.versions([url["item"] for url in urls])
        for url, item_versions in zip(urls, all_versions, strict=True):
            url["alternates"] = [
                {"location": f"{protocol}://{domain}{version.path}", "lang_code": version.hreflang}
                for version in item_versions
            ]
            default = versions.default_version(item_versions)
            if default is not None:
                url["alternates"].append(
                    {"location": f"{protocol}://{domain}{default.path}", "lang_code": "x-default"}
                )
        return urls

    def versions(self, items):
        """For each of ``items``, its page in every reader language (a topic, a region…)."""
        return [versions.page_versions(item.get_absolute_url()) for item in items]


class ArticleSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Article.objects.published()
            .in_language()
            .only("slug", "published_at", "revised_at", "status", "language", "translation_of_id")
            .order_by("-published_at", "pk")
        )

    def versions(self, items):
        """Each story's published translations (one query for the whole file)."""
        sources = {item.translation_of_id or item.pk for item in items}
        group = (
            Article.objects.published()
            .filter(Q(pk__in=sources) | Q(translation_of__in=sources))
            .only("slug", "published_at", "status", "language", "translation_of_id")
        )
        by_source = {}
        for story in group:
            by_source.setdefault(story.translation_of_id or story.pk, []).append(story)
        return [
            versions.story_versions(
                item,
                [
                    story
                    for story in by_source.get(item.translation_of_id or item.pk, [])
                    if story.pk != item.pk
                ],
            )
            for item in items
        ]

    def lastmod(self, article):
        return article.modified_at  # a revision of the text or a note, not a retagging


class TopicSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return public_topics().order_by("name")


class RegionSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Region.objects.public().order_by("name")


class AuthorSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return public_authors().order_by("name")


class OrganisationSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return public_organisations().order_by("name")


SITEMAPS = {
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "regions": RegionSitemap,
    "authors": AuthorSitemap,
    "organisations": OrganisationSitemap,
}


def sitemap_index(request):
    """/sitemap.xml: every file of every section, on ``SITE_URL``.

    Django's own index view names the files on the request's host; an archive of tens of
    thousands of articles needs many files, so their addresses must be right.
    """
    page_keys.shows(page_keys.SITEMAPS, page_keys.VOCABULARY)
    files = []
    for section, sitemap_class in SITEMAPS.items():
        location = settings.SITE_URL + reverse("articles:sitemap-section", kwargs={"section": section})
        pages = sitemap_class().paginator.num_pages
        files.append(SitemapIndexItem(location, None))
        files += [SitemapIndexItem(f"{location}?p={page}", None) for page in range(2, pages + 1)]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": files}, content_type="application/xml")
