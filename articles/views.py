from django.views.generic import ListView

from .models import Article


class FrontPageView(ListView):
    """The newest published articles; the curated front page comes with the readers' site."""

    template_name = "articles/front.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing().newest_first()
