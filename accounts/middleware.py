"""Editors and superusers reach nothing but the two-factor page until their session is verified."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .two_factor import confirmed_app, must_use_two_factor


class RequireStaffTwoFactor:
    """After django-otp's OTPMiddleware, which gives ``request.user.is_verified()``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_verify(request):
            return redirect("accounts:two_factor")
        return self.get_response(request)

    def _must_verify(self, request):
        # Readers have no session cookie: their requests never touch the session or the
        # user, so public pages stay cacheable and are not marked "Vary: Cookie".
        if not settings.STAFF_TWO_FACTOR_REQUIRED or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = request.user
        if not user.is_authenticated or not must_use_two_factor(user):
            return False
        # Verified, and with an app: a backup code alone (the app removed after a lost
        # phone) lets them in only as far as setting up a new one.
        if user.is_verified() and confirmed_app(user) is not None:
            return False
        return request.path not in (reverse("accounts:two_factor"), reverse("admin:logout"))
