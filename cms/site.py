"""The site's own words that readers see in their language."""

from django.conf import settings
from django.utils.translation import gettext_lazy

from languages.codes import content_language

DEFAULT_DESCRIPTION = gettext_lazy(
    "News and analysis from Central Asia: Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan."
)


def description():
    """The line describing the site, in the reader's language: the operator's line for that
    language (SITE_DESCRIPTION_RU…), else their SITE_DESCRIPTION, else ours, translated."""
    return (
        settings.SITE_DESCRIPTIONS.get(content_language())
        or settings.SITE_DESCRIPTION
        or str(DEFAULT_DESCRIPTION)
    )
