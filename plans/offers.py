"""The follow-up playbook as data and small pure functions: which messages fit an
application's state, to whom, through which channel, and when a call is welcome."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, Literal, Protocol, TypeVar
from zoneinfo import ZoneInfo

from .choices import ContactRole, DraftKind, Influence, Rapport, Step

# The section of the guide (templates/outreach/guide.html) that explains each kind of message.
# ("Step" in the code is the plan's next step: first follow-up, final follow-up, move on.)
GUIDE_SECTION: dict[str, int] = {
    DraftKind.THANK_YOU: 1,
    DraftKind.STATUS_REQUEST: 2,
    DraftKind.FINAL_FOLLOW_UP: 2,
    DraftKind.WARM_CHECK_IN: 3,
    DraftKind.CALL_SCRIPT: 3,
    DraftKind.RECOMMENDATION_ENCLOSURE: 4,
    DraftKind.RECOMMENDATION_REQUEST: 4,
    DraftKind.HIRING_MANAGER_NOTE: 5,
}
# Sending these counts as a follow-up; a thank-you note and a request to a friend do not.
COUNTS_AS_FOLLOW_UP = {
    DraftKind.STATUS_REQUEST,
    DraftKind.FINAL_FOLLOW_UP,
    DraftKind.WARM_CHECK_IN,
    DraftKind.CALL_SCRIPT,
    DraftKind.RECOMMENDATION_ENCLOSURE,
    DraftKind.HIRING_MANAGER_NOTE,
}
# Whom each message is for, best first.
RECIPIENT_ROLES: dict[str, list[str]] = {
    DraftKind.THANK_YOU: [
        ContactRole.INTERVIEWER,
        ContactRole.HIRING_MANAGER,
        ContactRole.FUTURE_SUPERVISOR,
        ContactRole.RECRUITER,
    ],
    DraftKind.STATUS_REQUEST: [
        ContactRole.RECRUITER,
        ContactRole.INTERVIEWER,
        ContactRole.HIRING_MANAGER,
        ContactRole.FUTURE_SUPERVISOR,
    ],
    DraftKind.FINAL_FOLLOW_UP: [
        ContactRole.RECRUITER,
        ContactRole.INTERVIEWER,
        ContactRole.HIRING_MANAGER,
        ContactRole.FUTURE_SUPERVISOR,
    ],
    DraftKind.WARM_CHECK_IN: [
        ContactRole.INTERVIEWER,
        ContactRole.HIRING_MANAGER,
        ContactRole.FUTURE_SUPERVISOR,
        ContactRole.RECRUITER,
    ],
    DraftKind.CALL_SCRIPT: [
        ContactRole.INTERVIEWER,
        ContactRole.HIRING_MANAGER,
        ContactRole.FUTURE_SUPERVISOR,
        ContactRole.RECRUITER,
    ],
    DraftKind.RECOMMENDATION_ENCLOSURE: [
        ContactRole.RECRUITER,
        ContactRole.HIRING_MANAGER,
        ContactRole.INTERVIEWER,
        ContactRole.FUTURE_SUPERVISOR,
    ],
    DraftKind.RECOMMENDATION_REQUEST: [ContactRole.NETWORK],
    DraftKind.HIRING_MANAGER_NOTE: [ContactRole.HIRING_MANAGER, ContactRole.FUTURE_SUPERVISOR],
}
# Kept for the reminder email: whom to approach for each step of the plan.
PREFERRED_ROLES: dict[str, list[str]] = {
    Step.FIRST: RECIPIENT_ROLES[DraftKind.STATUS_REQUEST],
    Step.FINAL: [
        ContactRole.HIRING_MANAGER,
        ContactRole.FUTURE_SUPERVISOR,
        ContactRole.RECRUITER,
        ContactRole.INTERVIEWER,
    ],
}
INFLUENTIAL = {Influence.MEDIUM, Influence.HIGH}


@dataclass(frozen=True)
class Offer:
    kind: str
    why: str


@dataclass(frozen=True)
class Situation:
    """What the playbook needs to know about one application, today."""

    rapport: str
    step: str  # the plan's next step (Step)
    follow_ups_left: int
    interviewed: bool  # the latest interview has happened
    thanked: bool  # a thank-you for the latest interview was sent
    roles: frozenset[str]  # roles of the company contacts reachable on a work channel
    has_letter: bool
    has_influential_referrer: bool
    has_network_contact: bool
    follow_up_due: bool = False  # the plan's next follow-up date has come
    interview_ahead: bool = False  # the latest interview is still to come


def offered_drafts(s: Situation) -> tuple[list[Offer], list[Offer]]:
    """Which messages to offer, best first, and which are refused, each with why.

    Returns (offers, refusals), two lists of ``Offer``.
    """
    offers: list[Offer] = []
    refusals: list[Offer] = []
    if s.interview_ahead:
        refusals.append(
            Offer(
                DraftKind.STATUS_REQUEST,
                "Your interview is still to come. Come back after it: ask then when you'll hear back.",
            )
        )
        return offers, refusals
    if not s.interviewed:
        refusals.append(
            Offer(DraftKind.STATUS_REQUEST, "Log the interview first: the follow-up date comes from it.")
        )
        return offers, refusals
    # A thank-you belongs to the days right after the interview; once a follow-up
    # is due, it would arrive late, and the follow-up itself is what to send.
    if not s.thanked and not s.follow_up_due and s.step != Step.MOVE_ON and s.rapport != Rapport.UNEASY:
        offers.append(
            Offer(
                DraftKind.THANK_YOU,
                "A short thank-you the day after an interview keeps you in mind. "
                "It does not count as a follow-up.",
            )
        )
    if s.follow_ups_left == 0 or s.step == Step.MOVE_ON:
        refusals.append(
            Offer(
                DraftKind.STATUS_REQUEST,
                "You have followed up as far as courtesy allows. "
                "Another message would do more harm than good: let it go and move on.",
            )
        )
        return offers, refusals
    if s.rapport == Rapport.UNEASY:
        offers.append(
            Offer(
                DraftKind.STATUS_REQUEST,
                "The interview felt uneasy, so one polite request for news is the right amount; "
                "then move on.",
            )
        )
        refusals.append(
            Offer(DraftKind.WARM_CHECK_IN, "After an uneasy interview, more outreach is unlikely to help.")
        )
        return offers, refusals
    managers = {ContactRole.HIRING_MANAGER, ContactRole.FUTURE_SUPERVISOR} & s.roles
    recommendation = None
    if s.has_letter or s.has_influential_referrer:
        recommendation = Offer(
            DraftKind.RECOMMENDATION_ENCLOSURE,
            "A good word from someone else, offered with your follow-up, can tip a close decision.",
        )
    manager_note = None
    if managers and s.step == Step.FINAL:
        manager_note = Offer(
            DraftKind.HIRING_MANAGER_NOTE,
            "Your first note went unanswered; "
            "a respectful word to the hiring manager can restart a stalled process.",
        )
    elif not managers and s.step == Step.FINAL:
        refusals.append(
            Offer(
                DraftKind.HIRING_MANAGER_NOTE,
                "Add the hiring manager or your future supervisor as a contact, "
                "with a work address, to write to them.",
            )
        )
    status = Offer(
        DraftKind.STATUS_REQUEST, "A courteous note that mentions the date they gave and asks for news."
    )
    if s.rapport == Rapport.WENT_WELL:
        ordered = [
            manager_note,
            Offer(
                DraftKind.WARM_CHECK_IN,
                "The interview went well, so a warmer, more personal note is welcome.",
            ),
            Offer(
                DraftKind.CALL_SCRIPT,
                "The interview went well, so a short call during working hours is welcome too.",
            ),
            recommendation,
            status,
        ]
    else:
        ordered = [manager_note, status, recommendation]
    offers.extend(offer for offer in ordered if offer)
    if s.has_network_contact:
        offers.append(
            Offer(
                DraftKind.RECOMMENDATION_REQUEST,
                "Ask someone in your network who knows your work to put in a good word. "
                "It does not count as a follow-up.",
            )
        )
    return offers, refusals


class WorkContact(Protocol):
    """What choosing a recipient reads of a contact (``applications.models.Contact``)."""

    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def work_email(self) -> str: ...
    @property
    def work_phone(self) -> str: ...


C = TypeVar("C", bound=WorkContact)


@dataclass(frozen=True)
class Recipient(Generic[C]):
    contact: C
    channel: Literal["email", "call"]
    address: str


def choose_recipient(contacts: Iterable[C], step_or_kind: str, *, phone: bool = False) -> Recipient[C] | None:
    """The best work channel for a plan step or a kind of message, or None.

    Personal email addresses and phone numbers are never offered, whatever the role.
    """
    order = RECIPIENT_ROLES.get(step_or_kind) or PREFERRED_ROLES.get(step_or_kind)
    if not order:
        return None
    wanted = "work_phone" if phone else "work_email"
    reachable = [c for c in contacts if c.role in order and (c.work_email or c.work_phone)]
    reachable.sort(key=lambda c: (order.index(c.role), not getattr(c, wanted), c.name))
    if not reachable:
        return None
    best = reachable[0]
    if phone and best.work_phone:
        return Recipient(best, "call", best.work_phone)
    if best.work_email:
        return Recipient(best, "email", best.work_email)
    return Recipient(best, "call", best.work_phone)


# --- When a call is welcome --------------------------------------------------------
WORKDAY_START = dt.time(9)
WORKDAY_END = dt.time(17)


def working_hours(now: dt.datetime, time_zone: str) -> tuple[bool, dt.datetime]:
    """Whether ``now`` falls in the company's working hours (weekdays 9:00-17:00 in
    its zone), and when the next window opens (``now`` itself if open)."""
    zone = ZoneInfo(time_zone)
    local = now.astimezone(zone)
    if local.weekday() < 5 and WORKDAY_START <= local.time() < WORKDAY_END:
        return True, local
    day = local.date()
    if local.weekday() >= 5 or local.time() >= WORKDAY_END:
        day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return False, dt.datetime.combine(day, WORKDAY_START, tzinfo=zone)
