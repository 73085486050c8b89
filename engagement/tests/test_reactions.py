"""'Do you like this article?': one answer per reader, through the HTTP layer."""

from django.test import Client
from django.urls import reverse

from engagement.models import Reaction


def react(client, article, value, **headers):
    return client.post(reverse("engagement:react", args=[article.pk]), {"value": value}, **headers)


def test_a_reaction_works_without_javascript_and_shows_the_counts(client, make_article):
    """A plain form post returns to the article, which then shows the counts."""
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Do you like this article?" in html and "data-reaction-counts hidden" in html
    response = react(client, article, "yes")
    assert response.status_code == 302 and response["Location"].endswith("#reactions")
    assert "reader" in response.cookies and response.cookies["reader"]["httponly"]
    html = client.get(response["Location"]).content.decode()
    assert "data-reaction-counts hidden" not in html
    assert 'Yes <span data-count="yes">1</span>,\n    No <span data-count="no">0</span>.' in html


def test_each_reader_counts_once_and_may_change_their_mind(make_article):
    """The same reader answering again replaces the answer; another reader adds one."""
    article = make_article()
    first, second = Client(), Client()
    react(first, article, "yes")
    react(first, article, "yes")
    assert Reaction.objects.count() == 1
    react(first, article, "no")
    react(second, article, "no")
    assert (
        Reaction.objects.filter(value="no").count() == 2 and Reaction.objects.filter(value="yes").count() == 0
    )


def test_the_page_answers_javascript_with_the_counts(client, make_article):
    """With JavaScript the counts update without a reload."""
    article = make_article()
    Client().post(reverse("engagement:react", args=[article.pk]), {"value": "no"})
    data = react(client, article, "yes", HTTP_ACCEPT="application/json").json()
    assert data == {"value": "yes", "yes": 1, "no": 1}


def test_bad_answers_get_and_forged_posts_change_nothing(make_article):
    """Only a same-site POST of yes or no counts; a GET never does."""
    article = make_article()
    url = reverse("engagement:react", args=[article.pk])
    client = Client()
    assert react(client, article, "maybe").status_code == 400
    assert client.get(url, {"value": "yes"}).status_code == 405
    assert react(Client(enforce_csrf_checks=True), article, "yes").status_code == 403
    assert not Reaction.objects.exists()


def test_a_tampered_cookie_is_a_new_reader_not_someone_else(client, make_article):
    """The cookie is signed: editing it cannot overwrite another reader's answer."""
    article = make_article()
    react(client, article, "yes")
    forged = Client()
    forged.cookies["reader"] = "someone-else"
    react(forged, article, "no")
    assert sorted(Reaction.objects.values_list("value", flat=True)) == ["no", "yes"]


def test_reactions_need_a_published_article(make_article):
    """Drafts cannot collect reactions."""
    draft = make_article(status="draft")
    assert react(Client(), draft, "yes").status_code == 404


def test_a_forged_forwarded_address_does_not_change_who_the_reader_is(rf, settings):
    """The comment rate limit counts per address: a reader must not be able to choose theirs."""
    from cms.client_ip import client_ip

    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5")
    assert client_ip(request) == "203.0.113.5"
