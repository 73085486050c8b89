"""Share links for a story: plain links to each app's own share address, so the page loads
nothing from Telegram, WhatsApp, Facebook, X or VK (no widget, no script, no pixel) and
tells them nothing until a reader chooses one. "Copy link" and the phone's own share sheet
are buttons that ``articles/static/articles/share.js`` shows where the browser can do
them."""

from typing import NamedTuple
from urllib.parse import quote, urlencode

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from languages.scripts import converter


class ShareLink(NamedTuple):
    name: str  # as the app calls itself (not translated), or "E-mail"
    href: str
    key: str  # a class name for the link


def _query(**values):
    return urlencode(values, quote_via=quote)


def share_links(url, headline):
    """The share links of the story at the absolute address ``url`` with ``headline``, in
    the reader's script: the page is transliterated after it is drawn (/uz-cyrl/,
    /kk-latn/), but not the addresses of its links, so the headline they carry is here."""
    convert = converter(get_language())
    if convert is not None:
        headline = convert(headline)
    return [
        ShareLink("Telegram", f"https://t.me/share/url?{_query(url=url, text=headline)}", "telegram"),
        ShareLink("WhatsApp", f"https://wa.me/?{_query(text=f'{headline} {url}')}", "whatsapp"),
        ShareLink("Facebook", f"https://www.facebook.com/sharer/sharer.php?{_query(u=url)}", "facebook"),
        ShareLink("X", f"https://x.com/intent/post?{_query(url=url, text=headline)}", "x"),
        ShareLink("VK", f"https://vk.com/share.php?{_query(url=url, title=headline)}", "vk"),
        ShareLink(_("E-mail"), f"mailto:?{_query(subject=headline, body=url)}", "email"),
    ]
