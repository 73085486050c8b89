"""The signed-in staff member's two-factor page, and the page shown when sign-in is locked."""

import django_otp
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django_otp import match_token

from .forms import CodeForm
from .two_factor import (
    confirmed_app,
    must_use_two_factor,
    new_backup_codes,
    pending_app,
    qr_code_data_uri,
    secret_for_typing,
)


def two_factor(request):
    """Turn two-factor on (scan, confirm, see backup codes once), verify a session, or renew codes.

    * No authenticator app yet: the QR code and the typed secret of a pending device; a right
      code confirms it, verifies this session and shows ten backup codes, this once.
    * An app, but this session has not given a code: ask for one (any device's code).
    * Verified: say so, and offer a fresh set of backup codes.
    """
    user = request.user
    app = confirmed_app(user)
    context = admin.site.each_context(request) | {
        "title": gettext("Two-factor authentication"),
        "required": must_use_two_factor(user),
    }
    if app is None:
        device = pending_app(user)
        form = CodeForm(
            request.POST or None, check=lambda code: device if device.verify_token(code) else None
        )
        if request.method == "POST" and form.is_valid():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            return _show_backup_codes(request, context, new_backup_codes(user), enrolled=True)
        context |= {
            "step": "enrol",
            "form": form,
            "qr_code": qr_code_data_uri(device),
            "secret": secret_for_typing(device),
        }
    elif not user.is_verified():
        form = CodeForm(request.POST or None, check=lambda code: match_token(user, code))
        if request.method == "POST" and form.is_valid():
            django_otp.login(request, form.device)
            return redirect(_next_page(request))
        context |= {"step": "verify", "form": form}
    else:
        if request.method == "POST" and request.POST.get("action") == "new-backup-codes":
            return _show_backup_codes(request, context, new_backup_codes(user), enrolled=False)
        context |= {"step": "on"}
    return TemplateResponse(request, "accounts/two_factor.html", context)


def _show_backup_codes(request, context, codes, *, enrolled):
    if enrolled:
        messages.success(request, gettext("Two-factor authentication is on."))
    return TemplateResponse(
        request, "accounts/two_factor.html", context | {"step": "codes", "codes": codes, "enrolled": enrolled}
    )


def _next_page(request):
    """Where to go after giving the code: ``?next=`` when it is this site's, else the admin's index."""
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "admin:index"


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked sign-in: 429, in the admin's frame, saying why and what next."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = admin.site.each_context(request) | {"title": gettext("Sign-in locked"), "minutes": minutes}
    response = TemplateResponse(request, "accounts/locked_out.html", context, status=429)
    return response.render()
