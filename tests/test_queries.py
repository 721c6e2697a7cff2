"""The number of SQL queries per page does not grow with the number of rows."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.choices import Rapport, ReplyOutcome, Status, Step
from applications.models import Application, FollowUp, Interview, Reply
from outreach.today import CLOSED_LIMIT, DUE_LIMIT, WAITING_LIMIT
from plans import rules
from tests.factories import ApplicationFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

# Wednesday 9 December 2026, 10:00 in New York.
NOW = dt.datetime(2026, 12, 9, 15, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 9)
ZONE = "America/New_York"


def days(n):
    return TODAY + dt.timedelta(days=n)


# The kinds of application the dashboard sorts into its boxes:
# (status, next step, due in days, no date given, answer promised in days).
KINDS = [
    (Status.WAITING, Step.FIRST, 0, False, -1),  # due today
    (Status.FOLLOWED_UP, Step.FINAL, -3, False, -10),  # overdue
    (Status.WAITING, Step.FIRST, 4, True, None),  # no date given
    (Status.FOLLOWED_UP, Step.MOVE_ON, -1, False, -20),  # time to move on
    (Status.WAITING, Step.FIRST, 3, False, 2),  # answer promised this week
    (Status.OFFER, Step.NONE, None, False, None),  # closed
]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def user_with_applications(count):
    """A user with ``count`` applications of every kind, each with an interview, made in a few queries."""
    user = UserFactory(time_zone=ZONE)
    applications = []
    for i in range(count):
        status, step, due_in, no_date, _ = KINDS[i % len(KINDS)]
        due_on = days(due_in) if due_in is not None else None
        applications.append(
            Application(
                owner=user,
                company=f"Company {i:04}",
                role="Logistics coordinator",
                status=status,
                applied_on=days(-30),
                next_step=step,
                next_due_on=due_on,
                next_due_at=rules.due_at(due_on, ZONE) if due_on else None,
                no_date_given=no_date,
            )
        )
    applications = Application.objects.bulk_create(applications)
    Interview.objects.bulk_create(
        Interview(
            application=application,
            starts_at=NOW - dt.timedelta(days=14),
            rapport=Rapport.NEUTRAL,
            promised_on=days(promised_in) if promised_in is not None else None,
        )
        for i, application in enumerate(applications)
        for promised_in in [KINDS[i % len(KINDS)][4]]
    )
    return user


def queries_for(client, user, url):
    """Queries made by one GET of ``url`` by ``user``, after a first request has warmed up the
    session: the page drawn, not as kept by that request (freshness.cache)."""
    client.force_login(user)
    assert client.get(url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_today_queries_do_not_grow_with_applications(client, frozen):
    few, few_page = queries_for(client, user_with_applications(6), reverse("dashboard"))
    many, many_page = queries_for(client, user_with_applications(600), reverse("dashboard"))
    # The data really lands in every section, so the pages compared are full ones.
    for page, per_kind in ((few_page, 1), (many_page, 100)):
        ctx = page.context
        due_kinds, waiting_kinds = 3, 2  # due today, overdue, time to move on / no date, promised
        assert len(ctx["due"]) == min(due_kinds * per_kind, DUE_LIMIT)
        assert ctx["due_more"] == due_kinds * per_kind - len(ctx["due"])
        assert len(ctx["waiting"]) == min(waiting_kinds * per_kind, WAITING_LIMIT)
        assert ctx["waiting_more"] == waiting_kinds * per_kind - len(ctx["waiting"])
        assert len(ctx["recently_closed"]) == min(per_kind, CLOSED_LIMIT)
        # Each due row carries its one action, worked out from its own records.
        assert all(row.action for row in ctx["due"])
        buttons = page.content.decode().count("Write the follow-up") + page.content.decode().count(
            "Close it gracefully"
        )
        assert buttons == len(ctx["due"])
    assert many == few


@pytest.mark.parametrize(
    "params",
    [{}, {"status": Status.WAITING}, {"q": "company"}, {"page": "2"}, {"show": "overdue"}],
    ids=["all", "status", "search", "page-2", "dashboard-box"],
)
def test_application_list_queries_do_not_grow_with_applications(client, frozen, params):
    url = reverse("application_list") + "?" + "&".join(f"{k}={v}" for k, v in params.items())
    few, few_page = queries_for(client, user_with_applications(5), url)
    many, many_page = queries_for(client, user_with_applications(500), url)
    assert len(many_page.context["page"].object_list) == 50
    assert many == few


def application_with_history(user, interviews):
    """An application with ``interviews`` interviews, each with two interviewers, a follow-up and a reply."""
    application = ApplicationFactory(owner=user, company="Acme Freight")
    contacts = [ContactFactory(owner=user, company="Acme Freight") for _ in range(2)]
    made = Interview.objects.bulk_create(
        Interview(application=application, starts_at=NOW - dt.timedelta(days=3 * n + 2), promised_on=TODAY)
        for n in range(interviews)
    )
    Interview.interviewers.through.objects.bulk_create(
        Interview.interviewers.through(interview=interview, contact=contact)
        for interview in made
        for contact in contacts
    )
    FollowUp.objects.bulk_create(
        FollowUp(application=application, contact=contacts[0], happened_at=NOW - dt.timedelta(days=3 * n + 1))
        for n in range(interviews)
    )
    Reply.objects.bulk_create(
        Reply(application=application, outcome=ReplyOutcome.OTHER, received_at=NOW - dt.timedelta(days=3 * n))
        for n in range(interviews)
    )
    application.refresh_plan()
    return application


def test_application_detail_queries_do_not_grow_with_interviews(client, frozen):
    one_user, twenty_user = UserFactory(time_zone=ZONE), UserFactory(time_zone=ZONE)
    one = application_with_history(one_user, 1)
    twenty = application_with_history(twenty_user, 20)
    few, few_page = queries_for(client, one_user, one.get_absolute_url())
    many, many_page = queries_for(client, twenty_user, twenty.get_absolute_url())
    assert len(many_page.context["timeline"]) == 1 + 3 * 20
    assert many_page.content.decode().count("Follow-up sent") == 20
    assert many == few
