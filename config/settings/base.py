"""Settings shared by every environment.

Values that differ between environments are read from the environment with
12-factor names (see README, "Configuration"); each of dev, test and production
decides its own defaults for them.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Runtime files of the embedded defaults (SQLite, the file broker, beat's
# schedule) live here, out of git.
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# Where the app is reached from the outside; used for absolute links in emails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Follow-up <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
]
LOCAL_APPS = [
    "accounts",
    "applications",
    "outreach",
    "feeds",
    "exports",
    "sharing",
    "freshness",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.UserTimeZoneMiddleware",
    "accounts.middleware.TimeZoneChoiceMiddleware",
    "accounts.middleware.NoStoreWhenSignedInMiddleware",
    "accounts.middleware.InvalidFormStatusMiddleware",
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
                "accounts.context_processors.code_lifetimes",
            ],
            # American dates by name (|day_short, |time_us...): config/dates.py.
            "builtins": ["config.dates", "config.icons"],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and Easy Access sign-in -------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# Passwordless: the signup form asks only for an email, the address is proven
# with a code, and every later sign-in is by a fresh emailed code. Leaving
# "password1" out of the signup fields is what removes the password field from
# allauth's login form.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_MAX_ATTEMPTS = 3
# Same answer for known and unknown addresses.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
# Changing the sign-in address or deleting the account needs "confirm it's
# you" (accounts.identity): a code to the current address, good for this long.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
# The old address is told when the sign-in address changes (and an address
# removed is told); templates/account/email/email_changed_*, email_deleted_*.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Follow-up] "
# allauth's rate limits stay on (its defaults, but for the two below); they
# count in the cache, which is Redis in production and never the dummy cache.
ACCOUNT_RATE_LIMITS = {
    # allauth's default is "20/m/ip,3/m/key", the key being the address alone:
    # anyone asking for three codes a minute for someone's address locked its
    # owner out. allauth keeps its per-client part; accounts.limits counts the
    # addresses, per client.
    "request_login_code": "20/m/ip",
    # allauth's default, "1/10s/key" (per address, from every client), would
    # let a stranger keep a newcomer's sign-up code from being sent; the counts
    # below cover these emails instead.
    "confirm_email": "",
    # Every email a visitor can make us send (accounts/limits.py, which says why):
    "mail_to_address_from_client": "3/m/key",  # this address from this client
    "mail_to_address": "10/h/key",  # this address from every client (not a browser it signed in on)
    # this client to every address; high enough for a class signing up on one network
    "mail_from_client": "60/h/ip",
    # One-click answers from reminder emails (outreach.views.reminder_answer), per client.
    "email_answer": "30/m/ip",
}
# They count per client address, REMOTE_ADDR: docker-compose serves gunicorn
# directly, so an X-Forwarded-For header is whatever the client wrote and is
# ignored, or anyone could reset their limit by inventing addresses. Behind N
# proxies of your own, set TRUSTED_PROXY_COUNT=N: the N-th address from the
# right of X-Forwarded-For (the one your outermost proxy saw) is then counted.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# The coach's page (sharing/limits.py), counted the same way: comments through one
# share and from one client; the link emailed to one coach's address.
SHARING_RATE_LIMITS = {
    "coach_comment": "5/10m/key,30/h/ip",
    "coach_link_email": "3/d/key",
}

# --- Passwords (only Django admin's createsuperuser ever sets one) -----------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Time: store UTC, show the user's own zone (accounts middleware) ---------
# American conventions: "Mon, Nov 30", "8:00 AM". One place sets the formats,
# config/formats/en/formats.py (Django's names, and ours used by config/dates.py).
LANGUAGE_CODE = "en-us"
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files, served by the app itself (no CDN) -------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded letters of recommendation: outside every served folder; only the
# owner's download view reads them.
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))

# --- Forms --------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Content-Security-Policy: everything comes from us; no inline script ------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws form controls with inline SVG data: URIs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Django's default, stated so that loosening it is a visible change: "None"
# would send the session cookie on cross-site requests.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"


# --- Cache: rate limits count here --------------------------------------------
def cache_from_url(redis_url):
    """Redis when a URL is given, else a per-process memory cache (never the dummy)."""
    if redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


REDIS_URL = env("REDIS_URL", default="")
CACHES = cache_from_url(REDIS_URL)
# Signed-in pages keep their content ready in that cache while it would read the same
# (freshness.cache); off, every page is drawn for each request.
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)


# --- Celery ---------------------------------------------------------------------
def celery_transport_options(broker_url):
    """kombu's filesystem transport needs its folders. Redis redelivers a task
    not acknowledged within the visibility timeout; retries always wait less."""
    if not broker_url.startswith("filesystem://"):
        return {"visibility_timeout": 60 * 60}
    folder = VAR_DIR / "celery-broker"
    (folder / "processed").mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }


CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only after it ran, so a killed worker's task is redelivered.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The beat schedule: every periodic job, in this one place.
CELERY_BEAT_SCHEDULE = {
    # Claims every due reminder (and weekly digest) and queues its sending.
    # State-based: a sweep after downtime catches up; two at once split the work.
    "reminder-sweep": {
        "task": "outreach.tasks.sweep",
        "schedule": env.int("REMINDER_SWEEP_SECONDS", default=5 * 60),
    },
    "clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": 24 * 60 * 60,
    },
    # Each user's rows of the change log become one (their data version stays the same).
    "compact-changes": {
        "task": "freshness.tasks.compact_changes",
        "schedule": 60 * 60,
    },
}

# How long a send task owns the reminders it is sending before a sweep may give
# them to another worker (outreach.reminders.LEASE). Shortened only by the drills
# that kill workers.
REMINDER_LEASE_SECONDS = env.int("REMINDER_LEASE_SECONDS", default=10 * 60)
# An SMTP server that stops answering must not hold a send task (and its lease)
# forever: after this many seconds the send fails and the task retries it.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "config.redaction.RedactSecretsFilter"}},
    "formatters": {
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        # Everything else: django.request names the path of every 4xx ("Not Found:
        # /calendar/<token>.ics" for a feed turned off), so the tokens are cut out here too.
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
        # runserver's request lines, with the calendar and unsubscribe tokens cut out.
        "server": {"class": "logging.StreamHandler", "filters": ["redact_secrets"], "formatter": "server"},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # At DEBUG it logs every variable a template cannot resolve together with the
        # whole context: the user's address, their records. Never, even when debugging.
        "django.template": {"level": "INFO"},
    },
}
