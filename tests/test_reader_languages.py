"""Readers' pages in seven languages and two more scripts: addresses, what each language's
pages list, how they say their language, and that caches keep languages apart."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.utils import translation

from articles import kept_values
from articles.caching import forget_recent_pages
from articles.models import Article
from languages import codes

XHTML = "{http://www.w3.org/1999/xhtml}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


class Head(HTMLParser):
    """The <html lang>, hreflang links, Open Graph and JSON-LD of a page."""

    def __init__(self):
        super().__init__()
        self.lang = self.dir = None
        self.alternates = {}
        self.meta = []
        self.json_ld = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang, self.dir = attrs.get("lang"), attrs.get("dir")
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "meta" and "property" in attrs:
            self.meta.append((attrs["property"], attrs.get("content")))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_json_ld = False


def head(response):
    parser = Head()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def group(make_article, make_region, make_topic):
    """A story in English with published Russian and Uzbek translations and a Kazakh draft."""
    almaty = make_region(name="Almaty", name_ru="Алматы", name_kk="Алматы", name_uz="Olmaota", slug="almaty")
    women = make_topic(name="Women", slug="women", title_ru="Женщины", title_uz="Ayollar")
    english = make_article(
        headline="Women's club opens", slug="womens-club", regions=[almaty], topics=[women]
    )
    russian = make_article(
        headline="Женский клуб открылся",
        slug="zhenskiy-klub",
        language="ru",
        translation_of=english,
        regions=[almaty],
        topics=[women],
        published_at=english.published_at,
    )
    uzbek = make_article(
        headline="Ayollar klubi ochildi",
        slug="ayollar-klubi",
        language="uz",
        translation_of=english,
        body="<p>Klub oʻz eshiklarini ochdi.</p>",
        regions=[almaty],
        topics=[women],
        published_at=english.published_at,
    )
    kazakh_draft = make_article(
        headline="Әйелдер клубы", slug="ayelder-kluby", language="kk", translation_of=english, status="draft"
    )
    return {"en": english, "ru": russian, "uz": uzbek, "kk": kazakh_draft}


@pytest.mark.parametrize("code", ["en", "ru", "kk", "kk-latn", "ky", "tg", "uz", "uz-cyrl", "tk"])
def test_every_reader_page_answers_in_every_language(client, group, code):
    """Front page, lists, topic, region, search, feeds and sitemaps live under each prefix."""
    prefix = codes.prefix(code)
    for path in (
        "/",
        "/articles/",
        "/topics/",
        "/regions/",
        "/topics/women/",
        "/regions/almaty/",
        "/search/?q=club",
        "/feeds/rss/",
        "/feeds/atom/",
        "/topics/women/rss/",
        "/regions/almaty/atom/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
    ):
        response = client.get(prefix + path)
        assert response.status_code == 200, (code, path)
        assert response["Content-Language"] == codes.html_lang(code)
        if response["Content-Type"].startswith("text/html"):
            page = head(response)
            assert (page.lang, page.dir) == (codes.html_lang(code), "ltr"), path


def test_english_keeps_its_addresses_and_no_language_is_forced(client, group):
    """English has no prefix; a browser preferring Russian is never redirected."""
    english = group["en"]
    assert english.get_absolute_url().startswith("/20")
    response = client.get(english.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert response.status_code == 200
    assert head(response).lang == "en"
    assert "Vary" not in response or "Accept-Language" not in response["Vary"]
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="uz").status_code == 200
    assert client.get("/en/").status_code == 404  # one address per page


def test_a_story_lives_under_its_own_language(client, group):
    russian = group["ru"]
    with translation.override("en"):
        url = russian.get_absolute_url()
    assert url.startswith("/ru/20")
    assert client.get(url).status_code == 200
    # Under another prefix its address answers a permanent redirect to its own.
    wrong = url.removeprefix("/ru")
    response = client.get(wrong)
    assert (response.status_code, response["Location"]) == (301, url)
    # An Uzbek story is read in both scripts, each at its own address.
    uzbek = group["uz"]
    latin = uzbek.get_absolute_url()
    assert client.get(latin).status_code == 200
    assert client.get(latin.replace("/uz/", "/uz-cyrl/", 1)).status_code == 200


def test_each_language_lists_only_its_own_stories(client, group):
    def headlines(path):
        return [article.headline for article in client.get(path).context["articles"]]

    assert headlines("/articles/") == ["Women's club opens"]
    assert headlines("/ru/articles/") == ["Женский клуб открылся"]
    assert headlines("/ru/topics/women/") == ["Женский клуб открылся"]
    assert headlines("/uz/regions/almaty/") == ["Ayollar klubi ochildi"]
    assert headlines("/kk/articles/") == []  # the Kazakh version is a draft
    feed = ET.fromstring(client.get("/ru/feeds/atom/").content)
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == [
        "Женский клуб открылся"
    ]


def test_alternates_name_the_published_translations(client, group):
    """hreflang links (and x-default) for each published version; never the draft."""
    english, russian, uzbek = group["en"], group["ru"], group["uz"]
    page = head(client.get(russian.get_absolute_url()))
    expected = {
        "en": english.get_absolute_url(),
        "ru": russian.get_absolute_url(),
        "uz": uzbek.get_absolute_url(),
        "uz-Cyrl": uzbek.get_absolute_url().replace("/uz/", "/uz-cyrl/", 1),
        "x-default": english.get_absolute_url(),
    }
    assert {lang: re.sub(r"^https?://[^/]+", "", href) for lang, href in page.alternates.items()} == expected
    assert page.lang == "ru"


def test_also_in_offers_the_other_versions(client, group):
    html = client.get(group["en"].get_absolute_url()).content.decode()
    also = re.search(r'<p class="also-in">(.*?)</p>', html, re.S).group(1)
    assert "Русский" in also and "Oʻzbekcha" in also and "Ўзбекча" in also
    assert "Қазақша" not in also  # a draft is no version readers can read
    story = Article.objects.get(pk=group["en"].pk)
    story.translation_of = None
    lonely = Article.objects.create(headline="Alone", slug="alone", status="published")
    assert 'class="also-in"' not in client.get(lonely.get_absolute_url()).content.decode()


def test_json_ld_and_open_graph_say_the_language_and_the_translations(client, group):
    english, russian = group["en"], group["ru"]
    source = head(client.get(english.get_absolute_url()))
    (data,) = source.json_ld
    assert data["inLanguage"] == "en"
    assert sorted(work["inLanguage"] for work in data["workTranslation"]) == ["ru", "uz"]
    assert ("og:locale", "en_GB") in source.meta
    assert {content for name, content in source.meta if name == "og:locale:alternate"} == {"ru_RU", "uz_UZ"}

    translated = head(client.get(russian.get_absolute_url()))
    (data,) = translated.json_ld
    assert data["inLanguage"] == "ru"
    assert data["translationOfWork"]["url"].endswith(english.get_absolute_url())
    assert "workTranslation" not in data
    assert ("og:locale", "ru_RU") in translated.meta

    cyrillic = head(client.get(group["uz"].get_absolute_url().replace("/uz/", "/uz-cyrl/", 1)))
    assert cyrillic.json_ld[0]["inLanguage"] == "uz-Cyrl"
    assert cyrillic.json_ld[0]["headline"] == "Аёллар клуби очилди"


def test_the_sitemap_carries_the_alternates(client, group):
    """Each story's <url> has an xhtml:link per published version, and x-default."""
    root = ET.fromstring(client.get("/ru/sitemap-articles.xml").content)
    (url,) = root.findall(f"{SITEMAP}url")
    assert url.findtext(f"{SITEMAP}loc").endswith(group["ru"].get_absolute_url())
    links = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
    assert set(links) == {"en", "ru", "uz", "uz-Cyrl", "x-default"}
    assert links["x-default"].endswith(group["en"].get_absolute_url())
    topics = ET.fromstring(client.get("/sitemap-topics.xml").content)
    (topic,) = topics.findall(f"{SITEMAP}url")
    hreflangs = {link.get("hreflang") for link in topic.findall(f"{XHTML}link")}
    assert hreflangs == {codes.html_lang(code) for code in codes.reader_languages()} | {"x-default"}


def test_a_script_variant_is_the_same_page_transliterated(client, group):
    """/uz-cyrl/ is the Uzbek page in Cyrillic: headline, text and names, not the markup."""
    latin_url = group["uz"].get_absolute_url()
    cyrillic = client.get(latin_url.replace("/uz/", "/uz-cyrl/", 1)).content.decode()
    assert "Аёллар клуби очилди" in cyrillic
    assert "Клуб ўз эшикларини очди." in cyrillic
    # The switcher's offer for the Latin version ("Bu sahifani oʻzbekcha oʻqish") is in its
    # script, in the link's data-offer; everything the page itself says is Cyrillic.
    assert "oʻz" not in re.sub(r'data-offer="[^"]*"', "", cyrillic)
    assert 'href="/uz-cyrl/regions/almaty/"' in cyrillic  # addresses stay as they are
    assert "Олмаота" in cyrillic  # the region's Uzbek name, transliterated
    kazakh = client.get("/kk-latn/regions/").content.decode()
    assert 'lang="kk-Latn"' in kazakh


def test_names_are_shown_in_the_reader_language_with_english_as_fallback(client, group):
    html = client.get("/ru/regions/").content.decode()
    assert "Алматы" in html
    topics = client.get("/ru/topics/").content.decode()
    assert "Женщины" in topics
    # No Kyrgyz title: the topic's English name (not the Russian title).
    Article.objects.create(
        headline="Аялдар клубу", slug="ayaldar", language="ky", status="published", translation_of=group["en"]
    ).topics.add(group["en"].topics.get())
    assert "Women" in client.get("/ky/topics/").content.decode()


def test_dates_and_plurals_follow_the_language(client, group):
    russian = group["ru"]
    russian.published_at = russian.published_at.replace(year=2017, month=8, day=22, hour=6)
    russian.save()
    html = client.get("/ru/articles/").content.decode()
    assert "22 августа 2017" in html
    with translation.override("ru"):
        words = [
            translation.ngettext("%(counter)s comment", "%(counter)s comments", n) % {"counter": n}
            for n in (1, 2, 5, 21)
        ]
    assert words == ["1 комментарий", "2 комментария", "5 комментариев", "21 комментарий"]
    with translation.override("en"):
        zero = translation.ngettext("%(counter)s comment", "%(counter)s comments", 0) % {"counter": 0}
    assert zero == "0 comments"


def test_the_page_cache_keeps_languages_and_scripts_apart(client, group, settings):
    """A Russian page is never served to an English reader, a Latin Kazakh page never to a
    Cyrillic one: each is its own address, rendered and kept in its own language."""
    settings.PAGE_CACHE_SECONDS = 600
    forget_recent_pages()
    Article.objects.create(headline="Әйелдер", slug="ayelder", language="kk", status="published")
    for _round in range(2):  # the second round is served from the cache
        assert head(client.get("/ru/")).lang == "ru"
        assert head(client.get("/")).lang == "en"
        latin, cyrillic = client.get("/kk-latn/"), client.get("/kk/")
        assert head(latin).lang == "kk-Latn" and "Äielder" in latin.content.decode()
        assert head(cyrillic).lang == "kk" and "Әйелдер" in cyrillic.content.decode()


def test_kept_vocabulary_is_per_language(group, make_topic):
    """Values kept per content version are kept per language (their order is the reader's)."""
    make_topic(name="Appeals", slug="appeals", title_ru="Обжалования")
    Article.objects.get(pk=group["en"].pk).topics.add("Appeals")
    with translation.override("en"):
        assert [topic.label for topic in kept_values.public_topics()] == ["Appeals", "Women"]
    with translation.override("ru"):
        assert [topic.label for topic in kept_values.public_topics()] == ["Женщины", "Обжалования"]


def test_robots_lists_every_languages_sitemaps(client):
    text = client.get("/robots.txt").content.decode()
    for code in codes.reader_languages():
        assert f"{codes.prefix(code)}/sitemap.xml" in text
    assert client.get("/ru/robots.txt").status_code == 404


def test_editors_give_a_name_in_each_language_and_readers_see_it(client, editor, group):
    """The region's form has a name field per language; search finds any of them."""
    from django.urls import reverse

    region = group["en"].regions.get()
    client.force_login(editor)
    url = reverse("admin:articles_region_change", args=[region.pk])
    form = client.get(url).content.decode()
    for code in ("en", "ru", "kk", "ky", "tg", "uz", "tk"):
        assert f'name="name_{code}"' in form
    data = {
        "name_en": "Almaty",
        "name_ru": "Алматы",
        "name_kk": "Алматы",
        "name_tg": "Алмаато",
        "name_uz": "Olmaota",
        "name_tk": "Almaty",
        "name_ky": "Алматы",
        "slug": region.slug,
        "kind": region.kind,
        "iso_code": "",
    }
    assert client.post(url, data).status_code == 302
    found = client.get(reverse("admin:articles_region_changelist"), {"q": "Olmaota"}).content.decode()
    assert "Almaty" in found
    client.logout()
    assert "Алматы" in client.get("/ru/regions/almaty/").content.decode()


def test_a_group_has_one_version_per_language(group):
    from django.core.exceptions import ValidationError

    second_russian = Article(headline="Ещё один", slug="eshche", language="ru", translation_of=group["en"])
    with pytest.raises(ValidationError) as refused:
        second_russian.clean()
    assert "language" in refused.value.message_dict
    english_again = Article(headline="Again", slug="again", language="en", translation_of=group["en"])
    with pytest.raises(ValidationError):
        english_again.clean()
    uzbek = Article.objects.get(pk=group["uz"].pk)
    uzbek.language = "ru"  # moved onto the Russian version's language
    with pytest.raises(ValidationError):
        uzbek.clean()
    tajik = Article(headline="Клуби занон", slug="klubi-zanon", language="tg", translation_of=group["en"])
    tajik.clean()  # a language the group lacks is fine


def test_a_translation_is_not_published_with_its_mark_still_on_the_headline():
    from articles import publishing

    problems = publishing.text_problems(
        headline="[RU] Women's club opens", body="<p>Текст.</p>", region_count=1, topic_count=1
    )
    assert problems == [str(publishing.UNTRANSLATED_HEADLINE)]
    assert (
        publishing.text_problems(
            headline="[Opinion] A view", body="<p>Text.</p>", region_count=1, topic_count=1
        )
        == []
    )


@pytest.mark.parametrize("code", ["en", "ru", "kk", "uz-cyrl"])
def test_date_filters_take_the_date_pickers_iso_dates_in_every_language(client, group, code):
    """<input type=date> sends 2017-08-22 whatever the page's language."""
    story = group["ru" if code == "ru" else "en"]
    day = story.published_at.astimezone().date().isoformat()
    response = client.get(f"{codes.prefix(code)}/articles/", {"date_from": day, "date_to": day})
    assert "These filters could not be used" not in response.content.decode()


def test_kept_markup_is_drawn_once_per_language_and_value():
    """{% kept %} draws its markup once for a language and its values: a value outside
    the key is not seen again (that is the saving), a new language or value draws afresh,
    and a changed setting empties the store."""
    from django.template import Context, Template
    from django.test import override_settings

    page = Template('{% load reader_languages %}{% kept "test" key %}{{ shown }}{% endkept %}')

    def draw(language, key, shown):
        with translation.override(language):
            return page.render(Context({"key": key, "shown": shown}))

    assert draw("en", 1, "first") == "first"
    assert draw("en", 1, "second") == "first"  # kept
    assert draw("ru", 1, "third") == "third"  # another language
    assert draw("en", 2, "fourth") == "fourth"  # another value
    with override_settings(SITE_NAME="Another"):
        assert draw("en", 1, "fifth") == "fifth"  # a setting changed: drawn again
    assert draw("en", [1], "sixth") == "sixth"  # a value that cannot be a key: never kept
    assert draw("en", [1], "seventh") == "seventh"


def test_the_header_is_each_pages_own_in_each_language(client, group):
    """The kept header still names the page's own versions and the reader's language."""
    english, russian = group["en"], group["ru"]

    def switcher(path):
        html = client.get(path).content.decode()
        links = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
        return dict(re.findall(r'href="([^"]+)"[^>]*?data-code="([^"]+)"', links)), re.search(
            r'data-code="([^"]+)"[^>]*aria-current', links
        ).group(1)

    for _round in range(2):  # the second round is drawn from what was kept
        links, current = switcher(english.get_absolute_url())
        assert current == "en" and {links[russian.get_absolute_url()], links["/kk/"]} == {"ru", "kk"}
        links, current = switcher(russian.get_absolute_url())
        assert current == "ru" and links[english.get_absolute_url()] == "en"
        links, current = switcher("/ru/topics/")
        assert current == "ru" and links["/topics/"] == "en" and links["/tg/topics/"] == "tg"
        assert "Все материалы" in client.get("/ru/").content.decode()
        assert "All stories" in client.get("/").content.decode()


def test_a_translation_published_later_joins_the_story_page(client, group, settings):
    """The translations a story page shows are kept per content version: publishing one
    starts a new version, and the next view lists it."""
    settings.PAGE_CACHE_VERSION_SECONDS = 600
    english, kazakh = group["en"], Article.objects.get(pk=group["kk"].pk)
    before = client.get(english.get_absolute_url()).content.decode()
    assert "Қазақша" not in re.search(r'<p class="also-in">(.*?)</p>', before, re.S).group(1)
    kazakh.status = "published"
    kazakh.published_at = english.published_at
    kazakh.save()
    html = client.get(english.get_absolute_url()).content.decode()
    also = re.search(r'<p class="also-in">(.*?)</p>', html, re.S).group(1)
    assert "Қазақша" in also and head(client.get(english.get_absolute_url())).alternates["kk"]
