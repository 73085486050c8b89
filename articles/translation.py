"""The names and descriptions kept in each of the seven languages (django-modeltranslation).

Each field listed here gets one column per language (``name_en``, ``name_ru``, …) beside
the original, and reading ``region.name`` gives the name in the active language, else in
English, else in Russian. Readers of a script variant (uz-cyrl, kk-latn) read the Uzbek
or Kazakh name, transliterated on the way out.

A topic's ``name`` is the newsroom's working name, typed when tagging and compared ignoring
case (django-taggit), so it stays one column; readers see its ``title`` in their language,
falling back to the name (``Topic.label``).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Author, MediaTopic, Region, SourceOrganisation, Topic


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(SourceOrganisation)
class SourceOrganisationTranslation(TranslationOptions):
    fields = ("name", "short_name", "description")


@register(Author)
class AuthorTranslation(TranslationOptions):
    fields = ("name", "role", "bio")


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("title", "description")
    # A title missing in the reader's language falls back to the English title, then to the
    # name (English too): never to another language's title.
    fallback_languages = {"default": ("en",)}


@register(MediaTopic)
class MediaTopicTranslation(TranslationOptions):
    # IPTC publishes English names (and some languages we do not serve); the others fall
    # back to English where nobody has written one.
    fields = ("name",)
    fallback_languages = {"default": ("en",)}
