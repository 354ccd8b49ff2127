"""Settings of the Coproduction Sécurité portal.

Every value that differs between a developer's laptop and production is read from the environment
through the small typed helpers of portal/ground/environment.py, which raise ImproperlyConfigured
on a bad value instead of guessing. The defaults need no server at all: SQLite, a file-system
Celery broker, a file-based cache and mail written to var/mail/, so that `make run` works on a
fresh machine. Tests and production set DATABASE_URL, REDIS_URL and CELERY_BROKER_URL to
PostgreSQL and Redis.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.ground.environment import (
    env,
    envbool,
    envfloat,
    envint,
    envlist,
    envrates,
    required_in_production,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


DEBUG = envbool("DEBUG", True)

# --- Secrets and hosts ------------------------------------------------------------------------

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        required_in_production("SECRET_KEY", SECRET_KEY)
    # Development only: one key generated once and kept, so sessions survive a restart.
    secret_file = VAR_DIR / "secret_key"
    if not secret_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        secret_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        secret_file.chmod(0o600)
    SECRET_KEY = secret_file.read_text(encoding="utf-8").strip()

if DEBUG:
    ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
    CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
else:
    ALLOWED_HOSTS = required_in_production("ALLOWED_HOSTS", envlist("ALLOWED_HOSTS", []))
    CSRF_TRUSTED_ORIGINS = required_in_production("CSRF_TRUSTED_ORIGINS", envlist("CSRF_TRUSTED_ORIGINS", []))

# The public address written into e-mails, SMS, calendars and open data: a wrong default would
# send every recipient to a developer's machine, so production must name it.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not DEBUG:
    required_in_production("SITE_URL", SITE_URL)

# --- Applications -----------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_celery_beat",
    "phonenumber_field",
    "import_export",
    "simple_history",
    "csp",
    "portal",
    "portal.ground.notifications",
    "accounts",
    "accounts.parties",
    "workshops",
    "workshops.reports",
    "workshops.library",
    "workshops.relay",
    "workshops.questions",
    "workshops.perdiem",
    "workshops.evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Short links (/r/<code>) are answered here, before sessions, authentication and CSRF:
    # following one reads no session and sets no cookie.
    "workshops.relay.middleware.ShortLinkMiddleware",
    # A public page cached for an anonymous visitor is answered here, before the rest of the
    # stack, which would change nothing in it (portal/ground/pagehits.py).
    "portal.ground.pagehits.CachedPageMiddleware",
    # Pages shrink to a fifth on a 3G line. Django's gzip pads responses against BREACH.
    "portal.middleware.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.SessionTimeoutMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
SITE_ID = 1

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
                "csp.context_processors.nonce",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

# Persistent connections with a health check: a web worker reuses its connection for ten minutes
# instead of paying a PostgreSQL connection (about 2 ms and a backend process) on every request.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server, the worker and beat read while one of them writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------

REDIS_URL = env("REDIS_URL", "")
# The anonymous visitors' pages and the report PDFs (portal/pagecache.py) live in a cache of their
# own, "pages": it may forget anything at any time (a forgotten entry is built again), so in
# production it is a Redis instance with `maxmemory` and `allkeys-lru`. Sessions, rate limits and
# the broker stay on REDIS_URL / CELERY_BROKER_URL, whose Redis must never evict (noeviction):
# an eviction policy applies to a whole instance, and there it would drop sessions, lockout
# counters or queued invitations. Empty: the pages share REDIS_URL (development, tests).
PAGE_CACHE_URL = env("PAGE_CACHE_URL", "")
PAGE_CACHE_TIMEOUT = 24 * 3600
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.ground.cache.PortalRedisCache",  # Django's, with one client per pool
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "portal"),
            "TIMEOUT": 3600,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    # A file cache (not local memory) so that the web server and the Celery worker, separate
    # processes, see the same entries and the same invalidations in development.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": 3600,
        }
    }
if PAGE_CACHE_URL or REDIS_URL:
    CACHES["pages"] = {
        "BACKEND": "portal.ground.cache.PortalRedisCache",
        "LOCATION": PAGE_CACHE_URL or REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "portal"),
        "TIMEOUT": PAGE_CACHE_TIMEOUT,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
else:
    # Bounded too: the file cache culls a third of its entries past MAX_ENTRIES.
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "page-cache"),
        "TIMEOUT": PAGE_CACHE_TIMEOUT,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }

# --- Celery -----------------------------------------------------------------------------------

# How the pieces fit (portal/notifications/tasks.py): only the idempotent sending tasks are
# acknowledged late and redelivered when their worker dies (they claim outbox rows, so a second
# run sends nothing); each worker process reserves one message at a time, so a crash strands at
# most one; a task may run CELERY_TASK_TIME_LIMIT seconds, always less than the outbox lease
# (NOTIFICATIONS_SENDING_LEASE, after which the sweep takes a row back) and less than Redis's
# visibility timeout (after which Redis hands an unacknowledged message to another worker);
# retries ride on countdowns of at most NOTIFICATIONS_RETRY_COUNTDOWN_MAX seconds, longer ones
# and reminders are planned by beat from the database, so no ETA sits in Redis for hours.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", "")
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", max(CELERY_TASK_TIME_LIMIT - 60, 1))
CELERY_VISIBILITY_TIMEOUT = envint("CELERY_VISIBILITY_TIMEOUT", 3600)
if CELERY_BROKER_URL == "filesystem://":
    # kombu's file-system transport: a queue in var/celery/ that the web server, the worker and
    # beat share without any server process. Results go to files beside it.
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery" / "results").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "store_processed": False,
        # Its exchange tables too, instead of a `control/` folder in the working directory.
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
    CELERY_RESULT_BACKEND = CELERY_RESULT_BACKEND or f"file://{VAR_DIR / 'celery' / 'results'}"
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        "socket_connect_timeout": 3,
        "socket_timeout": 10,
    }
    CELERY_RESULT_BACKEND = CELERY_RESULT_BACKEND or CELERY_BROKER_URL
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 10}

CELERY_TIMEZONE = "Africa/Porto-Novo"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ACKS_LATE = False  # per task: only the idempotent sending tasks set it
CELERY_TASK_REJECT_ON_WORKER_LOST = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task running when the broker connection drops finishes; its late ack is lost and the
# message comes back, which the outbox claim makes harmless.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The DatabaseScheduler copies these entries into its tables when beat starts.
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep": {
        "task": "notifications.sweep",
        "schedule": envfloat("NOTIFICATIONS_SWEEP_INTERVAL", 60.0),
    },
    "workshops-presence-checks": {
        "task": "workshops.plan_presence_checks",
        "schedule": envfloat("NOTIFICATIONS_REMINDERS_INTERVAL", 3600.0),
    },
    "notifications-reminders": {
        "task": "notifications.plan_reminders",
        "schedule": envfloat("NOTIFICATIONS_REMINDERS_INTERVAL", 3600.0),
    },
    # Due dates of recommendations: J-14 and J-1 to their addressees and followers.
    "reports-due-reminders": {
        "task": "reports.plan_due_reminders",
        "schedule": envfloat("NOTIFICATIONS_REMINDERS_INTERVAL", 3600.0),
    },
    # The tracker's "en retard" and "sans nouvelles depuis N jours" change with the date alone.
    "reports-new-day": {
        "task": "reports.new_day",
        "schedule": crontab(minute=1, hour=0),
    },
}
CELERY_TASK_ALWAYS_EAGER = False

# --- Notifications (portal/notifications) ---------------------------------------------------------

NOTIFICATIONS_BATCH_SIZE = envint("NOTIFICATIONS_BATCH_SIZE", 50)
NOTIFICATIONS_MAX_ATTEMPTS = envint("NOTIFICATIONS_MAX_ATTEMPTS", 10)
NOTIFICATIONS_RETRY_BASE = envfloat("NOTIFICATIONS_RETRY_BASE", 30.0)
NOTIFICATIONS_RETRY_MAX_DELAY = envfloat("NOTIFICATIONS_RETRY_MAX_DELAY", 3600.0)
NOTIFICATIONS_RETRY_COUNTDOWN_MAX = envfloat("NOTIFICATIONS_RETRY_COUNTDOWN_MAX", 300.0)
NOTIFICATIONS_SENDING_LEASE = envfloat("NOTIFICATIONS_SENDING_LEASE", 600.0)
NOTIFICATIONS_SWEEP_GRACE = envfloat("NOTIFICATIONS_SWEEP_GRACE", 120.0)
NOTIFICATIONS_SWEEP_LIMIT = envint("NOTIFICATIONS_SWEEP_LIMIT", 5000)
if NOTIFICATIONS_SENDING_LEASE <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("NOTIFICATIONS_SENDING_LEASE must exceed CELERY_TASK_TIME_LIMIT.")
if CELERY_BROKER_URL.startswith(("redis", "rediss")) and CELERY_VISIBILITY_TIMEOUT <= (
    CELERY_TASK_TIME_LIMIT + NOTIFICATIONS_RETRY_COUNTDOWN_MAX
):
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must exceed CELERY_TASK_TIME_LIMIT + NOTIFICATIONS_RETRY_COUNTDOWN_MAX."
    )

_SMS_BACKENDS = {
    "console": "portal.ground.notifications.sms.backends.console.SmsBackend",
    "file": "portal.ground.notifications.sms.backends.filebased.SmsBackend",
    "africastalking": "portal.ground.notifications.sms.backends.africastalking.SmsBackend",
    "http": "portal.ground.notifications.sms.backends.africastalking.SmsBackend",
}
SMS_BACKEND = env("SMS_BACKEND", "file")
if SMS_BACKEND in _SMS_BACKENDS:
    SMS_BACKEND = _SMS_BACKENDS[SMS_BACKEND]
elif "." not in SMS_BACKEND:  # a typo would otherwise surface only at the first SMS, in a worker
    raise ImproperlyConfigured(
        f"SMS_BACKEND={SMS_BACKEND!r} is unknown: use {', '.join(sorted(_SMS_BACKENDS))} or a dotted path to a class."
    )
SMS_FILE_PATH = str(VAR_DIR / "sms")
SMS_API_URL = env("SMS_API_URL", "https://api.africastalking.com/version1/messaging")
SMS_USERNAME = env("SMS_USERNAME", "sandbox")
SMS_API_KEY = env("SMS_API_KEY", "")
SMS_SENDER_ID = env("SMS_SENDER_ID", "")
SMS_TIMEOUT = envint("SMS_TIMEOUT", 10)
# Replies to the portal's number: the gateway posts them to /sms/entrants/<SMS_INBOUND_SECRET>/
# (empty: the door is closed), optionally only from these addresses (read through TRUSTED_PROXY_COUNT).
# A development machine has a known one, so that `manage.py sms_receive` works out of the box.
SMS_INBOUND_SECRET = env("SMS_INBOUND_SECRET", "secret-de-developpement" if DEBUG else "")
SMS_INBOUND_ALLOWED_ADDRESSES = envlist("SMS_INBOUND_ALLOWED_ADDRESSES", [])
# Days before a workshop when its confirmed participants are asked to confirm or give up their seat.
PRESENCE_CHECK_DAYS = envint("PRESENCE_CHECK_DAYS", 3)

# --- Authentication ---------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/h/ip,5/h/key",
    "confirm_email": "1/3m/key",
}
# Wrong codes on the portal's own pages, counted by allauth's machinery (portal/ground/ratelimit.py) with
# the same client address (TRUSTED_PROXY_COUNT). A right code gives its attempt back, so only
# failures count; past the limit the page answers 429 in French until the oldest failure is
# older than the period. The certificate page is public, so per client; the check-in page is
# staff's, so per client and per staff account (a staff member changing address is still held).
PORTAL_RATE_LIMITS = {
    "certificate_code_failed": envrates("RATE_LIMIT_CERTIFICATE_CODES", "20/10m/ip", per=("ip",)),
    # Links to a certificate sent by SMS: only wrong or altered tokens are counted.
    "certificate_link_failed": envrates("RATE_LIMIT_CERTIFICATE_LINKS", "20/10m/ip", per=("ip",)),
    "checkin_code_failed": envrates("RATE_LIMIT_CHECKIN_CODES", "60/10m/ip,30/10m/user", per=("ip", "user")),
    # Short links: only wrong codes are counted (never a visitor's right one: workshops/relay/views.py).
    "relay_code_failed": envrates("RATE_LIMIT_RELAY_CODES", "30/10m/ip", per=("ip",)),
    # The room's questionnaire QR code asks for a check-in code: guessable, so wrong ones are held.
    "evaluation_code_failed": envrates("RATE_LIMIT_EVALUATION_CODES", "20/10m/ip", per=("ip",)),
    # The SMS gateway's callback: every request counts (a wrong secret as much as a reply).
    "sms_inbound": envrates("RATE_LIMIT_SMS_INBOUND", "600/m/ip", per=("ip",)),
}
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Coproduction Sécurité] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# French messages, the person's details on the account, "Mon espace" after signing in.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's own sign-up page is the social-media actor's; a party signs up at /inscription/parti/.
ACCOUNT_FORMS = {"signup": "accounts.forms.MediaActorSignupForm"}

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Porto-Novo"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "BJ"

# --- Static files -----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))


def _bootstrap_dir():
    import xstatic.pkg.bootstrap  # noqa: PLC0415 -- only when the static files are collected or served

    return xstatic.pkg.bootstrap.BASE_DIR


STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", _bootstrap_dir())]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Hashed file names never change, so browsers may keep them for a year.
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# In development whitenoise serves straight from the apps' and packages' folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Mail -------------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Coproduction Sécurité <ne-pas-repondre@misp.bj>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
else:
    # Every message the portal sends in development lands as a file a person can open.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# --- Security ---------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
# Sessions live in the cache with a database copy: reads cost no query, nothing is lost on restart.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_TIMEOUT", 2 * 3600)
SESSION_ABSOLUTE_TIMEOUT = envint("SESSION_ABSOLUTE_TIMEOUT", 12 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
# How many reverse proxies stand in front of gunicorn: the client's address is the one the
# outermost of them wrote into X-Forwarded-For, that many entries from its end (1 behind the
# nginx of portal/deploy/nginx.conf; 0 when gunicorn faces the clients itself). Every rate limit
# (allauth's and the portal's, portal/ground/ratelimit.py) counts per client by this address, shared by
# every gunicorn worker through the Redis cache. Left at 0 behind a proxy, every request seems
# to come from the proxy and one client's failures lock everybody out, so production must say.
_proxy_count = env("TRUSTED_PROXY_COUNT", "")
if not DEBUG and _proxy_count.strip() == "":
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT doit être défini quand DEBUG=0 : le nombre de proxys inverses devant "
        "gunicorn (1 derrière le nginx de portal/deploy/nginx.conf, 0 si les clients joignent "
        "gunicorn directement). Voir le tableau de configuration dans README.md."
    )
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT={_proxy_count!r} : un nombre de proxys ne peut pas être négatif."
    )
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /sante/ is probed over plain HTTP by the load balancer inside the private network.
    SECURE_REDIRECT_EXEMPT = [r"^sante/$"]

# No inline script or style anywhere: every asset is a file we serve ourselves.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- The portal's own settings ----------------------------------------------------------------

CATALOGUE_PAGE_SIZE = 12
TRACKER_PAGE_SIZE = 25  # recommendations per page of the public tracker
# Progress notes of the addressees (workshops/reports/followup): evidence files per note and size
# of each (their types are the library's, checked from their content).
FOLLOWUP_EVIDENCE_MAX_FILES = envint("FOLLOWUP_EVIDENCE_MAX_FILES", 5)
FOLLOWUP_EVIDENCE_MAX_BYTES = envint("FOLLOWUP_EVIDENCE_MAX_MB", 20) * 1024 * 1024
# The licence the open data (/donnees/) is published under: its name and the address of its text.
OPEN_DATA_LICENCE_NAME = env("OPEN_DATA_LICENCE_NAME", "Licence Ouverte 2.0")
OPEN_DATA_LICENCE_URL = env(
    "OPEN_DATA_LICENCE_URL", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
)
# Admin imports change data: they need the model's "change" permission; exports need "view".
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Anonymous visitors' pages are served from the cache, invalidated exactly (portal/pagecache.py).
CACHE_PUBLIC_PAGES = envbool("CACHE_PUBLIC_PAGES", True)
# Two baseline views for `make bench` (hello world, one query for 50 rows); never in production.
BENCH_VIEWS = envbool("BENCH_VIEWS", False)
# The address the privacy page gives for questions about personal data; empty: none shown.
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", "")

# --- Communications library (workshops/library) ------------------------------------------------

# Talks, slides and recordings live outside MEDIA_ROOT and are only ever sent by the download
# view, which checks who may read them on every request.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", VAR_DIR / "private-media"))
STORAGES["library"] = {"BACKEND": "workshops.library.storage.PrivateMediaStorage"}
# Empty: Django streams the files itself. Behind nginx, e.g. "/_protected/": the view answers
# with X-Accel-Redirect to that internal location and nginx streams the file (ranges included).
PROTECTED_MEDIA_ACCEL_PREFIX = env("PROTECTED_MEDIA_ACCEL_PREFIX", "")
_MB = 1024 * 1024
LIBRARY_MAX_UPLOAD_BYTES = {
    "document": envint("LIBRARY_MAX_DOCUMENT_MB", 50) * _MB,
    "slides": envint("LIBRARY_MAX_SLIDES_MB", 100) * _MB,
    "audio": envint("LIBRARY_MAX_AUDIO_MB", 100) * _MB,
    "video": envint("LIBRARY_MAX_VIDEO_MB", 200) * _MB,
    "image": envint("LIBRARY_MAX_IMAGE_MB", 10) * _MB,
}
# Office documents are zip archives: refused when their central directory announces more than
# this, before anything is unpacked.
LIBRARY_ZIP_MAX_ENTRIES = 2000
LIBRARY_ZIP_MAX_UNCOMPRESSED_BYTES = 500 * _MB
LIBRARY_ZIP_MAX_RATIO = 100
LIBRARY_PAGE_SIZE = 20
# WeasyPrint logs every rendering step at INFO; one convocation would fill the log.
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}
# --- Relay kits (workshops/relay) ------------------------------------------------------------------

# The share cards are drawn with DejaVu (Debian's fonts-dejavu-core, which WeasyPrint uses too).
RELAY_CARD_FONT_DIR = env("RELAY_CARD_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
# An extract is meant to be forwarded on WhatsApp from a phone: a minute or two, not the talk.
RELAY_AUDIO_MAX_BYTES = envint("RELAY_AUDIO_MAX_MB", 8) * _MB
