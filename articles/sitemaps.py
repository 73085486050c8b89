"""Sitemaps for search engines, on the site's own address from settings.

Each lists only what readers may see: published stories, and the topics, regions, authors
and organisations a published story names (``querysets.public_*``, ``Region.objects.public``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.template.response import TemplateResponse
from django.urls import reverse

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


class ArticleSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "updated_at", "status", "language")
            .order_by("-published_at", "pk")
        )

    def lastmod(self, article):
        return article.updated_at


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
    files = []
    for section, sitemap_class in SITEMAPS.items():
        location = settings.SITE_URL + reverse("articles:sitemap-section", kwargs={"section": section})
        pages = sitemap_class().paginator.num_pages
        files.append(SitemapIndexItem(location, None))
        files += [SitemapIndexItem(f"{location}?p={page}", None) for page in range(2, pages + 1)]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": files}, content_type="application/xml")
