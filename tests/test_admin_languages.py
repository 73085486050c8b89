"""The newsroom's admin in its seven languages: each staff member's choice (the chooser in
the header, Django's set_language cookie), else the browser's preference; a browser asking
for a script variant (uz-Cyrl, kk-Latn) gets its base language's admin."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

INDEX = "/admin/"
CHOOSER = "newsroom-language-form"


def lang_of(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def choose(client, code):
    """What the chooser leaves behind: Django's language cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    return client


# For each language: what Django's own admin says (its catalogs), and what ours say: the
# desk's title, the articles' plural name and a list column of the article list.
SAYS = {
    "ru": {"django": ["Выйти", "Сохранить"], "ours": ["Рабочий стол редакции", "Материалы", "Подпись"]},
    "kk": {"django": ["Шығу", "Сақтау"], "ours": ["Редакция үстелі", "Материалдар", "Қолтаңба"]},
}


@pytest.mark.parametrize("code", SAYS)
def test_the_desk_and_the_article_form_speak_the_chosen_language(signed_in, make_story, code):
    choose(signed_in, code)
    desk = signed_in.get(INDEX)
    html = desk.content.decode()
    assert desk.status_code == 200 and lang_of(desk) == code
    assert SAYS[code]["django"][0] in html  # Log out
    assert SAYS[code]["ours"][0] in html and SAYS[code]["ours"][1] in html
    assert "Editors' desk" not in html and "Stories in review" not in html

    story = make_story()
    form = signed_in.get(reverse("admin:articles_article_change", args=[story.pk]))
    html = form.content.decode()
    assert form.status_code == 200 and lang_of(form) == code
    assert SAYS[code]["django"][1] in html  # Save
    assert SAYS[code]["ours"][2] in html
    for english in ("Place and subject", "Publication time", "Send to review", "Unpublish"):
        assert english not in html, english


def test_a_russian_article_form_names_its_fields_and_buttons_in_russian(signed_in, make_story):
    choose(signed_in, "ru")
    story = make_story()
    html = signed_in.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    for russian in ("Заголовок", "Место и тема", "Время публикации", "Снять с публикации", "Ход работы"):
        assert russian in html, russian
    listing = signed_in.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Опубликовать выбранные материалы сейчас" in listing and "другие языки" in listing.lower()


@pytest.mark.parametrize("code", settings.MODELTRANSLATION_LANGUAGES)
def test_every_written_language_can_be_chosen(signed_in, code):
    response = choose(signed_in, code).get(INDEX)
    assert response.status_code == 200 and lang_of(response) == code
    assert response["Content-Language"] == code


def test_the_chooser_posts_to_set_language_and_switches_the_admin(signed_in, form_data):
    page = signed_in.get(INDEX)
    assert lang_of(page) == "en"
    html = page.content.decode()
    chosen = form_data(page, CHOOSER)
    assert chosen["language"] == "en" and chosen["next"] == INDEX and chosen["csrfmiddlewaretoken"]
    assert (
        f'id="{CHOOSER}" class="newsroom-language" method="post" action="{reverse("set_language")}"' in html
    )
    # The seven written languages, each by its own name; no script variant.
    options = re.findall(r'<option value="([^"]+)" lang="[^"]+"(?: selected)?>([^<]+)</option>', html)
    assert options == [
        ("en", "English"),
        ("ru", "Русский"),
        ("kk", "Қазақша"),
        ("ky", "Кыргызча"),
        ("tg", "Тоҷикӣ"),
        ("uz", "Oʻzbekcha"),
        ("tk", "Türkmençe"),
    ]
    assert '<label for="newsroom-language">' in html and 'id="newsroom-language"' in html
    # A plain form: nothing for the Content Security Policy to allow.
    chooser_html = html[html.index(f'id="{CHOOSER}"') : html.index("</form>", html.index(f'id="{CHOOSER}"'))]
    assert "onchange" not in chooser_html and "<script" not in chooser_html

    response = signed_in.post(reverse("set_language"), chosen | {"language": "ru"})
    assert (response.status_code, response["Location"]) == (302, INDEX)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    russian = signed_in.get(INDEX)
    assert lang_of(russian) == "ru" and "Выйти" in russian.content.decode()
    assert form_data(russian, CHOOSER)["language"] == "ru"

    # The choice is the newsroom's only: readers' pages keep the language of their address.
    assert lang_of(signed_in.get("/")) == "en"


def test_the_chooser_returns_to_the_page_it_was_used_on(signed_in, form_data):
    changelist = reverse("admin:articles_article_changelist") + "?state=draft"
    chosen = form_data(signed_in.get(changelist), CHOOSER)
    assert chosen["next"] == changelist
    response = signed_in.post(reverse("set_language"), chosen | {"language": "kk"})
    assert response["Location"] == changelist
    assert lang_of(signed_in.get(changelist)) == "kk"


@pytest.mark.parametrize(
    "asked, code, says",
    [
        ("uz-Cyrl", "uz", "Tahririyat stoli"),
        ("uz-Cyrl-UZ,uz;q=0.9", "uz", "Tahririyat stoli"),
        ("kk-Latn", "kk", "Редакция үстелі"),
        ("ru-RU,ru;q=0.9,en;q=0.5", "ru", "Рабочий стол редакции"),
    ],
)
def test_a_browser_asking_for_a_script_variant_gets_its_base_language(signed_in, asked, code, says):
    response = signed_in.get(INDEX, HTTP_ACCEPT_LANGUAGE=asked)
    html = response.content.decode()
    assert response.status_code == 200 and lang_of(response) == code
    assert says in html
    assert "Accept-Language" in response["Vary"]
    if code == "uz":  # Latin, as typed: never transliterated to Cyrillic
        assert "Таҳририят" not in html and "Oʻzbekcha" in html


def test_the_cookie_wins_over_the_browser(signed_in):
    choose(signed_in, "kk")
    response = signed_in.get(INDEX, HTTP_ACCEPT_LANGUAGE="ru")
    assert lang_of(response) == "kk"
