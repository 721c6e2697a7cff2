"""The follow-up playbook as data and small pure functions: which messages fit an
application's state, to whom, through which channel, and when a call is welcome."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, Literal, Protocol, TypeVar
from zoneinfo import ZoneInfo

from .choices import ContactRole, DraftKind, Influence, Rapport, Step
from .rules import add_business_days
from .words import TIME_TO_CLOSE, WHY, Reason

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
def work_channel(kind: str) -> str:
    """The work channel a message of this kind needs: a phone for the call script, else an email."""
    return "work_phone" if kind == DraftKind.CALL_SCRIPT else "work_email"


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
# Who the hiring-manager note is for: the person the role reports to.
MANAGER_ROLES = frozenset(RECIPIENT_ROLES[DraftKind.HIRING_MANAGER_NOTE])
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


THANK_YOU_WINDOW = 3  # business days after the interview in which a thank-you still fits


@dataclass(frozen=True)
class Offer:
    """A message offered (or refused), with the reason as a value and its words.

    ``ready_on`` is set when the message asks for news before its day: the page may
    show it as a preview for that day, and recording a send is refused until then.
    ``contact_id`` names the person a per-person message (a thank-you) is for.
    ``needs`` lists what the user should add first for the message to be complete.
    """

    kind: str
    reason: Reason
    ready_on: dt.date | None = None
    contact_id: int | None = None
    needs: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        return WHY[self.reason]

    @property
    def ready(self) -> bool:
        return self.ready_on is None


@dataclass(frozen=True)
class Refusal:
    kind: str
    reason: Reason
    words: str = ""

    @property
    def why(self) -> str:
        return self.words or WHY[self.reason]

    @property
    def time_to_close(self) -> bool:
        return self.reason in TIME_TO_CLOSE


@dataclass(frozen=True)
class Situation:
    """What the playbook needs to know about one application, today."""

    rapport: str
    step: str  # the plan's next step (Step)
    follow_ups_left: int
    interviewed: bool  # the latest interview has happened
    roles: frozenset[str]  # roles of the company contacts reachable on a work channel
    has_letter: bool
    has_influential_referrer: bool  # an influential referrer who agreed to speak to the user's work
    has_network_contact: bool
    interview_ahead: bool = False  # the latest interview is still to come
    today: dt.date | None = None
    due_on: dt.date | None = None  # when the plan's next step falls due
    interview_day: dt.date | None = None
    follow_ups_made: int = 0  # since the latest interview
    # Whom to thank: the interviewers not yet thanked (their ids), or (None,) when no
    # interviewer was recorded and no thank-you was sent; empty once all are thanked.
    to_thank: tuple[int | None, ...] = ()
    unwritten_manager: bool = True  # a reachable manager contact got no follow-up yet
    has_skills: bool = True


def thank_you_until(interview_day: dt.date) -> dt.date:
    """The last day a thank-you for an interview on ``interview_day`` still fits."""
    return add_business_days(interview_day, THANK_YOU_WINDOW)


def ready_on(s: Situation) -> dt.date | None:
    """None when the plan's step is due (or no date is known); else the day it will be."""
    if s.due_on is None or s.today is None or s.due_on <= s.today:
        return None
    return s.due_on


def _thank_yous(s: Situation) -> tuple[list[Offer], list[Refusal]]:
    if not s.to_thank:
        return [], []
    if s.follow_ups_made:
        return [], [Refusal(DraftKind.THANK_YOU, Reason.THANK_YOU_AFTER_FOLLOW_UP)]
    if s.interview_day and s.today and s.today > thank_you_until(s.interview_day):
        return [], [Refusal(DraftKind.THANK_YOU, Reason.THANK_YOU_TOO_LATE)]
    reason = Reason.THANK_YOU_UNEASY if s.rapport == Rapport.UNEASY else Reason.THANK_YOU
    return [Offer(DraftKind.THANK_YOU, reason, contact_id=person) for person in s.to_thank], []


def offered_drafts(s: Situation) -> tuple[list[Offer], list[Refusal]]:
    """Which messages to offer, best first, and which are refused, each with a reason.

    Messages that ask for news carry ``ready_on`` until their step is due: they are
    previews, never "ready". The first offer that is ready is the recommended one.
    """
    if s.interview_ahead:
        return [], [Refusal(DraftKind.STATUS_REQUEST, Reason.INTERVIEW_AHEAD)]
    if not s.interviewed:
        return [], [Refusal(DraftKind.STATUS_REQUEST, Reason.NO_INTERVIEW)]
    offers, refusals = _thank_yous(s)
    if s.follow_ups_left == 0 or s.step == Step.MOVE_ON:
        refusals.append(Refusal(DraftKind.STATUS_REQUEST, Reason.LIMIT_REACHED))
        return offers, refusals
    if s.step not in (Step.FIRST, Step.FINAL):
        return offers, refusals
    when = ready_on(s)
    final = s.step == Step.FINAL
    if s.rapport == Rapport.UNEASY:
        kind = DraftKind.FINAL_FOLLOW_UP if final else DraftKind.STATUS_REQUEST
        offers.append(Offer(kind, Reason.STATUS_REQUEST_UNEASY, when))
        refusals.append(Refusal(DraftKind.WARM_CHECK_IN, Reason.UNEASY_NO_MORE))
        return offers, refusals
    managers = MANAGER_ROLES & s.roles
    recommendation = None
    if s.has_letter or s.has_influential_referrer:
        recommendation = Offer(DraftKind.RECOMMENDATION_ENCLOSURE, Reason.RECOMMENDATION_ENCLOSURE, when)
    manager_note = None
    if final and managers and s.unwritten_manager:
        needs = () if s.has_skills else ("skills_summary",)
        manager_note = Offer(DraftKind.HIRING_MANAGER_NOTE, Reason.HIRING_MANAGER_NOTE, when, needs=needs)
    elif final and managers:
        refusals.append(Refusal(DraftKind.HIRING_MANAGER_NOTE, Reason.MANAGER_ALREADY_WRITTEN))
    elif final:
        refusals.append(Refusal(DraftKind.HIRING_MANAGER_NOTE, Reason.NO_MANAGER_CONTACT))
    news = (
        Offer(DraftKind.FINAL_FOLLOW_UP, Reason.FINAL_FOLLOW_UP, when)
        if final
        else Offer(DraftKind.STATUS_REQUEST, Reason.STATUS_REQUEST, when)
    )
    ordered: list[Offer | None]
    if s.rapport == Rapport.WENT_WELL:
        warm = None if final else Offer(DraftKind.WARM_CHECK_IN, Reason.WARM_CHECK_IN, when)
        call = Offer(DraftKind.CALL_SCRIPT, Reason.CALL_SCRIPT, when)
        if final:
            ordered = [manager_note, warm, news, call, recommendation]
        else:
            ordered = [warm, call, recommendation, news]
    else:
        ordered = [manager_note, news, recommendation]
    offers.extend(offer for offer in ordered if offer)
    if s.has_network_contact:
        offers.append(Offer(DraftKind.RECOMMENDATION_REQUEST, Reason.RECOMMENDATION_REQUEST))
    return offers, refusals


def recommended(offers: Iterable[Offer]) -> Offer | None:
    """The first offer that is ready today: the one the page marks "Recommended"."""
    return next((offer for offer in offers if offer.ready), None)


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


def working_hours_change(now: dt.datetime, time_zone: str) -> dt.datetime:
    """The next moment ``working_hours`` answers differently: today's close while the
    window is open, else the next opening."""
    is_open, next_open = working_hours(now, time_zone)
    if is_open:
        local = now.astimezone(ZoneInfo(time_zone))
        return dt.datetime.combine(local.date(), WORKDAY_END, tzinfo=ZoneInfo(time_zone))
    return next_open
