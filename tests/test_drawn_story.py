"""The story drawn once and kept (articles/drawn_story.py): the same page again draws
nothing, and anything the story shows, changed by any path, shows at once."""

import pytest
from django.test import Client
from django.urls import reverse

from articles import drawn_story
from articles.models import Article, ImageCaption, Photo, Region
from tests.image_files import photo_file


@pytest.fixture
def drawings(monkeypatch):
    """The stories drawn from their text (not taken from the cache), by headline."""
    drawn = []
    split = drawn_story.body_segments

    def counting(article, photos):
        drawn.append(article.headline)
        return split(article, photos)

    monkeypatch.setattr(drawn_story, "body_segments", counting)
    return drawn


def page(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_story_is_drawn_once(make_story, make_author, drawings):
    story = make_story(headline="Water for Naryn", authors=[make_author(name="Aida Sultanova")])
    ImageCaption.objects.create(article=story, image=photo_file(), caption="The canal in June", position=1)
    first = page(story.get_absolute_url())
    assert drawings == ["Water for Naryn"]
    assert page(story.get_absolute_url()) == first
    assert drawings == ["Water for Naryn"]
    assert "The canal in June" in first and "Aida Sultanova" in first and '"@type": "NewsArticle"' in first


def rename_author(story):
    author = story.byline.get().author
    author.name = "Aida Sultanova-Ryskulova"
    author.save()
    return "Aida Sultanova-Ryskulova"


def recaption_photo(story):
    # An update with no signal: only the row changes.
    ImageCaption.objects.filter(article=story).update(caption="The canal in August")
    return "The canal in August"


def recredit_the_library_photo(story):
    # The library photo's credit, printed where the story has none of its own; no signal.
    Photo.objects.filter(placements__article=story).update(credit="Vlast.kz archive")
    return "[Vlast.kz archive]"


def new_headline_without_signal(story):
    Article.objects.filter(pk=story.pk).update(headline="Water for Naryn, at last")
    return '<h1 class="headline">Water for Naryn, at last</h1>'


def new_text(story):
    story.body = "<p>The farmers of Kochkor were heard.</p>"
    story.save()
    return "The farmers of Kochkor were heard."


def rename_topic(story):
    topic = story.topics.get()
    topic.name = "Irrigation and canals"
    topic.save()
    return "Irrigation and canals"


def rename_place(story):
    place = story.regions.get()
    place.name = "Naryn Region"
    place.save()
    return "Naryn Region"


def translate_into_russian(story):
    Article.objects.create(
        headline="Вода для Нарына",
        slug="voda-dlya-naryna",
        body="<p>Текст.</p>",
        language="ru",
        translation_of=story,
        status=Article.Status.PUBLISHED,
        published_at=story.published_at,
    )
    return '<p class="also-in">'  # the "Also in" line of the story's header


@pytest.mark.parametrize(
    "change",
    [
        rename_author,
        recaption_photo,
        recredit_the_library_photo,
        new_headline_without_signal,
        new_text,
        rename_topic,
        rename_place,
        translate_into_russian,
    ],
)
def test_whatever_the_story_shows_changes_its_page_at_once(make_story, make_author, change):
    story = make_story(
        headline="Water for Naryn",
        authors=[make_author(name="Aida Sultanova")],
        regions=[Region.objects.create(name="Naryn", slug="naryn", kind=Region.Kind.CITY)],
    )
    ImageCaption.objects.create(article=story, image=photo_file(), caption="The canal in June", position=1)
    before = page(story.get_absolute_url())
    shown = change(story)
    assert shown not in before
    story.refresh_from_db()
    assert shown in page(story.get_absolute_url())


def test_each_reader_language_and_script_has_its_own(make_story, drawings):
    """An Uzbek story read in Latin and in Cyrillic letters, in either order, and a Kazakh
    one in Cyrillic and in Latin: each page in its own script, each drawn once."""
    uzbek = make_story(headline="Suv taqsimoti", slug="suv", language="uz", body="<p>Fermerlar yig‘ildi.</p>")
    kazakh = make_story(headline="Су тапшылығы", slug="su", language="kk", body="<p>Фермерлер жиналды.</p>")
    latin, cyrillic = uzbek.get_absolute_url(), uzbek.get_absolute_url().replace("/uz/", "/uz-cyrl/", 1)
    kk, kk_latn = kazakh.get_absolute_url(), kazakh.get_absolute_url().replace("/kk/", "/kk-latn/", 1)
    for _ in range(2):
        for url in (cyrillic, latin, kk_latn, kk):
            text = page(url)
            if url in (latin, kk_latn):
                assert "Suv taqsimoti" in text or "Su tapşylyğy" in text
                assert "Сув" not in text and "Су тапшылығы" not in text
            else:
                assert "Сув тақсимоти" in text or "Су тапшылығы" in text
    assert sorted(drawings) == ["Suv taqsimoti", "Suv taqsimoti", "Су тапшылығы", "Су тапшылығы"]


def test_previews_are_drawn_every_time(make_article, editor, drawings):
    draft = make_article(headline="Not yet", status=Article.Status.DRAFT)
    client = Client()
    client.force_login(editor)
    url = reverse("articles:preview", args=[draft.pk])
    page(url, client)
    page(url, client)
    assert drawings == ["Not yet", "Not yet"]


def test_the_story_is_drawn_when_the_cache_is_away(make_story, settings, unreachable_redis):
    settings.CACHES = unreachable_redis
    story = make_story(headline="Still readable")
    assert "Still readable" in page(story.get_absolute_url())
