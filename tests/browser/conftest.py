"""Browser tests drive Debian's Chromium through Playwright.

Playwright cannot download its own browsers here, so it launches /usr/bin/chromium.
Without Chromium the tests are skipped locally, but with BROWSER_TESTS=required (as
in CI) a missing browser is a failure, so a green run always includes them.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Django refuses database access from inside Playwright's event loop without this; the
# tests are synchronous, so there is no real concurrency to protect against.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("BROWSER_TESTS") == "required":
            pytest.fail(message + "; BROWSER_TESTS=required forbids skipping browser tests", pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def live_demo_content(transactional_db):
    """The demo fixtures, committed so that the live server's thread can read them.

    The suite-wide ``demo_content`` fixture loads inside a test transaction (``db``),
    which the live server cannot see; browser tests use this one instead.
    """
    from django.core.management import call_command

    call_command("load_fixtures", verbosity=0)
