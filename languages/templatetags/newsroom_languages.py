"""The newsroom's language chooser in the admin's header (cms/templates/admin/base_site.html).

Staff work in the seven languages stories are written in, never in a script variant
(languages/middleware.py); the chooser offers each by its own name and posts to Django's
``set_language`` view, which keeps the choice in a cookie.
"""

from dataclasses import dataclass

from django import template

from .. import codes

register = template.Library()


@dataclass(frozen=True)
class NewsroomLanguage:
    code: str
    name: str  # the language's own name: Русский, Oʻzbekcha
    lang: str  # its BCP 47 tag, for the option's ``lang``
    current: bool


@register.simple_tag
def newsroom_languages():
    """Each language of settings.MODELTRANSLATION_LANGUAGES by its own name, the active one marked."""
    current = codes.content_language()
    return [
        NewsroomLanguage(code, codes.name_of(code), codes.html_lang(code), code == current)
        for code in codes.content_languages()
    ]
