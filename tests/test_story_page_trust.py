"""The story page readers trust (issue 20): boxes about its authors, share links that load
nothing from the apps they lead to, the icons and manifest, print and dark styles."""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from articles.models import Article
from tests.image_files import photo_file


class Loads(HTMLParser):
    """What a page makes the browser fetch by itself (scripts, styles, images, frames,
    icons), and its links."""

    def __init__(self):
        super().__init__()
        self.fetched, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source") and attrs.get("src"):
            self.fetched.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in (
            "stylesheet",
            "icon",
            "apple-touch-icon",
            "manifest",
            "preload",
        ):
            self.fetched.append(attrs["href"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def read(page):
    loads = Loads()
    loads.feed(page)
    return loads


def test_share_links_lead_to_each_app_and_load_nothing_from_them(client, make_story):
    story = make_story(headline="Women's club opens in Pavlodar & Ekibastuz")
    page = client.get(story.get_absolute_url()).content.decode()
    loads = read(page)
    assert loads.fetched and all(url.startswith("/") and not url.startswith("//") for url in loads.fetched)
    address = f"{settings.SITE_URL}{story.get_absolute_url()}"
    shares = {
        urlsplit(link).netloc or "mailto": link
        for link in loads.links
        if "share" in link or "intent" in link or link.startswith(("mailto:", "https://wa.me"))
    }
    telegram = parse_qs(urlsplit(shares["t.me"]).query)
    assert telegram == {"url": [address], "text": [story.headline]}
    assert parse_qs(urlsplit(shares["wa.me"]).query) == {"text": [f"{story.headline} {address}"]}
    assert parse_qs(urlsplit(shares["www.facebook.com"]).query) == {"u": [address]}
    assert parse_qs(urlsplit(shares["x.com"]).query) == {"url": [address], "text": [story.headline]}
    assert parse_qs(urlsplit(shares["vk.com"]).query) == {"url": [address], "title": [story.headline]}
    assert parse_qs(urlsplit(shares["mailto"]).query) == {"subject": [story.headline], "body": [address]}
    assert 'rel="noopener noreferrer"' in page
    # Copy link and the phone's share sheet wait for the script to show them.
    assert re.search(r'<button type="button" class="share-copy" data-url="[^"]+"[^>]* hidden>', page)
    assert re.search(r'<button type="button" class="share-native"[^>]* hidden>', page)
    assert "/static/articles/share.js" in page


def test_the_preview_offers_no_share_links(client, editor, make_story):
    draft = make_story(status="draft")
    client.force_login(editor)
    page = client.get(f"/preview/articles/{draft.pk}/").content.decode()
    assert "t.me/share" not in page and "share.js" not in page


def test_each_author_has_a_box_under_the_story(client, make_story, make_author):
    with_photo = make_author(
        name="Ksenia Bondal", slug="ksenia-bondal", role="Correspondent", bio="Writes about prisons."
    )
    with_photo.photo = photo_file("ksenia.png")
    with_photo.save()
    plain = make_author(name="Aigerim Tokayeva", slug="aigerim-tokayeva")
    story = make_story(authors=[with_photo, plain])
    page = client.get(story.get_absolute_url()).content.decode()
    boxes = re.findall(r'<div class="author-box">(.*?)</div>\s*</div>', page, re.DOTALL)
    assert len(boxes) == 2
    assert 'href="/authors/ksenia-bondal/"' in boxes[0] and "Writes about prisons." in boxes[0]
    assert (
        "Correspondent" in boxes[0] and f'src="{with_photo.photo.url}"' in boxes[0] and 'alt=""' in boxes[0]
    )
    assert 'href="/authors/aigerim-tokayeva/"' in boxes[1] and "<img" not in boxes[1]
    # The boxes follow the text, before the story's footer.
    assert page.index('class="author-boxes"') > page.index('class="story-body"')
    # A changed bio shows at once.
    with_photo.bio = "Writes about courts."
    with_photo.save()
    assert "Writes about courts." in client.get(story.get_absolute_url()).content.decode()


def test_the_manifest_and_icons(client, db):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == settings.SITE_NAME and manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert path, icon["src"]
        if icon["type"] == "image/png":
            width, height = Image.open(path).size
            assert icon["sizes"] == f"{width}x{height}"
    assert {icon.get("purpose") for icon in manifest["icons"]} >= {None, "maskable"}
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'rel="apple-touch-icon"' in page and 'name="color-scheme" content="light dark"' in page
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 301 and finders.find(favicon["Location"].removeprefix(settings.STATIC_URL))


def test_the_stylesheet_has_a_dark_scheme_and_a_print_style():
    css = Path(finders.find("cms/site.css")).read_text(encoding="utf-8")
    dark = css[css.index("@media (prefers-color-scheme: dark)") :]
    assert "--ink: #e8e6e3" in dark and "body { background: #161616; }" in dark
    printed = css[css.index("@media print") :]
    for hidden in (".site-header", ".site-footer", ".share", ".comments", "form", "button"):
        assert hidden in printed.split("display: none")[0]


def test_share_links_carry_the_headline_in_the_readers_script(client, make_story):
    story = make_story(headline="Су тапшылығы", slug="su", language="kk")
    latin = client.get(story.get_absolute_url().replace("/kk/", "/kk-latn/", 1)).content.decode()
    telegram = next(link for link in read(latin).links if link.startswith("https://t.me/"))
    assert parse_qs(urlsplit(telegram).query)["text"] == ["Su tapşylyğy"]
    assert "Су" not in latin.split('class="share"')[1].split("</aside>")[0]


def test_machine_readable_times_stop_at_the_second(client, make_article):
    """A story published "now" and a note added now carry microseconds; HTML's datetime
    allows three digits of a second at most (the Nu checker refuses six)."""
    from django.utils import timezone

    from articles.models import StoryNote

    # A second back: replacing the microseconds must not put the time in the future.
    just_now = (timezone.now() - timedelta(seconds=1)).replace(microsecond=123456)
    story = make_article(headline="Just now", published_at=just_now)
    StoryNote.objects.create(article=story, text="A correction.")
    for url in (story.get_absolute_url(), "/", "/articles/", "/corrections/", "/news-sitemap.xml"):
        text = client.get(url).content.decode()
        stamps = re.findall(r'datetime="([^"]+)"|<(?:lastmod|news:publication_date)>([^<]+)<', text)
        assert stamps, url
        for stamp in ("".join(pair) for pair in stamps):
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp), (url, stamp)


def test_a_search_that_finds_nothing_suggests_the_spelling_and_pages_and_keeps_the_filters(
    client, make_article, make_region, make_topic
):
    almaty = make_region(name="Almaty", slug="almaty")
    prisons = make_topic(name="Prisons", slug="prisons")
    make_article(headline="Water in Almaty", body="<p>Water.</p>", regions=[almaty], topics=[prisons])
    page = client.get("/search/?q=Almatu&topic=prisons").content.decode()
    suggestion = re.search(r'<div class="suggestions">(.*?)</div>', page, re.DOTALL).group(1)
    did_you_mean = re.search(r'Did you mean: <a href="([^"]+)">([^<]+)</a>', suggestion)
    assert did_you_mean.group(2) == "Almaty"  # as the place's name writes it
    assert parse_qs(urlsplit(did_you_mean.group(1).replace("&amp;", "&")).query) == {
        "q": ["Almaty"],
        "topic": ["prisons"],
    }
    assert 'href="/regions/almaty/">Almaty</a>' in suggestion
    # Nothing close: no suggestion at all; results: none either.
    assert 'class="suggestions"' not in client.get("/search/?q=zzzzqqq").content.decode()
    assert 'class="suggestions"' not in client.get("/search/?q=water").content.decode()


def test_lists_say_how_many_stories_match(client, make_article, make_topic, make_region):
    water = make_topic(name="Water", slug="water")
    almaty = make_region(name="Almaty", slug="almaty")
    for n in range(23):
        make_article(headline=f"Water story {n}", topics=[water], regions=[almaty] if n % 2 else [])
    make_article(headline="Another story")
    # A narrowed list is counted; one that ends on its page is known without counting.
    assert (
        '<p class="list-count">11 stories</p>' in client.get("/topics/water/?region=almaty").content.decode()
    )
    assert '<p class="list-count">24 stories</p>' in client.get("/articles/?page=2").content.decode()
    assert '<p class="list-count">1 story</p>' in client.get("/articles/?q=Another").content.decode()
    # A whole list longer than its page: counted once and kept for the content version.
    assert '<p class="list-count">24 stories</p>' in client.get("/articles/").content.decode()
    assert '<p class="list-count">23 stories</p>' in client.get("/topics/water/").content.decode()


def test_a_whole_lists_kept_count_follows_publishing_and_the_language(
    client, make_article, make_topic, make_region, make_author, make_organisation
):
    water = make_topic(name="Water", slug="water")
    kazakhstan = make_region(name="Kazakhstan", slug="kazakhstan")
    almaty = make_region(name="Almaty", slug="almaty", parent=kazakhstan)
    author = make_author(name="Aigerim Sadykova", slug="aigerim")
    organisation = make_organisation(name="Ministry of Water", slug="ministry")
    for n in range(21):
        story = make_article(headline=f"Water story {n}", topics=[water], regions=[almaty], authors=[author])
        story.organisations.add(organisation)
    for n in range(22):
        make_article(headline=f"Russian story {n}", language="ru", topics=[water], regions=[almaty])

    def count(url):
        found = re.search(r'<p class="list-count">([^<]*)</p>', client.get(url).content.decode())
        return found and found.group(1)

    # The region's count takes in the places inside it; each language counts its own.
    for url in (
        "/articles/",
        "/topics/water/",
        "/regions/kazakhstan/",
        "/authors/aigerim/",
        "/organisations/ministry/",
    ):
        assert count(url) == "21 stories", url
    assert count("/ru/articles/") == "22 материала"
    assert count("/ru/regions/kazakhstan/") == "22 материала"
    # Kept: the second reading counts nothing.
    with CaptureQueriesContext(connection) as queries:
        client.get("/topics/water/")
    assert queries.captured_queries
    assert not [query for query in queries.captured_queries if query["sql"].startswith("SELECT COUNT(")]
    # Publishing, unpublishing and retagging change the number at once.
    late = make_article(headline="Late water story", topics=[water], regions=[almaty], authors=[author])
    with CaptureQueriesContext(connection) as queries:
        assert count("/articles/") == "22 stories"
    assert len([query for query in queries.captured_queries if query["sql"].startswith("SELECT COUNT(")]) == 1
    assert count("/topics/water/") == count("/regions/kazakhstan/") == "22 stories"
    late.status = Article.Status.DRAFT
    late.published_at = None
    late.save()
    assert count("/articles/") == "21 stories"
    first = Article.objects.get(headline="Water story 0")
    first.topics.clear()
    assert count("/topics/water/") == "20 stories"
    assert count("/articles/") == "21 stories"


def test_counts_group_digits_as_the_language_does(client, make_article, monkeypatch):
    from articles import kept_values

    for n in range(21):
        make_article(headline=f"Story {n}")
        make_article(headline=f"Материал {n}", language="ru")
    monkeypatch.setattr(kept_values, "list_count", lambda key, stories: 12345)
    assert '<p class="list-count">12,345 stories</p>' in client.get("/articles/").content.decode()
    # Russian groups with a no-break space, and 12 345 takes the genitive plural.
    assert '<p class="list-count">12\xa0345 материалов</p>' in client.get("/ru/articles/").content.decode()


def test_a_storys_kept_topics_and_related_stories_follow_every_change(client, make_article, make_topic):
    """What is around a story (its topics, places, related stories) is read once per content
    version: retagging it, or a story about the same topic published before it, shows at
    once."""
    from datetime import timedelta as delta

    from django.utils import timezone

    water, courts = make_topic(name="Water", slug="water"), make_topic(name="Courts", slug="courts")
    story = make_article(headline="The story", topics=[water])
    older = make_article(
        headline="Older water story", topics=[water], published_at=story.published_at - delta(days=2)
    )
    page = client.get(story.get_absolute_url())
    assert [item.pk for item in page.context["related"]] == [older.pk]
    assert [topic.slug for topic in page.context["topics"]] == ["water"]
    story.topics.add(courts)
    page = client.get(story.get_absolute_url())
    assert [topic.slug for topic in page.context["topics"]] == ["courts", "water"]
    between = make_article(
        headline="Court story", topics=[courts], published_at=timezone.now() - delta(days=1, hours=1)
    )
    page = client.get(story.get_absolute_url())
    assert [item.pk for item in page.context["related"]] == [between.pk, older.pk]
    assert "Court story" in page.content.decode()
    between.status = Article.Status.DRAFT
    between.published_at = None
    between.save()
    assert "Court story" not in client.get(story.get_absolute_url()).content.decode()
