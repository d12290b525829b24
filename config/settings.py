"""Homeward settings: one file, driven by environment variables.

DATABASE_URL selects the database (default: SQLite file in var/). Every other setting that differs
between a laptop demo and a deployment has an environment variable with a safe default for the demo.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

# Lets the typed generics of Django (forms.ModelForm[Case], admin.ModelAdmin[Case]) run too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HOMEWARD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
DEMO_SECRET_KEY = "homeward-demo-only-not-secret"
SECRET_KEY = os.environ.get("SECRET_KEY", DEMO_SECRET_KEY)
# With DEBUG off, Homeward refuses to serve with the demo key or without HTTPS settings unless
# this is set (bin/demo sets it): see homeward/core/deploy.py.
HOMEWARD_INSECURE_DEMO = env_bool("HOMEWARD_INSECURE_DEMO", False)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "homeward.core.apps.CoreConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "homeward.accounts",
    "homeward.audit",
    "homeward.places",
    "homeward.people",
    "homeward.cases",
    "homeward.tracing",
    "homeward.kinship",
    "homeward.movements",
    "homeward.aftercare",
    "homeward.documents",
    "homeward.casework",
    "homeward.reports",
    "homeward.imports",
    "homeward.demo",
    "homeward.web",
    "homeward.api",
]

MIDDLEWARE = [
    "homeward.web.limits.RequestSizeLimitMiddleware",
    "homeward.web.serving.RequestIdMiddleware",
    # What a page keeps of the workflow and the places is checked once per request.
    "homeward.core.reference.ReferenceTokenMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Serves the app's own static files (no CDN, no separate web server needed for the demo).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits, then the second factor: a half-signed-in user reaches
    # only the sign-in steps.
    "homeward.web.signin_middleware.SessionLimitsMiddleware",
    "homeward.web.signin_middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "homeward.web.middleware.ContentSecurityPolicyMiddleware",
    "homeward.web.serving.DeadlineMiddleware",
    # Last, so that a locked-out sign-in is answered with Homeward's own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'homeward.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # a kept connection is checked before each request reuses it (a restarted server, say)
        conn_health_checks=True,
    )
}
# Each request is one transaction: a page's audit entry ("viewed") commits with the page or not at all.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server share the demo database without "locked" errors.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;", "transaction_mode": "IMMEDIATE"}
    )
    # The database file holds personal data: readable by its owner only (SQLite gives its journal
    # files the same mode).
    _db_file = Path(str(DATABASES["default"]["NAME"]))
    if str(_db_file) not in ("", ":memory:"):
        try:
            _db_file.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(_db_file, os.O_CREAT | os.O_APPEND, 0o600))
            for _suffix in ("", "-wal", "-shm"):
                if Path(f"{_db_file}{_suffix}").exists():
                    os.chmod(f"{_db_file}{_suffix}", 0o600)
        except OSError:
            pass

# Each request's database work is bounded (homeward/web/serving.py): PostgreSQL's statement_timeout,
# set on the connection when HOMEWARD_STATEMENT_TIMEOUT_MS is given (config/wsgi.py gives the served
# app 10 s; commands and the worker have none), and a progress handler on SQLite. JIT is off: it
# costs more than it saves on Homeward's short queries, and so do parallel workers: with many
# requests at once every core is busy already, and a search's workers only add start-up time.
HOMEWARD_REQUEST_TIMEOUT_MS = int(os.environ.get("HOMEWARD_REQUEST_TIMEOUT_MS", "10000"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _pg_options = ["-c jit=off", "-c max_parallel_workers_per_gather=0"]
    _statement_ms = int(os.environ.get("HOMEWARD_STATEMENT_TIMEOUT_MS", "0") or 0)
    if _statement_ms > 0:
        _pg_options.append(f"-c statement_timeout={_statement_ms}")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(_pg_options)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "case-list"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    # Refuses every sign-in of a locked-out account or address before the password is checked.
    "homeward.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email"), "max_similarity": 0.6}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "homeward.accounts.passwords.NotYourNameValidator"},
    {"NAME": "homeward.accounts.passwords.NoCommonPatternValidator"},
]

# Sign-in lockout (django-axes): after HOMEWARD_LOGIN_FAILURES wrong passwords for one account,
# or from one address, sign-in is refused for HOMEWARD_LOCKOUT_MINUTES, even with the right one.
AXES_FAILURE_LIMIT = int(os.environ.get("HOMEWARD_LOGIN_FAILURES", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("HOMEWARD_LOCKOUT_MINUTES", "15")))
# The lockout ends when it said it would: attempts during it do not move its end.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "homeward.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Behind a proxy, the address of the client is the one it names (set it only behind one).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("HOMEWARD_PROXY_COUNT", "0")) or None
OTP_TOTP_ISSUER = "Homeward"
# Roles that must sign in with a second factor (the national office's users too, whatever role).
HOMEWARD_SECOND_FACTOR_ROLES = ("admin", "geneticist")
HOMEWARD_SECOND_FACTOR_AGENCY_KINDS = ("national",)
# Sessions end after this many idle minutes, and in any case this many hours after sign-in.
HOMEWARD_SESSION_IDLE_MINUTES = int(os.environ.get("HOMEWARD_SESSION_IDLE_MINUTES", "30"))
HOMEWARD_SESSION_MAX_HOURS = int(os.environ.get("HOMEWARD_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = HOMEWARD_SESSION_MAX_HOURS * 3600
PASSWORD_RESET_TIMEOUT = int(os.environ.get("HOMEWARD_RESET_LINK_HOURS", "24")) * 3600
# Reset links go out by e-mail when a server is configured; otherwise the administrator hands them over.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "homeward@localhost")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers per language (homeward/formats): Iraqi month names in Arabic, ISO short dates in English.
FORMAT_MODULE_PATH = ["homeward.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed but not hashed names: works with or without collectstatic.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Without collectstatic (tests, a first run) WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Case documents, sealed (encrypted) before they are written: a private folder by default, or an
# S3-compatible bucket (django-storages, installed separately) with HOMEWARD_DOCUMENTS_STORAGE=s3
# and AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
if os.environ.get("HOMEWARD_DOCUMENTS_STORAGE", "") == "s3":
    STORAGES["documents"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "location": os.environ.get("HOMEWARD_DOCUMENTS_PREFIX", "homeward"),
        "default_acl": None, "querystring_auth": True, "file_overwrite": False,
    }}
else:
    STORAGES["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {
        "location": Path(os.environ.get("HOMEWARD_DOCUMENTS_ROOT", MEDIA_ROOT / "private")),
        "base_url": None, "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700,
    }}
for _folder in (VAR_DIR, STATIC_ROOT):
    try:  # the demo's SQLite file and WhiteNoise's static root live here
        _folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass

# HTTPS: HOMEWARD_HTTPS=1 turns every setting below on (each can still be set on its own).
HTTPS = env_bool("HOMEWARD_HTTPS", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600 if HTTPS else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("HOMEWARD_BEHIND_PROXY", False):
    # The proxy terminates TLS and says so; set only when a proxy that sets this header is in front.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_NAME = "__Host-homeward" if SESSION_COOKIE_SECURE else "homeward_session"

# Request bodies: anything larger than HOMEWARD_MAX_REQUEST_MB is refused from its Content-Length,
# before it is read (homeward.web.limits); form fields without files are held to Django's own limit.
HOMEWARD_MAX_REQUEST_MB = int(os.environ.get("HOMEWARD_MAX_REQUEST_MB", "25"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Reminders go out by mail through SMTP when EMAIL_HOST is set; otherwise to the console (the demo).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "homeward@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Homeward API",
    "VERSION": "1.0.0",
    "DESCRIPTION": "Cases, people, relatives' requests, matches and flights for partner systems. "
                   "Authenticate with `Authorization: Bearer <token>`; see the README's API section.",
    "COMPONENT_SPLIT_REQUEST": True,
    "AUTHENTICATION_WHITELIST": ["homeward.api.auth.BearerToken"],
    "SCHEMA_PATH_PREFIX": "/api/",
    # Record ids in paths: integers to the client; any segment reaches the view, which answers 404.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
    "SERVE_INCLUDE_SCHEMA": False,
}

# Programme rules that are configuration, not data of one case.
HOMEWARD: dict[str, Any] = {
    "KINSHIP_LR_THRESHOLD": float(os.environ.get("HOMEWARD_KINSHIP_LR_THRESHOLD", "10000")),
    "SUPPRESSION_THRESHOLD": int(os.environ.get("HOMEWARD_SUPPRESSION_THRESHOLD", "5")),
    "SAMPLE_OVERDUE_DAYS": int(os.environ.get("HOMEWARD_SAMPLE_OVERDUE_DAYS", "30")),
    "HOME_COUNTRY": os.environ.get("HOMEWARD_HOME_COUNTRY", "RU"),
    "DOCUMENT_MAX_BYTES": int(os.environ.get("HOMEWARD_DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024))),
    "DUE_SOON_DAYS": int(os.environ.get("HOMEWARD_DUE_SOON_DAYS", "14")),
}

# HOMEWARD_LOG_FORMAT=json: one JSON object a line with the request id (homeward/core/logs.py),
# and a line for every request at INFO; the default is plain text, warnings and above.
_json_logs = os.environ.get("HOMEWARD_LOG_FORMAT", "text") == "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "homeward.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "homeward.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if _json_logs else "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"homeward.request": {"level": os.environ.get("HOMEWARD_REQUEST_LOG_LEVEL",
                                                             "INFO" if _json_logs else "WARNING")}},
}
