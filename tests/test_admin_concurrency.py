"""Two people saving the same article: the second is told, and loses nothing."""

from django.test import Client
from django.urls import reverse

from articles.models import Article


def open_form(client, article):
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    return response.context["adminform"].form["edit_token"].value()


def test_stale_save_is_refused_naming_who_and_keeping_the_input(
    editor, make_staff, make_story, article_form
):
    """Ann saves first; Bob's later save of the old version is refused, his text kept."""
    bob = make_staff("Editors", "bob")
    article = make_story(headline="Original")
    ann_client, bob_client = Client(), Client()
    ann_client.force_login(editor)
    bob_client.force_login(bob)
    url = reverse("admin:articles_article_change", args=[article.pk])
    ann_token, bob_token = open_form(ann_client, article), open_form(bob_client, article)
    assert ann_token == bob_token

    ok = ann_client.post(url, article_form(article, headline="Ann's headline", edit_token=ann_token))
    assert ok.status_code == 302

    refused = bob_client.post(url, article_form(article, headline="Bob's headline", edit_token=bob_token))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Ann at " in html and "saved this article after you opened it" in html
    assert 'value="Bob&#x27;s headline"' in html
    article.refresh_from_db()
    assert article.headline == "Ann's headline"

    # Saving again, having read the warning, is Bob's deliberate choice.
    new_token = refused.context["adminform"].form["edit_token"].value()
    assert new_token != bob_token
    again = bob_client.post(url, article_form(article, headline="Bob's headline", edit_token=new_token))
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Bob's headline"


def test_a_save_without_the_token_is_treated_as_stale(admin_client, make_story, article_form):
    """A form that lost its hidden token cannot overwrite silently either."""
    article = make_story(headline="Kept")
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = admin_client.post(url, article_form(article, headline="Lost", edit_token=""))
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).headline == "Kept"
