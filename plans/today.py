"""What Today offers for one application: the one thing to do now (and its button),
what the user is waiting for and until when, and where the application stands on
the playbook's five stages. Pure: every answer is computed from the values given."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .choices import DraftKind, Step
from .offers import COUNTS_AS_FOLLOW_UP, Offer, recommended
from .rules import follow_ups_allowed
from .words import day_short


class Act(StrEnum):
    """The kind of thing due today; each has one primary button."""

    THANK_YOU = "thank_you"
    FOLLOW_UP = "follow_up"
    CLOSE = "close"


BUTTON = {
    Act.THANK_YOU: "Send the thank-you",
    Act.FOLLOW_UP: "Write the follow-up",
    Act.CLOSE: "Close it gracefully",
}


@dataclass(frozen=True)
class Action:
    """The one primary action for a due application. ``offer`` is the recommended
    draft to open (None for closing, which has its own page)."""

    act: Act
    offer: Offer | None = None

    @property
    def button(self) -> str:
        return BUTTON[self.act]


def action_for(
    *, step: str, due_on: dt.date | None, today: dt.date, offers: Iterable[Offer]
) -> Action | None:
    """The one thing to do today, or None when nothing is due.

    A thank-you comes first while it still fits (it is offered as ready only then);
    a follow-up only on or after its day, never early; closing once the playbook says
    it is time to move on.
    """
    ready = [offer for offer in offers if offer.ready]
    thanks = [offer for offer in ready if offer.kind == DraftKind.THANK_YOU]
    if thanks:
        return Action(Act.THANK_YOU, thanks[0])
    if due_on is None or due_on > today:
        return None
    if step == Step.MOVE_ON:
        return Action(Act.CLOSE)
    if step in (Step.FIRST, Step.FINAL):
        best = recommended(offer for offer in ready if offer.kind in COUNTS_AS_FOLLOW_UP)
        if best is not None:
            return Action(Act.FOLLOW_UP, best)
    return None


# --- What is awaited, and by when -------------------------------------------------------
class Awaited(StrEnum):
    INTERVIEW = "interview"  # the interview itself is still ahead
    ANSWER = "answer"  # the company's promised answer
    FOLLOW_UP_DAY = "follow_up_day"  # no date given (or it passed): the day to follow up
    CLOSE_DAY = "close_day"  # the last follow-up went out; waiting before closing
    APPLICATION = "application"  # applied, no interview yet


def awaited(
    *,
    step: str,
    due_on: dt.date | None,
    today: dt.date,
    interview_day: dt.date | None,
    interview_ahead: bool,
    promised_on: dt.date | None,
) -> tuple[Awaited, dt.date | None]:
    """What the user is waiting for, and the day it should come by (None when unknown)."""
    if interview_day is None:
        return Awaited.APPLICATION, None
    if interview_ahead:
        return Awaited.INTERVIEW, interview_day
    if step == Step.MOVE_ON:
        return Awaited.CLOSE_DAY, due_on
    if step == Step.FIRST and promised_on is not None and promised_on >= today:
        return Awaited.ANSWER, promised_on
    return Awaited.FOLLOW_UP_DAY, due_on


def awaited_words(what: Awaited, by: dt.date | None) -> str:
    if what == Awaited.APPLICATION:
        return "A reply to your application"
    if by is None:
        return "Word from the company"
    when = day_short(by)
    return {
        Awaited.INTERVIEW: f"Your interview on {when}",
        Awaited.ANSWER: f"Their answer, promised by {when}",
        Awaited.FOLLOW_UP_DAY: f"Word from them; if none, you follow up on {when}",
        Awaited.CLOSE_DAY: f"A last chance for a reply; if none, close it on {when}",
    }[what]


# --- The progress strip -----------------------------------------------------------------
class Stage(StrEnum):
    INTERVIEW = "interview"
    THANK_YOU = "thank-you"
    FOLLOW_UP = "follow-up"
    FINAL = "final"
    CLOSED = "closed"


class State(StrEnum):
    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"
    WAITING = "waiting"
    SKIPPED = "skipped"  # passed without it (a thank-you too late), or not part of this plan


STAGE_NAMES = {
    Stage.INTERVIEW: "Interview",
    Stage.THANK_YOU: "Thank-you",
    Stage.FOLLOW_UP: "Follow-up",
    Stage.FINAL: "Final follow-up",
    Stage.CLOSED: "Closed",
}
STATE_NAMES = {
    State.DONE: "done",
    State.DUE: "due today",
    State.OVERDUE: "overdue",
    State.WAITING: "not yet",
    State.SKIPPED: "skipped",
}


@dataclass(frozen=True)
class StageState:
    stage: Stage
    state: State

    @property
    def name(self) -> str:
        return STAGE_NAMES[self.stage]

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]


def _timed(due_on: dt.date | None, today: dt.date) -> State:
    if due_on is None or due_on > today:
        return State.WAITING
    return State.DUE if due_on == today else State.OVERDUE


def progress(
    *,
    interviewed: bool,
    thank_you_sent: bool,
    thank_you_offered: bool,
    follow_ups_made: int,
    rapport: str,
    step: str,
    due_on: dt.date | None,
    today: dt.date,
    closed: bool,
) -> list[StageState]:
    """Where the application stands on the five stages, each with a state in words.

    ``follow_ups_made`` counts the follow-ups since the latest interview; an uneasy
    interview allows one, so its final follow-up is skipped.
    """
    allowed = follow_ups_allowed(rapport)
    stages: dict[Stage, State] = {}
    stages[Stage.INTERVIEW] = State.DONE if interviewed else State.WAITING
    if thank_you_sent:
        stages[Stage.THANK_YOU] = State.DONE
    elif thank_you_offered:
        stages[Stage.THANK_YOU] = State.DUE
    elif interviewed:
        stages[Stage.THANK_YOU] = State.SKIPPED
    else:
        stages[Stage.THANK_YOU] = State.WAITING
    for stage, number, own_step in ((Stage.FOLLOW_UP, 1, Step.FIRST), (Stage.FINAL, 2, Step.FINAL)):
        if follow_ups_made >= number:
            stages[stage] = State.DONE
        elif number > allowed:
            stages[stage] = State.SKIPPED
        elif not closed and step == own_step:
            stages[stage] = _timed(due_on, today)
        else:
            stages[stage] = State.WAITING
    if closed:
        # What did not happen before the application closed never will.
        stages = {
            stage: State.SKIPPED if state == State.WAITING else state for stage, state in stages.items()
        }
        stages[Stage.CLOSED] = State.DONE
    elif step == Step.MOVE_ON:
        stages[Stage.CLOSED] = _timed(due_on, today)
    else:
        stages[Stage.CLOSED] = State.WAITING
    return [StageState(stage, state) for stage, state in stages.items()]


def is_overdue(strip: Iterable[StageState]) -> bool:
    return any(step.state == State.OVERDUE for step in strip)
