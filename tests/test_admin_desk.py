"""The admin's home page is the editors' desk: what waits for review, what goes live next,
one's own drafts, comments to moderate and what was just published, above the app list."""

import re
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ImageCaption
from engagement.models import Comment

DESK = reverse("admin:index")
ARTICLES = reverse("admin:articles_article_changelist")
# The session, the user, their permissions (two), the recent actions, two queries (rows,
# count) for each of the six sections, and the session saved again (its idle timeout
# restarts on every request: an UPDATE inside a savepoint, three statements).
DESK_QUERIES = 20


def at(article, **times):
    """Set an article's (or comment's) automatic times, which ``save()`` would overwrite."""
    type(article).objects.filter(pk=article.pk).update(**times)


def desk_section(response, key):
    """The HTML of one desk section, or None when the page does not show it."""
    found = re.search(rf'<section[^>]* id="desk-{key}".*?</section>', response.content.decode(), re.S)
    return found.group(0) if found else None


def linked_headlines(html):
    """The headlines a section links to their article's change page, in page order."""
    return [unescape(text) for text in re.findall(r'/admin/articles/article/\d+/change/">([^<]+)</a>', html)]


def open_desk(client, user):
    client.force_login(user)
    response = client.get(DESK)
    assert response.status_code == 200
    return response


def test_stories_in_review_wait_longest_first(client, editor, make_article):
    """The story that has waited longest since its last change is the one to read next."""
    now = timezone.now()
    for headline, hours in (("Waited an hour", 1), ("Waited three days", 72), ("Waited a day", 24)):
        at(
            make_article(headline=headline, status=Article.Status.IN_REVIEW),
            updated_at=now - timedelta(hours=hours),
        )
    make_article(headline="Still a draft", status=Article.Status.DRAFT)
    html = desk_section(open_desk(client, editor), "review")
    assert linked_headlines(html) == ["Waited three days", "Waited a day", "Waited an hour"]
    assert 'Stories in review <span class="desk-count">(3)</span>' in html
    assert f'href="{ARTICLES}?state=review"' in html
    waited = timezone.localtime(now - timedelta(hours=72))
    # To the second, as HTML allows (iso_time).
    assert f'waiting since <time datetime="{waited.isoformat(timespec="seconds")}">' in html


def test_scheduled_stories_come_next_first_with_local_time_and_zone(client, editor, make_article, settings):
    """Editors read when a story goes live in the newsroom's time, named, not in UTC."""
    settings.TIME_ZONE = "Asia/Almaty"
    almaty = ZoneInfo("Asia/Almaty")
    make_article(headline="Later", published_at=datetime(2031, 12, 5, 8, 30, tzinfo=almaty))
    make_article(headline="Sooner", published_at=datetime(2031, 12, 3, 14, 0, tzinfo=almaty))
    make_article(headline="Already live")
    html = desk_section(open_desk(client, editor), "scheduled")
    assert linked_headlines(html) == ["Sooner", "Later"]
    assert "(2)" in html and f'href="{ARTICLES}?state=scheduled"' in html
    assert '<time datetime="2031-12-03T14:00:00+05:00">14:00 Asia/Almaty, 3 December 2031</time>' in html


def test_contributor_sees_the_drafts_they_started_or_write_newest_first(
    client, contributor, editor, make_article, make_author
):
    """My drafts are mine: another person's drafts and my stories past draft stay out."""
    now = timezone.now()
    carl, someone = make_author(name="Carl", user=contributor), make_author(name="Someone")
    for headline, hours in (("I started this", 48), ("Ann added me", 24), ("I started this too", 1)):
        mine = (
            {"created_by": contributor}
            if "started" in headline
            else {"created_by": editor, "authors": [carl]}
        )
        at(make_article(headline=headline, status="draft", **mine), created_at=now - timedelta(hours=hours))
    make_article(headline="My story in review", status="review", created_by=contributor)
    make_article(headline="Ann's draft", status="draft", created_by=editor, authors=[someone])
    make_article(headline="Imported draft", status="draft")
    html = desk_section(open_desk(client, contributor), "drafts")
    assert linked_headlines(html) == ["I started this too", "Ann added me", "I started this"]
    assert 'My drafts <span class="desk-count">(3)</span>' in html
    assert linked_headlines(desk_section(open_desk(client, editor), "drafts")) == [
        "Ann's draft",
        "Ann added me",
    ]


def test_comments_waiting_are_listed_oldest_first_with_their_article(client, editor, make_article):
    """Moderators see which readers have waited longest, and on which story."""
    article = make_article(headline="The prison story")
    now = timezone.now()
    for name, hours in (("Dana", 1), ("Erlan", 5)):
        comment = Comment.objects.create(
            article=article, name=name, email="r@example.org", body=f"{name} says"
        )
        at(comment, created_at=now - timedelta(hours=hours))
    Comment.objects.create(
        article=article, name="Approved", email="a@example.org", body="Fine", status="approved"
    )
    html = desk_section(open_desk(client, editor), "comments")
    assert html.index("Erlan says") < html.index("Dana says")
    assert "Approved" not in html and "(2)" in html
    assert linked_headlines(html) == ["The prison story", "The prison story"]
    changelist = reverse("admin:engagement_comment_changelist")
    assert f'href="{changelist}?status=pending"' in html


def test_recently_published_lists_only_live_stories_newest_first(client, editor, make_article):
    """A draft, a story in review or a scheduled one is not "published" on the desk."""
    now = timezone.now()
    older = make_article(headline="Yesterday's story", published_at=now - timedelta(days=1))
    newer = make_article(headline="This morning's story", published_at=now - timedelta(hours=2))
    make_article(headline="A draft", status=Article.Status.DRAFT)
    make_article(headline="In review", status=Article.Status.IN_REVIEW)
    make_article(headline="Tomorrow's story", published_at=now + timedelta(days=1))
    html = desk_section(open_desk(client, editor), "published")
    assert linked_headlines(html) == ["This morning's story", "Yesterday's story"]
    assert "(2)" in html
    for article in (newer, older):
        assert f'href="{article.get_absolute_url()}"' in html
        assert reverse("admin:articles_article_change", args=[article.pk]) in html


def test_a_section_shows_ten_rows_and_says_how_many_there_are(client, editor, make_article):
    """A long queue stays one screen, and the count tells how long it really is."""
    for n in range(12):
        make_article(headline=f"Review {n}", status=Article.Status.IN_REVIEW)
    html = desk_section(open_desk(client, editor), "review")
    assert len(linked_headlines(html)) == 10
    assert "(12)" in html and "Showing 10 of 12." in html


def test_empty_sections_say_so(client, editor):
    """An empty list is said in words, so nobody wonders whether the page failed."""
    response = open_desk(client, editor)
    for key, sentence in (
        ("review", "Nothing waits for review."),
        ("scheduled", "No story is scheduled."),
        ("drafts", "You have no drafts."),
        ("comments", "No comment waits for moderation."),
        ("published", "Nothing has been published yet."),
    ):
        assert sentence in desk_section(response, key)


@pytest.mark.parametrize("per_section", [3, 30])
def test_the_desk_costs_the_same_queries_whatever_the_numbers(
    client, editor, make_article, django_assert_max_num_queries, per_section
):
    """The desk reads each section in fixed queries, however long the queues grow."""
    future = timezone.now() + timedelta(days=1)
    for n in range(per_section):
        make_article(status=Article.Status.IN_REVIEW)
        make_article(published_at=future + timedelta(minutes=n))
        make_article(status=Article.Status.DRAFT, created_by=editor)
        live = make_article()
        Comment.objects.create(article=live, name=f"Reader {n}", email="r@example.org", body="Hello")
        ImageCaption.objects.create(
            article=live, caption=f"Photo {n}", usable_until=timezone.localdate() + timedelta(days=n % 30)
        )
    client.force_login(editor)
    with django_assert_max_num_queries(DESK_QUERIES):
        response = client.get(DESK)
    for key in ("review", "scheduled", "drafts", "comments", "published", "photo-rights"):
        assert f"({per_section})" in desk_section(response, key)


def test_contributors_see_articles_but_not_the_comment_queue(client, contributor):
    """Contributors may not moderate, so the desk does not show them the queue."""
    response = open_desk(client, contributor)
    assert desk_section(response, "comments") is None
    assert desk_section(response, "review") is not None and desk_section(response, "published") is not None


def test_staff_without_permissions_see_no_section(client, make_article):
    """Nobody reads stories or comments on the desk that the admin would not show them."""
    make_article(headline="Embargoed story", status=Article.Status.IN_REVIEW)
    outsider = User.objects.create_user("guest", password="a-long-test-password", is_staff=True)
    html = open_desk(client, outsider).content.decode()
    assert 'class="desk"' not in html and "Embargoed story" not in html


def test_desk_sits_above_the_app_list_and_styles_come_from_our_sheet(client, editor, make_article):
    """The usual app list stays, and the page works under a CSP without inline styles."""
    make_article(headline="Live story")
    html = open_desk(client, editor).content.decode()
    assert '<link rel="stylesheet" href="/static/articles/admin/newsroom.css">' in html
    desk_starts, app_list_starts = html.index('<div class="desk">'), html.index('class="app-articles module')
    assert desk_starts < app_list_starts
    desk = html[desk_starts:app_list_starts]
    assert "style=" not in desk and "<script" not in desk
    assert f'href="{ARTICLES}"' in html


def test_the_desk_lists_photos_on_live_stories_whose_rights_end_soon(client, editor, make_article):
    """Ended, or ending within 30 days, on a story readers can see: the desk says so first."""
    today = timezone.localdate()
    live, draft = make_article(headline="Live story"), make_article(status=Article.Status.DRAFT)
    ended = ImageCaption.objects.create(article=live, caption="Ended", usable_until=today - timedelta(days=1))
    soon = ImageCaption.objects.create(article=live, caption="Soon", usable_until=today + timedelta(days=10))
    ImageCaption.objects.create(article=live, caption="Later", usable_until=today + timedelta(days=60))
    ImageCaption.objects.create(article=draft, caption="On a draft", usable_until=today + timedelta(days=5))
    ImageCaption.objects.create(article=live, caption="No end", position=9)
    section = desk_section(open_desk(client, editor), "photo-rights")
    assert "(2)" in section
    assert section.index("Ended") < section.index("Soon")  # the most urgent first
    assert "usage rights ended on" in section and "may be used until" in section
    assert "Later" not in section and "On a draft" not in section and "No end" not in section
    assert f"?photo={ended.photo_id}" in section and f"?photo={soon.photo_id}" in section
    assert "on 1 live story" in section
