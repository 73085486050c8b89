"""The page's languages in templates: the switcher, ``hreflang`` links and "Also in"."""

import functools
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.safestring import mark_safe

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
    kept = context.render_context  # one per page drawn, through {% extends %} and blocks
    if "page_versions" in kept:  # worked out once per page
        return kept["page_versions"]
    request = context.get("request")
    article, translations = context.get("article"), context.get("translations")
    if article is not None and translations is not None:
        found = versions.story_versions(article, translations)
    elif request is not None:
        found = versions.page_versions(request.path)
    else:
        found = []
    kept["page_versions"] = found
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


# {% kept %}: markup drawn once per language and kept in the process

KEPT_LIMIT = 4096  # entries; the site's header for each page address and language fits
_kept = {}


@register.tag
def kept(parser, token):
    """``{% kept "name" value… %}…{% endkept %}``: the markup inside, drawn once and kept
    for every later page with the same reader language and the same ``value``s.

    For the parts of every page that depend on nothing else (the header with its
    language switcher, the ``hreflang`` links, the footer): drawn afresh, they cost as
    much as a list of stories. Everything the markup shows must be in the values or
    follow from the language, the URL configuration and the settings (a changed setting
    empties the store); a variable set inside (``as name``) is not seen after it.
    """
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            f"{bits[0]} needs a quoted name first, then the values it depends on"
        )
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])


class KeptNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        key = (
            self.name,
            translation.get_language(),
            get_script_prefix(),
            get_urlconf() or settings.ROOT_URLCONF,
            *(value.resolve(context) for value in self.values),
        )
        try:
            return _kept[key]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be a key (a list): drawn every time
            return self.nodelist.render(context)
        markup = mark_safe(self.nodelist.render(context))
        if len(_kept) >= KEPT_LIMIT:
            _kept.clear()  # simpler than tracking use, and rare: the next pages draw it again
        _kept[key] = markup
        return markup


def forget_kept(**kwargs):
    _kept.clear()
    _links.cache_clear()


setting_changed.connect(forget_kept)
