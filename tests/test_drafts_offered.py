"""Which messages the playbook offers, best first, and which it refuses: the
rules as a table, then the same answers as a user meets them on the draft pages
(tests/helpers/drafts.py sets the scene: Tuesday 8 December 2026, the first
follow-up due since the day before).
"""

import datetime as dt

import pytest
from django.urls import reverse

from applications.choices import ContactRole, Rapport, Status, Step
from outreach.models import Draft
from plans.offers import COUNTS_AS_FOLLOW_UP, Situation, offered_drafts, recommended
from plans.words import Reason
from tests.factories import ApplicationFactory, FollowUpFactory
from tests.helpers.drafts import (
    COMPANY,
    HIRING_MANAGER,
    INTERVIEWER,
    NOW,
    RECRUITER,
    ROLE,
    SUPERVISOR,
    K,
    after_two_follow_ups,
    due_application,
    fresh,
    offered_kinds,
    open_draft,
    recruiter,
)
from tests.helpers.pages import text_of

# --- The rule, as a table (pure) --------------------------------------------------------------
# The dates: interview Monday 30 November 2026, answer promised by Thursday 3 December, so the
# first follow-up is due Friday 4 December; sent that day, the final one is due 7 business days
# later, Tuesday 15 December; sent then, it is time to move on from Friday 25 December... (the
# 24th: 7 business days after the 15th, Christmas Day being a holiday comes after).
INTERVIEW_DAY = dt.date(2026, 11, 30)
FIRST_DUE = dt.date(2026, 12, 4)
FINAL_DUE = dt.date(2026, 12, 15)
MOVE_ON_DUE = dt.date(2026, 12, 24)
NEWS = COUNTS_AS_FOLLOW_UP  # the messages that ask for news, and so wait for their day

BASE_SITUATION = dict(
    rapport=Rapport.NEUTRAL,
    step=Step.FIRST,
    follow_ups_left=2,
    interviewed=True,
    roles={ContactRole.RECRUITER},
    has_letter=False,
    has_influential_referrer=False,
    has_network_contact=False,
    interview_day=INTERVIEW_DAY,
    due_on=FIRST_DUE,
    today=FIRST_DUE,
    to_thank=(),
)
# Where the application stands on the date axis.
BEFORE_DUE = dict(today=dt.date(2026, 12, 1))  # the day after the interview: the answer is awaited
DUE_DAY = dict(today=FIRST_DUE)
BETWEEN = dict(
    step=Step.FINAL, follow_ups_left=1, follow_ups_made=1, due_on=FINAL_DUE, today=dt.date(2026, 12, 8)
)
FINAL = dict(step=Step.FINAL, follow_ups_left=1, follow_ups_made=1, due_on=FINAL_DUE, today=FINAL_DUE)
MOVE_ON = dict(step=Step.MOVE_ON, follow_ups_left=0, follow_ups_made=2, due_on=MOVE_ON_DUE, today=MOVE_ON_DUE)
AFTER_FINAL_BEFORE_MOVE_ON = dict(MOVE_ON, today=dt.date(2026, 12, 17))
EVERYTHING = dict(  # every extra a user could have: every role, a letter, an influential friend who agreed
    roles={RECRUITER, HIRING_MANAGER, SUPERVISOR, INTERVIEWER},
    has_letter=True,
    has_influential_referrer=True,
    has_network_contact=True,
)
NOT_THANKED = dict(to_thank=(None,))
WENT_WELL = dict(rapport=Rapport.WENT_WELL)
UNEASY = dict(rapport=Rapport.UNEASY, follow_ups_left=1)  # one follow-up allowed after an uneasy interview
UNEASY_SENT = dict(rapport=Rapport.UNEASY, step=Step.MOVE_ON, follow_ups_left=0, follow_ups_made=1)

R = Reason


def situation(*parts, **changes):
    fields = dict(BASE_SITUATION)
    for part in parts:
        fields.update(part)
    fields.update(changes)
    fields["roles"] = frozenset(fields["roles"])
    return Situation(**fields)


# (situation, offered kinds in order, {refused kind: reason})
CHOICE_TABLE = [
    # --- went well: warmer note and a call come before the plain status request ---
    pytest.param(
        situation(WENT_WELL),
        [K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {},
        id="went_well/first/due/recruiter",
    ),
    pytest.param(
        situation(WENT_WELL, BEFORE_DUE, NOT_THANKED),
        [K.THANK_YOU, K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {},
        id="went_well/first/before-due/not-thanked-yet",
    ),
    pytest.param(
        situation(WENT_WELL, has_letter=True),
        [K.WARM_CHECK_IN, K.CALL_SCRIPT, K.RECOMMENDATION_ENCLOSURE, K.STATUS_REQUEST],
        {},
        id="went_well/first/letter",
    ),
    pytest.param(
        situation(WENT_WELL, has_influential_referrer=True, has_network_contact=True),
        [
            K.WARM_CHECK_IN,
            K.CALL_SCRIPT,
            K.RECOMMENDATION_ENCLOSURE,
            K.STATUS_REQUEST,
            K.RECOMMENDATION_REQUEST,
        ],
        {},
        id="went_well/first/influential-referrer-agreed",
    ),
    pytest.param(
        situation(WENT_WELL, roles={RECRUITER, HIRING_MANAGER}),
        [K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {},
        id="went_well/first/hiring-manager-not-yet",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL, roles={RECRUITER, HIRING_MANAGER}),
        [K.HIRING_MANAGER_NOTE, K.FINAL_FOLLOW_UP, K.CALL_SCRIPT],
        {},
        id="went_well/final/hiring-manager",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL, roles={RECRUITER, HIRING_MANAGER}, unwritten_manager=False),
        [K.FINAL_FOLLOW_UP, K.CALL_SCRIPT],
        {K.HIRING_MANAGER_NOTE: R.MANAGER_ALREADY_WRITTEN},
        id="went_well/final/hiring-manager-already-written-to",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL),
        [K.FINAL_FOLLOW_UP, K.CALL_SCRIPT],
        {K.HIRING_MANAGER_NOTE: R.NO_MANAGER_CONTACT},
        id="went_well/final/recruiter-only",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL, EVERYTHING, NOT_THANKED),
        [
            K.HIRING_MANAGER_NOTE,
            K.FINAL_FOLLOW_UP,
            K.CALL_SCRIPT,
            K.RECOMMENDATION_ENCLOSURE,
            K.RECOMMENDATION_REQUEST,
        ],
        {K.THANK_YOU: R.THANK_YOU_AFTER_FOLLOW_UP},
        id="went_well/final/everything",
    ),
    pytest.param(
        situation(WENT_WELL, MOVE_ON, EVERYTHING),
        [],
        {K.STATUS_REQUEST: R.LIMIT_REACHED},
        id="went_well/move_on/everything",
    ),
    # --- neutral: the status request first, a recommendation as a second choice ---
    pytest.param(situation(), [K.STATUS_REQUEST], {}, id="neutral/first/due/recruiter"),
    pytest.param(
        situation(BEFORE_DUE, NOT_THANKED),
        [K.THANK_YOU, K.STATUS_REQUEST],
        {},
        id="neutral/first/before-due/not-thanked-yet",
    ),
    pytest.param(
        situation(NOT_THANKED, today=dt.date(2026, 12, 3)),
        [K.THANK_YOU, K.STATUS_REQUEST],
        {},
        id="neutral/first/third-business-day/thank-you-still-fits",
    ),
    pytest.param(
        situation(NOT_THANKED),
        [K.STATUS_REQUEST],
        {K.THANK_YOU: R.THANK_YOU_TOO_LATE},
        id="neutral/first/due/thank-you-too-late",
    ),
    pytest.param(
        situation(BEFORE_DUE, to_thank=(11, 12)),
        [K.THANK_YOU, K.THANK_YOU, K.STATUS_REQUEST],
        {},
        id="neutral/first/two-interviewers-two-thank-yous",
    ),
    pytest.param(situation(roles=set()), [K.STATUS_REQUEST], {}, id="neutral/first/no-work-contacts"),
    pytest.param(
        situation(has_letter=True),
        [K.STATUS_REQUEST, K.RECOMMENDATION_ENCLOSURE],
        {},
        id="neutral/first/letter",
    ),
    pytest.param(
        situation(has_influential_referrer=True, has_network_contact=True),
        [K.STATUS_REQUEST, K.RECOMMENDATION_ENCLOSURE, K.RECOMMENDATION_REQUEST],
        {},
        id="neutral/first/influential-referrer-agreed",
    ),
    pytest.param(
        situation(has_network_contact=True),
        [K.STATUS_REQUEST, K.RECOMMENDATION_REQUEST],
        {},
        id="neutral/first/referrer-not-agreed-so-ask-them",
    ),
    pytest.param(
        situation(FINAL, roles={RECRUITER, HIRING_MANAGER}),
        [K.HIRING_MANAGER_NOTE, K.FINAL_FOLLOW_UP],
        {},
        id="neutral/final/hiring-manager",
    ),
    pytest.param(
        situation(BETWEEN, roles={RECRUITER, HIRING_MANAGER}),
        [K.HIRING_MANAGER_NOTE, K.FINAL_FOLLOW_UP],
        {},
        id="neutral/between-first-and-final/previews-only",
    ),
    pytest.param(
        situation(FINAL),
        [K.FINAL_FOLLOW_UP],
        {K.HIRING_MANAGER_NOTE: R.NO_MANAGER_CONTACT},
        id="neutral/final/recruiter-only",
    ),
    pytest.param(
        situation(FINAL, roles={RECRUITER, INTERVIEWER}),
        [K.FINAL_FOLLOW_UP],
        {K.HIRING_MANAGER_NOTE: R.NO_MANAGER_CONTACT},
        id="neutral/final/interviewer-is-not-a-manager",
    ),
    pytest.param(
        situation(FINAL, EVERYTHING),
        [K.HIRING_MANAGER_NOTE, K.FINAL_FOLLOW_UP, K.RECOMMENDATION_ENCLOSURE, K.RECOMMENDATION_REQUEST],
        {},
        id="neutral/final/everything",
    ),
    pytest.param(situation(MOVE_ON), [], {K.STATUS_REQUEST: R.LIMIT_REACHED}, id="neutral/move_on"),
    pytest.param(
        situation(AFTER_FINAL_BEFORE_MOVE_ON, EVERYTHING),
        [],
        {K.STATUS_REQUEST: R.LIMIT_REACHED},
        id="neutral/after-final/before-move-on-day",
    ),
    # --- uneasy: a short thank-you, one polite request for news, nothing else ---
    pytest.param(
        situation(UNEASY),
        [K.STATUS_REQUEST],
        {K.WARM_CHECK_IN: R.UNEASY_NO_MORE},
        id="uneasy/first/due",
    ),
    pytest.param(
        situation(UNEASY, BEFORE_DUE, NOT_THANKED),
        [K.THANK_YOU, K.STATUS_REQUEST],
        {K.WARM_CHECK_IN: R.UNEASY_NO_MORE},
        id="uneasy/first/before-due/gracious-thank-you",
    ),
    pytest.param(
        situation(UNEASY, EVERYTHING),
        [K.STATUS_REQUEST],
        {K.WARM_CHECK_IN: R.UNEASY_NO_MORE},
        id="uneasy/first/everything",
    ),
    pytest.param(
        situation(UNEASY_SENT, EVERYTHING, due_on=FINAL_DUE, today=FINAL_DUE),
        [],
        {K.STATUS_REQUEST: R.LIMIT_REACHED},
        id="uneasy/after-its-one-follow-up",
    ),
    # --- no interview yet: nothing to follow up on ---
    pytest.param(
        situation(NOT_THANKED, interviewed=False),
        [],
        {K.STATUS_REQUEST: R.NO_INTERVIEW},
        id="not-interviewed/neutral",
    ),
    pytest.param(
        situation(WENT_WELL, EVERYTHING, interviewed=False, interview_ahead=True),
        [],
        {K.STATUS_REQUEST: R.INTERVIEW_AHEAD},
        id="interview-ahead/went_well/everything",
    ),
]


@pytest.mark.parametrize(("s", "offered", "refused"), CHOICE_TABLE)
def test_the_playbook_offers_the_right_messages_in_order(s, offered, refused):
    offers, refusals = offered_drafts(s)
    assert [offer.kind for offer in offers] == offered
    assert {refusal.kind: refusal.reason for refusal in refusals} == refused
    assert all(offer.why.strip() for offer in offers), "every offer says why"
    assert all(refusal.why.strip() for refusal in refusals), "every refusal says why"
    assert not {o.kind for o in offers} & {r.kind for r in refusals}, "a kind is both offered and refused"


# The whole product of states: each rule checked on every combination.
STATES = {
    "before-due": BEFORE_DUE,
    "due-day": DUE_DAY,
    "overdue": dict(today=dt.date(2026, 12, 9)),
    "between-first-and-final": BETWEEN,
    "final-due": FINAL,
    "after-final": AFTER_FINAL_BEFORE_MOVE_ON,
    "move-on": MOVE_ON,
}
EXTRAS = {
    "nobody": dict(roles=set()),
    "recruiter": dict(roles={RECRUITER}),
    "managers": dict(roles={RECRUITER, HIRING_MANAGER}),
    "everything": EVERYTHING,
    "referrer-not-agreed": dict(has_network_contact=True, has_influential_referrer=False),
}
ALL_SITUATIONS = [
    pytest.param(
        situation(STATES[state], EXTRAS[extra], rapport=rapport, **thanks),
        id=f"{rapport}/{state}/{extra}/{t}",
    )
    for rapport in Rapport.values
    for state in STATES
    for extra in EXTRAS
    for t, thanks in {"thanked": {}, "not-thanked": NOT_THANKED}.items()
    if not (rapport == Rapport.UNEASY and STATES[state].get("step") == Step.FINAL)  # one follow-up only
]


@pytest.mark.parametrize("s", ALL_SITUATIONS)
def test_no_message_asking_for_news_is_ready_before_its_day(s):
    offers, _ = offered_drafts(s)
    for offer in offers:
        if offer.kind in NEWS:
            assert offer.ready_on == (s.due_on if s.today < s.due_on else None), offer
        else:
            assert offer.ready, offer
    best = recommended(offers)
    assert best is None or best.ready
    if s.today < s.due_on:
        assert best is None or best.kind not in NEWS


@pytest.mark.parametrize("s", ALL_SITUATIONS)
def test_the_rules_hold_in_every_state(s):
    offers, refusals = offered_drafts(s)
    kinds = [offer.kind for offer in offers]
    news = [kind for kind in kinds if kind in NEWS]
    if s.step == Step.MOVE_ON or s.follow_ups_left == 0:
        assert not news, "nothing that asks for news once the limit is reached"
        assert any(r.reason == R.LIMIT_REACHED and r.time_to_close for r in refusals)
    if s.step == Step.FINAL:
        assert K.STATUS_REQUEST not in kinds and K.WARM_CHECK_IN not in kinds
        assert K.FINAL_FOLLOW_UP in kinds, "the final follow-up is its own message"
    else:
        assert K.FINAL_FOLLOW_UP not in kinds and K.HIRING_MANAGER_NOTE not in kinds
    if s.rapport == Rapport.UNEASY:
        assert len(news) <= 1 and not {K.WARM_CHECK_IN, K.CALL_SCRIPT} & set(kinds)
    if K.THANK_YOU in kinds:
        assert s.follow_ups_made == 0 and s.today <= dt.date(2026, 12, 3)
    if K.RECOMMENDATION_ENCLOSURE in kinds:
        assert s.has_letter or s.has_influential_referrer
    if K.HIRING_MANAGER_NOTE in kinds:
        assert {HIRING_MANAGER, SUPERVISOR} & s.roles and s.unwritten_manager


def test_the_messages_that_do_not_count_say_so():
    offers, _ = offered_drafts(situation(BEFORE_DUE, NOT_THANKED, has_network_contact=True))
    why = {offer.kind: offer.why for offer in offers}
    assert "does not count as a follow-up" in why[K.THANK_YOU]
    assert "does not count as a follow-up" in why[K.RECOMMENDATION_REQUEST]
    assert {K.THANK_YOU, K.RECOMMENDATION_REQUEST}.isdisjoint(COUNTS_AS_FOLLOW_UP)


def test_the_hiring_manager_note_asks_for_a_skills_summary_when_the_profile_has_none():
    offers, _ = offered_drafts(situation(FINAL, roles={HIRING_MANAGER}, has_skills=False))
    note = next(offer for offer in offers if offer.kind == K.HIRING_MANAGER_NOTE)
    assert note.needs == ("skills_summary",)
    offers, _ = offered_drafts(situation(FINAL, roles={HIRING_MANAGER}))
    assert next(offer for offer in offers if offer.kind == K.HIRING_MANAGER_NOTE).needs == ()


# --- Through the views: what opens, what is refused and why -----------------------------------


def no_interview(owner):
    return ApplicationFactory(owner=owner, company=COMPANY, role=ROLE)


def uneasy(owner):
    return due_application(owner, rapport=Rapport.UNEASY)


def final_step_without_a_manager(owner):
    application = due_application(owner)
    FollowUpFactory(application=application, happened_at=NOW - dt.timedelta(days=1))
    application.refresh_plan()
    return application


def interview_next_week(owner):
    return due_application(owner, starts_at=NOW + dt.timedelta(days=7), promised_on=dt.date(2026, 12, 22))


def moved_on(owner):
    application = due_application(owner)
    application.status = Status.MOVED_ON
    application.save()
    application.refresh_plan()
    return application


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "kind", "reason"),
    [
        pytest.param(no_interview, K.STATUS_REQUEST, "Log the interview first", id="no-interview"),
        pytest.param(interview_next_week, K.STATUS_REQUEST, "still to come", id="interview-not-yet-happened"),
        pytest.param(uneasy, K.WARM_CHECK_IN, "uneasy", id="uneasy-no-warm-note"),
        pytest.param(uneasy, K.CALL_SCRIPT, "doesn't fit", id="uneasy-no-call"),
        pytest.param(after_two_follow_ups, K.STATUS_REQUEST, "move on", id="two-sent-move-on"),
        pytest.param(after_two_follow_ups, K.CALL_SCRIPT, "doesn't fit", id="two-sent-no-call"),
        pytest.param(
            final_step_without_a_manager, K.HIRING_MANAGER_NOTE, "hiring manager", id="no-hiring-manager"
        ),
        pytest.param(due_application, K.RECOMMENDATION_REQUEST, "doesn't fit", id="no-network-contact"),
        pytest.param(moved_on, K.STATUS_REQUEST, "closed", id="closed-application"),
    ],
)
def test_opening_a_refused_kind_answers_409_with_the_reason(
    alice_client, alice, tuesday_morning, make, kind, reason
):
    application = make(alice)
    recruiter(alice)
    response = alice_client.post(reverse("draft_open", args=[application.pk, kind]))
    assert response.status_code == 409
    assert reason.lower() in text_of(response).lower()
    assert not Draft.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["nonsense", "status-request", "STATUS_REQUEST", "move_on", "first"])
def test_an_unknown_kind_answers_404(alice_client, alice, tuesday_morning, kind):
    application = due_application(alice)
    response = alice_client.post(reverse("draft_open", args=[application.pk, kind]))
    assert response.status_code == 404
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_opening_a_draft_twice_gives_the_same_unsent_draft(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    recruiter(alice)
    assert open_draft(alice_client, application, K.STATUS_REQUEST) == open_draft(
        alice_client, application, K.STATUS_REQUEST
    )
    assert Draft.objects.count() == 1
    assert alice_client.get(reverse("draft_open", args=[application.pk, K.STATUS_REQUEST])).status_code == 405


@pytest.mark.django_db
def test_once_the_follow_up_is_due_it_is_recommended_and_the_thank_you_is_no_longer_offered(
    alice_client, alice, tuesday_morning
):
    """The reminder says "Today is the day to follow up ... Your draft is ready" and links
    to the draft list. What it recommends first must then be the follow-up itself, not a
    thank-you note for an interview eight days ago: a thank-you fits the first three
    business days after an interview."""
    # Interviewed yesterday, answer promised by Friday 11 December: the thank-you is timely.
    timely = due_application(
        alice,
        company="Contoso Health",
        starts_at=NOW - dt.timedelta(days=1),
        promised_on=dt.date(2026, 12, 11),
    )
    late = due_application(alice)
    recruiter(alice)
    assert offered_kinds(alice_client, timely)[0] == K.THANK_YOU
    assert fresh(late).next_due_on == dt.date(2026, 12, 7)
    offered = offered_kinds(alice_client, late)
    assert offered[0] == K.STATUS_REQUEST, f"the recommended draft is {offered[0]}"
    assert K.THANK_YOU not in offered
