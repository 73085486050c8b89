from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from articles.importing.seeds import SeedBuildError, write_seed_fixture


class Command(BaseCommand):
    help = (
        "Rebuild fixtures/articles.json by importing the raw seed texts with their overlay, and "
        "draw missing stand-in photos under media/seed/. Needs an empty database: `make fixtures` "
        "runs it on an in-memory SQLite database."
    )

    def handle(self, **options):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            target, drawn = write_seed_fixture()
        except SeedBuildError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Wrote {target}.")
        for name in drawn:
            self.stdout.write(f"Drew stand-in photo media/{name}.")
