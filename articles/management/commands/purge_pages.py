from django.core.management.base import BaseCommand, CommandError

from articles.caching import changes, purging
from articles.caching.keys import ALL


class Command(BaseCommand):
    help = (
        "Mark every reader's page out of date, in the shared cache and in each Varnish of "
        "CACHE_PURGE_URLS (after restoring a backup, or when Redis lost a change). "
        "With --keys, only the pages carrying those surrogate keys (a12 t3 s-en…)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keys", nargs="+", metavar="KEY", help="Surrogate keys (default: every page).")

    def handle(self, *, keys=None, **options):
        chosen = set(keys or [ALL])
        try:
            changes.read([])  # the shared cache must answer, or nothing would be marked
        except Exception as exc:
            raise CommandError(f"The shared cache does not answer ({exc}): nothing was purged.") from exc
        changes.publish(chosen)  # now: a command changes no data, so waits for no commit
        purging.wait(timeout=30)
        self.stdout.write(f"Purged pages carrying: {' '.join(sorted(chosen))}.")
