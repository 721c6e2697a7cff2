"""What outside checkers found: page descriptions, no caching of signed-in
pages, well-formed automated emails, date fields that never echo bad values."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from config.site import site_domain
from tests.helpers.accounts import code_in, request_login_code, signup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["home", "guide", "account_login", "account_signup"])
def test_public_pages_describe_themselves(client, url_name):
    html = client.get(reverse(url_name)).content.decode()
    descriptions = re.findall(r'<meta name="description"\s+content="([^"]+)"', html)
    assert len(descriptions) == 1
    assert len(descriptions[0].split()) >= 8


def test_public_pages_each_have_their_own_description(client):
    pages = ["home", "guide", "account_login", "account_signup"]
    meta = re.compile(r'<meta name="description"\s+content="([^"]+)"')
    found = {meta.search(client.get(reverse(name)).content.decode())[1] for name in pages}
    assert len(found) == len(pages)


@pytest.mark.parametrize(
    "url_name", ["dashboard", "calendar_settings", "profile", "contact_list", "application_list"]
)
def test_signed_in_pages_are_never_stored(alice_client, url_name):
    response = alice_client.get(reverse(url_name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_signed_out_pages_may_be_cached_as_before(client):
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")


def test_sign_in_code_email_is_marked_automatic_with_the_sites_message_id(client, alice, settings):
    settings.SITE_URL = "https://followup.example.org"
    request_login_code(client, alice.email)
    message = mail.outbox[-1]
    code_in(message)
    headers = message.message()
    assert headers["Auto-Submitted"] == "auto-generated"
    assert headers["Message-ID"].endswith("@followup.example.org>")
    assert site_domain() == "followup.example.org"


def test_sign_up_email_is_marked_automatic_and_avoids_spam_filter_wording(client):
    signup(client, "new.person@example.com")
    message = mail.outbox[-1]
    assert message.message()["Auto-Submitted"] == "auto-generated"
    assert "@localhost>" not in message.message()["Message-ID"]
    assert "to confirm the address" not in message.body.lower()
    code_in(message)


def test_reminders_and_digests_are_marked_automatic(alice):
    from outreach.emails import build_email

    for name in ("reminder", "digest"):
        message = build_email(name, to=alice.email, context={"user": alice}, unsubscribe_for=alice)
        assert message.message()["Auto-Submitted"] == "auto-generated"


@pytest.mark.parametrize(
    ("field", "typed"),
    [("applied_on", "next tuesday"), ("applied_on", "2026-13-45"), ("applied_on", '"><b>x</b>')],
)
def test_an_unreadable_date_is_not_echoed_as_the_inputs_value(alice_client, field, typed):
    data = {"company": "Northwind", "role": "Dispatcher", "status": "applied", field: typed}
    response = alice_client.post(reverse("application_create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', html)[0]
    value = re.search(r'value="([^"]*)"', tag)
    assert value is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[1]), tag
    # What was typed is not lost: the message quotes it.
    assert "is not a date we can read" in html
    from django.utils.html import escape

    assert escape(typed) in html
    assert "<b>x</b>" not in html


def test_a_readable_date_is_given_back_in_the_browsers_form(alice_client):
    data = {"company": "", "role": "Dispatcher", "status": "applied", "applied_on": "11/30/2026"}
    html = alice_client.post(reverse("application_create"), data).content.decode()
    tag = re.search(r'<input[^>]*name="applied_on"[^>]*>', html)[0]
    assert 'value="2026-11-30"' in tag


def test_an_unreadable_time_is_not_echoed(alice_client, alice):
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(owner=alice)
    url = reverse("interview_create", args=[application.pk])
    response = alice_client.post(url, {"day": "2026-11-30", "time": "half past ten", "format": "video"})
    html = response.content.decode()
    assert response.status_code == 400
    tag = re.search(r'<input[^>]*name="time"[^>]*>', html)[0]
    assert "half past ten" not in tag
    assert "“half past ten” is not a time we can read" in html
