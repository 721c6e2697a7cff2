"""Easy Access: sign up and sign in with an email and a one-time code, nothing else."""
import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)


def code_in(message):
    match = CODE.search(message.body)
    assert match, f"no code in email: {message.body!r}"
    return match.group(1)


def signup(client, email):
    return client.post(reverse("account_signup"), {"email": email})


def request_login_code(client, email):
    return client.post(reverse("account_login"), {"login": email})


def without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_signup_page_asks_for_email_and_nothing_else(client):
    response = client.get(reverse("account_signup"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="email"' in html
    assert 'type="password"' not in html
    assert 'name="username"' not in html


def test_new_user_signs_up_with_emailed_code_and_lands_on_dashboard(client):
    response = signup(client, "Grace.Hopper@Example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["grace.hopper@example.com"]
    code = code_in(mail.outbox[0])

    response = client.post(reverse("account_email_verification_sent"), {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert response.context["user"].is_authenticated
    assert "grace.hopper@example.com" in response.content.decode()

    user = User.objects.get()
    assert user.email == "grace.hopper@example.com"
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified


def test_known_user_logs_in_with_a_fresh_code(client, alice):
    response = request_login_code(client, "alice@example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    code = code_in(mail.outbox[-1])

    response = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert response.context["user"] == alice


def test_login_page_has_no_password_field(client):
    html = client.get(reverse("account_login")).content.decode()
    assert 'name="login"' in html
    assert 'type="password"' not in html


@pytest.mark.parametrize(
    "url_name",
    [
        "account_change_password",
        "account_set_password",
        "account_reset_password",
        "account_reset_password_done",
        "account_reauthenticate",
    ],
)
def test_password_pages_do_not_exist(alice_client, url_name):
    assert alice_client.get(reverse(url_name)).status_code == 404


def answer_to(client, submit, email):
    """What a stranger sees after submitting an address: status, target, next page."""
    client.cookies.clear()
    response = submit(client, email)
    page = client.get(response["Location"])
    html = without_csrf(page.content.decode()).replace(email, "EMAIL")
    return response.status_code, response["Location"], page.status_code, html


def test_login_gives_the_same_answer_for_known_and_unknown_addresses(client, alice):
    known = answer_to(client, request_login_code, "alice@example.com")
    unknown = answer_to(client, request_login_code, "nobody@example.com")
    assert known[:3] == (302, reverse("account_confirm_login_code"), 200)
    assert known == unknown


def test_signup_gives_the_same_answer_for_known_and_unknown_addresses(client, alice):
    known = answer_to(client, signup, "alice@example.com")
    unknown = answer_to(client, signup, "newcomer@example.com")
    assert known[:3] == (302, reverse("account_email_verification_sent"), 200)
    assert known == unknown
    # The owner of the existing account is told by email; nobody gets a second account.
    assert User.objects.filter(email="alice@example.com").count() == 1
    assert [m.subject for m in mail.outbox] == [
        "[Follow-up] You already have a Follow-up account",
        "[Follow-up] Your code to finish signing up",
    ]


def test_wrong_codes_use_up_the_attempts_and_the_right_code_then_fails(client, alice):
    request_login_code(client, "alice@example.com")
    code = code_in(mail.outbox[-1])
    wrong = "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"
    url = reverse("account_confirm_login_code")

    answers = [client.post(url, {"code": wrong}) for _ in range(3)]
    assert [a.status_code for a in answers[:2]] == [400, 400]
    # The third wrong code ends the attempt: the user is sent back to start over.
    assert answers[2].status_code == 302
    response = client.post(url, {"code": code}, follow=True)
    assert not response.context["user"].is_authenticated
    assert alice.last_login is None


def test_one_wrong_code_is_explained_and_the_right_one_still_works(client, alice):
    request_login_code(client, "alice@example.com")
    code = code_in(mail.outbox[-1])
    url = reverse("account_confirm_login_code")

    response = client.post(url, {"code": "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"})
    assert response.status_code == 400
    assert "Incorrect code" in response.content.decode()
    response = client.post(url, {"code": code}, follow=True)
    assert response.context["user"] == alice


def test_expired_code_is_refused(client, alice):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_login_code(client, "alice@example.com")
        code = code_in(mail.outbox[-1])
        clock.shift(timedelta(minutes=11))
        response = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)
    assert not response.context["user"].is_authenticated


def test_code_requests_for_one_address_are_rate_limited(client, alice):
    def ask():
        client.cookies.clear()  # as a script hammering the form would
        return request_login_code(client, "alice@example.com")

    answers = [ask() for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [302, 302, 302]
    assert answers[3].status_code == 429
    assert "Too many" in answers[3].content.decode()
    assert len(mail.outbox) == 3


def test_signups_from_one_address_are_rate_limited(client):
    statuses = [signup(client, f"person{n}@example.com").status_code for n in range(21)]
    assert set(statuses[:20]) == {302}
    assert statuses[20] == 429


def test_logout_is_a_post(alice_client):
    assert alice_client.get(reverse("dashboard")).status_code == 200
    response = alice_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert alice_client.get(reverse("dashboard")).status_code == 302
