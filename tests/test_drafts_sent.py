"""Marking a draft sent, or logging a call instead: each follow-up moves the plan,
a third is refused, the messages that do not count use up nothing, wording that
may come across badly must be confirmed first, and the move-on page closes the
application. (tests/helpers/drafts.py sets the scene: Tuesday 8 December 2026,
the first follow-up due since the day before.)
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from applications.choices import CallOutcome, FollowUpChannel, Rapport, Status, Step
from applications.models import FollowUp
from outreach.models import Draft
from plans.today import Act
from plans.words import Reason
from tests.factories import FollowUpFactory
from tests.helpers.drafts import (
    NOW,
    K,
    after_two_follow_ups,
    due_application,
    fresh,
    mark_sent,
    network_friend,
    open_draft,
    recruiter,
)
from tests.helpers.pages import text_of


@pytest.mark.django_db
def test_two_follow_ups_walk_the_plan_to_move_on_and_a_third_is_refused(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    priya = recruiter(alice)
    assert application.next_step == Step.FIRST

    first = open_draft(alice_client, application, K.STATUS_REQUEST)
    assert first.contact == priya
    response = mark_sent(alice_client, first)
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    follow_up = FollowUp.objects.get(application=application)
    assert (follow_up.channel, follow_up.contact) == (FollowUpChannel.EMAIL, priya)
    first.refresh_from_db()
    assert first.sent_at == NOW and first.follow_up == follow_up
    application = fresh(application)
    assert (application.next_step, application.status, application.follow_ups_left) == (
        Step.FINAL,
        Status.FOLLOWED_UP,
        1,
    )
    assert "Final follow-up" in text_of(alice_client.get(application.get_absolute_url()))

    # The final follow-up is its own message, and it waits for its own day: seven business
    # days after the first, Thursday 17 December. Until then it is a preview.
    second = open_draft(alice_client, application, K.FINAL_FOLLOW_UP)
    assert second.pk != first.pk, "a sent draft is never reused"
    early = mark_sent(alice_client, second)
    assert early.status_code == 409
    assert "Thu, Dec 17" in text_of(early)
    assert FollowUp.objects.filter(application=application).count() == 1
    tuesday_morning.move_to(dt.datetime(2026, 12, 17, 15, 0, tzinfo=dt.UTC))
    alice_client.force_login(alice)
    assert mark_sent(alice_client, second).status_code == 302
    application = fresh(application)
    assert (application.next_step, application.follow_ups_left) == (Step.MOVE_ON, 0)
    assert FollowUp.objects.filter(application=application).count() == 2
    assert "Time to move on" in text_of(alice_client.get(application.get_absolute_url()))

    response = alice_client.post(reverse("draft_open", args=[application.pk, K.STATUS_REQUEST]))
    assert response.status_code == 409
    assert "move on" in text_of(response)
    assert FollowUp.objects.filter(application=application).count() == 2
    assert not Draft.objects.filter(application=application, sent_at__isnull=True).exists()
    listing = alice_client.get(reverse("draft_list", args=[application.pk]))
    assert listing.context["offers"] == []
    assert "Status request: not offered." in text_of(listing)
    assert reverse("application_move_on", args=[application.pk]) in listing.content.decode()


@pytest.mark.django_db
def test_a_third_follow_up_opened_earlier_cannot_be_marked_sent(alice_client, alice, tuesday_morning):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    recruiter(alice, work_phone="+1 901 555 0134")
    network_friend(alice)  # someone to mention in the recommendation enclosure
    drafts = [
        open_draft(alice_client, application, kind)
        for kind in (K.WARM_CHECK_IN, K.STATUS_REQUEST, K.RECOMMENDATION_ENCLOSURE)
    ]
    assert FollowUp.objects.count() == 0
    assert mark_sent(alice_client, drafts[0]).status_code == 302
    # Not two follow-ups on one day: the second waits for its own day, Thursday 17 December.
    assert mark_sent(alice_client, drafts[1]).status_code == 409
    tuesday_morning.move_to(dt.datetime(2026, 12, 17, 15, 0, tzinfo=dt.UTC))
    alice_client.force_login(alice)
    assert mark_sent(alice_client, drafts[1]).status_code == 302

    response = mark_sent(alice_client, drafts[2])
    assert response.status_code == 409
    assert "move on" in text_of(response)
    assert reverse("application_move_on", args=[application.pk]) in response.content.decode()
    assert FollowUp.objects.filter(application=application).count() == 2
    drafts[2].refresh_from_db()
    assert drafts[2].sent_at is None and drafts[2].follow_up is None


@pytest.mark.django_db
def test_a_third_call_is_refused_too(alice_client, alice, tuesday_morning):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    recruiter(alice, work_phone="+1 901 555 0134")
    call = open_draft(alice_client, application, K.CALL_SCRIPT)
    FollowUpFactory.create_batch(2, application=application, happened_at=NOW - dt.timedelta(hours=1))
    application.refresh_plan()
    response = alice_client.post(reverse("draft_call", args=[call.pk]), {"outcome": CallOutcome.REACHED})
    assert response.status_code == 409
    assert "move on" in text_of(response)
    assert FollowUp.objects.filter(application=application).count() == 2


@pytest.mark.django_db
def test_after_an_uneasy_interview_one_follow_up_is_all(alice_client, alice, tuesday_morning):
    application = due_application(alice, rapport=Rapport.UNEASY)
    recruiter(alice)
    listing = alice_client.get(reverse("draft_list", args=[application.pk]))
    assert [offer.kind for offer, *_ in listing.context["offers"]] == [K.STATUS_REQUEST]
    assert alice_client.post(reverse("draft_open", args=[application.pk, K.WARM_CHECK_IN])).status_code == 409
    assert mark_sent(alice_client, open_draft(alice_client, application, K.STATUS_REQUEST)).status_code == 302
    assert fresh(application).next_step == Step.MOVE_ON
    response = alice_client.post(reverse("draft_open", args=[application.pk, K.STATUS_REQUEST]))
    assert response.status_code == 409 and "move on" in text_of(response)
    assert FollowUp.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("outcome", CallOutcome.values)
def test_logging_a_call_counts_as_a_follow_up(alice_client, alice, tuesday_morning, outcome):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    priya = recruiter(alice, work_phone="+1 901 555 0134")
    call = open_draft(alice_client, application, K.CALL_SCRIPT)
    assert call.contact == priya
    response = alice_client.post(reverse("draft_call", args=[call.pk]), {"outcome": outcome})
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    follow_up = FollowUp.objects.get(application=application)
    assert (follow_up.channel, follow_up.call_outcome, follow_up.contact) == (
        FollowUpChannel.CALL,
        outcome,
        priya,
    )
    call.refresh_from_db()
    assert call.sent_at == NOW and call.follow_up == follow_up
    assert (fresh(application).next_step, fresh(application).follow_ups_left) == (Step.FINAL, 1)


@pytest.mark.django_db
def test_a_call_with_no_outcome_is_a_400_not_a_follow_up(alice_client, alice, tuesday_morning):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    recruiter(alice, work_phone="+1 901 555 0134")
    call = open_draft(alice_client, application, K.CALL_SCRIPT)
    for data in ({}, {"outcome": "shouted"}):
        assert alice_client.post(reverse("draft_call", args=[call.pk]), data).status_code == 400
    assert FollowUp.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [K.THANK_YOU, K.RECOMMENDATION_REQUEST])
def test_thank_you_and_recommendation_request_do_not_count(alice_client, alice, tuesday_morning, kind):
    # Interviewed yesterday, answer promised by Friday 11 December: the thank-you is timely.
    application = due_application(
        alice, starts_at=NOW - dt.timedelta(days=1), promised_on=dt.date(2026, 12, 11)
    )
    recruiter(alice)
    friend = network_friend(alice)
    draft = open_draft(alice_client, application, kind)
    if kind == K.RECOMMENDATION_REQUEST:
        assert draft.contact == friend
    assert mark_sent(alice_client, draft).status_code == 302
    draft.refresh_from_db()
    assert draft.sent_at == NOW and draft.follow_up is None
    assert FollowUp.objects.count() == 0
    application = fresh(application)
    assert (application.next_step, application.follow_ups_left) == (Step.FIRST, 2)
    offered = [
        offer.kind
        for offer, *_ in alice_client.get(reverse("draft_list", args=[application.pk])).context["offers"]
    ]
    assert K.STATUS_REQUEST in offered
    if kind == K.THANK_YOU:
        assert K.THANK_YOU not in offered, "thanked once is enough"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [K.THANK_YOU, K.RECOMMENDATION_REQUEST])
def test_logging_a_call_from_a_message_that_does_not_count_is_not_a_follow_up(
    alice_client, alice, tuesday_morning, kind
):
    """The "Called instead?" form is on every draft page. Phoning to say thank you,
    or phoning a friend for a recommendation, is not a follow-up with the company,
    and must not use up (or exceed) the two follow-ups."""
    application = due_application(
        alice, starts_at=NOW - dt.timedelta(days=1), promised_on=dt.date(2026, 12, 11)
    )
    recruiter(alice)
    network_friend(alice)
    draft = open_draft(alice_client, application, kind)
    # Both follow-ups already used: a call logged now must not become a third.
    FollowUpFactory.create_batch(2, application=application, happened_at=NOW - dt.timedelta(hours=1))
    application.refresh_plan()
    response = alice_client.post(reverse("draft_call", args=[draft.pk]), {"outcome": CallOutcome.REACHED})
    # The call is logged (it is not refused as a third follow-up), and it counts for nothing.
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert FollowUp.objects.filter(application=application).count() == 2, (
        f"logging a call from a {kind} draft recorded a follow-up (a third one here)"
    )
    draft.refresh_from_db()
    assert draft.sent_at == NOW and draft.follow_up is None


# --- Wording notes: shown on the page, confirmed before marking sent --------------------------


BAD_PHRASES = [
    pytest.param(
        "Honestly I never heard back from anyone.", "never heard back", id="blaming-never-heard-back"
    ),
    pytest.param("I feel my application was buried.", "buried", id="blaming-buried"),
    pytest.param("Please reply ASAP.", "ASAP", id="demanding-asap"),
    pytest.param("I really need this job.", "I really need this job", id="desperate"),
    pytest.param("I deserve this position.", "I deserve", id="entitled"),
    pytest.param("This delay is unprofessional.", "unprofessional", id="angry"),
    pytest.param("Kindly CALL ME BACK.", "CALL ME BACK", id="shouting"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("phrase", "flagged"), BAD_PHRASES)
def test_bad_wording_is_flagged_and_must_be_confirmed_before_marking_sent(
    alice_client, alice, tuesday_morning, phrase, flagged
):
    application = due_application(alice)
    priya = recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    assert "Wording notes" not in text_of(alice_client.get(draft.get_absolute_url()))
    body = draft.body.replace("I hope your week is going well.", phrase)
    assert phrase in body
    assert (
        alice_client.post(
            draft.get_absolute_url(), {"contact": priya.pk, "subject": draft.subject, "body": body}
        ).status_code
        == 302
    )

    page = text_of(alice_client.get(draft.get_absolute_url()))
    assert "Wording notes" in page
    assert f"“{flagged}”" in page
    assert "I've read the wording notes above" in page

    refused = mark_sent(alice_client, draft)
    assert refused.status_code == 400
    assert "Some wording may come across badly" in text_of(refused)
    assert mark_sent(alice_client, draft, reviewed_tone="").status_code == 400
    draft.refresh_from_db()
    assert draft.sent_at is None and FollowUp.objects.count() == 0

    assert mark_sent(alice_client, draft, reviewed_tone="on").status_code == 302
    draft.refresh_from_db()
    assert draft.sent_at is not None and FollowUp.objects.count() == 1


@pytest.mark.django_db
def test_military_shorthand_is_noted_but_does_not_block_sending(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    priya = recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    body = draft.body.replace("I hope your week is going well.", "As NCOIC I wrote the SOP for my platoon.")
    alice_client.post(draft.get_absolute_url(), {"contact": priya.pk, "subject": draft.subject, "body": body})
    page = text_of(alice_client.get(draft.get_absolute_url()))
    assert "Wording notes" in page
    for term, plain in (
        ("NCOIC", "supervisor in charge"),
        ("SOP", "standard procedure"),
        ("platoon", "team of about 30"),
    ):
        assert f"“{term}” is military shorthand" in page and plain in page
    assert mark_sent(alice_client, draft).status_code == 302


# --- Moving on --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_move_on_closes_the_application_and_takes_it_off_the_dashboard(alice_client, alice, tuesday_morning):
    application = after_two_follow_ups(alice)
    with time_machine.travel(fresh(application).next_due_at + dt.timedelta(hours=2), tick=False):
        alice_client.force_login(alice)  # a session from before the trip would have run out
        dashboard = alice_client.get(reverse("dashboard"))
        [row] = [row for row in dashboard.context["due"] if row.application == application]
        assert row.action.act == Act.CLOSE, "guard: Today offered to close it before"
        assert row.action_url == reverse("application_move_on", args=[application.pk])
        assert fresh(application).remind_at is not None

        form = alice_client.get(reverse("application_move_on", args=[application.pk]))
        assert form.status_code == 200 and "Close it and move on" in text_of(form)
        response = alice_client.post(
            reverse("application_move_on", args=[application.pk]),
            {"went_well": "My convoy-planning story landed.", "next_time": "Ask for a date before I leave."},
        )
        assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
        application = fresh(application)
        assert application.status == Status.MOVED_ON
        assert application.reflection_went_well == "My convoy-planning story landed."
        assert application.reflection_next_time == "Ask for a date before I leave."
        assert (application.next_step, application.next_due_on, application.remind_at) == (
            Step.NONE,
            None,
            None,
        )

        today = alice_client.get(reverse("dashboard"))
        assert [row.application for row in today.context["due"] + today.context["waiting"]] == []
        assert [row.application for row in today.context["recently_closed"]] == [application]
        listing = alice_client.get(reverse("draft_list", args=[application.pk]))
        assert listing.context["offers"] == []
        assert [refusal.reason for refusal, _ in listing.context["refusals"]] == [Reason.CLOSED]
        assert "This application is closed" in text_of(listing)


@pytest.mark.django_db
def test_move_on_rejects_overlong_reflections_with_a_400(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    response = alice_client.post(
        reverse("application_move_on", args=[application.pk]), {"went_well": "x" * 2001}
    )
    assert response.status_code == 400
    assert fresh(application).status == Status.WAITING
