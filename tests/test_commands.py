"""Operator commands behind `make run`."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command


def test_local_editor_is_created_once_and_its_password_works(db, tmp_path, capsys):
    """make run prints working credentials on every run without making new accounts."""
    credentials = tmp_path / "editor"
    call_command("create_local_editor", credentials_file=str(credentials))
    first = capsys.readouterr().out
    call_command("create_local_editor", credentials_file=str(credentials))
    second = capsys.readouterr().out
    password = credentials.read_text().split()[1]
    assert f"password {password}" in first and f"password {password}" in second
    user = get_user_model().objects.get(username="editor")
    assert user.check_password(password) and user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert get_user_model().objects.count() == 1
    assert oct(credentials.stat().st_mode & 0o777) == "0o600"


def test_local_editor_reports_a_changed_password_instead_of_printing_a_wrong_one(db, tmp_path, capsys):
    """If someone changed the password, the saved one must not be shown as valid."""
    credentials = tmp_path / "editor"
    call_command("create_local_editor", credentials_file=str(credentials))
    user = get_user_model().objects.get(username="editor")
    user.set_password("something-else-entirely")
    user.save()
    capsys.readouterr()
    call_command("create_local_editor", credentials_file=str(credentials))
    out = capsys.readouterr().out
    assert "changepassword editor" in out
    assert credentials.read_text().split()[1] not in out


def test_local_editor_refuses_outside_development(db, settings, tmp_path):
    """A generated password must never be set up on a production deployment."""
    settings.ALLOW_LOCAL_EDITOR = False
    with pytest.raises(CommandError, match="for development"):
        call_command("create_local_editor", credentials_file=str(tmp_path / "x"))


def test_load_fixtures_reports_what_it_did(db, capsys):
    """The operator sees counts, and a second run shows nothing new."""
    call_command("load_fixtures")
    assert "211 new" in capsys.readouterr().out  # 139 of them IPTC Media Topics
    call_command("load_fixtures")
    assert "0 new, 211 already present" in capsys.readouterr().out


def test_the_screenshot_script_starts_without_django_set_up():
    """``make screenshots`` loads its module before it sets Django up: nothing it imports at
    the top may read Django's settings (the browser tests' conftest once did, and the
    command failed before taking a picture)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    loaded = subprocess.run(
        [sys.executable, "-c", "import runpy; runpy.run_path('docs/screenshots.py', run_name='loaded')"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert loaded.returncode == 0, loaded.stderr
