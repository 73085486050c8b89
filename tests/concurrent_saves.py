"""Races between editors through the admin, run from threads, for tests/test_admin_concurrency.py.

Each thread is an editor with their own browser session (a test Client) and database
connection. On PostgreSQL the test calls these functions in-process; SQLite's in-memory
test database cannot be shared by threads the way a file is, so on SQLite the test runs
this file in a fresh interpreter against a database file (``python tests/concurrent_saves.py
DB_FILE TRIALS``), which is also how ``make run`` uses SQLite.
"""

import json
import sys
import threading
from pathlib import Path

STALE = "saved this article after you opened it"
MERGE_REFUSED = "no longer exist"


def _editors(count, race):
    from django.contrib.auth.models import Group, User

    editors = []
    for number in range(count):
        user = User.objects.create_user(f"{race}-{number}", password="a-long-test-password")
        user.groups.add(Group.objects.get(name="Editors"))
        editors.append(user)
    return editors


def _at_once(editors, request):
    """Run ``request(client, number)`` for every editor at the same moment; their outcomes."""
    from django.db import connections
    from django.test import Client

    barrier = threading.Barrier(len(editors))
    outcomes = [None] * len(editors)

    def run(number):
        try:
            client = Client()
            client.force_login(editors[number])
            barrier.wait()
            outcomes[number] = request(client, number)
        except Exception as error:  # reported, not raised: the test names what went wrong
            outcomes[number] = f"error: {error!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(len(editors))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _outcome(response, refusal):
    if response.status_code == 302:
        return "saved"
    if response.status_code == 200 and refusal in response.content.decode():
        return "refused"
    return f"status {response.status_code}"


def race_saves(trials, contenders=2):
    """Editors open the same draft, then all save it at once; per trial: sorted outcomes."""
    from django.urls import reverse

    from articles.models import Article

    editors = _editors(contenders, "saver")
    results = []
    for trial in range(trials):
        article = Article.objects.create(
            headline=f"Race {trial}", slug=f"race-{trial}", body="<p>Text.</p>", status=Article.Status.DRAFT
        )
        url = reverse("admin:articles_article_change", args=[article.pk])
        token = str(article.edit_version)

        def save(client, number, article=article, url=url, token=token):
            data = {
                "headline": f"Saved by editor {number}",
                "slug": article.slug,
                "body": article.body,
                "status": "draft",
                "language": "en",
                "edit_token": token,
            }
            for prefix in ("byline", "photos", "notes"):
                data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
            return _outcome(client.post(url, data), STALE)

        outcomes = _at_once(editors, save)
        article.refresh_from_db()
        results.append({"outcomes": sorted(outcomes), "versions_written": article.edit_version - int(token)})
    return results


def race_merges(trials):
    """Two editors merge the same two topics at once, in opposite directions; per trial: outcomes."""
    from django.urls import reverse

    from articles.models import Article, Topic

    editors = _editors(2, "merger")
    results = []
    for trial in range(trials):
        first = Topic.objects.create(name=f"Prisons {trial}", slug=f"prisons-{trial}")
        second = Topic.objects.create(name=f"Penal system {trial}", slug=f"penal-system-{trial}")
        article = Article.objects.create(headline=f"Merged {trial}", slug=f"merged-{trial}")
        article.topics.add(first, second)
        targets = [first, second]

        def merge(client, number, first=first, second=second, targets=targets):
            response = client.post(
                reverse("admin:articles_topic_changelist"),
                {
                    "action": "merge_selected",
                    "_selected_action": [first.pk, second.pk],
                    "apply": "1",
                    "target": targets[number].pk,
                },
                follow=True,
            )
            page = response.content.decode()
            if response.status_code != 200:
                return f"status {response.status_code}"
            if "Merged 1 topic(s)" in page:
                return "saved"
            return "refused" if MERGE_REFUSED in page else "unclear"

        outcomes = _at_once(editors, merge)
        remaining = list(Topic.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", flat=True))
        tagged = list(article.topic_links.values_list("tag_id", flat=True))
        results.append(
            {"outcomes": sorted(outcomes), "topics_left": len(remaining), "same": remaining == tagged}
        )
    return results


def main(database_file, trials):
    """Migrate a fresh SQLite file, run both races, print their results as JSON."""
    import os

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DATABASE_URL"] = f"sqlite:///{database_file}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, as pytest-django sets it in-process

    call_command("migrate", verbosity=0)
    print(json.dumps({"saves": race_saves(trials), "merges": race_merges(trials)}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))


# -- readers ----------------------------------------------------------------------------


def race_comments(posts, address="198.51.100.7"):
    """``posts`` readers at one address post a comment at the same moment; their answers
    (status codes, sorted) and how many comments were stored.

    ``_at_once`` gives each thread its own session by signing an account in; these are
    plain accounts, and being signed in changes nothing for the comment form.
    """
    from datetime import timedelta

    from django.contrib.auth.models import User
    from django.urls import reverse
    from django.utils import timezone

    from articles.models import Article
    from engagement.models import Comment

    readers = [User.objects.create_user(f"reader-{number}") for number in range(posts)]
    article = Article.objects.create(
        headline="Comment race",
        slug="comment-race",
        body="<p>Text.</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
    )
    url = reverse("engagement:comment", args=[article.pk])

    def post(client, number):
        data = {"name": f"Reader {number}", "email": "r@example.org", "body": "Hi.", "accept_policy": "on"}
        return client.post(url, data, REMOTE_ADDR=address).status_code

    answers = _at_once(readers, post)
    return {"answers": sorted(answers, key=str), "stored": Comment.objects.filter(article=article).count()}


def comments_main(database_file, posts):
    """``race_comments`` against a fresh SQLite file, printed as JSON (for a fresh interpreter)."""
    import os

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DATABASE_URL"] = f"sqlite:///{database_file}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    print(json.dumps(race_comments(int(posts))))
