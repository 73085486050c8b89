"""What search engines and social networks read about an article.

Everything here uses ``settings.SITE_URL`` for absolute addresses, so links are right
whatever Host header the request came with.
"""

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from languages import codes
from languages.versions import story_versions

from .body import body_blocks
from .kept_values import media_topics_of

DESCRIPTION_CHARS = 160


def absolute(url):
    """``url`` on the site's public address (already absolute URLs are left alone)."""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url if url.startswith('/') else '/' + url}"


def describe(article):
    """One or two sentences for search results: the standfirst, else the opening paragraph."""
    text = article.standfirst
    if not text:
        paragraphs = [text for kind, text in body_blocks(article.body) if kind == "paragraph"]
        text = paragraphs[0] if paragraphs else strip_tags(article.body)
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_CHARS)


def _json_ld(data):
    # Escaped so that no value can close the <script> element it is printed in.
    text = json.dumps(data, ensure_ascii=False, indent=None)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def article_metadata(article, photos, topics, regions, translations=(), notes=()):
    """Canonical URL, description, Open Graph and Twitter tags and JSON-LD for ``article``,
    which shows ``photos``, is filed under ``topics`` and ``regions``, is published in
    other languages as ``translations`` and carries ``notes`` (its corrections among them)."""
    url = absolute(article.get_absolute_url())
    reader_language = article.reader_language()
    locale = codes.og_locale(reader_language)
    other_locales = []
    for version in story_versions(article, translations):
        other = codes.og_locale(version.code)
        if other != locale and other not in other_locales:
            other_locales.append(other)
    description = describe(article)
    authors = [credit.author for credit in article.byline.all()]
    topic_objects, topics = topics, [topic.label for topic in topics]
    regions = [region.name for region in regions]
    images = [photo for photo in photos if photo.image]
    published = timezone.localtime(article.published_at).isoformat() if article.published_at else None
    # Changed only by a revision of the text or a note (Article.revised_at), never by
    # featuring, retagging or comments.
    modified = timezone.localtime(article.modified_at).isoformat() if article.modified_at else published

    # Every image named here is the JPEG made for sharing, with its own size: several
    # social networks show no WebP, and a size that is not the file's is ignored or worse.
    shared = [photo.share_image for photo in images]
    open_graph = [
        ("og:type", "article"),
        ("og:site_name", settings.SITE_NAME),
        ("og:title", article.headline),
        ("og:description", description),
        ("og:url", url),
        ("og:locale", locale),
        *(("og:locale:alternate", other) for other in other_locales),
    ]
    if images:
        open_graph.append(("og:image", absolute(shared[0].url)))
        if shared[0].width:
            open_graph += [("og:image:width", shared[0].width), ("og:image:height", shared[0].height)]
        open_graph.append(("og:image:alt", images[0].alt_text or images[0].caption))
    if published:
        open_graph.append(("article:published_time", published))
    if modified:
        open_graph.append(("article:modified_time", modified))
    open_graph += [("article:author", absolute(author.get_absolute_url())) for author in authors]
    if topics:
        open_graph.append(("article:section", topics[0]))
    open_graph += [("article:tag", topic) for topic in topics]

    twitter = [
        ("twitter:card", "summary_large_image" if images else "summary"),
        ("twitter:title", article.headline),
        ("twitter:description", description),
    ]
    if images:
        twitter += [
            ("twitter:image", absolute(shared[0].url)),
            ("twitter:image:alt", images[0].alt_text or images[0].caption),
        ]

    news_article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": description,
        "inLanguage": codes.html_lang(reader_language),
        "datePublished": published,
        "dateModified": modified,
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
            for author in authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL + "/",
            "logo": {
                "@type": "ImageObject",
                "url": absolute(static("cms/logo.png")),
                "width": 600,
                "height": 60,
            },
        },
        "image": [
            {
                "@type": "ImageObject",
                "url": absolute(image.url),
                "caption": photo.caption,
                **({"creditText": photo.printed_credit} if photo.printed_credit else {}),
                **({"width": image.width, "height": image.height} if image.width else {}),
            }
            for photo, image in zip(images, shared, strict=True)
        ],
        "keywords": topics,
        "contentLocation": [{"@type": "Place", "name": name} for name in regions],
    }
    if article.dateline:
        news_article["dateline"] = article.dateline
    # What it is about, in the IPTC Media Topics its topics are mapped to.
    about = media_topics_of(topic_objects)
    if about:
        news_article["about"] = [
            {"@type": "Thing", "name": media_topic.name, "sameAs": media_topic.uri} for media_topic in about
        ]

    # The same story in other languages: the source names its translations, a translation
    # its source (and the source's other translations as translations of that work).
    def work(story):
        return {
            "@type": "NewsArticle",
            "url": absolute(story.get_absolute_url()),
            "inLanguage": codes.html_lang(story.language),
        }

    source = next((story for story in translations if story.pk == article.translation_of_id), None)
    if source is not None:
        news_article["translationOfWork"] = work(source)
    elif translations and article.translation_of_id is None:
        news_article["workTranslation"] = [work(story) for story in translations]
    corrections = [note for note in notes if note.kind == "correction"]
    if corrections:
        news_article["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": note.text,
                "datePublished": timezone.localtime(note.noted_at).isoformat(),
                "url": f"{url}#{note.anchor}",
            }
            for note in corrections
        ]
    return {
        "canonical_url": url,
        "description": description,
        "open_graph": open_graph,
        "twitter": twitter,
        "json_ld": _json_ld(news_article),
    }
