"""Tests: embedded defaults unless DATABASE_URL / CELERY_BROKER_URL / REDIS_URL
point at real servers (CI sets them to the machine's Postgres and Redis)."""

from .base import *  # noqa: F403
from .base import VAR_DIR, celery_transport_options, env

VAR_DIR.mkdir(exist_ok=True)

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'test.sqlite3'}")}

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test starts from an empty memory cache; the Redis-backed rate limit has
# its own test (marked "redis").
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_BROKER_TRANSPORT_OPTIONS = celery_transport_options(CELERY_BROKER_URL)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Serve static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
