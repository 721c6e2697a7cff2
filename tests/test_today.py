"""Today acts: each due application has one button to its recommended draft (with its
recipient chosen), then what the user is waiting for and until when, then what closed
lately; every application once, each with its progress strip.

The page is read on Tuesday 8 December 2026, 10:00 in New York (``tuesday_morning``)."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from applications.choices import ContactRole, Rapport, Status
from outreach.models import Draft
from plans.choices import DraftKind, Step
from plans.offers import recommended
from plans.today import Act, Awaited, Stage, State, action_for, awaited, awaited_words, progress
from tests.factories import ApplicationFactory, ContactFactory, InterviewFactory
from tests.helpers.drafts import (
    COMPANY,
    NOW,
    ROLE,
    after_two_follow_ups,
    due_application,
    fresh,
    recruiter,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 8)
NY = dt.timezone(dt.timedelta(hours=-5))  # New York in December


def today_page(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response


def row_of(response, application, section="due"):
    [row] = [row for row in response.context[section] if row.application.pk == application.pk]
    return row


def sections_of(response, application):
    return [
        name
        for name in ("due", "waiting", "recently_closed")
        for row in response.context[name]
        if row.application.pk == application.pk
    ]


def button_form(html, url):
    """The <form> that posts to ``url`` on the page, with its hidden fields and button text."""
    match = re.search(rf'<form method="post" action="{re.escape(url)}"[^>]*>(.*?)</form>', html, re.S)
    assert match, f"no form posts to {url}"
    inside = match.group(1)
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', inside))
    hidden.pop("csrfmiddlewaretoken", None)
    text = re.sub(r"<[^>]+>", "", re.search(r"<button.*?</button>", inside, re.S).group(0))
    return hidden, " ".join(text.split())


# --- Due: one button, to the recommended draft -----------------------------------------------
def test_a_due_follow_up_has_one_button_that_opens_the_recommended_draft_to_the_recruiter(
    alice_client, alice, tuesday_morning
):
    application = due_application(alice)
    priya = recruiter(alice)
    response = today_page(alice_client)
    row = row_of(response, application)
    assert row.action.act == Act.FOLLOW_UP
    listing = alice_client.get(reverse("draft_list", args=[application.pk]))
    assert row.action.offer == listing.context["recommended"]  # the same choice as the draft list
    url = reverse("draft_open", args=[application.pk, DraftKind.STATUS_REQUEST])
    assert row.action_url == url
    hidden, text = button_form(response.content.decode(), url)
    assert text == f"Write the follow-up for {ROLE} at {COMPANY}"
    assert hidden == {}  # no per-person offer: the draft chooses the recruiter itself

    opened = alice_client.post(url, hidden)
    draft = Draft.objects.get(application=application, kind=DraftKind.STATUS_REQUEST)
    assert opened["Location"] == draft.get_absolute_url()
    assert draft.contact == priya


def test_after_a_good_interview_the_button_opens_the_warm_check_in(alice_client, alice, tuesday_morning):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    recruiter(alice)
    row = row_of(today_page(alice_client), application)
    assert (row.action.act, row.action.offer.kind) == (Act.FOLLOW_UP, DraftKind.WARM_CHECK_IN)
    assert row.action_url == reverse("draft_open", args=[application.pk, DraftKind.WARM_CHECK_IN])


def test_the_day_after_an_interview_the_button_sends_the_thank_you_to_the_interviewer(
    alice_client, alice, tuesday_morning
):
    application = ApplicationFactory(owner=alice, company=COMPANY, role=ROLE, status=Status.WAITING)
    dana = ContactFactory(
        owner=alice,
        company=COMPANY,
        name="Dana Reyes",
        role=ContactRole.INTERVIEWER,
        work_email="dana@nw.example",
    )
    interview = InterviewFactory(
        application=application,
        starts_at=dt.datetime(2026, 12, 7, 10, 0, tzinfo=NY),
        promised_on=dt.date(2026, 12, 11),
    )
    interview.interviewers.set([dana])
    application.refresh_plan()

    response = today_page(alice_client)
    assert sections_of(response, application) == ["due"]
    row = row_of(response, application)
    assert (row.action.act, row.action.offer.kind, row.contact_id) == (
        Act.THANK_YOU,
        DraftKind.THANK_YOU,
        dana.pk,
    )
    url = reverse("draft_open", args=[application.pk, DraftKind.THANK_YOU])
    hidden, text = button_form(response.content.decode(), url)
    assert text.startswith("Send the thank-you")
    assert hidden == {"contact": str(dana.pk)}
    # Shown here only, not under Waiting: the row also says what comes next, and by when.
    assert row.awaited == "Their answer, promised by Fri, Dec 11"
    assert "Then: Their answer, promised by Fri, Dec 11." in response.content.decode()
    alice_client.post(url, hidden)
    assert Draft.objects.get(application=application, kind=DraftKind.THANK_YOU).contact == dana
    assert [step.state for step in row.strip][:2] == [State.DONE, State.DUE]


def test_a_thank_you_sent_moves_the_application_to_waiting(alice_client, alice, tuesday_morning):
    application = ApplicationFactory(owner=alice, company=COMPANY, role=ROLE, status=Status.WAITING)
    interview = InterviewFactory(
        application=application, starts_at=dt.datetime(2026, 12, 7, 10, 0, tzinfo=NY), promised_on=TODAY
    )
    application.refresh_plan()
    Draft.objects.create(
        application=application,
        interview=interview,
        kind=DraftKind.THANK_YOU,
        sent_at=NOW - dt.timedelta(hours=20),
    )
    response = today_page(alice_client)
    assert sections_of(response, application) == ["waiting"]
    row = row_of(response, application, "waiting")
    assert row.awaited == "Their answer, promised by Tue, Dec 8"
    assert [step.state for step in row.strip][:2] == [State.DONE, State.DONE]


def test_time_to_move_on_has_a_button_to_close_it_gracefully(alice_client, alice, tuesday_morning):
    application = after_two_follow_ups(alice)
    with time_machine.travel(fresh(application).next_due_at + dt.timedelta(hours=2), tick=False):
        alice_client.force_login(alice)
        response = today_page(alice_client)
        row = row_of(response, application)
        assert row.action.act == Act.CLOSE and row.action.offer is None
        assert row.action_url == reverse("application_move_on", args=[application.pk])
        html = response.content.decode()
        assert f'<a class="btn btn-primary mt-2" href="{row.action_url}">Close it gracefully</a>' in html


# --- Waiting and recently closed ----------------------------------------------------------------
def test_waiting_says_what_is_awaited_and_by_when(alice_client, alice, tuesday_morning):
    promised = ApplicationFactory(owner=alice, company="Contoso", role="Planner", status=Status.WAITING)
    InterviewFactory(
        application=promised, promised_on=dt.date(2026, 12, 11), starts_at=NOW - dt.timedelta(days=6)
    )
    ahead = ApplicationFactory(owner=alice, company="Fabrikam", role="Analyst", status=Status.INTERVIEWING)
    InterviewFactory(
        application=ahead, starts_at=dt.datetime(2026, 12, 10, 9, 0, tzinfo=NY), promised_on=None
    )
    no_date = ApplicationFactory(owner=alice, company="Tailspin", role="Driver", status=Status.WAITING)
    InterviewFactory(
        application=no_date, starts_at=NOW - dt.timedelta(days=6), promised_on=None, asked_about_timing=False
    )
    applied = ApplicationFactory(owner=alice, company="Litware", role="Clerk")
    for application in (promised, ahead, no_date, applied):
        application.refresh_plan()

    response = today_page(alice_client)
    words = {row.application.company: row.awaited for row in response.context["waiting"]}
    assert words == {
        "Contoso": "Their answer, promised by Fri, Dec 11",
        "Fabrikam": "Your interview on Thu, Dec 10",
        "Tailspin": f"Word from them; if none, you follow up on {fresh(no_date).next_due_on:%a, %b} "
        f"{fresh(no_date).next_due_on.day}",
        "Litware": "A reply to your application",
    }
    html = response.content.decode()
    for text in words.values():
        assert text in html
    assert row_of(response, no_date, "waiting").no_date_given
    assert "No date given — ask next time." in html
    assert response.context["due"] == []


def test_recently_closed_lists_closed_applications_only_there(alice_client, alice, tuesday_morning):
    offer = ApplicationFactory(owner=alice, company="Offer Co", role="Manager", status=Status.OFFER)
    moved_on = ApplicationFactory(owner=alice, company="Quiet Co", role="Manager", status=Status.MOVED_ON)
    response = today_page(alice_client)
    assert [row.application for row in response.context["recently_closed"]] == [moved_on, offer]
    assert sections_of(response, offer) == ["recently_closed"]
    assert [step.state for step in row_of(response, offer, "recently_closed").strip][-1] == State.DONE


def test_every_application_appears_once(alice_client, alice, tuesday_morning):
    due = due_application(alice)
    thank_you_and_due = due_application(alice, company="Fresh Co", starts_at=NOW - dt.timedelta(days=1))
    waiting = ApplicationFactory(owner=alice, company="Later Co", role="Planner", status=Status.WAITING)
    InterviewFactory(
        application=waiting, promised_on=dt.date(2026, 12, 18), starts_at=NOW - dt.timedelta(days=6)
    )
    waiting.refresh_plan()
    closed = ApplicationFactory(owner=alice, company="Done Co", status=Status.NO)
    response = today_page(alice_client)
    html = response.content.decode()
    for application, section in (
        (due, "due"),
        (thank_you_and_due, "due"),
        (waiting, "waiting"),
        (closed, "recently_closed"),
    ):
        assert sections_of(response, application) == [section]
        assert html.count(f'href="{application.get_absolute_url()}"') == 1


def test_today_shows_no_one_elses_applications(alice_client, alice, bob, tuesday_morning):
    theirs = due_application(bob, company="Bob's Co")
    ApplicationFactory(owner=bob, company="Bob Closed", status=Status.OFFER)
    response = today_page(alice_client)
    assert response.context["due"] == response.context["waiting"] == response.context["recently_closed"] == []
    assert "Bob" not in response.content.decode()
    assert reverse("draft_open", args=[theirs.pk, DraftKind.STATUS_REQUEST]) not in response.content.decode()


# --- Counts per status live on the pipeline page ---------------------------------------------------
def test_counts_per_status_are_on_the_pipeline_page_not_today(alice_client, alice, tuesday_morning):
    due_application(alice)
    ApplicationFactory(owner=alice, status=Status.OFFER)
    ApplicationFactory.create_batch(2, owner=alice, status=Status.APPLIED)
    assert "Applications per status" not in today_page(alice_client).content.decode()
    pipeline = alice_client.get(reverse("pipeline"))
    counts = dict(pipeline.context["periods"][0][0].stage_counts)
    assert (counts[Status.APPLIED], counts[Status.WAITING], counts[Status.OFFER], counts[Status.NO]) == (
        2,
        1,
        1,
        0,
    )
    html = pipeline.content.decode()
    assert re.search(r"Applied</th><td[^>]*>2</td>", html)


# --- The application page shows the strip and the overdue state ---------------------------------------
def test_the_application_page_shows_its_progress_and_that_a_step_is_overdue(
    alice_client, alice, tuesday_morning
):
    application = due_application(alice)  # first follow-up due since Monday: overdue on Tuesday
    html = alice_client.get(application.get_absolute_url()).content.decode()
    strip = re.search(r'<ol class="progress-strip".*?</ol>', html, re.S).group(0)
    assert re.findall(r'class="stage-([\w-]+) is-(\w+)"', strip) == [
        ("interview", "done"),
        ("thank-you", "skipped"),
        ("follow-up", "overdue"),
        ("final", "waiting"),
        ("closed", "waiting"),
    ]
    assert 'Follow-up</span> <span class="stage-state">overdue' in strip
    assert "A step is overdue" in html


# --- The rules, as tables ------------------------------------------------------------------------------
D = dt.date
A_DAY = D(2026, 12, 8)


@pytest.mark.parametrize(
    ("case", "facts", "expected"),
    [
        (
            "nothing yet",
            dict(
                interviewed=False, thank_you_sent=False, thank_you_offered=False, follow_ups_made=0, step=""
            ),
            ["waiting", "waiting", "waiting", "waiting", "waiting"],
        ),
        (
            "thank-you time",
            dict(
                interviewed=True,
                thank_you_sent=False,
                thank_you_offered=True,
                follow_ups_made=0,
                step="first",
                due_on=D(2026, 12, 14),
            ),
            ["done", "due", "waiting", "waiting", "waiting"],
        ),
        (
            "first follow-up due today",
            dict(
                interviewed=True,
                thank_you_sent=True,
                thank_you_offered=False,
                follow_ups_made=0,
                step="first",
                due_on=A_DAY,
            ),
            ["done", "done", "due", "waiting", "waiting"],
        ),
        (
            "first follow-up overdue, no thank-you sent",
            dict(
                interviewed=True,
                thank_you_sent=False,
                thank_you_offered=False,
                follow_ups_made=0,
                step="first",
                due_on=D(2026, 12, 7),
            ),
            ["done", "skipped", "overdue", "waiting", "waiting"],
        ),
        (
            "final follow-up due today",
            dict(
                interviewed=True,
                thank_you_sent=True,
                thank_you_offered=False,
                follow_ups_made=1,
                step="final",
                due_on=A_DAY,
            ),
            ["done", "done", "done", "due", "waiting"],
        ),
        (
            "uneasy: one follow-up, then close",
            dict(
                interviewed=True,
                thank_you_sent=True,
                thank_you_offered=False,
                follow_ups_made=1,
                step="move_on",
                due_on=D(2026, 12, 1),
                rapport=Rapport.UNEASY,
            ),
            ["done", "done", "done", "skipped", "overdue"],
        ),
        (
            "closed after two follow-ups",
            dict(
                interviewed=True,
                thank_you_sent=True,
                thank_you_offered=False,
                follow_ups_made=2,
                step="",
                closed=True,
            ),
            ["done", "done", "done", "done", "done"],
        ),
        (
            "an offer after the interview",
            dict(
                interviewed=True,
                thank_you_sent=False,
                thank_you_offered=False,
                follow_ups_made=0,
                step="",
                closed=True,
            ),
            ["done", "skipped", "skipped", "skipped", "done"],
        ),
        (
            "closed before any interview",
            dict(
                interviewed=False,
                thank_you_sent=False,
                thank_you_offered=False,
                follow_ups_made=0,
                step="",
                closed=True,
            ),
            ["skipped", "skipped", "skipped", "skipped", "done"],
        ),
    ],
)
def test_progress_strip_states(case, facts, expected):
    facts = {"rapport": Rapport.NEUTRAL, "due_on": None, "closed": False, **facts}
    strip = progress(today=A_DAY, **facts)
    assert [step.stage for step in strip] == list(Stage)
    assert [step.state for step in strip] == expected, case
    assert all(step.name and step.state_name for step in strip)  # every state is in words too


def test_progress_strip_words_name_the_state():
    strip = progress(
        interviewed=True,
        thank_you_sent=True,
        thank_you_offered=False,
        follow_ups_made=0,
        rapport=Rapport.NEUTRAL,
        step=Step.FIRST,
        due_on=D(2026, 12, 1),
        today=A_DAY,
        closed=False,
    )
    assert [(step.name, step.state_name) for step in strip] == [
        ("Interview", "done"),
        ("Thank-you", "done"),
        ("Follow-up", "overdue"),
        ("Final follow-up", "not yet"),
        ("Closed", "not yet"),
    ]


def offer(kind, ready_on=None, contact_id=None):
    from plans.offers import Offer
    from plans.words import Reason

    return Offer(kind, Reason.STATUS_REQUEST, ready_on, contact_id)


@pytest.mark.parametrize(
    ("step", "due_on", "offers", "expected"),
    [
        (
            Step.FIRST,
            D(2026, 12, 14),
            [offer(DraftKind.THANK_YOU, contact_id=7)],
            (Act.THANK_YOU, "thank_you"),
        ),
        (Step.FIRST, D(2026, 12, 14), [offer(DraftKind.STATUS_REQUEST, D(2026, 12, 14))], None),
        (Step.FIRST, A_DAY, [offer(DraftKind.STATUS_REQUEST)], (Act.FOLLOW_UP, "status_request")),
        (
            Step.FIRST,
            D(2026, 12, 1),
            [offer(DraftKind.RECOMMENDATION_REQUEST), offer(DraftKind.WARM_CHECK_IN)],
            (Act.FOLLOW_UP, "warm_check_in"),  # asking a friend is not a follow-up
        ),
        (
            Step.FINAL,
            A_DAY,
            [offer(DraftKind.HIRING_MANAGER_NOTE), offer(DraftKind.FINAL_FOLLOW_UP)],
            (Act.FOLLOW_UP, "hiring_manager_note"),
        ),
        (Step.MOVE_ON, A_DAY, [], (Act.CLOSE, None)),
        (Step.MOVE_ON, D(2026, 12, 9), [], None),
        (Step.NONE, None, [], None),
    ],
)
def test_the_one_action_for_today(step, due_on, offers, expected):
    action = action_for(step=step, due_on=due_on, today=A_DAY, offers=offers)
    if expected is None:
        assert action is None
    else:
        assert (action.act, action.offer.kind if action.offer else None) == expected
        if action.offer:
            assert action.offer == (recommended(o for o in offers if o.kind == action.offer.kind))


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (
            dict(interview_day=None, interview_ahead=False, promised_on=None, step=""),
            "A reply to your application",
        ),
        (
            dict(interview_day=D(2026, 12, 10), interview_ahead=True, promised_on=None, step=""),
            "Your interview on Thu, Dec 10",
        ),
        (
            dict(
                interview_day=D(2026, 12, 1),
                interview_ahead=False,
                promised_on=D(2026, 12, 8),
                step="first",
                due_on=D(2026, 12, 9),
            ),
            "Their answer, promised by Tue, Dec 8",
        ),
        (
            dict(
                interview_day=D(2026, 12, 1),
                interview_ahead=False,
                promised_on=None,
                step="first",
                due_on=D(2026, 12, 10),
            ),
            "Word from them; if none, you follow up on Thu, Dec 10",
        ),
        (
            dict(
                interview_day=D(2026, 11, 1),
                interview_ahead=False,
                promised_on=D(2026, 11, 5),
                step="final",
                due_on=D(2026, 12, 10),
            ),
            "Word from them; if none, you follow up on Thu, Dec 10",
        ),
        (
            dict(
                interview_day=D(2026, 11, 1),
                interview_ahead=False,
                promised_on=None,
                step="move_on",
                due_on=D(2026, 12, 10),
            ),
            "A last chance for a reply; if none, close it on Thu, Dec 10",
        ),
    ],
)
def test_what_is_awaited_and_by_when(facts, expected):
    facts = {"due_on": None, **facts}
    what, by = awaited(today=A_DAY, **facts)
    assert isinstance(what, Awaited)
    assert awaited_words(what, by) == expected
