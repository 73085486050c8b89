"""The page's languages in templates: the switcher, ``hreflang`` links and "Also in"."""

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
    current = translation.get_language()
    by_code = {version.code: version for version in page_versions(context)}
    links = []
    for code in codes.reader_languages():
        version = by_code.get(code)
        links.append(
            LanguageLink(
                code=code,
                name=codes.name_of(code),
                path=version.path if version else codes.prefix(code) + "/",
                hreflang=codes.html_lang(code),
                current=code == current,
                exact=version is not None,
                offer=versions.offer_text(code),
            )
        )
    return links


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
