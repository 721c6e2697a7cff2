"""Easy Access: sign up and sign in with an email and a one-time code, nothing else."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.helpers.accounts import code_in, request_login_code, signup

pytestmark = pytest.mark.django_db


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


# Codes working once, for three tries, for a while, in one browser; rate limits;
# the same answer for known and unknown addresses: tests/test_login_codes.py.


def test_logout_is_a_post(alice_client):
    assert alice_client.get(reverse("dashboard")).status_code == 200
    response = alice_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert alice_client.get(reverse("dashboard")).status_code == 302
