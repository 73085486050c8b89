"""Paging through long lists without counting the whole archive on every page.

Django's paginator counts every matching story (``SELECT COUNT(*)``) to print "page 3 of
1,200" and to know whether there is a next page. That count grows with the archive: at
100,000 stories it cost more than the rest of a topic page put together, on every page.

``BoundedPaginator`` reads one row more than a page holds instead: that row says whether
an older page exists, and the page costs the same whatever the archive's size (a deep page
costs its ``OFFSET``, once). The total is known when the list ends on the page read;
otherwise the pages say "Page 3" with a link to older stories. Lists say how many stories
they hold (``matches``): narrowed lists and search results count, stopping at
``MATCHES_LIMIT``; a whole list is counted once per content version and kept
(``count_whole``).
"""

from typing import NamedTuple

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

MATCHES_LIMIT = 500
# The largest OFFSET (and LIMIT) SQLite and PostgreSQL take: a signed 64-bit integer. Past
# it SQLite overflows and PostgreSQL refuses the query; no list holds a row there anyway.
MAX_ROW = 2**63 - 1


class Matches(NamedTuple):
    number: int
    exact: bool  # False: there are more than ``number``


class BoundedPage(Page):
    def __init__(self, object_list, number, paginator, *, has_more):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def __repr__(self):
        return f"<Page {self.number}>"

    def has_next(self):
        return self.has_more

    def next_page_number(self):
        if not self.has_more:
            raise EmptyPage(self.paginator.error_messages["no_results"])
        return self.number + 1

    def previous_page_number(self):
        if self.number <= 1:
            raise EmptyPage(self.paginator.error_messages["min_page"])
        return self.number - 1

    def start_index(self):
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self):
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class BoundedPaginator(Paginator):
    """A paginator that reads a page and one row more, and counts nothing.

    ``total`` is the number of objects when the page read was the last one, else None.
    ``count`` and ``num_pages`` keep Django's meaning (an exact count, one query) for
    callers that really need them, such as ``?page=last``.
    """

    total = None

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, rows_by_id=None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.rows_by_id = rows_by_id

    def page(self, number):
        number = self._positive(number)
        bottom = (number - 1) * self.per_page
        if bottom + self.per_page + self.orphans + 1 > MAX_ROW:
            # ?page=9223372036854775807: a page no database can reach holds nothing.
            raise EmptyPage(self.error_messages["no_results"])
        # A last page may hold up to ``orphans`` more objects; one more than that means
        # there is another page after this one.
        rows = list(self._window(bottom, self.per_page + self.orphans + 1))
        if number > 1 and len(rows) <= self.orphans:
            # Nothing here, or only what the previous page already shows as its orphans.
            raise EmptyPage(self.error_messages["no_results"])
        if not rows and not self.allow_empty_first_page:
            raise EmptyPage(self.error_messages["no_results"])
        has_more = len(rows) > self.per_page + self.orphans
        if has_more:
            rows = rows[: self.per_page]
        else:
            self.total = bottom + len(rows)
            self.__dict__["count"] = self.total  # known now: no COUNT query for it
        return BoundedPage(rows, number, self, has_more=has_more)

    def _window(self, bottom, size):
        """``size`` objects from ``bottom`` on, in the list's order.

        Past page 1 of a queryset, the rows skipped are found by their ids alone (one query),
        and only the page's own rows are then read in full, by id: the database would
        otherwise build every skipped row, subqueries and all, to throw it away (PostgreSQL,
        page 200 of 100,000 stories: 42 ms instead of 1 ms).

        The second query is ``rows_by_id(ids)`` when the list says how its rows are read
        (its annotations, deferred fields and prefetches, without its conditions: the ids
        already meet them, and with them SQLite walks the newest-first index again instead
        of looking twenty rows up by id, 22 ms instead of under 1); otherwise the list
        itself narrowed to the ids. The rows are put back in the ids' order here.
        """
        queryset = self.object_list
        if bottom == 0 or not hasattr(queryset, "query") or not queryset.ordered:
            return queryset[bottom : bottom + size]
        ids = list(queryset.values_list("pk", flat=True)[bottom : bottom + size])
        if not ids:
            return []
        by_id = self.rows_by_id(ids) if self.rows_by_id else queryset.order_by().filter(pk__in=ids)
        rows = {row.pk: row for row in by_id}
        return [rows[pk] for pk in ids if pk in rows]

    def _positive(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    @property
    def total_pages(self):
        """How many pages there are, when the page read was the last one or the whole list
        was counted (``count_whole``); else None."""
        return self.num_pages if "count" in self.__dict__ else None

    def count_whole(self, found):
        """Take ``found`` (counted once and kept, ``kept_values.list_count``) as the exact
        number of objects, so ``matches`` needs no query of its own."""
        if self.total is None:
            self.__dict__["matches"] = Matches(found, exact=True)
            self.__dict__["count"] = found  # and "Page 1 of 620"

    def count_known(self, found):
        """Take ``found`` (counted by the list's own query) as the number that match, so
        ``matches`` needs no query of its own."""
        self.__dict__["matches"] = Matches(min(found, MATCHES_LIMIT), exact=found <= MATCHES_LIMIT)

    @cached_property
    def matches(self):
        """How many objects match, counting no further than ``MATCHES_LIMIT`` (one query
        at most; none when the page read was the last)."""
        if self.total is not None:
            return Matches(self.total, exact=True)
        found = self.object_list.order_by().values("pk")[: MATCHES_LIMIT + 1].count()
        return Matches(min(found, MATCHES_LIMIT), exact=found <= MATCHES_LIMIT)
