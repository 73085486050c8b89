"""The inlines of the article page: its byline and its photos, each in the editor's order.

Saving numbers the rows 1, 2, 3... in the order the editor put them, so every list of
them (the page, feeds, JSON-LD, cards, revisions) reads one order. A photo chosen in the
form is kept between submits (``photo_stash``): an error anywhere in the form never
costs the editor the file they chose.
"""

import logging
from functools import partial

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import publishing, roles
from ..models import Article, ArticleAuthor, ImageCaption, Photo, SourceOrganisation, StoryNote
from ..photo_metadata import read_embedded_metadata
from ..validators import check_image_file
from . import photo_stash
from .photos import PhotoAutocompleteSelect, credited_organisation, library_values, on_published_stories
from .safety import KnownKeysAutocompleteSelect, SafeInputsMixin

logger = logging.getLogger(__name__)

NO_IMAGE = _("Choose a photo from the library or a new file, or remove this row.")
NO_ALT_TEXT = _("A published article's photos need alt text: describe what the photo shows.")


class PositionedInlineFormSet(BaseInlineFormSet):
    """Rows numbered 1, 2, 3... when saved, in the order of the positions the editor typed.

    Ties keep the form's order, and rows without a position (empty or 0, as a new row
    may come) follow the others. Rows the editor left alone are renumbered too, so old
    rows numbered 0, 0 or with gaps come out straight.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "position" in form.fields:
            form.fields["position"].required = False  # no position: after the others

    def _saved_in_order(self):
        """The forms whose rows exist after saving, in the order the editor put them."""
        initial, deleted = self.initial_form_count(), self.deleted_forms
        kept = [
            form
            for index, form in enumerate(self.forms)
            if form not in deleted
            and (form.instance.pk is not None if index < initial else form.has_changed())
        ]

        def typed(form):  # rows without a position last; sorted() keeps the form's order in ties
            position = form.cleaned_data.get("position")
            return (not position, position or 0)

        return sorted(kept, key=typed)

    def save(self, commit=True):
        untouched = []
        for number, form in enumerate(self._saved_in_order(), start=1):
            form.instance.position = number
            if (
                form.instance.pk is not None
                and not form.has_changed()
                and form.initial.get("position") != number
            ):
                untouched.append(form.instance)  # Django saves changed and new rows only
        saved = super().save(commit)
        for row in untouched:
            if commit:
                row.save(update_fields=["position"])
            else:
                saved.append(row)
            self.changed_objects.append((row, ["position"]))  # named in the change message
        return saved


class KeptToken(str):
    """The hidden token of a kept photo: the image input's value when no new file came."""


class KeptImageInput(AdminFileWidget):
    """The admin's file input, preceded by the photo kept from the last submit, if any: its
    name, a preview and, in a hidden ``<name>_kept`` field, the token that names it."""

    kept = None  # the photo_stash.Kept this row holds, set by the form

    @staticmethod
    def token_name(name):
        return f"{name}_kept"

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        token = data.get(self.token_name(name))
        if value is None and token:  # no new file chosen, and none cleared
            return KeptToken(token)
        return value

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and self.token_name(name) not in data

    def render(self, name, value, attrs=None, renderer=None):
        file_input = super().render(name, value, attrs, renderer)
        if self.kept is None:
            return file_input
        image = photo_stash.preview(self.kept)
        return format_html(
            '<div class="kept-photo"><p>{}</p>{}<input type="hidden" name="{}" value="{}"></div>{}',
            gettext("Kept from your last submit: %(file)s") % {"file": self.kept.file_name},
            format_html(
                '<img src="{}" alt="" width="{}" class="photo-preview">', image, photo_stash.PREVIEW_WIDTH
            )
            if image
            else "",
            self.token_name(name),
            self.kept.token,
            file_input,
        )


class KeptImageField(forms.ImageField):
    """An image field that, when no new file is chosen, takes the photo kept from the last
    submit, if it is ``owner``'s (the editor the form is shown to)."""

    owner = None

    def to_python(self, data):
        if isinstance(data, KeptToken):
            data = photo_stash.take(data, owner=self.owner)
        return super().to_python(data)

    def has_changed(self, initial, data):
        return isinstance(data, KeptToken) or super().has_changed(initial, data)


# What a newly chosen file's own metadata fills when the editor left it empty:
# (form field, photo_metadata.EmbeddedMetadata attribute).
FILLED_FROM_FILE = (("caption", "caption"), ("credit", "credit"), ("alt_text", "alt_text"))
# What a new library photo also takes from its file.
LIBRARY_FROM_FILE = ("photographer", "copyright_notice", "usage_terms", "keywords", "taken_on")
FROM_FILE_HELP = _(
    "Leave the caption, credit or alt text empty to use what the photographer wrote into a new file."
)
BOTH_CHOSEN = _("Choose a photo from the library or upload a new file, not both.")
PUBLISHED_PHOTO = _(
    "This library photo is shown in published stories: only editors may change its credited organisation."
)
IMAGE_HELP = _(
    "A new file goes into the photo library. To show a photo the library already has, choose it above instead."
)


class PhotoInlineForm(forms.ModelForm):
    """A photo placed in the story: a library photo chosen by type-ahead, or a new file
    uploaded here, which becomes a library photo. The file is kept between submits; the
    caption, credit and alt text the photographer wrote into a new file fill the fields the
    editor left empty (``photo_metadata``), and a credit naming a known organisation links
    it. A chosen library photo offers its own default caption and alt text the same way."""

    image = KeptImageField(
        label=_("new photo file"),
        required=False,
        widget=KeptImageInput,
        help_text=format_lazy("{} {}", IMAGE_HELP, FROM_FILE_HELP),
    )
    credited_organisation = forms.ModelChoiceField(
        queryset=SourceOrganisation.objects.all(),
        required=False,
        widget=KnownKeysAutocompleteSelect(Photo._meta.get_field("credited_organisation"), admin.site),
        label=_("credited organisation"),
        help_text=_("The organisation the credit names, if any (the library photo's, in every story)."),
    )

    class Meta:
        fields = ("photo", "caption", "credit", "alt_text", "after_paragraph", "position")

    def __init__(self, *args, stash_owner=None, story_language=None, may_change_published=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_change_published = may_change_published
        self.stash_owner = stash_owner
        self.story_language = story_language
        self.fields["image"].owner = stash_owner
        self.fields["image"].validators = [validate_new_upload]
        if "photo" in self.fields:
            self.fields["photo"].required = False  # a new file makes one (save())
        if self.instance.pk and self.instance.photo_id:
            self.initial.setdefault("credited_organisation", self.instance.photo.credited_organisation_id)
        # Required still, but the file's or the library photo's own caption may fill it.
        self.fields["caption"].required = False
        self.new_library_photo = None

    @property
    def kept(self):
        """The photo_stash.Kept of this row's file, if it is kept."""
        return self.fields["image"].widget.kept

    @property
    def library_photo(self):
        """The library photo this row shows once saved (None for a new file, made on save)."""
        data = getattr(self, "cleaned_data", {})
        if isinstance(data.get("image"), UploadedFile):
            return None
        return data.get("photo") or (self.instance.photo if self.instance.photo_id else None)

    @property
    def has_image(self):
        photo = self.library_photo
        return isinstance(self.cleaned_data.get("image"), UploadedFile) or bool(photo and photo.image)

    @property
    def usable_until(self):
        """The library photo's last day of use (a new file has none yet)."""
        photo = self.library_photo
        return photo.usable_until if photo is not None else None

    def clean(self):
        cleaned = super().clean()
        image = cleaned.get("image")
        if isinstance(image, photo_stash.KeptUpload):
            self.fields["image"].widget.kept = image.kept
        chosen = cleaned.get("photo")
        if chosen is None and self.instance.photo_id and not isinstance(image, UploadedFile):
            # The choice cleared: a placed row keeps its photo (remove the row to take it out).
            chosen = cleaned["photo"] = self.instance.photo
        if isinstance(image, UploadedFile) and chosen is not None and chosen.pk != self.instance.photo_id:
            self.add_error("photo", BOTH_CHOSEN)
        elif isinstance(image, UploadedFile):  # a new file, or one kept for it
            self.fill_from_file(cleaned)
        elif chosen is not None and chosen.pk != self.instance.photo_id:
            self.fill_from_library(cleaned, chosen)
        photo, organisation = self.library_photo, cleaned.get("credited_organisation")
        if (
            not self.may_change_published
            and photo is not None
            and (organisation.pk if organisation else None) != photo.credited_organisation_id
            and on_published_stories(photo)
        ):
            self.add_error("credited_organisation", PUBLISHED_PHOTO)
        if not cleaned.get("caption") and "caption" not in self.errors:
            self.add_error("caption", self.fields["caption"].error_messages["required"])
        return cleaned

    def _fill(self, cleaned, filled):
        """Put ``filled`` into the cleaned data, and into the form's data too, so a form shown
        again for another error shows it."""
        cleaned.update(filled)
        self.data = self.data.copy()
        for name, value in filled.items():
            self.data[self.add_prefix(name)] = value.pk if name == "credited_organisation" else value

    def _get_validation_exclusions(self):
        # A new file's library photo is made on save; a row with neither a file nor a
        # library photo is refused by the formset, with its own message (NO_IMAGE).
        return super()._get_validation_exclusions() | {"photo"}

    def fill_from_library(self, cleaned, photo):
        """A library photo just chosen offers its default caption and alt text."""
        filled = {name: getattr(photo, name) for name in ("caption", "alt_text") if not cleaned.get(name)}
        filled = {name: value for name, value in filled.items() if value}
        if not cleaned.get("credited_organisation") and photo.credited_organisation_id:
            filled["credited_organisation"] = photo.credited_organisation
        if filled:
            self._fill(cleaned, filled)

    def fill_from_file(self, cleaned):
        """Fill the empty fields from the new file's metadata."""
        found = read_embedded_metadata(cleaned["image"], language=self.story_language)
        self.embedded = found
        filled = {}
        for name, attribute in FILLED_FROM_FILE:
            value = getattr(found, attribute)
            if value and not cleaned.get(name):
                limit = getattr(self.fields[name], "max_length", None)
                filled[name] = value[:limit] if limit else value
        if not cleaned.get("credited_organisation"):
            organisation = credited_organisation(filled.get("credit", cleaned.get("credit")))
            if organisation is not None:
                filled["credited_organisation"] = organisation
        if filled:
            self._fill(cleaned, filled)

    def save(self, commit=True):
        placement = super().save(commit=False)
        image = self.cleaned_data.get("image")
        organisation = self.cleaned_data.get("credited_organisation")
        if isinstance(image, UploadedFile):
            photo = placement.photo if placement.photo_id and not placement.photo.image else None
            if photo is None:  # a new library photo; the one shown before stays in the library
                photo = Photo()
            photo.image = image
            photo.caption = photo.caption or placement.caption
            photo.alt_text = photo.alt_text or placement.alt_text
            photo.credit = photo.credit or placement.credit
            found = getattr(self, "embedded", None)
            if found is not None:
                for name, value in library_values(found, LIBRARY_FROM_FILE).items():
                    if not getattr(photo, name):
                        setattr(photo, name, value)
            photo.credited_organisation = organisation
            photo.save()
            placement.photo = photo
            self.new_library_photo = photo
        elif placement.photo_id and "credited_organisation" in self.changed_data:
            placement.photo.credited_organisation = organisation
            placement.photo.save(update_fields=["credited_organisation", "updated_at"])
        if commit:
            placement.save()
        return placement

    def keep_new_file(self):
        """Keep the file newly chosen for this row, once it has passed every check."""
        image = self.cleaned_data.get("image")
        if (
            self.stash_owner is None
            or "image" in self.errors
            or not isinstance(image, UploadedFile)
            or isinstance(image, photo_stash.KeptUpload)
        ):
            return
        try:
            self.fields["image"].widget.kept = photo_stash.keep(image, owner=self.stash_owner)
        except Exception as exc:  # storage away: a convenience lost must not stop the save
            logger.warning("Could not keep %s for the next submit: %s", image.name, exc)


def validate_new_upload(upload):
    """A new file is checked as the library's image field checks uploads (whole, decodable,
    a web format, within the limits)."""
    if isinstance(upload, UploadedFile):
        check_image_file(upload.file, upload.size)


class PhotoInlineFormSet(PositionedInlineFormSet):
    """Every photo row has its file; a published article's photos also say what they show."""

    stash_owner = None  # the editor's user id, set for each request by ImageCaptionInline
    may_change_published = True  # whether they may change what published stories show

    def get_form_kwargs(self, index):
        return super().get_form_kwargs(index) | {
            "stash_owner": self.stash_owner,
            "story_language": self.instance.language,
            "may_change_published": self.may_change_published,
        }

    def clean(self):
        super().clean()
        published = self.instance.status == Article.Status.PUBLISHED
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            form.keep_new_file()
            # The publish checks' own rule (publishing.py), field by field.
            checked = publishing.Photo(
                has_image=form.has_image, alt_text=data.get("alt_text", ""), usable_until=form.usable_until
            )
            gaps = publishing.photo_gaps(checked)
            if "image" in gaps:
                # A draft may keep a row waiting for its file (imported copy arrives without
                # its photos); a new or changed row, or a published article's, may not.
                if "image" not in form.errors and (published or form.has_changed()):
                    form.add_error("image", NO_IMAGE)
            elif published and "alt_text" in gaps:
                form.add_error("alt_text", NO_ALT_TEXT)
            if published and "rights" in gaps:
                form.add_error(
                    "photo",
                    gettext(
                        "This photo's usage rights ended on %(date)s: a published story cannot show it. "
                        "Choose another photo or remove this row."
                    )
                    % {"date": date_format(checked.usable_until, "DATE_FORMAT")},
                )
        if published and self.instance.pk:
            self._check_photos_not_in_the_form()

    def _check_photos_not_in_the_form(self):
        """The publish checks also cover stored photos a submitted form left out of its rows."""
        in_form = [form.instance.pk for form in self.forms if form.instance.pk]
        left_out = ImageCaption.objects.filter(article=self.instance).exclude(pk__in=in_form)
        photos = [publishing.checked_photo(placement) for placement in left_out]
        if any(publishing.photo_gaps(photo) for photo in photos):
            raise ValidationError(
                gettext(
                    "Not published: photos stored with this article but missing from this form lack their "
                    "file or alt text, or may no longer be used. Reload the page and complete them."
                )
            )

    def save(self, commit=True):
        saved = super().save(commit)
        for form in self.forms:
            if form.kept is not None:  # used now, or its row removed
                transaction.on_commit(partial(photo_stash.discard, form.kept))
        return saved


class ArticleAuthorInline(SafeInputsMixin, admin.TabularInline):
    model = ArticleAuthor
    formset = PositionedInlineFormSet
    extra = 0
    autocomplete_fields = ("author",)
    fields = ("position", "author")
    verbose_name = _("author")
    verbose_name_plural = _("Byline (in printed order)")


class ImageCaptionInline(SafeInputsMixin, admin.StackedInline):
    model = ImageCaption
    form = PhotoInlineForm
    formset = PhotoInlineFormSet
    extra = 0
    autocomplete_fields = ("photo",)
    fields = (
        "current_image",
        "photo",
        "image",
        "caption",
        "credit",
        "credited_organisation",
        "alt_text",
        "after_paragraph",
        "position",
    )
    readonly_fields = ("current_image",)

    @property
    def media(self):
        # photo-choice.js after Django's select2 set-up, which it draws again with thumbnails:
        # the same files the autocomplete widgets name, so Django's merge keeps one of each.
        extra = "" if settings.DEBUG else ".min"
        return super().media + forms.Media(
            js=(
                "articles/admin/photo-preview.js",
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                "admin/js/jquery.init.js",
                "admin/js/autocomplete.js",
                "articles/admin/photo-choice.js",
            )
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.stash_owner = request.user.pk  # a class made for this request
        formset.may_change_published = roles.can_publish(request.user)
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            kwargs["widget"] = PhotoAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("photo"))
    def current_image(self, placement):
        if not placement.photo_id or not placement.photo.image:
            return gettext("No image yet")
        photo = placement.photo
        if not getattr(photo.image, "_committed", True):  # FieldFile's private flag: not stored
            return gettext("A new file, not saved yet")
        return format_html(
            '<img src="{}" alt="{}" width="240" class="photo-preview">', photo.image.url, placement.alt_text
        )


class StoryNoteInline(admin.StackedInline):
    """Corrections, updates and editor's notes, on the record: readers see each with its
    time (a correction near the top of the story), and corrections on the corrections page.
    Only editors add them (the permissions, migration 0022); a new one on a published story
    is its new "Updated" time."""

    model = StoryNote
    extra = 0
    # Its time is when it is added, and is not edited: the record cannot be backdated.
    fields = ("kind", "text", "noted_at")
    readonly_fields = ("noted_at",)
    verbose_name = _("correction or note")
    verbose_name_plural = _("Corrections and notes (shown to readers)")
