"""The inlines of the article page: its byline and its photos, each in the editor's order."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html

from ..models import Article, ArticleAuthor, ImageCaption


class PhotoInlineFormSet(BaseInlineFormSet):
    """Photos of a published article must all say what they show (alt text)."""

    def clean(self):
        super().clean()
        if self.instance.status != Article.Status.PUBLISHED:
            return
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            if data.get("image") and not data.get("alt_text", "").strip():
                form.add_error(
                    "alt_text", "A published article's photos need alt text: describe what the photo shows."
                )


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ("author",)
    fields = ("position", "author")
    verbose_name = "author"
    verbose_name_plural = "Byline (in printed order)"


class ImageCaptionInline(admin.StackedInline):
    model = ImageCaption
    formset = PhotoInlineFormSet
    extra = 0
    autocomplete_fields = ("credited_organisation",)
    fields = (
        "current_image",
        "image",
        "caption",
        "credit",
        "credited_organisation",
        "alt_text",
        "after_paragraph",
        "position",
    )
    readonly_fields = ("current_image",)

    class Media:
        js = ("articles/admin/photo-preview.js",)

    @admin.display(description="photo")
    def current_image(self, photo):
        if not photo.image:
            return "No image yet"
        return format_html(
            '<img src="{}" alt="{}" width="240" class="photo-preview">', photo.image.url, photo.alt_text
        )
