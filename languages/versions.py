"""Which languages a page is in, and where: for the language switcher, the "Also in" line,
``hreflang`` links, sitemaps and Open Graph.

A story is in the languages of its published translation group, each also in its script
variant (an Uzbek story is read in /uz/ and /uz-cyrl/). Any other page (a list, a topic,
a region) is in every reader language, at the same address under each prefix.
"""

import functools
from dataclasses import dataclass

from django.utils import translation

from . import codes


@dataclass(frozen=True)
class Version:
    code: str  # the reader language: ru, uz-cyrl
    path: str  # the page's address in it, without the site's origin
    name: str  # the language's name for itself: Русский

    @property
    def hreflang(self):
        return codes.html_lang(self.code)


def story_versions(article, translations):
    """The reader languages ``article`` is published in, with ``translations`` (the other
    published stories of its group), in the order of settings.LANGUAGES."""
    paths = {}
    for story in (article, *translations):
        own = story.get_absolute_url()
        for code in codes.reader_variants(story.language):
            paths[code] = codes.path_in(own, code)
    return tuple(
        Version(code, paths[code], codes.name_of(code)) for code in codes.reader_languages() if code in paths
    )


@functools.lru_cache(maxsize=4096)
def page_versions(path):
    """Every reader language's copy of the page at ``path`` (a list, a topic, a region…);
    kept by address, as it depends on nothing else."""
    return tuple(
        Version(code, codes.path_in(path, code), codes.name_of(code)) for code in codes.reader_languages()
    )


def default_version(versions):
    """The version for readers whose language we do not publish in (``x-default``): the
    English one, else the first."""
    by_code = {version.code: version for version in versions}
    return by_code.get(codes.DEFAULT) or (versions[0] if versions else None)


@functools.lru_cache(maxsize=32)
def offer_text(code):
    """ "Read this page in English", in language ``code`` and its script."""
    with translation.override(code):
        # Translators: offered in one line to a reader whose browser prefers your
        # language; write "Read this page in <your language>", in your language.
        text = translation.gettext("Read this page in English")
    return codes.in_script(text, code)
