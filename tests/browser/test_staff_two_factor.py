"""Two-factor sign-in (issue 15), through the real admin in Chromium, with the requirement on.

An editor without an authenticator app is taken to enrolment, reads the secret off the page
and confirms it with a code; an enrolled editor signs in with the code the app would show.
The codes are computed here from the device's key with django-otp's own TOTP.
"""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

# The password tests/conftest.py's make_staff gives every staff member.
STAFF_PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True


def code_for(device):
    """What an authenticator app holding ``device``'s key shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def refused_by_csp(page):
    """Collect the console's Content-Security-Policy refusals (an inline script or style)."""
    refusals = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and refusals.append(message.text)
    )
    return refusals


def test_editor_enrols_an_authenticator_app(live_server, staff, page):
    """An editor signing in for the first time sets up the app, sees backup codes once, and works."""
    ann = staff("Editors", "ann")
    refusals = refused_by_csp(page)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("ann")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(live_server.url + "/admin/two-factor/")
    expect(page.get_by_text("must use two-factor authentication")).to_be_visible()
    expect(page.get_by_role("img", name="QR code holding your two-factor secret")).to_be_visible()
    device = TOTPDevice.objects.get(user=ann, confirmed=False)
    typed_secret = page.locator("#secret").inner_text().replace(" ", "")
    assert len(typed_secret) == 32
    page.get_by_label("Code").fill(code_for(device))
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    expect(page.locator("li.backup-code")).to_have_count(10)
    page.get_by_role("link", name="Continue to the newsroom").click()
    expect(page).to_have_url(live_server.url + "/admin/")
    expect(page.get_by_role("link", name="Two-factor authentication")).to_be_visible()
    assert refusals == []


def test_enrolled_editor_signs_in_with_the_code(live_server, staff, page):
    """With the app set up, the sign-in form takes the code and opens the desk."""
    ann = staff("Editors", "ann")
    device = TOTPDevice.objects.create(user=ann, name="Authenticator app", confirmed=True)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("ann")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".errornote")).to_contain_text("Enter the code from your authenticator app")

    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/admin/")
    expect(page.locator("#desk-review")).to_be_visible()
