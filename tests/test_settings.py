"""Each settings module reads the environment the way the README says."""

import json
import os
import subprocess
import sys

import pytest

from tests.helpers.production import CONFIG_NAMES, PRODUCTION_ENV, ROOT

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "DB_ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DB_NAME": str(settings.DATABASES["default"]["NAME"]),
    "BROKER": settings.CELERY_BROKER_URL,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "EMAIL_HOST": getattr(settings, "EMAIL_HOST", ""),
    "CACHE": settings.CACHES["default"]["BACKEND"],
    "SITE_URL": settings.SITE_URL,
}))
"""


def run_python(code, module, **env):
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_NAMES}
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def settings_of(module, **env):
    result = run_python(PRINT_SETTINGS, module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_NAMES}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def test_dev_runs_on_embedded_defaults_with_no_environment():
    found = settings_of("config.settings.dev")
    assert found["DEBUG"] is True
    assert found["DB_ENGINE"] == "django.db.backends.sqlite3"
    assert found["BROKER"] == "filesystem://"
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert found["CACHE"].endswith("LocMemCache")


def test_dev_switches_to_postgres_redis_and_smtp_when_told():
    found = settings_of(
        "config.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/followup",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        REDIS_URL="redis://127.0.0.1:6379/1",
        EMAIL_URL="smtp://127.0.0.1:1025",
    )
    assert found["DB_ENGINE"] == "django.db.backends.postgresql"
    assert found["DB_NAME"] == "followup"
    assert found["BROKER"] == "redis://127.0.0.1:6379/0"
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert found["EMAIL_HOST"] == "127.0.0.1"
    assert found["CACHE"].endswith("RedisCache")


def test_production_passes_check_deploy_without_a_warning():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_uses_redis_for_the_rate_limit_cache():
    found = settings_of("config.settings.production", **PRODUCTION_ENV)
    assert found["DEBUG"] is False
    assert found["CACHE"].endswith("RedisCache")
    assert found["BROKER"] == PRODUCTION_ENV["REDIS_URL"]


@pytest.mark.parametrize(
    ("secret_key", "complaint"),
    [
        (None, "SECRET_KEY"),
        ("short", "at least 50 characters"),
        ("django-insecure-dev-only-key-never-use-in-production-0123456789", "at least 50 characters"),
        ("a" * 60, "at least 50 characters"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret_key, complaint):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    result = manage("check", DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    assert result.returncode != 0
    assert complaint in result.stderr


@pytest.mark.parametrize("missing", ["ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"])
def test_production_refuses_to_start_without_its_servers(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    assert result.returncode != 0
    assert missing in result.stderr
