"""The record pages a user fills in (applications, interviews, follow-ups,
replies, contacts, opportunities): the owner is whoever is signed in, another
user's records can't be picked, bad input gets a 4xx with a message and keeps
what was typed, everything typed is shown escaped, the same opening twice is
questioned; and the application list filters, searches and deletes.
"""

import pytest
from django.urls import reverse

from applications.choices import ReplyOutcome, Status
from applications.models import Application, Contact, FollowUp, Interview, Opportunity, Reply
from tests.factories import ApplicationFactory, ContactFactory, InterviewFactory, OpportunityFactory
from tests.helpers.records import (
    APPLICATION,
    CONTACT,
    OPPORTUNITY,
    follow_up_post,
    interview_post,
    reply_post,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


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
