"""Settings shared by every environment.

Every value an operator may change is read from an environment variable with a safe
development default; ``prod.py`` removes the defaults that are unsafe in production.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.conf.locale import LANG_INFO
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


def database_from_env(default_url, name="DATABASE_URL"):
    """Parse the variable ``name`` (falling back to ``default_url``) into Django's format."""
    url = os.environ.get(name, "").strip() or default_url
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
    except Exception as exc:  # dj-database-url raises several types for a malformed URL
        raise ImproperlyConfigured(f"{name} is not a usable database URL: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several requests at once (two editors saving, the runserver's threads) wait for
        # one another instead of failing with "database is locked": readers never wait for
        # the writer (WAL), a writer waits up to 20 s for the one before it (timeout), and
        # every transaction takes the write lock when it begins (IMMEDIATE), so a save's
        # stale-edit check and its write cannot be overtaken by another save in between.
        config.setdefault("OPTIONS", {}).update(
            timeout=20,
            transaction_mode="IMMEDIATE",
            init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        )
    # A connection kept between requests is checked first, so the site recovers by itself
    # when the database comes back after an outage.
    config["CONN_HEALTH_CHECKS"] = True
    return config


_CACHE_TABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def cache_from_env(default_url):
    """Parse ``CACHE_URL`` (or ``REDIS_URL``) into Django's ``CACHES["default"]``.

    redis:// or rediss:// (Django's Redis backend), db://TABLE (the database cache),
    locmem:// (one process only) and dummy:// (no caching at all).
    """
    name = "CACHE_URL" if os.environ.get("CACHE_URL", "").strip() else "REDIS_URL"
    url = os.environ.get(name, "").strip() or default_url
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (reading it checks that the port is a number)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a usable cache URL ({exc}): {url!r}.") from None
    options = {"KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cms")}
    if parts.scheme in ("redis", "rediss"):
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name} names no Redis host: {url!r}.")
        # Fail fast when Redis is away: pages are then served uncached, not after a hang.
        timeouts = {"socket_connect_timeout": 1, "socket_timeout": 1}
        return options | {
            "BACKEND": "cms.cache.RedisCache",  # Django's, keeping its Redis clients
            "LOCATION": url,
            "OPTIONS": timeouts,
        }
    if parts.scheme == "db":
        table = parts.netloc or parts.path.lstrip("/")
        if not _CACHE_TABLE.match(table):
            raise ImproperlyConfigured(f"{name} must name a table, as in db://cms_cache; got {url!r}.")
        return options | {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": table,
            "OPTIONS": {"MAX_ENTRIES": 5000},  # Django's 300 would cull cached pages constantly
        }
    if parts.scheme == "locmem":
        return options | {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if parts.scheme == "dummy":
        return options | {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"{name} must start with redis://, rediss://, db://, locmem:// or dummy://; got {url!r}."
    )


def media_storage_from_env():
    """Where uploaded photos and their renditions live: local disk, or S3-compatible storage."""
    kind = os.environ.get("MEDIA_STORAGE", "filesystem").strip().lower()
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3; got {kind!r}.")
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    # Credentials come from boto3's usual places (AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY in the environment, or an instance role).
    options = {
        "bucket_name": bucket,
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        "location": os.environ.get("AWS_LOCATION", ""),
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
        "file_overwrite": False,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def media_origins(storage):
    """The origins photos are served from when they are not on this site (for the CSP)."""
    options = storage.get("OPTIONS", {})
    if options.get("custom_domain"):
        return [f"https://{options['custom_domain']}"]
    if options.get("endpoint_url"):
        parts = urlsplit(options["endpoint_url"])
        return [f"{parts.scheme}://{parts.netloc}"]
    if "bucket_name" in options:
        return [f"https://{options['bucket_name']}.s3.amazonaws.com"]
    return []


def security_contacts():
    """``SECURITY_CONTACT`` as the URIs security.txt lists (RFC 9116): https:, mailto: or tel:.

    Several are separated by commas; a bare e-mail address becomes a mailto: URI.
    """
    contacts = []
    for item in env_list("SECURITY_CONTACT"):
        uri = f"mailto:{item}" if "@" in item and ":" not in item else item
        parts = urlsplit(uri)
        usable = uri.isprintable() and (  # a line break would add lines of its own to the file
            (parts.scheme == "https" and parts.hostname)
            or (parts.scheme == "mailto" and "@" in parts.path)
            or (parts.scheme == "tel" and any(c.isdigit() for c in parts.path))
        )
        if not usable:
            raise ImproperlyConfigured(
                f"SECURITY_CONTACT must list https:, mailto: or tel: addresses; got {item!r}."
            )
        contacts.append(uri)
    return contacts


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks: it adds each model's fields
    # per language (articles/translation.py) and their tabs in the admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Its intcomma groups a count's digits as the reader's language does (12,345; 12 345).
    "django.contrib.humanize",
    "taggit",
    "django_prose_editor",
    "reversion",
    "django_filters",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "languages",
    "accounts",
    "articles",
    "engagement",
    "pages",
    "audit",
    # The read API (/api/v1/); django-ninja's own app for its documentation page's files.
    "ninja",
    "api",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Readers' pages take their language from the address (/ru/, /uz-cyrl/; English has no
    # prefix), the newsroom's from the staff member's choice (languages/middleware.py).
    "languages.middleware.LanguageMiddleware",
    # A readers' 404 at an address a story, topic, place, author or organisation had before
    # its slug changed is a permanent redirect to the current one (articles/former_slugs.py).
    "articles.former_slugs.FormerAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.RequireStaffTwoFactor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
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
            # Filters every template uses without {% load %} (articles/templatetags/site_filters.py).
            "builtins": ["articles.templatetags.site_filters"],
        },
    },
]

DATABASES = {"default": database_from_env(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    # A read replica: public pages read from it (cms/routers.py), everything else from
    # the primary. Tests point it at the primary's test database.
    DATABASES["replica"] = database_from_env(None, "DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["cms.routers.PublicReadsToReplica"]

# The shared cache: the database cache by default (every app server shares it), Redis in
# production. Anonymous readers' pages are kept in it for PAGE_CACHE_SECONDS (0: off),
# each with the surrogate keys of what it shows; a change invalidates the keys it touches,
# so nobody waits for that timeout (articles/caching/).
CACHES = {"default": cache_from_env("db://cms_cache")}
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# How long a server process trusts the clock reading it last read (the counter of changes,
# articles/caching/changes.py) for the values it keeps per reading (topics, the region tree,
# cards' bylines): a change made through another server shows in them within this many
# seconds (0: every request reads it). Pages themselves are checked on every request.
PAGE_CACHE_VERSION_SECONDS = env_int("PAGE_CACHE_VERSION_SECONDS", 1)
if PAGE_CACHE_VERSION_SECONDS < 0:
    raise ImproperlyConfigured(
        f"PAGE_CACHE_VERSION_SECONDS must be 0 or more; got {PAGE_CACHE_VERSION_SECONDS}."
    )
# An HTTP accelerator (Varnish) or CDN in front may keep an anonymous reader's page for
# PAGE_SHARED_MAX_AGE seconds (Cache-Control: s-maxage; 0: it may not keep pages) and serve
# it PAGE_SHARED_GRACE seconds longer while it fetches a fresh one. Pages are purged by key
# on every change (CACHE_PURGE_URLS), so these only bound how long a failed purge lasts.
PAGE_SHARED_MAX_AGE = env_int("PAGE_SHARED_MAX_AGE", 50)
PAGE_SHARED_GRACE = env_int("PAGE_SHARED_GRACE", 10)
# Each Varnish to purge by surrogate key on every change, as http://host:port
# (deploy/varnish/default.vcl accepts purges from the app servers' addresses only).
CACHE_PURGE_URLS = env_list("CACHE_PURGE_URLS")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Seven languages readers read, and two more scripts made from them by rule: Uzbek is
# written in Latin and served also in Cyrillic, Kazakh in Cyrillic and served also in the
# 2021 Latin alphabet (languages/). English keeps addresses without a prefix.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ru", "Русский"),
    ("kk", "Қазақша"),
    ("kk-latn", "Qazaqşa"),
    ("ky", "Кыргызча"),
    ("tg", "Тоҷикӣ"),
    ("uz", "Oʻzbekcha"),
    ("uz-cyrl", "Ўзбекча"),
    ("tk", "Türkmençe"),
]
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as each language writes them ("22 августа 2017", "2017-yil 22-avgust").
FORMAT_MODULE_PATH = ["cms.formats"]
# Stories, names and descriptions are written in these seven (the two script variants are
# made from Uzbek and Kazakh); a name missing in one falls back to English.
MODELTRANSLATION_LANGUAGES = ("en", "ru", "kk", "ky", "tg", "uz", "tk")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# English first, then Russian, which most of the region reads.
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "ru")
# A name given without a language (an older fixture's "name", the importer's) is the
# default language's, English: it fills name_en.
MODELTRANSLATION_AUTO_POPULATE = "default"
# The admin fills a new slug from the English name, whatever the admin's language.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
# The newsroom's language: each staff member's choice (Django's set_language view, a
# cookie), else their browser's. Readers' pages take theirs from the address.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Django knows Uzbek and Kazakh but not their second scripts.
LANG_INFO.update(
    {
        "uz-cyrl": {"bidi": False, "code": "uz-cyrl", "name": "Uzbek (Cyrillic)", "name_local": "Ўзбекча"},
        "kk-latn": {"bidi": False, "code": "kk-latn", "name": "Kazakh (Latin)", "name_local": "Qazaqşa"},
    }
)
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Almaty")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "cms" / "static"]
STORAGES = {
    "default": media_storage_from_env(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Whether Django itself serves MEDIA_URL (development only; production uses a web server
# or object storage).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# Where the images that fixtures refer to are shipped in the repository; load_fixtures
# copies them from here into whatever storage MEDIA is configured to use.
FIXTURE_MEDIA_DIR = BASE_DIR / "media"
# The plain-text importer's page furniture per language (articles/importing/furniture.py):
# a TOML file of more lines to drop, bylines and photo credits, added to the built-in
# table; a relative path is taken from BASE_DIR. Unset: the built-in table only.
IMPORT_FURNITURE_FILE = os.environ.get("IMPORT_FURNITURE_FILE", "").strip()

# Upload limits for photos, checked before Pillow decodes the whole image.
MAX_IMAGE_UPLOAD_BYTES = env_int("MAX_IMAGE_UPLOAD_MB", 20) * 1024 * 1024
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_MEGAPIXELS", 40) * 1_000_000

TAGGIT_CASE_INSENSITIVE = True

SITE_NAME = os.environ.get("SITE_NAME", "Caravanserai")
# The public address of the site, used for every absolute URL (feeds, sitemaps, canonical
# links, social cards), whatever Host header a request came with.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The line describing the site (pages' default description, feeds' subtitle). Unset, our
# own line in the reader's language; SITE_DESCRIPTION_RU, _KK, _KY, _TG, _UZ, _TK give an
# operator's line per language, SITE_DESCRIPTION the one for every other (cms/site.py).
SITE_DESCRIPTION = os.environ.get("SITE_DESCRIPTION", "").strip()
SITE_DESCRIPTIONS = {
    code: os.environ[f"SITE_DESCRIPTION_{code.upper()}"].strip()
    for code in MODELTRANSLATION_LANGUAGES
    if os.environ.get(f"SITE_DESCRIPTION_{code.upper()}", "").strip()
}

# The read API: requests a minute from one address without an API key (each key has its
# own limit, set in the admin).
API_ANONYMOUS_REQUESTS_PER_MINUTE = env_int("API_ANONYMOUS_REQUESTS_PER_MINUTE", 60)

# Webhook notifications are sent on a thread of their own after each change commits
# (webhooks/delivery.py); off, they are sent in the request (tests).
WEBHOOKS_IN_BACKGROUND = env_bool("WEBHOOKS_IN_BACKGROUND", True)

# Reader comments: new ones wait for moderation; at most COMMENT_RATE_LIMIT ("5/10m": five
# per ten minutes) from one IP address; a comment with more than COMMENT_MAX_LINKS links is
# held as spam; after COMMENTS_CLOSE_AFTER_DAYS days (0: never) an article takes no more.
COMMENT_RATE_LIMIT = os.environ.get("COMMENT_RATE_LIMIT", "5/10m")
COMMENT_MAX_LINKS = env_int("COMMENT_MAX_LINKS", 2)
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0)
# Behind a proxy, the request header that carries the reader's address, as Django names it
# (e.g. HTTP_X_REAL_IP); REMOTE_ADDR otherwise.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "REMOTE_ADDR")

# Who receives vulnerability reports, published at /.well-known/security.txt (RFC 9116):
# comma-separated mailto:, https: or tel: addresses. Unset, the file is not served (404).
SECURITY_CONTACT = security_contacts()

# create_local_editor makes a superuser with a generated password: development only.
ALLOW_LOCAL_EDITOR = False

# Staff accounts (accounts/). Two-factor sign-in with an authenticator app (django-otp) is
# open to every staff member; with STAFF_TWO_FACTOR_REQUIRED (on in production) editors and
# superusers must use it.
STAFF_TWO_FACTOR_REQUIRED = env_bool("STAFF_TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = f"{SITE_NAME} newsroom"
# Password guessing (django-axes): LOGIN_FAILURE_LIMIT failed sign-ins for one account, or
# from one address, lock it for LOGIN_LOCKOUT_MINUTES; `manage.py axes_reset_username NAME`
# or `axes_reset_ip ADDRESS` unlocks at once. The address is the one reader comments are
# limited by (CLIENT_IP_HEADER, the load balancer's X-Forwarded-For entry).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "cms.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# Not verbose: no start-up banner on stdout (where `manage.py dumpdata` writes); lockouts
# are still logged as warnings.
AXES_VERBOSE = False
# Only staff have sessions (readers get none). One ends after a working day without a
# request; every request starts the day again.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_HOURS", 10) * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
for _name, _value in (
    ("LOGIN_FAILURE_LIMIT", AXES_FAILURE_LIMIT),
    ("LOGIN_LOCKOUT_MINUTES", AXES_COOLOFF_TIME.total_seconds()),
    ("SESSION_IDLE_HOURS", SESSION_COOKIE_AGE),
):
    if _value < 1:
        raise ImproperlyConfigured(f"{_name} must be 1 or more.")

# Security headers. prod.py turns on HTTPS-only cookies, redirects and HSTS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Our scripts read the CSRF token from the form (or /csrf/), never from the cookie.
CSRF_COOKIE_HTTPONLY = True
# A reader's form posted from a page the accelerator served (no token) is handed back with
# one and the reader's text, not refused with Django's bare 403 (articles/views.py).
CSRF_FAILURE_VIEW = "engagement.views.csrf_refused"

# Content Security Policy (django-csp): only our own scripts, styles, fonts and images
# (plus the media storage's origin), no plugins, no framing. A nonce is added to the
# header only on pages that use one (the admin's rich-text editor); public pages use none,
# so a cached page stays valid whatever header it is sent with.
_CSP_IMAGES = [SELF, "data:", "blob:", *media_origins(STORAGES["default"])]
# The rich-text editor (Tiptap, inside django-prose-editor) adds its fixed base CSS as a
# <style> element and offers no way to pass it a nonce; this hash allows that text and no
# other. tests/test_security_headers.py recomputes it from the installed editor.js.
TIPTAP_BASE_CSS_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, TIPTAP_BASE_CSS_HASH],
        "img-src": _CSP_IMAGES + env_list("CSP_EXTRA_IMG_SRC"),
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Posts and videos stories may embed (articles/embeds.py): a link on a line of its own to one
# of these providers becomes a placeholder that loads the provider's content, in a frame the
# page's CSP allows, only when the reader asks. EMBED_PROVIDERS=youtube,telegram narrows it;
# an empty value turns embeds off (every link stays a link).
EMBED_PROVIDER_CHOICES = ("youtube", "vimeo", "telegram", "x", "facebook", "instagram")
EMBED_PROVIDERS = env_list("EMBED_PROVIDERS", EMBED_PROVIDER_CHOICES)
if set(EMBED_PROVIDERS) - set(EMBED_PROVIDER_CHOICES):
    raise ImproperlyConfigured(
        "EMBED_PROVIDERS may name only "
        + ", ".join(EMBED_PROVIDER_CHOICES)
        + f"; got {', '.join(sorted(set(EMBED_PROVIDERS) - set(EMBED_PROVIDER_CHOICES)))}."
    )

# One line per log record on stdout, where a process manager or container runtime
# collects it. gunicorn writes one access line per request (cms/gunicorn.conf.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stdout"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
