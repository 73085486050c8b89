from django.core.management.base import BaseCommand, CommandError

from articles.fixture_loading import FixtureError, demo_fixture_paths, load_fixture_files
from articles.models import Photo
from articles.renditions import ensure_all_renditions


class Command(BaseCommand):
    help = (
        "Load fixtures (by default the demo content: regions, organisations, topics, articles and "
        "their demonstration translations) in "
        "one transaction, matching objects on natural keys, and copy the images they refer to into "
        "media storage. Objects already present are left as editors have them unless --update is "
        "given, so it can be run again safely."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Fixture files to load, in order (default: the demo content)."
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help=(
                "Overwrite objects already present with what the fixtures say (an editor's changes "
                "to them are lost; each changed article gets a revision to return to)."
            ),
        )

    def handle(self, *, paths, update, **options):
        files = list(paths) or demo_fixture_paths()
        try:
            report = load_fixture_files(files, update=update)
        except FixtureError as exc:
            raise CommandError(f"{exc}\nNothing was loaded: the database is as it was.") from None
        verbose = options["verbosity"] >= 1
        if verbose:
            present = (
                f"{report.updated} already present and updated"
                if update
                else f"{report.kept} already present and left as they are (--update overwrites them)"
            )
            self.stdout.write(
                f"Read {report.objects} objects from {len(files)} file(s): {report.created} new, {present}."
            )
        if report.images_copied and verbose:
            self.stdout.write(f"Copied {len(report.images_copied)} image(s) into media storage.")
        # Renditions are made after the load has committed: a photo without them still
        # shows its original, and `make_renditions` can finish the job later.
        photos = Photo.objects.filter(uid__in=report.photo_uids).exclude(image="")
        made, failed = ensure_all_renditions(photos, check_storage=True)
        if made and verbose:
            self.stdout.write(f"Made {made} photo rendition(s).")
        if failed:
            self.stderr.write(f"{failed} photo(s) have no renditions yet; run `manage.py make_renditions`.")
