"""The admin's sign-in form with the code from an authenticator app, and the code form."""

import re

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token

# A TOTP code is six digits, a backup code eight letters and digits; spaces are forgiven.
_CODE = re.compile(r"^[a-z0-9]{6,16}$")
CODE_HELP = _("Six digits from your authenticator app, or one of your backup codes.")
CODE_NEEDED = _("Enter the code from your authenticator app, or one of your backup codes.")
CODE_WRONG = _("That code is not right. Check the time on your phone, or use a backup code.")


def normalised_code(raw):
    """A typed code without spaces, in lower case; ``None`` if it cannot be a code at all."""
    code = re.sub(r"[\s-]", "", raw or "").lower()
    return code if code.isascii() and _CODE.match(code) else None


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Code"))
        kwargs.setdefault("help_text", CODE_HELP)
        super().__init__(max_length=40, strip=True, **kwargs)
        self.widget.attrs.update(autocomplete="one-time-code", inputmode="text", spellcheck="false")


class StaffAuthenticationForm(AdminAuthenticationForm):
    """Username, password and, for staff who have turned two-factor on, the current code.

    The matched device is left on the user as ``otp_device``: django-otp stores it in the
    session when Django signs the user in, which marks the session as verified.
    """

    otp_token = CodeField(
        required=False,
        label=_("Code from your authenticator app"),
        help_text=_("Leave empty if you have not turned on two-factor authentication."),
    )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not any(devices_for_user(user)):
            return
        raw = self.cleaned_data.get("otp_token")
        if not raw:
            raise forms.ValidationError(CODE_NEEDED, code="token_required")
        code = normalised_code(raw)
        device = match_token(user, code) if code else None
        if device is None:
            raise forms.ValidationError(CODE_WRONG, code="invalid_token")
        user.otp_device = device


class CodeForm(forms.Form):
    """One code, checked against the given devices (``check(code) -> device or None``)."""

    otp_token = CodeField()

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check
        self.device = None

    def clean_otp_token(self):
        code = normalised_code(self.cleaned_data["otp_token"])
        self.device = self.check(code) if code else None
        if self.device is None:
            raise forms.ValidationError(CODE_WRONG)
        return code
