"""The profile and account deletion."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.timezones import time_zone_names

pytestmark = pytest.mark.django_db

VALID = {
    "full_name": "Alice Example",
    "time_zone": "America/Chicago",
    "skills_summary": "Led a team of 12 in logistics; managed a $2M inventory.",
    "email_signature": "Alice Example\n555-0100",
    "default_wait_days": "5",
    "reminders_enabled": "on",
    "reminder_hour": "8",
}
# A signed-out visitor is sent to log in from these pages (and every other): tests/test_ownership.py.


def test_profile_saves_every_field(alice_client, alice):
    response = alice_client.post(reverse("profile"), VALID)
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.full_name == "Alice Example"
    assert alice.time_zone == "America/Chicago"
    assert alice.skills_summary.startswith("Led a team")
    assert alice.email_signature.splitlines() == ["Alice Example", "555-0100"]
    assert alice.default_wait_days == 5


def test_new_user_waits_seven_business_days_by_default(db):
    assert User.objects.create_user("new@example.com").default_wait_days == 7


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Mars/Olympus_Mons", "is not a time zone we know"),
        ("time_zone", "", "This field is required"),
        ("default_wait_days", "0", "greater than or equal to 1"),
        ("default_wait_days", "31", "less than or equal to 30"),
        ("default_wait_days", "seven", "Enter a whole number"),
        ("skills_summary", "x" * 1001, "at most 1000 characters"),
        ("full_name", "x" * 151, "at most 150 characters"),
    ],
)
def test_profile_rejects_bad_input_with_a_message_and_keeps_what_was_typed(
    alice_client, alice, field, value, message
):
    before = alice.time_zone, alice.default_wait_days
    response = alice_client.post(reverse("profile"), {**VALID, field: value})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    # What the user typed in the other fields is still on the page.
    assert "555-0100" in html
    alice.refresh_from_db()
    assert (alice.time_zone, alice.default_wait_days) == before


def test_profile_escapes_what_the_user_typed(alice_client, alice):
    alice_client.post(reverse("profile"), {**VALID, "full_name": "<script>alert(1)</script>"})
    html = alice_client.get(reverse("profile")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_time_zone_list_holds_real_zones_only():
    names = time_zone_names()
    assert names[0] == "UTC"
    assert {"America/New_York", "America/Los_Angeles", "Pacific/Honolulu", "Europe/Berlin"} <= set(names)
    assert not any(name.startswith(("posix/", "right/", "Etc/")) for name in names)


def test_each_request_runs_in_the_users_own_time_zone(rf, alice):
    from django.contrib.auth.models import AnonymousUser

    from accounts.middleware import UserTimeZoneMiddleware

    seen = []
    middleware = UserTimeZoneMiddleware(lambda request: seen.append(timezone.get_current_timezone_name()))
    alice.time_zone = "Asia/Tokyo"
    for user in (alice, AnonymousUser()):
        request = rf.get("/")
        request.user = user
        middleware(request)
    assert seen == ["Asia/Tokyo", "UTC"]


def test_delete_asks_for_confirmation_first(alice_client, alice):
    response = alice_client.get(reverse("delete_account"))
    assert response.status_code == 200
    assert "cannot be undone" in response.content.decode()

    response = alice_client.post(reverse("delete_account"), {})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def test_delete_removes_the_user_and_everything_they_own(alice_client, alice, bob):
    response = alice_client.post(reverse("delete_account"), {"confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "have been deleted" in response.content.decode()
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not EmailAddress.objects.filter(email="alice@example.com").exists()
    # Signed out, and the session that was theirs is gone.
    assert alice_client.get(reverse("dashboard")).status_code == 302
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(alice.pk)]
    # Nobody else is touched.
    assert User.objects.filter(pk=bob.pk).exists()
    assert EmailAddress.objects.filter(email="bob@example.com").exists()


def test_delete_rejects_get_as_a_way_to_delete(alice_client, alice):
    alice_client.get(reverse("delete_account"), {"confirm": "on"})
    assert User.objects.filter(pk=alice.pk).exists()
