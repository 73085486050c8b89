"""Which language a request is answered in.

A reader's page takes its language from its address alone (``/ru/…``, ``/uz-cyrl/…``,
English without a prefix), never from a cookie or the browser's preference, so one address
is one page: the page cache and any HTTP cache in front can keep it for everyone, and no
reader is redirected away from what they asked for. The newsroom (the admin and the
staff's sign-in) follows each staff member's choice (Django's ``set_language`` cookie),
else their browser's preference.
"""

from django.utils import translation
from django.utils.cache import patch_vary_headers

from . import codes
from .scripts import transliterate_response

# Addresses that belong to the newsroom, not to readers.
NEWSROOM_PREFIXES = ("/admin/", "/i18n/")


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        newsroom = request.path_info.startswith(NEWSROOM_PREFIXES)
        if newsroom:
            # The newsroom works in the seven written languages; a browser asking for a
            # script variant (uz-Cyrl) gets its base language's admin, never a
            # transliterated one (forms carry the editors' text as typed).
            code = codes.content_language(translation.get_language_from_request(request))
        else:
            code, _rest = codes.split_path(request.path_info)
        # Active for this request only: the thread's language is put back afterwards, so
        # nothing run after it (a test, the next request's code before this middleware)
        # inherits a reader's language.
        with translation.override(code):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
            transliterate_response(response, request.LANGUAGE_CODE)
        if newsroom:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", codes.html_lang(request.LANGUAGE_CODE))
        return response
