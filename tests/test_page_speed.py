"""The pages' query budgets (make bench measures their time), and the shortcuts
that keep them low show exactly what the slower, plainer reads showed."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import selectors
from applications.choices import Rapport
from applications.models import Application, FollowUp, Interview
from plans import checks
from plans.choices import DraftKind
from tests.factories import ApplicationFactory, UserFactory
from tests.helpers.drafts import due_application, open_draft, recruiter

pytestmark = pytest.mark.django_db


def queries(client, url, *, kept=False):
    """Queries of one visit to ``url`` with the session warm, as on a real visit: the
    page drawn (nothing kept), or, with ``kept``, as kept by the first visit."""
    client.get(url)
    if not kept:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# Each budget counts the session and the user (2 queries every signed-in page pays), and
# the user's data version (freshness), read first to look for the page kept ready, and,
# when the page is drawn, the user again (read after the version: freshness.cache).
def test_today_fits_its_query_budget(alice_client, alice, tuesday_morning):
    for _ in range(3):
        due_application(alice)
    # Today (outreach/today.py): the applications of its three sections (one union), their
    # latest interviews, follow-ups and thank-yous sent, the interviewers, contacts and
    # letters behind each due one's offer, and the totals: 8, constant in the number of
    # rows (tests/test_queries.py); and when it would next read differently by the clock
    # alone (an interview starts: outreach.today.changes_at), to keep it that long.
    assert queries(alice_client, reverse("dashboard")) <= 13
    # Kept (freshness.cache): the session, the user and their data version, the key.
    assert queries(alice_client, reverse("dashboard"), kept=True) == 3


def test_an_application_page_fits_its_query_budget(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    recruiter(alice)
    # The application, its interviews, their interviewers, its follow-ups, replies and
    # contacts, the comments a coach left on it (sharing) and whether a thank-you was sent
    # for the latest interview (the progress strip): 8.
    assert queries(alice_client, application.get_absolute_url()) <= 12
    assert queries(alice_client, application.get_absolute_url(), kept=True) == 3


def test_a_draft_page_fits_its_query_budget(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    recruiter(alice)
    draft = open_draft(alice_client, application, DraftKind.STATUS_REQUEST)
    assert queries(alice_client, draft.get_absolute_url()) <= 7
    assert queries(alice_client, draft.get_absolute_url(), kept=True) == 3


def test_the_list_fits_its_query_budget(alice_client, alice, tuesday_morning):
    for _ in range(3):
        due_application(alice)
    # The count for the pages and one page of rows.
    assert queries(alice_client, reverse("application_list")) <= 6
    assert queries(alice_client, reverse("application_list"), kept=True) == 3


def test_rows_per_section_matches_one_query_per_section():
    """The one-query sections hold the same rows in the same order as one query each,
    with names whose order depends on the database's collation, and a row in two sections."""
    user = UserFactory()
    today = dt.date(2026, 12, 9)
    for n, company in enumerate(["acme", "Beta", "Álamo", "beta", "Zeta", "zeta", "Acme"]):
        ApplicationFactory(owner=user, company=company, next_due_on=today + dt.timedelta(days=n % 3))
    mine = Application.objects.filter(owner=user)
    sections = {
        "soon": Q(next_due_on__lte=today + dt.timedelta(days=1)),
        "all": Q(),
        "none": Q(company="nobody"),
        "named_a": Q(company__istartswith="a"),
    }
    order = ("next_due_on", "company")
    together = selectors.rows_per_section(mine, sections, order_by=order, limit=4)
    for name, condition in sections.items():
        one_by_one = list(mine.filter(condition).order_by(*order)[:4])
        assert [row.pk for row in together[name]] == [row.pk for row in one_by_one], name


def test_the_application_page_counts_follow_ups_since_the_latest_interview_as_the_model_does():
    owner = UserFactory()
    application = ApplicationFactory(owner=owner)
    now = dt.datetime(2026, 12, 9, 15, tzinfo=dt.UTC)
    first = Interview.objects.create(application=application, starts_at=now - dt.timedelta(days=30))
    latest = Interview.objects.create(
        application=application, starts_at=now - dt.timedelta(days=10), rapport=Rapport.WENT_WELL
    )
    # A follow-up after each interview; the one before the latest does not count.
    FollowUp.objects.create(application=application, happened_at=first.starts_at + dt.timedelta(days=5))
    FollowUp.objects.create(application=application, happened_at=latest.starts_at + dt.timedelta(days=5))
    application.refresh_plan()
    page = selectors.application_page(application)
    assert page["latest_interview"] == application.latest_interview() == latest
    assert page["follow_ups_left"] == application.follow_ups_left == 1
    assert page["plan_words"] == selectors.plan_explanation(application, latest)


def test_the_checks_give_the_same_findings_from_the_cache():
    text = "ASAP!!! I was the NCOIC of a PCS move and hold a TS/SCI clearance. You never answered me."
    first = (checks.tone_findings(text), checks.plain_language_findings(text))
    again = (checks.tone_findings(text), checks.plain_language_findings(text))
    assert first == again
    assert first[0] and first[1]
    # Callers get their own lists: changing one leaves the cache alone.
    again[0].clear()
    assert checks.tone_findings(text) == first[0]
