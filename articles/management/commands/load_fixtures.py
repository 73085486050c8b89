from django.core.management.base import BaseCommand, CommandError

from articles.fixture_loading import FixtureError, demo_fixture_paths, load_fixture_files
from articles.models import ImageCaption
from articles.renditions import ensure_all_renditions


class Command(BaseCommand):
    help = (
        "Load fixtures (by default the demo content: regions, organisations, topics, articles) in "
        "one transaction, matching objects on natural keys so it can be run again safely, and copy "
        "the images they refer to into media storage."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Fixture files to load, in order (default: the demo content)."
        )

    def handle(self, *, paths, **options):
        files = list(paths) or demo_fixture_paths()
        try:
            report = load_fixture_files(files)
        except FixtureError as exc:
            raise CommandError(f"{exc}\nNothing was loaded: the database is as it was.") from None
        verbose = options["verbosity"] >= 1
        if verbose:
            self.stdout.write(
                f"Loaded {report.objects} objects from {len(files)} file(s): "
                f"{report.created} new, {report.objects - report.created} already present and updated."
            )
        if report.images_copied and verbose:
            self.stdout.write(f"Copied {len(report.images_copied)} image(s) into media storage.")
        # Renditions are made after the load has committed: a photo without them still
        # shows its original, and `make_renditions` can finish the job later.
        photos = ImageCaption.objects.filter(uid__in=report.photo_uids).exclude(image="")
        made, failed = ensure_all_renditions(photos, check_storage=True)
        if made and verbose:
            self.stdout.write(f"Made {made} photo rendition(s).")
        if failed:
            self.stderr.write(f"{failed} photo(s) have no renditions yet; run `manage.py make_renditions`.")
