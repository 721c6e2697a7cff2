"""The call script's voicemail leaves the user's callback number (issue 13, item 13): the phone
on the profile, said twice; with no phone, no made-up number, a note that is not for reading
out, and ``needs_phone`` in the context for the draft page."""

import re

import pytest
from django.test.signals import template_rendered
from django.urls import reverse

from outreach.drafts import needs_phone, render_draft
from plans.choices import DraftKind
from tests.factories import ContactFactory
from tests.helpers.drafts import due_application

pytestmark = pytest.mark.django_db

PHONE = "555-201-3344"
VALID_PROFILE = {
    "full_name": "Alice Example",
    "time_zone": "America/Chicago",
    "default_wait_days": "5",
    "reminder_hour": "8",
}


def call_script(user):
    application = due_application(user)
    contact = ContactFactory(owner=user, name="Dana Brooks", work_phone="+1 202 555 0100")
    contexts = []

    def keep(sender, template, context, **kwargs):
        if template.name == f"drafts/{DraftKind.CALL_SCRIPT}.txt":
            contexts.append(context.flatten())

    template_rendered.connect(keep)
    try:
        _, body = render_draft(
            DraftKind.CALL_SCRIPT,
            user=user,
            application=application,
            interview=application.interviews.first(),
            contact=contact,
        )
    finally:
        template_rendered.disconnect(keep)
    return body, contexts[0]


def voicemail_of(body):
    head, found, voicemail = body.partition("If you reach voicemail")
    assert found, body
    return head, voicemail


def test_the_voicemail_leaves_the_number_twice(alice):
    alice.phone = PHONE
    body, context = call_script(alice)
    head, voicemail = voicemail_of(body)
    assert voicemail.count(PHONE) == 2
    assert PHONE not in head, "only the voicemail leaves the number"
    assert f"{PHONE}. Again, that's {PHONE}." in voicemail
    assert "slowly" in voicemail
    assert context["needs_phone"] is False
    assert "[" not in voicemail, "nothing in brackets when nothing is missing"


def test_without_a_phone_the_script_invents_no_number_and_says_where_to_add_one(alice):
    alice.phone = ""
    body, context = call_script(alice)
    _, voicemail = voicemail_of(body)
    spoken = re.findall(r'"[^"]*"', voicemail)
    assert spoken and not any(re.search(r"\d{3}", line) or "[" in line for line in spoken), spoken
    assert "reach me at" not in voicemail
    assert context["needs_phone"] is True
    note = [line for line in voicemail.splitlines() if line.startswith("Not for reading out")]
    assert len(note) == 1 and "profile" in note[0]


def test_needs_phone_is_about_the_call_script_only(alice):
    alice.phone = ""
    assert needs_phone(DraftKind.CALL_SCRIPT, alice)
    assert not needs_phone(DraftKind.STATUS_REQUEST, alice)
    alice.phone = PHONE
    assert not needs_phone(DraftKind.CALL_SCRIPT, alice)


@pytest.mark.parametrize(
    "phone", ["555-201-3344", "+1 202 555 0142", "(555) 201-3344 ext. 12", "555.201.3344 x4"]
)
def test_the_profile_keeps_a_callback_number(alice_client, alice, phone):
    response = alice_client.post(reverse("profile"), {**VALID_PROFILE, "phone": phone})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.phone == phone


def test_the_profile_page_asks_for_the_phone(alice_client):
    page = alice_client.get(reverse("profile")).content.decode()
    assert 'name="phone"' in page and 'type="tel"' in page


@pytest.mark.parametrize("phone", ["call me", "123", "1" * 20, "555-201-3344; then hang up"])
def test_a_number_no_one_could_dial_is_refused_and_kept_on_screen(alice_client, alice, phone):
    response = alice_client.post(reverse("profile"), {**VALID_PROFILE, "phone": phone})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a phone number people can call back" in page
    assert f'value="{phone}"' in page
    alice.refresh_from_db()
    assert alice.phone == ""
