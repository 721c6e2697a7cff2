"""What every benchmark shares: the bench database, free ports, a gunicorn
server, wrk, and the one-line result each benchmark hands to `bench/__main__.py`.

Each benchmark runs in its own process (`python -m bench.<name>`), because each
picks its own settings before Django starts.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
# The PostgreSQL server; each benchmark uses its own database there, created on first use.
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
RESULT_PREFIX = "BENCH-RESULT "


def production_env(database, **extra):
    """The production settings as the page benchmarks run them, on their own database."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-only-" + "x7Kq2vR9pLm4Tz8Wn3Yb6Hd1Fs5Jc0Ga" * 2,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SITE_URL": "http://127.0.0.1",
        "DATABASE_URL": f"{POSTGRES_URL}/{database}",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        "EMAIL_URL": "consolemail://",
        "HTTPS": "false",
        **extra,
    }


def ensure_database():
    """Create the configured database if it is missing, then migrate it."""
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    settings_dict = connection.settings_dict
    with psycopg.connect(
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        if not admin.execute(
            "select 1 from pg_database where datname = %s", [settings_dict["NAME"]]
        ).fetchone():
            admin.execute(f'create database "{settings_dict["NAME"]}"')
    call_command("migrate", verbosity=0)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def report(name, **figures):
    """Hand this benchmark's figures to `bench/__main__.py` (one JSON line on stdout)."""
    print(RESULT_PREFIX + json.dumps({"name": name, **figures}), flush=True)


class Gunicorn:
    """`gunicorn config.wsgi` on a free loopback port, stopped on exit."""

    def __init__(self, env, workers):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.args = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ]
        self.env = {**os.environ, **env}

    def __enter__(self):
        self.process = subprocess.Popen(self.args, env=self.env, cwd=BASE_DIR)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(self.base + "/healthz/", timeout=2).read()
                return self
            except OSError as exc:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.__exit__()
                    raise RuntimeError("gunicorn did not start") from exc
                time.sleep(0.2)

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


WRK_REPORT = BENCH_DIR / "wrk_report.lua"


def wrk(url, *, seconds, connections, cookie=""):
    """Closed-loop load from wrk: requests/s and latency percentiles in ms."""
    args = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "-s", str(WRK_REPORT), url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=int(seconds) + 60).stdout
    line = re.search(r"^WRK-JSON (.*)$", out, re.MULTILINE)
    if not line:
        raise RuntimeError(f"wrk printed no report:\n{out}")
    raw = json.loads(line.group(1))
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "requests": raw["requests"],
        "bad": raw["non2xx"] + raw["errors"],
    }
