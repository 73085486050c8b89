"""/.well-known/security.txt (RFC 9116): where to report a vulnerability, set by the operator."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from cms.settings.base import security_contacts

URL = "/.well-known/security.txt"


def fields(response):
    """The file's lines as (name, value) pairs, comments left out."""
    text = response.content.decode()
    return [tuple(line.split(": ", 1)) for line in text.splitlines() if line and not line.startswith("#")]


def test_security_txt_names_the_operators_contact(client, settings):
    """A researcher must find who to tell, in plain text, with an expiry within a year."""
    settings.SECURITY_CONTACT = ["mailto:security@news.example", "https://news.example/security"]
    settings.SITE_URL = "https://news.example"
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    pairs = fields(response)
    assert ("Contact", "mailto:security@news.example") in pairs
    assert ("Contact", "https://news.example/security") in pairs
    assert ("Canonical", "https://news.example/.well-known/security.txt") in pairs
    expires = datetime.fromisoformat(dict(pairs)["Expires"])
    assert timezone.now() + timedelta(days=360) < expires <= timezone.now() + timedelta(days=366)


def test_security_txt_is_absent_without_a_contact(client, settings):
    """A file with nobody to contact would send reports nowhere: no file until one is set."""
    settings.SECURITY_CONTACT = []
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", []),
        ("security@news.example", ["mailto:security@news.example"]),
        (
            " mailto:a@news.example , https://news.example/report ",
            ["mailto:a@news.example", "https://news.example/report"],
        ),
    ],
)
def test_security_contact_is_read_from_the_environment(monkeypatch, raw, expected):
    """An address alone becomes a mailto: URI; several contacts are separated by commas."""
    monkeypatch.setenv("SECURITY_CONTACT", raw)
    assert security_contacts() == expected


@pytest.mark.parametrize(
    "raw",
    [
        "http://news.example/report",
        "call us",
        "mailto:",
        "https://",
        "https://news.example/a\nExpires: 1999",
        "mailto:a@news.example\r\nContact: https://evil.example",
    ],
)
def test_security_contact_refuses_what_is_not_a_contact(monkeypatch, raw):
    """RFC 9116 wants https:, mailto: or tel: URIs: anything else stops the site at start-up."""
    monkeypatch.setenv("SECURITY_CONTACT", raw)
    with pytest.raises(ImproperlyConfigured, match="SECURITY_CONTACT"):
        security_contacts()
