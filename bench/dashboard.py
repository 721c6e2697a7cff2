"""Dashboard under gunicorn: a user with 1,000 applications.

Bars (PRODUCT.md): p95 under 50 ms, and at least 40% of the requests per second
of a trivial Django view (/healthz/) served the same way, in the same run.
Needs PostgreSQL (BENCH_DATABASE_URL) and wrk (`apt-get install wrk`).
"""
import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/followup_bench")
ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "bench-only-" + "x7Kq2vR9pLm4Tz8Wn3Yb6Hd1Fs5Jc0Ga" * 2,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SITE_URL": "http://127.0.0.1",
    "DATABASE_URL": BENCH_DATABASE_URL,
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
    "EMAIL_URL": "consolemail://",
    "HTTPS": "false",
}
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402

APPLICATIONS = 1000
DURATION = os.environ.get("BENCH_SECONDS", "15")
THREADS, CONNECTIONS = "2", "8"


def make_user():
    from accounts.models import User
    from applications.choices import Rapport, Status
    from applications.models import Application, Interview
    from bench.sweep import ensure_database

    ensure_database()
    user, _ = User.objects.get_or_create(email="dashboard-bench@example.com", defaults={"time_zone": "America/New_York"})
    if Application.objects.filter(owner=user).count() < APPLICATIONS:
        Application.objects.filter(owner=user).delete()
        today = dt.date.today()
        statuses = list(Status)
        apps = Application.objects.bulk_create(
            Application(owner=user, company=f"Company {n}", role=f"Role {n}", status=statuses[n % len(statuses)], applied_on=today)
            for n in range(APPLICATIONS)
        )
        Interview.objects.bulk_create(
            Interview(
                application=a,
                starts_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=n % 30),
                rapport=[Rapport.WENT_WELL, Rapport.NEUTRAL, Rapport.UNEASY][n % 3],
                promised_on=None if n % 4 == 0 else today - dt.timedelta(days=n % 20 - 5),
            )
            for n, a in enumerate(apps)
        )
        for a in Application.objects.filter(owner=user).select_related("owner"):
            a.refresh_plan()
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wrk(url, cookie="", latency=True):
    args = ["wrk", "-t", THREADS, "-c", CONNECTIONS, "-d", f"{DURATION}s", "--latency", url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, out, int(non2xx.group(1)) if non2xx else 0


def p95(url, cookie, count=300):
    """Latency percentile measured one request at a time (no queueing in the number)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        with urllib.request.urlopen(request) as response:
            response.read()
            assert response.status == 200
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return timings[int(len(timings) * 0.95) - 1], timings[len(timings) // 2]


def main():
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk")
        return 2
    call_command("collectstatic", interactive=False, verbosity=0)
    session_key = make_user()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        env={**os.environ, **ENV},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                urllib.request.urlopen(base + "/healthz/").read()
                break
            except OSError:
                time.sleep(0.2)
        p95_ms, median_ms = p95(base + "/dashboard/", cookie)
        trivial_rps, _, _ = wrk(base + "/healthz/")
        dashboard_rps, dashboard_out, errors = wrk(base + "/dashboard/", cookie)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
    ratio = dashboard_rps / trivial_rps
    print(f"dashboard, {APPLICATIONS} applications: median {median_ms:.1f} ms, p95 {p95_ms:.1f} ms (bar: 50 ms)")
    print(f"throughput: /healthz/ {trivial_rps:.0f} req/s, /dashboard/ {dashboard_rps:.0f} req/s = {ratio:.0%} (bar: 40%)")
    ok = p95_ms < 50 and ratio >= 0.40 and errors == 0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
