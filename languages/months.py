"""Month names as our dates print them, for the translators.

The date formats (cms/formats/) print the month with ``E``, the form used in a full date:
Django takes it from its catalogs as ``pgettext("alt. month", "August")``. Django's own
Kazakh, Kyrgyz, Uzbek and Turkmen catalogs give it capitalised as in a calendar heading
("Тамыз", "Avgust"), where a date in running text writes it in lower case ("22-avgust").
Our catalogs (locale/) take precedence over Django's, and these lines put the twelve names
in them for the translators; nothing imports this module.
"""

from django.utils.translation import pgettext_lazy

MONTHS_IN_DATES = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
