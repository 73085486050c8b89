"""Webhooks: signed notifications of published, updated, corrected and unpublished stories,
posted to a receiver on 127.0.0.1, retried, logged, and never in publishing's way."""

import hashlib
import hmac
import http.client
import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.caching import changes
from articles.models import Article, StoryNote
from audit.models import AuditEntry
from webhooks import delivery, events
from webhooks.models import Delivery, Event, Webhook


class Receiver:
    """An HTTP endpoint on 127.0.0.1 that records what it is sent and answers with the
    statuses it is given in turn (then 200)."""

    def __init__(self):
        self.received, self.answers = [], []
        self.hold = None  # an Event the handler waits on before answering
        self.arrivals = None  # a list shared with other receivers: who answered when
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if outer.hold is not None:
                    outer.hold.wait(10)
                if outer.arrivals is not None:  # answered, in order among receivers
                    outer.arrivals.append(outer.url)
                outer.received.append({"headers": dict(self.headers), "body": body})
                status = outer.answers.pop(0) if outer.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def events(self):
        return [json.loads(item["body"])["event"] for item in self.received]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.close()


@pytest.fixture
def hook(db, receiver):
    return Webhook.objects.create(name="Telegram bot", url=receiver.url)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what would happen on commit (tests run inside a transaction that never commits)."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    changes.discard_pending()
    return run


def test_publishing_posts_a_signed_notification(hook, receiver, make_article, committed):
    with committed():
        story = make_article(headline="Women's club opens", status=Article.Status.DRAFT)
    assert receiver.received == []  # a draft is nobody's news
    story.status, story.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=1)
    with committed():
        story.save()
    (sent,) = receiver.received
    body = json.loads(sent["body"])
    assert body["event"] == "story.published"
    assert body["story"]["id"] == story.pk and body["story"]["headline"] == "Women's club opens"
    assert body["story"]["api_url"].endswith(f"/api/v1/stories/{story.pk}")
    assert sent["headers"]["Webhook-Event"] == "story.published"
    assert sent["headers"]["Webhook-Id"] == body["id"]
    timestamp, signed = sent["headers"]["Webhook-Signature"].removeprefix("t=").split(",v1=")
    expected = hmac.new(
        hook.secret.encode(), f"{timestamp}.".encode() + sent["body"], hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(signed, expected)
    row = Delivery.objects.get()
    assert (row.status, row.attempts, row.last_status_code) == (Delivery.Status.DELIVERED, 1, 200)


def test_updates_corrections_and_unpublishing_are_told_drafts_and_rollbacks_are_not(
    hook, receiver, make_article, committed
):
    with committed():
        story = make_article(headline="Original")
    with committed():
        story.headline = "Better headline"
        story.save()
    with committed():
        story.is_featured = True  # not news to partners
        story.save()
    with committed():
        StoryNote.objects.create(article=story, text="The date was wrong.")
    with committed():
        StoryNote.objects.create(article=story, kind=StoryNote.Kind.UPDATE, text="The ministry answered.")
    with committed():
        story.status, story.published_at = Article.Status.DRAFT, None
        story.save()
    assert receiver.events() == [
        "story.published",
        "story.updated",
        "story.corrected",
        "story.updated",
        "story.unpublished",
    ]
    correction = json.loads(receiver.received[2]["body"])
    assert correction["note"]["text"] == "The date was wrong."
    gone = json.loads(receiver.received[4]["body"])["story"]
    assert "headline" not in gone and gone["id"] == story.pk
    # A draft's note is nobody's news either.
    with committed():
        StoryNote.objects.create(article=story, text="Fixed in the draft.")
    assert len(receiver.received) == 5


def test_a_webhook_is_told_only_what_it_asked_for(receiver, make_article, committed, db):
    Webhook.objects.create(
        name="Russian corrections", url=receiver.url, events=Event.CORRECTED, languages="ru"
    )
    with committed():
        english = make_article()
        russian = make_article(language="ru")
    with committed():
        StoryNote.objects.create(article=english, text="English fix.")
        StoryNote.objects.create(article=russian, text="Исправление.")
    assert receiver.events() == ["story.corrected"]
    assert json.loads(receiver.received[0]["body"])["note"]["text"] == "Исправление."


def test_a_failing_endpoint_is_tried_again_then_given_up_and_logged(hook, receiver, make_article, committed):
    receiver.answers = [500, 503]
    with committed():
        story = make_article()
    row = Delivery.objects.get()
    assert (row.status, row.attempts, row.last_error) == (Delivery.Status.RETRYING, 1, "HTTP 500")
    assert row.next_attempt_at > timezone.now()
    assert delivery.deliver() == 0  # not due yet
    later = row.next_attempt_at + timedelta(seconds=1)
    assert delivery.deliver(now=later) == 0
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_status_code) == (Delivery.Status.RETRYING, 2, 503)
    assert delivery.deliver(now=row.next_attempt_at) == 1
    row.refresh_from_db()
    assert row.status == Delivery.Status.DELIVERED and row.attempts == 3
    assert len({item["headers"]["Webhook-Id"] for item in receiver.received}) == 1  # the same id each time
    # An endpoint that never answers is given up after the last try.
    hook.url = "http://127.0.0.1:9/nobody-here"
    hook.save()
    with committed():
        story.headline = "Changed again"
        story.save()
    failing = Delivery.objects.get(event=Event.UPDATED)
    for day in range(1, delivery.MOST_ATTEMPTS + 1):  # each retry's time come
        delivery.deliver(now=timezone.now() + timedelta(days=day))
    failing.refresh_from_db()
    assert failing.status == Delivery.Status.FAILED and failing.attempts == delivery.MOST_ATTEMPTS
    assert failing.last_error


def test_a_scheduled_story_is_told_when_its_time_comes(hook, receiver, make_article, committed):
    with committed():
        story = make_article(published_at=timezone.now() + timedelta(hours=1))
    assert receiver.received == []
    call_command("deliver_webhooks", verbosity=0)  # starts watching from now
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now())  # its time comes
    call_command("deliver_webhooks", verbosity=0)
    assert receiver.events() == ["story.published"]
    # Found again by a reader's page (changes.due) it is not told twice.
    changes.came_due[0]([story.pk])
    delivery.deliver()
    assert receiver.events() == ["story.published"]


def test_loading_fixtures_notifies_nobody(hook, receiver, committed):
    with committed():
        call_command("load_fixtures", verbosity=0)
    assert Article.objects.published().exists()
    assert receiver.received == [] and not Delivery.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_slow_endpoint_never_holds_up_publishing(receiver, settings, make_article):
    """Sent from a thread after the commit: the save returns while the receiver still holds
    the notification."""
    settings.WEBHOOKS_IN_BACKGROUND = True
    Webhook.objects.create(name="Slow partner", url=receiver.url)
    receiver.hold = threading.Event()
    story = make_article(headline="Breaking")  # committed at once (no transaction around it)
    assert Article.objects.get(pk=story.pk).is_live
    assert receiver.received == []
    receiver.hold.set()
    delivery.wait()
    for _try in range(200):
        if Delivery.objects.filter(status=Delivery.Status.DELIVERED).exists():
            break
        threading.Event().wait(0.01)
    assert receiver.events() == ["story.published"]
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED


def test_operators_register_webhooks_and_read_the_log(admin_client, receiver, make_article, committed, db):
    response = admin_client.post(
        "/admin/webhooks/webhook/add/",
        {
            "name": "Partner app",
            "url": receiver.url,
            "events": ["story.published", "story.corrected"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    hook = Webhook.objects.get()
    assert hook.event_list == ["story.published", "story.corrected"] and hook.language_list == []
    entry = AuditEntry.objects.get(action=AuditEntry.Action.WEBHOOK)
    assert entry.detail == f"added: {receiver.url}" and entry.subject == "Partner app"
    change = admin_client.get(f"/admin/webhooks/webhook/{hook.pk}/change/").content.decode()
    assert hook.secret in change
    with committed():
        make_article(headline="Logged story")
    log = admin_client.get("/admin/webhooks/delivery/").content.decode()
    assert "Logged story" in log and "delivered" in log
    bad = admin_client.post(
        "/admin/webhooks/webhook/add/",
        {"name": "Bad", "url": "ftp://example.org/x", "events": ["story.published"]},
    )
    assert bad.status_code == 200 and "Enter a valid URL." in bad.content.decode()
    assert 'value="Bad"' in bad.content.decode()


def test_editors_do_not_see_webhooks(client, editor):
    client.force_login(editor)
    assert client.get("/admin/webhooks/webhook/").status_code == 403
    assert client.get("/admin/webhooks/delivery/").status_code == 403


def test_a_retry_never_tells_of_a_story_the_newsroom_pulled(hook, receiver, make_article, committed):
    """Published while the endpoint was down, then unpublished: the endpoint, back, hears of
    the unpublishing only, never the withdrawn headline."""
    hook.url = "http://127.0.0.1:9/down"
    hook.save()
    with committed():
        story = make_article(headline="Withdrawn headline")
    published = Delivery.objects.get(event=Event.PUBLISHED)
    assert published.status == Delivery.Status.RETRYING
    with committed():
        story.status, story.published_at = Article.Status.DRAFT, None
        story.save()
    published.refresh_from_db()
    assert published.status == Delivery.Status.SUPERSEDED
    hook.url = receiver.url
    hook.save()
    delivery.deliver(now=timezone.now() + timedelta(days=1))
    assert receiver.events() == ["story.unpublished"]
    assert b"Withdrawn headline" not in receiver.received[0]["body"]


def test_an_update_waits_for_the_stories_earlier_notification(hook, receiver, make_article, committed):
    receiver.answers = [500]
    with committed():
        story = make_article(headline="First")
    with committed():
        story.headline = "Second"
        story.save()
    # The publication failed once; the update, recorded after it, waits for it.
    assert receiver.events() == ["story.published"]
    update = Delivery.objects.get(event=Event.UPDATED)
    assert update.status == Delivery.Status.RETRYING and update.attempts == 0
    delivery.deliver(now=timezone.now() + timedelta(days=1))
    assert receiver.events() == ["story.published", "story.published", "story.updated"]
    # An update of a story pulled back to a draft before it went out is not sent.
    receiver.answers = [500]
    with committed():
        story.headline = "Third"
        story.save()
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT, published_at=None)
    delivery.deliver(now=timezone.now() + timedelta(days=2))
    third = Delivery.objects.filter(event=Event.UPDATED).order_by("-pk").first()
    assert third.status == Delivery.Status.SUPERSEDED
    assert b"Third" not in receiver.received[-1]["body"] or receiver.received[-1]["headers"][
        "Webhook-Id"
    ] == str(third.uid)


def test_an_endpoint_that_dribbles_its_answer_is_cut_off(db):
    """One byte every half second keeps a per-read timeout waiting forever; the deadline on
    the whole exchange does not."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    stop = threading.Event()

    def dribble():
        connection, _address = server.accept()
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 200 OK\r\n")
        while not stop.is_set():
            try:
                connection.sendall(b"X")
            except OSError:
                break
            stop.wait(0.5)
        connection.close()

    threading.Thread(target=dribble, daemon=True).start()
    url = f"http://127.0.0.1:{server.getsockname()[1]}/hook"
    try:
        with pytest.raises((OSError, http.client.HTTPException)):
            delivery.post(url, b"{}", {"Content-Type": "application/json"}, deadline=1.5)
    finally:
        stop.set()
        server.close()


def test_a_slow_endpoint_holds_up_no_other(receiver, make_article, db, django_capture_on_commit_callbacks):
    """Sent a few at a time: the healthy webhook is told while the slow one still answers."""
    story = make_article(headline="Breaking")
    arrivals = []
    slow = Receiver()
    slow.hold, slow.arrivals, receiver.arrivals = threading.Event(), arrivals, arrivals
    try:
        Webhook.objects.create(name="Slow", url=slow.url)  # first in line
        Webhook.objects.create(name="Healthy", url=receiver.url)
        with django_capture_on_commit_callbacks(execute=False):  # recorded, not sent yet
            events.record(Event.PUBLISHED, story, "published:breaking")
        threading.Timer(1.0, slow.hold.set).start()
        assert delivery.deliver(workers=4) == 2
    finally:
        slow.hold.set()
        slow.close()
    assert arrivals == [receiver.url, slow.url]  # one at a time, the slow one would be first


def test_the_delivery_service_outlives_a_failed_round(db, monkeypatch):
    """``deliver_webhooks --loop`` runs as a service: a round that fails (the database away
    for a moment) is logged and the next one runs."""
    from webhooks.management.commands import deliver_webhooks

    rounds = iter([RuntimeError("database away"), 0, KeyboardInterrupt()])

    def round_(self):
        outcome = next(rounds)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    monkeypatch.setattr(deliver_webhooks.Command, "round", round_)
    monkeypatch.setattr(deliver_webhooks.time, "sleep", lambda seconds: None)
    with pytest.raises(KeyboardInterrupt):
        call_command("deliver_webhooks", "--loop", "--every", "0")
    assert next(rounds, "all three ran") == "all three ran"
