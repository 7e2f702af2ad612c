"""Front Desk settings.

Every setting comes from the environment with a default that runs on a fresh machine:
SQLite, an embedded Celery broker, the console email backend. Production sets DEBUG=false,
SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

from frontdesk.storage import private_storage, redis_cache

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)  # the default SQLite database and embedded broker live here

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
if "SECRET_KEY" in env:
    SECRET_KEY = env.str("SECRET_KEY")
elif DEBUG:
    SECRET_KEY = "dev-only-insecure-key-set-SECRET_KEY-in-production-0123456789"
else:  # production without a key given: one made on first start and kept (make serve)
    from frontdesk.secretkey import kept_secret_key

    SECRET_KEY = kept_secret_key(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "import_export",
    "simple_history",
    "frontdesk",
    "owners",
    "fees",
    "workorders",
    "reception",
    "checkin",
    "complaints",
    "revisits",
    "releases",
    "surveys",
    "renovation",
    "leasing",
    "services",
    "imports",
    "inspections",
    "activities",
]

MIDDLEWARE = [
    "frontdesk.middleware.request_log",  # first: times the whole stack, ids every response
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "frontdesk.middleware.DeskLocaleMiddleware",
    "frontdesk.pdf.requested_language_middleware",  # ?lang=en: documents printed in English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "frontdesk.signin.SlidingSessionMiddleware",  # below the user: refreshes signed-in sessions
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "frontdesk.middleware.csp_scope",  # below CSPMiddleware: fits the policy to admin and files
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# django-csp 4: page JavaScript and CSS are files under static/ (no inline <script>, style=""
# or on…= handler in templates), so pages run under a strict policy. frontdesk.middleware.csp_scope
# relaxes it for the Django admin and leaves files (PDFs, spreadsheets) without one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

ROOT_URLCONF = "frontdesk.urls"
WSGI_APPLICATION = "frontdesk.wsgi.application"

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
                "frontdesk.context_processors.desk",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'frontdesk.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, the worker and beat share the file; IMMEDIATE transactions take
    # the write lock when they begin, so a second writer waits (timeout) instead of failing at
    # once with "database is locked" when its read transaction would have to become a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# Hours, as axes reads a float; a supervisor unlocks sooner at /accounts/lockouts/.
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=15) / 60
# A user name from one address: the same name elsewhere, and the colleagues behind the same
# office address, still sign in.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address behind reverse proxies. Off by default: REMOTE_ADDR, which no client
# can forge. REVERSE_PROXIES=N (each proxy adds the address it got the request from to
# X-Forwarded-For) takes the client from that header when it holds exactly N addresses; a
# longer one (a client's own forged entries) is not believed and REMOTE_ADDR counts.
_REVERSE_PROXIES = env.int("REVERSE_PROXIES", default=0)
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_PROXY_COUNT = _REVERSE_PROXIES - 1 if _REVERSE_PROXIES else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if _REVERSE_PROXIES else ("REMOTE_ADDR",)
)
# A session ends with the shift: SESSION_HOURS after the last request (sliding), re-saved at
# most every SESSION_REFRESH_MINUTES rather than on every request (frontdesk.signin).
SESSION_COOKIE_AGE = int(env.float("SESSION_HOURS", default=12) * 60 * 60)
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_MINUTES", default=5) * 60
# With REDIS_CACHE_URL (or CACHE_URL) the web machines share one cache on Redis, and sessions
# are read from it (kept in the database too, so a restarted Redis signs nobody out).
# Otherwise each process has its own memory cache and sessions are in the database.
if _redis_caches := redis_cache(env):
    CACHES = _redis_caches
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [env.path("LOCALE_DIR", default=BASE_DIR / "locale")]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Scans of ID cards and contracts, job files: never under a public URL, served by a checked
    # view. A local folder, or an S3-compatible object store shared by several web machines
    # (PRIVATE_MEDIA_STORAGE=s3, AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, …).
    "private": private_storage(env, local_root=VAR_DIR / "private"),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "media/"
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="frontdesk@localhost")
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Celery: Redis in production; an embedded broker (SQLAlchemy on a SQLite file) otherwise.
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL", default=f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Saving a record must not hang on a dead broker: fail fast, the next sweep does the work.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# (the SQLAlchemy transport hands its options to create_engine, which knows none of these)
# visibility_timeout: a message not acknowledged this long (its worker died mid-task: tasks
# are acknowledged late) is handed out again. Longer than every task's run and every job's
# lease (frontdesk.jobs.LEASE): the jobs sweep re-queues a dead worker's job well before.
REDIS_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60),
}
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_TRANSPORT_OPTIONS
CELERY_BEAT_SCHEDULE = {
    "complaints-escalation": {
        "task": "complaints.tasks.escalation_sweep",
        "schedule": crontab(minute="*/15"),
    },
    "notifications-send-pending": {
        "task": "frontdesk.tasks.notifications_send_pending",
        "schedule": crontab(minute="*"),
    },
    "jobs-run-queued": {
        "task": "frontdesk.tasks.jobs_run_queued",
        "schedule": crontab(minute="*"),
    },
    "database-analyze": {
        "task": "frontdesk.tasks.database_analyze",
        "schedule": crontab(minute=30, hour=3),
    },
    "fees-collection-follow-ups": {
        "task": "fees.tasks.collection_follow_ups_sweep",
        "schedule": crontab(minute=0, hour=8),
    },
    "fees-arrears-snapshot": {
        "task": "fees.tasks.arrears_snapshot_sweep",
        "schedule": crontab(minute=5, hour=0),
    },
    "checkin-custody-inspections": {
        "task": "checkin.tasks.custody_inspections_sweep",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
    },
    "fees-bill-month": {
        "task": "fees.tasks.billing_sweep",
        "schedule": crontab(minute=15, hour=1, day_of_month=1),
    },
    "revisits-sweep": {"task": "revisits.tasks.revisits_sweep", "schedule": crontab(minute="*/15")},
    "revisits-monthly": {
        "task": "revisits.tasks.revisits_monthly",
        "schedule": crontab(minute=0, hour=7, day_of_month=1),
    },
    "releases-expiry": {
        "task": "releases.tasks.expiry_sweep",
        "schedule": crontab(minute=5, hour=0),
    },
    "renovation-daily": {
        "task": "renovation.tasks.daily_sweep",
        "schedule": crontab(minute=0, hour=7),
    },
    "leasing-daily": {  # rent cycles started (once per contract and period), expiry reminders
        "task": "leasing.tasks.daily_sweep",
        "schedule": crontab(minute=15, hour=1),
    },
    "releases-reconciliation": {
        "task": "releases.tasks.reconciliation_flag",
        "schedule": crontab(minute=30, hour=7),
    },
    "activities-column-replacement": {
        "task": "activities.tasks.column_replacement_sweep",
        "schedule": crontab(minute=10, hour=7),
    },
    "inspections-missed-rounds": {
        "task": "inspections.tasks.missed_rounds_sweep",
        "schedule": crontab(minute=10, hour=0),
    },
    "inspections-plan-rounds": {  # rounds by template frequency; follow-ups of done sheets
        "task": "inspections.tasks.plan_rounds",
        "schedule": crontab(minute=20, hour=0),
    },
}
# `manage.py backup` writes here; the nightly backup (off unless BACKUP_NIGHTLY=true) keeps
# the BACKUP_KEEP newest archives. Copy them off the machine too (README, "Backups").
BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
if env.bool("BACKUP_NIGHTLY", default=False):
    CELERY_BEAT_SCHEDULE["backup-nightly"] = {
        "task": "frontdesk.tasks.backup_nightly",
        "schedule": crontab(minute=30, hour=2),
    }

# One JSON object a line in production (LOG_FORMAT=json), for a log collector to search; plain
# text when developing. Every line carries its request's id (frontdesk.logging); one line per
# request comes from the logger "frontdesk.request" (frontdesk.middleware.request_log).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "frontdesk.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "frontdesk.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Its "Internal Server Error" record (with the traceback) gets the id on the record
        # itself, so every handler sees it, not only the console's.
        "django.request": {"filters": ["request_id"]},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Production speaks HTTPS, TLS ending at the reverse proxy, which sets X-Forwarded-Proto. An
# office that serves the desk over plain HTTP on its own network says so with PLAIN_HTTP=true:
# cookies then cross the network unencrypted, and `manage.py check --deploy` warns.
PLAIN_HTTP = env.bool("PLAIN_HTTP", default=False)
if not DEBUG:
    _tls = not PLAIN_HTTP
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_tls)
    if env.bool("SECURE_PROXY_SSL", default=_tls):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if _tls else 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _tls
    SECURE_HSTS_PRELOAD = _tls
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=_tls)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=_tls)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
