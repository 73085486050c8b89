"""The admin opens on every content model, so editors can curate the demo content."""

import pytest
from django.urls import reverse

from articles.models import Article, Author, Region, SourceOrganisation, Topic

MODELS = (Article, Author, Region, SourceOrganisation, Topic)


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_change_list_add_and_change_pages_open(admin_client, demo_content, model):
    """Each admin page an editor reaches from the index renders without error."""
    opts = model._meta
    listing = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert listing.status_code == 200
    assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    obj = model.objects.first()
    change = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert str(obj) in change.content.decode()


def test_article_change_list_shows_status_and_search_finds_body_text(admin_client, demo_content):
    """Editors find an article by a phrase from its body."""
    response = admin_client.get(reverse("admin:articles_article_changelist"), {"q": "soul hunters"})
    html = response.content.decode()
    assert "Kazakh specialists focus more attention on radicalisation of women" in html
    assert "Hundreds of Kazakhstani inmates reject radicalisation" not in html
    assert "Published" in html


def test_readers_cannot_reach_the_admin(client, demo_content):
    """Anonymous visitors are sent to the sign-in page."""
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
