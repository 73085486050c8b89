"""Where Debian's Chromium is and how it is started, for the browser tests and for
``docs/screenshots.py`` (which imports this without Django set up, so nothing here may
touch Django)."""

import os

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
