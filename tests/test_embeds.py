"""Posts and videos embedded in a story (articles/embeds.py): a link on its own line to an
allowed provider becomes a placeholder; nothing is loaded from the provider until the
reader asks, and only pages with an embed allow the provider's frames."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from articles.embeds import embed_for, embed_in_paragraph, frame_sources

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("url", "frame"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        (
            "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://t.me/azattyqradiosy/12345", "https://t.me/azattyqradiosy/12345?embed=1"),
        ("https://t.me/s/azattyqradiosy/12345", "https://t.me/azattyqradiosy/12345?embed=1"),
        (
            "https://x.com/rferl/status/1566400000000000000",
            "https://platform.twitter.com/embed/Tweet.html?id=1566400000000000000",
        ),
        (
            "https://twitter.com/rferl/status/1566400000000000000",
            "https://platform.twitter.com/embed/Tweet.html?id=1566400000000000000",
        ),
        (
            "https://www.facebook.com/azattyq/posts/pfbid02abc",
            "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fazattyq%2Fposts%2Fpfbid02abc&show_text=true",
        ),
        (
            "https://www.facebook.com/azattyq/videos/123456789/",
            "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fazattyq%2Fvideos%2F123456789%2F&show_text=true",
        ),
        ("https://www.instagram.com/p/CxYz12345/", "https://www.instagram.com/p/CxYz12345/embed/"),
        ("https://instagram.com/reel/CxYz12345", "https://www.instagram.com/reel/CxYz12345/embed/"),
    ],
)
def test_each_providers_links_give_its_frame(url, frame):
    embed = embed_for(url)
    assert embed is not None and embed.frame_url == frame and embed.url == url


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/",  # no video
        "https://www.youtube.com/watch?v=short",  # not a video id
        "https://www.youtube.com/channel/UC123",
        "https://youtube.com.example.org/watch?v=dQw4w9WgXcQ",  # a look-alike host
        "https://example.org/youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com@example.org/watch?v=dQw4w9WgXcQ",  # a user name that looks like a host
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",  # another port
        "javascript://youtube.com/watch?v=dQw4w9WgXcQ",
        "ftp://youtu.be/dQw4w9WgXcQ",
        "https://t.me/azattyqradiosy",  # a channel, not a post
        "https://t.me/joinchat/AAAAAE",  # an invitation
        "https://x.com/rferl",  # a profile
        "https://www.facebook.com/azattyq",  # a page
        "https://www.instagram.com/azattyq/",  # a profile
        "https://rus.azattyq.org/a/28683000.html",  # our own kind of link
    ],
)
def test_other_links_stay_links(url):
    assert embed_for(url) is None


def test_only_the_allowed_providers(settings):
    settings.EMBED_PROVIDERS = ["youtube"]
    assert embed_for("https://youtu.be/dQw4w9WgXcQ") is not None
    assert embed_for("https://t.me/azattyqradiosy/12345") is None
    settings.EMBED_PROVIDERS = []
    assert embed_for("https://youtu.be/dQw4w9WgXcQ") is None


@pytest.mark.parametrize(
    ("block", "embedded"),
    [
        ("<p>https://youtu.be/dQw4w9WgXcQ</p>", True),
        ('<p><a href="https://youtu.be/dQw4w9WgXcQ">https://youtu.be/dQw4w9WgXcQ</a></p>', True),
        ('<p><a href="https://youtu.be/dQw4w9WgXcQ" rel="noopener">youtu.be/dQw4w9WgXcQ</a></p>', True),
        (
            '<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=1">https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=1</a></p>',
            True,
        ),
        ('<p><a href="https://youtu.be/dQw4w9WgXcQ">Watch the governor\'s answer</a></p>', False),
        ("<p>Watch it at https://youtu.be/dQw4w9WgXcQ today.</p>", False),
        ("<p><strong>https://youtu.be/dQw4w9WgXcQ</strong></p>", False),
    ],
)
def test_only_a_link_on_its_own_line_embeds(block, embedded):
    assert (embed_in_paragraph(block) is not None) is embedded


def test_a_page_allows_frames_only_from_what_it_embeds():
    embeds = [embed_for("https://youtu.be/dQw4w9WgXcQ"), embed_for("https://t.me/azattyqradiosy/1")]
    assert frame_sources(embeds) == ["https://t.me", "https://www.youtube-nocookie.com"]


BODY = (
    "<p>https://t.me/azattyqradiosy/12345</p>"
    "<p>The governor answered the farmers.</p>"
    '<p><a href="https://youtu.be/dQw4w9WgXcQ">https://youtu.be/dQw4w9WgXcQ</a></p>'
    '<p>Read <a href="https://rus.azattyq.org/a/1.html">the earlier report</a>.</p>'
)


def policy(response):
    directives = {}
    for part in response["Content-Security-Policy"].split("; "):
        name, _, value = part.partition(" ")
        directives[name] = value
    return directives


def test_the_story_shows_placeholders_and_loads_nothing_from_the_providers(make_story):
    story = make_story(body=BODY, dateline="Naryn")
    response = Client().get(story.get_absolute_url())
    page = response.content.decode()
    assert page.count('class="embed ') == 2
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page
    assert 'data-embed-src="https://t.me/azattyqradiosy/12345?embed=1"' in page
    # Nothing the browser fetches by itself points at a provider: no frame, script, image
    # or style; the providers appear only in the placeholders' data and links.
    assert "<iframe" not in page
    for attribute, address in re.findall(r'\s(src|srcset|poster|data)="([^"]*)"', page):
        assert not re.search(r"youtube|t\.me|twitter|facebook|instagram|vimeo", address), (attribute, address)
    assert (
        '<a href="https://t.me/azattyqradiosy/12345"' in page
        and '<a href="https://youtu.be/dQw4w9WgXcQ"' in page
    )
    # The link with words of its own stays a link, in its paragraph.
    assert '<a href="https://rus.azattyq.org/a/1.html">the earlier report</a>' in page
    # The dateline leads the first paragraph of text, not the embedded post.
    assert '<p><span class="dateline">NARYN</span> -- The governor answered the farmers.</p>' in page
    assert "articles/embeds" in page and ".js" in page
    assert policy(response)["frame-src"] == "https://t.me https://www.youtube-nocookie.com"
    assert policy(response)["frame-ancestors"] == "'none'" and "script-src" in policy(response)


def test_a_story_without_embeds_allows_no_frames(make_story):
    response = Client().get(make_story(body="<p>No posts here.</p>").get_absolute_url())
    assert "frame-src" not in policy(response)
    assert "articles/embeds" not in response.content.decode()


def test_the_policy_stays_with_the_page_in_the_page_cache(make_story, settings):
    settings.PAGE_CACHE_SECONDS = 600
    story = make_story(body=BODY)
    first = Client().get(story.get_absolute_url())
    again = Client().get(story.get_absolute_url())
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert policy(again)["frame-src"] == "https://t.me https://www.youtube-nocookie.com"


def test_a_story_drawn_again_keeps_its_embeds(make_story, monkeypatch):
    """The kept drawing (drawn_story.py) carries the frames the page must allow."""
    story = make_story(body=BODY)
    Client().get(story.get_absolute_url())
    from articles import drawn_story

    monkeypatch.setattr(drawn_story, "body_segments", None)  # drawn again, it would fail
    assert policy(Client().get(story.get_absolute_url()))["frame-src"].startswith("https://t.me")


def test_unknown_providers_in_the_setting_stop_the_site_with_a_clear_message():
    result = subprocess.run(
        [sys.executable, "-c", "import cms.settings.base"],
        cwd=REPO,
        env={"EMBED_PROVIDERS": "youtube,myspace", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert (
        "EMBED_PROVIDERS may name only youtube, vimeo, telegram, x, facebook, instagram; got myspace."
        in result.stderr
    )
