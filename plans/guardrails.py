"""The guardrails on recording a send: whatever the way in (the draft page, a link in
an email, anything later), the service that records a send asks these first."""

import datetime as dt

from .offers import COUNTS_AS_FOLLOW_UP
from .words import Reason


def send_refusal(
    *,
    kind: str,
    already_sent: bool,
    contact_reachable: bool,
    follow_ups_left: int,
    due_on: dt.date | None,
    today: dt.date,
) -> Reason | None:
    """Why this message cannot be recorded as sent today, or None when it can.

    A message that asks for news counts as a follow-up: it waits for its day and for
    the limit. A thank-you or a request to a friend counts for neither.
    """
    if already_sent:
        return Reason.ALREADY_SENT
    if not contact_reachable:
        return Reason.PERSONAL_CHANNEL_ONLY
    if kind in COUNTS_AS_FOLLOW_UP:
        if follow_ups_left <= 0:
            return Reason.LIMIT_REACHED
        if due_on is not None and due_on > today:
            return Reason.NOT_YET_DUE
    return None
