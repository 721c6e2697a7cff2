"""One reminder sweep (select, claim, record, enqueue) over BENCH_ROWS interviews,
BENCH_DUE of them due.

`make bench` runs it twice, at 10,000 and at 1,000,000 rows with the same
10,000 due, each in its own database (followup_bench_sweep_<rows>, created,
migrated and bulk-loaded with SQL here, then kept for the next run). The
tasks go to a real Redis broker (BENCH_BROKER_URL, flushed before and after;
no worker runs, so nothing is sent).

Goal (issue 8): under 10 s at a million rows, and the 1M/10k ratio under 1.5:
the sweep's cost follows what is due, not the size of the table. The query
plan must use the remind_at index.
"""

import datetime as dt
import os
import sys
import time

from bench.common import POSTGRES_URL

ROWS = int(os.environ.get("BENCH_ROWS", 1_000_000))
DUE = int(os.environ.get("BENCH_DUE", 10_000))
USERS = 1000
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/8")
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings.dev",
    DEBUG="false",
    DATABASE_URL=f"{POSTGRES_URL}/followup_bench_sweep_{ROWS}",
    CELERY_BROKER_URL=BROKER_URL,
    EMAIL_URL=os.environ.get("EMAIL_URL", "consolemail://"),
)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.common import ensure_database, report  # noqa: E402


def populate(rows):
    """One interview per application, so "rows" counts both; loaded once with SQL."""
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from applications_interview")
        if cursor.fetchone()[0] == rows:
            return
        print(f"populating {USERS} users, {rows:,} applications and {rows:,} interviews ...", flush=True)
        started = time.perf_counter()
        cursor.execute("truncate accounts_user cascade")
        cursor.execute(
            """insert into accounts_user (password, is_superuser, email, is_staff, is_active, date_joined,
               full_name, time_zone, skills_summary, email_signature, default_wait_days, reminders_enabled,
               digest_enabled, reminder_hour, email_key, phone, time_zone_confirmed,
               interview_morning_enabled, thank_you_reminder_enabled)
               select '!', false, 'bench' || g || '@example.com', false, true, now(), 'Bench User ' || g,
               'America/New_York', '', '', 7, true, false, 8, 'bench-key-' || g, '', true, true, true
               from generate_series(1, %s) g""",
            [USERS],
        )
        cursor.execute(
            """insert into applications_application (owner_id, company, role, posting_url, source, status,
               company_time_zone, notes, applied_on, created_at, updated_at, next_step, next_due_on,
               next_due_at, no_date_given, next_key, remind_at, reminded_key, reflection_went_well,
               reflection_next_time)
               select u.id, 'Company ' || g, 'Role ' || g, '', '', 'waiting', '', '', current_date, now(),
               now(), 'first', current_date + 30, now() + interval '30 days', false, g || ':first:x', null,
               '', '', ''
               from generate_series(1, %s) g
               join accounts_user u on u.email = 'bench' || (1 + g %% %s) || '@example.com'""",
            [rows, USERS],
        )
        cursor.execute(
            """insert into applications_interview (application_id, starts_at, format, rapport,
               asked_about_timing, promised_on, notes, created_at)
               select a.id, now() - interval '10 days', 'video', 'neutral', true, current_date - 3, '', now()
               from applications_application a"""
        )
        print(f"loaded in {time.perf_counter() - started:.0f} s", flush=True)


def make_due(now):
    """DUE applications owed now; a fifth of the rest owed later (the index must skip those).
    Due today in the users' own zone, so the reminder's message is ready and goes inside."""
    with connection.cursor() as cursor:
        cursor.execute("truncate outreach_reminder")
        cursor.execute("update applications_application set remind_at = null, reminded_key = ''")
        cursor.execute(
            """update applications_application
               set remind_at = %s - interval '1 hour', next_due_at = %s - interval '1 hour',
               next_due_on = (%s at time zone 'America/New_York')::date, next_key = id || ':first:now'
               where id in (select id from applications_application order by id limit %s)""",
            [now, now, now, DUE],
        )
        cursor.execute(
            """update applications_application set remind_at = %s + interval '3 days'
               where remind_at is null and id %% 5 = 0""",
            [now],
        )
        cursor.execute("vacuum analyze applications_application")
        cursor.execute("select count(*) from applications_interview")
        return cursor.fetchone()[0]


def explain_claim(now):
    with connection.cursor() as cursor:
        cursor.execute(
            "explain select id from applications_application where remind_at <= %s "
            "order by remind_at limit 500 for update skip locked",
            [now],
        )
        return "\n".join(row[0] for row in cursor.fetchall())


def flush_broker():
    import redis

    redis.Redis.from_url(BROKER_URL).flushdb()


def queued_tasks():
    import redis

    return redis.Redis.from_url(BROKER_URL).llen("celery")


def main():
    from outreach import reminders
    from outreach.models import Reminder

    ensure_database()
    populate(ROWS)
    now = dt.datetime.now(dt.UTC)
    interviews = make_due(now)
    plan = explain_claim(now)
    flush_broker()
    started = time.perf_counter()
    claimed = reminders.reminders_sweep(now=now)
    seconds = time.perf_counter() - started
    queued = queued_tasks()
    recorded = Reminder.objects.count()
    flush_broker()
    uses_index = "application_remind_idx" in plan
    print(f"interviews: {interviews:,}; due: {DUE:,}")
    print("claim query plan:\n  " + plan.replace("\n", "\n  "))
    print(
        f"sweep: claimed {claimed:,}, recorded {recorded:,} reminders, "
        f"queued {queued} send tasks in {seconds:.2f} s"
    )
    batches = -(-DUE // reminders.SEND_BATCH)
    ok = claimed == recorded == DUE and queued == batches and uses_index and seconds < 10
    report(
        "sweep",
        rows=interviews,
        due=DUE,
        seconds=seconds,
        claimed=claimed,
        queued_tasks=queued,
        uses_index=uses_index,
        plan=plan,
        ok=ok,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
