from django.core.management.base import BaseCommand

from articles.models import Article
from articles.search import full_text_search_available, refresh_search_vectors


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index of every article (PostgreSQL only). Saving keeps it "
        "up to date; run this after loading data without saving, or after changing how articles "
        "are indexed. Use --missing to fill only articles that have never been indexed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="Only articles not indexed yet.")

    def handle(self, *, missing, **options):
        if not full_text_search_available():
            self.stdout.write("Full-text search needs PostgreSQL; nothing to do.")
            return
        if missing:
            ids = Article.objects.filter(search_vector__isnull=True).values_list("pk", flat=True)
            count = refresh_search_vectors(ids)
            self.stdout.write(f"Indexed {count} article(s) that were not indexed yet.")
        else:
            count = refresh_search_vectors()
            self.stdout.write(f"Indexed {count} article(s).")
