import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from articles.importing.furniture import FurnitureError, furniture_table
from articles.importing.importer import Directory, fixture_json, import_file
from articles.importing.sources import find_copy_files

PROGRESS_FROM = 10  # files; fewer than this import too fast to need a progress bar


class _Rollback(Exception):
    """Raised to undo a dry run or a fixture export once its output is taken."""


def _count(number, noun):
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class Command(BaseCommand):
    help = (
        "Import plain-text copy (files, or folders of .txt files) as draft articles. A draft "
        "imported before from the same headline is updated unless an editor changed it since; "
        "drafts started in the admin and articles in review or published are never overwritten. "
        "Copy may be in any of the seven languages; page furniture is recognised by the table in "
        "articles/importing/furniture.toml plus the file IMPORT_FURNITURE_FILE names. "
        "Exits with status 1 if any file was skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Copy files and folders of .txt files.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be imported; change nothing."
        )
        parser.add_argument(
            "--fixture",
            metavar="OUT.json",
            help="Write the imported articles as a natural-key fixture instead of saving them.",
        )
        parser.add_argument(
            "--encoding",
            help=(
                "Read every file in this encoding (default: UTF-8 with or without BOM, else the "
                "Cyrillic encoding the text clearly reads in: Windows-1251, KZ-1048, KOI8-R, KOI8-T, "
                "CP866 or ISO-8859-5)."
            ),
        )

    def handle(self, *, paths, dry_run, fixture, encoding, **options):
        if encoding:
            try:
                # A non-empty probe: decoding b"" returns "" without looking at the codec.
                b"a".decode(encoding)
            except LookupError:
                raise CommandError(f"--encoding {encoding}: not a text encoding Python knows") from None
            except UnicodeError:
                pass  # a real text encoding (UTF-16, say) in which one byte is incomplete
        try:
            # Checked before any file: a mistake in the operator's furniture file would
            # otherwise end the run halfway.
            furniture_table()
        except FurnitureError as exc:
            raise CommandError(str(exc)) from None
        try:
            files = find_copy_files(paths)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from None
        if not files:
            raise CommandError("no .txt files found in " + ", ".join(paths))
        if fixture and Path(fixture).resolve().is_dir():
            raise CommandError(f"--fixture {fixture}: that is a folder; give a file name")

        outcomes, output = [], None
        try:
            with transaction.atomic():
                directory = Directory.from_database()
                progress = tqdm(
                    files,
                    unit="file",
                    file=sys.stderr,
                    disable=len(files) < PROGRESS_FROM or not sys.stderr.isatty(),
                )
                for path in progress:
                    outcome = import_file(path, directory=directory, encoding=encoding)
                    outcomes.append((outcome, self._describe(outcome)))
                if fixture:
                    output = fixture_json(o.article for o, _ in outcomes if o.action != "skipped")
                if dry_run or fixture:
                    raise _Rollback
        except _Rollback:
            pass

        if fixture:
            try:
                Path(fixture).write_text(output, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"cannot write {fixture}: {exc.strerror or exc}") from None
        self._report(outcomes, dry_run=dry_run, fixture=fixture)

    @staticmethod
    def _describe(outcome):
        """One line about an imported article, taken before a dry run is rolled back."""
        if outcome.action == "skipped":
            return f"Skipped {outcome.source}: {outcome.reason}"
        article = outcome.article
        authors = " and ".join(credit.author.name for credit in article.byline.select_related("author"))
        return (
            f"{outcome.action.capitalize()}: {article.headline!r}"
            + (f" by {authors}" if authors else "")
            + f" ({_count(article.body.count('<p>'), 'paragraph')}, {_count(article.photos.count(), 'photo')})"
            + f" from {outcome.source}"
        )

    def _report(self, outcomes, *, dry_run, fixture):
        for outcome, line in outcomes:
            if outcome.action != "skipped":
                self.stdout.write(("Would be " + line[0].lower() + line[1:]) if dry_run else line)
        counts = {
            action: sum(outcome.action == action for outcome, _ in outcomes)
            for action in ("created", "updated", "unchanged", "skipped")
        }
        prefix = (
            "Dry run, nothing saved: "
            if dry_run
            else (f"Fixture written to {fixture}, database unchanged: " if fixture else "")
        )
        self.stdout.write(
            f"{prefix}{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['skipped']} skipped."
        )
        for outcome, line in outcomes:
            if outcome.action == "skipped":
                self.stderr.write(line)
        if counts["skipped"]:
            raise CommandError(
                f"{counts['skipped']} of {len(outcomes)} file(s) skipped; see the reasons above."
            )
