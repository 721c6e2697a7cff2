"""A profile change and a one-click unsubscribe for a user with 10,000 applications,
over HTTP to gunicorn with the production settings.

Each request must answer in under a second (PRODUCT.md's quality bars): the
profile save holds the plans and queues their recomputation, the unsubscribe
clears ``remind_at`` in one UPDATE. The queued recomputation is then run in this
process and timed too (for information: it runs in a worker, not a request).

The user and their applications are made once in the database
``followup_bench_profile`` and kept; the queue is Redis database 8
(BENCH_PROFILE_BROKER_URL), flushed before and after.
"""

import datetime as dt
import http.cookiejar
import os
import re
import time
import urllib.parse
import urllib.request

from bench.common import Gunicorn, production_env, report

APPLICATIONS = int(os.environ.get("BENCH_PROFILE_APPLICATIONS", 10_000))
ROUNDS = 3
BROKER_URL = os.environ.get("BENCH_PROFILE_BROKER_URL", "redis://127.0.0.1:6379/8")
ENV = production_env("followup_bench_profile", CELERY_BROKER_URL=BROKER_URL)
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402

EMAIL = "profile-bench@example.com"
ZONES = ["America/Chicago", "America/Denver"]


def populate():
    """The user, with every application interviewed and a follow-up planned."""
    from accounts.models import User
    from applications.choices import Status
    from applications.models import Application, Interview
    from applications.services import plans_refresh_for_user

    user, _ = User.objects.get_or_create(
        email=EMAIL, defaults={"time_zone": ZONES[0], "time_zone_confirmed": True, "full_name": "Pat Profile"}
    )
    if Interview.objects.filter(application__owner=user).count() != APPLICATIONS:
        print(f"populating {APPLICATIONS:,} applications with an interview each ...", flush=True)
        Application.objects.filter(owner=user).delete()
        now = dt.datetime.now(dt.UTC)
        apps = Application.objects.bulk_create(
            Application(owner=user, company=f"Company {n}", role=f"Role {n}", status=Status.WAITING)
            for n in range(APPLICATIONS)
        )
        Interview.objects.bulk_create(
            Interview(
                application=a,
                starts_at=now - dt.timedelta(days=2 + n % 10),
                promised_on=(now + dt.timedelta(days=3 + n % 20)).date(),
            )
            for n, a in enumerate(apps)
        )
        user.reminders_enabled = True
        user.save()
        plans_refresh_for_user(user=user)
    elif not user.reminders_enabled:  # the last run unsubscribed: plan again
        print("re-enabling reminders after the last run's unsubscribe ...", flush=True)
        user.reminders_enabled = True
        user.save(update_fields=["reminders_enabled"])
        plans_refresh_for_user(user=user)
    return user


def flush_broker():
    import redis

    redis.Redis.from_url(BROKER_URL).flushdb()


def signed_in_opener(user):
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    jar = http.cookiejar.CookieJar()
    jar.set_cookie(
        http.cookiejar.Cookie(
            version=0,
            name=settings.SESSION_COOKIE_NAME,
            value=session.session_key,
            port=None,
            port_specified=False,
            domain="127.0.0.1",
            domain_specified=False,
            domain_initial_dot=False,
            path="/",
            path_specified=True,
            secure=False,
            expires=None,
            discard=True,
            comment=None,
            comment_url=None,
            rest={},
        )
    )
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def profile_form(opener, base):
    """The profile form as the page sends it, with its CSRF token."""
    with opener.open(base + "/profile/", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return {
        "csrfmiddlewaretoken": token,
        "full_name": "Pat Profile",
        "time_zone": ZONES[0],
        "skills_summary": "",
        "email_signature": "",
        "default_wait_days": "7",
        "reminders_enabled": "on",
        "reminder_hour": "8",
    }


def timed_post(opener, url, data, base):
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": base + "/profile/"}
    )
    started = time.perf_counter()
    with opener.open(request, timeout=60) as response:
        response.read()
        status = response.status
    return (time.perf_counter() - started) * 1000, status


def main():
    from accounts.models import User
    from applications.models import Application
    from applications.services import plans_refresh_for_user
    from bench.common import ensure_database
    from outreach.emails import unsubscribe_url

    ensure_database()
    call_command("collectstatic", interactive=False, verbosity=0)
    user = populate()
    flush_broker()
    profile_ms, unsubscribe_ms, replan_s = [], [], []
    with Gunicorn(ENV, 1) as server:
        opener = signed_in_opener(user)
        # One unmeasured round first: the worker's first queued task imports and
        # connects the Celery transport, once per process.
        for round_ in range(-1, ROUNDS):
            form = profile_form(opener, server.base)
            # Always the other zone, whatever the last run left: a save that changes
            # nothing holds nothing.
            current = User.objects.values_list("time_zone", flat=True).get(pk=user.pk)
            form["time_zone"] = ZONES[1] if current == ZONES[0] else ZONES[0]
            ms, status = timed_post(opener, server.base + "/profile/", form, server.base)
            assert status == 200, f"profile save answered {status}"
            if round_ >= 0:
                profile_ms.append(ms)
            held = Application.objects.filter(owner=user, remind_at__isnull=False).count()
            assert held == 0, f"{held} applications kept their old reminder time"
            started = time.perf_counter()
            assert plans_refresh_for_user(user=User.objects.get(pk=user.pk))  # the queued task's work
            replan_s.append(time.perf_counter() - started)
        url = unsubscribe_url(user).replace(settings.SITE_URL, server.base)
        ms, status = timed_post(
            urllib.request.build_opener(), url, {"List-Unsubscribe": "One-Click"}, server.base
        )
        assert status == 200, f"unsubscribe answered {status}"
        unsubscribe_ms.append(ms)
    flush_broker()
    report(
        "profile",
        applications=APPLICATIONS,
        profile_ms=max(profile_ms),
        unsubscribe_ms=max(unsubscribe_ms),
        replan_seconds=max(replan_s),
        ok=max(profile_ms) < 1000 and max(unsubscribe_ms) < 1000,
    )


if __name__ == "__main__":
    main()
