"""The playbook's dates, as tables. Dates are the user's local calendar dates."""

import datetime as dt

import pytest

from applications.choices import Rapport, Step
from plans.rules import (
    add_business_days,
    due_at,
    follow_up_plan,
    follow_ups_allowed,
    follow_ups_left,
    is_business_day,
    next_business_day,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected", "why"),
    [
        (D(2026, 12, 4), D(2026, 12, 7), "Friday -> Monday"),
        (D(2026, 12, 5), D(2026, 12, 7), "Saturday -> Monday"),
        (D(2026, 12, 7), D(2026, 12, 8), "Monday -> Tuesday"),
        (D(2026, 11, 25), D(2026, 11, 27), "the day before Thanksgiving -> the Friday after it"),
        (
            D(2026, 12, 24),
            D(2026, 12, 28),
            "Christmas Eve (Thursday) -> Monday, past Christmas and the weekend",
        ),
        (D(2026, 7, 2), D(2026, 7, 6), "Independence Day observed on Friday 3 July"),
        (D(2027, 12, 30), D(2028, 1, 3), "New Year's Day 2028 falls on a Saturday; observed 31 Dec 2027"),
        (D(2026, 11, 10), D(2026, 11, 12), "Veterans Day"),
    ],
)
def test_next_business_day(day, expected, why):
    assert next_business_day(day) == expected, why


def test_weekends_and_federal_holidays_are_not_business_days():
    assert not is_business_day(D(2026, 11, 26))  # Thanksgiving
    assert not is_business_day(D(2026, 11, 28))  # Saturday
    assert is_business_day(D(2026, 11, 27))  # the Friday after: not a federal holiday


def test_seven_business_days_skip_weekends_and_veterans_day():
    # Mon 2 Nov 2026 + 7: 3,4,5,6,9,10,(11 is Veterans Day),12
    assert add_business_days(D(2026, 11, 2), 7) == D(2026, 11, 12)


@pytest.mark.parametrize(
    ("rapport", "allowed"), [(Rapport.WENT_WELL, 2), (Rapport.NEUTRAL, 2), (Rapport.UNEASY, 1)]
)
def test_follow_ups_allowed(rapport, allowed):
    assert follow_ups_allowed(rapport) == allowed
    assert follow_ups_left(rapport, 0) == allowed
    assert follow_ups_left(rapport, 5) == 0


BASE = dict(closed=False, replied=False, interview_day=D(2026, 11, 30), rapport=Rapport.NEUTRAL, wait_days=7)


@pytest.mark.parametrize(
    ("changes", "step", "due_on", "no_date_given"),
    [
        pytest.param(
            dict(promised_on=D(2026, 12, 4), follow_up_days=[]),
            Step.FIRST,
            D(2026, 12, 7),
            False,
            id="promised-friday-due-monday",
        ),
        pytest.param(
            dict(promised_on=D(2026, 11, 25), follow_up_days=[], interview_day=D(2026, 11, 20)),
            Step.FIRST,
            D(2026, 11, 27),
            False,
            id="promised-before-thanksgiving",
        ),
        pytest.param(
            dict(promised_on=None, follow_up_days=[]),
            Step.FIRST,
            D(2026, 12, 9),
            True,
            id="no-promise-default-wait",
        ),
        pytest.param(
            dict(promised_on=None, follow_up_days=[], wait_days=3),
            Step.FIRST,
            D(2026, 12, 3),
            True,
            id="no-promise-shorter-wait",
        ),
        pytest.param(
            dict(promised_on=D(2026, 12, 4), follow_up_days=[D(2026, 12, 7)]),
            Step.FINAL,
            D(2026, 12, 16),
            False,
            id="second-after-first-sent",
        ),
        pytest.param(
            dict(promised_on=D(2026, 12, 4), follow_up_days=[D(2026, 12, 7), D(2026, 12, 16)]),
            Step.MOVE_ON,
            D(2026, 12, 28),
            False,
            id="two-sent-then-move-on",
        ),
        pytest.param(
            dict(promised_on=D(2026, 12, 4), follow_up_days=[], rapport=Rapport.UNEASY),
            Step.FIRST,
            D(2026, 12, 7),
            False,
            id="uneasy-first",
        ),
        pytest.param(
            dict(promised_on=D(2026, 12, 4), follow_up_days=[D(2026, 12, 7)], rapport=Rapport.UNEASY),
            Step.MOVE_ON,
            D(2026, 12, 16),
            False,
            id="uneasy-one-only",
        ),
        pytest.param(
            dict(promised_on=D(2026, 12, 4), follow_up_days=[], replied=True),
            Step.NONE,
            None,
            False,
            id="reply-stops-plan",
        ),
        pytest.param(
            dict(promised_on=D(2026, 12, 4), follow_up_days=[D(2026, 12, 7)], replied=True),
            Step.NONE,
            None,
            False,
            id="reply-after-follow-up",
        ),
        pytest.param(
            dict(promised_on=D(2026, 12, 4), follow_up_days=[], closed=True),
            Step.NONE,
            None,
            False,
            id="closed-no-plan",
        ),
        pytest.param(
            dict(promised_on=None, follow_up_days=[], interview_day=None),
            Step.NONE,
            None,
            False,
            id="no-interview-no-plan",
        ),
    ],
)
def test_follow_up_plan(changes, step, due_on, no_date_given):
    plan = follow_up_plan(**{**BASE, **changes})
    assert (plan.step, plan.due_on, plan.no_date_given) == (step, due_on, no_date_given)


@pytest.mark.parametrize(
    ("due_on", "zone", "utc"),
    [
        pytest.param(
            D(2026, 12, 7),
            "America/New_York",
            dt.datetime(2026, 12, 7, 13, tzinfo=dt.UTC),
            id="new-york-winter",
        ),
        pytest.param(
            D(2026, 12, 7), "Pacific/Honolulu", dt.datetime(2026, 12, 7, 18, tzinfo=dt.UTC), id="honolulu"
        ),
        pytest.param(
            D(2026, 3, 6),
            "America/New_York",
            dt.datetime(2026, 3, 6, 13, tzinfo=dt.UTC),
            id="friday-before-dst-starts",
        ),
        pytest.param(
            D(2026, 3, 9),
            "America/New_York",
            dt.datetime(2026, 3, 9, 12, tzinfo=dt.UTC),
            id="monday-after-dst-starts",
        ),
        pytest.param(
            D(2026, 10, 30),
            "America/New_York",
            dt.datetime(2026, 10, 30, 12, tzinfo=dt.UTC),
            id="friday-before-dst-ends",
        ),
        pytest.param(
            D(2026, 11, 2),
            "America/New_York",
            dt.datetime(2026, 11, 2, 13, tzinfo=dt.UTC),
            id="monday-after-dst-ends",
        ),
        pytest.param(
            D(2026, 3, 9),
            "Pacific/Honolulu",
            dt.datetime(2026, 3, 9, 18, tzinfo=dt.UTC),
            id="honolulu-has-no-dst",
        ),
    ],
)
def test_due_at_is_eight_in_the_users_morning(due_on, zone, utc):
    assert due_at(due_on, zone) == utc
