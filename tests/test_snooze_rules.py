"""Snooze in the plan's rules ("remind me in 2 business days"), as a table: the step's
day moves later, never earlier, and a later step keeps its own day unless the snooze
reaches past it. Dates are the user's local calendar dates."""

import datetime as dt

import pytest

from plans.choices import Rapport, Step
from plans.rules import follow_up_plan, snoozed_day

D = dt.date
# Interview Mon Nov 30 2026, answer promised by Fri Dec 4: first follow-up due Mon Dec 7.
BASE = {
    "closed": False,
    "replied": False,
    "interview_day": D(2026, 11, 30),
    "promised_on": D(2026, 12, 4),
    "rapport": Rapport.NEUTRAL,
    "follow_up_days": (),
    "wait_days": 7,
}


@pytest.mark.parametrize(
    ("today", "expected", "why"),
    [
        (D(2026, 12, 7), D(2026, 12, 9), "Monday -> Wednesday"),
        (D(2026, 12, 10), D(2026, 12, 14), "Thursday -> Monday, over the weekend"),
        (D(2026, 12, 23), D(2026, 12, 28), "Wednesday -> Monday, over Christmas Day and the weekend"),
    ],
)
def test_snoozed_day_is_two_business_days_on(today, expected, why):
    assert snoozed_day(today) == expected, why


@pytest.mark.parametrize(
    ("changes", "step", "due_on"),
    [
        ({}, Step.FIRST, D(2026, 12, 7)),
        ({"snoozed_until": D(2026, 12, 9)}, Step.FIRST, D(2026, 12, 9)),
        # A snooze never makes a step due earlier than the playbook says.
        ({"snoozed_until": D(2026, 12, 2)}, Step.FIRST, D(2026, 12, 7)),
        # After the first follow-up (Dec 9), the final one keeps its own later day.
        ({"snoozed_until": D(2026, 12, 9), "follow_up_days": (D(2026, 12, 9),)}, Step.FINAL, D(2026, 12, 18)),
        # Snoozed past it, the final follow-up waits for the snoozed day.
        (
            {"snoozed_until": D(2026, 12, 21), "follow_up_days": (D(2026, 12, 9),)},
            Step.FINAL,
            D(2026, 12, 21),
        ),
        # A reply or a closed application ends the plan, snoozed or not.
        ({"snoozed_until": D(2026, 12, 9), "replied": True}, Step.NONE, None),
        ({"snoozed_until": D(2026, 12, 9), "closed": True}, Step.NONE, None),
    ],
)
def test_follow_up_plan_with_a_snooze(changes, step, due_on):
    plan = follow_up_plan(**{**BASE, **changes})
    assert (plan.step, plan.due_on) == (step, due_on)
