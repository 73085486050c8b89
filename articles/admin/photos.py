"""The photo library: every photo the newsroom holds, once, with its credit and rights.

Editors find a photo by what its caption, credit, photographer or keywords say, narrow the
list by the credited organisation and by rights (expired, ending within 30 days), see in
how many stories each is placed (a link lists them), and choose one in a story's form by
type-ahead with thumbnails (``PhotoAutocompleteSelect``). A new file uploaded here or in a
story's form is read for the caption, credit and rights its photographer wrote into it.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import roles
from ..importing.importer import Directory
from ..models import Article, Photo
from ..models.content import CARD_ASPECT, SHARE_ASPECT
from ..photo_metadata import read_embedded_metadata
from ..renditions import ensure_renditions
from ..validators import row_id
from .safety import KnownKeysAutocompleteSelect, SafeInputsMixin

EXPIRING_DAYS = 30
THUMBNAIL_WIDTH = 96
PREVIEW_WIDTH = 360
CROP_PREVIEW_WIDTH = 200

# What a new file's metadata fills in a library photo when the form left it empty.
FROM_FILE = (
    "caption",
    "alt_text",
    "credit",
    "photographer",
    "copyright_notice",
    "usage_terms",
    "keywords",
    "taken_on",
)


def library_values(found, names=FROM_FILE):
    """{field: value} for a library photo from ``found`` (photo_metadata.EmbeddedMetadata):
    the ``names`` the file says something about, keywords joined, text cut to its column."""
    values = {}
    for name in names:
        value = getattr(found, name)
        if name == "keywords":
            value = ", ".join(value)
        if not value:
            continue
        limit = Photo._meta.get_field(name).max_length
        values[name] = value[:limit] if limit and isinstance(value, str) else value
    return values


def on_published_stories(photo):
    """Whether a published (or scheduled) story shows ``photo``."""
    return Article.objects.filter(photos__photo=photo, status=Article.Status.PUBLISHED).exists()


def credited_organisation(credit):
    """The known organisation ``credit`` names (by any of its names), if any."""
    return Directory.from_database().organisation_credited(credit) if credit else None


class RightsFilter(admin.SimpleListFilter):
    title = _("rights")
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return (
            ("expired", _("expired")),
            ("expiring", _("ending within 30 days")),
            ("limited", _("with an end date")),
            ("unlimited", _("no end date")),
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value == "expired":
            return queryset.expired()
        if value == "expiring":
            return queryset.expiring(EXPIRING_DAYS)
        if value == "limited":
            return queryset.filter(usable_until__isnull=False)
        if value == "unlimited":
            return queryset.filter(usable_until__isnull=True)
        return queryset


class FileFilter(admin.SimpleListFilter):
    title = _("file")
    parameter_name = "file"

    def lookups(self, request, model_admin):
        return (("yes", _("has its file")), ("no", _("waiting for its file")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(image="")
        if self.value() == "no":
            return queryset.filter(image="")
        return queryset


class ShowsPhotoFilter(admin.SimpleListFilter):
    """The story list narrowed to the stories showing one library photo (the library's
    "used in" links); offered only while it is in use."""

    title = _("library photo")
    parameter_name = "photo"

    def lookups(self, request, model_admin):
        if not self.value():
            return []
        photo = Photo.objects.filter(pk=row_id(self.value())).first()
        if photo is None:
            # Still offered, so the list is narrowed (to nothing): Django applies only the
            # filters that show.
            return [(self.value(), gettext("(deleted %(kind)s)") % {"kind": Photo._meta.verbose_name})]
        return [(str(photo.pk), str(photo))]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(photos__photo_id=row_id(self.value()) or 0).distinct()
        return queryset


FOCAL_FIELDS = ("focal_x", "focal_y")


class FocalPercentField(forms.FloatField):
    """One coordinate of the focal point as editors read it, in per cent of the width or
    height from the top left corner; stored as a fraction (``Photo.focal_x``)."""

    def __init__(self, **kwargs):
        super().__init__(
            min_value=0,
            max_value=100,
            required=False,  # left empty: where it was
            widget=forms.NumberInput(attrs={"step": "0.1", "class": "focal-input"}),
            **kwargs,
        )

    def clean(self, value):
        percent = super().clean(value)
        return None if percent is None else round(percent / 100, 4)


class LibraryPhotoForm(forms.ModelForm):
    """A library photo whose new file fills what the form left empty (``photo_metadata``),
    with its focal point in per cent (click the preview to set it: ``focal-point.js``)."""

    focal_x = FocalPercentField(
        label=_("Focal point across"),
        help_text=_("Per cent of the width: 0 is the left edge, 100 the right."),
    )
    focal_y = FocalPercentField(
        label=_("Focal point down"), help_text=_("Per cent of the height: 0 is the top, 100 the bottom.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FOCAL_FIELDS:
            self.initial[name] = round(getattr(self.instance, name) * 100, 1)

    def clean(self):
        cleaned = super().clean()
        for name in FOCAL_FIELDS:
            if name not in self.errors and cleaned.get(name) is None:
                cleaned[name] = getattr(self.instance, name)
        image = cleaned.get("image")
        if isinstance(image, UploadedFile):
            for name, value in library_values(read_embedded_metadata(image)).items():
                if name in self.fields and not cleaned.get(name):
                    cleaned[name] = value
            if not cleaned.get("credited_organisation"):
                cleaned["credited_organisation"] = credited_organisation(cleaned.get("credit"))
            if self.instance.pk and not any(name in self.changed_data for name in FOCAL_FIELDS):
                # Another picture: the old one's subject says nothing about where this one's is.
                cleaned.update(dict.fromkeys(FOCAL_FIELDS, 0.5))
        return cleaned


class PhotoChoices(AutocompleteJsonView):
    """The type-ahead's answers for library photos, each with its thumbnail and credit."""

    def serialize_result(self, obj, to_field_name):
        warning = ""
        if obj.is_expired():
            warning = gettext("usage rights ended on %(date)s") % {
                "date": date_format(obj.usable_until, "DATE_FORMAT")
            }
        elif not obj.image:
            warning = gettext("no file yet")
        return super().serialize_result(obj, to_field_name) | {
            "thumbnail": obj.card_url if obj.image else "",
            "credit": obj.credit,
            "warning": warning,
        }


class PhotoAutocompleteSelect(KnownKeysAutocompleteSelect):
    """The story form's choice of a library photo: a type-ahead whose answers show a
    thumbnail (``articles/admin/photo-choice.js`` draws them)."""

    url_name = "%s:articles_photo_choices"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["class"] += " photo-choice"
        return attrs


@admin.register(Photo)
class PhotoAdmin(SafeInputsMixin, admin.ModelAdmin):
    form = LibraryPhotoForm
    list_display = ("thumbnail", "description", "credit", "photographer", "rights", "used_in")
    list_filter = (RightsFilter, FileFilter, ("credited_organisation", admin.RelatedOnlyFieldListFilter))
    search_fields = ("caption", "alt_text", "credit", "photographer", "keywords", "copyright_notice")
    autocomplete_fields = ("credited_organisation",)
    readonly_fields = ("preview", "placed_in", "size", "created_at", "updated_at")
    list_per_page = 50

    class Media:
        css = {"all": ("articles/admin/newsroom.css",)}
        js = ("articles/admin/focal-point.js",)

    fieldsets = (
        (None, {"fields": ("preview", ("focal_x", "focal_y"), "image", "size", "caption", "alt_text")}),
        (
            _("Credit and rights"),
            {
                "fields": (
                    "credit",
                    "credited_organisation",
                    "photographer",
                    "copyright_notice",
                    "usage_terms",
                    "usable_until",
                )
            },
        ),
        (_("Description"), {"fields": ("keywords", "taken_on")}),
        (_("Use"), {"fields": ("placed_in", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("credited_organisation")
            .annotate(story_count=Count("placements__article", distinct=True))
            # Counting groups the rows, which drops the model's own order: the newest first.
            .order_by("-created_at", "-pk")
        )

    def get_urls(self):
        choices = PhotoChoices.as_view(admin_site=self.admin_site)
        return [
            path("choices/", self.admin_site.admin_view(choices), name="articles_photo_choices"),
            *super().get_urls(),
        ]

    def has_change_permission(self, request, obj=None):
        # A library photo's credit and rights print on every story placing it: contributors
        # may correct a photo only while no published (or scheduled) story shows it, as
        # with authors (taxonomy.py).
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or roles.can_publish(request.user):
            return allowed
        return not on_published_stories(obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.image:  # a new picture, or crops around a new focal point (else nothing to do)
            ensure_renditions(obj)

    @admin.display(description="")
    def thumbnail(self, photo):
        if not photo.image:
            return gettext("No file yet")
        return format_html(
            '<img src="{}" alt="" width="{}" loading="lazy" class="library-thumb">',
            photo.card_url,
            THUMBNAIL_WIDTH,
        )

    @admin.display(description=_("caption"), ordering="caption")
    def description(self, photo):
        return (photo.caption or photo.alt_text)[:120] or "—"

    @admin.display(description=_("usable until"), ordering="usable_until")
    def rights(self, photo):
        if photo.usable_until is None:
            return "—"
        today = timezone.localdate()
        when = date_format(photo.usable_until, "DATE_FORMAT")
        if photo.usable_until < today:
            return format_html(
                '<strong class="rights-expired">{}</strong>', gettext("ended %(date)s") % {"date": when}
            )
        text = gettext("until %(date)s") % {"date": when}
        if photo.usable_until <= today + timedelta(days=EXPIRING_DAYS):
            return format_html('<strong class="rights-ending">{}</strong>', text)
        return text

    @admin.display(description=_("used in"), ordering="story_count")
    def used_in(self, photo):
        count = photo.story_count
        if not count:
            return gettext("no story")
        url = (
            reverse("admin:articles_article_changelist")
            + "?"
            + urlencode({ShowsPhotoFilter.parameter_name: photo.pk})
        )
        return format_html(
            '<a href="{}">{}</a>',
            url,
            ngettext("%(count)d story", "%(count)d stories", count) % {"count": count},
        )

    @admin.display(description=_("photo and its crops"))
    def preview(self, photo):
        """The picture, on which a click sets the focal point (``focal-point.js``), and the
        crops readers get: what is made now, redrawn as the point moves."""
        if not photo.image:
            return gettext("No file yet: the focal point is set once the photo is saved.")
        crops = [
            (CARD_ASPECT, photo.card_url, gettext("Lists (3:2)")),
            (SHARE_ASPECT, photo.share_image.url, gettext("Shared on social networks (1200 × 630)")),
        ]
        return format_html(
            '<div class="focal-picker" data-width="{}" data-height="{}">'
            '<div class="focal-frame" data-label="{}"><img src="{}" alt="" width="{}" class="photo-preview">'
            '<span class="focal-marker" hidden></span></div>'
            '<p class="help focal-help" hidden>{}</p>'
            '<div class="focal-crops">{}</div></div>',
            photo.width,
            photo.height,
            gettext("The photo: where its subject is"),
            photo.default_url,
            PREVIEW_WIDTH,
            gettext(
                "Click the subject to keep it in the crops (or move the point with the arrow "
                "keys once the picture has the focus). The crops are made when you save."
            ),
            format_html_join(
                "",
                '<figure class="focal-crop" data-aspect="{}"><img src="{}" alt="" width="{}">'
                "<figcaption>{}</figcaption></figure>",
                ((f"{w}:{h}", url, CROP_PREVIEW_WIDTH, label) for (w, h), url, label in crops),
            ),
        )

    @admin.display(description=_("size"))
    def size(self, photo):
        return f"{photo.width} × {photo.height}" if photo.width else "—"

    @admin.display(description=_("placed in"))
    def placed_in(self, photo):
        if not photo.pk:
            return "—"
        stories = Article.objects.filter(photos__photo=photo).distinct().only("headline", "status")
        links = [
            format_html(
                '<li><a href="{}">{}</a> ({})</li>',
                reverse("admin:articles_article_change", args=[story.pk]),
                story.headline,
                story.get_status_display(),
            )
            for story in stories.order_by("-published_at", "-pk")[:50]
        ]
        if not links:
            return gettext("No story shows it yet.")
        return format_html("<ul>{}</ul>", format_html("".join(["{}"] * len(links)), *links))
