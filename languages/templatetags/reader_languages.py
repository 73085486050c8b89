"""The page's languages in templates: the switcher, ``hreflang`` links and "Also in"."""

import functools
from dataclasses import dataclass

from django import template
from django.utils import translation

from .. import codes, versions

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    path: str
    hreflang: str
    current: bool
    exact: bool  # the page itself in that language, not that language's front page
    offer: str


@register.simple_tag(takes_context=True)
def page_versions(context):
    """The reader languages this page is in (``versions.Version``): a story's published
    translation group, else every language."""
    if "page_versions" in context:  # worked out once per page
        return context["page_versions"]
    request = context.get("request")
    article, translations = context.get("article"), context.get("translations")
    if article is not None and translations is not None:
        found = versions.story_versions(article, translations)
    elif request is not None:
        found = versions.page_versions(request.path)
    else:
        found = []
    context["page_versions"] = found
    return found


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per reader language for the switcher: to this page in it where it exists,
    else to that language's front page."""
    return _links(translation.get_language(), tuple(page_versions(context)))


@functools.lru_cache(maxsize=4096)
def _links(current, page_versions):
    """The switcher's links for a page in ``current`` with ``page_versions`` (kept: the same
    page is drawn again and again)."""
    by_code = {version.code: version for version in page_versions}
    return tuple(
        LanguageLink(
            code=code,
            name=codes.name_of(code),
            path=by_code[code].path if code in by_code else codes.prefix(code) + "/",
            hreflang=codes.html_lang(code),
            current=code == current,
            exact=code in by_code,
            offer=versions.offer_text(code),
        )
        for code in codes.reader_languages()
    )


@register.simple_tag(takes_context=True)
def x_default(context):
    """The version for readers of a language we do not publish in."""
    return versions.default_version(page_versions(context))


@register.filter
def html_lang(code):
    """A language code as ``lang`` and ``hreflang`` write it: uz-Cyrl, kk-Latn."""
    return codes.html_lang(code)


@register.simple_tag
def og_locale(code):
    return codes.og_locale(code)


@register.simple_tag(takes_context=True)
def other_versions(context):
    """The page's versions in the other reader languages (the story's "Also in")."""
    current = translation.get_language()
    return [version for version in page_versions(context) if version.code != current]


@register.simple_tag
def front_page_path():
    """The front page in the active reader language (for pages rendered without the URL
    conf's help, such as the 500 page)."""
    return codes.prefix(translation.get_language() or codes.DEFAULT) + "/"
