"""Settings for Thi đua: one module, read through django-environ.

Two run modes, chosen by the environment alone:
- embedded (no variables): SQLite, Celery tasks run in process, e-mail on the console;
- real services: DATABASE_URL (PostgreSQL) and REDIS_URL (Celery broker and results).
Nothing else in the project reads os.environ.
"""

import os
import tempfile
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.storage import VARIABLES as S3_VARIABLES
from config.storage import s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The built-in key is public (it is in this file): it signs sessions and password-reset links
# only in the embedded mode on a developer's machine, i.e. when none of the variables that
# mean "a real installation" is set. Anything else without DJANGO_SECRET_KEY refuses to start.
BUILTIN_SECRET_KEY = "embedded-mode-only-not-secret-change-me-in-production-0123456789"  # noqa: S105
PRODUCTION_HINTS = ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOWED_HOSTS", "DJANGO_SECURE_COOKIES")
SECRET_KEY = env("DJANGO_SECRET_KEY", default=BUILTIN_SECRET_KEY)
if SECRET_KEY.startswith("thay-bang"):  # the placeholder of deploy/thidua.env.example
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY vẫn là giá trị ví dụ: hãy thay bằng một chuỗi ngẫu nhiên dài."
    )
if SECRET_KEY == BUILTIN_SECRET_KEY and not DEBUG:
    _production_by = [name for name in PRODUCTION_HINTS if env(name, default="")]
    if "DJANGO_DEBUG" in env.ENVIRON:
        _production_by.insert(0, "DJANGO_DEBUG=false")
    if _production_by:
        raise ImproperlyConfigured(
            "Thiếu biến DJANGO_SECRET_KEY. Khóa có sẵn trong mã nguồn là công khai, nên Thi "
            "đua không chạy với nó ngoài chế độ nhúng (đang đặt: "
            f"{', '.join(_production_by)}). Hãy đặt DJANGO_SECRET_KEY là một chuỗi ngẫu nhiên "
            "dài, ví dụ kết quả của lệnh: python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'"
        )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_celery_beat",
    "csp",
    "core",
    "units",
    "campaigns",
    "awards",
    "reports",
    "scoring",
    "decisions",
]

MIDDLEWARE = [
    "core.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes last: it must see the authenticated user and the login attempts.
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "core.context_processors.notifications",
            ],
        },
    },
]

# --- Database: SQLite unless DATABASE_URL is given -------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections: each gunicorn thread keeps its connection for 10 minutes
    # rather than opening one per request (a TCP and authentication round trip or more
    # per page), checked before a request reuses it (a restarted server costs no error
    # page). What the connection prepared stays prepared: the statements core.statements
    # runs on every opening of a busy page are planned once per connection, not once per
    # request. At most one connection per worker thread (config/gunicorn.py); a URL's
    # ?conn_max_age=0 goes back to one per request.
    DATABASES["default"].setdefault("CONN_MAX_AGE", 600)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under concurrent requests. SQLite admits one writer at a time:
    # - IMMEDIATE: every transaction.atomic() takes the write lock at BEGIN, so a
    #   transaction that reads, then writes, waits its turn; with the default (DEFERRED)
    #   the read-then-write upgrade cannot wait and fails at once "database is locked".
    # - timeout: how long (seconds) a writer waits for the lock before giving up.
    # - WAL: readers do not block the writer, nor the writer the readers; synchronous
    #   NORMAL is durable across application crashes and the usual choice with WAL.
    # Django 5.2 runs init_command on each new connection, split on ";".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests get a database file too, one per process: threads sharing an in-memory
    # database would not show how SQLite behaves under concurrent writers.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"thidua-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "units.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Throttle repeated failed logins: 5 failures lock that user from that address for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False

# --- Language, time zone, formats -------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and media files ------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},  # MEDIA_ROOT
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Uploaded attachments (dossiers, reports) and generated files (certificate batches) go to
# MEDIA_ROOT on local disk, or to a bucket of an S3-compatible object storage (MinIO, a
# provider's object storage) through django-storages when STORAGE_URL or
# AWS_STORAGE_BUCKET_NAME is set (README, "Chạy thật"). One variable:
#   STORAGE_URL=s3://ACCESS_KEY:SECRET_KEY@host:port/bucket/prefix?region=hn-1&addressing_style=path
#     s3:// talks HTTPS to host:port, s3+http:// plain HTTP (a MinIO on the same machine);
#     keys percent-encoded; the prefix (folder inside the bucket), region and
#     addressing_style (path, the default with an endpoint, or virtual) are optional;
# or the usual variables, each of which wins over the same part of STORAGE_URL:
#   AWS_S3_ENDPOINT_URL (https://host:port), AWS_STORAGE_BUCKET_NAME, AWS_ACCESS_KEY_ID,
#   AWS_SECRET_ACCESS_KEY, AWS_S3_REGION_NAME, AWS_S3_ADDRESSING_STYLE, AWS_LOCATION (prefix).
# Files never leave by a bucket URL: every download goes through the app's permission-checked
# view (core.http.file_response streams the object). The bucket stays private; a URL the
# storage could sign (storage.url) is signed and lives AWS_QUERYSTRING_EXPIRE seconds (300).
# Sizes and SHA-256 checksums are taken from the upload before it is stored (core.uploads),
# so nothing reads a local path. The parsing: config/storage.py.
STORAGE_URL = env("STORAGE_URL", default="")
_s3_storage = s3_storage(
    STORAGE_URL,
    {name: env(name, default="") for name in S3_VARIABLES.values()},
    signed_url_seconds=env.int("AWS_QUERYSTRING_EXPIRE", default=300),
)
if _s3_storage:
    STORAGES["default"] = _s3_storage
# Uploaded files: the largest accepted, in bytes (20 MB by default).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail -----------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Thi đua <thidua@localhost>")
# The address of the site as users reach it: links in notifications and e-mails start with it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
NOTIFICATION_SUBJECT_PREFIX = "[Thi đua] "
# Reminders go out this many days before a deadline's last day (0: on the day itself).
REMINDER_OFFSETS = env.list("REMINDER_OFFSETS", cast=int, default=[7, 3, 1, 0])
# The daily sweep stores and queues reminders this many obligations at a time (one
# transaction and a fixed number of queries per batch).
REMINDER_BATCH = env.int("REMINDER_BATCH", default=5000)

# --- Celery: eager in process unless REDIS_URL is given ------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged when it ends, not when it starts: a worker killed mid-task (OOM,
# SIGKILL, power) leaves its message unacknowledged and another worker runs it again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Redis hands an unacknowledged message out again after this many seconds (longer than
# the longest task: the daily reminder sweep, a certificate batch). A worker looks for
# such messages at start and then every few seconds (kombu's restore sweep).
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 2)),
    "unacked_restore_throttle": 1 if CELERY_VISIBILITY_TIMEOUT < 600 else 10,
}
# The queue tasks go to and workers read (two installations may share one Redis).
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # Every minute: a worker writes the time into Redis; /healthz reports its age.
    "worker-heartbeat": {
        "task": "core.tasks.task_heartbeat",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
    # Every day at 06:30 Vietnam time: drop login-attempt logs older than 30 days.
    "clean-expired-lockouts": {
        "task": "core.tasks.task_clean_login_attempts",
        "schedule": crontab(hour=6, minute=30),
    },
    # Every day at 06:00 Vietnam time: remind units of deadlines, tell offices who is late.
    "send-reminders": {
        "task": "core.tasks.task_send_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # Every 5 minutes: send what the outbox still holds (failed attempts are retried).
    "send-pending-email": {
        "task": "core.tasks.task_send_outbox",
        "schedule": crontab(minute="*/5"),
    },
}

# --- Forms and messages -----------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Plain widgets written in Python, byte for byte as Django's templates (core/forms_render.py):
# a formset of many rows no longer costs its page dozens of template renders per row.
FORM_RENDERER = "core.forms_render.WidgetRenderer"
from django.contrib.messages import constants as message_constants  # noqa: E402

MESSAGE_TAGS = {message_constants.ERROR: "danger"}

# --- Security in production --------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind nginx (deploy/nginx.conf) the proxy says whether the browser used HTTPS.
if env.bool("DJANGO_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # monitoring on the machine itself asks over HTTP
# Strict-Transport-Security: 0 sends no header (the embedded mode serves plain HTTP).
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy on every response that has none of its own (attachments send
# "default-src 'none'; sandbox"). The app serves every asset itself and has no inline script
# or style: templates load static/ files only. Bootstrap draws check marks and select arrows
# with data: SVG images, hence data: for images.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Sessions on shared office computers: gone when the browser closes, and after 8 working
# hours without a request (core.middleware.SessionRefreshMiddleware moves the expiry on at
# most every SESSION_REFRESH_SECONDS, so a page view does not write the session each time).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=8 * 60 * 60)
SESSION_REFRESH_SECONDS = 5 * 60

# The CSRF failure page in Vietnamese (Django's own is English).
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# --- Logs: text by default, one JSON object per line with LOG_FORMAT=json ---------------
# Every line carries the request id (also sent as the X-Request-ID response header) and,
# in the worker, the Celery task id (core.logging).
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.logging.ContextFilter"}},
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s task_id=%(task_id)s %(message)s"
        },
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
# The worker logs through the same handler instead of replacing it with its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Error reports to Sentry, only when SENTRY_DSN is set ------------------------------
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk  # only installations that report errors import it
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,  # no user names, addresses or cookies leave the server
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
