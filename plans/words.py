"""The words that explain the plan: why each message is offered, why one is refused,
and what the plan says today. Every sentence is computed from the dates it is
given, so nothing says a date "has passed" before it has.

Dates are written the American way ("Fri, Dec 4"); the pages and emails use the
same helpers.
"""

import datetime as dt
from enum import StrEnum

from .choices import Step


def day_short(day: dt.date) -> str:
    """ "Fri, Dec 4"."""
    return f"{day:%a, %b} {day.day}"


def day_long(day: dt.date) -> str:
    """ "Friday, December 4"."""
    return f"{day:%A, %B} {day.day}"


def business_days(count: int) -> str:
    return f"{count} business day{'' if count == 1 else 's'}"


class Reason(StrEnum):
    """Why a message is offered, held back or refused. Pages decide on these values,
    never on the words."""

    # Offered
    THANK_YOU = "thank_you"
    THANK_YOU_UNEASY = "thank_you_uneasy"
    STATUS_REQUEST = "status_request"
    STATUS_REQUEST_UNEASY = "status_request_uneasy"
    FINAL_FOLLOW_UP = "final_follow_up"
    WARM_CHECK_IN = "warm_check_in"
    CALL_SCRIPT = "call_script"
    RECOMMENDATION_ENCLOSURE = "recommendation_enclosure"
    RECOMMENDATION_REQUEST = "recommendation_request"
    HIRING_MANAGER_NOTE = "hiring_manager_note"
    # Refused
    INTERVIEW_AHEAD = "interview_ahead"
    NO_INTERVIEW = "no_interview"
    CLOSED = "closed"
    LIMIT_REACHED = "limit_reached"
    UNEASY_NO_MORE = "uneasy_no_more"
    NO_MANAGER_CONTACT = "no_manager_contact"
    MANAGER_ALREADY_WRITTEN = "manager_already_written"
    THANK_YOU_TOO_LATE = "thank_you_too_late"
    THANK_YOU_AFTER_FOLLOW_UP = "thank_you_after_follow_up"
    NOT_OFFERED = "not_offered"
    # Refused when recording a send
    ALREADY_SENT = "already_sent"
    PERSONAL_CHANNEL_ONLY = "personal_channel_only"
    NOT_YET_DUE = "not_yet_due"
    NO_RECIPIENT = "no_recipient"


# Refusals that mean "this one is over": the page offers to close it gracefully.
TIME_TO_CLOSE = frozenset({Reason.LIMIT_REACHED})

WHY: dict[Reason, str] = {
    Reason.THANK_YOU: (
        "A short thank-you in the first days after an interview keeps you in mind. "
        "It does not count as a follow-up."
    ),
    Reason.THANK_YOU_UNEASY: (
        "Even when an interview felt uneasy, a brief, gracious thank-you is always in order. "
        "It asks for nothing and does not count as a follow-up."
    ),
    Reason.STATUS_REQUEST: "A courteous note that recalls the date they gave and asks for news.",
    Reason.STATUS_REQUEST_UNEASY: (
        "The interview felt uneasy, so one polite request for news is the right amount; then move on."
    ),
    Reason.FINAL_FOLLOW_UP: (
        "Your first note went unanswered. One last, kind message closes the loop; "
        "after it, you've done your part."
    ),
    Reason.WARM_CHECK_IN: "The interview went well, so a warmer, more personal note is welcome.",
    Reason.CALL_SCRIPT: "The interview went well, so a short call during working hours is welcome too.",
    Reason.RECOMMENDATION_ENCLOSURE: (
        "A good word from someone else, offered with your follow-up, can tip a close decision."
    ),
    Reason.RECOMMENDATION_REQUEST: (
        "Ask someone in your network who knows your work to put in a good word. "
        "It does not count as a follow-up."
    ),
    Reason.HIRING_MANAGER_NOTE: (
        "Your first note went unanswered; a respectful word to the hiring manager "
        "can restart a stalled process."
    ),
    Reason.INTERVIEW_AHEAD: (
        "Your interview is still to come. Come back after it: ask then when you'll hear back."
    ),
    Reason.NO_INTERVIEW: "Log the interview first: the follow-up date comes from it.",
    Reason.CLOSED: "This application is closed; there is nothing to send.",
    Reason.LIMIT_REACHED: (
        "You have followed up as far as courtesy allows. "
        "Another message would do more harm than good: let this one go and move on."
    ),
    Reason.UNEASY_NO_MORE: "After an uneasy interview, more outreach is unlikely to help.",
    Reason.NO_MANAGER_CONTACT: (
        "Add the hiring manager or your future supervisor as a contact, with a work address, "
        "to write to them."
    ),
    Reason.MANAGER_ALREADY_WRITTEN: (
        "Your first follow-up already went to the hiring manager; a second note to the same person "
        "is the final follow-up itself."
    ),
    Reason.THANK_YOU_TOO_LATE: (
        "A thank-you belongs to the first few days after the interview; that window has closed."
    ),
    Reason.THANK_YOU_AFTER_FOLLOW_UP: (
        "You have already followed up; a thank-you now would arrive out of order."
    ),
    Reason.NOT_OFFERED: "This message doesn't fit where this application stands.",
    Reason.ALREADY_SENT: "This draft is already marked as sent.",
    Reason.PERSONAL_CHANNEL_ONLY: (
        "This contact has personal channels only. Outreach goes to work addresses and phones only."
    ),
    Reason.NO_RECIPIENT: (
        "Add who it goes to first: a named person with a work email. A message to a person by name gets read."
    ),
}


def limit_words(allowed: int) -> str:
    """The follow-up limit, said the same way everywhere."""
    if allowed == 1:
        return "one follow-up after an uneasy interview"
    return f"{allowed} follow-ups at most"


def not_yet_due_words(ready_on: dt.date) -> str:
    return (
        f"This message is for {day_short(ready_on)}. Until then, give them the time they asked for; "
        "you can read it and edit it, and mark it sent from that day."
    )


def refusal_words(reason: Reason, *, ready_on: dt.date | None = None, follow_ups_allowed: int = 2) -> str:
    if reason == Reason.NOT_YET_DUE and ready_on is not None:
        return not_yet_due_words(ready_on)
    if reason == Reason.LIMIT_REACHED:
        return (
            f"You have sent the follow-ups this application allows ({limit_words(follow_ups_allowed)}). "
            "Another message would do more harm than good: let this one go and move on."
        )
    return WHY[reason]


def plan_words(
    *,
    step: str,
    due_on: dt.date | None,
    today: dt.date,
    promised_on: dt.date | None = None,
    no_date_given: bool = False,
    asked: bool = True,
    wait_days: int = 7,
    last_follow_up_on: dt.date | None = None,
) -> str:
    """What the plan says today, in a sentence or two, true on ``today``."""
    if not step or due_on is None:
        return ""
    ready = due_on <= today
    wait = f"{wait_days}-business-day"
    if step == Step.FIRST:
        if promised_on is not None:
            if promised_on >= today:
                return (
                    f"They said they'd answer by {day_short(promised_on)}. "
                    f"Your follow-up will be ready {day_short(due_on)}."
                )
            if ready:
                return (
                    f"They said they'd answer by {day_short(promised_on)}, and that day has passed: "
                    "send a short, courteous note asking for news."
                )
        if no_date_given:
            start = "They gave no date when you asked" if asked else "No answer date was given"
            if ready:
                return f"{start}, and your {wait} wait is up: ask politely for news."
            return f"{start}, so we use your {wait} wait: your follow-up will be ready {day_short(due_on)}."
    since = f" on {day_short(last_follow_up_on)}" if last_follow_up_on else ""
    if step == Step.FINAL:
        if ready:
            return (
                f"Your follow-up{since} got no answer in {business_days(wait_days)}: "
                "one last polite note, then you've done your part."
            )
        return (
            f"You followed up{since}. If there's still no answer, "
            f"your final follow-up will be ready {day_short(due_on)}."
        )
    if step == Step.MOVE_ON:
        if ready:
            return (
                "No answer after your follow-ups. "
                "Let this one go gracefully and put your energy into the next."
            )
        return (
            f"You've sent your last follow-up{since}. "
            f"If nothing comes by {day_short(due_on)}, it's time to close this one and move on."
        )
    return ""


def due_reason(step: str, no_date_given: bool) -> str:
    """Why a step that is due today (or overdue) is what it is. Only for due steps."""
    if step == Step.FIRST and no_date_given:
        return "No answer date was given, and your usual wait is up: ask politely for news."
    if step == Step.FIRST:
        return "The date they gave has passed: send a short, courteous note asking for news."
    if step == Step.FINAL:
        return "Your first follow-up got no answer: one last polite note, then you've done your part."
    if step == Step.MOVE_ON:
        return "No answer after your follow-ups: close this one gracefully and put your energy into the next."
    return ""


def status_line(*, step: str, due_on: dt.date | None, today: dt.date) -> str:
    """A row's one-line state: due, overdue, or awaited until a day."""
    if not step or due_on is None:
        return ""
    if step == Step.MOVE_ON:
        return "Time to close it gracefully" if due_on <= today else f"Waiting until {day_short(due_on)}"
    if due_on == today:
        return "Ready today"
    if due_on < today:
        return f"Ready since {day_short(due_on)}"
    return f"Ready {day_short(due_on)}"


ASK_NEXT_TIME = (
    "Tip: at the end of an interview, ask when you can expect to hear back. "
    "The date they give sets your follow-up."
)
