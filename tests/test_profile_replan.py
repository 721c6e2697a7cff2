"""A profile change replans every application without timing out a large account,
and without a moment in which a reminder could go out on the old schedule.

- Turning reminders off (profile or one-click unsubscribe) is one UPDATE.
- A small account is replanned in the request.
- A large one is held (``remind_at`` cleared) in the request and replanned by a
  Celery task; if the queue is down, in the request after all.
"""

import datetime as dt
import logging

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from applications import services, tasks
from applications.choices import Rapport, Status
from applications.models import Application
from outreach import reminders
from outreach.emails import unsubscribe_token
from tests.factories import ApplicationFactory, FollowUpFactory, InterviewFactory, ReplyFactory, UserFactory

pytestmark = pytest.mark.django_db

# Interviewed Mon Nov 30 (10:00 New York), promised Fri Dec 4: due Mon Dec 7.
DUE_ON = dt.date(2026, 12, 7)
PROFILE = {
    "full_name": "Alice Example",
    "time_zone": "America/New_York",
    "skills_summary": "",
    "email_signature": "",
    "default_wait_days": "7",
    "reminders_enabled": "on",
    "reminder_hour": "8",
}


def applications_with_plans(user, count):
    for _ in range(count):
        application = ApplicationFactory(owner=user)
        InterviewFactory(application=application)
        application.refresh_plan()
    return Application.objects.filter(owner=user)


def queries_for(action):
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


@pytest.fixture
def queued(monkeypatch):
    """plans_refresh.delay, recorded instead of sent to a broker."""
    calls = []
    monkeypatch.setattr(tasks.plans_refresh, "delay", lambda user_id: calls.append(user_id))
    return calls


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the request queues for after its commit, as a real request would."""

    def post(client, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(*args, **kwargs)

    return post


@pytest.fixture
def small_limit(monkeypatch):
    """A 'large' account of a few applications keeps these tests quick."""
    monkeypatch.setattr(services, "PLANS_INLINE_LIMIT", 3)
    monkeypatch.setattr(services, "PLANS_CHUNK", 2)


# --- Turning reminders off ---------------------------------------------------------------
def test_one_click_unsubscribe_costs_the_same_queries_for_5_or_60_applications(client):
    costs = []
    for count in (5, 60):
        user = UserFactory(email=f"owner{count}@example.com")
        applications_with_plans(user, count)
        url = reverse("unsubscribe", args=[unsubscribe_token(user)])
        costs.append(queries_for(lambda url=url: client.post(url)))
        assert not Application.objects.filter(owner=user, remind_at__isnull=False).exists()
    assert costs[0] == costs[1], f"queries grew with the applications: {costs}"


def test_turning_reminders_off_on_the_profile_is_one_update(alice_client, alice):
    applications_with_plans(alice, 8)
    with CaptureQueriesContext(connection) as queries:
        alice_client.post(reverse("profile"), {k: v for k, v in PROFILE.items() if k != "reminders_enabled"})
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "applications_application"')]
    assert len(updates) == 1, updates
    assert not Application.objects.filter(owner=alice, remind_at__isnull=False).exists()


# --- A small account: replanned at once ------------------------------------------------------
def test_a_small_account_is_replanned_in_the_request(alice_client, alice, queued):
    applications = applications_with_plans(alice, 2)
    response = alice_client.post(reverse("profile"), {**PROFILE, "reminder_hour": "7"}, follow=True)
    assert "Your profile is saved." in response.content.decode()
    assert queued == []
    for application in applications:
        assert application.next_due_at == dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)  # 7:00 New York
        assert application.remind_at == application.next_due_at


# --- A large account: held, then replanned by the task ------------------------------------------
def test_a_large_account_is_held_in_the_request_and_replanned_by_the_task(
    alice_client, alice, queued, small_limit, committed
):
    applications = applications_with_plans(alice, 5)
    profile = {**PROFILE, "time_zone": "America/Los_Angeles"}
    response = committed(alice_client, reverse("profile"), profile, follow=True)
    assert "Your follow-up dates are being updated." in response.content.decode()
    assert queued == [alice.pk]
    assert not applications.filter(remind_at__isnull=False).exists(), "nothing may stay on the old schedule"

    tasks.plans_refresh(alice.pk)
    for application in applications:
        assert application.next_due_on == DUE_ON
        assert application.next_due_at == dt.datetime(2026, 12, 7, 16, 0, tzinfo=dt.UTC)  # 8:00 Los Angeles
        assert application.remind_at == application.next_due_at


def test_while_held_no_sweep_sends_on_the_old_schedule(alice_client, alice, queued, small_limit):
    applications_with_plans(alice, 5)
    alice_client.post(reverse("profile"), {**PROFILE, "time_zone": "America/Los_Angeles"})
    # 8:00 in New York on the due day: the old schedule's moment, before the task has run.
    with time_machine.travel(dt.datetime(2026, 12, 7, 13, 5, tzinfo=dt.UTC), tick=False):
        assert reminders.reminders_sweep() == 0
    tasks.plans_refresh(alice.pk)
    with time_machine.travel(dt.datetime(2026, 12, 7, 13, 5, tzinfo=dt.UTC), tick=False):
        assert reminders.reminders_sweep() == 0, "8:00 in New York is 5:00 in Los Angeles: too early"
    with time_machine.travel(dt.datetime(2026, 12, 7, 16, 5, tzinfo=dt.UTC), tick=False):
        assert reminders.reminders_sweep() == 5


def test_the_request_for_a_large_account_costs_the_same_queries_for_5_or_40(client, queued, small_limit):
    costs = []
    for count in (5, 40):
        user = UserFactory(email=f"big{count}@example.com")
        applications_with_plans(user, count)
        client.force_login(user)
        costs.append(
            queries_for(lambda: client.post(reverse("profile"), {**PROFILE, "time_zone": "America/Denver"}))
        )
    assert costs[0] == costs[1], f"queries grew with the applications: {costs}"


def test_with_the_queue_down_the_request_replans_after_all(
    alice_client, alice, monkeypatch, small_limit, caplog, committed
):
    def broker_down(user_id):
        raise OSError("connection refused")

    monkeypatch.setattr(tasks.plans_refresh, "delay", broker_down)
    applications = applications_with_plans(alice, 5)
    with caplog.at_level(logging.ERROR, logger="applications.services"):
        committed(alice_client, reverse("profile"), {**PROFILE, "time_zone": "America/Los_Angeles"})
    assert "plans refresh could not be queued" in caplog.text
    for application in applications:
        assert application.remind_at == dt.datetime(2026, 12, 7, 16, 0, tzinfo=dt.UTC)


def test_a_run_overtaken_by_a_newer_profile_change_stops_and_writes_nothing(alice, small_limit):
    applications = applications_with_plans(alice, 5)
    before = list(applications.values_list("next_due_at", "remind_at"))
    stale = User.objects.get(pk=alice.pk)
    User.objects.filter(pk=alice.pk).update(time_zone="Asia/Tokyo")  # saved after this run began
    stale.time_zone = "America/Los_Angeles"
    assert services.plans_refresh_for_user(user=stale) is False
    assert list(applications.values_list("next_due_at", "remind_at")) == before


# --- The task's bulk replanning agrees with refresh_plan, row for row ---------------------------
def mixed_applications(user):
    """Every shape a plan can take: none, first, final, move on, replied, closed, no date, claimed."""
    ApplicationFactory(owner=user)  # no interview: no plan
    first = ApplicationFactory(owner=user, status=Status.WAITING)
    InterviewFactory(application=first)
    no_date = ApplicationFactory(owner=user)
    InterviewFactory(application=no_date, promised_on=None, asked_about_timing=False)
    final = ApplicationFactory(owner=user)
    InterviewFactory(application=final)
    FollowUpFactory(application=final)
    move_on = ApplicationFactory(owner=user)
    InterviewFactory(application=move_on, rapport=Rapport.UNEASY)
    FollowUpFactory(application=move_on)
    replied = ApplicationFactory(owner=user)
    InterviewFactory(application=replied)
    ReplyFactory(application=replied)
    old_reply = ApplicationFactory(owner=user)  # a reply before the latest interview does not count
    InterviewFactory(application=old_reply, starts_at=dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC))
    ReplyFactory(application=old_reply, received_at=dt.datetime(2026, 11, 5, 15, tzinfo=dt.UTC))
    InterviewFactory(application=old_reply)
    closed = ApplicationFactory(owner=user, status=Status.MOVED_ON)
    InterviewFactory(application=closed)
    claimed = ApplicationFactory(owner=user)
    InterviewFactory(application=claimed)
    for application in Application.objects.filter(owner=user):
        application.refresh_plan()
    # The sweep claimed this one's reminder: replanning must not make it owed again.
    Application.objects.filter(pk=claimed.pk).update(remind_at=None, reminded_key=claimed.next_key)
    return Application.objects.filter(owner=user).order_by("pk")


STORED = ("next_step", "next_due_on", "next_due_at", "no_date_given", "next_key", "remind_at", "reminded_key")


@pytest.mark.parametrize("zone", ["America/New_York", "America/Los_Angeles", "Pacific/Auckland"])
def test_the_bulk_replan_stores_what_refresh_plan_stores(alice, small_limit, zone):
    applications = mixed_applications(alice)
    User.objects.filter(pk=alice.pk).update(time_zone=zone, reminder_hour=6, default_wait_days=4)
    alice.refresh_from_db()
    for application in applications:
        application.owner = alice
        application.refresh_plan()
    one_by_one = list(applications.values_list(*STORED))
    Application.objects.filter(owner=alice).update(
        next_step="", next_due_on=None, next_due_at=None, next_key="", remind_at=None
    )
    assert services.plans_refresh_for_user(user=alice) is True
    assert list(applications.values_list(*STORED)) == one_by_one
    steps = {row[0] for row in one_by_one}
    assert {"", "first", "final", "move_on"} <= steps, steps
