"""Staff accounts are hard to take: two-factor sign-in, throttled guessing, sessions that end."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.processes import fresh_python

PASSWORD = "a-long-test-password"
LOGIN = "/admin/login/?next=/admin/"
TWO_FACTOR = "/admin/two-factor/"


def code_for(device):
    """The code an authenticator app shows now for ``device``."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def enrolled(user):
    """``user`` with a confirmed authenticator app, as after enrolment."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in(client, user, code="", password=PASSWORD, **headers):
    return client.post(
        LOGIN, {"username": user.username, "password": password, "otp_token": code}, headers=headers
    )


@pytest.fixture
def required(settings):
    """Two-factor sign-in required of editors and superusers, as in production."""
    settings.STAFF_TWO_FACTOR_REQUIRED = True


# -- two-factor sign-in -------------------------------------------------------------------


def test_production_requires_two_factor_and_development_does_not():
    """The requirement is on by default in production only."""
    show = "import django; django.setup(); from django.conf import settings; print(settings.STAFF_TWO_FACTOR_REQUIRED)"
    production = {
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "news.example",
        "DATABASE_URL": "postgres://cms@127.0.0.1:5432/cms",
        "SITE_URL": "https://news.example",
    }
    assert fresh_python("cms.settings.prod", "-c", show, **production).stdout.strip() == "True"
    assert fresh_python("cms.settings.dev", "-c", show).stdout.strip() == "False"


def test_enrolled_editor_needs_the_code_from_the_app(client, editor):
    """Once an editor has an authenticator app, the password alone no longer signs in."""
    device = enrolled(editor)
    response = sign_in(client, editor)
    assert response.status_code == 200
    assert "Enter the code from your authenticator app" in response.content.decode()
    response = sign_in(client, editor, code=code_for(device))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_sign_in(client, editor):
    """A guessed code is refused (and django-otp makes each further guess wait longer)."""
    device = enrolled(editor)
    response = sign_in(client, editor, code="000000" if code_for(device) != "000000" else "111111")
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_backup_code_signs_in_once(client, editor, required):
    """A lost phone is what backup codes are for, and each one works a single time."""
    enrolled(editor)
    backup = StaticDevice.objects.create(user=editor, name="Backup codes")
    backup.token_set.create(token="abcd2345")
    assert sign_in(client, editor, code="abcd2345").status_code == 302
    assert client.get("/admin/").status_code == 200
    assert sign_in(Client(), editor, code="abcd2345").status_code == 200


def test_editor_without_an_app_is_sent_to_enrol_when_required(client, editor, required):
    """Required two-factor: an editor signed in with a password reaches nothing but enrolment."""
    assert sign_in(client, editor).status_code == 302
    for path in ("/admin/", "/admin/articles/article/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == TWO_FACTOR
    assert client.get(TWO_FACTOR).status_code == 200


def test_backup_codes_alone_lead_to_setting_up_a_new_app(client, editor, required):
    """After a lost phone's app is removed, a backup code opens only the enrolment page."""
    backup = StaticDevice.objects.create(user=editor, name="Backup codes")
    backup.token_set.create(token="abcd2345")
    assert sign_in(client, editor, code="abcd2345").status_code == 302
    assert client.get("/admin/")["Location"] == TWO_FACTOR
    assert 'id="secret"' in client.get(TWO_FACTOR).content.decode()


def test_superuser_without_an_app_is_sent_to_enrol_when_required(client, django_user_model, required):
    """Superusers can do everything, so they need the second factor most."""
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    client.post(LOGIN, {"username": "root", "password": PASSWORD})
    assert client.get("/admin/")["Location"] == TWO_FACTOR


def test_contributor_may_sign_in_without_an_app(client, contributor, required):
    """Contributors cannot publish: two-factor stays their choice."""
    assert sign_in(client, contributor).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_two_factor_is_optional_in_development(client, editor):
    """The local editor of `make run` signs in with a password alone."""
    assert sign_in(client, editor).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_enrolment_confirms_the_app_and_shows_backup_codes_once(client, editor, required):
    """Scanning the QR code (or typing the secret) and entering one code turns two-factor on."""
    sign_in(client, editor)
    page = client.get(TWO_FACTOR).content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, allowed by the CSP's img-src
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    secret = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert len(secret.replace(" ", "")) == 32

    response = client.post(TWO_FACTOR, {"otp_token": code_for(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r'<li class="backup-code"><code>([a-z0-9]+)</code></li>', response.content.decode())
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticDevice.objects.get(user=editor).token_set.values_list("token", flat=True)
    )
    assert client.get("/admin/").status_code == 200
    later = client.get(TWO_FACTOR).content.decode()
    assert not any(code in later for code in codes)
    assert "Two-factor authentication is on" in later


def test_enrolment_refuses_a_wrong_code(client, editor, required):
    """A mistyped code leaves two-factor off and says so."""
    sign_in(client, editor)
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=editor)
    wrong = "123456" if code_for(device) != "123456" else "654321"
    response = client.post(TWO_FACTOR, {"otp_token": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


@pytest.mark.parametrize("token", ["", "12345a", "٣٣٣٣٣٣", "x" * 500, "\x00"])
def test_enrolment_survives_any_input(client, editor, required, token):
    """Whatever is typed in the code box gives the form back with an error, never a 500."""
    sign_in(client, editor)
    client.get(TWO_FACTOR)
    assert client.post(TWO_FACTOR, {"otp_token": token}).status_code == 200


def test_new_backup_codes_replace_the_old(client, editor):
    """An editor who used their codes gets a fresh set, and the old ones stop working."""
    device = enrolled(editor)
    sign_in(client, editor, code=code_for(device))
    backup = StaticDevice.objects.create(user=editor, name="Backup codes")
    backup.token_set.create(token="oldcode2")
    response = client.post(TWO_FACTOR, {"action": "new-backup-codes"})
    codes = re.findall(r'<li class="backup-code"><code>([a-z0-9]+)</code></li>', response.content.decode())
    assert len(codes) == 10
    assert "oldcode2" not in set(
        StaticDevice.objects.get(user=editor).token_set.values_list("token", flat=True)
    )


def test_a_session_without_the_code_must_verify_first(client, editor, required):
    """A session that predates enrolment (or skipped the code) asks for the code before the admin."""
    client.force_login(editor)
    device = enrolled(editor)
    assert client.get("/admin/")["Location"] == TWO_FACTOR
    assert "Enter the code" in client.get(TWO_FACTOR).content.decode()
    assert client.post(TWO_FACTOR, {"otp_token": code_for(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_two_factor_page_is_linked_from_the_admin(client, editor):
    """Staff must be able to find the page from wherever they are in the admin."""
    client.force_login(editor)
    assert f'href="{TWO_FACTOR}"' in client.get("/admin/").content.decode()


# -- throttling password guessing -------------------------------------------------------


def test_repeated_failures_lock_the_account(client, editor, settings):
    """After five wrong passwords even the right one is refused, with a message saying why."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(Client(REMOTE_ADDR="10.0.0.9"), editor, password="guess").status_code == 200
    assert sign_in(Client(REMOTE_ADDR="10.0.0.9"), editor, password="guess").status_code == 429
    response = sign_in(client, editor)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    call_command("axes_reset_username", editor.username, verbosity=0)
    assert sign_in(client, editor).status_code == 302


def test_repeated_failures_lock_the_address(client, make_staff, settings):
    """Guessing many accounts' passwords from one address locks that address out."""
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    users = [make_staff("Contributors", f"user{number}") for number in range(settings.AXES_FAILURE_LIMIT + 1)]
    for number, user in enumerate(users[:-1]):
        # Whatever a client writes first, only the load balancer's last entry counts.
        sign_in(client, user, password="guess", x_forwarded_for=f"192.0.2.{number}, 203.0.113.7")
    assert sign_in(client, users[-1], x_forwarded_for="198.51.100.1, 203.0.113.7").status_code == 429
    assert sign_in(Client(), users[-1], x_forwarded_for="203.0.113.8").status_code == 302
    call_command("axes_reset_ip", "203.0.113.7", verbosity=0)
    assert sign_in(Client(), users[-1], x_forwarded_for="203.0.113.7").status_code == 302


def test_throttling_uses_the_comments_address_rule(settings, rf):
    """Sign-in throttling and comment limits must agree on who the client is."""
    from axes.helpers import get_client_ip_address

    from cms.client_ip import client_ip

    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.post(LOGIN, headers={"x-forwarded-for": "1.2.3.4, 203.0.113.7"})
    assert get_client_ip_address(request) == client_ip(request) == "203.0.113.7"


# -- sessions -----------------------------------------------------------------------------


def test_staff_sessions_end_after_a_working_day_idle(client, editor, settings):
    """A session left open on a shared computer ends by itself; every request extends it."""
    assert timedelta(hours=8) <= timedelta(seconds=settings.SESSION_COOKIE_AGE) <= timedelta(hours=10)
    assert settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_readers_get_no_session(client, make_story):
    """Readers are never given a session cookie, so the idle timeout costs them nothing."""
    story = make_story()
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_changing_the_password_signs_out_other_sessions(client, editor):
    """A stolen session stops working as soon as its owner changes the password."""
    other = Client()
    other.force_login(editor)
    client.force_login(editor)
    new = "another-long-pass-phrase"
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert other.get("/admin/").status_code == 302


@pytest.mark.parametrize("variable", ["LOGIN_FAILURE_LIMIT", "LOGIN_LOCKOUT_MINUTES", "SESSION_IDLE_HOURS"])
def test_limits_below_one_are_refused(variable):
    """SESSION_IDLE_HOURS=0 would sign everyone out at once: a clear error at start-up instead."""
    result = fresh_python("cms.settings.dev", "manage.py", "check", **{variable: "0"})
    assert result.returncode != 0
    assert result.stderr.strip() == f"Configuration error: {variable} must be 1 or more."
