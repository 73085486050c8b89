from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from . import feeds, views
from .sitemaps import SITEMAPS


class TwoDigitConverter:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(TwoDigitConverter, "two")

app_name = "articles"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("topics/", views.TopicListView.as_view(), name="topics"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic"),
    path("regions/", views.RegionListView.as_view(), name="regions"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("organisations/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation"),
    path("<int:year>/<two:month>/<two:day>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("preview/articles/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("articles/<int:pk>/react/", views.react, name="react"),
    path("articles/<int:pk>/comments/", views.post_comment, name="comment"),
    path("pages/<slug:slug>/", views.PageView.as_view(), name="page"),
    # Feeds
    path("feeds/rss/", feeds.ArticleFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.AtomArticleFeed(), name="feed-atom"),
    path("topics/<slug:slug>/rss/", feeds.TopicRssFeed(), name="topic-feed-rss"),
    path("topics/<slug:slug>/atom/", feeds.TopicAtomFeed(), name="topic-feed-atom"),
    path("regions/<slug:slug>/rss/", feeds.RegionRssFeed(), name="region-feed-rss"),
    path("regions/<slug:slug>/atom/", feeds.RegionAtomFeed(), name="region-feed-atom"),
    path("authors/<slug:slug>/rss/", feeds.AuthorRssFeed(), name="author-feed-rss"),
    path("authors/<slug:slug>/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
    # Search engines
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("news-sitemap.xml", views.news_sitemap, name="news-sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
