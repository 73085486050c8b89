"""The readers' comment form."""

import unicodedata

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from .models import COMMENT_MAX_LENGTH, Comment

LAYOUT_CHARACTERS = frozenset("\t\n\r")


def refuse_control_characters(value):
    """Refuse control characters other than tab and line breaks, and lone surrogates.

    PostgreSQL cannot store NUL (it answered with a 500); the others are invisible, are
    never typed, and make a name or a comment print differently from how it reads.
    """
    for character in value:
        if character in LAYOUT_CHARACTERS:
            continue
        if unicodedata.category(character) in ("Cc", "Cs"):
            raise forms.ValidationError(
                _(
                    "This contains an invisible control character (U+%(code)s) that cannot be stored. "
                    "Please remove it (pasting as plain text usually does): your text is still here."
                ),
                params={"code": f"{ord(character):04X}"},
                code="control_character",
            )


class CommentForm(forms.ModelForm):
    accept_policy = forms.BooleanField(
        label=_("I have read and accept the comment policy"),
        error_messages={"required": _("Please accept the comment policy to post a comment.")},
    )
    # A field people never see or fill in; software that fills in every field does.
    website = forms.CharField(required=False, label=_("Leave this field empty"), max_length=200)

    class Meta:
        model = Comment
        fields = ("name", "email", "body")
        labels = {
            "name": _("Name"),
            "email": _("Email"),
            "body": pgettext_lazy("label of the comment form's text field", "Comment"),
        }
        error_messages = {
            "name": {"required": _("Please give your name.")},
            "email": {
                "required": _("Please give your email address (it is never shown)."),
                "invalid": _("Please give a valid email address."),
            },
            "body": {"required": _("Please write your comment.")},
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6, "maxlength": COMMENT_MAX_LENGTH}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["email"].help_text = _("Never shown to readers.")
        # The model's length check must not run before line endings are normalised.
        self.fields["body"].max_length = None
        self.fields["body"].validators = []
        for name in ("name", "email", "body"):
            # Ours names the character and covers NUL too: one message, not two.
            field = self.fields[name]
            kept = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
            field.validators = [refuse_control_characters, *kept]

    def clean_body(self):
        # Browsers send line breaks as two characters; readers (and the counter) see one.
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        if len(body) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Your comment is %(length)s character long; the limit is %(limit)s. Please shorten it: "
                    "your text is still here.",
                    "Your comment is %(length)s characters long; the limit is %(limit)s. Please shorten it: "
                    "your text is still here.",
                    "length",
                ),
                params={"length": len(body), "limit": COMMENT_MAX_LENGTH},
                code="too_long",
            )
        return body

    @property
    def honeypot_filled(self):
        return bool(self.cleaned_data.get("website", "").strip())
