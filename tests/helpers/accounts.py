"""Signing up and signing in the way a person does: an email address, then the
one-time code from the email."""

import re

from django.urls import reverse

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)


def code_in(message):
    """The one-time code in an email."""
    match = CODE.search(message.body)
    assert match, f"no code in email: {message.body!r}"
    return match.group(1)


def signup(client, email, time_zone="America/Chicago"):
    """The sign-up form as a browser sends it: static/js/time-zone.js fills in
    the device's zone (``time_zone=None`` for a browser without JavaScript)."""
    data = {"email": email}
    if time_zone is not None:
        data["time_zone"] = time_zone
    return client.post(reverse("account_signup"), data)


def request_login_code(client, email):
    return client.post(reverse("account_login"), {"login": email})


def without_csrf(html):
    """The page with its CSRF token taken out, so two answers can be compared."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
