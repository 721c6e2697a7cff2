"""A contact's "greet as" (issue 13, item 12): suggested from the name when the user leaves it
empty, editable, and what every draft opens with. "SGM (Ret) Dana Brooks" is greeted "Dana",
never "SGM"; what the user typed is used as typed."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from applications.models import Contact
from outreach.drafts import render_draft
from plans.choices import DraftKind
from plans.names import suggest_greeting
from tests.factories import ContactFactory
from tests.helpers.drafts import due_application
from tests.helpers.records import CONTACT

pytestmark = pytest.mark.django_db

EMAIL_KINDS = [k for k in DraftKind.values if k != DraftKind.CALL_SCRIPT]


def save_contact(client, **fields):
    response = client.post(reverse("contact_create"), {**CONTACT, **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Contact.objects.get()


def first_line(kind, user, contact):
    application = due_application(user)
    _, body = render_draft(
        kind, user=user, application=application, interview=application.interviews.first(), contact=contact
    )
    return body.splitlines()[0]


def test_a_veteran_typed_name_is_greeted_by_the_given_name(alice_client, alice):
    contact = save_contact(alice_client, name="SGM (Ret) Dana Brooks", greet_as="")
    assert contact.greet_as == "Dana"
    assert contact.name == "SGM (Ret) Dana Brooks", "the name is kept as typed"


@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_every_email_draft_opens_with_the_greet_as_name_never_the_rank(alice_client, alice, kind):
    contact = save_contact(alice_client, name="SGM (Ret) Dana Brooks", greet_as="")
    line = first_line(kind, alice, contact)
    assert line in ("Dear Dana,", "Hi Dana,")
    assert "SGM" not in line


def test_the_call_script_greets_them_by_name_too(alice_client, alice):
    contact = save_contact(alice_client, name="SGM (Ret) Dana Brooks", greet_as="", work_phone="555-0100")
    application = due_application(alice)
    _, body = render_draft(
        DraftKind.CALL_SCRIPT, user=alice, application=application, interview=None, contact=contact
    )
    assert body.count('"Hello Dana, this is') == 2, "the opening and the voicemail"
    assert "SGM" not in body


def test_the_contact_list_shows_how_they_are_greeted(alice_client, alice):
    save_contact(alice_client, name="SGM (Ret) Dana Brooks", greet_as="")
    page = alice_client.get(reverse("contact_list")).content.decode()
    assert "Greeted as “Dana”" in page


def test_a_greeting_the_user_typed_is_used_as_typed(alice_client, alice):
    contact = save_contact(alice_client, name="SGM (Ret) Dana Brooks", greet_as="Sergeant Major Brooks")
    assert contact.greet_as == "Sergeant Major Brooks"
    assert first_line(DraftKind.STATUS_REQUEST, alice, contact) == "Dear Sergeant Major Brooks,"


def test_a_typed_salutation_is_not_doubled(alice_client, alice):
    contact = save_contact(alice_client, name="Dana Brooks", greet_as="Dear Dana,")
    assert contact.greet_as == "Dana"
    assert first_line(DraftKind.STATUS_REQUEST, alice, contact) == "Dear Dana,"


def test_rank_and_surname_only_is_greeted_with_the_rank_written_out(alice_client, alice):
    contact = save_contact(alice_client, name="LTC Smith", greet_as="")
    assert contact.greet_as == "Colonel Smith"
    assert first_line(DraftKind.STATUS_REQUEST, alice, contact) == "Dear Colonel Smith,"


def test_a_contact_stored_without_greet_as_is_greeted_by_the_suggestion(alice):
    """Contacts from before the field existed, or made elsewhere, are never greeted "Dear Mr,"."""
    contact = ContactFactory(owner=alice, name="Mr Smith", greet_as="")
    assert first_line(DraftKind.STATUS_REQUEST, alice, contact) == "Dear Mr. Smith,"


def test_the_edit_form_shows_the_suggestion_for_a_contact_without_one(alice_client, alice):
    contact = ContactFactory(owner=alice, name="CAPT Anne Cole, USN (Ret.)", greet_as="")
    page = alice_client.get(reverse("contact_edit", args=[contact.pk])).content.decode()
    assert 'name="greet_as" value="Anne"' in page


def test_a_corrected_name_updates_a_suggested_greeting(alice_client, alice):
    contact = save_contact(alice_client, name="SGM (Ret) Dina Brooks", greet_as="")
    assert contact.greet_as == "Dina"
    edit = reverse("contact_edit", args=[contact.pk])
    alice_client.post(edit, {**CONTACT, "name": "SGM (Ret) Dana Brooks", "greet_as": contact.greet_as})
    contact.refresh_from_db()
    assert contact.greet_as == "Dana"


def test_a_corrected_name_keeps_a_greeting_the_user_chose(alice_client, alice):
    contact = save_contact(alice_client, name="SGM (Ret) Dina Brooks", greet_as="Sergeant Major Brooks")
    edit = reverse("contact_edit", args=[contact.pk])
    alice_client.post(edit, {**CONTACT, "name": "SGM (Ret) Dana Brooks", "greet_as": contact.greet_as})
    contact.refresh_from_db()
    assert contact.greet_as == "Sergeant Major Brooks"


def test_a_too_long_greeting_is_refused_and_what_was_typed_is_kept(alice_client, alice):
    response = alice_client.post(reverse("contact_create"), {**CONTACT, "greet_as": "D" * 101})
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 100 characters" in page
    assert "D" * 101 in page and CONTACT["name"] in page
    assert not Contact.objects.exists()


def test_the_demo_contacts_have_sensible_greetings():
    call_command("seed_demo", email="demo@example.com")
    contacts = list(Contact.objects.all())
    assert contacts
    for contact in contacts:
        assert contact.greet_as and contact.greet_as == suggest_greeting(contact.name)
        assert contact.greet_as.split()[0] in contact.name
