"""What every admin list's search shares: what was typed reaches the query without a NUL.

PostgreSQL refuses a NUL in a query's text, so a search (or a type-ahead, which searches
the same way) with one answered 500; it is dropped, as the topic suggestions drop it. Every
ModelAdmin of the project has this first in its bases (``articles.admin.safety`` builds on it).
"""


class NulFreeSearchMixin:
    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))
