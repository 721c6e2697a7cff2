"""10,000 due reminders sent by a real Celery worker with two processes
(`--concurrency=2`) over Redis to a local SMTP server that counts what it
receives.

It uses the sweep benchmark's 10,000-row database (see bench/sweep.py), makes
BENCH_DUE reminders due, starts the SMTP server and the worker, then runs one
sweep and waits until the server has every message. The time runs from the
sweep's start to the last message received.

Goal (issue 8): under 60 s, every message received exactly once. Since issue 15 each
reminder carries its ready message (the draft page's draft, written for it) and one-click
answers, and a user's follow-ups due the same morning go out as one email with a section
each: the sweep database has 1,000 users, so the 10,000 due reminders make about 1,000
emails, each to its user exactly once, and every reminder is marked sent.
"""

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

from bench.common import BASE_DIR, free_port, report

SMTP_PORT = free_port()
os.environ.update(
    BENCH_ROWS=os.environ.get("BENCH_ROWS", "10000"),
    BENCH_BROKER_URL=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/7"),
    EMAIL_URL=f"smtp://127.0.0.1:{SMTP_PORT}",
)

from bench import sweep  # noqa: E402  (sets up Django with the sweep's settings)

MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", 2))
TIMEOUT = int(os.environ.get("BENCH_EMAIL_TIMEOUT", 600))


class Counting:
    """An aiosmtpd handler that counts messages by Message-ID and by recipient."""

    def __init__(self):
        self.lock = threading.Lock()
        self.message_ids = Counter()
        self.recipients = Counter()
        self.last_at = 0.0

    async def handle_DATA(self, server, session, envelope):
        # The header only, read with a regex: parsing each whole message here would
        # take CPU from the worker on the same two cores.
        found = MESSAGE_ID.search(envelope.content.split(b"\r\n\r\n", 1)[0])
        message_id = found.group(1) if found else b""
        with self.lock:
            self.message_ids[message_id] += 1
            self.recipients.update(envelope.rcpt_tos)
            self.last_at = time.perf_counter()
        return "250 OK"

    @property
    def received(self):
        return sum(self.message_ids.values())


def start_worker():
    # The worker writes to its own copy of the file descriptor; ours can close once it started.
    with open(BASE_DIR / "var" / "bench-worker.log", "w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config.celery_app",
                "worker",
                "--concurrency",
                str(CONCURRENCY),
                "--pool",
                "prefork",
                "--loglevel",
                "info",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env={**os.environ},
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while "ready." not in (BASE_DIR / "var" / "bench-worker.log").read_text():
        if time.monotonic() > deadline or worker.poll() is not None:
            raise RuntimeError("the Celery worker did not start; see var/bench-worker.log")
        time.sleep(0.2)
    return worker


def stop(worker):
    os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def main():
    import logging

    from aiosmtpd.controller import Controller
    from django.db import connection

    from outreach import reminders
    from outreach.models import Reminder

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    sweep.ensure_database()
    sweep.populate(sweep.ROWS)
    now = dt.datetime.now(dt.UTC)
    sweep.make_due(now)
    with connection.cursor() as cursor:
        # No draft left from an earlier run: every reminder's is written, as on a first morning.
        cursor.execute("truncate outreach_draft cascade")
    sweep.flush_broker()
    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    worker = start_worker()
    try:
        started = time.perf_counter()
        reminders.reminders_sweep(now=now)
        users = Reminder.objects.values("owner_id").distinct().count()
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and (
            handler.received < users or Reminder.objects.filter(sent_at__isnull=True).exists()
        ):
            time.sleep(0.5)
        seconds = handler.last_at - started
        time.sleep(2)  # anything sent twice would arrive now
    finally:
        stop(worker)
        controller.stop()
        sweep.flush_broker()
    received = handler.received
    distinct = len(handler.message_ids)
    twice = sum(1 for count in handler.message_ids.values() if count > 1)
    marked = Reminder.objects.filter(sent_at__isnull=False).count()
    recipients = len(handler.recipients)
    print(
        f"emails: {received:,} received for {users:,} users ({distinct:,} distinct Message-IDs, "
        f"{twice} more than once, {recipients:,} recipients), {marked:,} of {sweep.DUE:,} reminders "
        f"marked sent, in {seconds:.1f} s from a worker with {CONCURRENCY} processes"
    )
    ok = (
        received == distinct == recipients == users
        and marked == sweep.DUE
        and twice == 0
        and max(handler.recipients.values(), default=0) == 1
        and seconds < 60
    )
    report(
        "emails",
        due=sweep.DUE,
        users=users,
        received=received,
        distinct=distinct,
        duplicates=twice,
        marked_sent=marked,
        seconds=seconds,
        concurrency=CONCURRENCY,
        batch=reminders.SEND_BATCH,
        ok=ok,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
