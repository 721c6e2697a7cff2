"""The guardrails on recording a send, as a table: every way in (the draft page, a
link in an email, anything later) goes through ``send_refusal`` in the service."""

import datetime as dt

import pytest

from plans.choices import DraftKind as K
from plans.guardrails import held_until, send_refusal
from plans.words import Reason, refusal_words

DUE = dt.date(2026, 12, 4)
OK = dict(kind=K.STATUS_REQUEST, already_sent=False, contact_reachable=True, follow_ups_left=2, due_on=DUE)


@pytest.mark.parametrize(
    ("changes", "today", "reason"),
    [
        pytest.param({}, DUE, None, id="due-today"),
        pytest.param({}, DUE + dt.timedelta(days=5), None, id="overdue"),
        pytest.param({}, DUE - dt.timedelta(days=1), Reason.NOT_YET_DUE, id="the-day-before"),
        pytest.param(
            {"kind": K.FINAL_FOLLOW_UP}, DUE - dt.timedelta(days=3), Reason.NOT_YET_DUE, id="final-early"
        ),
        pytest.param(
            {"kind": K.CALL_SCRIPT}, DUE - dt.timedelta(days=1), Reason.NOT_YET_DUE, id="call-early"
        ),
        pytest.param(
            {"kind": K.HIRING_MANAGER_NOTE},
            DUE - dt.timedelta(days=1),
            Reason.NOT_YET_DUE,
            id="manager-early",
        ),
        pytest.param({"kind": K.THANK_YOU}, DUE - dt.timedelta(days=3), None, id="thank-you-any-day"),
        pytest.param({"kind": K.RECOMMENDATION_REQUEST}, DUE - dt.timedelta(days=3), None, id="ask-a-friend"),
        pytest.param({"follow_ups_left": 0}, DUE, Reason.LIMIT_REACHED, id="limit"),
        pytest.param({"kind": K.THANK_YOU, "follow_ups_left": 0}, DUE, None, id="thank-you-does-not-count"),
        pytest.param({"already_sent": True}, DUE, Reason.ALREADY_SENT, id="already-sent"),
        pytest.param({"contact_reachable": False}, DUE, Reason.PERSONAL_CHANNEL_ONLY, id="personal-only"),
        pytest.param({"due_on": None}, DUE, None, id="no-date-known"),
        pytest.param({"emailed_without_address": True}, DUE, Reason.NO_RECIPIENT, id="no-recipient"),
        pytest.param(
            {"kind": K.THANK_YOU, "emailed_without_address": True},
            DUE,
            Reason.NO_RECIPIENT,
            id="thank-you-too",
        ),
        pytest.param(
            {"emailed_without_address": True, "already_sent": True}, DUE, Reason.ALREADY_SENT, id="sent-first"
        ),
    ],
)
def test_send_refusal(changes, today, reason):
    assert send_refusal(**{**OK, **changes}, today=today) == reason


@pytest.mark.parametrize(
    ("kind", "due_on", "today", "held"),
    [
        (K.STATUS_REQUEST, DUE, DUE - dt.timedelta(days=1), DUE),
        (K.FINAL_FOLLOW_UP, DUE, DUE - dt.timedelta(days=6), DUE),
        (K.STATUS_REQUEST, DUE, DUE, None),
        (K.STATUS_REQUEST, DUE, DUE + dt.timedelta(days=2), None),
        (K.STATUS_REQUEST, None, DUE, None),
        (K.THANK_YOU, DUE, DUE - dt.timedelta(days=1), None),
        (K.RECOMMENDATION_REQUEST, DUE, DUE - dt.timedelta(days=1), None),
    ],
)
def test_held_until(kind, due_on, today, held):
    assert held_until(kind=kind, due_on=due_on, today=today) == held


def test_a_message_held_back_says_its_day():
    words = refusal_words(Reason.NOT_YET_DUE, ready_on=DUE)
    assert "Fri, Dec 4" in words


@pytest.mark.parametrize(
    ("allowed", "said"), [(2, "2 follow-ups at most"), (1, "one follow-up after an uneasy")]
)
def test_the_limit_is_said_one_way(allowed, said):
    assert said in refusal_words(Reason.LIMIT_REACHED, follow_ups_allowed=allowed)
