"""The whole path with real processes: Celery beat and workers (their own
processes, development settings) over Redis, the pytest-created Postgres
database, and a real SMTP server. A follow-up falls due; the user gets exactly
one email, and still exactly one after several more sweeps.

Needs Postgres and Redis (CI runs it against the machine's own); locally:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/followup \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 REDIS_URL=redis://127.0.0.1:6379/1 \
    uv run pytest tests/test_reminder_end_to_end.py
"""
import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from applications.choices import Status
from outreach.models import Reminder
from tests.conftest import redis_url
from tests.factories import ApplicationFactory, InterviewFactory, UserFactory
from tests.smtp_server import smtp_server  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parent.parent
SWEEP_SECONDS = 2
# A Redis database of its own, so the worker here never takes another test's tasks.
BROKER_DB = 5
DELIVERY_TIMEOUT = 40
STOP_TIMEOUT = 20


def broker_url():
    parts = urlsplit(redis_url())
    return urlunsplit((parts.scheme, parts.netloc, f"/{BROKER_DB}", "", ""))


def database_url():
    """The database pytest created for this run (test_<name>), as a URL."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"


def flush_broker():
    import redis

    redis.Redis.from_url(broker_url(), socket_connect_timeout=2).flushdb()


class CeleryStack:
    """Celery workers and beats as subprocesses; always stopped at teardown."""

    def __init__(self, tmp_path, smtp):
        self.tmp_path = tmp_path
        self.procs = []  # (name, Popen, log path)
        self.env = {
            **os.environ,
            # Development settings: the test settings would force the memory email backend.
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url(),
            "EMAIL_URL": smtp.url,
            "REMINDER_SWEEP_SECONDS": str(SWEEP_SECONDS),
            "SITE_URL": settings.SITE_URL,
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("REDIS_URL", None)  # the cache: a per-process memory one is enough here

    def _start(self, name, *args):
        log = self.tmp_path / f"{name}.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config.celery_app", *args],
                cwd=BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the pool children stop with it
            )
        self.procs.append((name, proc, log))
        return proc

    def worker(self, name="worker", concurrency=2):
        return self._start(
            name, "worker", "--loglevel=INFO", f"--hostname={name}-e2e@%h", f"--concurrency={concurrency}",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        )

    def beat(self, name="beat"):
        return self._start(name, "beat", "--loglevel=INFO", f"--schedule={self.tmp_path / (name + '-schedule')}")

    def log(self, name):
        for proc_name, _, log in self.procs:
            if proc_name == name:
                return log.read_text(errors="replace")
        raise KeyError(name)

    def logs(self):
        return "\n".join(f"===== {name} (exit {proc.returncode}) =====\n{log.read_text(errors='replace')}" for name, proc, log in self.procs)

    def sweeps_done(self):
        """How many sweep tasks the workers finished, from their logs."""
        pattern = re.compile(r"Task outreach\.tasks\.sweep\[[^\]]+\] succeeded")
        return sum(len(pattern.findall(self.log(name))) for name, _, _ in self.procs if "worker" in name)

    def assert_all_running(self):
        dead = [(name, proc.returncode) for name, proc, _ in self.procs if proc.poll() is not None]
        assert not dead, f"processes exited early: {dead}\n{self.logs()}"

    def stop(self):
        """SIGTERM each (warm shutdown), wait, and report any that would not exit."""
        for _, proc, _ in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        stuck = []
        deadline = time.monotonic() + STOP_TIMEOUT
        for name, proc, _ in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                stuck.append(name)
                os.killpg(proc.pid, signal.SIGKILL)  # the group of a process this test started
                proc.wait(timeout=10)
        return stuck


@pytest.fixture
def celery_stack(transactional_db, smtp_server, tmp_path):
    flush_broker()
    stack = CeleryStack(tmp_path, smtp_server)
    try:
        yield stack
    finally:
        stuck = stack.stop()
        flush_broker()
        print(stack.logs())  # shown by pytest when the test fails
        assert not stuck, f"did not exit within {STOP_TIMEOUT}s of SIGTERM: {stuck}"


def due_application(owner, company):
    """Promised six days ago: the follow-up fell due two to five days ago, not yet stale."""
    application = ApplicationFactory(owner=owner, company=company, status=Status.WAITING)
    now = timezone.now()
    InterviewFactory(
        application=application,
        starts_at=now - dt.timedelta(days=9),
        promised_on=(now - dt.timedelta(days=6)).astimezone(owner.zoneinfo).date(),
    )
    application.refresh_plan()  # autocommit: the worker sees it at once
    application.refresh_from_db()
    assert application.remind_at is not None and application.remind_at <= now
    return application


def wait_until(condition, timeout, stack, what):
    deadline = time.monotonic() + timeout
    while not condition():
        stack.assert_all_running()
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}\n{stack.logs()}", pytrace=False)
        time.sleep(0.2)


def wait_for_more_sweeps(stack, count):
    """Let beat fire ``count`` more sweeps, and the workers run them."""
    target = stack.sweeps_done() + count
    wait_until(lambda: stack.sweeps_done() >= target, SWEEP_SECONDS * count + 20, stack, f"{count} more sweeps")


def test_reminder_arrives_once_through_real_beat_worker_redis_and_smtp(celery_stack, smtp_server):
    celery_stack.worker()
    celery_stack.beat()

    user = UserFactory(email="e2e-veteran@example.com")
    application = due_application(user, "Acme Freight")

    wait_until(lambda: smtp_server.to(user.email), DELIVERY_TIMEOUT, celery_stack, "the reminder email")
    received = smtp_server.to(user.email)
    assert len(received) == 1
    message = received[0].message
    assert received[0].rcpt_tos == (user.email,)
    assert "Acme Freight" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    reminder = Reminder.objects.get(application=application)
    assert message["Message-ID"] == reminder.message_id

    # Beat keeps sweeping; nothing more is owed, so nothing more is sent.
    wait_for_more_sweeps(celery_stack, 3)
    assert len(smtp_server.to(user.email)) == 1
    assert len(smtp_server.messages) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert Reminder.objects.filter(application=application).count() == 1
    celery_stack.assert_all_running()


def test_two_beats_and_two_workers_send_each_reminder_exactly_once(celery_stack, smtp_server):
    for n in (1, 2):
        celery_stack.worker(f"worker{n}")
        celery_stack.beat(f"beat{n}")

    users = [UserFactory(email=f"e2e-{n}@example.com") for n in range(4)]
    expected = Counter()
    for user in users:
        for n in range(3):
            company = f"{user.email.split('@')[0]} Co {n}"
            due_application(user, company)
            expected[(user.email, f"Time to follow up with {company}")] += 1

    wait_until(lambda: len(smtp_server.messages) >= len(expected), DELIVERY_TIMEOUT, celery_stack, f"{len(expected)} emails")
    wait_for_more_sweeps(celery_stack, 3)

    messages = smtp_server.messages
    got = Counter((m.rcpt_tos[0], str(m.message["Subject"])) for m in messages)
    assert all(len(m.rcpt_tos) == 1 for m in messages)
    assert got == expected, f"duplicates or misses: {got - expected} extra, {expected - got} missing"
    assert len({str(m.message["Message-ID"]) for m in messages}) == len(expected)
    assert Reminder.objects.count() == len(expected)
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    celery_stack.assert_all_running()
