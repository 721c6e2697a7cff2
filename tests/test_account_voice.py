"""The account pages speak as the rest of the product: sentence case, the code's
lifetime in minutes, one message after signing in."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.helpers.accounts import code_in, request_login_code, signup

pytestmark = pytest.mark.django_db


def messages_on(response):
    return [str(message) for message in response.context["messages"]]


def headings(html):
    found = re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html, re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", heading).strip() for heading in found]


def is_sentence_case(text):
    words = [word for word in text.split() if word.isalpha()]
    return all(not word[0].isupper() for word in words[1:])


def test_signing_up_ends_with_one_message(client):
    signup(client, "new.person@example.com")
    client.get(reverse("account_email_verification_sent"))  # "we emailed a code" is shown here
    response = client.post(
        reverse("account_email_verification_sent"), {"code": code_in(mail.outbox[-1])}, follow=True
    )
    assert messages_on(response) == ["You're signed in as new.person@example.com."]


def test_logging_in_ends_with_one_message(client, alice):
    request_login_code(client, alice.email)
    client.get(reverse("account_confirm_login_code"))  # the "we emailed a code" message is shown here
    code = code_in(mail.outbox[-1])
    response = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)
    assert messages_on(response) == ["You're signed in as alice@example.com."]


def test_the_login_code_page_says_how_many_minutes_the_code_works(client, alice):
    request_login_code(client, alice.email)
    html = client.get(reverse("account_confirm_login_code")).content.decode()
    minutes = settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60
    assert f"It works for {minutes} minutes" in html
    assert "expires shortly" not in html
    assert f"for {minutes} minutes" in mail.outbox[-1].body


def test_the_sign_up_code_page_says_how_many_minutes_the_code_works(client):
    signup(client, "new.person@example.com")
    html = client.get(reverse("account_email_verification_sent")).content.decode()
    minutes = settings.ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT // 60
    assert f"It works for {minutes} minutes" in html
    assert f"for {minutes} minutes" in mail.outbox[-1].body


@pytest.mark.parametrize(
    "url_name", ["account_login", "account_signup", "account_request_login_code", "account_inactive"]
)
def test_signed_out_account_pages_use_sentence_case(client, url_name):
    html = client.get(reverse(url_name)).content.decode()
    found = headings(html)
    assert found
    assert all(is_sentence_case(h) for h in found), found


def test_code_pages_use_sentence_case(client, alice):
    request_login_code(client, alice.email)
    html = client.get(reverse("account_confirm_login_code")).content.decode()
    assert "Enter your sign-in code" in html
    assert all(is_sentence_case(h) for h in headings(html)), headings(html)
    assert "Email me a new code" in html or "Confirm" in html


@pytest.mark.parametrize("url_name", ["account_logout", "account_email"])
def test_signed_in_account_pages_use_sentence_case(alice_client, url_name):
    response = alice_client.get(reverse(url_name))
    if response.status_code == 302:  # the email page asks "confirm it's you" first
        response = alice_client.get(response["Location"])
    found = headings(response.content.decode())
    assert found and all(is_sentence_case(h) for h in found), found
