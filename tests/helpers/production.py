"""Running the code the way production does: the settings' environment, a
process under ``config.settings.production`` pointed at this test run's
Postgres and Redis, and the static files it serves."""

import functools
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import redis_url
from tests.processes import database_url

# The project folder, where manage.py is.
ROOT = Path(__file__).resolve().parent.parent.parent
# Every environment variable the settings read: cleared before a settings module is tried.
CONFIG_NAMES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "DEFAULT_FROM_EMAIL",
    "HTTPS",
    "DJANGO_SETTINGS_MODULE",
)
# What a production deployment sets, with made-up servers.
PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 20 + "an-honest-random-looking-production-key-0123456789",
    "ALLOWED_HOSTS": "followup.example.com",
    "SITE_URL": "https://followup.example.com",
    "DATABASE_URL": "postgres://followup:pw@db.internal:5432/followup",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "EMAIL_URL": "smtp://mail.internal:25",
}


def production_env(**extra):
    """The environment a production web process gets, pointed at this test run's servers."""
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_NAMES}
    env.update(
        PRODUCTION_ENV,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url(),
        CELERY_BROKER_URL="memory://",
        **extra,
    )
    return env


@functools.cache  # once per test run is enough
def collect_static():
    """Production serves fingerprinted static files from a manifest, built by
    ``collectstatic`` (the Dockerfile does the same at build time)."""
    env = production_env(ALLOWED_HOSTS="build", EMAIL_URL="consolemail://")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def flush_redis():
    import redis

    redis.Redis.from_url(redis_url(), socket_connect_timeout=2).flushdb()
