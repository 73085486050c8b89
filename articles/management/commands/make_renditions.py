from django.core.management.base import BaseCommand, CommandError

from articles.models import Photo
from articles.renditions import ensure_all_renditions


class Command(BaseCommand):
    help = (
        "Make the smaller copies (renditions) that photos lack. Safe to run again: photos that "
        "have theirs are skipped. Use --check-storage after moving to new media storage."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check-storage", action="store_true", help="Also remake renditions missing from media storage."
        )

    def handle(self, *, check_storage, **options):
        photos = Photo.objects.exclude(image="").order_by("pk")
        made, failed = ensure_all_renditions(photos.iterator(), check_storage=check_storage)
        self.stdout.write(f"Made {made} rendition(s) for {photos.count()} photo(s).")
        if failed:
            raise CommandError(f"{failed} photo(s) could not be read; see the warnings above.")
