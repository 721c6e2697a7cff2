"""The guardrails on recording a send: whatever the way in (the draft page, a link in
an email, anything later), the service that records a send asks these first."""

import datetime as dt

from .offers import COUNTS_AS_FOLLOW_UP
from .words import Reason


def held_until(*, kind: str, due_on: dt.date | None, today: dt.date) -> dt.date | None:
    """The day a message that asks for news becomes sendable, while it is still ahead;
    None when it can go today (or never waits: a thank-you, a request to a friend)."""
    if kind in COUNTS_AS_FOLLOW_UP and due_on is not None and due_on > today:
        return due_on
    return None


def send_refusal(
    *,
    kind: str,
    already_sent: bool,
    contact_reachable: bool,
    emailed_without_address: bool = False,
    follow_ups_left: int,
    due_on: dt.date | None,
    today: dt.date,
) -> Reason | None:
    """Why this message cannot be recorded as sent today, or None when it can.

    A message that asks for news counts as a follow-up: it waits for its day and for
    the limit. A thank-you or a request to a friend counts for neither. An email is
    recorded as sent only to a named person at a work address
    (``emailed_without_address``: marked as emailed with no such recipient).
    """
    if already_sent:
        return Reason.ALREADY_SENT
    if not contact_reachable:
        return Reason.PERSONAL_CHANNEL_ONLY
    if emailed_without_address:
        return Reason.NO_RECIPIENT
    if kind in COUNTS_AS_FOLLOW_UP:
        if follow_ups_left <= 0:
            return Reason.LIMIT_REACHED
        if held_until(kind=kind, due_on=due_on, today=today):
            return Reason.NOT_YET_DUE
    return None
