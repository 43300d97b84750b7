"""Django settings for Sentra. Every knob comes from the environment; see .env.example."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from sentra.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# "development" (default) or "production". Production refuses demo users and
# insists on a real secret key (see sentra/core/checks.py).
SENTRA_ENV = env_str("SENTRA_ENV", "development")
DEBUG = env_bool("DEBUG", SENTRA_ENV != "production")
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The home regency (Kemendagri code). Migrations load its regions; the public
# statistics describe it. Another regency: `setup_regency CODE`, which stores the choice in the
# database (regions.Site, read by sentra.regions.home); this setting is the fallback without it.
SENTRA_REGENCY_CODE = env_str("SENTRA_REGENCY_CODE", "35.22")
# Extra folders searched for <regency code>.geojson kecamatan maps before the bundled ones.
SENTRA_MAP_DIRS = env_list("SENTRA_MAP_DIRS")
# "regency" (default) or "hub" (province/national installation gathering signed datasets).
SENTRA_MODE = env_str("SENTRA_MODE", "regency")
SENTRA_HUB_PROVINCE = env_str("SENTRA_HUB_PROVINCE", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "sentra.core",
    "sentra.accounts",
    "sentra.regions",
    "sentra.registry",
    "sentra.metrics",
    "sentra.dashboard",
    "sentra.api",
    "sentra.imports",
    "django.contrib.sitemaps",
    "sentra.catalog",
    "sentra.programs",
    "sentra.backups",
    "sentra.ops",
    "sentra.federation",
    "sentra.planning",
    "sentra.partners",
    "sentra.engagement",
    "sentra.orders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "sentra.urls"
WSGI_APPLICATION = "sentra.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sentra" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sentra.core.context_processors.sentra",
            ],
        },
    },
]

# Database: SQLite file by default, anything dj-database-url understands via
# DATABASE_URL (postgres://user@127.0.0.1:5432/sentra).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # a persistent connection the server dropped (restart, pg_terminate_backend) is replaced before use
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE avoids
        # "database is locked" upgrades inside transactions.
        # busy_timeout: how long a write waits for the lock (a large import holds it); then the user gets
        # the "sedang ada impor besar" page (sentra/ops/faults.py).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        f"PRAGMA busy_timeout={env_int('SQLITE_BUSY_TIMEOUT_MS', 15000)};",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Django turns psycopg's prepared statements off (prepare_threshold None). A threshold no
    # statement reaches leaves them off for every statement Django runs, and lets the code that
    # asks for one (the catalog search and product page: public_read._fetch_prepared) have it. DB_PREPARED=false
    # turns that off too, for a connection pooler that cannot keep prepared statements
    # (PgBouncer before 1.21, or without max_prepared_statements).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # Connection pool (Django 5.2 + psycopg_pool): DB_POOL_MAX connections per process at most, shared by
    # its threads; a request waits up to DB_POOL_TIMEOUT s for one instead of the server refusing a client.
    # Size it so workers × DB_POOL_MAX (+ import worker, + admin) stays under PostgreSQL's max_connections.
    # Replaces DB_CONN_MAX_AGE (set it to 0). See README "Production process model".
    if env_int("DB_POOL_MAX", 0):
        # (with DB_CONN_HEALTH_CHECKS, Django has the pool check each connection before handing it out)
        options["pool"] = {
            "min_size": env_int("DB_POOL_MIN", 1),
            "max_size": env_int("DB_POOL_MAX", 0),
            "timeout": env_int("DB_POOL_TIMEOUT", 10),
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
    prepared = env_bool("DB_PREPARED", True)
    options["prepare_threshold"] = 2**31 - 1 if prepared else None
    if prepared:
        # Those prepared statements are planned once, generically: PostgreSQL's own choice kept
        # re-planning some of them on every run (~1 ms each) because their custom plans looked cheaper.
        # Only prepared statements follow this setting; Django's other statements are not prepared.
        options["options"] = f"{options.get('options', '')} -c plan_cache_mode=force_generic_plan".strip()
# Separate test database names let several checkouts test on one server.
if env_str("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "registry:business_list"
LOGOUT_REDIRECT_URL = "dashboard:public_statistics"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "sentra" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "sentra" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sentra API",
    "DESCRIPTION": "API Sentra — sistem informasi IKM Dekranasda.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- Accounts, sign-in security and personal data (issue 5) ---------------------------------------
# NIK encryption (registry/pii.py): Fernet keys, newest first, comma-separated. Rotation: prepend a new key,
# run `manage.py rotate_nik_keys`, then remove the old one. The hash key gives exact NIK matching.
_DEV_NIK_KEY = "KjLVaiM28GVXiVow0IGgubzqkilBYXwJmyqi_gBrfaw="
SENTRA_NIK_KEYS = env_list("SENTRA_NIK_KEYS") or ([] if SENTRA_ENV == "production" else [_DEV_NIK_KEY])
SENTRA_NIK_HASH_KEY = env_str("SENTRA_NIK_HASH_KEY") or ("" if SENTRA_ENV == "production" else "dev-only-nik-hash-key")
if not SENTRA_NIK_KEYS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SENTRA_NIK_KEYS is required in production (Fernet key; see README).")

AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"] = {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)}
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
# Lockout: this many failed sign-ins for one username (or from one address) within the window locks it.
SENTRA_LOCKOUT_ATTEMPTS = env_int("SENTRA_LOCKOUT_ATTEMPTS", 5)
SENTRA_LOCKOUT_MINUTES = env_int("SENTRA_LOCKOUT_MINUTES", 15)
# Failures for one account from any address slow it down (1, 2, 4 … seconds, at most this) instead of locking it.
SENTRA_LOCKOUT_MAX_DELAY = env_int("SENTRA_LOCKOUT_MAX_DELAY", 60)
# Behind a reverse proxy: the header that carries the client's address (e.g. X-Forwarded-For or X-Real-IP) and
# how many proxies of ours append to it; empty = REMOTE_ADDR (no proxy). See accounts/network.py.
SENTRA_PROXY_IP_HEADER = env_str("SENTRA_PROXY_IP_HEADER", "")
SENTRA_PROXY_COUNT = env_int("SENTRA_PROXY_COUNT", 1)
# Key of the check code in new certificate numbers (verification reads the stored number; see programs/services.py)
SENTRA_CERTIFICATE_KEY = env_str("SENTRA_CERTIFICATE_KEY", "")

# E-mail: console by default, a folder with EMAIL_FILE_PATH, SMTP with EMAIL_HOST.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", "")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "sentra@localhost")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif EMAIL_FILE_PATH:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SENTRA_ENV == "production")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SENTRA_ENV == "production" else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SENTRA_ENV == "production")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SENTRA_ENV == "production")
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content Security Policy (sentra/accounts/middleware.py): no inline scripts, nothing from other hosts.
SENTRA_CSP = env_str("SENTRA_CSP") or (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
MIDDLEWARE.insert(1, "sentra.accounts.middleware.ContentSecurityPolicyMiddleware")
MIDDLEWARE.insert(2, "sentra.accounts.middleware.NulCharacterMiddleware")  # %00 in a query/body: 400, not a 500
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "sentra.accounts.api_auth.BearerTokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]
SENTRA_API_TOKEN_DAYS = env_int("SENTRA_API_TOKEN_DAYS", 90)
# Uploaded permit documents: never under MEDIA_ROOT (which may be served publicly).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))

# --- Reliability (issue 21) ----------------------------------------------------------------------------
# A running import whose worker has not shown a sign of life (heartbeat file) for this long is offered
# again (sentra/imports/batches.py recover_abandoned_batches).
SENTRA_IMPORT_LEASE_SECONDS = env_int("SENTRA_IMPORT_LEASE_SECONDS", 60)
# A database that cannot answer (SQLite locked by a large import, PostgreSQL restarted): a 503 page in
# Indonesian, never a 500 (sentra/ops/faults.py).
MIDDLEWARE.append("sentra.ops.faults.DatabaseUnavailableMiddleware")
# API rate limits (DRF throttling, sentra/api/schema.py): per token / signed-in user, and per address for
# anonymous callers. "N/sec|min|hour|day"; empty turns a limit off.
SENTRA_API_RATE_ANON = env_str("SENTRA_API_RATE_ANON", "120/min") or None
SENTRA_API_RATE_TOKEN = env_str("SENTRA_API_RATE_TOKEN", "600/min") or None
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "sentra.api.schema.AnonRateThrottle",
    "sentra.api.schema.TokenRateThrottle",
]
# Caches and limits read by the apps (every environment variable is read here, nowhere else)
CATALOG_CACHE_SECONDS = env_int("CATALOG_CACHE_SECONDS", 60)  # public catalog pages, per process
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 24 * 60 * 60)  # 0 turns the figures cache off
CATALOG_PHOTO_MAX_BYTES = env_int("CATALOG_PHOTO_MAX_BYTES", 8 * 1024 * 1024)
CATALOG_PHOTO_MAX_PIXELS = env_int("CATALOG_PHOTO_MAX_PIXELS", 40_000_000)  # 40 megapixels
CATALOG_LEADS_PER_IP_PER_HOUR = env_int("CATALOG_LEADS_PER_IP_PER_HOUR", 5)
# Imports: workbook bomb limits checked before parsing (imports/guard.py), undo data and uploaded files kept
IMPORT_MAX_UNPACKED_MB = env_int("IMPORT_MAX_UNPACKED_MB", 400)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 20_000_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 1_000)
IMPORT_PARSE_MEMORY_MB = env_int("IMPORT_PARSE_MEMORY_MB", 1536)
# The import worker's own address-space limit (it parses whole workbooks): a file that still blows up after
# the checks ends the worker, never the web server. 0 = no limit.
IMPORT_WORKER_MEMORY_MB = env_int("IMPORT_WORKER_MEMORY_MB", 3072)
IMPORT_UNDO_DAYS = env_int("IMPORT_UNDO_DAYS", 30)
IMPORT_FILE_RETENTION_DAYS = env_int("IMPORT_FILE_RETENTION_DAYS", 30)
# Anonymous survey answers and poll votes per client address per hour (engagement)
SKM_ANON_PER_IP_PER_HOUR = env_int("SKM_ANON_PER_IP_PER_HOUR", 20)
POLL_VOTES_PER_IP_PER_HOUR = env_int("POLL_VOTES_PER_IP_PER_HOUR", 30)
