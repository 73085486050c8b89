"""Who must use two-factor sign-in, and the devices it uses (django-otp's TOTP and static).

Every staff member may turn it on. With ``STAFF_TWO_FACTOR_REQUIRED`` (on in production)
those who can publish, editors and superusers, must: a session of theirs without a verified
code reaches nothing but the two-factor page (``accounts.middleware``).
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.roles import can_publish

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def must_use_two_factor(user):
    """Whether ``user`` may not work unverified: editors and superusers, when it is required."""
    return settings.STAFF_TWO_FACTOR_REQUIRED and user.is_active and can_publish(user)


def confirmed_app(user):
    """The user's enrolled authenticator app, or ``None``."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_app(user):
    """The authenticator app being enrolled: the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_for_typing(device):
    """The device's key in base32, in groups of four, for apps without a camera."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device):
    """The otpauth:// address as an SVG QR code in a data: URI (the CSP allows data: images)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def new_backup_codes(user):
    """Replace the user's backup codes with a fresh set and return it: shown once, never again."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": BACKUP_DEVICE_NAME})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
