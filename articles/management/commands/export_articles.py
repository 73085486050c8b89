from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.body import export_text
from articles.models import Article
from articles.querysets import byline_prefetch


class Command(BaseCommand):
    help = (
        "Write articles as the plain-text copy import_articles reads: one SLUG.txt per article in "
        "the --out folder (created if missing; files of the same name are replaced). Name the "
        "articles by slug, or choose them with --all or --status."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Slugs of the articles to export.")
        parser.add_argument("--out", required=True, metavar="DIR", help="Folder to write the .txt files to.")
        parser.add_argument("--all", action="store_true", dest="every_article", help="Export every article.")
        parser.add_argument(
            "--status",
            choices=Article.Status.values,
            help="Export every article with this status (draft, review or published).",
        )

    def handle(self, *, slugs, out, every_article, status, **options):
        if slugs and (every_article or status):
            raise CommandError("name articles by slug or choose them with --all/--status, not both")
        if not (slugs or every_article or status):
            raise CommandError("name at least one article by its slug, or use --all or --status")
        folder = Path(out)
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"--out {out}: that is a file; give a folder")

        articles = Article.objects.order_by("slug").prefetch_related(byline_prefetch(), "photos")
        if slugs:
            articles = list(articles.filter(slug__in=slugs))
            missing = sorted(set(slugs) - {article.slug for article in articles})
            if missing:
                raise CommandError(
                    "no article with the slug "
                    + ", ".join(repr(slug) for slug in missing)
                    + "; nothing written"
                )
        else:
            articles = list(articles.filter(status=status) if status else articles)

        # Every text is made before anything is written, so a failure writes nothing.
        texts = [(folder / f"{article.slug}.txt", export_text(article)) for article in articles]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for path, text in texts:
                path.write_text(text, encoding="utf-8", newline="\n")
        except OSError as exc:
            raise CommandError(f"cannot write to {out}: {exc.strerror or exc}") from None
        for path, _ in texts:
            self.stdout.write(f"Wrote {path}")
        self.stdout.write(f"Exported {len(texts)} article(s) to {folder}.")
