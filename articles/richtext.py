"""The article body: rich text limited to what a news story needs, sanitized on every save."""

from django_prose_editor.fields import ProseEditorField

# Exactly the elements an article body keeps; the editor offers these and nh3 removes
# everything else (scripts, styles, event handlers, images pasted into the text).
BODY_EXTENSIONS = {
    "Paragraph": True,
    "Heading": {"levels": [2, 3]},
    "Blockquote": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Link": {"protocols": ["http", "https", "mailto"]},
    "Bold": True,
    "Italic": True,
}


class BodyField(ProseEditorField):
    """A ProseEditorField that sanitizes on save as well as on validation.

    django-prose-editor cleans the HTML in ``Model.clean()``, which code that saves
    directly (the importer, the shell, data migrations) never calls.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", BODY_EXTENSIONS)
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        html = self.sanitize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, html)
        return html

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("extensions", None)
        kwargs.pop("sanitize", None)
        return name, path, args, kwargs


def sanitize_body(html):
    """Clean ``html`` exactly as saving an article body would."""
    return _BODY_FIELD.sanitize(html or "")


_BODY_FIELD = BodyField()
