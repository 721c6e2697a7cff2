"""The plain-language check on the profile's skills summary and signature, which go into every
draft: after a save the profile page says, kindly, what reads as military shorthand and what to
try instead, and that clearance terms are worth keeping. It never blocks the save.

The draft page keeps showing jargon to replace and clearance terms to keep, each in its own words."""

import html
import re

import pytest
from django.urls import reverse

from tests.helpers.drafts import K, due_application, open_draft, recruiter

pytestmark = pytest.mark.django_db

PROFILE = {
    "full_name": "Dana Brooks",
    "time_zone": "America/Denver",
    "default_wait_days": "5",
    "reminders_enabled": "on",
    "reminder_hour": "8",
}


def text_of(response):
    """The page's text: emphasis kept inline, other tags as spaces, white space collapsed."""
    page = re.sub(r"</?strong>", "", response.content.decode())
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def save_profile(client, **fields):
    response = client.post(reverse("profile"), {**PROFILE, **fields}, follow=True)
    assert response.redirect_chain == [(reverse("profile"), 302)], "the profile is saved, not held back"
    return text_of(response)


def test_military_shorthand_in_the_skills_summary_is_named_with_a_civilian_alternative(alice_client, alice):
    text = save_profile(
        alice_client,
        skills_summary="NCOIC of the motor pool; kept 40 vehicles ready with weekly PMCS.",
        email_signature="Dana Brooks",
    )
    alice.refresh_from_db()
    assert alice.skills_summary.startswith("NCOIC of the motor pool"), "saved as typed"
    assert "Your profile is saved." in text
    assert "A note on wording" in text
    assert "“NCOIC” reads as military shorthand; try “supervisor in charge”." in text
    assert "“motor pool” reads as military shorthand; try “vehicle maintenance shop”." in text
    assert "“PMCS” reads as military shorthand; try “preventive maintenance checks”." in text


def test_the_signature_is_checked_too_and_colorado_is_not_a_commanding_officer(alice_client, alice):
    text = save_profile(
        alice_client,
        skills_summary="Led a team of 12 in logistics.",
        email_signature="Dana Brooks\nRetired SFC, 92Y\nDenver, CO 80202",
    )
    assert "Signature" in text
    assert "“SFC” reads as military shorthand" in text
    assert "“92Y” reads as military shorthand; try “supply specialist”." in text
    assert "“CO”" not in text
    assert "Skills summary" not in text.split("A note on wording", 1)[1].split("Full name", 1)[0]


def test_clearance_terms_get_a_note_to_keep_them_not_a_replacement(alice_client, alice):
    text = save_profile(
        alice_client,
        skills_summary="Logistics lead with an active TS/SCI.",
        email_signature="Dana Brooks\nColorado Springs, CO",
    )
    assert "“TS/SCI” is a clearance term: keep it. Defense and government employers search for it." in text
    assert "“TS/SCI” reads as military shorthand" not in text


def test_plain_civilian_fields_get_no_note(alice_client, alice):
    text = save_profile(
        alice_client,
        skills_summary="Led a team of 12; managed a $2M inventory; Intel Core i7 workstation builds.",
        email_signature="Dana Brooks\nOperations Manager\n600 17th St, Denver, CO 80202\n(303) 555 0142",
    )
    assert "Your profile is saved." in text
    assert "A note on wording" not in text


def test_a_bad_profile_post_still_keeps_what_was_typed(alice_client, alice):
    response = alice_client.post(
        reverse("profile"), {**PROFILE, "skills_summary": "NCOIC of supply", "default_wait_days": "0"}
    )
    assert response.status_code == 400
    assert "NCOIC of supply" in response.content.decode()


def test_the_draft_page_tells_jargon_from_clearance_terms(alice_client, alice, tuesday_morning):
    alice.email_signature = "Alice Example\nSFC (Ret.), active TS/SCI\nDenver, CO 80202"
    alice.save()
    application = due_application(alice)
    recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    text = text_of(alice_client.get(draft.get_absolute_url()))
    assert "“TS/SCI” is a clearance term, not jargon." in text
    assert "defense and government employers" in text
    assert "“SFC” is military shorthand a civilian reader may not know. Try “senior team supervisor”." in text
    assert "“CO”" not in text
