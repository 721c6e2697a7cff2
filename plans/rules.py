"""The follow-up plan's rules as small pure functions: business days, when each
follow-up falls due, how many are allowed. (Which messages to offer is
outreach/playbook.py.)

Dates here are calendar dates in the user's own time zone; turning them into a
moment in UTC happens once, in ``due_at``.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from .choices import Rapport, Step

MAX_FOLLOW_UPS = 2
# Reminders arrive at this hour of the user's morning.
REMINDER_HOUR = 8


@cache
def _us_federal_holidays(year: int) -> frozenset[dt.date]:
    # A plain set of dates: a lookup in it is ~50x faster than in a HolidayBase,
    # which matters when thousands of plans are recomputed at once.
    return frozenset(holidays.country_holidays("US", years=year).keys())


def is_business_day(day: dt.date) -> bool:
    """Weekdays that are not US federal holidays (observed dates included)."""
    return day.weekday() < 5 and day not in _us_federal_holidays(day.year)


def next_business_day(day: dt.date) -> dt.date:
    """The first business day strictly after ``day``."""
    day += dt.timedelta(days=1)
    while not is_business_day(day):
        day += dt.timedelta(days=1)
    return day


def add_business_days(day: dt.date, count: int) -> dt.date:
    for _ in range(count):
        day = next_business_day(day)
    return day


def follow_ups_allowed(rapport: str) -> int:
    """Two polite follow-ups at most; one when the interview felt uneasy (step 3)."""
    return 1 if rapport == Rapport.UNEASY else MAX_FOLLOW_UPS


def follow_ups_left(rapport: str, follow_ups_made: int) -> int:
    return max(0, follow_ups_allowed(rapport) - follow_ups_made)


@dataclass(frozen=True)
class Plan:
    step: str = Step.NONE
    due_on: dt.date | None = None
    no_date_given: bool = False


NO_PLAN = Plan()


def follow_up_due_on(
    *, interview_day: dt.date, promised_on: dt.date | None, wait_days: int
) -> tuple[dt.date, bool]:
    """When the first follow-up is due, and whether that date was guessed.

    With a promise: the first business day after the promised date (step 2).
    Without one: the user's default wait, in business days, after the interview.
    """
    if promised_on is not None:
        return next_business_day(promised_on), False
    return add_business_days(interview_day, wait_days), True


def follow_up_plan(
    *,
    closed: bool,
    replied: bool,
    interview_day: dt.date | None,
    promised_on: dt.date | None,
    rapport: str,
    follow_up_days: Sequence[dt.date],
    wait_days: int,
    snoozed_until: dt.date | None = None,
) -> Plan:
    """What to do next for one application, and on which day.

    ``interview_day`` is the local date of the latest interview (None: no
    interview yet). ``follow_up_days`` are the local dates of the follow-ups sent
    since that interview, oldest first. A reply from the company, or a closed
    application, ends the plan.
    """
    if closed or replied or interview_day is None:
        return NO_PLAN
    first_due, guessed = follow_up_due_on(
        interview_day=interview_day, promised_on=promised_on, wait_days=wait_days
    )
    if snoozed_until is not None:
        first_due = max(first_due, snoozed_until)
    if not follow_up_days:
        return Plan(Step.FIRST, first_due, guessed)
    after_last = add_business_days(follow_up_days[-1], wait_days)
    if snoozed_until is not None:
        after_last = max(after_last, snoozed_until)
    if follow_ups_left(rapport, len(follow_up_days)):
        return Plan(Step.FINAL, after_last, guessed)
    return Plan(Step.MOVE_ON, after_last, guessed)


SNOOZE_BUSINESS_DAYS = 2


def snoozed_day(today: dt.date) -> dt.date:
    """ "Remind me in 2 business days": the day the step comes due again."""
    return add_business_days(today, SNOOZE_BUSINESS_DAYS)


def due_at(due_on: dt.date, time_zone: str, hour: int = REMINDER_HOUR) -> dt.datetime:
    """The moment, in UTC, that a due date begins for the user: their morning."""
    local = dt.datetime.combine(due_on, dt.time(hour), tzinfo=ZoneInfo(time_zone))
    return local.astimezone(dt.UTC)
