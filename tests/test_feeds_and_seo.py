"""Feeds, sitemaps and metadata that feed readers, search engines and social networks read."""

import json
import re
import xml.etree.ElementTree as ET

from django.urls import reverse

from articles.models import Article

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SEED = "kazakh-specialists-focus-more-attention-on-radicalisation-of-women"


def test_rss_items_carry_author_date_summary_categories_and_photo(client, demo_content, settings):
    """A feed reader gets everything it shows: who, when, what about, and the lead photo."""
    settings.SITE_URL = "https://news.example"
    response = client.get(reverse("articles:feed-rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = {item.findtext("title"): item for item in channel.findall("item")}
    item = items["Kazakh specialists focus more attention on radicalisation of women"]
    assert item.findtext("link") == f"https://news.example/2017/08/22/{SEED}/"
    assert "Ksenia Bondal" in (
        item.findtext("{http://purl.org/dc/elements/1.1/}creator") or item.findtext("author")
    )
    assert item.findtext("pubDate").startswith("Tue, 22 Aug 2017")
    assert item.findtext("description").startswith("Over the past decade")
    assert {c.text for c in item.findall("category")} >= {"Women", "Radicalisation"}
    enclosure = item.find("enclosure")
    assert enclosure.get("url").startswith("https://news.example/media/renditions/")
    assert int(enclosure.get("length")) > 0 and enclosure.get("type") == "image/webp"
    assert "example.com" not in response.content.decode()


def test_atom_feed_is_valid_atom_with_self_link(client, demo_content, settings):
    """Atom readers need an id, a self link and updated times."""
    settings.SITE_URL = "https://news.example"
    root = ET.fromstring(client.get(reverse("articles:feed-atom")).content)
    assert root.tag == f"{ATOM}feed"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == "https://news.example/feeds/atom/"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    assert all(entry.find(f"{ATOM}author/{ATOM}name").text for entry in entries)
    assert all(entry.findtext(f"{ATOM}updated") for entry in entries)


def test_topic_region_and_author_feeds_narrow_and_404(client, demo_content):
    """Each topic, region (with its places) and author has its own feed."""

    def titles(url):
        return [
            i.findtext("title")
            for i in ET.fromstring(client.get(url).content).find("channel").findall("item")
        ]

    assert titles(reverse("articles:topic-feed-rss", args=["prisons"])) == [
        "Hundreds of Kazakhstani inmates reject radicalisation"
    ]
    assert len(titles(reverse("articles:region-feed-rss", args=["kazakhstan"]))) == 2
    assert titles(reverse("articles:author-feed-rss", args=["ksenia-bondal"])) == [
        "Kazakh specialists focus more attention on radicalisation of women"
    ]
    for name in ("topic-feed-atom", "region-feed-atom", "author-feed-atom"):
        assert client.get(reverse(f"articles:{name}", args=["no-such-thing"])).status_code == 404


def test_pages_advertise_their_feeds(client, demo_content):
    """Browsers and feed readers discover feeds from <link rel="alternate">."""
    topic_page = client.get(reverse("articles:topic", args=["prisons"])).content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml"' in topic_page
        and "/topics/prisons/rss/" in topic_page
    )
    assert (
        "/regions/kazakhstan/atom/"
        in client.get(reverse("articles:region", args=["kazakhstan"])).content.decode()
    )
    assert (
        "/authors/ksenia-bondal/rss/"
        in client.get(reverse("articles:author", args=["ksenia-bondal"])).content.decode()
    )
    assert "/feeds/rss/" in client.get(reverse("articles:front")).content.decode()


def test_sitemap_lists_every_public_page_on_the_site_domain(client, demo_content, settings):
    """Search engines get articles (with lastmod), topics, regions, authors and organisations."""
    settings.SITE_URL = "https://news.example"
    index = ET.fromstring(client.get(reverse("articles:sitemap")).content)
    files = [entry.findtext(f"{SITEMAP}loc") for entry in index.findall(f"{SITEMAP}sitemap")]
    assert files == [
        f"https://news.example/sitemap-{section}.xml"
        for section in ("articles", "topics", "regions", "authors", "organisations")
    ]
    urls = {}
    for file in files:
        root = ET.fromstring(client.get(file.removeprefix("https://news.example")).content)
        urls |= {
            u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod")
            for u in root.findall(f"{SITEMAP}url")
        }
    assert urls[f"https://news.example/2017/08/22/{SEED}/"] == "2017-08-22"
    for path in (
        "/topics/prisons/",
        "/regions/kazakhstan/",
        "/authors/ksenia-bondal/",
        "/organisations/akniyet/",
    ):
        assert f"https://news.example{path}" in urls
    assert all(url.startswith("https://news.example/") for url in urls)


def test_news_sitemap_has_only_the_last_two_days(client, make_article, settings):
    """Google News wants recent stories with publication name and language."""
    settings.SITE_URL = "https://news.example"
    fresh = make_article(headline="Fresh story", language="ru")
    from datetime import timedelta

    from django.utils import timezone

    make_article(headline="Old story", published_at=timezone.now() - timedelta(days=3), language="ru")
    make_article(headline="English story")  # in the English news sitemap, not the Russian
    root = ET.fromstring(client.get("/ru/news-sitemap.xml").content)
    (url,) = root.findall(f"{SITEMAP}url")
    assert url.findtext(f"{SITEMAP}loc") == f"https://news.example{fresh.get_absolute_url()}"
    assert fresh.get_absolute_url().startswith("/ru/")
    assert url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name") == settings.SITE_NAME
    assert url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language") == "ru"
    assert url.findtext(f"{NEWS}news/{NEWS}title") == "Fresh story"


def test_robots_txt_points_at_both_sitemaps(client, settings):
    """Crawlers find the sitemaps and stay out of the admin and previews."""
    settings.SITE_URL = "https://news.example"
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://news.example/sitemap.xml" in text
    assert "Sitemap: https://news.example/news-sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /preview/" in text


def test_article_page_metadata(client, demo_content, settings):
    """Canonical URL, Open Graph, Twitter card and schema.org NewsArticle, all on the site domain."""
    settings.SITE_URL = "https://news.example"
    article = Article.objects.get(slug=SEED)
    html = client.get(article.get_absolute_url()).content.decode()
    url = f"https://news.example/2017/08/22/{SEED}/"
    assert f'<link rel="canonical" href="{url}">' in html
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))
    assert meta["og:type"] == "article" and meta["og:url"] == url
    assert meta["article:published_time"] == "2017-08-22T09:00:00+06:00"
    assert meta["article:author"] == "https://news.example/authors/ksenia-bondal/"
    assert meta["og:image"].startswith("https://news.example/media/renditions/")
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["description"].startswith("Over the past decade")
    tags = re.findall(r'<meta property="article:tag" content="([^"]+)"', html)
    assert sorted(tags) == sorted(article.topics.names())
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle" and data["headline"] == article.headline
    assert data["dateline"] == "ALMATY" and data["datePublished"] == "2017-08-22T09:00:00+06:00"
    assert data["author"] == [
        {"@type": "Person", "name": "Ksenia Bondal", "url": "https://news.example/authors/ksenia-bondal/"}
    ]
    assert data["image"][1]["creditText"] == "Courtesy of Gulnaz Razdykova"
    assert data["publisher"]["logo"]["url"] == "https://news.example/static/cms/logo.png"
    assert {"@type": "Place", "name": "Almaty"} in data["contentLocation"]


def test_json_ld_cannot_be_broken_out_of(client, make_article):
    """A headline containing </script> must not end the script element."""
    article = make_article(headline="Bad </script><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(script)["headline"].startswith("Bad </script>")
    assert "<script>alert(1)</script>" not in html


def test_every_page_has_a_canonical_link_and_description(client, demo_content):
    """Lists and index pages identify themselves to search engines too."""
    for name, args in [("front", []), ("list", []), ("topics", []), ("regions", []), ("topic", ["women"])]:
        html = client.get(reverse(f"articles:{name}", args=args)).content.decode()
        assert '<link rel="canonical" href="http://127.0.0.1:8000/' in html
        assert re.search(r'<meta name="description" content="[^"]{20,}">', html)


def test_a_large_archive_is_split_into_sitemap_files(client, make_article, settings, monkeypatch):
    """Past a file's limit, the index lists every further file, so no article goes unlisted."""
    from articles.sitemaps import ArticleSitemap

    settings.SITE_URL = "https://news.example"
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for _ in range(5):
        make_article()
    index = ET.fromstring(client.get(reverse("articles:sitemap")).content)
    files = [entry.findtext(f"{SITEMAP}loc") for entry in index.findall(f"{SITEMAP}sitemap")]
    assert files[:3] == [
        "https://news.example/sitemap-articles.xml",
        "https://news.example/sitemap-articles.xml?p=2",
        "https://news.example/sitemap-articles.xml?p=3",
    ]
    third = ET.fromstring(client.get("/sitemap-articles.xml", {"p": 3}).content)
    assert len(third.findall(f"{SITEMAP}url")) == 1
