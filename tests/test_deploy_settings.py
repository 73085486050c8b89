"""Deployment settings read from the environment: the cache, media storage and a read replica.

A mistyped variable must stop the site at start-up with one line naming it, never start
it half-configured.
"""

import json

import pytest
from django.conf import settings
from django.core.cache import CacheHandler
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, storages
from django.urls import reverse
from storages.backends.s3 import S3Storage

from articles.models import Article
from cms.routers import PublicReadsToReplica, public_reads
from cms.settings.base import cache_from_env, media_storage_from_env
from tests.processes import fresh_python, start_django

# Every variable these tests set, cleared first so the surrounding environment (a CI job
# with DATABASE_URL, say) cannot change what a test sees.
DEPLOYMENT_VARIABLES = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "SITE_URL",
    "CACHE_URL",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "MEDIA_STORAGE",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_LOCATION",
    "AWS_QUERYSTRING_AUTH",
)
PRODUCTION = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "news.example",
    "DATABASE_URL": "postgres://cms@127.0.0.1:5432/cms",
    "SITE_URL": "https://news.example",
}
CACHE_SCHEMES = "redis://, rediss://, db://, locmem:// or dummy://"


@pytest.fixture
def environ(monkeypatch):
    """``environ(**variables)``: exactly these deployment variables set, in this process."""
    for name in DEPLOYMENT_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def set_variables(**variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)

    return set_variables


def manage(settings_module, *args, **env):
    """``manage.py`` in a fresh interpreter, with only ``env`` of the deployment variables."""
    return fresh_python(settings_module, "manage.py", *args, **env)


# -- the cache --------------------------------------------------------------------------


DJANGO = "django.core.cache.backends"


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        # Django's Redis backend, keeping its clients (cms/cache.py).
        ("redis://cache.internal:6379/1", "cms.cache.RedisCache", "redis://cache.internal:6379/1"),
        (
            "rediss://:secret@cache.internal:6380/0",
            "cms.cache.RedisCache",
            "rediss://:secret@cache.internal:6380/0",
        ),
        ("db://cms_cache", f"{DJANGO}.db.DatabaseCache", "cms_cache"),
        ("db:///page_cache", f"{DJANGO}.db.DatabaseCache", "page_cache"),
        ("locmem://pages", f"{DJANGO}.locmem.LocMemCache", "pages"),
        ("dummy://", f"{DJANGO}.dummy.DummyCache", None),
    ],
)
def test_cache_url_schemes(environ, url, backend, location):
    """Each supported scheme gives the Django backend it names, and one Django can build."""
    environ(CACHE_URL=url)
    config = cache_from_env("db://cms_cache")
    assert config["BACKEND"] == backend
    assert config.get("LOCATION") == location
    assert config["KEY_PREFIX"] == "cms"
    built = CacheHandler({"default": config})["default"]
    assert f"{type(built).__module__}.{type(built).__name__}" == config["BACKEND"]


def test_redis_fails_fast_when_away(environ):
    """A Redis outage must cost a second, not hang every request."""
    environ(REDIS_URL="redis://cache.internal:6379/0")
    assert cache_from_env("db://cms_cache")["OPTIONS"] == {"socket_connect_timeout": 1, "socket_timeout": 1}


def test_cache_url_falls_back_to_redis_url_then_the_default(environ):
    """CACHE_URL wins, then REDIS_URL (as hosting platforms name it), then the database cache."""
    assert cache_from_env("db://cms_cache")["LOCATION"] == "cms_cache"
    environ(REDIS_URL="redis://redis.internal:6379/0")
    assert cache_from_env("db://cms_cache")["LOCATION"] == "redis://redis.internal:6379/0"
    environ(CACHE_URL="  ")
    assert cache_from_env("db://cms_cache")["LOCATION"] == "redis://redis.internal:6379/0"
    environ(CACHE_URL="locmem://one", CACHE_KEY_PREFIX="site-two")
    config = cache_from_env("db://cms_cache")
    assert (config["LOCATION"], config["KEY_PREFIX"]) == ("one", "site-two")


@pytest.mark.parametrize(
    ("variable", "url", "message"),
    [
        (
            "CACHE_URL",
            "memcached://cache:11211",
            f"CACHE_URL must start with {CACHE_SCHEMES}; got 'memcached://cache:11211'.",
        ),
        (
            "CACHE_URL",
            "cache.internal:6379",
            f"CACHE_URL must start with {CACHE_SCHEMES}; got 'cache.internal:6379'.",
        ),
        (
            "CACHE_URL",
            "redis://cache:six/0",
            "CACHE_URL is not a usable cache URL (Port could not be cast to integer value as 'six'): "
            "'redis://cache:six/0'.",
        ),
        (
            "CACHE_URL",
            "redis://cache:99999",
            "CACHE_URL is not a usable cache URL (Port out of range 0-65535): 'redis://cache:99999'.",
        ),
        ("CACHE_URL", "db://", "CACHE_URL must name a table, as in db://cms_cache; got 'db://'."),
        (
            "CACHE_URL",
            "db://cms-cache",
            "CACHE_URL must name a table, as in db://cms_cache; got 'db://cms-cache'.",
        ),
        ("CACHE_URL", "redis:///0", "CACHE_URL names no Redis host: 'redis:///0'."),
        ("REDIS_URL", "redis://:secret@/0", "REDIS_URL names no Redis host: 'redis://:secret@/0'."),
        ("REDIS_URL", "http://cache", f"REDIS_URL must start with {CACHE_SCHEMES}; got 'http://cache'."),
    ],
)
def test_bad_cache_url_is_a_clear_error(environ, variable, url, message):
    """The message names the variable, what is wrong and the value as given."""
    environ(**{variable: url})
    with pytest.raises(ImproperlyConfigured) as error:
        cache_from_env("db://cms_cache")
    assert str(error.value) == message


# -- media storage ----------------------------------------------------------------------


def test_media_on_local_disk_by_default(environ):
    """Without MEDIA_STORAGE, uploads stay in MEDIA_ROOT as in development."""
    config = media_storage_from_env()
    assert config == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert isinstance(storages.create_storage(config), FileSystemStorage)


def test_media_on_s3_takes_its_options_from_the_environment(environ):
    """Every AWS_* variable reaches django-storages under an option name it accepts."""
    environ(
        MEDIA_STORAGE=" S3 ",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://fra1.digitaloceanspaces.com",
        AWS_S3_REGION_NAME="fra1",
        AWS_S3_CUSTOM_DOMAIN="media.news.example",
        AWS_LOCATION="site",
    )
    config = media_storage_from_env()
    assert config == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "newsroom-media",
            "endpoint_url": "https://fra1.digitaloceanspaces.com",
            "region_name": "fra1",
            "custom_domain": "media.news.example",
            "location": "site",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    storage = storages.create_storage(config)  # django-storages refuses unknown option names
    assert (
        isinstance(storage, S3Storage)
        and storage.url("seed/a.png") == "https://media.news.example/site/seed/a.png"
    )


def test_media_on_s3_can_sign_its_urls(environ):
    """A private bucket needs signed addresses; public ones (the default) must not carry them."""
    environ(MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="newsroom-media", AWS_QUERYSTRING_AUTH="yes")
    assert media_storage_from_env()["OPTIONS"]["querystring_auth"] is True
    environ(AWS_QUERYSTRING_AUTH="maybe")
    with pytest.raises(ImproperlyConfigured, match=r"^AWS_QUERYSTRING_AUTH must be 1/0"):
        media_storage_from_env()


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME."),
        (
            {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "  "},
            "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.",
        ),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be filesystem or s3; got 'ftp'."),
    ],
)
def test_bad_media_storage_is_a_clear_error(environ, variables, message):
    """An unknown storage or a bucket left out is named, not discovered at the first upload."""
    environ(**variables)
    with pytest.raises(ImproperlyConfigured) as error:
        media_storage_from_env()
    assert str(error.value) == message


# -- start-up refuses a bad variable ----------------------------------------------------

BAD_VARIABLES = [
    ({"CACHE_URL": "memcached://cache:11211"}, f"CACHE_URL must start with {CACHE_SCHEMES}"),
    ({"CACHE_URL": "redis://cache:six/0"}, "CACHE_URL is not a usable cache URL"),
    ({"REDIS_URL": "redis:///0"}, "REDIS_URL names no Redis host"),
    ({"DATABASE_URL": "postgres://cms@db:port/cms"}, "DATABASE_URL is not a usable database URL"),
    ({"DATABASE_URL": "mysqlish://nowhere"}, "DATABASE_URL is not a usable database URL"),
    (
        {"DATABASE_REPLICA_URL": "postgres://cms@db:port/cms"},
        "DATABASE_REPLICA_URL is not a usable database URL",
    ),
    ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be filesystem or s3"),
    ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME."),
    ({"PAGE_CACHE_VERSION_SECONDS": "-1"}, "PAGE_CACHE_VERSION_SECONDS must be 0 or more; got -1."),
    (
        {"PAGE_CACHE_VERSION_SECONDS": "soon"},
        "PAGE_CACHE_VERSION_SECONDS must be a whole number; got 'soon'.",
    ),
]


@pytest.mark.parametrize("settings_module", ["cms.settings.prod", "cms.settings.dev"])
@pytest.mark.parametrize(("variables", "message"), BAD_VARIABLES)
def test_manage_py_check_refuses_a_bad_variable(settings_module, variables, message):
    """``manage.py check`` (the deploy step before anything starts) fails on the bad variable,
    with one line naming it rather than a traceback."""
    env = (PRODUCTION if settings_module.endswith("prod") else {}) | variables
    result = manage(settings_module, "check", **env)
    assert result.returncode != 0
    assert result.stderr.strip().startswith(f"Configuration error: {message}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert next(iter(variables)) in result.stderr


def test_production_starts_with_redis_s3_media_and_a_replica():
    """Production with every optional service configured (Redis, S3 media, a replica) starts."""
    result = start_django(
        "cms.settings.prod",
        **PRODUCTION,
        CACHE_URL="rediss://:secret@cache.internal:6380/0",
        DATABASE_REPLICA_URL="postgres://cms@replica.internal:5432/cms",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_REGION_NAME="eu-central-1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_csp_allows_the_media_domain_at_start_up():
    """The img-src the site sends names the bucket's domain once media moves there."""
    result = manage(
        "cms.settings.dev",
        "shell",
        "-c",
        "from django.conf import settings; print(*settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_CUSTOM_DOMAIN="media.news.example",
    )
    assert result.returncode == 0, result.stderr
    assert "https://media.news.example" in result.stdout.split()


# -- the read replica -------------------------------------------------------------------


@pytest.fixture
def with_replica(monkeypatch):
    """A "replica" alias in settings.DATABASES (the connections themselves are not touched)."""
    databases = settings.DATABASES | {
        "replica": settings.DATABASES["default"] | {"TEST": {"MIRROR": "default"}}
    }
    monkeypatch.setattr(settings, "DATABASES", databases)


def test_public_reads_go_to_the_replica(with_replica):
    """Readers' pages read from the replica; everything outside public_reads() from the primary."""
    router = PublicReadsToReplica()
    assert router.db_for_read(Article) == "default"
    with public_reads():
        assert router.db_for_read(Article) == "replica"
        assert router.db_for_write(Article) == "default"
    assert router.db_for_read(Article) == "default"


def test_without_a_replica_every_read_goes_to_the_primary():
    """The router may stay installed when the replica is removed from the environment."""
    assert "replica" not in settings.DATABASES
    with public_reads():
        assert PublicReadsToReplica().db_for_read(Article) == "default"


def test_the_database_cache_is_never_read_from_the_replica(with_replica):
    """The content version lives in the database cache: a lagging copy would serve stale pages."""
    from django.core.cache.backends.db import DatabaseCache

    entry = DatabaseCache("cms_cache", {}).cache_model_class
    with public_reads():
        assert PublicReadsToReplica().db_for_read(entry) == "default"


def test_migrations_and_relations_on_the_replica():
    """Only the primary is migrated (the replica copies it); rows on both may be related."""
    router = PublicReadsToReplica()
    assert router.allow_migrate("default", "articles") and not router.allow_migrate("replica", "articles")
    assert router.allow_relation(object(), object())


class RecordingRouter(PublicReadsToReplica):
    """Records where each read would go, and sends it to the one test database anyway."""

    def __init__(self):
        self.reads = []

    def db_for_read(self, model, **hints):
        self.reads.append((model._meta.label, super().db_for_read(model, **hints)))
        return "default"


def test_public_pages_read_from_the_replica_and_the_admin_does_not(
    client, admin_client, make_article, with_replica, settings
):
    """Every public page enters public_reads(); an editor's admin always reads the primary."""
    settings.PAGE_CACHE_SECONDS = 600  # as in production: pages are rendered inside the wrapper
    article = make_article()
    router = settings.DATABASE_ROUTERS = [RecordingRouter()]
    for url in (reverse("articles:front"), article.get_absolute_url(), reverse("articles:feed-rss")):
        router[0].reads.clear()
        assert client.get(url).status_code == 200
        assert router[0].reads and {alias for _, alias in router[0].reads} == {"replica"}, router[0].reads
    router[0].reads.clear()
    assert admin_client.get(reverse("admin:articles_article_changelist")).status_code == 200
    assert router[0].reads and {alias for _, alias in router[0].reads} == {"default"}


REPLICA_PROBE = """
import json
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext
from articles.models import Article
from cms.routers import public_reads

def sent_to(action):
    with CaptureQueriesContext(connections["default"]) as primary, \\
            CaptureQueriesContext(connections["replica"]) as replica:
        try:
            action()
        except Exception:
            pass  # both databases are empty: only where the query went matters
    return [alias for alias, log in (("default", primary), ("replica", replica)) if log.captured_queries]

def read():
    return list(Article.objects.all()[:1])

def write():
    return Article.objects.filter(pk=0).update(headline="x")

with public_reads():
    inside = {"read": sent_to(read), "write": sent_to(write)}
print(json.dumps({
    "outside": {"read": sent_to(read), "write": sent_to(write)},
    "inside": inside,
    "routers": settings.DATABASE_ROUTERS,
    "mirror": settings.DATABASES["replica"]["TEST"]["MIRROR"],
}))
"""


def test_replica_url_routes_public_reads_in_a_real_process(tmp_path):
    """With DATABASE_REPLICA_URL set, queries inside public_reads() reach the replica, writes never."""
    result = manage(
        "cms.settings.dev",
        "shell",
        "-c",
        REPLICA_PROBE,
        DATABASE_URL=f"sqlite:///{tmp_path / 'primary.sqlite3'}",
        DATABASE_REPLICA_URL=f"sqlite:///{tmp_path / 'replica.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "outside": {"read": ["default"], "write": ["default"]},
        "inside": {"read": ["replica"], "write": ["default"]},
        "routers": ["cms.routers.PublicReadsToReplica"],
        "mirror": "default",
    }
