"""Settings come from the environment, and production refuses unsafe defaults."""

from django.conf import settings

from tests.processes import PROJECT, fresh_python, start_django


def test_production_names_every_missing_variable():
    """An operator must learn everything that is missing in one go."""
    result = start_django("cms.settings.prod")
    assert result.returncode != 0
    assert "SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, SITE_URL" in result.stderr


def test_production_names_only_what_is_missing():
    """The message lists only the missing variables, not ones already set."""
    result = start_django(
        "cms.settings.prod",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="news.example",
        SITE_URL="https://news.example",
    )
    assert result.returncode != 0
    assert "need these environment variables: DATABASE_URL." in result.stderr


def test_production_starts_with_everything_set_and_debug_off():
    """With real values, production settings load, and DEBUG stays off even if asked."""
    result = start_django(
        "cms.settings.prod",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="news.example",
        DATABASE_URL="postgres://cms@127.0.0.1:5432/cms",
        SITE_URL="https://news.example",
        DJANGO_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_malformed_database_url_is_a_clear_error():
    """A typo in DATABASE_URL must say so, not fail later with a driver traceback."""
    result = start_django("cms.settings.dev", DATABASE_URL="mysqlish://nowhere")
    assert result.returncode != 0
    assert "DATABASE_URL is not a usable database URL" in result.stderr


def test_ambiguous_boolean_is_refused():
    """DJANGO_DEBUG=maybe must not be read as on or off."""
    result = start_django("cms.settings.dev", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be" in result.stderr


def test_development_defaults_are_safe():
    """Development uses SQLite in the repository and keeps DEBUG off unless asked."""
    result = start_django("cms.settings.dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_media_and_fixture_locations():
    """Uploads go to media/ and fixtures are found in fixtures/ (both movable for media)."""
    assert settings.FIXTURE_DIRS == [PROJECT / "fixtures"]
    assert settings.FIXTURE_MEDIA_DIR == PROJECT / "media"


# -- manage.py's --settings, and gunicorn's worker count -------------------------------------

COMPLETE_PRODUCTION = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "news.example",
    "DATABASE_URL": "postgres://cms@127.0.0.1:5432/cms",
    "SITE_URL": "https://news.example",
}


def test_manage_py_obeys_the_settings_option():
    """`manage.py migrate --settings=cms.settings.prod` must use production, not development."""
    result = fresh_python(
        "cms.settings.dev", "manage.py", "diffsettings", "--settings=cms.settings.prod", **COMPLETE_PRODUCTION
    )
    assert result.returncode == 0, result.stderr
    assert "SECURE_SSL_REDIRECT = True" in result.stdout


def test_manage_py_obeys_the_settings_option_written_apart():
    """`--settings cms.settings.prod` (two words) is the same option."""
    result = fresh_python(
        "cms.settings.dev",
        "manage.py",
        "diffsettings",
        "--settings",
        "cms.settings.prod",
        **COMPLETE_PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert "SECURE_SSL_REDIRECT = True" in result.stdout


def test_manage_py_obeys_the_environment_variable():
    """DJANGO_SETTINGS_MODULE alone still chooses the settings."""
    result = fresh_python("cms.settings.prod", "manage.py", "diffsettings", **COMPLETE_PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "SECURE_SSL_REDIRECT = True" in result.stdout


def test_manage_py_settings_option_reports_a_missing_variable_in_one_line():
    """Production chosen by --settings with a variable missing: one line naming it, no traceback."""
    partial = {k: v for k, v in COMPLETE_PRODUCTION.items() if k != "DATABASE_URL"}
    result = fresh_python(
        "cms.settings.dev", "manage.py", "diffsettings", "--settings=cms.settings.prod", **partial
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "Configuration error: Production settings need these environment variables: DATABASE_URL."
    )


def gunicorn_workers(value):
    """Load cms/gunicorn.conf.py as gunicorn does, with WEB_CONCURRENCY=value."""
    code = "import runpy; print(runpy.run_path('cms/gunicorn.conf.py')['workers'])"
    return fresh_python("cms.settings.dev", "-c", code, WEB_CONCURRENCY=value)


def test_gunicorn_takes_a_plain_number_of_workers():
    """WEB_CONCURRENCY=4 gives four workers."""
    result = gunicorn_workers("4")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "4"


def test_gunicorn_refuses_digits_that_are_not_ascii():
    """'²' passes str.isdigit() but int() refuses it: one clear line, not a traceback."""
    for value in ("²", "٣", "0"):
        result = gunicorn_workers(value)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr, value
        assert "WEB_CONCURRENCY must be a whole number of workers" in result.stderr, value
