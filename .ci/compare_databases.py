"""Compare two PostgreSQL databases table by table, for .ci/backup-restore.

    compare_databases.py ORIGINAL_URL RESTORED_URL

Every table of the public schema must exist in both, with the same number of rows and the
same contents (an md5 of its rows in a fixed order), and every sequence must stand at the
same value, so rows added after a restore do not collide. The app's tables and Django's
auth, taggit and reversion tables must be among them, and the articles table must have rows:
comparing two empty databases proves nothing. Prints one line per table; exits 1 on any
difference.
"""

import sys

import psycopg
from psycopg import sql

REQUIRED_PREFIXES = ("articles_", "auth_", "taggit_", "reversion_")


def snapshot(url):
    """{table: (rows, md5 of the rows)} and {sequence: last value} of one database."""
    with psycopg.connect(url) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
            )
        ]
        contents = {}
        for name in tables:
            query = sql.SQL(
                "SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '')"
                " FROM {} AS t"
            ).format(sql.Identifier(name))
            contents[name] = connection.execute(query).fetchone()
        sequences = dict(
            connection.execute(
                "SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = 'public'"
            ).fetchall()
        )
    return contents, sequences


def main():
    original_url, restored_url = sys.argv[1:3]
    original, original_sequences = snapshot(original_url)
    restored, restored_sequences = snapshot(restored_url)
    problems = []
    for name in sorted(original.keys() | restored.keys()):
        before, after = original.get(name), restored.get(name)
        if after is None:
            problems.append(f"{name}: missing from the restored database")
        elif before is None:
            problems.append(f"{name}: only in the restored database")
        elif before[0] != after[0]:
            problems.append(f"{name}: {before[0]} rows, {after[0]} after the restore")
        elif before[1] != after[1]:
            problems.append(f"{name}: {before[0]} rows in both, but their contents differ")
        else:
            print(f"  {name:<45} {before[0]:>5} rows, same contents")
    for name in sorted(original_sequences.keys() | restored_sequences.keys()):
        before, after = original_sequences.get(name), restored_sequences.get(name)
        if before != after:
            problems.append(f"sequence {name}: {before} before, {after} after the restore")
    for prefix in REQUIRED_PREFIXES:
        if not any(name.startswith(prefix) for name in original):
            problems.append(f"no {prefix}* table was compared")
    if not original.get("articles_article", (0,))[0]:
        problems.append("articles_article is empty: there was nothing to compare")
    if problems:
        print("The restored database differs:", *problems, sep="\n  ", file=sys.stderr)
        sys.exit(1)
    rows = sum(count for count, _ in original.values())
    empty = sum(1 for count, _ in original.values() if not count)
    print(
        f"  ok: {len(original)} tables ({rows} rows; {empty} tables empty) and "
        f"{len(original_sequences)} sequences are the same in the restored database"
    )


if __name__ == "__main__":
    main()
