"""Unsubscribe links say nothing about the account and stop working after 60 days.

(The one-click flow itself, GET changes nothing and POST acts, is in test_reminders.py.)
"""

import base64
import datetime as dt
import json

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from outreach.emails import UNSUBSCRIBE_MAX_AGE, UNSUBSCRIBE_SALT, unsubscribe_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def payload_of(token):
    """What anyone holding the link can read, without the secret key."""
    part = token.split(":", 1)[0]
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode()


def test_the_token_holds_a_random_key_not_the_user_id():
    user = UserFactory()
    token = unsubscribe_token(user)
    assert json.loads(payload_of(token)) == user.email_key
    assert len(user.email_key) >= 32
    assert '"u"' not in payload_of(token) and user.email not in payload_of(token)


def test_every_user_has_their_own_key():
    keys = {UserFactory().email_key for _ in range(5)}
    assert len(keys) == 5


def test_a_link_works_until_60_days_then_says_it_expired_and_changes_nothing(client):
    user = UserFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        url = reverse("unsubscribe", args=[unsubscribe_token(user)])
    with time_machine.travel(start + dt.timedelta(seconds=UNSUBSCRIBE_MAX_AGE - 60), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(start + dt.timedelta(seconds=UNSUBSCRIBE_MAX_AGE + 60), tick=False):
        page = client.get(url)
        assert page.status_code == 410
        assert "This link has expired" in page.content.decode()
        assert client.post(url).status_code == 410
    user.refresh_from_db()
    assert user.reminders_enabled, "an expired link must not unsubscribe"


def test_an_old_style_link_naming_the_user_id_is_refused(client):
    user = UserFactory()
    old = signing.dumps({"u": user.pk}, salt="outreach.unsubscribe", compress=True)
    assert client.post(reverse("unsubscribe", args=[old])).status_code == 400
    user.refresh_from_db()
    assert user.reminders_enabled


def test_a_token_signed_for_another_purpose_is_refused(client):
    user = UserFactory()
    other = signing.dumps(user.email_key, salt="something.else")
    assert client.post(reverse("unsubscribe", args=[other])).status_code == 400
    genuine = signing.dumps(user.email_key, salt=UNSUBSCRIBE_SALT)
    assert client.get(reverse("unsubscribe", args=[genuine])).status_code == 200


def test_a_key_of_no_user_is_a_404(client):
    token = signing.dumps("no-such-key", salt=UNSUBSCRIBE_SALT)
    assert client.post(reverse("unsubscribe", args=[token])).status_code == 404
