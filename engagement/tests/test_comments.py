"""Reader comments, through the HTTP layer: limits, required fields, abuse, moderation."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from engagement.models import Comment


@pytest.fixture
def article(make_article):
    return make_article(headline="Commented story")


def post(client, article, **fields):
    data = {"name": "Aigerim", "email": "aigerim@example.org", "body": "A fair point.", "accept_policy": "on"}
    return client.post(reverse("engagement:comment", args=[article.pk]), data | fields)


def approve_all():
    Comment.objects.update(status=Comment.Status.APPROVED)


def test_a_1500_character_comment_is_accepted_and_waits(client, article):
    """The outlet's limit is 1500 characters, exactly; the comment waits for an editor."""
    body = "ж" * 1499 + "!"
    response = post(client, article, body=body)
    assert response.status_code == 302 and response["Location"].endswith("#comment-posted")
    comment = Comment.objects.get()
    assert comment.body == body and comment.status == Comment.Status.PENDING
    page = client.get(response["Location"]).content.decode()
    # The confirmation stands by the comment form, where the reader is looking, not at the
    # top of the page.
    comments = page[page.index('<section class="comments"') :]
    assert '<p class="comment-confirmation" id="comment-posted" role="status">' in comments
    assert "will appear once an editor has approved it" in comments
    assert "will appear once an editor has approved it" not in page[: page.index('<section class="comments"')]


def test_line_breaks_count_once_as_readers_see_them(client, article):
    """Browsers send a line break as two characters; the counter shows one."""
    body = ("x" * 99 + "\r\n") * 14 + "x" * 100  # 1500 characters as typed and counted
    assert post(client, article, body=body).status_code == 302
    assert len(Comment.objects.get().body) == 1500


def test_a_1501_character_comment_is_refused_and_the_text_kept(client, article):
    """Nothing typed is lost: the form comes back with the text and says why."""
    body = "y" * 1500 + "z"
    response = post(client, article, body=body)
    assert response.status_code == 400
    html = response.content.decode()
    assert "is 1501 characters long; the limit is 1500" in html
    assert body in html and 'value="Aigerim"' in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Please give your name."),
        ("email", "", "Please give your email address"),
        ("email", "not-an-address", "Please give a valid email address."),
        ("body", "", "Please write your comment."),
        ("accept_policy", "", "Please accept the comment policy"),
    ],
)
def test_each_required_field(client, article, field, value, message):
    """Every required field is checked, with a message saying what to do."""
    data = {field: value}
    response = post(client, article, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_the_form_marks_required_fields_and_links_the_policy(client, article):
    """As printed under the seed articles: policy link, required marks, the 1500 counter."""
    html = client.get(article.get_absolute_url()).content.decode()
    # The policy links back to the story (issue 20): ?from= names it.
    back = f'href="/pages/comment-policy/?from={article.get_absolute_url()}">Comment Policy</a>'
    assert "Denotes Required Field" in html and back in html
    policy = client.get(f"/pages/comment-policy/?from={article.get_absolute_url()}").content.decode()
    assert f'<a href="{article.get_absolute_url()}#comment-form">' in policy
    for elsewhere in ("https://evil.example/", "//evil.example/", "/articles/", "/\\evil.example/"):
        assert (
            "Back to the story" not in client.get(f"/pages/comment-policy/?from={elsewhere}").content.decode()
        )
    assert "<span data-counter>1500</span> / 1500" in html
    assert html.count('<span class="required" aria-hidden="true">*</span>') == 4
    policy = client.get("/pages/comment-policy/").content.decode()
    assert "Every comment is read by an editor before it appears" in policy


def test_the_honeypot_holds_a_comment_as_spam_without_telling_the_sender(client, article):
    """Software that fills in the hidden field gets the usual thanks; nothing is shown."""
    response = post(client, article, website="http://cheap.example")
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_a_honeypot_flood_stops_at_the_rate_limit(client, article, settings):
    """Software filling the hidden field cannot fill the database either."""
    settings.COMMENT_RATE_LIMIT = "3/10m"
    for _ in range(10):
        assert post(client, article, website="spam").status_code == 302
    assert Comment.objects.count() == 3


def test_more_than_two_links_holds_a_comment_as_spam(client, article, settings):
    """Link lists are the typical spam; readers' single links are fine."""
    assert settings.COMMENT_MAX_LINKS == 2
    post(client, article, body="See https://a.example and http://b.example")
    post(client, article, body="See https://a.example, http://b.example and www.c.example")
    assert list(Comment.objects.order_by("pk").values_list("status", flat=True)) == ["pending", "spam"]


def test_the_rate_limit_refuses_with_a_clear_message_and_keeps_the_text(client, article, settings):
    """A flood from one address is stopped; other readers are not affected."""
    settings.COMMENT_RATE_LIMIT = "2/10m"
    for n in range(2):
        assert post(client, article, body=f"Comment {n}").status_code == 302
    refused = post(client, article, body="The third one")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "You have posted 2 comments in the last 10 minutes" in html and "The third one" in html
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert post(other, article, body="From elsewhere").status_code == 302
    assert Comment.objects.count() == 3
    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    assert post(client, article, body="Later on").status_code == 302


def test_pending_comments_are_invisible_and_uncounted_until_approved(client, article):
    """Readers see approved comments only, in the page and in every count."""
    post(client, article, body="Waiting for an editor")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Waiting for an editor" not in page and "0 comments" in page
    assert "0 comments" in client.get(reverse("articles:list")).content.decode()
    approve_all()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Waiting for an editor" in page and "1 comment<" in page
    assert "1 comment\n" in client.get(reverse("articles:list")).content.decode()
    assert "1 comment\n" in client.get(reverse("articles:front")).content.decode()


def test_approved_comments_are_shown_oldest_first_with_name_and_date(client, article):
    """A conversation reads from the top."""
    for n in range(3):
        post(client, article, name=f"Reader {n}", body=f"Point {n}")
    approve_all()
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("Point 0") < html.index("Point 1") < html.index("Point 2")
    assert "<strong>Reader 0</strong>" in html and "aigerim@example.org" not in html


def test_script_and_html_in_a_comment_are_shown_escaped(client, article):
    """Stored exactly as typed, never run: markup appears as text."""
    body = '<script>alert("x")</script> <b>bold</b> & <a href="javascript:x">link</a>'
    post(client, article, body=body)
    assert Comment.objects.get().body == body
    approve_all()
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt; &amp;" in html


def test_closed_comments_refuse_new_ones(client, article):
    """Editors close comments per article; approved ones stay visible."""
    post(client, article, body="Before closing")
    approve_all()
    Article.objects.filter(pk=article.pk).update(comments_closed=True)
    response = post(client, article, body="After closing")
    assert response.status_code == 403
    assert "Comments are closed for this article." in response.content.decode()
    assert list(Comment.objects.values_list("body", flat=True)) == ["Before closing"]
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Before closing" in page and "Post comment" not in page


def test_comments_close_site_wide_after_the_set_number_of_days(client, make_article, settings):
    """COMMENTS_CLOSE_AFTER_DAYS closes old articles without anyone remembering to."""
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = make_article(published_at=timezone.now() - timedelta(days=31))
    recent = make_article(published_at=timezone.now() - timedelta(days=29))
    assert post(client, old).status_code == 403
    assert post(client, recent).status_code == 302


def test_get_never_changes_anything(client, article):
    """Links, prefetchers and crawlers follow GETs; only a POST may add a comment."""
    url = reverse("engagement:comment", args=[article.pk])
    assert (
        client.get(
            url, {"name": "x", "email": "x@example.org", "body": "x", "accept_policy": "on"}
        ).status_code
        == 405
    )
    assert not Comment.objects.exists()


def test_comments_need_a_published_article_and_a_csrf_token(make_article):
    """Drafts cannot be commented on, and cross-site posts are refused."""
    draft = make_article(status=Article.Status.DRAFT)
    assert post(Client(), draft).status_code == 404
    live = make_article()
    assert post(Client(enforce_csrf_checks=True), live).status_code == 403
    assert not Comment.objects.exists()


def test_moderation_queue_and_bulk_actions(client, editor, article):
    """Editors see waiting comments newest first, and approve, reject or mark spam in bulk."""
    for n in range(4):
        post(Client(REMOTE_ADDR=f"198.51.100.{n}"), article, body=f"Comment {n}")
    Comment.objects.filter(body="Comment 3").update(status=Comment.Status.APPROVED)
    client.force_login(editor)
    url = reverse("admin:engagement_comment_changelist")
    queue = client.get(url).content.decode()
    assert queue.index("Comment 2") < queue.index("Comment 1") < queue.index("Comment 0")
    assert "Comment 3" not in queue and "Commented story" in queue
    ids = {c.body: c.pk for c in Comment.objects.all()}
    done = client.post(
        url, {"action": "approve", "_selected_action": [ids["Comment 0"], ids["Comment 1"]]}, follow=True
    )
    assert "2 comments approved." in done.content.decode()
    client.post(url, {"action": "mark_spam", "_selected_action": [ids["Comment 2"]]})
    statuses = dict(Comment.objects.values_list("body", "status"))
    assert statuses == {
        "Comment 0": "approved",
        "Comment 1": "approved",
        "Comment 2": "spam",
        "Comment 3": "approved",
    }
    assert Comment.objects.get(body="Comment 0").moderated_by == editor
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert '<td class="field-comment_counts">3</td>' in listing


def test_contributors_cannot_moderate(client, contributor, article):
    """Moderation is an editor's job."""
    post(client, article)
    client.force_login(contributor)
    assert client.get(reverse("admin:engagement_comment_changelist")).status_code == 403


def test_editors_can_change_the_comment_policy(client, editor, form_data):
    """The policy is a page editors keep up to date, not a template."""
    from pages.models import Page

    client.force_login(editor)
    policy = Page.objects.get(slug="comment-policy")
    url = reverse("admin:pages_page_change", args=[policy.pk])
    data = form_data(client.get(url), "page_form") | {"body": "<p>Be kind.</p>"}
    assert client.post(url, data).status_code == 302
    assert "Be kind." in client.get("/pages/comment-policy/").content.decode()


def test_article_page_with_comments_stays_within_ten_queries(client, article, django_assert_max_num_queries):
    """Comments and reactions do not cost a query each."""
    for n in range(20):
        post(Client(REMOTE_ADDR=f"192.0.2.{n}"), article, body=f"Comment {n}")
    approve_all()
    client.post(reverse("engagement:react", args=[article.pk]), {"value": "yes"})
    with django_assert_max_num_queries(10):
        html = client.get(article.get_absolute_url()).content.decode()
    assert "20 comments" in html


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f"])
@pytest.mark.parametrize("field", ["name", "email", "body"])
def test_control_characters_are_refused_on_their_field_and_the_text_kept(client, article, field, character):
    """NUL made PostgreSQL answer 500 and the text was lost; every control character is refused."""
    values = {"name": "Aigerim", "email": "aigerim@example.org", "body": "A fair point."}
    values[field] = values[field][:3] + character + values[field][3:]
    response = post(client, article, **values)
    assert response.status_code == 400
    form = response.context["comment_form"]
    assert list(form.errors) == [field]
    assert "cannot be stored" in form.errors[field][0] and f"U+{ord(character):04X}" in form.errors[field][0]
    html = response.content.decode()
    assert "A fair point." in html if field != "body" else "A f" in html and "ir point." in html
    assert not Comment.objects.exists()


def test_tabs_and_line_breaks_are_welcome_in_a_comment(client, article):
    """Only control characters that are not layout are refused."""
    assert post(client, article, body="First line\r\nsecond\tline").status_code == 302
    assert Comment.objects.get().body == "First line\nsecond\tline"


def test_a_lone_surrogate_is_refused_by_the_form():
    """A lone surrogate cannot be encoded for the database or the page: refused, never saved."""
    from engagement.forms import CommentForm

    data = {
        "name": "Aigerim",
        "email": "aigerim@example.org",
        "body": "Half \ud800 a pair",
        "accept_policy": "on",
    }
    form = CommentForm(data)
    assert not form.is_valid()
    assert "U+D800" in form.errors["body"][0]


UNPUBLISHED = "This story is no longer published, so comments cannot be posted."


@pytest.mark.parametrize("gone", ["draft", "deleted", "scheduled", "never existed"])
def test_a_comment_to_a_story_unpublished_meanwhile_says_so_and_keeps_the_text(client, make_article, gone):
    """The reader wrote while editors took the story down: they are told, their text is on the page."""
    story = make_article(headline="Withdrawn headline", body="<p>Withdrawn body text.</p>")
    pk = story.pk
    if gone == "draft":
        Article.objects.filter(pk=pk).update(status=Article.Status.DRAFT, published_at=None)
    elif gone == "deleted":
        story.delete()
    elif gone == "scheduled":
        Article.objects.filter(pk=pk).update(published_at=timezone.now() + timedelta(days=1))
    else:
        pk = pk + 1000
    url = reverse("engagement:comment", args=[pk])
    data = {"name": "Aigerim", "email": "aigerim@example.org", "accept_policy": "on"}
    response = client.post(url, data | {"body": "My <careful> words\nover two lines."})
    assert response.status_code == 404
    html = response.content.decode()
    assert UNPUBLISHED in html
    assert "<textarea" in html and "My &lt;careful&gt; words\nover two lines.</textarea>" in html
    # Nothing of the story itself: not its headline, text or address.
    assert "Withdrawn" not in html and story.slug not in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize("header", ["not:an:address", "999.1.1.1", "1.2.3.4\x00", "\x00", ""])
def test_an_address_header_that_is_no_address_falls_back_to_the_connection(article, settings, header):
    """A garbled proxy header was stored as the address: a 500 (invalid inet, invalid IPv6)."""
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.COMMENT_RATE_LIMIT = "1/10m"
    assert post(Client(HTTP_X_REAL_IP=header), article).status_code == 302
    assert Comment.objects.get().ip_address == "127.0.0.1"
    # The limit still holds: whoever sends garbage shares the connection's address.
    assert post(Client(HTTP_X_REAL_IP=header + "x"), article).status_code == 429
