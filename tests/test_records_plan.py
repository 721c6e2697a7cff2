"""The follow-up plan follows what the user logs: an interview plans the first
follow-up, follow-ups move it along (a third is refused), a reply or a closed
application ends it, and every date falls on the user's own calendar, at eight
in the morning their time, across daylight saving.
"""

import datetime as dt

import pytest
import time_machine
from django import forms
from django.urls import reverse

from accounts.forms import ProfileForm
from applications.choices import Rapport, ReplyOutcome, Status, Step
from applications.models import FollowUp, Reply
from tests.factories import ApplicationFactory, FollowUpFactory, InterviewFactory, ReplyFactory, UserFactory
from tests.helpers.pages import text_of
from tests.helpers.records import APPLICATION, D, follow_up_post, log_interview, plan_of, reply_post, utc

pytestmark = pytest.mark.django_db


def profile_post(user, **changes):
    """The profile form as the user would send it: every field as it is now, plus ``changes``."""
    form = ProfileForm(instance=user)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    return {**data, **changes}


@pytest.fixture
def signed_in_at(client, alice):
    """Fix "now" at a moment, and sign alice in there (a session from today would have expired)."""
    travellers = []

    def travel(moment, user=alice):
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)
        client.force_login(user)
        return client

    yield travel
    for traveller in reversed(travellers):
        traveller.stop()


# --- Interviews and the stored plan -----------------------------------------------------
@pytest.mark.parametrize("status", [Status.APPLIED, Status.INTERVIEWING, Status.FOLLOWED_UP])
def test_logging_an_interview_moves_an_open_application_to_waiting_and_plans_the_first_follow_up(
    signed_in_at, alice, status
):
    alice_client = signed_in_at(utc(2026, 11, 30, 20, 0))
    application = ApplicationFactory(owner=alice, status=status)
    log_interview(alice_client, application)
    assert application.status == Status.WAITING
    # Promised by Friday 4 December: due the next business day, Monday the 7th, 08:00 in New York.
    assert plan_of(application) == (Step.FIRST, D(2026, 12, 7), utc(2026, 12, 7, 13, 0), False)
    assert application.interviews.get().starts_at == utc(2026, 11, 30, 15, 0)


@pytest.mark.parametrize("status", Status.closed())
def test_logging_an_interview_on_a_closed_application_keeps_it_closed_and_plans_nothing(
    alice_client, alice, status
):
    application = ApplicationFactory(owner=alice, status=status)
    log_interview(alice_client, application)
    assert application.status == status
    assert plan_of(application) == (Step.NONE, None, None, False)


def test_no_promised_date_means_the_default_wait_and_a_no_date_given_mark(alice_client, alice):
    application = ApplicationFactory(owner=alice)
    # Monday 2 November 2026; seven business days, skipping Veterans Day (the 11th).
    log_interview(alice_client, application, day="2026-11-02", promised_on="", asked_about_timing="False")
    assert plan_of(application) == (Step.FIRST, D(2026, 11, 12), utc(2026, 11, 12, 13, 0), True)
    with time_machine.travel(dt.datetime(2026, 11, 3, 15, tzinfo=dt.UTC), tick=False):
        alice_client.force_login(alice)
        page = text_of(alice_client.get(application.get_absolute_url()))
    assert "No answer date was given, so we use your 7-business-day wait" in page
    assert "ready Thu, Nov 12" in page
    assert page.count("ask when you can expect to hear back") == 1, "one gentle tip, once"


def test_asked_but_no_date_given_uses_the_wait_without_a_lesson(alice_client, alice):
    application = ApplicationFactory(owner=alice)
    log_interview(alice_client, application, day="2026-11-02", promised_on="", asked_about_timing="True")
    assert plan_of(application) == (Step.FIRST, D(2026, 11, 12), utc(2026, 11, 12, 13, 0), True)
    with time_machine.travel(dt.datetime(2026, 11, 3, 15, tzinfo=dt.UTC), tick=False):
        alice_client.force_login(alice)
        page = text_of(alice_client.get(application.get_absolute_url()))
        listing = text_of(alice_client.get(reverse("application_list")))
    assert "They gave no date when you asked, so we use your 7-business-day wait" in page
    assert "ask when you can expect to hear back" not in page
    assert "ask next time" not in page.lower() and "ask next time" not in listing.lower()


@pytest.mark.parametrize(
    ("changes", "plan"),
    [
        pytest.param(
            {"default_wait_days": "3"},
            (Step.FIRST, D(2026, 11, 5), utc(2026, 11, 5, 13, 0), True),
            id="shorter-wait",
        ),
        # 22:00 on Monday 2 November in New York is already Tuesday the 3rd in Tokyo:
        # seven business days from there, and 08:00 Tokyo time is 23:00 UTC the day before.
        pytest.param(
            {"time_zone": "Asia/Tokyo"},
            (Step.FIRST, D(2026, 11, 13), utc(2026, 11, 12, 23, 0), True),
            id="new-time-zone",
        ),
    ],
)
def test_changing_the_profile_recomputes_stored_plans(alice_client, alice, changes, plan):
    application = ApplicationFactory(owner=alice)
    log_interview(
        alice_client, application, day="2026-11-02", time="22:00", promised_on="", asked_about_timing="False"
    )
    before = plan_of(application)
    assert before == (Step.FIRST, D(2026, 11, 12), utc(2026, 11, 12, 13, 0), True)
    response = alice_client.post(reverse("profile"), profile_post(alice, **changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert plan_of(application) == plan


def test_saving_the_profile_unchanged_leaves_plans_alone(alice_client, alice):
    application = ApplicationFactory(owner=alice)
    log_interview(alice_client, application)
    before = plan_of(application)
    assert alice_client.post(reverse("profile"), profile_post(alice)).status_code == 302
    assert plan_of(application) == before


# --- Follow-ups and replies ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("rapport", "sent", "step", "due_on"),
    [
        # Sent Monday 7 December; the next step comes seven business days later.
        pytest.param(
            Rapport.NEUTRAL, ["2026-12-07"], Step.FINAL, D(2026, 12, 16), id="neutral-one-sent-final-next"
        ),
        pytest.param(
            Rapport.WENT_WELL, ["2026-12-07"], Step.FINAL, D(2026, 12, 16), id="went-well-one-sent-final-next"
        ),
        pytest.param(
            Rapport.NEUTRAL,
            ["2026-12-07", "2026-12-16"],
            Step.MOVE_ON,
            D(2026, 12, 28),
            id="neutral-two-sent-move-on",
        ),
        pytest.param(
            Rapport.UNEASY, ["2026-12-07"], Step.MOVE_ON, D(2026, 12, 16), id="uneasy-one-sent-move-on"
        ),
    ],
)
def test_follow_ups_move_the_plan_along(signed_in_at, alice, rapport, sent, step, due_on):
    alice_client = signed_in_at(utc(2026, 12, 21, 15, 0))
    application = log_interview(alice_client, ApplicationFactory(owner=alice), rapport=rapport)
    for day in sent:
        response = alice_client.post(reverse("follow_up_create", args=[application.pk]), follow_up_post(day))
        assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.FOLLOWED_UP
    assert plan_of(application)[:2] == (step, due_on)


@pytest.mark.parametrize(
    ("rapport", "allowed"),
    [
        pytest.param(Rapport.NEUTRAL, ["2026-12-07", "2026-12-16"], id="third-after-two"),
        pytest.param(Rapport.UNEASY, ["2026-12-07"], id="second-after-uneasy"),
    ],
)
def test_third_follow_up_is_refused(signed_in_at, alice, rapport, allowed):
    alice_client = signed_in_at(utc(2026, 12, 21, 15, 0))
    application = log_interview(alice_client, ApplicationFactory(owner=alice), rapport=rapport)
    url = reverse("follow_up_create", args=[application.pk])
    for day in allowed:
        assert alice_client.post(url, follow_up_post(day)).status_code == 302
    response = alice_client.post(url, follow_up_post("2026-12-21", notes="One more try."))
    html = response.content.decode()
    assert response.status_code == 400
    assert "move on" in html
    assert "One more try." in html
    assert FollowUp.objects.count() == len(allowed)
    assert plan_of(application)[0] == Step.MOVE_ON


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        (ReplyOutcome.OTHER, Status.WAITING),
        (ReplyOutcome.INTERVIEW, Status.INTERVIEWING),
        (ReplyOutcome.OFFER, Status.OFFER),
        (ReplyOutcome.NO, Status.NO),
    ],
)
def test_a_reply_ends_the_wait(signed_in_at, alice, outcome, status):
    alice_client = signed_in_at(utc(2026, 12, 9, 15, 0))
    application = log_interview(alice_client, ApplicationFactory(owner=alice))
    assert plan_of(application)[0] == Step.FIRST
    response = alice_client.post(
        reverse("reply_create", args=[application.pk]), reply_post("2026-12-09", outcome)
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == status
    assert plan_of(application) == (Step.NONE, None, None, False)
    assert Reply.objects.get().received_at == utc(2026, 12, 9, 15, 0)


def test_a_reply_after_a_follow_up_ends_the_wait_too(signed_in_at, alice):
    alice_client = signed_in_at(utc(2026, 12, 9, 15, 0))
    application = log_interview(alice_client, ApplicationFactory(owner=alice))
    assert (
        alice_client.post(
            reverse("follow_up_create", args=[application.pk]), follow_up_post("2026-12-07")
        ).status_code
        == 302
    )
    assert plan_of(application)[0] == Step.FINAL
    response = alice_client.post(
        reverse("reply_create", args=[application.pk]), reply_post("2026-12-09", ReplyOutcome.OTHER)
    )
    assert response.status_code == 302
    assert plan_of(application) == (Step.NONE, None, None, False)


@pytest.mark.parametrize("status", Status.closed())
def test_a_closed_application_has_no_plan(alice_client, alice, status):
    application = log_interview(
        alice_client, ApplicationFactory(owner=alice, **{k: APPLICATION[k] for k in ("company", "role")})
    )
    assert plan_of(application)[0] == Step.FIRST
    response = alice_client.post(
        reverse("application_edit", args=[application.pk]), {**APPLICATION, "status": status}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == status
    assert plan_of(application) == (Step.NONE, None, None, False)
    # Closed means closed: no more follow-ups to log from the page.
    page = alice_client.get(application.get_absolute_url()).content.decode()
    assert reverse("follow_up_create", args=[application.pk]) not in page


def test_deleting_the_only_interview_clears_the_plan(alice_client, alice):
    application = log_interview(alice_client, ApplicationFactory(owner=alice))
    interview = application.interviews.get()
    assert alice_client.post(reverse("interview_delete", args=[interview.pk])).status_code == 302
    assert plan_of(application) == (Step.NONE, None, None, False)


def test_a_follow_up_and_a_reply_can_be_edited_and_the_plan_follows(alice_client, alice):
    application = ApplicationFactory(owner=alice, status=Status.FOLLOWED_UP)
    InterviewFactory(application=application)
    follow_up = FollowUpFactory(
        application=application, happened_at=dt.datetime(2026, 12, 7, 15, tzinfo=dt.UTC)
    )
    application.refresh_plan()
    # Mon 7 Dec + 7 business days = Wed 16 Dec.
    assert application.next_due_on == dt.date(2026, 12, 16)
    page = alice_client.get(reverse("follow_up_edit", args=[follow_up.pk]))
    assert page.status_code == 200 and 'value="2026-12-07"' in page.content.decode()
    response = alice_client.post(
        reverse("follow_up_edit", args=[follow_up.pk]),
        {"day": "2026-12-09", "channel": "email", "notes": "Sent on Wednesday"},
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    application.refresh_from_db()
    assert follow_up.notes == "Sent on Wednesday" and follow_up.happened_at.date() == dt.date(2026, 12, 9)
    assert application.next_due_on == dt.date(2026, 12, 18)
    assert application.follow_ups.count() == 1

    reply = ReplyFactory(
        application=application,
        outcome=ReplyOutcome.OTHER,
        received_at=dt.datetime(2026, 12, 10, 15, tzinfo=dt.UTC),
    )
    application.refresh_plan()
    assert application.next_step == Step.NONE
    response = alice_client.post(
        reverse("reply_edit", args=[reply.pk]), {"day": "2026-12-10", "outcome": "offer", "notes": ""}
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    application.refresh_from_db()
    assert reply.outcome == ReplyOutcome.OFFER and reply.received_at == dt.datetime(
        2026, 12, 10, 15, tzinfo=dt.UTC
    )
    assert application.status == Status.OFFER


# --- Time zones and daylight saving -------------------------------------------------------
@pytest.mark.parametrize(
    ("zone", "day", "time", "due_on", "due_at"),
    [
        # 06:00 UTC on Friday 4 December 2026 is Thursday 20:00 in Honolulu: one business
        # day later is Friday, 08:00 Honolulu time (18:00 UTC) ...
        pytest.param(
            "Pacific/Honolulu", "2026-12-03", "20:00", D(2026, 12, 4), utc(2026, 12, 4, 18, 0), id="honolulu"
        ),
        # ... and Friday 01:00 in New York: one business day later is Monday, 08:00 EST (13:00 UTC).
        pytest.param(
            "America/New_York", "2026-12-04", "01:00", D(2026, 12, 7), utc(2026, 12, 7, 13, 0), id="new-york"
        ),
    ],
)
def test_the_same_interview_moment_falls_due_on_each_users_own_calendar(
    client, zone, day, time, due_on, due_at
):
    user = UserFactory(time_zone=zone, default_wait_days=1)
    client.force_login(user)
    application = log_interview(
        client, ApplicationFactory(owner=user), day=day, time=time, promised_on="", asked_about_timing="False"
    )
    assert application.interviews.get().starts_at == utc(2026, 12, 4, 6, 0)
    assert plan_of(application) == (Step.FIRST, due_on, due_at, True)


@pytest.mark.parametrize(
    ("day", "promised_on", "starts_at", "due_on", "due_at"),
    [
        # Daylight saving starts Sunday 8 March 2026: EST before, EDT after.
        pytest.param(
            "2026-03-04",
            "2026-03-05",
            utc(2026, 3, 4, 15),
            D(2026, 3, 6),
            utc(2026, 3, 6, 13),
            id="before-dst-starts",
        ),
        pytest.param(
            "2026-03-05",
            "2026-03-06",
            utc(2026, 3, 5, 15),
            D(2026, 3, 9),
            utc(2026, 3, 9, 12),
            id="across-dst-start",
        ),
        # Daylight saving ends Sunday 1 November 2026: EDT before, EST after.
        pytest.param(
            "2026-10-28",
            "2026-10-29",
            utc(2026, 10, 28, 14),
            D(2026, 10, 30),
            utc(2026, 10, 30, 12),
            id="before-dst-ends",
        ),
        pytest.param(
            "2026-10-29",
            "2026-10-30",
            utc(2026, 10, 29, 14),
            D(2026, 11, 2),
            utc(2026, 11, 2, 13),
            id="across-dst-end",
        ),
    ],
)
def test_reminder_is_at_eight_in_new_york_across_daylight_saving(
    alice_client, alice, day, promised_on, starts_at, due_on, due_at
):
    application = log_interview(
        alice_client, ApplicationFactory(owner=alice), day=day, promised_on=promised_on
    )
    assert application.interviews.get().starts_at == starts_at
    assert plan_of(application) == (Step.FIRST, due_on, due_at, False)
