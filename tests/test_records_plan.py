"""Applications, interviews, follow-ups, replies, contacts, letters and saved
opportunities, through the pages a user really uses."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.forms import ProfileForm
from applications.choices import Rapport, ReplyOutcome, Status, Step
from applications.letters import DOCX, PDF
from applications.models import Application, Contact, FollowUp, Interview, Letter, Opportunity, Reply
from tests.factories import (
    DOCX_BYTES,
    PDF_BYTES,
    PLAIN_ZIP_BYTES,
    ApplicationFactory,
    ContactFactory,
    InterviewFactory,
    LetterFactory,
    OpportunityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def utc(*args):
    return dt.datetime(*args, tzinfo=dt.UTC)


APPLICATION = {
    "company": "Acme Freight",
    "role": "Logistics coordinator",
    "posting_url": "https://acme.example.com/jobs/1",
    "source": "Hiring fair",
    "status": Status.APPLIED,
    "applied_on": "2026-11-02",
    "company_time_zone": "",
    "notes": "Met the recruiter at the fair.",
}
CONTACT = {
    "name": "Dana Reyes",
    "company": "Acme Freight",
    "title": "Talent partner",
    "role": "recruiter",
    "work_email": "dana@acme.example.com",
    "notes": "Prefers email.",
}
OPPORTUNITY = {
    "kind": "job",
    "title": "Fleet manager",
    "organization": "Acme Freight",
    "link": "https://acme.example.com/jobs/2",
    "note": "Close to home.",
}


def interview_post(**changes):
    """Monday 30 November 2026, 10:00 local; they promised an answer by Friday 4 December."""
    data = {
        "day": "2026-11-30",
        "time": "10:00",
        "format": "video",
        "rapport": Rapport.NEUTRAL,
        "asked_about_timing": "True",
        "promised_on": "2026-12-04",
        "notes": "Panel of three.",
    }
    return {**data, **changes}


def follow_up_post(day, **changes):
    return {"day": day, "channel": "email", "notes": "Asked politely for news.", **changes}


def reply_post(day, outcome, **changes):
    return {"day": day, "outcome": outcome, "notes": "", **changes}


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


def log_interview(client, application, **changes):
    response = client.post(reverse("interview_create", args=[application.pk]), interview_post(**changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == application.get_absolute_url()
    application.refresh_from_db()
    return application


def plan_of(application):
    application.refresh_from_db()
    return application.next_step, application.next_due_on, application.next_due_at, application.no_date_given


# --- The owner is whoever is signed in ---------------------------------------------------
@pytest.mark.parametrize(
    ("url_name", "data", "model"),
    [
        pytest.param("application_create", APPLICATION, Application, id="application"),
        pytest.param("contact_create", CONTACT, Contact, id="contact"),
        pytest.param("opportunity_create", OPPORTUNITY, Opportunity, id="opportunity"),
    ],
)
def test_owner_is_the_signed_in_user_never_the_posted_one(alice_client, alice, bob, url_name, data, model):
    response = alice_client.post(reverse(url_name), {**data, "owner": bob.pk, "owner_id": bob.pk})
    assert response.status_code == 302
    record = model.objects.get()
    assert record.owner == alice


# --- Someone else's records can't be picked -------------------------------------------------
def test_another_users_contact_cant_be_an_interviewer(alice_client, alice, bob):
    application = ApplicationFactory(owner=alice)
    ContactFactory(owner=alice)
    theirs = ContactFactory(owner=bob)
    response = alice_client.post(
        reverse("interview_create", args=[application.pk]), interview_post(interviewers=[theirs.pk])
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Interview.objects.exists()
    application.refresh_from_db()
    assert application.status == Status.APPLIED


def test_another_users_contact_cant_be_picked_when_editing_an_interview(alice_client, alice, bob):
    interview = InterviewFactory(application__owner=alice)
    theirs = ContactFactory(owner=bob)
    response = alice_client.post(
        reverse("interview_edit", args=[interview.pk]), interview_post(interviewers=[theirs.pk])
    )
    assert response.status_code == 400
    assert not interview.interviewers.exists()


def test_another_users_contact_cant_receive_a_follow_up(alice_client, alice, bob):
    interview = InterviewFactory(application__owner=alice)
    theirs = ContactFactory(owner=bob)
    response = alice_client.post(
        reverse("follow_up_create", args=[interview.application.pk]),
        follow_up_post("2026-12-07", contact=theirs.pk),
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_own_contact_can_receive_a_follow_up(alice_client, alice):
    interview = InterviewFactory(application__owner=alice)
    mine = ContactFactory(owner=alice)
    response = alice_client.post(
        reverse("follow_up_create", args=[interview.application.pk]),
        follow_up_post("2026-12-07", contact=mine.pk),
    )
    assert response.status_code == 302
    assert FollowUp.objects.get().contact == mine


@pytest.mark.parametrize("editing", [False, True], ids=["new", "edit"])
def test_another_users_opportunity_cant_be_linked(alice_client, alice, bob, editing):
    theirs = OpportunityFactory(owner=bob)
    if editing:
        application = ApplicationFactory(owner=alice, company="Initech", role="Analyst")
        url = reverse("application_edit", args=[application.pk])
    else:
        url = reverse("application_create")
    response = alice_client.post(url, {**APPLICATION, "opportunity": theirs.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Application.objects.filter(opportunity=theirs).exists()
    assert Application.objects.count() == (1 if editing else 0)


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
    page = alice_client.get(application.get_absolute_url()).content.decode()
    assert "No date given — ask next time" in page


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


# --- Bad input: a 4xx with a message, never a 500, and nothing typed is lost ------------------
def test_promised_date_before_the_interview_is_refused(alice_client, alice):
    application = ApplicationFactory(owner=alice)
    response = alice_client.post(
        reverse("interview_create", args=[application.pk]),
        interview_post(promised_on="2026-11-27", notes="Typed with care."),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "can&#x27;t be before the interview" in html or "can't be before the interview" in html
    assert "Typed with care." in html
    assert not Interview.objects.exists()


DATE_FIELDS = [
    pytest.param("application_create", "applied_on", id="application-applied-on"),
    pytest.param("interview_create", "day", id="interview-day"),
    pytest.param("interview_create", "promised_on", id="interview-promised-on"),
    pytest.param("follow_up_create", "day", id="follow-up-day"),
    pytest.param("reply_create", "day", id="reply-day"),
]


def post_for(url_name, alice, **changes):
    """The URL and a valid POST for ``url_name``, with ``changes``."""
    if url_name in ("application_create", "contact_create", "opportunity_create"):
        data = {
            "application_create": APPLICATION,
            "contact_create": CONTACT,
            "opportunity_create": OPPORTUNITY,
        }[url_name]
        return reverse(url_name), {**data, **changes}
    application = ApplicationFactory(owner=alice)
    data = {
        "interview_create": interview_post(promised_on=""),
        "follow_up_create": follow_up_post("2026-12-07"),
        "reply_create": reply_post("2026-12-07", ReplyOutcome.OTHER),
    }[url_name]
    return reverse(url_name, args=[application.pk]), {**data, **changes}


RECORD_MODELS = (Application, Interview, FollowUp, Reply, Contact, Opportunity)


def counts():
    return {m.__name__: m.objects.count() for m in RECORD_MODELS}


@pytest.mark.parametrize("value", ["1900-01-01", "3000-01-01"])
@pytest.mark.parametrize(("url_name", "field"), DATE_FIELDS)
def test_implausible_dates_are_refused_with_a_message(alice_client, alice, url_name, field, value):
    url, data = post_for(url_name, alice, **{field: value, "notes": "Typed with care."})
    before = counts()
    response = alice_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a date between 2000 and 2100." in html
    assert "Typed with care." in html
    assert counts() == before


@pytest.mark.parametrize(("url_name", "field"), DATE_FIELDS)
def test_an_implausible_date_is_reported_once(alice_client, alice, url_name, field):
    url, data = post_for(url_name, alice, **{field: "1900-01-01"})
    html = alice_client.post(url, data).content.decode()
    assert html.count("Enter a date between 2000 and 2100.") == 1


NOTE_FIELDS = [
    pytest.param("application_create", "notes", 5000, id="application"),
    pytest.param("interview_create", "notes", 5000, id="interview"),
    pytest.param("follow_up_create", "notes", 5000, id="follow-up"),
    pytest.param("reply_create", "notes", 5000, id="reply"),
    pytest.param("contact_create", "notes", 5000, id="contact"),
    pytest.param("opportunity_create", "note", 1000, id="opportunity"),
]


@pytest.mark.parametrize(("url_name", "field", "limit"), NOTE_FIELDS)
def test_a_100_kb_note_is_refused_with_a_message_about_length(alice_client, alice, url_name, field, limit):
    note = "Long story. " * (100 * 1024 // 12)
    url, data = post_for(url_name, alice, **{field: note})
    before = counts()
    response = alice_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert f"at most {limit} characters" in html
    assert note in html
    assert counts() == before


@pytest.mark.parametrize("link", ["not a link", "javascript:alert(1)", "http://", "https://exa mple.com/"])
@pytest.mark.parametrize(
    ("url_name", "field"),
    [
        pytest.param("application_create", "posting_url", id="posting-link"),
        pytest.param("opportunity_create", "link", id="opportunity-link"),
    ],
)
def test_an_invalid_link_is_refused(alice_client, alice, url_name, field, link):
    url, data = post_for(url_name, alice, **{field: link})
    response = alice_client.post(url, data)
    assert response.status_code == 400
    assert "Enter a valid URL." in response.content.decode()
    assert counts() == {m.__name__: 0 for m in RECORD_MODELS}


def test_a_link_without_a_scheme_is_taken_as_https(alice_client, alice):
    response = alice_client.post(
        reverse("application_create"), {**APPLICATION, "posting_url": "acme.example.com/jobs/1"}
    )
    assert response.status_code == 302
    assert Application.objects.get().posting_url == "https://acme.example.com/jobs/1"


def test_everything_typed_into_an_application_is_shown_escaped(alice_client, alice):
    fields = ("company", "role", "source", "notes")
    response = alice_client.post(
        reverse("application_create"), {**APPLICATION, **dict.fromkeys(fields, SCRIPT)}
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert all(getattr(application, f) == SCRIPT for f in fields), "stored exactly as typed"
    for url in (
        application.get_absolute_url(),
        reverse("application_list"),
        reverse("application_edit", args=[application.pk]),
    ):
        html = alice_client.get(url).content.decode()
        assert SCRIPT not in html, url
        assert ESCAPED in html, url
    # Each field is on the detail page (escaped): four fields, plus the company in the contacts box.
    assert alice_client.get(application.get_absolute_url()).content.decode().count(ESCAPED) >= len(fields)


def test_everything_typed_into_a_contact_is_shown_escaped(alice_client, alice):
    fields = ("name", "company", "title", "work_phone", "personal_phone", "notes")
    response = alice_client.post(reverse("contact_create"), {**CONTACT, **dict.fromkeys(fields, SCRIPT)})
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert all(getattr(contact, f) == SCRIPT for f in fields), "stored exactly as typed"
    for url in (reverse("contact_list"), reverse("contact_edit", args=[contact.pk])):
        html = alice_client.get(url).content.decode()
        assert SCRIPT not in html, url
        assert ESCAPED in html, url
    # The edit form shows every field back, escaped (and the name in the title too).
    assert alice_client.get(reverse("contact_edit", args=[contact.pk])).content.decode().count(
        ESCAPED
    ) >= len(fields)


def test_a_rejected_form_shows_what_was_typed_escaped(alice_client, alice):
    response = alice_client.post(
        reverse("application_create"), {**APPLICATION, "company": SCRIPT, "posting_url": "not a link"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert SCRIPT not in html
    assert ESCAPED in html


# --- The same opening twice -----------------------------------------------------------------
def test_second_open_application_for_the_same_opening_is_questioned(alice_client, alice):
    ApplicationFactory(
        owner=alice, company="Acme Freight", role="Logistics coordinator", status=Status.WAITING
    )
    again = {**APPLICATION, "company": "ACME FREIGHT", "role": " logistics Coordinator "}
    response = alice_client.post(reverse("application_create"), again)
    html = response.content.decode()
    assert response.status_code == 400
    assert "You already have an open application for Logistics coordinator at Acme Freight" in html
    assert Application.objects.count() == 1

    response = alice_client.post(reverse("application_create"), {**again, "same_opening_confirmed": "on"})
    assert response.status_code == 302
    assert Application.objects.count() == 2


@pytest.mark.parametrize("status", Status.closed())
def test_a_closed_application_for_the_same_opening_is_no_duplicate(alice_client, alice, status):
    ApplicationFactory(owner=alice, company="Acme Freight", role="Logistics coordinator", status=status)
    assert alice_client.post(reverse("application_create"), APPLICATION).status_code == 302
    assert Application.objects.count() == 2


def test_another_users_application_for_the_same_opening_is_no_duplicate(alice_client, alice, bob):
    ApplicationFactory(owner=bob, company="Acme Freight", role="Logistics coordinator")
    assert alice_client.post(reverse("application_create"), APPLICATION).status_code == 302


def test_editing_an_application_is_no_duplicate_of_itself(alice_client, alice):
    application = ApplicationFactory(owner=alice, company="Acme Freight", role="Logistics coordinator")
    response = alice_client.post(
        reverse("application_edit", args=[application.pk]), {**APPLICATION, "notes": "Edited."}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.notes == "Edited."


# --- Letters of recommendation ---------------------------------------------------------------
@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Letters go to a temporary folder; any file a test leaves behind is removed."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    root = Path(Letter._meta.get_field("file").storage.location)
    before = set(root.rglob("*")) if root.exists() else set()
    yield tmp_path
    if root.exists():
        for path in set(root.rglob("*")) - before:
            if path.is_file():
                path.unlink()


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)


def letter_post(name, content, content_type="application/pdf", **changes):
    return {
        "title": "Reference from my commander",
        "author": "Col. Jane Smith",
        "job_kind": "Logistics",
        "file": SimpleUploadedFile(name, content, content_type=content_type),
        **changes,
    }


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        pytest.param("reference.pdf", PDF_BYTES, PDF, id="pdf"),
        pytest.param("reference.docx", DOCX_BYTES, DOCX, id="docx"),
    ],
)
def test_pdf_and_word_letters_are_kept(alice_client, alice, name, content, kind):
    response = alice_client.post(reverse("letter_create"), letter_post(name, content))
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert (letter.owner, letter.content_type, letter.original_name) == (alice, kind, name)
    with letter.file.open("rb") as stored:
        assert stored.read() == content


def test_letters_are_kept_in_the_private_media_root(alice_client, alice, private_media):
    alice_client.post(reverse("letter_create"), letter_post("reference.pdf", PDF_BYTES))
    letter = Letter.objects.get()
    assert Path(letter.file.path).is_relative_to(private_media), (
        f"stored at {letter.file.path}, not under PRIVATE_MEDIA_ROOT={private_media}"
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("reference.pdf", PNG_BYTES, id="png-renamed-pdf"),
        pytest.param("reference.pdf", b"Dear hiring manager, this is plain text.", id="text-renamed-pdf"),
        pytest.param("reference.docx", PLAIN_ZIP_BYTES, id="zip-renamed-docx"),
        pytest.param("reference.docx", b"PK\x03\x04 broken zip", id="broken-zip"),
        pytest.param("reference.pdf", b"", id="empty"),
    ],
)
def test_a_file_that_is_not_a_pdf_or_word_document_is_refused(
    alice_client, alice, private_media, name, content
):
    response = alice_client.post(reverse("letter_create"), letter_post(name, content, title="My typed title"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "My typed title" in html
    if content:
        assert "Only PDF and Word (.docx) files can be kept here." in html
    assert not Letter.objects.exists()


def test_a_letter_over_5_mb_is_refused(alice_client, alice):
    big = PDF_BYTES + b"0" * (5 * 1024 * 1024)
    response = alice_client.post(reverse("letter_create"), letter_post("big.pdf", big))
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()
    assert not Letter.objects.exists()


def test_owner_downloads_the_letter_as_an_attachment(alice_client, alice):
    alice_client.post(reverse("letter_create"), letter_post("My reference.pdf", PDF_BYTES))
    letter = Letter.objects.get()
    response = alice_client.get(reverse("letter_file", args=[letter.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="My reference.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_deleting_a_letter_removes_its_file(alice_client, alice, django_capture_on_commit_callbacks):
    alice_client.post(reverse("letter_create"), letter_post("reference.pdf", PDF_BYTES))
    letter = Letter.objects.get()
    path = Path(letter.file.path)
    assert path.exists()
    # The confirmation page deletes nothing.
    assert alice_client.get(reverse("letter_delete", args=[letter.pk])).status_code == 200
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert alice_client.post(reverse("letter_delete", args=[letter.pk])).status_code == 302
    assert not Letter.objects.exists()
    assert not path.exists()


def test_replacing_a_letters_file_removes_the_old_file(
    alice_client, alice, django_capture_on_commit_callbacks
):
    alice_client.post(reverse("letter_create"), letter_post("reference.pdf", PDF_BYTES))
    old = Path(Letter.objects.get().file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            reverse("letter_edit", args=[Letter.objects.get().pk]), letter_post("reference.docx", DOCX_BYTES)
        )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.content_type == DOCX
    assert Path(letter.file.path).exists()
    assert not old.exists(), "the replaced file is still on disk"


def test_deleting_the_account_removes_letter_files(alice_client, alice, django_capture_on_commit_callbacks):
    alice_client.post(reverse("letter_create"), letter_post("reference.pdf", PDF_BYTES))
    path = Path(Letter.objects.get().file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("delete_account"), {"confirm": "on"})
    assert response.status_code == 302
    assert not Letter.objects.exists()
    assert not path.exists(), "the account is gone but its letter is still on disk"


def test_editing_a_letter_without_a_new_file_keeps_the_old_one(alice_client, alice):
    letter = LetterFactory(owner=alice)
    response = alice_client.post(
        reverse("letter_edit", args=[letter.pk]),
        {"title": "Renamed", "author": letter.author, "job_kind": ""},
    )
    assert response.status_code == 302
    edited = Letter.objects.get()
    assert (edited.title, edited.file.name, edited.content_type) == ("Renamed", letter.file.name, PDF)


# --- Saved opportunities ---------------------------------------------------------------------
def test_star_toggles(alice_client, alice):
    opportunity = OpportunityFactory(owner=alice, starred=False)
    url = reverse("opportunity_star", args=[opportunity.pk])
    for expected in (True, False):
        response = alice_client.post(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("opportunity_list")
        opportunity.refresh_from_db()
        assert opportunity.starred is expected


def test_star_refuses_get(alice_client, alice):
    opportunity = OpportunityFactory(owner=alice, starred=False)
    assert alice_client.get(reverse("opportunity_star", args=[opportunity.pk])).status_code == 405
    opportunity.refresh_from_db()
    assert opportunity.starred is False


def test_log_an_application_from_an_opportunity_fills_in_the_form(alice_client, alice):
    opportunity = OpportunityFactory(
        owner=alice,
        title="Fleet manager",
        organization="Acme Freight",
        link="https://acme.example.com/jobs/2",
    )
    response = alice_client.get(reverse("application_create"), {"opportunity": opportunity.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["company"].value() == "Acme Freight"
    assert form["role"].value() == "Fleet manager"
    assert form["posting_url"].value() == "https://acme.example.com/jobs/2"
    assert str(form["opportunity"].value()) == str(opportunity.pk)
    html = response.content.decode()
    assert 'value="Acme Freight"' in html and 'value="Fleet manager"' in html


def test_log_an_application_from_another_users_opportunity_is_404(alice_client, alice, bob):
    theirs = OpportunityFactory(owner=bob)
    response = alice_client.get(reverse("application_create"), {"opportunity": theirs.pk})
    assert response.status_code == 404
    assert theirs.organization not in response.content.decode()


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("", id="empty"),
        pytest.param("abc", id="letters"),
        pytest.param("-1", id="negative"),
        pytest.param("1.5", id="decimal"),
        pytest.param("99999999999999999999", id="too-big"),
        pytest.param("²", id="superscript-two"),
        pytest.param("١", id="arabic-indic-one"),
    ],
)
def test_log_an_application_with_a_nonsense_opportunity_never_500s(alice_client, alice, value):
    response = alice_client.get(reverse("application_create"), {"opportunity": value})
    assert response.status_code in (200, 404)


def test_saving_an_application_from_an_opportunity_links_them(alice_client, alice):
    opportunity = OpportunityFactory(owner=alice)
    response = alice_client.post(
        reverse("application_create"), {**APPLICATION, "opportunity": opportunity.pk}
    )
    assert response.status_code == 302
    assert Application.objects.get().opportunity == opportunity


# --- Deleting an application -------------------------------------------------------------------
def test_deleting_an_application_asks_first_then_removes_it_with_its_interviews(alice_client, alice):
    interview = InterviewFactory(application__owner=alice)
    application = interview.application
    other = InterviewFactory(application__owner=alice)
    url = reverse("application_delete", args=[application.pk])

    response = alice_client.get(url)
    assert response.status_code == 200
    assert "This cannot be undone" in response.content.decode()
    assert Application.objects.filter(pk=application.pk).exists()

    response = alice_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("application_list")
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not Interview.objects.filter(pk=interview.pk).exists()
    # Nothing else goes with it.
    assert Interview.objects.filter(pk=other.pk).exists()


# --- The list: filter by status, search by company or role ------------------------------------
@pytest.fixture
def some_applications(alice, bob):
    ApplicationFactory(
        owner=alice, company="Acme Freight", role="Logistics coordinator", status=Status.APPLIED
    )
    ApplicationFactory(owner=alice, company="Globex", role="Warehouse supervisor", status=Status.WAITING)
    ApplicationFactory(owner=alice, company="Initech", role="Logistics analyst", status=Status.OFFER)
    ApplicationFactory(owner=bob, company="Acme Freight", role="Logistics coordinator", status=Status.WAITING)


@pytest.mark.parametrize(
    ("params", "companies"),
    [
        pytest.param({}, {"Acme Freight", "Globex", "Initech"}, id="all-mine"),
        pytest.param({"status": "waiting"}, {"Globex"}, id="status"),
        pytest.param({"status": "offer"}, {"Initech"}, id="status-offer"),
        pytest.param(
            {"status": "nonsense"}, {"Acme Freight", "Globex", "Initech"}, id="unknown-status-ignored"
        ),
        pytest.param({"q": "acme"}, {"Acme Freight"}, id="company-any-case"),
        pytest.param({"q": "LOGISTICS"}, {"Acme Freight", "Initech"}, id="role-any-case"),
        pytest.param({"q": "  supervisor "}, {"Globex"}, id="trimmed"),
        pytest.param({"q": "logistics", "status": "offer"}, {"Initech"}, id="search-and-status"),
        pytest.param({"q": "nobody"}, set(), id="no-match"),
        pytest.param({"page": "abc"}, {"Acme Freight", "Globex", "Initech"}, id="bad-page"),
    ],
)
def test_list_filters_by_status_and_searches_company_or_role(
    alice_client, alice, some_applications, params, companies
):
    response = alice_client.get(reverse("application_list"), params)
    assert response.status_code == 200
    shown = list(response.context["page"].object_list)
    assert all(a.owner_id == alice.pk for a in shown)
    assert {a.company for a in shown} == companies
    assert len(shown) == len(companies)


def test_a_follow_up_and_a_reply_can_be_edited_and_the_plan_follows(alice_client, alice):
    import datetime as dt

    from applications.choices import ReplyOutcome, Status, Step
    from tests.factories import ApplicationFactory, FollowUpFactory, InterviewFactory, ReplyFactory

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
