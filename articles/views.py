from datetime import date

from django.db.models import F, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from .models import Article
from .querysets import listing_prefetches
from .rendering import body_segments


class FrontPageView(ListView):
    """The editors' featured stories in their order, then the latest published ones."""

    template_name = "articles/front.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        # Related rows are fetched once for the featured and the latest stories together.
        return (
            Article.objects.published()
            .select_related("dateline_region")
            .filter(is_featured=False)
            .newest_first()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        featured = []
        if context["page_obj"].number == 1:
            featured = list(
                Article.objects.published()
                .select_related("dateline_region")
                .filter(is_featured=True)
                .order_by(F("featured_position").asc(nulls_last=True), "-published_at")
            )
        context["articles"] = list(context["articles"])
        prefetch_related_objects(featured + context["articles"], *listing_prefetches())
        context["featured"] = featured
        return context


class ArticleDetailView(DetailView):
    """An article as the outlet prints it, at its permanent dated address."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        try:
            requested = date(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        except ValueError:
            raise Http404("No such date.") from None
        if timezone.localtime(article.published_at).date() != requested:
            raise Http404("The article was not published on that day.")
        return article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        photos = list(self.object.photos.all())
        context["lead_photos"] = [photo for photo in photos if photo.after_paragraph is None]
        context["segments"] = body_segments(self.object, photos)
        return context


class ArticlePreviewView(ArticleDetailView):
    """Any article, whatever its status, exactly as readers would see it: staff only.

    Everyone else gets the same 404 as for a missing page, so drafts are not revealed.
    """

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_staff and request.user.has_perm("articles.view_article")):
            raise Http404("No such page.")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.for_listing()

    def get_object(self, queryset=None):
        return DetailView.get_object(self, queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"preview": True}
