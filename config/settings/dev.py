"""Development: runs with no environment at all (SQLite, a file broker, emails
printed in the terminal) and switches to Postgres, Redis and SMTP when
DATABASE_URL, CELERY_BROKER_URL and EMAIL_URL are set."""

from .base import *  # noqa: F403
from .base import CELERY_BEAT_SCHEDULE, VAR_DIR, celery_transport_options, env

VAR_DIR.mkdir(exist_ok=True)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="django-insecure-dev-only-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}

# consolemail:// prints each email, sign-in codes included, in the terminal.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = celery_transport_options(CELERY_BROKER_URL)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Serve static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Sweep every minute in development, so seeded reminders show up quickly.
CELERY_BEAT_SCHEDULE["reminder-sweep"]["schedule"] = env.int("REMINDER_SWEEP_SECONDS", default=60)
