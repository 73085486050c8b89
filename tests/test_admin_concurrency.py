"""Two people saving the same article: the second is told, and loses nothing."""

import json
from pathlib import Path

from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests import concurrent_saves
from tests.processes import fresh_python


def open_form(client, article):
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    return response.context["adminform"].form["edit_token"].value()


def test_stale_save_is_refused_naming_who_and_keeping_the_input(editor, make_staff, make_story, article_form):
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


# -- at the same moment ----------------------------------------------------------------

TRIALS = 20


def races(tmp_path):
    """Both races, 20 trials each: in-process on PostgreSQL, on a SQLite file in a fresh interpreter."""
    if connection.vendor == "postgresql":
        return {"saves": concurrent_saves.race_saves(TRIALS), "merges": concurrent_saves.race_merges(TRIALS)}
    script = Path(concurrent_saves.__file__)
    result = fresh_python("cms.settings.test", str(script), str(tmp_path / "race.sqlite3"), str(TRIALS))
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_editors_saving_or_merging_at_the_same_moment_never_both_win(newsroom_groups, tmp_path):
    """The stale-save check and the write are one step: of two saves at once exactly one wins."""
    results = races(tmp_path)
    for trial in results["saves"]:
        # One save wins and writes once; the other is told, and nothing fails with an error.
        assert trial == {"outcomes": ["refused", "saved"], "versions_written": 1}, results["saves"]
    for trial in results["merges"]:
        # Prisons into Penal system and Penal system into Prisons, at once: one merge happens.
        assert trial == {"outcomes": ["refused", "saved"], "topics_left": 1, "same": True}, results["merges"]
