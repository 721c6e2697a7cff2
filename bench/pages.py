"""Pages under gunicorn, beside a trivial Django view served the same way.

A user with 1,000 applications, 3,000 interviews and 2,000 contacts. gunicorn
runs the production settings (DEBUG off, Redis cache, Postgres) with
BENCH_GUNICORN_WORKERS workers (default: the number of cores), and wrk keeps
as many requests in flight as there are workers, so the latency is the page's
own time rather than time spent queueing. Each page is measured for
BENCH_SECONDS (default 10) after a warm-up.

The trivial view is /healthz/ (it returns "ok": no query, no template). It is
measured with the same session cookie as the pages, so it pays the same
middleware (the session and the user are loaded for the user's time zone),
at the start and at the end of the run; the mean of the two is the baseline.
It is measured without a cookie too, for reference.

Goals (PRODUCT.md, issue 14): each page's p95 under 40 ms and at least 20% of
the signed-in trivial view's requests per second.

The pages are measured as a returning user meets them, kept ready by the page cache
(freshness.cache: a kept page is shown only while it reads the same as one drawn
afresh), and then drawn for every request (PAGE_CACHE=false), as the first visit
after a change is: both tables are printed; the goal is judged on the first.
"""

import datetime as dt
import os
import sys
import time
import urllib.request

from bench.common import Gunicorn, production_env, report, wrk

WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", os.cpu_count() or 2))
SECONDS = os.environ.get("BENCH_SECONDS", "10")
# BENCH_PAGES_DATABASE: another database name, so two people on one server do not share one.
ENV = production_env(os.environ.get("BENCH_PAGES_DATABASE", "followup_bench"))
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

APPLICATIONS, INTERVIEWS_EACH, CONTACTS_EACH = 1000, 3, 2
P95_GOAL_MS, SHARE_GOAL = 40, 0.20
EMAIL = "pages-bench@example.com"


def populate():
    """The user and their records, made once and kept between runs."""
    from accounts.models import User
    from applications.choices import Rapport, Status
    from applications.models import Application, Contact, FollowUp, Interview

    user, _ = User.objects.get_or_create(
        email=EMAIL,
        defaults={"time_zone": "America/New_York", "time_zone_confirmed": True, "full_name": "Pat Bench"},
    )
    if Interview.objects.filter(application__owner=user).count() == APPLICATIONS * INTERVIEWS_EACH:
        return user
    print(
        f"populating {APPLICATIONS:,} applications, {APPLICATIONS * INTERVIEWS_EACH:,} interviews, "
        f"{APPLICATIONS * CONTACTS_EACH:,} contacts ...",
        flush=True,
    )
    Application.objects.filter(owner=user).delete()
    Contact.objects.filter(owner=user).delete()
    now = dt.datetime.now(dt.UTC)
    today = now.date()
    statuses = [Status.WAITING, Status.INTERVIEWING, Status.FOLLOWED_UP, Status.APPLIED, Status.WAITING]
    apps = Application.objects.bulk_create(
        Application(
            owner=user,
            company=f"Company {n}",
            role=f"Role {n}",
            status=statuses[n % len(statuses)],
            applied_on=today - dt.timedelta(days=40 + n % 30),
            notes=f"Notes about company {n}.",
        )
        for n in range(APPLICATIONS)
    )
    contacts = Contact.objects.bulk_create(
        Contact(
            owner=user,
            name=f"Contact {n}-{k}",
            company=a.company,
            title="Recruiter",
            work_email=f"contact{n}-{k}@company{n}.example",
        )
        for n, a in enumerate(apps)
        for k in range(CONTACTS_EACH)
    )
    rapports = [Rapport.WENT_WELL, Rapport.NEUTRAL, Rapport.UNEASY]
    interviews = Interview.objects.bulk_create(
        Interview(
            application=a,
            starts_at=now - dt.timedelta(days=3 + n % 25 + 7 * k),
            rapport=rapports[n % 3],
            asked_about_timing=n % 4 != 0,
            promised_on=None if n % 4 == 0 else today - dt.timedelta(days=n % 20 - 8),
            notes=f"Interview {k} with company {n}.",
        )
        for n, a in enumerate(apps)
        for k in range(INTERVIEWS_EACH)
    )
    Through = Interview.interviewers.through
    Through.objects.bulk_create(
        Through(interview_id=i.pk, contact_id=contacts[(n // INTERVIEWS_EACH) * CONTACTS_EACH].pk)
        for n, i in enumerate(interviews)
    )
    FollowUp.objects.bulk_create(
        FollowUp(application=a, happened_at=now - dt.timedelta(days=2))
        for a in apps[::3]
        if a.status == Status.FOLLOWED_UP
    )
    for application in Application.objects.filter(owner=user).select_related("owner"):
        application.refresh_plan()
    return user


def analyze():
    """Fresh planner statistics, as autovacuum keeps them in production: without
    them Postgres plans for the empty tables it last saw."""
    with connection.cursor() as cursor:
        cursor.execute("analyze")


def pages_of(user):
    """The URLs measured: dashboard, list, a busy application and one of its drafts."""
    from applications.models import Application
    from outreach import services

    today = dt.datetime.now(user.zoneinfo).date()
    for application in Application.objects.filter(owner=user, next_due_on__lte=today).order_by("pk"):
        offered, _ = services.drafts_offered(application)
        if offered:
            draft = services.draft_open(application=application, kind=offered[0].kind)
            return {
                "dashboard": "/dashboard/",
                "application list": "/applications/",
                "application detail": f"/applications/{application.pk}/",
                "draft": f"/drafts/{draft.pk}/",
            }
    raise RuntimeError("no application with a draft on offer; the data set is wrong")


def in_process(user, pages, repeat=30):
    """Per page, in this process (no HTTP): SQL queries per request, and the
    mean milliseconds per request spent waiting for SQL and everything else
    (middleware, view, template). This is where a page's time goes."""
    client = Client()
    client.force_login(user)
    figures = {}
    for name, path in {"trivial": "/healthz/", **pages}.items():
        client.get(path)  # warm caches, as the server will be
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        count = len(queries)  # now: each request clears the connection's query log
        sql = []

        def timed(execute, *args, sql=sql):
            started = time.perf_counter()
            try:
                return execute(*args)
            finally:
                sql.append(time.perf_counter() - started)

        started, cpu_started = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(timed):
            for _ in range(repeat):
                client.get(path)
        total_ms = (time.perf_counter() - started) * 1000 / repeat
        # CPU time of this process only: on a machine others share, the figure that
        # moves least with their load (wall times there include waiting for a core).
        cpu_ms = (time.process_time() - cpu_started) * 1000 / repeat
        sql_ms = sum(sql) * 1000 / repeat
        figures[name] = {"queries": count, "sql_ms": sql_ms, "python_ms": total_ms - sql_ms, "cpu_ms": cpu_ms}
    with CaptureQueriesContext(connection) as queries:
        Client().get("/healthz/")
    figures["anonymous"] = {
        "queries": len(queries),
        "sql_ms": 0.0,
        "python_ms": float("nan"),
        "cpu_ms": float("nan"),
    }
    return figures


def session_cookie(user):
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def warm(url, cookie, count=30):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    for _ in range(count):
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            assert response.status == 200, f"{url} answered {response.status}"


def main():
    from bench.common import ensure_database

    ensure_database()
    call_command("collectstatic", interactive=False, verbosity=0)
    user = populate()
    analyze()
    pages = pages_of(user)
    measured = in_process(user, pages)
    with override_settings(PAGE_CACHE=False):
        measured_drawn = in_process(user, pages)
    cookie = session_cookie(user)
    rows = []
    drawn = []
    with Gunicorn({**ENV, "PAGE_CACHE": "false"}, WORKERS) as server:
        for path in pages.values():
            warm(server.base + path, cookie)
        for name, path in pages.items():
            load = dict(seconds=SECONDS, connections=WORKERS)
            drawn.append(
                {
                    "page": f"{name}, drawn",
                    "path": path,
                    **measured_drawn[name],
                    **wrk(server.base + path, cookie=cookie, **load),
                }
            )
    with Gunicorn(ENV, WORKERS) as server:
        load = dict(seconds=SECONDS, connections=WORKERS)
        for path in ["/healthz/", *pages.values()]:
            warm(server.base + path, cookie)
        trivial_before = wrk(server.base + "/healthz/", cookie=cookie, **load)
        for name, path in pages.items():
            rows.append(
                {
                    "page": name,
                    "path": path,
                    **measured[name],
                    **wrk(server.base + path, cookie=cookie, **load),
                }
            )
        trivial_after = wrk(server.base + "/healthz/", cookie=cookie, **load)
        anonymous = wrk(server.base + "/healthz/", **load)
    baseline = (trivial_before["rps"] + trivial_after["rps"]) / 2
    for row in rows + drawn:
        row["of_trivial"] = row["rps"] / baseline
        row["of_anonymous"] = row["rps"] / anonymous["rps"]
        row["ok"] = row["p95_ms"] < P95_GOAL_MS and row["of_trivial"] >= SHARE_GOAL and row["bad"] == 0
    trivial_rows = [
        {
            "page": "trivial view, signed in (start)",
            "path": "/healthz/",
            **measured["trivial"],
            **trivial_before,
        },
        {
            "page": "trivial view, signed in (end)",
            "path": "/healthz/",
            **measured["trivial"],
            **trivial_after,
        },
        {"page": "trivial view, no cookie", "path": "/healthz/", **measured["anonymous"], **anonymous},
    ]
    print(
        f"{'page':34} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'queries':>7} {'SQL ms':>7} "
        f"{'other ms':>8} {'CPU ms':>7} {'of trivial':>10}"
    )
    for row in trivial_rows + rows + drawn:
        share = f"{row['of_trivial']:.0%}" if "of_trivial" in row else ""
        print(
            f"{row['page']:34} {row['rps']:8.0f} {row['p50_ms']:7.1f} {row['p95_ms']:7.1f} "
            f"{row['p99_ms']:7.1f} {row['queries']:7} {row['sql_ms']:7.1f} {row['python_ms']:8.1f} "
            f"{row['cpu_ms']:7.1f} {share:>10}"
        )
    ok = all(row["ok"] for row in rows)
    report(
        "pages",
        workers=WORKERS,
        seconds=int(SECONDS),
        baseline_rps=baseline,
        trivial=trivial_rows,
        pages=rows,
        drawn=drawn,
        ok=ok,
    )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
