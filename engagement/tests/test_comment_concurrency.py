"""The comment rate limit holds when one address posts many comments at the same moment."""

import json

from django.db import connection

from tests import concurrent_saves
from tests.processes import fresh_python

POSTS = 30
LIMIT = 5


def test_thirty_comments_at_once_from_one_address_store_no_more_than_the_limit(
    transactional_db, settings, tmp_path
):
    """Each post counted before any was stored, so 6 to 9 of 30 got in for a limit of 5."""
    rate = f"{LIMIT}/10m"
    if connection.vendor == "postgresql":
        settings.COMMENT_RATE_LIMIT = rate
        result = concurrent_saves.race_comments(POSTS)
    else:
        # SQLite's in-memory test database is not shared by threads: a file, in a fresh interpreter.
        run = "import sys; sys.path.insert(0, 'tests'); import concurrent_saves as c; c.comments_main(*sys.argv[1:])"
        done = fresh_python(
            "cms.settings.test",
            "-c",
            run,
            str(tmp_path / "comments.sqlite3"),
            str(POSTS),
            COMMENT_RATE_LIMIT=rate,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
    # Every post was answered: the first five thanked, the others told to wait; none failed.
    assert result == {"answers": [302] * LIMIT + [429] * (POSTS - LIMIT), "stored": LIMIT}, result
