"""Real processes for end-to-end tests and reliability drills: Celery workers and
beats (development settings, the pytest-created Postgres database, a Redis
broker, a real SMTP server) and a private redis-server that a drill may stop and
start again. Every wait is bounded and every process is killed at teardown.
"""

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from applications.choices import Status
from tests.factories import ApplicationFactory, InterviewFactory
from tests.smtp_server import free_port

BASE_DIR = Path(__file__).resolve().parent.parent
SWEEP_SECONDS = 1
STOP_TIMEOUT = 20

# A worker whose send tasks retry after about ``RETRY_BASE_SECONDS`` seconds instead
# of 30: outreach.tasks reads that module constant each time it computes a
# countdown, and prefork children inherit it from the parent.
_WORKER_WITH_RETRY_BASE = (
    "import os, sys, django; django.setup(); import outreach.tasks; "
    "outreach.tasks.RETRY_BASE_SECONDS = float(os.environ['RETRY_BASE_SECONDS']); "
    "from config.celery_app import app; app.worker_main(sys.argv[1:])"
)


def database_url():
    """The database pytest created for this run (test_<name>), as a URL."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"


class CeleryStack:
    """Celery workers and beats as subprocesses; always stopped at teardown.

    ``env`` adds to (or overrides) their environment, e.g. ``REMINDER_LEASE_SECONDS``.
    """

    def __init__(self, tmp_path, smtp, broker_url, **env):
        self.tmp_path = tmp_path
        self.procs = []  # (name, Popen, log path)
        self.killed = set()
        self.env = {
            **os.environ,
            # Development settings: the test settings would force the memory email backend.
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_URL": smtp.url,
            "REMINDER_SWEEP_SECONDS": str(SWEEP_SECONDS),
            "SITE_URL": settings.SITE_URL,
            "PYTHONUNBUFFERED": "1",
            **{key: str(value) for key, value in env.items()},
        }
        self.env.pop("REDIS_URL", None)  # the cache: a per-process memory one is enough here

    def _start(self, name, command, env=None):
        assert name not in {proc_name for proc_name, _, _ in self.procs}, f"{name} was started before"
        log = self.tmp_path / f"{name}.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                [sys.executable, *command],
                cwd=BASE_DIR,
                env={**self.env, **(env or {})},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the pool children stop with it
            )
        self.procs.append((name, proc, log))
        return proc

    def worker(self, name="worker", concurrency=2, retry_base_seconds=None):
        args = [
            "worker",
            "--loglevel=INFO",
            f"--hostname={name}-e2e@%h",
            f"--concurrency={concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        if retry_base_seconds is None:
            return self._start(name, ["-m", "celery", "-A", "config.celery_app", *args])
        return self._start(
            name, ["-c", _WORKER_WITH_RETRY_BASE, *args], env={"RETRY_BASE_SECONDS": str(retry_base_seconds)}
        )

    def beat(self, name="beat"):
        return self._start(
            name,
            [
                "-m",
                "celery",
                "-A",
                "config.celery_app",
                "beat",
                "--loglevel=INFO",
                f"--schedule={self.tmp_path / (name + '-schedule')}",
            ],
        )

    def proc(self, name):
        for proc_name, proc, _ in self.procs:
            if proc_name == name:
                return proc
        raise KeyError(name)

    def kill(self, name):
        """SIGKILL the whole process group (a worker's prefork children too): no warm shutdown, no acks."""
        proc = self.proc(name)
        self.killed.add(name)
        os.killpg(proc.pid, signal.SIGKILL)  # the group of a process this test started
        proc.wait(timeout=10)

    def log(self, name):
        for proc_name, _, log in self.procs:
            if proc_name == name:
                return log.read_text(errors="replace")
        raise KeyError(name)

    def logs(self):
        return "\n".join(
            f"===== {name} (exit {proc.returncode}) =====\n{log.read_text(errors='replace')}"
            for name, proc, log in self.procs
        )

    def sweeps_done(self):
        """How many sweep tasks the workers finished, from their logs."""
        pattern = re.compile(r"Task outreach\.tasks\.sweep\[[^\]]+\] succeeded")
        return sum(len(pattern.findall(self.log(name))) for name, _, _ in self.procs if "worker" in name)

    def assert_all_running(self):
        dead = [
            (name, proc.returncode)
            for name, proc, _ in self.procs
            if name not in self.killed and proc.poll() is not None
        ]
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
                if "worker" in name:
                    # A Celery worker logs the stack of each of its threads on SIGUSR1: where it hangs.
                    proc.send_signal(signal.SIGUSR1)
                    time.sleep(1)
                os.killpg(proc.pid, signal.SIGKILL)  # the group of a process this test started
                proc.wait(timeout=10)
        return stuck


class RedisServer:
    """A private redis-server on a free port, for drills that stop the broker.

    It keeps nothing on disk, so after ``stop()`` and ``start()`` it is back on the
    same port and empty: whatever was queued is gone, as after a crash.
    """

    BINARY = "/usr/bin/redis-server"
    START_TIMEOUT = 10

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.port = free_port()
        self.proc = None
        self.starts = 0

    @classmethod
    def problem(cls):
        return (
            "" if shutil.which(cls.BINARY) else f"{cls.BINARY} is missing (apt-get install -y redis-server)"
        )

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self):
        import redis

        return redis.Redis.from_url(self.url(), socket_connect_timeout=1, socket_timeout=2)

    def start(self):
        import redis

        assert self.proc is None, "already running"
        self.starts += 1
        with open(self.tmp_path / f"redis-server-{self.starts}.log", "wb") as out:
            self.proc = subprocess.Popen(
                [
                    self.BINARY,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                    "--dir",
                    str(self.tmp_path),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + self.START_TIMEOUT
        while True:
            try:
                self.client().ping()
                return self
            except redis.RedisError as exc:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"redis-server did not start on port {self.port}; see {self.tmp_path}"
                    ) from exc
                time.sleep(0.05)

    def stop(self):
        """SIGTERM (nothing is saved), SIGKILL if it lingers."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None


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
        time.sleep(0.1)


def wait_for_more_sweeps(stack, count):
    """Let beat fire ``count`` more sweeps, and the workers run them."""
    target = stack.sweeps_done() + count
    wait_until(
        lambda: stack.sweeps_done() >= target, SWEEP_SECONDS * count + 20, stack, f"{count} more sweeps"
    )
