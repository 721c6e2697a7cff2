"""Reminder sweep at scale: 1,000,000 interviews in Postgres, 10,000 due.

Run with `make bench` (or `uv run python -m bench.sweep`). Needs PostgreSQL
(BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/followup_bench,
created and migrated here) and, for the email half, nothing else: a local SMTP
server (aiosmtpd) is started in this process.

Bars (PRODUCT.md): one sweep finds and enqueues all 10,000 due in under 10 s,
through the index; 10,000 reminder emails reach a local SMTP server in under 60 s.
"""
import datetime as dt
import multiprocessing
import os
import sys
import time
from functools import partial

BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/followup_bench")
os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", 250_000))
INTERVIEWS_EACH = 4  # 1,000,000 interviews
USERS = 1000
DUE = int(os.environ.get("BENCH_DUE", 10_000))


def ensure_database():
    import psycopg

    name = connection.settings_dict["NAME"]
    admin = dict(connection.settings_dict)
    with psycopg.connect(
        host=admin["HOST"] or "127.0.0.1", port=admin["PORT"] or 5432, user=admin["USER"], dbname="postgres", autocommit=True
    ) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(f'create database "{name}"')
    call_command("migrate", verbosity=0)


def populate(now):
    """Bulk rows with SQL: most applications owe nothing; DUE of them are owed now."""
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from applications_interview")
        if cursor.fetchone()[0] >= APPLICATIONS * INTERVIEWS_EACH:
            cursor.execute("update applications_application set remind_at = null, reminded_key = ''")
            cursor.execute("truncate outreach_reminder")
        else:
            print(f"populating {USERS} users, {APPLICATIONS:,} applications, {APPLICATIONS * INTERVIEWS_EACH:,} interviews ...")
            cursor.execute("truncate accounts_user cascade")
            cursor.execute(
                """insert into accounts_user (password, is_superuser, email, is_staff, is_active, date_joined, full_name,
                   time_zone, skills_summary, email_signature, default_wait_days, reminders_enabled, digest_enabled, reminder_hour)
                   select '!', false, 'bench' || g || '@example.com', false, true, now(), 'Bench User ' || g,
                   'America/New_York', '', '', 7, true, false, 8 from generate_series(1, %s) g""",
                [USERS],
            )
            cursor.execute(
                """insert into applications_application (owner_id, company, role, posting_url, source, status,
                   company_time_zone, notes, applied_on, created_at, updated_at, next_step, next_due_on, next_due_at,
                   no_date_given, next_key, remind_at, reminded_key, reflection_went_well, reflection_next_time)
                   select u.id, 'Company ' || g, 'Role ' || g, '', '', 'waiting', '', '', current_date, now(), now(),
                   'first', current_date + 30, now() + interval '30 days', false, g || ':first:x', null, '', '', ''
                   from generate_series(1, %s) g join accounts_user u on u.email = 'bench' || (1 + g %% %s) || '@example.com'""",
                [APPLICATIONS, USERS],
            )
            cursor.execute(
                """insert into applications_interview (application_id, starts_at, format, rapport, asked_about_timing,
                   promised_on, notes, created_at)
                   select a.id, now() - (k || ' days')::interval, 'video', 'neutral', true, current_date - k, '', now()
                   from applications_application a cross join generate_series(1, %s) k""",
                [INTERVIEWS_EACH],
            )
        # Owed in the future for a fifth of them (the index must skip those) ...
        cursor.execute(
            "update applications_application set remind_at = now() + interval '3 days' where id % 5 = 0"
        )
        # ... and owed now for DUE of them.
        cursor.execute(
            """update applications_application set remind_at = %s - interval '1 hour', next_due_at = %s - interval '1 hour',
               next_due_on = current_date, next_key = id || ':first:now'
               where id in (select id from applications_application where id %% 5 <> 0 order by id limit %s)""",
            [now, now, DUE],
        )
        cursor.execute("analyze")


def explain_claim(now):
    with connection.cursor() as cursor:
        cursor.execute(
            "explain select id from applications_application where remind_at <= %s order by remind_at limit 500 for update skip locked",
            [now],
        )
        return "\n".join(row[0] for row in cursor.fetchall())


def bench_sweep(now):
    from outreach import services

    enqueued = []
    services._enqueue = lambda ids, owners: enqueued.extend(ids)  # count what would be queued
    started = time.perf_counter()
    claimed = services.reminders_sweep(now=now)
    seconds = time.perf_counter() - started
    return claimed, len(enqueued), seconds


WORKERS = int(os.environ.get("BENCH_WORKERS", os.cpu_count() or 1))


def _send_batch(batch, now):
    from outreach import services

    services.reminders_send(reminder_ids=batch, now=now)


def bench_emails(now, limit):
    from aiosmtpd.controller import Controller
    from django.conf import settings

    from outreach import services
    from outreach.models import Reminder

    class Count:
        received = 0

        async def handle_DATA(self, server, session, envelope):
            Count.received += 1
            return "250 OK"

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        ids = list(Reminder.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)[:limit])
        batches = [ids[start : start + services.SEND_BATCH] for start in range(0, len(ids), services.SEND_BATCH)]
        # As a worker with --concurrency=WORKERS would: separate processes, each its own batches.
        connections.close_all()
        started = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
            pool.map(partial(_send_batch, now=now), batches)
        seconds = time.perf_counter() - started
        return len(ids), Count.received, seconds
    finally:
        controller.stop()


def main():
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    ensure_database()
    now = dt.datetime.now(dt.UTC)
    populate(now)
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from applications_interview")
        interviews = cursor.fetchone()[0]
    plan = explain_claim(now)
    claimed, enqueued, seconds = bench_sweep(now)
    print(f"interviews in the table: {interviews:,}")
    print(f"claim query plan:\n  " + plan.replace("\n", "\n  "))
    print(f"sweep: claimed {claimed:,}, enqueued {enqueued:,} in {seconds:.2f} s (bar: 10 s)")
    sent, received, email_seconds = bench_emails(now, DUE)
    print(f"emails: sent {sent:,} from {WORKERS} processes, SMTP server received {received:,} in {email_seconds:.1f} s (bar: 60 s)")
    ok = claimed == DUE == enqueued and seconds < 10 and "application_remind_idx" in plan
    ok = ok and received == sent == DUE and email_seconds < 60
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
