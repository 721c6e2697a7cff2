"""Which messages the playbook offers, best first, and which it refuses: the
rules as a table, then the same answers as a user meets them on the draft pages
(tests/helpers/drafts.py sets the scene: Tuesday 8 December 2026, the first
follow-up due since the day before).
"""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from applications.choices import ContactRole, Rapport, Status, Step
from outreach.models import Draft
from plans.offers import COUNTS_AS_FOLLOW_UP, Situation, offered_drafts
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

BASE_SITUATION = dict(
    rapport=Rapport.NEUTRAL,
    step=Step.FIRST,
    follow_ups_left=2,
    interviewed=True,
    thanked=True,
    roles={ContactRole.RECRUITER},
    has_letter=False,
    has_influential_referrer=False,
    has_network_contact=False,
)
EVERYTHING = (
    dict(  # every extra a user could have: not thanked yet, every role, a letter, an influential friend
        thanked=False,
        roles={RECRUITER, HIRING_MANAGER, SUPERVISOR, INTERVIEWER},
        has_letter=True,
        has_influential_referrer=True,
        has_network_contact=True,
    )
)
FINAL = dict(step=Step.FINAL, follow_ups_left=1)
MOVE_ON = dict(step=Step.MOVE_ON, follow_ups_left=0)
WENT_WELL = dict(rapport=Rapport.WENT_WELL)
UNEASY = dict(rapport=Rapport.UNEASY, follow_ups_left=1)  # one follow-up allowed after an uneasy interview

REASON_MOVE_ON = "move on"
REASON_UNEASY = "uneasy"
REASON_NOT_INTERVIEWED = "Log the interview first"
REASON_NO_MANAGER = "hiring manager"


def situation(*parts, **changes):
    fields = dict(BASE_SITUATION)
    for part in parts:
        fields.update(part)
    fields.update(changes)
    fields["roles"] = frozenset(fields["roles"])
    return Situation(**fields)


# (situation, offered kinds in order, {refused kind: what its reason must mention})
CHOICE_TABLE = [
    # --- went well: warmer note and a call come before the plain status request ---
    pytest.param(
        situation(WENT_WELL),
        [K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {},
        id="went_well/first/2-left/recruiter",
    ),
    pytest.param(
        situation(WENT_WELL, thanked=False),
        [K.THANK_YOU, K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {},
        id="went_well/first/not-thanked-yet",
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
        id="went_well/first/influential-referrer",
    ),
    pytest.param(
        situation(WENT_WELL, roles={RECRUITER, HIRING_MANAGER}),
        [K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {},
        id="went_well/first/hiring-manager-not-yet",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL, roles={RECRUITER, HIRING_MANAGER}),
        [K.HIRING_MANAGER_NOTE, K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {},
        id="went_well/final/1-left/hiring-manager",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL, roles={SUPERVISOR}),
        [K.HIRING_MANAGER_NOTE, K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {},
        id="went_well/final/future-supervisor-only",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL),
        [K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {K.HIRING_MANAGER_NOTE: REASON_NO_MANAGER},
        id="went_well/final/recruiter-only",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL, roles=set()),
        [K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {K.HIRING_MANAGER_NOTE: REASON_NO_MANAGER},
        id="went_well/final/no-work-contacts",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL, EVERYTHING),
        [
            K.THANK_YOU,
            K.HIRING_MANAGER_NOTE,
            K.WARM_CHECK_IN,
            K.CALL_SCRIPT,
            K.RECOMMENDATION_ENCLOSURE,
            K.STATUS_REQUEST,
            K.RECOMMENDATION_REQUEST,
        ],
        {},
        id="went_well/final/everything",
    ),
    pytest.param(
        situation(WENT_WELL, MOVE_ON, EVERYTHING),
        [],
        {K.STATUS_REQUEST: REASON_MOVE_ON},
        id="went_well/move_on/0-left/everything",
    ),
    # --- neutral: the status request first, a recommendation as a second choice ---
    pytest.param(situation(), [K.STATUS_REQUEST], {}, id="neutral/first/2-left/recruiter"),
    pytest.param(
        situation(thanked=False), [K.THANK_YOU, K.STATUS_REQUEST], {}, id="neutral/first/not-thanked-yet"
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
        id="neutral/first/influential-referrer",
    ),
    pytest.param(
        situation(has_network_contact=True),
        [K.STATUS_REQUEST, K.RECOMMENDATION_REQUEST],
        {},
        id="neutral/first/network-contact-of-little-influence",
    ),
    pytest.param(
        situation(FINAL, roles={RECRUITER, HIRING_MANAGER}),
        [K.HIRING_MANAGER_NOTE, K.STATUS_REQUEST],
        {},
        id="neutral/final/1-left/hiring-manager",
    ),
    pytest.param(
        situation(FINAL),
        [K.STATUS_REQUEST],
        {K.HIRING_MANAGER_NOTE: REASON_NO_MANAGER},
        id="neutral/final/recruiter-only",
    ),
    pytest.param(
        situation(FINAL, roles={RECRUITER, INTERVIEWER}),
        [K.STATUS_REQUEST],
        {K.HIRING_MANAGER_NOTE: REASON_NO_MANAGER},
        id="neutral/final/interviewer-is-not-a-manager",
    ),
    pytest.param(
        situation(FINAL, EVERYTHING),
        [
            K.THANK_YOU,
            K.HIRING_MANAGER_NOTE,
            K.STATUS_REQUEST,
            K.RECOMMENDATION_ENCLOSURE,
            K.RECOMMENDATION_REQUEST,
        ],
        {},
        id="neutral/final/everything",
    ),
    pytest.param(situation(MOVE_ON), [], {K.STATUS_REQUEST: REASON_MOVE_ON}, id="neutral/move_on/0-left"),
    pytest.param(
        situation(MOVE_ON, EVERYTHING),
        [],
        {K.STATUS_REQUEST: REASON_MOVE_ON},
        id="neutral/move_on/0-left/everything",
    ),
    # --- uneasy: one polite request for news, nothing else ---
    pytest.param(
        situation(UNEASY),
        [K.STATUS_REQUEST],
        {K.WARM_CHECK_IN: REASON_UNEASY},
        id="uneasy/first/1-left/recruiter",
    ),
    pytest.param(
        situation(UNEASY, EVERYTHING),
        [K.STATUS_REQUEST],
        {K.WARM_CHECK_IN: REASON_UNEASY},
        id="uneasy/first/1-left/everything",
    ),
    pytest.param(
        situation(UNEASY, roles=set()),
        [K.STATUS_REQUEST],
        {K.WARM_CHECK_IN: REASON_UNEASY},
        id="uneasy/first/no-work-contacts",
    ),
    pytest.param(
        situation(UNEASY, MOVE_ON, EVERYTHING),
        [],
        {K.STATUS_REQUEST: REASON_MOVE_ON},
        id="uneasy/move_on/0-left/everything",
    ),
    # --- no interview yet: nothing to follow up on ---
    pytest.param(
        situation(interviewed=False, thanked=False),
        [],
        {K.STATUS_REQUEST: REASON_NOT_INTERVIEWED},
        id="not-interviewed/neutral",
    ),
    pytest.param(
        situation(WENT_WELL, EVERYTHING, interviewed=False),
        [],
        {K.STATUS_REQUEST: REASON_NOT_INTERVIEWED},
        id="not-interviewed/went_well/everything",
    ),
    pytest.param(
        situation(UNEASY, interviewed=False),
        [],
        {K.STATUS_REQUEST: REASON_NOT_INTERVIEWED},
        id="not-interviewed/uneasy",
    ),
]


@pytest.mark.parametrize(("s", "offered", "refused"), CHOICE_TABLE)
def test_the_playbook_offers_the_right_messages_in_order(s, offered, refused):
    offers, refusals = offered_drafts(s)
    assert [offer.kind for offer in offers] == offered
    assert {refusal.kind: refusal.why for refusal in refusals}.keys() == refused.keys()
    for refusal in refusals:
        assert refused[refusal.kind].lower() in refusal.why.lower(), refusal.why
    assert all(offer.why.strip() for offer in offers), "every offer says why"
    assert not {o.kind for o in offers} & {r.kind for r in refusals}, "a kind is both offered and refused"


@pytest.mark.parametrize(
    ("step", "thanked", "roles", "has_letter", "has_influential_referrer", "has_network_contact"),
    list(
        itertools.product(
            [Step.FIRST, Step.FINAL],
            [True, False],
            [
                frozenset(),
                frozenset({RECRUITER}),
                frozenset({RECRUITER, HIRING_MANAGER, SUPERVISOR, INTERVIEWER}),
            ],
            [True, False],
            [True, False],
            [True, False],
        )
    ),
)
def test_after_an_uneasy_interview_only_the_status_request_is_offered(
    step, thanked, roles, has_letter, has_influential_referrer, has_network_contact
):
    s = Situation(
        rapport=Rapport.UNEASY,
        step=step,
        follow_ups_left=1,
        interviewed=True,
        thanked=thanked,
        roles=roles,
        has_letter=has_letter,
        has_influential_referrer=has_influential_referrer,
        has_network_contact=has_network_contact,
    )
    offers, refusals = offered_drafts(s)
    assert [offer.kind for offer in offers] == [K.STATUS_REQUEST]
    assert "then move on" in offers[0].why


def test_the_messages_that_do_not_count_say_so():
    offers, _ = offered_drafts(situation(thanked=False, has_network_contact=True))
    why = {offer.kind: offer.why for offer in offers}
    assert "does not count as a follow-up" in why[K.THANK_YOU]
    assert "does not count as a follow-up" in why[K.RECOMMENDATION_REQUEST]
    assert {K.THANK_YOU, K.RECOMMENDATION_REQUEST}.isdisjoint(COUNTS_AS_FOLLOW_UP)


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
        pytest.param(moved_on, K.STATUS_REQUEST, "doesn't fit", id="closed-application"),
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
    thank-you note written "the day after an interview" that was eight days ago."""
    # Answer promised by Friday 11 December: the thank-you is still timely on the 8th.
    timely = due_application(alice, company="Contoso Health", promised_on=dt.date(2026, 12, 11))
    late = due_application(alice)
    recruiter(alice)
    assert offered_kinds(alice_client, timely)[0] == K.THANK_YOU
    assert fresh(late).next_due_on == dt.date(2026, 12, 7)
    offered = offered_kinds(alice_client, late)
    assert offered[0] == K.STATUS_REQUEST, f"the recommended draft is {offered[0]}"
    assert K.THANK_YOU not in offered
