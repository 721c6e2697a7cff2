"""Kept pages never show a stale state (freshness).

The proof, part by part:
1. the data version moves with every change of anything a user owns, whatever
   writes it (queryset updates, deletes, raw SQL), when it commits and only then, and
   compaction of the change log leaves it as it was;
2. a kept page reads only records whose changes move that version (and the user);
3. its key holds the version, the local date and the code's digest, and it is shown
   only before the next moment the clock alone would change it;
4. so, whatever happens, the kept page equals the page drawn afresh: a property test
   makes random changes and moves the clock, and compares the two after each step.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.models import EmailAddress, EmailConfirmation
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from redis.exceptions import RedisError

from accounts.models import User
from applications.choices import ContactRole, Rapport, Status
from applications.models import Application, FollowUp, Interview
from exports.models import ImportJob
from feeds.models import CalendarFeed
from freshness import cache as freshness
from freshness import services, triggers
from freshness.models import Change
from freshness.services import version_of
from outreach.models import Digest, InterviewEmail, Reminder
from plans.choices import DraftKind
from plans.offers import working_hours_change
from sharing.models import CoachComment, ShareView
from tests.factories import (
    ApplicationFactory,
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    LetterFactory,
    OpportunityFactory,
    ReplyFactory,
    ShareFactory,
    UserFactory,
)
from tests.helpers.drafts import NOW, due_application, open_draft, recruiter
from tests.helpers.urls import a_draft
from tests.helpers.user_data import OWNED

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NEW_YORK = "America/New_York"
# Every model that holds a user's records (tests.helpers.user_data finds them by its own
# walk of the foreign keys), but the user and the change log the triggers write.
RECORDS = [(model, paths) for model, paths in OWNED if model not in (User, Change)]


def version(user):
    return version_of(user)


def belongs_to(user, paths):
    mine = models.Q()
    for path in paths:
        mine |= models.Q(**{path: user.pk})
    return mine


def one_of_everything(user):
    """A row of every model that holds a user's records (``RECORDS``)."""
    application = a_draft(user).application
    interview = application.interviews.get()
    contact = ContactFactory(owner=user, company=application.company)
    interview.interviewers.add(contact)
    FollowUpFactory(application=application, contact=contact)
    ReplyFactory(application=application)
    LetterFactory(owner=user)
    OpportunityFactory(owner=user)
    Reminder.objects.create(application=application, owner=user, key=f"k{user.pk}", step="first", due_on=NOW)
    InterviewEmail.objects.create(interview=interview, owner=user, kind=InterviewEmail.Kind.choices[0][0])
    Digest.objects.create(owner=user, week_of=NOW.date())
    CalendarFeed.objects.create(owner=user)
    ImportJob.objects.create(
        owner=user, file_name="a.csv", csv_text="Company\nAcme\n", total_rows=1, mapping={}
    )
    share = ShareFactory(owner=user)
    ShareView.objects.create(share=share)
    CoachComment.objects.create(share=share, application=application, body="Good work.")
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )
    EmailConfirmation.create(address)
    LogEntry.objects.create(user=user, action_flag=1, object_repr="x")
    user.groups.add(Group.objects.create(name=f"group of {user.pk}"))
    user.user_permissions.add(Permission.objects.order_by("pk").first())


# --- 1. The data version ------------------------------------------------------------------


def test_every_table_of_a_users_records_has_the_trigger():
    theirs = {model._meta.db_table for model, _ in RECORDS}
    assert theirs <= triggers.installed_tables()
    assert theirs <= {model._meta.db_table for model, _ in triggers.owned_models()}
    assert User._meta.db_table in triggers.installed_tables()
    assert freshness.enabled()


@pytest.mark.parametrize("label", sorted(model._meta.label for model, _ in RECORDS))
def test_any_write_to_a_users_record_moves_their_version_and_no_one_elses(alice, bob, label):
    one_of_everything(alice)
    one_of_everything(bob)
    model = apps.get_model(label)
    paths = {m._meta.label: p for m, p in RECORDS}[label]
    pk = model.objects.filter(belongs_to(alice, paths)).values_list("pk", flat=True).first()
    assert pk is not None, f"one_of_everything makes no {label}: add one"
    alices, bobs = version(alice), version(bob)
    # An update that changes no value is still a write; a queryset update sends no signal.
    key = model._meta.pk
    model.objects.filter(pk=pk).update(**{key.name: F(key.name)})
    assert (version(alice), version(bob)) == (alices + 1, bobs)
    with connection.cursor() as cursor:
        table, column = model._meta.db_table, key.column
        cursor.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE "{column}" = %s', [pk, pk])
    assert (version(alice), version(bob)) == (alices + 2, bobs)
    model.objects.filter(pk=pk).delete()
    assert version(alice) > alices + 2 and version(bob) == bobs


def test_a_bulk_insert_moves_the_version_once(alice):
    application = ApplicationFactory(owner=alice)
    before = version(alice)
    FollowUp.objects.bulk_create(FollowUp(application=application, happened_at=NOW) for _ in range(50))
    assert version(alice) == before + 1


@pytest.mark.django_db(transaction=True)
def test_the_version_moves_when_the_change_commits_and_a_rollback_moves_nothing():
    user = UserFactory()
    start = version(user)
    with transaction.atomic():
        application = ApplicationFactory(owner=user)
        FollowUpFactory.create_batch(5, application=application)
        # Another connection, as another request: nothing moved before the commit.
        assert _version_seen_by_another_connection(user) == start
    assert _version_seen_by_another_connection(user) > start
    moved = version(user)
    with transaction.atomic():
        ApplicationFactory(owner=user)
        transaction.set_rollback(True)
    assert version(user) == moved


def _version_seen_by_another_connection(user):
    import psycopg

    settings_dict = connection.settings_dict
    with psycopg.connect(
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"],
        dbname=settings_dict["NAME"],
        autocommit=True,
    ) as other:
        [(total,)] = other.execute(
            f"SELECT COALESCE(SUM(weight), 0) FROM {Change._meta.db_table} WHERE user_id = %s", [user.pk]
        ).fetchall()
        return int(total)


def test_a_write_never_waits_for_a_lock_the_log_has_no_unique_or_foreign_key():
    """Why the triggers cannot deadlock: all they write is a new row of a table that no
    constraint ties to another row, so no lock is ever waited for."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contype FROM pg_constraint WHERE conrelid = %s::regclass", [Change._meta.db_table]
        )
        kinds = {kind for (kind,) in cursor.fetchall()}
        # Its own id, from a sequence, and weight >= 0: no unique, foreign or exclusion key.
        assert kinds == {"p", "c"}
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass", [Change._meta.db_table]
        )
        assert cursor.fetchone() == (0,)


def test_compaction_keeps_every_version_and_leaves_one_row_a_user(alice, bob):
    for _ in range(3):
        ApplicationFactory(owner=alice)
        ApplicationFactory(owner=bob)
    before = version(alice), version(bob)
    assert Change.objects.filter(user_id=alice.pk).count() >= 3
    gone = UserFactory()
    ApplicationFactory(owner=gone)
    gone_pk = gone.pk
    gone.delete()
    assert Change.objects.filter(user_id=gone_pk).exists()
    compacted, removed = services.compact()
    assert compacted >= 2 and removed >= 1  # alice and bob (and the deleted account's rows)
    assert (version(alice), version(bob)) == before
    assert Change.objects.filter(user_id=alice.pk).count() == 1
    assert not Change.objects.filter(user_id=gone_pk).exists()
    ApplicationFactory(owner=alice)
    assert version(alice) == before[0] + 1


def test_a_change_to_the_users_own_row_moves_the_version(alice):
    before = version(alice)
    User.objects.filter(pk=alice.pk).update(reminder_hour=9)
    assert version(alice) == before + 1


# --- 2. A kept page reads only what moves the version -----------------------------------

SQL_TABLES = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"')


def test_kept_pages_read_only_records_whose_changes_move_the_version(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    recruiter(alice)
    share = ShareFactory(owner=alice)
    CoachComment.objects.create(share=share, application=application, body="Ask about the start date.")
    draft = open_draft(alice_client, application, DraftKind.STATUS_REQUEST)
    # The version is read from the change log before the page's own reads.
    allowed = triggers.installed_tables() | {Change._meta.db_table}
    pages = [reverse("dashboard"), reverse("application_list"), f"{reverse('application_list')}?show=overdue"]
    for url in [*pages, application.get_absolute_url(), draft.get_absolute_url()]:
        alice_client.get(url)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert alice_client.get(url).status_code == 200
        # The first query is the session's, read by the middleware for the user; the
        # kept part does not show it (messages are drawn around the part, not in it).
        assert "django_session" in captured.captured_queries[0]["sql"]
        read = {
            table for query in captured.captured_queries[1:] for table in SQL_TABLES.findall(query["sql"])
        }
        assert read and read <= allowed, f"{url} reads {sorted(read - allowed)}"


# --- 3. Keys and moments ------------------------------------------------------------------


def test_the_key_holds_the_data_version_the_local_date_and_the_code(alice):
    day = dt.date(2026, 12, 8)
    key = freshness.key_for("today", alice, 5, day)
    assert freshness.key_for("today", alice, 5, day + dt.timedelta(days=1)) != key
    assert freshness.key_for("today", alice, 5, day, 7) != key
    assert freshness.key_for("today", alice, 6, day) != key
    assert freshness.code_version() in key
    with override_settings(SITE_URL="https://another.example"):
        assert freshness.code_version.__wrapped__() != freshness.code_version()


def test_every_process_computes_the_same_code_digest():
    """Workers share what they keep only if they name the code alike (no memory
    addresses or other per-process values in the digest)."""
    import os
    import subprocess
    import sys

    program = "import django; django.setup(); from freshness.cache import code_version; print(code_version())"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    digests = {
        subprocess.run(
            [sys.executable, "-c", program], capture_output=True, text=True, check=True, env=env
        ).stdout
        for _ in range(2)
    }
    assert len(digests) == 1 and len(digests.pop().strip()) == 16


@pytest.mark.parametrize(
    ("local", "changes"),
    [
        ("2026-12-08 10:00", "2026-12-08 17:00"),  # open on a Tuesday: it closes at 5 PM
        ("2026-12-08 16:59", "2026-12-08 17:00"),
        ("2026-12-08 17:00", "2026-12-09 09:00"),  # closed: the next opening
        ("2026-12-08 06:00", "2026-12-08 09:00"),
        ("2026-12-11 18:00", "2026-12-14 09:00"),  # Friday evening: Monday morning
        ("2027-03-12 17:30", "2027-03-15 09:00"),  # over the spring change of the clocks
    ],
)
def test_working_hours_change(local, changes):
    def at(text):
        return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(NEW_YORK))

    assert working_hours_change(at(local).astimezone(dt.UTC), NEW_YORK) == at(changes)


def _forms_token(html):
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_each_response_of_a_kept_page_has_its_own_working_form_token(alice, tuesday_morning):
    due_application(alice)
    recruiter(alice)
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    first = client.get(reverse("dashboard")).content.decode()
    with CaptureQueriesContext(connection) as captured:
        second = client.get(reverse("dashboard")).content.decode()
    assert len(captured) == 3  # kept: the session, the user and the version
    assert freshness.CSRF_MARK not in second
    one, two = _forms_token(first), _forms_token(second)
    assert one and two and one != two
    action = re.search(r'<form method="post" action="([^"]+)"', second).group(1)
    assert client.post(action, {"csrfmiddlewaretoken": two[0]}).status_code == 302


@pytest.mark.parametrize("page", ["today", "list", "application", "draft"])
def test_a_change_made_behind_the_apps_back_shows_on_the_next_visit(
    alice_client, alice, tuesday_morning, page
):
    application = due_application(alice)
    recruiter(alice)
    draft = open_draft(alice_client, application, DraftKind.STATUS_REQUEST)
    url = {
        "today": reverse("dashboard"),
        "list": reverse("application_list"),
        "application": application.get_absolute_url(),
        "draft": draft.get_absolute_url(),
    }[page]
    assert "Fleet Planner" not in alice_client.get(url).content.decode()
    assert alice_client.get(url).content  # kept now
    Application.objects.filter(pk=application.pk).update(role="Fleet Planner")  # no signal, no save()
    assert "Fleet Planner" in alice_client.get(url).content.decode()


def test_today_turns_when_an_interview_starts_with_nothing_else_changing(
    alice_client, alice, tuesday_morning
):
    application = ApplicationFactory(
        owner=alice, company="Contoso", role="Dispatcher", status=Status.INTERVIEWING
    )
    starts = NOW + dt.timedelta(hours=2)  # noon in New York
    InterviewFactory(application=application, starts_at=starts, promised_on=None)
    application.refresh_plan()
    tuesday_morning.move_to(starts - dt.timedelta(minutes=1))
    before = alice_client.get(reverse("dashboard")).content.decode()
    assert "Send the thank-you" not in before
    tuesday_morning.move_to(starts + dt.timedelta(minutes=1))
    after = alice_client.get(reverse("dashboard")).content.decode()
    assert "Send the thank-you" in after


def test_a_new_day_draws_a_new_page(alice_client, alice, tuesday_morning):
    # 11:30 PM in New York, then 12:30 AM: an hour, far less than a part is kept.
    tuesday_morning.move_to(dt.datetime(2026, 12, 9, 4, 30, tzinfo=dt.UTC))
    assert "Tuesday, December 8" in alice_client.get(reverse("dashboard")).content.decode()
    tuesday_morning.shift(dt.timedelta(hours=1))
    assert "Wednesday, December 9" in alice_client.get(reverse("dashboard")).content.decode()


def test_a_call_scripts_working_hours_line_turns_at_the_close(alice_client, alice, tuesday_morning):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    recruiter(alice, work_phone="+1 901 555 0134")
    call = open_draft(alice_client, application, DraftKind.CALL_SCRIPT)
    five_pm = dt.datetime(2026, 12, 8, 22, 0, tzinfo=dt.UTC)
    tuesday_morning.move_to(five_pm - dt.timedelta(minutes=1))
    assert "It's working hours now for them" in alice_client.get(call.get_absolute_url()).content.decode()
    tuesday_morning.move_to(five_pm + dt.timedelta(minutes=1))
    assert "Outside their working hours now" in alice_client.get(call.get_absolute_url()).content.decode()


def test_a_change_to_the_user_between_the_sign_in_check_and_the_version_is_shown(alice, tuesday_morning):
    """The middleware reads the user before the page reads the version: a change that
    commits in between must show, not be kept under the new version with the old row."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from outreach import today

    request = RequestFactory().get(reverse("dashboard"))
    request.user = User.objects.get(pk=alice.pk)  # as the middleware read it
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    User.objects.filter(pk=alice.pk).update(email="alice.new@example.com")
    assert "alice.new@example.com" in today.page(request)["content"]


def test_a_new_time_zone_committed_after_the_sign_in_check_shows_in_the_times(alice, tuesday_morning):
    from django.test import RequestFactory
    from django.utils import timezone

    from applications.views import application_detail

    application = due_application(alice)  # its interview: Monday, November 30, 10:00 AM in New York
    request = RequestFactory().get(application.get_absolute_url())
    request.user = User.objects.get(pk=alice.pk)  # as the middleware read it, and the zone it set
    timezone.activate(request.user.zoneinfo)
    User.objects.filter(pk=alice.pk).update(time_zone="America/Los_Angeles")
    try:
        html = application_detail(request, application.pk).content.decode()
    finally:
        timezone.deactivate()
    assert "7:00 AM" in html and "10:00 AM" not in html


def test_without_the_cache_server_the_page_is_drawn(alice_client, alice, tuesday_morning, monkeypatch):
    due_application(alice)

    def down(*args, **kwargs):
        raise RedisError("connection refused")

    monkeypatch.setattr(freshness.cache, "get", down)
    monkeypatch.setattr(freshness.cache, "set", down)
    response = alice_client.get(reverse("dashboard"))
    assert response.status_code == 200 and "Write the follow-up" in response.content.decode()


# --- 4. Whatever happens, the kept page is the page drawn afresh --------------------------

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def _kept_and_drawn(client, url):
    kept = client.get(url).content.decode()
    with override_settings(PAGE_CACHE=False):
        drawn = client.get(url).content.decode()
    return TOKEN.sub(r'\1"', kept), TOKEN.sub(r'\1"', drawn)


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("apply"), st.integers(-3, 6)),
        st.tuples(st.just("interview"), st.integers(0, 5), st.integers(-72, 72)),
        st.tuples(st.just("follow_up"), st.integers(0, 5)),
        st.tuples(st.just("close"), st.integers(0, 5)),
        st.tuples(st.just("rename"), st.integers(0, 5)),
        st.tuples(st.just("clock"), st.integers(1, 36 * 60)),
        st.tuples(st.just("profile"), st.sampled_from(["America/Chicago", "America/Los_Angeles", NEW_YORK])),
    ),
    min_size=1,
    max_size=6,
)


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS)
def test_whatever_happens_the_kept_page_is_the_page_drawn_afresh(alice_client, alice, steps):
    cache.clear()
    # Each example starts from the same records: its own are rolled back at its end.
    with transaction.atomic(), time_machine.travel(NOW, tick=False) as clock:
        try:
            _walk(alice_client, alice, steps, clock)
        finally:
            transaction.set_rollback(True)


def _walk(client, user, steps, clock):
    """Each step, then every page compared: Today, the list, its overdue view and the
    first two applications' pages."""
    for step in steps:
        kind, *args = step
        applications = list(Application.objects.filter(owner=user).order_by("pk"))
        pick = (
            applications[args[0] % len(applications)] if applications and isinstance(args[0], int) else None
        )
        now = dt.datetime.now(dt.UTC)
        if kind == "apply":
            application = ApplicationFactory(owner=user, status=Status.WAITING)
            InterviewFactory(application=application, starts_at=now - dt.timedelta(days=args[0] + 7))
            ContactFactory(owner=user, company=application.company, role=ContactRole.RECRUITER)
            application.refresh_plan()
        elif kind == "interview" and pick:
            Interview.objects.create(application=pick, starts_at=now + dt.timedelta(hours=args[1]))
            pick.refresh_plan()
        elif kind == "follow_up" and pick:
            FollowUpFactory(application=pick, happened_at=now)
            pick.refresh_plan()
        elif kind == "close" and pick:
            Application.objects.filter(pk=pick.pk).update(status=Status.NO)
        elif kind == "rename" and pick:
            Application.objects.filter(pk=pick.pk).update(role=Concat("role", Value(" II")))
        elif kind == "clock":
            clock.shift(dt.timedelta(minutes=args[0]))
        elif kind == "profile":
            User.objects.filter(pk=user.pk).update(time_zone=args[0])
        lists = [reverse("application_list"), f"{reverse('application_list')}?show=overdue"]
        for url in [reverse("dashboard"), *lists] + [a.get_absolute_url() for a in applications[:2]]:
            kept, drawn = _kept_and_drawn(client, url)
            assert kept == drawn, f"{url} after {step}"
