"""The readers' comment form."""

from django import forms

from .models import COMMENT_MAX_LENGTH, Comment


class CommentForm(forms.ModelForm):
    accept_policy = forms.BooleanField(
        label="I have read and accept the comment policy",
        error_messages={"required": "Please accept the comment policy to post a comment."},
    )
    # A field people never see or fill in; software that fills in every field does.
    website = forms.CharField(required=False, label="Leave this field empty", max_length=200)

    class Meta:
        model = Comment
        fields = ("name", "email", "body")
        labels = {"name": "Name", "email": "Email", "body": "Comment"}
        error_messages = {
            "name": {"required": "Please give your name."},
            "email": {
                "required": "Please give your email address (it is never shown).",
                "invalid": "Please give a valid email address.",
            },
            "body": {"required": "Please write your comment."},
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6, "maxlength": COMMENT_MAX_LENGTH}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["email"].help_text = "Never shown to readers."
        # The model's length check must not run before line endings are normalised.
        self.fields["body"].max_length = None
        self.fields["body"].validators = []

    def clean_body(self):
        # Browsers send line breaks as two characters; readers (and the counter) see one.
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        if len(body) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(
                "Your comment is %(length)s characters long; the limit is %(limit)s. Please shorten it: "
                "your text is still here.",
                params={"length": len(body), "limit": COMMENT_MAX_LENGTH},
                code="too_long",
            )
        return body

    @property
    def honeypot_filled(self):
        return bool(self.cleaned_data.get("website", "").strip())
