"""Whom a draft is written to: the right person for each message, through work
channels only, chosen from a short list of the people who matter for this
application. The rule as a table, then through the draft pages.
"""

import datetime as dt

import pytest
from django.urls import reverse

from applications.choices import ContactRole, Rapport, Step
from applications.models import Contact
from outreach.models import Draft
from plans.offers import choose_recipient
from tests.factories import ContactFactory, FollowUpFactory
from tests.helpers.drafts import (
    COMPANY,
    HIRING_MANAGER,
    INTERVIEWER,
    NOW,
    RECRUITER,
    K,
    due_application,
    network_friend,
    open_draft,
    recruiter,
)
from tests.helpers.pages import text_of


# --- The rule, as a table (pure) --------------------------------------------------------------
def person(name, role, *, work_email="", work_phone="", personal_email="", personal_phone=""):
    return Contact(
        name=name,
        role=role,
        company=COMPANY,
        work_email=work_email,
        work_phone=work_phone,
        personal_email=personal_email,
        personal_phone=personal_phone,
    )


DANA = person("Dana Reyes", RECRUITER, work_email="dana@northwind.example")
SAM = person("Sam Okafor", HIRING_MANAGER, work_email="sam@northwind.example", work_phone="+1 202 555 0142")
LEE_PERSONAL = person(
    "Lee Park", INTERVIEWER, personal_email="lee@home.example", personal_phone="+1 202 555 0199"
)
KIM_PERSONAL = person("Kim Lau", HIRING_MANAGER, personal_email="kim@home.example")
ROBIN_PHONE = person("Robin Diaz", INTERVIEWER, work_phone="+1 202 555 0100")
FRIEND = person("Zoë Okafor", ContactRole.NETWORK, work_email="zoe@tailspin.example")


@pytest.mark.parametrize(
    ("contacts", "kind", "phone", "expected"),
    [
        pytest.param(
            [DANA, SAM],
            K.STATUS_REQUEST,
            False,
            ("Dana Reyes", "email", "dana@northwind.example"),
            id="status-request-goes-to-recruiter",
        ),
        pytest.param(
            [DANA, SAM],
            K.HIRING_MANAGER_NOTE,
            False,
            ("Sam Okafor", "email", "sam@northwind.example"),
            id="manager-note-goes-to-manager",
        ),
        pytest.param(
            [DANA, KIM_PERSONAL],
            K.HIRING_MANAGER_NOTE,
            False,
            None,
            id="manager-with-personal-email-only-is-nobody",
        ),
        pytest.param(
            [LEE_PERSONAL, DANA],
            K.THANK_YOU,
            False,
            ("Dana Reyes", "email", "dana@northwind.example"),
            id="personal-only-interviewer-is-skipped",
        ),
        pytest.param(
            [LEE_PERSONAL, KIM_PERSONAL], K.STATUS_REQUEST, False, None, id="personal-channels-only-is-nobody"
        ),
        pytest.param(
            [ROBIN_PHONE, DANA],
            K.CALL_SCRIPT,
            True,
            ("Robin Diaz", "call", "+1 202 555 0100"),
            id="call-goes-to-work-phone",
        ),
        pytest.param(
            [LEE_PERSONAL, SAM],
            K.CALL_SCRIPT,
            True,
            ("Sam Okafor", "call", "+1 202 555 0142"),
            id="call-never-to-a-personal-phone",
        ),
        pytest.param(
            [FRIEND, DANA],
            K.RECOMMENDATION_REQUEST,
            False,
            ("Zoë Okafor", "email", "zoe@tailspin.example"),
            id="recommendation-request-goes-to-network",
        ),
        pytest.param(
            [DANA, LEE_PERSONAL],
            Step.FIRST,
            False,
            ("Dana Reyes", "email", "dana@northwind.example"),
            id="reminder-first-step",
        ),
        pytest.param(
            [DANA, SAM],
            Step.FINAL,
            False,
            ("Sam Okafor", "email", "sam@northwind.example"),
            id="reminder-final-step-prefers-manager",
        ),
    ],
)
def test_choose_recipient_uses_work_channels_only(contacts, kind, phone, expected):
    recipient = choose_recipient(contacts, kind, phone=phone)
    if expected is None:
        assert recipient is None
    else:
        assert (recipient.contact.name, recipient.channel, recipient.address) == expected
        assert recipient.address not in {c.personal_email for c in contacts} | {
            c.personal_phone for c in contacts
        }


# --- Through the views ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_contact_with_personal_channels_only_is_never_the_recipient(alice_client, alice, tuesday_morning):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    priya = recruiter(alice)
    # The people the playbook would rather write to, but with personal channels only.
    ContactFactory(
        owner=alice,
        company=COMPANY,
        name="Lee Park",
        role=INTERVIEWER,
        work_email="",
        personal_email="lee@home.example",
        personal_phone="555-0101",
    )
    ContactFactory(
        owner=alice,
        company=COMPANY,
        name="Kim Lau",
        role=HIRING_MANAGER,
        work_email="",
        personal_email="kim@home.example",
    )
    # (No thank-you here: the follow-up is due, so a thank-you would come too late.)
    for kind in (K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST):
        draft = open_draft(alice_client, application, kind)
        assert draft.contact == priya, kind
        page = alice_client.get(draft.get_absolute_url()).content.decode()
        assert "lee@home.example" not in page and "kim@home.example" not in page and "555-0101" not in page
    # At the final step, the hiring manager's personal address does not make a note to them possible.
    FollowUpFactory(application=application, happened_at=NOW - dt.timedelta(hours=1))
    application.refresh_plan()
    listing = alice_client.get(reverse("draft_list", args=[application.pk]))
    assert "Note to the hiring manager: not offered." in text_of(listing)
    response = alice_client.post(reverse("draft_open", args=[application.pk, K.HIRING_MANAGER_NOTE]))
    assert response.status_code == 409 and "hiring manager" in text_of(response)


@pytest.mark.django_db
def test_the_to_list_holds_the_company_and_the_interviewers_only(alice_client, alice, tuesday_morning):
    """The recipient list stays short however many contacts a user keeps, and a
    status request is never offered to a friend elsewhere (issue 13, item 11)."""
    application = due_application(alice)
    at_company = ContactFactory(
        owner=alice, company=COMPANY.upper(), name="Priya Shah"
    )  # same company, other case
    interviewer = ContactFactory(
        owner=alice, company="Northwind (Chicago office)", name="Ana Ruiz", role=INTERVIEWER
    )
    application.interviews.get().interviewers.add(interviewer)
    friend = network_friend(alice)
    elsewhere = [ContactFactory(owner=alice, company=f"Other Co {n}") for n in range(30)]
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    page = alice_client.get(draft.get_absolute_url())
    choices = {pk.value for pk, _ in page.context["form"].fields["contact"].choices if pk}
    assert choices == {at_company.pk, interviewer.pk}
    assert friend.pk not in choices
    response = alice_client.post(
        draft.get_absolute_url(), {"contact": elsewhere[0].pk, "subject": "Hi", "body": "Hello"}
    )
    assert response.status_code == 400
    # Whoever the draft names now stays choosable, so saving the page never loses them.
    Draft.objects.filter(pk=draft.pk).update(contact=elsewhere[1])
    page = alice_client.get(draft.get_absolute_url())
    assert elsewhere[1].pk in {pk.value for pk, _ in page.context["form"].fields["contact"].choices if pk}


@pytest.mark.django_db
def test_a_contact_with_personal_channels_only_cannot_be_chosen_in_the_form(
    alice_client, alice, bob, tuesday_morning
):
    application = due_application(alice)
    priya = recruiter(alice)
    personal = ContactFactory(
        owner=alice,
        company=COMPANY,
        name="Lee Park",
        role=INTERVIEWER,
        work_email="",
        personal_email="lee@home.example",
    )
    strangers = ContactFactory(
        owner=bob, company=COMPANY, name="Bob's Contact", work_email="them@northwind.example"
    )
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    page = alice_client.get(draft.get_absolute_url())
    choices = {str(pk) for pk, _ in page.context["form"].fields["contact"].choices if pk}
    assert str(priya.pk) in choices and str(personal.pk) not in choices and str(strangers.pk) not in choices
    assert f'value="{personal.pk}"' not in page.content.decode()
    for contact in (personal, strangers):
        response = alice_client.post(
            draft.get_absolute_url(), {"contact": contact.pk, "subject": "Hi", "body": "Hello"}
        )
        assert response.status_code == 400
        assert "Select a valid choice" in text_of(response)
    draft.refresh_from_db()
    assert draft.contact == priya and draft.subject != "Hi"
