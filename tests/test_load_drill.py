"""Load drill: 50 signed-in users at once against gunicorn, run as production runs it.

Each simulated user has a browser-like client of its own (cookie jar, session,
CSRF token read from the page). For LOAD_DRILL_SECONDS (default 30, a hard stop)
each one opens the "log an interview" form of one of its applications, posts a
new interview whose notes carry a unique marker, and now and then looks at the
dashboard and the application list. Afterwards:

- no answer was a 5xx, no request failed to connect or timed out, and every page
  answered as it should (GET 200, POST the redirect to the application);
- every interview whose POST was answered with the redirect is in the database
  exactly once, on the application it was posted to; nothing else was written.

The server is the Dockerfile's own command (`gunicorn config.wsgi` with its
workers), with `config.settings.production` over plain http, the database pytest
created, and the Redis database the tests were given for the cache. Its static
files are collected for this run, as the image does at build time (a checkout's
`staticfiles/` may be stale or missing): by ``collect_static``, once for all the
tests that run production processes.

Needs Postgres and Redis; locally:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/followup \
    REDIS_URL=redis://127.0.0.1:6379/1 LOAD_DRILL_SECONDS=10 \
    uv run pytest -rP tests/test_load_drill.py
"""

import datetime as dt
import http.cookiejar
import os
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from applications.choices import InterviewFormat, Rapport
from applications.models import Interview
from tests.conftest import redis_url
from tests.factories import ApplicationFactory, UserFactory
from tests.helpers.web import Gunicorn, signed_in_session

pytestmark = [
    pytest.mark.processes,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

BASE_DIR = Path(__file__).resolve().parent.parent
CLIENTS = 50
APPLICATIONS_EACH = 3
SECONDS = float(os.environ.get("LOAD_DRILL_SECONDS", "30"))
REQUEST_TIMEOUT = 30
MARKER = "load-drill"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def cache_url():
    """The Redis database the tests were given (REDIS_URL), flushed before and after.
    No other test uses it meanwhile: tests/conftest.py keeps every test that touches
    it in one xdist group."""
    return redis_url()


def flush_cache():
    import redis

    redis.Redis.from_url(cache_url(), socket_connect_timeout=2).flushdb()


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    """The production web server (tests/helpers/web.py), the Dockerfile's command, as a subprocess."""
    flush_cache()
    server = Gunicorn(tmp_path)  # its REDIS_URL is cache_url()
    try:
        yield server.start()
    finally:
        server.stop()
        flush_cache()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Follow nothing: a redirect comes back as the answer itself."""

    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Result:
    kind: str
    status: int  # 0: no answer
    seconds: float
    error: str = ""


@dataclass
class Client:
    """One user's browser: its own cookie jar and the answers it got."""

    number: int
    user_id: int
    application_ids: list
    base: str
    session_key: str
    results: list = field(default_factory=list)
    acknowledged: dict = field(default_factory=dict)  # marker -> application id

    def __post_init__(self):
        jar = http.cookiejar.CookieJar()
        jar.set_cookie(
            http.cookiejar.Cookie(
                0,
                settings.SESSION_COOKIE_NAME,
                self.session_key,
                None,
                False,
                "127.0.0.1",
                False,
                False,
                "/",
                True,
                False,
                None,
                False,
                None,
                None,
                {"HttpOnly": None},
            )
        )
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirects)

    def request(self, kind, path, data=None):
        """One request; returns (status, body). A connection error or timeout raises."""
        headers = {"Origin": self.base} if data is not None else {}
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        try:
            try:
                with self.opener.open(
                    urllib.request.Request(self.base + path, body, headers), timeout=REQUEST_TIMEOUT
                ) as response:
                    status, text = response.status, response.read().decode()
            except urllib.error.HTTPError as answer:  # 3xx (not followed), 4xx, 5xx
                with answer:
                    status, text = answer.code, answer.read().decode(errors="replace")
        except OSError as exc:
            self.results.append(
                Result(kind, 0, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
            )
            raise
        self.results.append(Result(kind, status, time.perf_counter() - started))
        return status, text

    def run(self, start, stop):
        start.wait()
        seq = 0
        try:
            while not stop.is_set():
                seq += 1
                # Land on the dashboard, then now and then look at the list.
                if seq % 4 == 1:
                    self.request("dashboard", reverse("dashboard"))
                if seq % 4 == 3:
                    self.request("application list", reverse("application_list"))
                application_id = self.application_ids[seq % len(self.application_ids)]
                path = reverse("interview_create", args=[application_id])
                status, page = self.request("interview form", path)
                token = CSRF_INPUT.search(page)
                if status != 200:
                    continue
                if not token:
                    self.results.append(Result("interview form without a CSRF token", status, 0))
                    continue
                marker = f"{MARKER} client={self.number:02d} seq={seq:05d}"
                status, _ = self.request(
                    "interview post",
                    path,
                    {
                        "csrfmiddlewaretoken": token.group(1),
                        "day": dt.date.today().isoformat(),
                        "time": "10:00",
                        "format": InterviewFormat.VIDEO,
                        "rapport": Rapport.WENT_WELL,
                        "asked_about_timing": "True",
                        "promised_on": "",
                        "notes": marker,
                    },
                )
                if status in (302, 303):
                    self.acknowledged[marker] = application_id
        except OSError:
            pass  # recorded in results; the test fails on it


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def report(results, elapsed):
    latencies = [r.seconds * 1000 for r in results]
    by_kind = Counter((r.kind, r.status) for r in results)
    lines = [
        f"load drill: {CLIENTS} clients, {elapsed:.1f} s, {len(results)} requests, "
        f"{len(results) / elapsed:.1f} req/s",
        f"latency ms: p50 {statistics.median(latencies):.0f}, p95 {percentile(latencies, 0.95):.0f}, "
        f"max {max(latencies):.0f}",
        *(
            f"  {kind}: {status or 'no answer'} x {count}"
            for (kind, status), count in sorted(by_kind.items())
        ),
    ]
    for kind in sorted({r.kind for r in results}):
        ms = [r.seconds * 1000 for r in results if r.kind == kind]
        lines.append(
            f"  {kind} ms: p50 {statistics.median(ms):.0f}, p95 {percentile(ms, 0.95):.0f}, max {max(ms):.0f}"
        )
    print("\n".join(lines))


def test_fifty_signed_in_users_at_once_get_no_errors_and_lose_no_writes(gunicorn):
    clients = []
    for number in range(CLIENTS):
        user = UserFactory(email=f"drill-{number:02d}@example.com")
        applications = [ApplicationFactory(owner=user) for _ in range(APPLICATIONS_EACH)]
        clients.append(
            Client(number, user.pk, [a.pk for a in applications], gunicorn.base, signed_in_session(user))
        )
    interviews_before = Interview.objects.count()

    start, stop = threading.Barrier(CLIENTS + 1), threading.Event()
    threads = [threading.Thread(target=c.run, args=(start, stop), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.monotonic()
    stop.wait(SECONDS)
    stop.set()
    # A loop under way at the deadline still makes up to three requests, each
    # bounded by REQUEST_TIMEOUT.
    join_by = time.monotonic() + 3 * REQUEST_TIMEOUT + 5
    for thread in threads:
        thread.join(max(0.1, join_by - time.monotonic()))
    elapsed = time.monotonic() - started
    hung = [c.number for c, t in zip(clients, threads, strict=True) if t.is_alive()]
    gunicorn.stop()

    results = [r for c in clients for r in c.results]
    report(results, elapsed)
    # Every check runs, so a failure shows all that went wrong at once.
    problems = []
    if hung:
        problems.append(f"clients still waiting after the deadline: {hung}")
    errors = [(r.kind, r.error) for r in results if r.error]
    if errors:
        problems.append(f"{len(errors)} requests got no answer, e.g. {errors[:5]}")
    server_errors = Counter((r.kind, r.status) for r in results if r.status >= 500)
    if server_errors:
        problems.append(f"5xx answers: {dict(server_errors)}")
    expected = {
        "interview post": {302, 303},
        "interview form": {200},
        "dashboard": {200},
        "application list": {200},
    }
    unexpected = Counter(
        (r.kind, r.status)
        for r in results
        if r.status and r.status < 500 and r.status not in expected.get(r.kind, ())
    )
    if unexpected:
        problems.append(f"unexpected answers: {dict(unexpected)}")

    acknowledged = {marker: app_id for c in clients for marker, app_id in c.acknowledged.items()}
    owner_of = {app_id: c.user_id for c in clients for app_id in c.application_ids}
    if len(acknowledged) < CLIENTS:
        problems.append(
            f"only {len(acknowledged)} interviews logged: every client should have logged one at least"
        )
    saved = list(
        Interview.objects.filter(notes__startswith=MARKER).values_list(
            "notes", "application_id", "application__owner_id"
        )
    )
    copies = Counter(notes for notes, _, _ in saved)
    if twice := sorted(m for m, n in copies.items() if n > 1):
        problems.append(f"{len(twice)} interviews saved more than once, e.g. {twice[:3]}")
    if lost := sorted(acknowledged.keys() - copies.keys()):
        problems.append(f"{len(lost)} interviews acknowledged but not saved, e.g. {lost[:3]}")
    if unacknowledged := sorted(copies.keys() - acknowledged.keys()):
        problems.append(
            f"{len(unacknowledged)} interviews saved without a success answer, e.g. {unacknowledged[:3]}"
        )
    misplaced = sorted(
        (notes, app_id)
        for notes, app_id, owner_id in saved
        if notes in acknowledged and (app_id != acknowledged[notes] or owner_id != owner_of[app_id])
    )
    if misplaced:
        problems.append(
            f"{len(misplaced)} interviews on another application than the one posted to, e.g. {misplaced[:3]}"
        )
    new_interviews = Interview.objects.count() - interviews_before
    if new_interviews != len(acknowledged):
        problems.append(
            f"{new_interviews} new interviews in the database for {len(acknowledged)} successful posts"
        )
    assert not problems, (
        "\n".join(problems) + f"\n--- gunicorn log, less the answered requests ---\n{gunicorn.trouble()}"
    )
