"""What a stranger, a flooder or a borrowed session cannot do to an account.

- Asking for codes is counted per address and client, so a stranger flooding
  someone's address does not lock its owner out; hourly caps per address and
  per client stop anyone from mailing an address (or everyone) forever.
- Changing the sign-in address or deleting the account needs a fresh code sent
  to the current address, and the old address is told after a change.
- A code typed after its account was deleted gets a clear answer, and the
  deleted account's sessions are gone with it.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.services import user_delete
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)
CONFIRM_LOGIN = reverse("account_confirm_login_code")
CONFIRM_SIGNUP = reverse("account_email_verification_sent")
START_LOGIN = reverse("account_request_login_code")


def code_in(message):
    match = CODE.search(message.body)
    assert match, f"no code in email: {message.body!r}"
    return match.group(1)


def request_login_code(client, email):
    return client.post(reverse("account_login"), {"login": email})


def signup(client, email):
    return client.post(reverse("account_signup"), {"email": email})


def text_of(response):
    """The page's words, whitespace collapsed (templates break lines where they like)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def sessions_naming(user):
    """Stored sessions that still hold the user's id or one of their addresses."""
    found = []
    for session in Session.objects.all():
        data = session.get_decoded()
        if data.get(SESSION_KEY) == str(user.pk) or user.email in str(data):
            found.append(session.session_key)
    return found


# --- A deleted account leaves nothing behind, and its codes get a clear answer ----------------


def test_deleting_an_account_deletes_its_sessions_on_every_device(alice, bob):
    phone = Client()
    phone.force_login(alice)
    library = Client()  # in the middle of signing in
    request_login_code(library, alice.email)
    bobs = Client()
    bobs.force_login(bob)
    assert len(sessions_naming(alice)) == 2

    laptop = Client()
    laptop.force_login(alice)
    response = laptop.post(reverse("delete_account"), {"confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert sessions_naming(alice) == []
    assert len(sessions_naming(bob)) == 1
    assert bobs.get(reverse("dashboard")).status_code == 200


def test_a_waiting_sign_in_is_found_by_the_account_it_names_not_only_by_address():
    carol = UserFactory(id=4242, email="carol@example.com")  # allauth writes her id as "39u" there
    library = Client()
    request_login_code(library, carol.email)
    EmailAddress.objects.filter(user=carol).update(email="carol.new@example.com")
    User.objects.filter(pk=carol.pk).update(email="carol.new@example.com")
    carol.refresh_from_db()
    [waiting] = Session.objects.all()

    user_delete(user=carol)

    assert not Session.objects.filter(session_key=waiting.session_key).exists()


def test_a_login_code_typed_after_the_account_was_deleted_gets_a_clear_answer(alice):
    phone = Client(raise_request_exception=False)
    request_login_code(phone, alice.email)
    code = code_in(mail.outbox[-1])
    laptop = Client()
    laptop.force_login(alice)
    laptop.post(reverse("delete_account"), {"confirm": "on"})

    response = phone.post(CONFIRM_LOGIN, {"code": code})

    assert response.status_code == 302 and response["Location"] == START_LOGIN
    page = phone.get(response["Location"])
    assert "That code can no longer be used" in text_of(page)
    assert "ask for a new code" in text_of(page)
    assert phone.get(reverse("dashboard")).status_code == 302  # not signed in


def test_a_login_code_for_an_account_removed_in_the_admin_gets_a_clear_answer(alice):
    # The admin's delete button removes the user alone: the waiting sign-in stays in its session.
    phone = Client(raise_request_exception=False)
    request_login_code(phone, alice.email)
    code = code_in(mail.outbox[-1])
    User.objects.filter(pk=alice.pk).delete()

    response = phone.post(CONFIRM_LOGIN, {"code": code})

    assert response.status_code == 302 and response["Location"] == START_LOGIN
    assert "That code can no longer be used" in text_of(phone.get(response["Location"]))


def test_a_signup_code_for_an_account_removed_since_gets_a_clear_answer():
    browser = Client(raise_request_exception=False)
    signup(browser, "newcomer@example.com")
    code = code_in(mail.outbox[-1])
    User.objects.filter(email="newcomer@example.com").delete()

    response = browser.post(CONFIRM_SIGNUP, {"code": code})

    assert response.status_code == 302 and response["Location"] == START_LOGIN
    assert "That code can no longer be used" in text_of(browser.get(response["Location"]))
