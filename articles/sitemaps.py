"""Sitemaps for search engines, on the site's own address from settings."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import Article, ArticleAuthor, Author, Region, SourceOrganisation, TaggedArticle, Topic


class SiteSitemap(Sitemap):
    """Absolute URLs on ``SITE_URL``, never on a default or the request's host."""

    limit = 5000

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


def _live_articles():
    return Article.objects.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())


class ArticleSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "updated_at", "status")
            .order_by("-published_at", "pk")
        )

    def lastmod(self, article):
        return article.updated_at


class TopicSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        live = _live_articles().filter(pk=OuterRef("content_object_id"))
        links = TaggedArticle.objects.filter(tag=OuterRef("pk")).filter(Exists(live))
        return Topic.objects.filter(Exists(links)).order_by("name")


class RegionSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Region.objects.order_by("name")


class AuthorSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        live = _live_articles().filter(pk=OuterRef("article_id"))
        return Author.objects.filter(
            Exists(ArticleAuthor.objects.filter(author=OuterRef("pk")).filter(Exists(live)))
        ).order_by("name")


class OrganisationSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        live = Q(articles__status=Article.Status.PUBLISHED) & Q(articles__published_at__lte=timezone.now())
        return SourceOrganisation.objects.filter(live).distinct().order_by("name")


SITEMAPS = {
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "regions": RegionSitemap,
    "authors": AuthorSitemap,
    "organisations": OrganisationSitemap,
}
