"""The pipeline page: numbers that match a hand-computed fixture, at a fixed query cost."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.choices import ReplyOutcome, Status
from applications.stats import bar_chart, median_days, pipeline_for, share
from tests.factories import ApplicationFactory, FollowUpFactory, InterviewFactory, ReplyFactory, UserFactory

UTC = dt.UTC
NOW = dt.datetime(2026, 12, 20, 15, tzinfo=UTC)


def at(day):
    return dt.datetime(2026, day[0], day[1], 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("part", "whole", "expected"), [(1, 3, 33), (2, 3, 67), (0, 5, 0), (5, 5, 100), (1, 0, None)]
)
def test_share(part, whole, expected):
    assert share(part, whole) == expected


def test_median_days():
    start = dt.datetime(2026, 1, 1, tzinfo=UTC)
    assert median_days([]) is None
    assert median_days([(start, start + dt.timedelta(days=d)) for d in (2, 4, 9)]) == 4
    assert median_days([(start, start + dt.timedelta(days=d)) for d in (2, 5)]) == 3.5


@pytest.fixture
def fixture_user(db):
    """Four applications whose numbers are worked out by hand below."""
    user = UserFactory(time_zone="America/New_York")
    # A: interviewed 1 Nov (asked, date given), followed up 10 Nov, reply 14 Nov (offer): 13 days.
    a = ApplicationFactory(owner=user, status=Status.OFFER, applied_on=dt.date(2026, 10, 20))
    InterviewFactory(
        application=a, starts_at=at((11, 1)), asked_about_timing=True, promised_on=dt.date(2026, 11, 7)
    )
    FollowUpFactory(application=a, happened_at=at((11, 10)))
    ReplyFactory(application=a, received_at=at((11, 14)), outcome=ReplyOutcome.OFFER)
    # B: interviewed 5 Dec (asked, no date), followed up twice, no reply.
    b = ApplicationFactory(owner=user, status=Status.FOLLOWED_UP, applied_on=dt.date(2026, 11, 25))
    InterviewFactory(application=b, starts_at=at((12, 5)), asked_about_timing=True, promised_on=None)
    FollowUpFactory(application=b, happened_at=at((12, 12)))
    FollowUpFactory(application=b, happened_at=at((12, 18)))
    # C: interviewed 10 Dec (did not ask), reply 13 Dec (no): 3 days.
    c = ApplicationFactory(owner=user, status=Status.NO, applied_on=dt.date(2026, 12, 1))
    InterviewFactory(application=c, starts_at=at((12, 10)), asked_about_timing=False, promised_on=None)
    ReplyFactory(application=c, received_at=at((12, 13)), outcome=ReplyOutcome.NO)
    # D: applied only.
    ApplicationFactory(owner=user, status=Status.APPLIED, applied_on=dt.date(2026, 12, 15))
    # Someone else's records never count.
    other = ApplicationFactory(status=Status.OFFER)
    InterviewFactory(application=other, starts_at=at((12, 1)))
    ReplyFactory(application=other, received_at=at((12, 2)))
    return user


def test_all_time_numbers_match_the_hand_count(fixture_user):
    p = pipeline_for(user=fixture_user)
    counts = {status.value: n for status, n in p.stage_counts}
    assert counts == {
        "applied": 1,
        "interviewing": 0,
        "waiting": 0,
        "followed_up": 1,
        "offer": 1,
        "no": 1,
        "moved_on": 0,
    }
    assert (p.interviewed, p.replied, p.response_rate) == (3, 2, 67)
    assert p.median_days_to_reply == 8  # 13 and 3 days
    assert (p.follow_ups, p.follow_ups_answered, p.follow_up_answer_rate) == (3, 1, 33)
    assert (p.asked_about_timing, p.date_given, p.date_given_rate) == (2, 1, 50)


def test_last_thirty_days_count_only_what_happened_lately(fixture_user):
    p = pipeline_for(user=fixture_user, since=NOW - dt.timedelta(days=30), label="Last 30 days")
    counts = {status.value: n for status, n in p.stage_counts}
    assert (
        counts["applied"] == 1 and counts["no"] == 1 and counts["followed_up"] == 1 and counts["offer"] == 0
    )
    assert (p.interviewed, p.replied) == (2, 1)  # B and C interviewed since 20 Nov; C heard back
    assert p.median_days_to_reply == 3
    assert (p.follow_ups, p.follow_ups_answered) == (2, 0)
    assert (p.asked_about_timing, p.date_given) == (1, 0)


def test_empty_pipeline_says_so_without_dividing_by_zero(db):
    p = pipeline_for(user=UserFactory())
    assert p.response_rate is None and p.median_days_to_reply is None and p.date_given_rate is None


def test_chart_bars_scale_to_the_largest_stage():
    chart = bar_chart([(Status.APPLIED, 4), (Status.WAITING, 2), (Status.NO, 0)])
    widths = [bar["width"] for bar in chart["bars"]]
    assert widths[0] > widths[1] > widths[2] == 0
    assert widths[1] * 2 == widths[0]


def test_page_draws_an_svg_with_a_data_table_beside_it(client, fixture_user):
    client.force_login(fixture_user)
    with time_machine.travel(NOW, tick=False):
        client.force_login(fixture_user)
        html = client.get(reverse("pipeline")).content.decode()
    assert html.count("<svg") == 2 and 'role="img"' in html and "<title" in html
    assert "<caption>Applications per stage, all time</caption>" in html
    assert "67% (2 of 3)" in html
    assert "8.0 days" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def queries_for_pipeline(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("pipeline")).status_code == 200
    return len(captured)


def make_user_with(n):
    user = UserFactory()
    for i in range(n):
        application = ApplicationFactory(owner=user, status=Status.WAITING)
        InterviewFactory(application=application, starts_at=NOW - dt.timedelta(days=i % 40))
        if i % 2:
            FollowUpFactory(application=application, happened_at=NOW - dt.timedelta(days=i % 20))
        if i % 3 == 0:
            ReplyFactory(application=application, received_at=NOW - dt.timedelta(days=i % 10))
    return user


@pytest.mark.django_db
def test_pipeline_queries_do_not_grow_with_records(client):
    few = queries_for_pipeline(client, make_user_with(5))
    many = queries_for_pipeline(client, make_user_with(500))
    assert few == many
