"""Send the webhook notifications that are due: retries whose time has come, any left
waiting by a restart, and the publication of scheduled stories whose time came while no
reader asked for a page. With ``--loop``, keeps doing so (run it as a service beside the
app servers)."""

import logging
import time
from datetime import UTC, datetime

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.utils import timezone

from webhooks import delivery, events

CHECKED_KEY = "webhooks:scheduled-checked"

logger = logging.getLogger("webhooks")


class Command(BaseCommand):
    help = "Send the webhook notifications that are due (retries, scheduled stories that came out)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep sending, every --every seconds.")
        parser.add_argument("--every", type=float, default=10.0, help="Seconds between rounds (default 10).")

    def handle(self, *args, loop=False, every=10.0, **options):
        while True:
            try:
                sent = self.round()
            except Exception:
                if not loop:
                    raise
                # The database or the cache away for a moment: the service goes on.
                logger.exception("Sending webhooks failed; trying again in %s s", every)
                time.sleep(every)
                continue
            if sent or not loop:
                self.stdout.write(
                    f"{timezone.localtime():%Y-%m-%d %H:%M:%S}: {sent} notification(s) delivered."
                )
            if not loop:
                return
            time.sleep(every)

    def round(self):
        now = timezone.now()
        checked = cache.get(CHECKED_KEY)
        if checked is not None:
            events.sweep_scheduled(datetime.fromtimestamp(checked, tz=UTC), now)
        cache.set(CHECKED_KEY, now.timestamp(), timeout=None)
        return delivery.deliver(now=now)
