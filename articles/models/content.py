"""The newsroom's content: articles, the people and organisations in them, places and topics.

Every model that a fixture refers to has a unique, stable natural key (a slug, a topic's
name, a photo's uid), so fixtures load into any deployment and loading them twice
creates nothing twice.
"""

import functools
import posixpath
import re
import secrets
import uuid
from datetime import timedelta
from typing import NamedTuple

import reversion
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import get_language, gettext, override, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from languages.codes import content_language

from ..body import BodyField
from ..publishing import has_words
from ..querysets import ArticleQuerySet, RegionQuerySet
from ..text import make_slug
from ..validators import validate_image_file, web_ready
from .natural_keys import NaturalKeyed, NaturalKeyManager, keyed_manager


def public_address(name, *, language=None, **kwargs):
    """``reverse()`` for public pages, remembered: one list page names dozens of addresses,
    and reversing is a large part of rendering it. In the active reader language (its
    prefix, /ru/…) unless ``language`` names another."""
    return _remembered_reverse(
        get_script_prefix(), get_urlconf(), language or get_language(), name, tuple(sorted(kwargs.items()))
    )


@functools.lru_cache(maxsize=20_000)
def _remembered_reverse(prefix, urlconf, language, name, kwargs):
    # The script prefix and the language are part of the key because reverse() puts them
    # in the address (/ru/…).
    with override(language):
        return reverse(name, urlconf=urlconf, kwargs=dict(kwargs))


@deconstructible
class UnguessableName:
    """``upload_to`` storing each upload as ``<folder>/<random token>/<its file name>``.

    Media storage serves any file to whoever has its address, and a story's photos are
    uploaded while it is still a draft: under its own name (``photos/2026/05/raid.jpg``)
    anyone could guess the address of a photo not yet published. The token (128 random
    bits) makes it unguessable; the file name is kept for the editors, and renditions are
    named from the stored name (articles/renditions.py), so they are unguessable too.
    ``folder`` may hold ``strftime`` codes (``photos/%Y/%m``).
    """

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        folder = timezone.now().strftime(self.folder)
        return posixpath.join(folder, secrets.token_urlsafe(16), posixpath.basename(filename))

    def __eq__(self, other):
        return isinstance(other, UnguessableName) and other.folder == self.folder


class WebImageField(models.ImageField):
    """An ImageField whose new uploads are stored as browsers show them: a TIFF as a JPEG
    (or PNG), a phone's sideways JPEG turned upright (``validators.web_ready``); the width
    and height are read from what is stored. Files already in storage are left alone."""

    def pre_save(self, model_instance, add):
        upload = getattr(model_instance, self.attname)
        if upload and not getattr(upload, "_committed", True):
            ready = web_ready(upload)
            if ready is not None:
                setattr(model_instance, self.attname, ready)  # the descriptor reads its size
        return super().pre_save(model_instance, add)


class Region(NaturalKeyed, models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Region of several countries")
        COUNTRY = "country", _("Country")
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")

    name = models.CharField(
        _("name"), max_length=120, help_text=_("The place's usual English name: Pavlodar Province.")
    )
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("Used in the region's web address.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("lies in"),
        help_text=_("The place this one lies in: a city's province, a province's country."),
    )
    iso_code = models.CharField(
        _("ISO 3166 code"),
        max_length=10,
        blank=True,
        help_text=_("ISO 3166-1 for a country (KZ), ISO 3166-2 for a province, where one exists."),
    )

    objects = keyed_manager(RegionQuerySet)
    natural_key_fields = ("slug",)

    class Meta:
        ordering = ("name",)
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return public_address("articles:region", slug=self.slug)

    def clean(self):
        if self.parent_id and self.pk and self.parent_id in Region.objects.descendant_ids(self):
            raise ValidationError(
                {"parent": _("A region cannot lie inside itself or one of its own places.")}
            )

    def descendant_ids(self, *, include_self=True):
        """Ids of this region and every place inside it, in one query."""
        return Region.objects.descendant_ids(self, include_self=include_self)


class SourceOrganisation(NaturalKeyed, models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government body")
        NGO = "ngo", _("NGO")
        RESEARCH = "research", _("Research or analysis centre")
        RELIGIOUS = "religious", _("Religious body")
        INTERNATIONAL = "international", _("International organisation")
        MEDIA = "media", _("Media")
        PENAL = "penal", _("Penal institution")
        OTHER = "other", _("Other")

    name = models.CharField(
        _("name"), max_length=255, help_text=_("Full name as the organisation uses it in English.")
    )
    short_name = models.CharField(
        _("short name"),
        max_length=120,
        blank=True,
        help_text=_("A shorter name the copy may use instead (an acronym, or the name without its city)."),
    )
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name=_("belongs to"),
        help_text=_("The body this one belongs to: a department's ministry."),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
        help_text=_("Where the organisation is based or works."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the organisation is, in a sentence or two.")
    )

    objects = keyed_manager()
    natural_key_fields = ("slug",)

    class Meta:
        ordering = ("name",)
        verbose_name = _("source organisation")
        verbose_name_plural = _("source organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return public_address("articles:organisation", slug=self.slug)


class Author(NaturalKeyed, models.Model):
    name = models.CharField(
        pgettext_lazy("person", "name"), max_length=200, help_text=_("As printed in the byline.")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    role = models.CharField(
        _("role"), max_length=100, blank=True, help_text=_("For example: correspondent, editor.")
    )
    bio = models.TextField(_("bio"), blank=True, help_text=_("Two or three sentences for the author's page."))
    photo = WebImageField(
        _("photo"), upload_to=UnguessableName("authors"), blank=True, validators=[validate_image_file]
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        serialize=False,  # a user of this deployment: fixtures do not carry it
        verbose_name=_("staff account"),
        help_text=_(
            "The author's staff account, if they have one: drafts with them in the byline are theirs to edit."
        ),
    )

    objects = keyed_manager()
    natural_key_fields = ("slug",)

    class Meta:
        ordering = ("name",)
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return public_address("articles:author", slug=self.slug)


MEDIA_TOPIC_URI = "http://cv.iptc.org/newscodes/mediatopic/"


class MediaTopic(NaturalKeyed, models.Model):
    """A subject of IPTC's Media Topics, the vocabulary news agencies tag with
    (fixtures/media_topics.json: the top two levels). The newsroom maps its own topics to
    them; partners read the mapping in ninjs, search engines in JSON-LD (``about``)."""

    code = models.CharField(
        _("IPTC code"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{8}$", _("An IPTC Media Topic code is eight digits."))],
    )
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="narrower",
        verbose_name=_("broader topic"),
    )

    objects = keyed_manager()
    natural_key_fields = ("code",)

    class Meta:
        ordering = ("code",)
        verbose_name = _("IPTC Media Topic")
        verbose_name_plural = _("IPTC Media Topics")

    def __str__(self):
        # Under its broader topic, as editors choose among them (read with the parent).
        broader = f"{self.parent.name} › " if self.parent_id else ""
        return f"{broader}{self.name} (medtop:{self.code})"

    @property
    def uri(self):
        return MEDIA_TOPIC_URI + self.code

    @property
    def qcode(self):
        return f"medtop:{self.code}"


class Topic(TagBase):
    """A subject that articles are tagged with; it has its own page and description."""

    title = models.CharField(
        _("name shown to readers"),
        max_length=100,
        blank=True,
        help_text=_("The topic's name in each language, as readers see it. Empty: the name above."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown at the top of the topic's page.")
    )
    media_topics = models.ManyToManyField(
        MediaTopic,
        blank=True,
        related_name="topics",
        verbose_name=_("IPTC Media Topics"),
        help_text=_(
            "The subjects of IPTC's vocabulary this topic stands for: partners and search "
            "engines read them with every story on it."
        ),
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="topic_name_unique_ignoring_case",
                violation_error_message=_(
                    "A topic with this name already exists (names are compared ignoring case)."
                ),
            ),
        ]

    def get_absolute_url(self):
        return public_address("articles:topic", slug=self.slug)

    @property
    def label(self):
        """The name readers see: the title in their language (or English), else the name."""
        return self.title or self.name

    def clean(self):
        if not has_words(self.name):
            raise ValidationError({"name": _("A topic's name needs letters or digits.")})


class TaggedArticle(NaturalKeyed, TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="topic_links")
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_links")

    natural_key_fields = ("content_object__slug", "tag__name")
    natural_key_dependencies = ("articles.article", "articles.topic")

    class Meta:
        verbose_name = _("article topic")
        verbose_name_plural = _("article topics")
        constraints = [
            models.UniqueConstraint(fields=("content_object", "tag"), name="unique_topic_per_article"),
        ]


class Article(NaturalKeyed, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        RUSSIAN = "ru", _("Russian")
        KAZAKH = "kk", _("Kazakh")
        KYRGYZ = "ky", _("Kyrgyz")
        TAJIK = "tg", _("Tajik")
        TURKMEN = "tk", _("Turkmen")
        UZBEK = "uz", _("Uzbek")

    headline = models.CharField(_("headline"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        help_text=_("The article's web address. It should not change once published."),
    )
    standfirst = models.TextField(
        _("standfirst"),
        blank=True,
        help_text=_("One or two sentences under the headline, also used as the summary in lists."),
    )
    body = BodyField(
        _("body"),
        blank=True,
        help_text=_("Paragraphs, sub-headings, quotes, lists and links. Photos are added below."),
    )
    dateline = models.CharField(
        _("dateline"),
        max_length=80,
        blank=True,
        help_text=_("The place before the first paragraph, as printed: ALMATY."),
    )
    dateline_region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="datelined_articles",
        verbose_name=_("dateline region"),
        help_text=_("The region the dateline names, where it is one we know."),
    )
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", blank=True, verbose_name=_("authors")
    )
    regions = models.ManyToManyField(
        Region,
        related_name="articles",
        blank=True,
        verbose_name=_("regions"),
        help_text=_("The places the article is about."),
    )
    organisations = models.ManyToManyField(
        SourceOrganisation, related_name="articles", blank=True, verbose_name=_("organisations cited")
    )
    topics = TaggableManager(
        _("topics"),
        through=TaggedArticle,
        blank=True,
        related_name="articles",
        help_text=_("Separate topics with commas. Suggestions appear as you type; new topics are created."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the article: it appears to readers by itself then."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        serialize=False,  # a user of this deployment: fixtures and revisions do not carry it
        verbose_name=_("started by"),
        help_text=_("Who started the article in the admin; with its byline, whose draft it is."),
    )
    # The edit token: raised by one on every write, whatever makes it (the form, a bulk
    # action, a merge, an import, a restore). A form remembers the value it was opened at;
    # saving it is refused once the row holds another (see ``editing.lock_for_edit``).
    # Never serialized: a fixture or an old revision must not wind it back.
    edit_version = models.PositiveIntegerField(default=0, editable=False, serialize=False)
    # What the plain-text importer last wrote (a digest of the fields it sets), so a new
    # import can tell an editor's later changes from its own.
    imported_digest = models.CharField(max_length=64, blank=True, editable=False, serialize=False)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    # Stories that tell the same story in other languages point at the one they were
    # translated from first (the group's source); the source points at nothing.
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("The story this one translates. Its other translations are this one's too."),
    )
    # When the text readers read (headline, standfirst, body, dateline) last changed; a
    # save that only features, retags or reschedules a story leaves it alone.
    text_changed_at = models.DateTimeField(null=True, blank=True, editable=False, serialize=False)
    # When readers last saw the story change: its text edited while it was live, or a
    # correction, update or editor's note added (``StoryNote``). Featuring, retagging or new
    # comments leave it alone. Empty: never revised since publication. The page's "Updated"
    # time, JSON-LD ``dateModified``, the feeds' and sitemaps' dates (``modified_at``).
    revised_at = models.DateTimeField(_("revised"), null=True, blank=True, editable=False, serialize=False)
    # When this translation was last brought up to date with its source: the source's
    # text changed after it, and the translation is marked "source changed".
    source_synced_at = models.DateTimeField(null=True, blank=True, editable=False, serialize=False)
    is_featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Show it among the front page's stories.")
    )
    comments_closed = models.BooleanField(
        _("comments closed"),
        default=False,
        help_text=_("Stop new comments on this article (approved ones stay visible)."),
    )
    featured_position = models.PositiveSmallIntegerField(
        _("front-page position"),
        null=True,
        blank=True,
        help_text=_("Order among featured stories on the front page: 1 comes first."),
    )
    # Derived from the text, byline and topics by ``search.refresh_search_vectors`` (PostgreSQL
    # only); never serialized, so fixtures stay the same on every database.
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)

    objects = keyed_manager(ArticleQuerySet)
    natural_key_fields = ("slug",)

    class Meta:
        ordering = ("-published_at", "-pk")
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=("status", "published_at"), name="article_status_published"),
            # Every public list walks published stories newest first (newest_first()): in
            # this order the database reads the first page straight off the index and
            # stops, instead of sorting the whole archive.
            models.Index(
                models.F("published_at").desc(),
                models.F("id").desc(),
                name="article_published_newest",
                condition=models.Q(status="published"),
            ),
            # Each language's lists: the same walk, one language's stories only.
            models.Index(
                "language",
                models.F("published_at").desc(),
                models.F("id").desc(),
                name="article_language_newest",
                condition=models.Q(status="published"),
            ),
            # The front page's featured stories: a handful of rows, found without reading
            # the archive (at 100,000 stories a full scan cost the front page 90 ms). The
            # columns are those the front page compares (its language, then published()),
            # so SQLite picks this index even without statistics (it has none unless
            # someone runs ANALYZE); without the language first it read the whole
            # language's list off article_language_newest instead.
            models.Index(
                fields=("language", "status", "published_at"),
                name="article_featured",
                condition=models.Q(is_featured=True),
            ),
            # The news sitemap's stories revised in the last two days (most never are).
            models.Index(
                fields=("language", "revised_at"),
                name="article_revised",
                condition=models.Q(status="published", revised_at__isnull=False),
            ),
            # Created on PostgreSQL only (migration 0009); other databases search without it.
            GinIndex(fields=("search_vector",), name="article_search_vector"),
        ]
        permissions = [("publish_article", "Can publish, schedule, unpublish and feature articles")]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = make_slug(self.headline, max_length=self._meta.get_field("slug").max_length)
        if self.text_changed or self.text_changed_at is None:
            self.text_changed_at = timezone.now()
            if self.was_live:
                self.revised_at = self.text_changed_at
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.edit_version = (self.edit_version or 0) + 1
        super().save(*args, **kwargs)
        # What the next save of this instance compares with (deferred fields stay unread).
        kept = tuple(name for name in self.SAVED_FIELDS if name in self.__dict__)
        self._stored_row = (kept, tuple(self.__dict__[name] for name in kept))

    def get_absolute_url(self):
        """The permanent public address, dated by the publication day in the newsroom's time zone."""
        day = timezone.localtime(self.published_at or self.created_at or timezone.now()).date()
        return public_address(
            "articles:detail",
            language=self.reader_language(),
            year=day.year,
            month=f"{day.month:02d}",
            day=f"{day.day:02d}",
            slug=self.slug,
        )

    # The fields whose change is a change of the text (``text_changed_at``).
    TEXT_FIELDS = ("headline", "standfirst", "body", "dateline")
    # Kept from a save for the next one: the text, and whether readers could see it.
    SAVED_FIELDS = (*TEXT_FIELDS, "status", "published_at")

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        # The row as read, kept by reference (lists read thousands of stories and save
        # none): ``text_changed`` compares with it only when the story is saved.
        article._stored_row = (field_names, values)
        return article

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        # The row as read now is what the next save compares with (``text_changed``,
        # ``was_live``), not the one read or saved before.
        row = getattr(self, "_stored_row", None)
        stored = dict(zip(*row, strict=True)) if row else {}
        names = fields or [field.attname for field in self._meta.concrete_fields]
        stored.update((name, self.__dict__[name]) for name in names if name in self.__dict__)
        self._stored_row = (tuple(stored), tuple(stored.values()))

    @property
    def text_changed(self):
        """Whether the headline, standfirst, body or dateline differ from the stored row's."""
        row = getattr(self, "_stored_row", None)
        if row is None:
            return True  # a new story, or one not read from the database
        stored = {name: value for name, value in zip(*row, strict=True) if name in self.TEXT_FIELDS}
        # A field read deferred and never set is not written by save(): unchanged.
        return any(
            name not in stored or self.__dict__[name] != stored[name]
            for name in self.TEXT_FIELDS
            if name in self.__dict__
        )

    @property
    def was_live(self):
        """Whether the stored row (as read) was a story readers could see: a change to its
        text is then a revision readers are told of. False for a new story, or one whose
        status or time was not read."""
        row = getattr(self, "_stored_row", None)
        if row is None:
            return False
        stored = dict(zip(*row, strict=True))
        if "status" not in stored or "published_at" not in stored:
            return False
        published_at = stored["published_at"]
        return (
            stored["status"] == self.Status.PUBLISHED
            and published_at is not None
            and published_at <= timezone.now()
        )

    @property
    def modified_at(self):
        """When readers last saw the story change: its last revision (``revised_at``), else
        its publication."""
        if self.revised_at and (self.published_at is None or self.revised_at > self.published_at):
            return self.revised_at
        return self.published_at

    def reader_language(self, reader_language=None):
        """The reader language the story is read in: the active one (``reader_language``)
        when it shows stories in the story's language (an Uzbek story stays in /uz-cyrl/
        for a reader of Cyrillic), else the story's own language."""
        reader_language = reader_language or get_language() or self.language
        return reader_language if content_language(reader_language) == self.language else self.language

    def clean(self):
        if self.translation_of_id:
            self._clean_translation()
        if self.published_at and self.status != self.Status.PUBLISHED:
            raise ValidationError(
                {
                    "published_at": _(
                        "A publication time is only for published articles: choose Published "
                        "(a future time schedules it), or clear the time."
                    )
                }
            )

    def _clean_translation(self):
        """A translation group holds one story per language, around one source."""
        source = Article.objects.only("language", "translation_of_id").get(pk=self.translation_of_id)
        if self.pk and (source.pk == self.pk or source.translation_of_id == self.pk):
            raise ValidationError({"language": _("A story cannot be a translation of itself.")})
        taken = Article.objects.translations_of(self if self.pk else source).filter(language=self.language)
        if self.language == source.language or taken.exclude(pk=self.pk).exists():
            raise ValidationError(
                {
                    "language": _(
                        "This story's translation group already has a version in this language: "
                        "choose another language, or edit that version."
                    )
                }
            )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def comments_open(self):
        """Whether readers may comment: not closed here, and not past the site's time limit."""
        if self.comments_closed:
            return False
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        return not (days and self.published_at and timezone.now() > self.published_at + timedelta(days=days))

    @property
    def is_live(self):
        """Whether readers can see the article now."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class FrontPageStory(Article):
    """An article as one of the front page's featured stories (the admin's curation screen)."""

    class Meta:
        proxy = True
        verbose_name = _("front-page story")
        verbose_name_plural = _("front page")


class ArticleAuthor(NaturalKeyed, models.Model):
    """One name in an article's byline, in its printed order."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="byline", verbose_name=_("article")
    )
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="bylines", verbose_name=_("author")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in the byline: 1 comes first.")
    )

    objects = keyed_manager()
    natural_key_fields = ("article__slug", "author__slug")
    natural_key_dependencies = ("articles.article", "articles.author")

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("byline author")
        verbose_name_plural = _("byline")
        constraints = [
            models.UniqueConstraint(fields=("article", "author"), name="unique_author_per_article")
        ]

    def __str__(self):
        return f"{self.author} ({self.position})"


class StoryNote(NaturalKeyed, models.Model):
    """A correction, update or editor's note on a story, on the record: shown on the story
    (a correction near the top), in its feed entries and JSON-LD, and corrections on the
    site's corrections page. Adding one to a live story revises it (``revised_at``).

    Notes are not part of a story's revisions: restoring an earlier version of the text
    never takes a correction back off the record."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")
        EDITORS_NOTE = "editors-note", _("Editor's note")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="notes", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"),
        help_text=_(
            "As readers will read it. A correction says what was wrong and what is right: "
            "“An earlier version of this story gave the club's founding year as 2015. It was 2016.”"
        ),
    )
    noted_at = models.DateTimeField(
        _("time"), default=timezone.now, help_text=_("When the note was made, shown with it.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("added by"),
    )

    objects = keyed_manager()
    natural_key_fields = ("uid",)
    natural_key_dependencies = ("articles.article",)

    class Meta:
        ordering = ("noted_at", "pk")
        verbose_name = _("correction or note")
        verbose_name_plural = _("corrections and notes")
        indexes = [
            # The corrections page: newest first, corrections only.
            models.Index(
                models.F("noted_at").desc(),
                name="storynote_corrections_newest",
                condition=models.Q(kind="correction"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:80]}"

    def clean(self):
        self.text = self.text.strip()
        if not self.text:
            raise ValidationError({"text": _("Write the note as readers will read it.")})
        if self.noted_at and self.noted_at > timezone.now() + timedelta(minutes=1):
            raise ValidationError(
                {
                    "noted_at": _(
                        "A note is on the record from when it is made: its time cannot be in the future."
                    )
                }
            )

    @property
    def anchor(self):
        """The fragment of the story page's address that shows this note."""
        return f"note-{self.uid.hex[:12]}"


class FormerSlug(models.Model):
    """An address a story, topic, place, author or organisation had before its slug changed
    (or, for a topic, before it was merged into another): the old address answers a
    permanent redirect to the current one (``articles/former_slugs.py``). Kept in step by
    the signals in ``articles/signals.py`` and by ``services.merge_topics``; history, not
    content, so never in fixtures."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        TOPIC = "topic", _("topic")
        REGION = "region", _("region")
        AUTHOR = "author", _("author")
        ORGANISATION = "organisation", _("organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.CharField(_("former slug"), max_length=255)
    target_id = models.PositiveBigIntegerField(_("now at"))
    created_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        constraints = [models.UniqueConstraint(fields=("kind", "slug"), name="unique_former_slug")]
        indexes = [models.Index(fields=("kind", "target_id"), name="former_slug_target")]

    def __str__(self):
        return f"{self.kind}: {self.slug}"


class PhotoQuerySet(models.QuerySet):
    def expired(self, today=None):
        """Photos whose last day of use has passed."""
        return self.filter(usable_until__lt=today or timezone.localdate())

    def expiring(self, days=30, today=None):
        """Photos that may still be used, but for ``days`` more days at most."""
        today = today or timezone.localdate()
        return self.filter(usable_until__gte=today, usable_until__lte=today + timedelta(days=days))

    def on_live_stories(self):
        """Photos placed in a story readers can see now."""
        from ..querysets import published_condition

        placed = ImageCaption.objects.filter(published_condition("article__"), photo=models.OuterRef("pk"))
        return self.filter(models.Exists(placed))


class Photo(NaturalKeyed, models.Model):
    """A photo in the newsroom's library: the file, who made it and on what terms. Stored
    once, placed in any number of stories (``ImageCaption``), each with its own caption."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    image = WebImageField(
        _("image"),
        upload_to=UnguessableName("photos/%Y/%m"),
        width_field="width",
        height_field="height",
        blank=True,
        validators=[validate_image_file],
        help_text=_(
            "JPEG, PNG, GIF, WebP or TIFF (stored as a JPEG). Imported copy arrives without its "
            "photos: add them here."
        ),
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.TextField(
        _("default caption"),
        blank=True,
        help_text=_("Offered when the photo is placed in a story; each story keeps its own."),
    )
    alt_text = models.CharField(
        _("default alt text"),
        max_length=255,
        blank=True,
        help_text=_("What the photo shows, offered when it is placed in a story."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_("Exactly as printed, without brackets: Courtesy of Gulnaz Razdykova."),
    )
    credited_organisation = models.ForeignKey(
        SourceOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credited_photos",
        verbose_name=_("credited organisation"),
        help_text=_("The organisation the credit names, if any."),
    )
    photographer = models.CharField(_("photographer"), max_length=255, blank=True)
    copyright_notice = models.CharField(_("copyright notice"), max_length=500, blank=True)
    usage_terms = models.TextField(
        _("usage terms"),
        blank=True,
        help_text=_("What the licence allows, as the agency or photographer wrote it."),
    )
    usable_until = models.DateField(
        _("usable until"),
        null=True,
        blank=True,
        help_text=_("The last day the photo may be used. A story showing it cannot be published after that."),
    )
    keywords = models.CharField(
        _("keywords"), max_length=500, blank=True, help_text=_("Separated by commas.")
    )
    taken_on = models.DateField(_("date taken"), null=True, blank=True)
    # Where the subject is, as fractions of the width and height from the top left corner:
    # the cards' and the shared copy's crops keep it in the picture (``crop_box``).
    focal_x = models.FloatField(
        _("focal point across"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    focal_y = models.FloatField(
        _("focal point down"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    renditions = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="Smaller copies of the image: {width: storage name}.",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = keyed_manager(PhotoQuerySet)
    natural_key_fields = ("uid",)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("library photo")
        verbose_name_plural = _("photo library")
        indexes = [
            # The rights filters and the desk's list of photos whose use ends soon.
            models.Index(fields=("usable_until",), name="photo_usable_until"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="photo_focal_point_inside",
            ),
        ]

    def __str__(self):
        name = posixpath.basename(self.image.name) if self.image else gettext("no file yet")
        text = self.caption or self.credit
        return f"{text[:60]} ({name})" if text else str(name)

    def save(self, *args, **kwargs):
        self.credit = bare_credit(self.credit)
        self.keywords = ", ".join(dict.fromkeys(k.strip() for k in self.keywords.split(",") if k.strip()))
        super().save(*args, **kwargs)

    def clean(self):
        # Here as well as in save(): the admin and the fixture loader validate before
        # saving, and the loader saves raw (without calling save()).
        self.credit = bare_credit(self.credit)

    def is_expired(self, today=None):
        return self.usable_until is not None and self.usable_until < (today or timezone.localdate())

    @property
    def share_image(self):
        """What social networks and search engines are given: the JPEG made for them (several
        show no WebP), else the original until it is made; None without an image."""
        return share_image(self.image.name, self.renditions, self.width, self.height)

    def rendition_url(self, max_width):
        """The widest rendition no wider than ``max_width`` (the smallest if none is), else the original."""
        return rendition_url(self.image.name, self.renditions, max_width)

    @property
    def card_url(self):
        """The 3:2 crop around the focal point for the 160 px list thumbnail, sharp on
        high-density screens (a narrower copy of the whole picture until it is made)."""
        return card_thumbnail(self.image.name, self.renditions, self.width, self.height)[0]

    @property
    def card_height(self):
        """The list thumbnail's height at 160 px wide, so the page does not shift as it loads."""
        return card_thumbnail(self.image.name, self.renditions, self.width, self.height)[1]

    def crop_box(self, aspect):
        """The part of the picture a crop to ``aspect`` keeps (see ``crop_box``)."""
        return crop_box(self.width, self.height, aspect, self.focal_x, self.focal_y)

    @property
    def default_url(self):
        """What browsers without ``srcset`` get: a rendition of column width, not the original."""
        return self.rendition_url(800)

    @property
    def srcset(self):
        """``srcset`` for the renditions: "url 160w, url 480w, ..."."""
        return ", ".join(
            f"{default_storage.url(name)} {width}w"
            for width, name in sorted(web_renditions(self.renditions).items())
        )


class PlacementQuerySet(models.QuerySet):
    def only(self, *fields):
        """Some columns only: the library photo too if one of them is the photo's."""
        chosen = super().only(*fields)
        return chosen if any(name.startswith("photo") for name in fields) else chosen.select_related(None)

    def defer(self, *fields):
        chosen = super().defer(*fields)
        return chosen.select_related(None) if "photo" in fields else chosen


class PlacementManager(NaturalKeyManager.from_queryset(PlacementQuerySet)):
    """Placements come with their library photo (one row each: a join, not a query)."""

    def get_queryset(self):
        return super().get_queryset().select_related("photo")

    def create(self, **kwargs):
        """A placement; given the photo's own values (``image``, ``credited_organisation``…)
        instead of a ``photo``, a new library photo is made for it first, with the
        placement's caption, credit and alt text as its defaults."""
        if "photo" not in kwargs and "photo_id" not in kwargs:
            own = {name: kwargs.pop(name) for name in PHOTO_ONLY_FIELDS if name in kwargs}
            defaults = {name: kwargs[name] for name in ("caption", "credit", "alt_text") if name in kwargs}
            kwargs["photo"] = Photo.objects.create(**(defaults | own))
        return super().create(**kwargs)


# What a placement takes from its library photo (``ImageCaption``'s read-only properties).
PHOTO_ONLY_FIELDS = (
    "image",
    "width",
    "height",
    "renditions",
    "credited_organisation",
    "credited_organisation_id",
    "photographer",
    "copyright_notice",
    "usage_terms",
    "usable_until",
    "keywords",
    "taken_on",
)


class ImageCaption(NaturalKeyed, models.Model):
    """A library photo placed in a story: its caption, credit and alt text as this story
    prints them, and its place in the text."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="photos", verbose_name=_("article")
    )
    photo = models.ForeignKey(
        Photo,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("library photo"),
    )
    caption = models.TextField(_("caption"), help_text=_("As printed under the photo, without the credit."))
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_(
            "As printed in this story, without brackets; left empty, the library photo's credit is printed."
        ),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    after_paragraph = models.PositiveSmallIntegerField(
        _("after paragraph"),
        null=True,
        blank=True,
        help_text=_("Show the photo after this paragraph of the text. Leave empty for the lead photo."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order among the article's photos.")
    )

    objects = PlacementManager()
    natural_key_fields = ("uid",)
    natural_key_dependencies = ("articles.article", "articles.photo")

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption[:80]

    def save(self, *args, **kwargs):
        self.credit = bare_credit(self.credit)
        super().save(*args, **kwargs)

    def clean(self):
        # Here as well as in save(): the admin and the fixture loader validate before
        # saving, and the loader saves raw (without calling save()).
        self.credit = bare_credit(self.credit)

    @property
    def is_lead(self):
        return self.after_paragraph is None

    @property
    def printed_credit(self):
        """The credit to print between brackets: this story's, else the library photo's.
        Stored credits have no brackets (see save()), but a row written around save(), such
        as an old revision restored as it was, may."""
        return bare_credit(self.credit) or (bare_credit(self.photo.credit) if self.photo_id else "")

    # The library photo's file and rights, read through the placement.

    @property
    def image(self):
        return self.photo.image

    @property
    def width(self):
        return self.photo.width

    @property
    def height(self):
        return self.photo.height

    @property
    def renditions(self):
        return self.photo.renditions

    @property
    def credited_organisation(self):
        return self.photo.credited_organisation

    @property
    def credited_organisation_id(self):
        return self.photo.credited_organisation_id

    @property
    def share_image(self):
        return self.photo.share_image

    def rendition_url(self, max_width):
        return self.photo.rendition_url(max_width)

    @property
    def card_url(self):
        return self.photo.card_url

    @property
    def card_height(self):
        return self.photo.card_height

    @property
    def default_url(self):
        return self.photo.default_url

    @property
    def srcset(self):
        return self.photo.srcset


CARD_RENDITION_WIDTH = 480
# The cards' thumbnails are cropped to 3:2 around the focal point, 480 px wide (three times
# the 160 px they are shown at), recorded among the renditions under this key.
CARD_RENDITION = "card"
CARD_ASPECT = (3, 2)
# The JPEG for sharing (``og:image``, JSON-LD), cropped to 1200 × 630 (what Facebook,
# LinkedIn and X ask for) around the focal point, never upscaled; recorded under this key
# beside the WebP copies of the whole picture, recorded under their widths.
SHARE_RENDITION = "share"
SHARE_ASPECT = (1200, 630)
SHARE_RENDITION_WIDTH = 1200
# A crop's name ends in its size ("…-share-1200x630.jpg"), so pages tell it from the name.
_SIZE_IN_NAME = re.compile(r"-(?P<width>[0-9]+)x(?P<height>[0-9]+)\.[a-z]+$")


class SharedImage(NamedTuple):
    url: str
    width: int | None
    height: int | None


def web_renditions(renditions):
    """{width: storage name} of a photo's WebP renditions (the recorded ones minus the JPEG)."""
    return {int(key): name for key, name in renditions.items() if key.isdigit()}


def rendition_url(image_name, renditions, max_width):
    """The address of a photo's widest rendition no wider than ``max_width`` (the smallest if
    none is), else of the original; from the stored values alone, so lists need no objects."""
    widths = web_renditions(renditions or {})
    if not widths:
        return default_storage.url(image_name) if image_name else ""
    chosen = max((w for w in widths if w <= max_width), default=min(widths))
    return default_storage.url(widths[chosen])


def scaled_height(width, height, to_width):
    """The height of a ``width`` × ``height`` photo made ``to_width`` wide (at least 1 px)."""
    return max(1, round(height * to_width / width))


def crop_box(width, height, aspect, focal_x=0.5, focal_y=0.5):
    """The largest part of a ``width`` × ``height`` picture in proportion ``aspect`` (a width
    and a height), centred on the focal point (fractions across and down) as far as the
    picture's edges allow: (left, top, right, bottom) in pixels."""
    aspect_width, aspect_height = aspect
    if width * aspect_height > height * aspect_width:  # wider than the crop: all its height
        box_width, box_height = max(1, min(width, round(height * aspect_width / aspect_height))), height
    else:
        box_width, box_height = width, max(1, min(height, round(width * aspect_height / aspect_width)))
    left = min(max(round(focal_x * width - box_width / 2), 0), width - box_width)
    top = min(max(round(focal_y * height - box_height / 2), 0), height - box_height)
    return left, top, left + box_width, top + box_height


def crop_size(width, height, aspect, max_width):
    """The size of the rendition of a crop to ``aspect``: ``max_width`` wide, or the crop's
    own size if it is narrower (never upscaled)."""
    left, top, right, bottom = crop_box(width, height, aspect)
    box_width, box_height = right - left, bottom - top
    if box_width <= max_width:
        return box_width, box_height
    return max_width, max(1, round(max_width * aspect[1] / aspect[0]))


def size_in_name(name):
    """The (width, height) a crop's storage name ends in, or None."""
    match = _SIZE_IN_NAME.search(name or "")
    return (int(match["width"]), int(match["height"])) if match else None


def share_image(image_name, renditions, width, height):
    """A photo's SharedImage (see ``ImageCaption.share_image``), from its stored values: the
    1200 × 630 crop once made (an older uncropped copy without its size), else the original."""
    if not image_name:
        return None
    name = (renditions or {}).get(SHARE_RENDITION)
    if name is None:
        return SharedImage(default_storage.url(image_name), width, height)
    return SharedImage(default_storage.url(name), *(size_in_name(name) or (None, None)))


def card_thumbnail(image_name, renditions, width, height):
    """(address, height at 160 px wide) of a photo's card thumbnail, from its stored values:
    the 3:2 crop once made, else the widest copy of the whole picture fit for it."""
    size = size_in_name((renditions or {}).get(CARD_RENDITION))
    if size:
        return default_storage.url(renditions[CARD_RENDITION]), card_height(*size)
    return rendition_url(image_name, renditions, CARD_RENDITION_WIDTH), card_height(width, height)


_BRACKETS = re.compile(r"^\s*\[(?P<inside>.*)\]\s*$", re.DOTALL)


def bare_credit(credit):
    """``credit`` without the brackets it is printed in: "[Courtesy of X]" becomes "Courtesy of
    X" (twice bracketed, twice). Brackets that do not enclose the whole credit stay, as in
    "[AP] and [Reuters]" or "Photo by Ann [left]"."""
    credit = (credit or "").strip()
    while (match := _BRACKETS.match(credit)) and _balanced(match["inside"]):
        credit = match["inside"].strip()
    return credit


def _balanced(text):
    """Whether every "]" in ``text`` closes a "[" before it, and every "[" is closed."""
    depth = 0
    for char in text:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def card_height(width, height):
    """A photo's height as a 160 px list thumbnail, so the page does not shift as it loads."""
    return round(160 * height / width) if width and height else 107


# Every save of an article is kept as a revision together with its byline, photos and
# topics, so a revision can be compared with another and restored whole.
reversion.register(ArticleAuthor)
reversion.register(Photo)
reversion.register(ImageCaption)
reversion.register(TaggedArticle)
reversion.register(Article, follow=("byline", "photos", "topic_links"))
