"""The filters readers combine on article lists: declared one by one, validated, cheap.

Topic and region choices come from the public topics and region tree each process keeps
per clock reading (articles/kept_values.py); a region includes its provinces and cities,
worked out from that tree. Only what a published story names is offered or accepted: an
author, organisation, topic or place only unpublished stories name is refused exactly as
one that does not exist. Unknown values make the form invalid, and the list then shows
nothing but a message (never a 500).
"""

import django_filters
from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from languages.codes import content_language

from . import kept_values
from .kept_values import FixedChoices
from .models import Article
from .querysets import public_authors, public_organisations
from .search import search_articles


class DateInput(forms.DateInput):
    input_type = "date"


class QuickSelect(forms.Select):
    """A ``<select>`` written out in Python.

    Django draws every ``<option>`` through a template of its own, after building a
    dictionary per option; with two hundred topics and the region tree that was a third of
    a list page's rendering time. This writes the same markup (escaped the same way, the
    first matching option selected) straight from the choices. Grouped choices, which the
    readers' filters do not use, go the usual way.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        selected = next(
            (text for text in map(_option_value, (v for v, _label in choices)) if text in wanted), None
        )
        # Choices made once (the topics, the places) keep their options written for each
        # value selected; django-filter's field puts its empty choice before them.
        fixed = getattr(self.choices, "choices", self.choices)
        if isinstance(fixed, FixedChoices):
            before = tuple((value, str(label)) for value, label in choices[: len(choices) - len(fixed)])
            options = fixed.written((before, selected), lambda: _options(choices, selected))
        else:
            options = _options(choices, selected)
        # As Django's attrs.html: in order, True as a bare name, False left out.
        written = "".join(
            f" {attr}" if setting is True else f' {attr}="{escape(setting)}"'
            for attr, setting in self.build_attrs(self.attrs, attrs).items()
            if setting is not False
        )
        return mark_safe(f'<select name="{escape(name)}"{written}>{options}</select>')


def _option_value(value):
    return "" if value is None else str(value)


def _options(choices, selected):
    """``<option>`` elements for ``choices``, the first whose value is ``selected`` marked so
    (a single select shows one choice as selected)."""
    options = []
    for value, label in choices:
        value = _option_value(value)
        mark = value == selected
        if mark:
            selected = None
        options.append(
            f'<option value="{escape(value)}"{" selected" if mark else ""}>{escape(label)}</option>'
        )
    return "".join(options)


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="filter_words", max_length=200)
    topic = django_filters.ChoiceFilter(
        label=_("Topic"), method="filter_topic", empty_label=_("Any topic"), widget=QuickSelect
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), method="filter_region", empty_label=_("Anywhere"), widget=QuickSelect
    )
    author = django_filters.ModelChoiceFilter(
        label=_("Author"),
        method="filter_author",
        to_field_name="slug",
        queryset=lambda request: public_authors(),  # read per request: stories come due
        widget=forms.HiddenInput,
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation cited"),
        method="filter_organisation",
        to_field_name="slug",
        queryset=lambda request: public_organisations(),
        widget=forms.HiddenInput,
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="published_at", lookup_expr="date__gte", widget=DateInput
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="published_at", lookup_expr="date__lte", widget=DateInput
    )

    class Meta:
        model = Article
        fields = []  # every filter is declared above; none is generated

    def __init__(self, *args, omit=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in omit:
            self.filters.pop(name)
        self.topics_by_slug = {}
        if "topic" in self.filters:
            self.topics_by_slug, self.filters["topic"].extra["choices"] = kept_values.topic_choices()
        if "region" in self.filters:
            self.filters["region"].extra["choices"] = kept_values.region_choices()

    def filter_words(self, queryset, name, value):
        return search_articles(queryset, value, language=content_language()) if value.strip() else queryset

    def filter_topic(self, queryset, name, value):
        return queryset.tagged(self.topics_by_slug[value])

    def filter_author(self, queryset, name, value):
        return queryset.by_author(value)

    def filter_organisation(self, queryset, name, value):
        return queryset.citing(value)

    def filter_region(self, queryset, name, value):
        return queryset.in_regions(kept_values.public_ids_below(kept_values.public_region(value)))

    @property
    def active(self):
        """Whether the reader narrowed the list at all."""
        return bool(self.active_count)

    @property
    def active_count(self):
        """How many of the filters the reader set (shown on the folded filters' button)."""
        return len(self.chosen(self.data, self.filters)) if self.is_bound else 0

    @staticmethod
    def chosen(data, names):
        """Those of the filters ``names`` that ``data`` (a query) gives a value: an empty
        parameter (``?q=``) chooses nothing."""
        return [name for name in names if data.get(name)]

    def problems(self):
        """Readable reasons the filters could not be applied, for the message above the list."""
        if not self.is_bound or self.is_valid():
            return []
        reasons = []
        for name, errors in self.errors.as_data().items():
            label = self.filters[name].label if name in self.filters else name
            value = self.data.get(name, "")
            # By the errors' codes: their messages are in the reader's language.
            if any(error.code == "invalid_choice" for error in errors):
                # Translators: a filter the list could not use, such as: Topic: “prisonz” is not one we know
                reason = _("%(label)s: “%(value)s” is not one we know") % {"label": label, "value": value}
            else:
                reason = f"{label}: {' '.join(message for error in errors for message in error)}"
            reasons.append(reason)
        return reasons
