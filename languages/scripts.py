"""Pages in a second script: every Uzbek page also in Cyrillic (/uz-cyrl/), every Kazakh
page also in Latin (/kk-latn/).

The page is rendered in its base language (Uzbek in Latin, Kazakh in Cyrillic) and its
text is then transliterated by rule (``languages.transliteration``): interface, headlines,
text, captions, names, feeds. Editors write once; markup, addresses and codes are left as
they are. The page cache keeps the transliterated page, so this is done once per page and
change, not per request.
"""

from .transliteration import kk_cyrillic_to_latin, transliterate_markup, uz_latin_to_cyrillic

CONVERTERS = {"uz-cyrl": uz_latin_to_cyrillic, "kk-latn": kk_cyrillic_to_latin}


def converter(code):
    """The function that turns the base language's text into reader language ``code``'s
    script, or None when ``code`` is not a script variant."""
    return CONVERTERS.get(code)


def transliterate_response(response, code):
    """Transliterate ``response``'s text (HTML, or XML for feeds and sitemaps) into ``code``'s
    script, once; other responses (JSON, redirects, files) are left alone."""
    convert = converter(code)
    if convert is None or getattr(response, "transliterated", False) or response.streaming:
        return response
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type in ("text/html", "application/xhtml+xml"):
        xml = False
    elif content_type.endswith("xml"):  # application/rss+xml, application/atom+xml, …/xml
        xml = True
    else:
        return response
    text = response.content.decode(response.charset)
    response.content = transliterate_markup(text, convert, xml=xml).encode(response.charset)
    response.transliterated = True
    return response
