from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter
from django.views.decorators.cache import never_cache

from . import extensions, feeds, views
from .caching import public_page
from .sitemaps import SITEMAPS, sitemap_index


class TwoDigitConverter:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(TwoDigitConverter, "two")

app_name = "articles"


def feed_paths():
    """The latest stories' RSS and Atom feeds, and those of each of ``feeds.SCOPES`` at
    /topics/<slug>/rss/, /topics/<slug>/atom/ and so on."""
    for kind in feeds.FEED_TYPES:
        yield path(f"feeds/{kind}/", public_page(feeds.ArticleFeed(kind)), name=f"feed-{kind}")
        for scope in feeds.SCOPES:
            feed = public_page(feeds.ArticleFeed(kind, scope))
            yield path(f"{scope}s/<slug:slug>/{kind}/", feed, name=f"{scope}-feed-{kind}")


# Every page a reader may see goes through the page cache (articles/caching/); the
# preview never does (nor do the readers' posts, engagement/urls.py).

urlpatterns = [
    path("", public_page(views.FrontPageView.as_view()), name="front"),
    path("articles/", public_page(views.ArticleListView.as_view()), name="list"),
    path("search/", public_page(views.SearchView.as_view()), name="search"),
    path("topics/", public_page(views.TopicListView.as_view()), name="topics"),
    path("topics/<slug:slug>/", public_page(views.TopicDetailView.as_view()), name="topic"),
    path("regions/", public_page(views.RegionListView.as_view()), name="regions"),
    path("regions/<slug:slug>/", public_page(views.RegionDetailView.as_view()), name="region"),
    path("corrections/", public_page(views.CorrectionsView.as_view()), name="corrections"),
    path("authors/<slug:slug>/", public_page(views.AuthorDetailView.as_view()), name="author"),
    path("organisations/", public_page(views.OrganisationListView.as_view()), name="organisations"),
    path(
        "organisations/<slug:slug>/", public_page(views.OrganisationDetailView.as_view()), name="organisation"
    ),
    path(
        "<int:year>/<two:month>/<two:day>/<slug:slug>/",
        public_page(views.ArticleDetailView.as_view(), personal_cookies=extensions.story_page_cookies),
        name="detail",
    ),
    path("preview/articles/<int:pk>/", never_cache(views.ArticlePreviewView.as_view()), name="preview"),
    *feed_paths(),
    # Search engines
    path("sitemap.xml", public_page(sitemap_index), name="sitemap"),
    path("sitemap-<slug:section>.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("news-sitemap.xml", public_page(views.news_sitemap), name="news-sitemap"),
    path("robots.txt", public_page(views.robots_txt), name="robots"),
]
