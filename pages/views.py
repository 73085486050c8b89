"""A page editors keep, at /pages/<slug>/ in every language."""

from django.urls import Resolver404, resolve
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
        return super().get_context_data(**kwargs) | {"back_to": story_path(self.request.GET.get("from", ""))}


def story_path(path):
    """``path`` if it is the address of a story on this site (where the reader came from:
    the comment form links here with ``?from=``), else None: never another site, nor any
    other page of this one."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path or len(path) > 500:
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return path if match.view_name == "articles:detail" else None
