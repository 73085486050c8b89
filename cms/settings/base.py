"""Settings shared by every environment.

Every value an operator may change is read from an environment variable with a safe
development default; ``prod.py`` removes the defaults that are unsafe in production.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    """Read a yes/no variable, refusing anything ambiguous rather than guessing."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off; got {raw!r}.")


def env_int(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_env(default_url):
    """Parse ``DATABASE_URL`` (falling back to ``default_url``) into Django's format."""
    url = os.environ.get("DATABASE_URL", "").strip() or default_url
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
    except Exception as exc:  # dj-database-url raises several types for a malformed URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Wait for a writer instead of failing at once when two processes share the file.
        config.setdefault("OPTIONS", {})["timeout"] = 20
    return config


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",
    "reversion",
    "django_filters",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "cms" / "static"]

MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Whether Django itself serves MEDIA_URL (development only; production uses a web server
# or object storage).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# Where the images that fixtures refer to are shipped in the repository; load_fixtures
# copies them from here into whatever storage MEDIA is configured to use.
FIXTURE_MEDIA_DIR = BASE_DIR / "media"

# Upload limits for photos, checked before Pillow decodes the whole image.
MAX_IMAGE_UPLOAD_BYTES = env_int("MAX_IMAGE_UPLOAD_MB", 20) * 1024 * 1024
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_MEGAPIXELS", 40) * 1_000_000

TAGGIT_CASE_INSENSITIVE = True

SITE_NAME = os.environ.get("SITE_NAME", "Caravanserai")
# The public address of the site, used for every absolute URL (feeds, sitemaps, canonical
# links, social cards), whatever Host header a request came with.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_DESCRIPTION = os.environ.get(
    "SITE_DESCRIPTION",
    "News and analysis from Central Asia: Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan.",
)

# Reader comments: new ones wait for moderation; at most COMMENT_RATE_LIMIT ("5/10m": five
# per ten minutes) from one IP address; a comment with more than COMMENT_MAX_LINKS links is
# held as spam; after COMMENTS_CLOSE_AFTER_DAYS days (0: never) an article takes no more.
COMMENT_RATE_LIMIT = os.environ.get("COMMENT_RATE_LIMIT", "5/10m")
COMMENT_MAX_LINKS = env_int("COMMENT_MAX_LINKS", 2)
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0)
# Behind a proxy, the request header that carries the reader's address, as Django names it
# (e.g. HTTP_X_REAL_IP); REMOTE_ADDR otherwise.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "REMOTE_ADDR")

# create_local_editor makes a superuser with a generated password: development only.
ALLOW_LOCAL_EDITOR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
