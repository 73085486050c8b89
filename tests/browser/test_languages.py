"""The site in seven languages, clicked through in Chromium as readers and an editor would.

A reader of the English women's-club story switches to Russian and the site remembers
it: back on an English page, the offer of the Russian version appears, in Russian, until
they dismiss it. A reader switches the Uzbek story to Cyrillic and reads it all in
Cyrillic, under /uz-cyrl/. A reader whose browser prefers Russian is offered Russian on
an English page and never redirected. An editor starts a Kazakh translation of the story
from its change page, the English source changes, and the translation says so until the
editor marks it up to date.
"""

import re

from django.utils import translation
from playwright.sync_api import expect

from articles.admin.translations import changed_on
from articles.models import Article
from languages.codes import in_script

SOURCE_SLUG = "kazakh-specialists-focus-more-attention-on-radicalisation-of-women"
SOURCE_HEADLINE = "Kazakh specialists focus more attention on radicalisation of women"
RUSSIAN_HEADLINE = "Казахстанские специалисты уделяют больше внимания радикализации женщин"
RUSSIAN_DATE = "22 августа 2017"
UZBEK_HEADLINE = "Qozogʻiston mutaxassislari ayollar radikallashuviga koʻproq eʼtibor qaratmoqda"
# The same headline as the Uzbek Cyrillic alphabet writes it.
UZBEK_CYRILLIC_HEADLINE = "Қозоғистон мутахассислари аёллар радикаллашувига кўпроқ эътибор қаратмоқда"
# The other seed story, which has no translations.
UNTRANSLATED_SLUG = "hundreds-of-kazakhstani-inmates-reject-radicalisation"
# Latin words a Cyrillic Uzbek story may keep: the outlet's name.
KEPT_LATIN_WORDS = {"Caravanserai"}
# What only Uzbek Latin writes: the modifier letters of oʻ, gʻ and eʼ. (‘ and ’ are quotes.)
UZBEK_LATIN_MARKS = ("ʻ", "ʼ")
KAZAKH_HEADLINE = "Қазақстандық мамандар әйелдердің радикалдануына көбірек көңіл бөлуде"
ADDED_SENTENCE = "The club now also meets in Ekibastuz once a month."
# The contexts the templates translate these labels in (base.html, article_detail.html).
ALSO_IN_CONTEXT = "followed by the languages a story is also published in"
LANGUAGES_CONTEXT = "label of the list of languages the site is in"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def story(language):
    """The demo's women's-club story in ``language`` (en, ru or uz)."""
    source = Article.objects.get(slug=SOURCE_SLUG)
    return source if language == "en" else source.translations.get(language=language)


def russian(message):
    """``message`` as the Russian interface says it; fails if the catalog leaves it in English."""
    with translation.override("ru"):
        said = translation.gettext(message)
    assert said != message and CYRILLIC.search(said), f"The Russian catalog does not translate {message!r}"
    return said


def uzbek_in_cyrillic(message, context):
    """``message`` as the Uzbek interface says it, in Cyrillic; fails if the Uzbek catalog
    leaves it in English (which the Cyrillic page would then show transliterated)."""
    with translation.override("uz"):
        said = translation.pgettext(context, message)
    assert said != message, f"The Uzbek catalog does not translate {message!r} ({context})"
    return in_script(said, "uz-cyrl")


def cookies(context):
    return {cookie["name"]: cookie["value"] for cookie in context.cookies()}


def switcher(page):
    return page.locator("nav.language-switcher")


def test_reader_switches_to_russian_and_is_offered_it_back_on_english_pages(
    live_server, live_demo_content, page
):
    """The switcher takes the reader to the Russian story, remembers the choice, and the
    English page then offers Russian, in Russian, until the offer is dismissed."""
    english_url = live_server.url + story("en").get_absolute_url()
    russian_url = live_server.url + story("ru").get_absolute_url()
    offer = page.locator("p.language-offer")

    page.goto(english_url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(switcher(page).locator("a[aria-current='true']")).to_have_attribute("data-code", "en")
    also_in = page.locator("p.also-in")
    expect(also_in.get_by_role("link")).to_have_text(["Русский", "Oʻzbekcha", "Ўзбекча"])
    expect(also_in.get_by_role("link", name="Русский")).to_have_attribute(
        "href", story("ru").get_absolute_url()
    )
    expect(offer).to_be_hidden()  # the browser prefers English, and nothing was chosen yet

    switcher(page).get_by_role("link", name="Русский", exact=True).click()

    expect(page).to_have_url(russian_url)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text(RUSSIAN_HEADLINE)
    expect(
        page.locator("nav.site-nav").get_by_role("link", name=russian("All stories"), exact=True)
    ).to_be_visible()
    # The published time, with the month in the genitive ("22 августа 2017, 09:00").
    expect(page.locator(".story-meta .published time")).to_contain_text(RUSSIAN_DATE)
    current = switcher(page).locator("a[aria-current='true']")
    expect(current).to_have_attribute("data-code", "ru")
    expect(current).to_have_attribute("hreflang", "ru")
    expect(current).to_have_attribute("lang", "ru")
    expect(offer).to_be_hidden()  # the page is in the reader's language already
    assert cookies(page.context).get("reader_language") == "ru"

    # Back on the English story (a bookmark, say): offered the Russian one, in Russian.
    page.goto(english_url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(offer).to_be_visible()
    offered = offer.get_by_role("link")
    expect(offered).to_have_text(russian("Read this page in English"))
    expect(offered).to_have_attribute("lang", "ru")
    expect(offered).to_have_attribute("href", story("ru").get_absolute_url())
    assert page.url == english_url, "the offer must not redirect"

    offer.locator("button.language-offer-dismiss").click()
    expect(offer).to_be_hidden()
    assert cookies(page.context).get("language_offer_dismissed") == "1"
    # The script has run by the load event (it is deferred): the offer stays away.
    page.reload(wait_until="load")
    expect(offer).to_be_hidden()
    page.goto(live_server.url + "/", wait_until="load")
    expect(offer).to_be_hidden()
    assert cookies(page.context).get("reader_language") == "ru"


def test_reader_reads_the_uzbek_story_in_cyrillic(live_server, live_demo_content, page):
    """Ўзбекча turns the Uzbek story Cyrillic, every word of it, and keeps the reader under /uz-cyrl/."""
    uzbek = story("uz")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + uzbek.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "uz")
    expect(page.get_by_role("heading", level=1)).to_have_text(UZBEK_HEADLINE)

    switcher(page).get_by_role("link", name="Ўзбекча", exact=True).click()

    cyrillic_path = "/uz-cyrl" + uzbek.get_absolute_url().removeprefix("/uz")
    expect(page).to_have_url(live_server.url + cyrillic_path)
    expect(page.locator("html")).to_have_attribute("lang", "uz-Cyrl")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text(UZBEK_CYRILLIC_HEADLINE)
    expect(switcher(page).locator("a[aria-current='true']")).to_have_attribute("data-code", "uz-cyrl")
    assert cookies(page.context).get("reader_language") == "uz-cyrl"

    # Readable: the body is there, on screen once scrolled to, and no wider than the phone.
    body = page.locator("article.story .story-body")
    expect(body).to_be_visible()
    first_paragraph = body.locator("p").first
    first_paragraph.scroll_into_view_if_needed()
    expect(first_paragraph).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Every word of the story's text in Cyrillic: the headline and each paragraph and heading.
    texts = [
        page.get_by_role("heading", level=1).inner_text(),
        *body.locator(":scope > p, :scope > h2").all_inner_texts(),
    ]
    assert len(texts) > 10, texts
    text = "\n".join(texts)
    left_over = [mark for mark in UZBEK_LATIN_MARKS if mark in text]
    assert not left_over, f"Uzbek Latin marks left in the Cyrillic story: {left_over}"
    latin_words = set(re.findall(r"[A-Za-z]+", text)) - KEPT_LATIN_WORDS
    assert not latin_words, f"Latin words left in the Cyrillic story: {sorted(latin_words)}"
    assert len(CYRILLIC.findall(text)) > 2000
    # The photos' captions too, but for their credits (people and bodies as they write themselves).
    captions = page.locator("article.story figcaption").evaluate_all(
        "captions => captions.map(caption => { const copy = caption.cloneNode(true);"
        " copy.querySelectorAll('.credit').forEach(credit => credit.remove()); return copy.textContent; })"
    )
    assert len(captions) == 2, captions
    captions = "\n".join(captions)
    assert not [mark for mark in UZBEK_LATIN_MARKS if mark in captions], captions
    assert not set(re.findall(r"[A-Za-z]+", captions)) - KEPT_LATIN_WORDS, captions

    # Every link and form of the page stays in Cyrillic Uzbek, but those to other
    # languages (the switcher, "Also in") and the newsroom's sign-in.
    elsewhere = "nav.language-switcher a, p.also-in a"
    hrefs = page.locator("a[href^='/']").evaluate_all(
        "(links, elsewhere) => links.filter(a => !a.matches(elsewhere)).map(a => a.getAttribute('href'))",
        elsewhere,
    )
    actions = page.locator("form[action]").evaluate_all("forms => forms.map(f => f.getAttribute('action'))")
    outside = [url for url in hrefs + actions if not url.startswith("/uz-cyrl/") and url != "/admin/"]
    assert len(hrefs) > 10 and not outside, f"Addresses outside /uz-cyrl/: {outside}"
    also_in = page.locator("p.also-in").get_by_role("link")
    expect(also_in).to_have_text(["English", "Русский", "Oʻzbekcha"])

    # Following one: a topic, still in Cyrillic.
    story_url = page.url
    page.locator(".story-footer .topics").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/uz-cyrl/topics/[\w-]+/$"))
    expect(page.locator("html")).to_have_attribute("lang", "uz-Cyrl")
    expect(page.get_by_role("heading", level=1)).to_have_text(CYRILLIC)
    cards = page.locator("article.card")
    expect(cards.get_by_role("link", name=UZBEK_CYRILLIC_HEADLINE, exact=True)).to_have_attribute(
        "href", cyrillic_path
    )

    # The story page's own words are Uzbek's, not English letters spelt in Cyrillic ("Алсо ин:").
    page.goto(story_url)
    also_in_label = page.locator("p.also-in").evaluate("p => p.firstChild.textContent.trim()")
    assert also_in_label == uzbek_in_cyrillic("Also in:", ALSO_IN_CONTEXT)
    expect(switcher(page)).to_have_attribute("aria-label", uzbek_in_cyrillic("Language", LANGUAGES_CONTEXT))


def test_browser_preferring_russian_is_offered_russian_and_not_redirected(
    live_server, live_demo_content, new_context
):
    """A reader whose browser asks for Russian gets the English page they asked for, with
    the Russian version offered; a page with no Russian version offers nothing."""
    context = new_context(locale="ru-RU")
    reader = context.new_page()
    english_url = live_server.url + story("en").get_absolute_url()
    offer = reader.locator("p.language-offer")

    response = reader.goto(english_url)
    assert response is not None and response.status == 200
    assert response.request.redirected_from is None, "the browser's language must not redirect"
    assert reader.evaluate("navigator.language") == "ru-RU"
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    expect(reader.get_by_role("heading", level=1)).to_have_text(SOURCE_HEADLINE)
    expect(offer).to_be_visible()
    offered = offer.get_by_role("link")
    expect(offered).to_have_text(russian("Read this page in English"))
    expect(offered).to_have_attribute("href", story("ru").get_absolute_url())
    assert reader.url == english_url
    assert "reader_language" not in cookies(context), "an offer is no choice"

    # The other seed story has no Russian version: nothing to offer.
    untranslated = Article.objects.get(slug=UNTRANSLATED_SLUG)
    response = reader.goto(live_server.url + untranslated.get_absolute_url(), wait_until="load")
    assert response is not None and response.status == 200 and response.request.redirected_from is None
    expect(reader.get_by_role("heading", level=1)).to_have_text(untranslated.headline)
    expect(offer).to_be_hidden()

    # Taking the offer goes to the Russian story and remembers the choice.
    reader.goto(english_url)
    offered.click()
    expect(reader).to_have_url(live_server.url + story("ru").get_absolute_url())
    expect(reader.locator("html")).to_have_attribute("lang", "ru")
    assert cookies(context).get("reader_language") == "ru"


def admin_change_url(live_server, article):
    return f"{live_server.url}/admin/articles/article/{article.pk}/change/"


def list_row(page, headline):
    """The change list's row of the story called ``headline``."""
    return page.locator("#result_list tbody tr").filter(
        has=page.get_by_role("link", name=headline, exact=True)
    )


def test_editor_translates_the_story_and_keeps_the_translation_in_step(
    sign_in, live_server, live_demo_content, staff, page
):
    """Translate into Kazakh, change the English source, see the translation flagged with
    the difference, and mark it up to date: all from the change pages."""
    source = story("en")
    assert not source.translations.filter(language="kk").exists()
    sign_in(page, staff("Editors", "ann"))

    # The English story's Languages panel: start the Kazakh translation.
    page.goto(admin_change_url(live_server, source))
    panel = page.locator(".translations-panel")
    expect(panel.get_by_role("heading", name="Languages")).to_be_visible()
    expect(panel).to_contain_text(f"Russian: “{RUSSIAN_HEADLINE}”")
    panel.get_by_label("Translate into").select_option("kk")
    panel.get_by_role("button", name="Start the translation").click()

    expect(page.locator(".messagelist")).to_contain_text("Started the Kazakh translation as a draft")
    draft = source.translations.get(language="kk")
    expect(page).to_have_url(admin_change_url(live_server, draft))
    assert draft.status == Article.Status.DRAFT
    expect(page.get_by_label("Headline")).to_have_value(f"[KK] {SOURCE_HEADLINE}")
    expect(panel).to_contain_text("The Kazakh translation of")
    expect(panel.locator(".source-changed")).to_have_count(0)

    page.get_by_label("Headline").fill(KAZAKH_HEADLINE)
    page.locator("input[name='_continue']").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.get_by_label("Headline")).to_have_value(KAZAKH_HEADLINE)
    draft.refresh_from_db()
    assert draft.headline == KAZAKH_HEADLINE

    # The change list: each story's other languages, the translation's among them.
    page.goto(live_server.url + "/admin/articles/article/")
    expect(page.locator("#result_list th.column-translation_versions")).to_have_text(
        re.compile("other languages", re.IGNORECASE)
    )
    source_row = list_row(page, SOURCE_HEADLINE).locator("td.field-translation_versions")
    expect(source_row.get_by_role("link")).to_have_text(["ru", "kk", "uz"])
    kazakh_row = list_row(page, KAZAKH_HEADLINE).locator("td.field-translation_versions")
    expect(kazakh_row.get_by_role("link", name="en", exact=True)).to_have_attribute(
        "href", f"/admin/articles/article/{source.pk}/change/"
    )
    expect(kazakh_row).not_to_contain_text("Source changed")

    # The English source changes: a sentence added to its body.
    page.goto(admin_change_url(live_server, source))
    body = page.locator(".field-body .ProseMirror[contenteditable='true']")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(ADDED_SENTENCE)
    page.locator("input[name='_continue']").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    source.refresh_from_db()
    assert ADDED_SENTENCE in source.body
    changed = f"Source changed on {changed_on(source.text_changed_at)}"

    # The list flags the translation, and so does its change page.
    page.goto(live_server.url + "/admin/articles/article/")
    expect(kazakh_row).to_contain_text(changed)
    expect(source_row.get_by_role("link", name=re.compile("^kk"))).to_have_text("kk ⚠")

    page.goto(admin_change_url(live_server, draft))
    note = panel.locator(".source-changed")
    expect(note).to_contain_text(changed)
    difference = note.get_by_role(
        "link", name="See what changed since this translation was brought up to date"
    )
    expect(difference).to_be_visible()
    difference.click()
    expect(page).to_have_url(
        re.compile(rf"/admin/articles/article/{source.pk}/history/compare/\?a=\d+&b=\d+$")
    )
    expect(page.locator("#content")).to_contain_text(ADDED_SENTENCE)

    # Brought up to date: the mark goes, here and in the list.
    page.goto(admin_change_url(live_server, draft))
    note.get_by_role("button", name="Mark up to date").click()
    expect(page.locator(".messagelist")).to_contain_text("is marked up to date with its source")
    expect(page).to_have_url(admin_change_url(live_server, draft))
    expect(panel.locator(".source-changed")).to_have_count(0)
    expect(panel.get_by_role("button", name="Mark up to date")).to_have_count(0)
    draft.refresh_from_db()
    assert draft.source_synced_at >= source.text_changed_at
    page.goto(live_server.url + "/admin/articles/article/")
    expect(kazakh_row).not_to_contain_text("Source changed")
    expect(source_row.get_by_role("link", name=re.compile("^kk"))).to_have_text("kk")
