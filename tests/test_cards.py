"""Cached article cards: rendered once, never stale."""

from django.test import Client

from articles.models import Article


def topic_page(slug):
    return Client().get(f"/topics/{slug}/").content.decode()


def test_cards_come_from_the_cache_the_second_time(make_article, make_topic, monkeypatch):
    """A page of cards is rendered once; later pages reuse them, byte for byte."""
    topic = make_topic(slug="prisons")
    for n in range(3):
        make_article(headline=f"Story {n}", topics=[topic])
    first = topic_page("prisons")
    rendered = []
    from articles.templatetags import cards

    original = cards.get_template

    def counting(name):
        template = original(name)
        render = template.render

        def spy(context=None, request=None):
            rendered.append(context["article"].headline)
            return render(context, request)

        template.render = spy
        return template

    monkeypatch.setattr(cards, "get_template", counting)
    assert topic_page("prisons") == first
    assert rendered == []


def test_a_changed_story_or_author_gets_a_new_card(make_article, make_author, make_topic):
    """The key is made of what the card shows, so any change shows at once, with no invalidation."""
    topic = make_topic(slug="prisons")
    author = make_author(name="Aigerim Tokayeva")
    article = make_article(headline="Old headline", topics=[topic], authors=[author])
    assert "Old headline" in topic_page("prisons")
    Article.objects.filter(pk=article.pk).update(headline="New headline")  # no signal, no new version
    author.name = "Aigerim Tokayeva-Bek"
    author.save()
    page = topic_page("prisons")
    assert "New headline" in page and "Old headline" not in page
    assert "Aigerim Tokayeva-Bek" in page


def test_cards_are_rendered_when_the_cache_is_away(make_article, make_topic, settings, unreachable_redis):
    """Without the cache, every card is rendered: slower, never missing."""
    settings.CACHES = unreachable_redis
    make_article(headline="Still listed", topics=[make_topic(slug="prisons")])
    assert "Still listed" in topic_page("prisons")
