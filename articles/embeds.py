"""Posts and videos from other sites in a story, private until the reader asks for them.

A link on a line of its own in the body (a paragraph holding only the address, as text or
as a link whose text is the address) to a post or video of a provider in
``settings.EMBED_PROVIDERS`` becomes an embed block. Readers first see a placeholder that
names the provider, says that showing it loads the provider's content, and links to the
original; nothing is requested from the provider until the reader presses "Show"
(``articles/static/articles/embeds.js`` then puts the provider's player or post in an
``<iframe>``). Only pages with an embed allow frames, and only from the providers they
embed (``frame_sources``; the story page sends that Content Security Policy itself, so the
page cache and Varnish keep it with the page).

Each provider's frame address is derived from the link alone, with the provider's
privacy-friendlier variant where it has one (YouTube's youtube-nocookie.com, Vimeo's
``dnt=1``): no request to the provider is made when the story is drawn either. Any other
link stays a link.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Provider:
    key: str  # as in settings.EMBED_PROVIDER_CHOICES
    name: str  # the provider's own name, never translated
    what: str  # "video" or "post": the placeholder's words and the frame's shape
    frame_origin: str  # what the Content Security Policy allows in frame-src


@dataclass(frozen=True)
class Embed:
    provider: Provider
    url: str  # the link as the editor wrote it
    frame_url: str  # what the frame loads, once the reader asks

    @property
    def label(self):
        """ "YouTube video", "Telegram post": what the reader is offered."""
        return LABELS[(self.provider.key, self.provider.what)]


YOUTUBE = Provider("youtube", "YouTube", "video", "https://www.youtube-nocookie.com")
VIMEO = Provider("vimeo", "Vimeo", "video", "https://player.vimeo.com")
TELEGRAM = Provider("telegram", "Telegram", "post", "https://t.me")
X = Provider("x", "X", "post", "https://platform.twitter.com")
FACEBOOK = Provider("facebook", "Facebook", "post", "https://www.facebook.com")
FACEBOOK_VIDEO = Provider("facebook", "Facebook", "video", "https://www.facebook.com")
INSTAGRAM = Provider("instagram", "Instagram", "post", "https://www.instagram.com")

LABELS = {
    ("youtube", "video"): _("YouTube video"),
    ("vimeo", "video"): _("Vimeo video"),
    ("telegram", "post"): _("Telegram post"),
    ("x", "post"): _("Post on X"),
    ("facebook", "post"): _("Facebook post"),
    ("facebook", "video"): _("Facebook video"),
    ("instagram", "post"): _("Instagram post"),
}

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")


def _youtube(parts):
    host, path = parts.netloc, parts.path
    if host == "youtu.be":
        video = path.strip("/")
    elif path == "/watch":
        video = (parse_qs(parts.query).get("v") or [""])[0]
    else:
        match = re.fullmatch(r"/(?:shorts|embed|live)/([^/]+)/?", path)
        video = match.group(1) if match else ""
    if _YOUTUBE_ID.fullmatch(video):
        return (YOUTUBE, f"https://www.youtube-nocookie.com/embed/{video}")
    return None


def _vimeo(parts):
    match = re.fullmatch(r"/(?:video/)?(\d{1,12})/?", parts.path)
    if match:
        return (VIMEO, f"https://player.vimeo.com/video/{match.group(1)}?dnt=1")
    return None


def _telegram(parts):
    # A public channel's post: t.me/channel/123 (or its preview page, t.me/s/channel/123).
    match = re.fullmatch(r"/(?:s/)?([A-Za-z][A-Za-z0-9_]{3,31})/(\d{1,12})/?", parts.path)
    if match:
        channel, post = match.groups()
        return (TELEGRAM, f"https://t.me/{channel}/{post}?embed=1")
    return None


def _x(parts):
    match = re.fullmatch(r"/[A-Za-z0-9_]{1,15}/status(?:es)?/(\d{1,25})/?", parts.path)
    if match:
        return (X, f"https://platform.twitter.com/embed/Tweet.html?id={match.group(1)}")
    return None


def _facebook(parts):
    path = parts.path
    canonical = f"https://www.facebook.com{path}" + (f"?{parts.query}" if parts.query else "")
    if re.fullmatch(r"/[A-Za-z0-9.\-]+/videos/(?:[A-Za-z0-9.\-]+/)?\d+/?", path) or path == "/watch":
        if path == "/watch" and not parse_qs(parts.query).get("v"):
            return None
        return (FACEBOOK_VIDEO, _facebook_plugin("video", canonical))
    if re.fullmatch(r"/[A-Za-z0-9.\-]+/posts/[A-Za-z0-9]+/?", path) or (
        path == "/permalink.php" and parse_qs(parts.query).get("story_fbid")
    ):
        return (FACEBOOK, _facebook_plugin("post", canonical))
    return None


def _facebook_plugin(kind, href):
    return f"https://www.facebook.com/plugins/{kind}.php?href={quote(href, safe='')}&show_text=true"


def _instagram(parts):
    match = re.fullmatch(r"/(p|reel|tv)/([A-Za-z0-9_-]{5,40})/?", parts.path)
    if match:
        kind, code = match.groups()
        return (INSTAGRAM, f"https://www.instagram.com/{kind}/{code}/embed/")
    return None


HOSTS = {
    "youtube.com": ("youtube", _youtube),
    "m.youtube.com": ("youtube", _youtube),
    "youtu.be": ("youtube", _youtube),
    "vimeo.com": ("vimeo", _vimeo),
    "player.vimeo.com": ("vimeo", _vimeo),
    "t.me": ("telegram", _telegram),
    "telegram.me": ("telegram", _telegram),
    "x.com": ("x", _x),
    "twitter.com": ("x", _x),
    "mobile.twitter.com": ("x", _x),
    "facebook.com": ("facebook", _facebook),
    "m.facebook.com": ("facebook", _facebook),
    "instagram.com": ("instagram", _instagram),
}


def embed_for(url, allowed=None):
    """The Embed for ``url`` if it is a post or video of an allowed provider, else None."""
    allowed = settings.EMBED_PROVIDERS if allowed is None else allowed
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.username or parts.password or parts.port:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    if host not in HOSTS:
        return None
    key, derive = HOSTS[host]
    if key not in allowed:
        return None
    found = derive(parts._replace(netloc=host))  # (provider, frame address), or None
    return Embed(found[0], url.strip(), found[1]) if found else None


# A paragraph of sanitised body HTML that holds only an address: as text, or as a link
# whose text is that address (with or without its scheme).
_LONE_ADDRESS = re.compile(r"<p>\s*(https?://[^\s<>\"]+)\s*</p>")
_LONE_LINK = re.compile(r'<p>\s*<a href="(https?://[^"<>]+)"[^>]*>\s*([^<]+?)\s*</a>\s*</p>')


def embed_in_paragraph(block):
    """The Embed a paragraph of body HTML (``<p>…</p>``) stands for, if it is one."""
    match = _LONE_ADDRESS.fullmatch(block)
    if match:
        address = _unescape(match.group(1))
    else:
        match = _LONE_LINK.fullmatch(block)
        if not match:
            return None
        address, text = _unescape(match.group(1)), _unescape(match.group(2))
        if _without_scheme(text) != _without_scheme(address):
            return None  # a link with words of its own is a link
    return embed_for(address)


def _unescape(text):
    return text.replace("&amp;", "&")


def _without_scheme(address):
    return re.sub(r"^https?://(www\.)?", "", address).rstrip("/")


def frame_sources(embeds):
    """The origins a page showing ``embeds`` must allow in its frame-src, in a fixed order."""
    return sorted({embed.provider.frame_origin for embed in embeds})
