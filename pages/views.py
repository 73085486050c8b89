"""A page editors keep, at /pages/<slug>/ in every language."""

from django.views.generic import DetailView

from articles.caching import keys as page_keys

from .models import Page


class PageView(DetailView):
    """A page editors keep, such as the comment policy."""

    model = Page
    template_name = "pages/page.html"
    context_object_name = "page"

    def get_context_data(self, **kwargs):
        page_keys.shows(page_keys.page(self.object.pk))
        return super().get_context_data(**kwargs)
