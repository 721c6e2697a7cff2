"""Every account has the zone its user lives in: taken from the browser at
sign-up, else asked on the first page after sign-in; never UTC unchosen."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.forms import ProfileForm
from accounts.models import User
from accounts.timezones import time_zone_choices, zone_label, zone_short_label
from tests.factories import UserFactory
from tests.helpers.accounts import code_in, signup

pytestmark = pytest.mark.django_db


def finish_signup(client, email, **kwargs):
    signup(client, email, **kwargs)
    code = code_in(mail.outbox[-1])
    return client.post(reverse("account_email_verification_sent"), {"code": code}, follow=True)


def test_sign_up_with_the_browsers_zone_saves_it_and_lands_on_today(client):
    response = finish_signup(client, "rosa@example.com", time_zone="America/Chicago")
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    user = User.objects.get(email="rosa@example.com")
    assert (user.time_zone, user.time_zone_confirmed) == ("America/Chicago", True)
    assert "Reminders come at 8:00 AM Central Time." in response.content.decode()


@pytest.mark.parametrize("sent", ["Mars/Olympus_Mons", "", "x" * 64, "posix/America/Chicago", "EST5EDT"])
def test_a_zone_we_do_not_know_is_ignored_not_an_error(client, sent):
    response = finish_signup(client, "rosa@example.com", time_zone=sent)
    assert response.status_code == 200
    user = User.objects.get(email="rosa@example.com")
    assert (user.time_zone, user.time_zone_confirmed) == ("UTC", False)
    assert response.redirect_chain[-1][0].startswith(reverse("time_zone"))


def test_without_javascript_the_next_page_asks_where_you_are_then_goes_on(client):
    response = finish_signup(client, "rosa@example.com", time_zone=None)
    url, status = response.redirect_chain[-1]
    assert url == reverse("time_zone") + "?next=%2Fdashboard%2F"
    html = response.content.decode()
    assert "Where are you?" in html
    # The US zones come first, each one click.
    eastern, central = html.index("Eastern Time (New York)"), html.index("Central Time (Chicago)")
    assert eastern < central < html.index("Africa/")
    assert re.search(r'<button type="submit"\s+name="time_zone"\s+value="America/Chicago"', html)

    # Every other page asks too, until a zone is chosen.
    assert client.get(reverse("application_list"))["Location"].startswith(reverse("time_zone"))

    response = client.post(reverse("time_zone"), {"time_zone": "America/Denver", "next": "/dashboard/"})
    assert response["Location"] == "/dashboard/"
    user = User.objects.get(email="rosa@example.com")
    assert (user.time_zone, user.time_zone_confirmed) == ("America/Denver", True)
    assert client.get(reverse("application_list")).status_code == 200


def test_choosing_utc_on_purpose_counts_as_chosen(client):
    user = UserFactory(time_zone="UTC", time_zone_confirmed=False)
    client.force_login(user)
    client.post(reverse("time_zone"), {"time_zone": "UTC"})
    user.refresh_from_db()
    assert (user.time_zone, user.time_zone_confirmed) == ("UTC", True)
    assert client.get(reverse("dashboard")).status_code == 200


def test_an_unknown_zone_on_the_question_page_is_a_400_with_a_message(client):
    user = UserFactory(time_zone="UTC", time_zone_confirmed=False)
    client.force_login(user)
    response = client.post(reverse("time_zone"), {"time_zone": "Mars/Base"})
    assert response.status_code == 400
    assert "is not a time zone we know" in response.content.decode()
    user.refresh_from_db()
    assert user.time_zone_confirmed is False


def test_the_question_never_sends_you_off_site(client):
    user = UserFactory(time_zone="UTC", time_zone_confirmed=False)
    client.force_login(user)
    response = client.post(
        reverse("time_zone"), {"time_zone": "America/Chicago", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("dashboard")


@pytest.mark.parametrize("path", ["/accounts/logout/", "/healthz/", "/static/css/app.css"])
def test_sign_out_and_files_are_never_held_up_by_the_question(client, path):
    client.force_login(UserFactory(time_zone="UTC", time_zone_confirmed=False))
    response = client.get(path)
    assert not response.get("Location", "").startswith(reverse("time_zone"))


def test_use_this_devices_zone_saves_it_and_replans(alice_client, alice):
    from accounts.signals import profile_changed

    heard = []

    def listener(sender, user, changed, **kwargs):
        heard.append(changed)

    profile_changed.connect(listener)
    try:
        chosen = {"time_zone": "Pacific/Honolulu", "next": "/profile/"}
        response = alice_client.post(reverse("time_zone"), chosen)
    finally:
        profile_changed.disconnect(listener)
    assert response["Location"] == "/profile/"
    alice.refresh_from_db()
    assert alice.time_zone == "Pacific/Honolulu"
    assert heard == [{"time_zone"}]


def test_the_profile_offers_the_device_zone_as_a_form_that_saves(alice_client):
    html = alice_client.get(reverse("profile")).content.decode()
    assert f'action="{reverse("time_zone")}"' in html
    assert "Use this device&#x27;s zone" in html or "Use this device's zone" in html


def test_profile_choices_start_with_us_zones_in_plain_words():
    choices = ProfileForm().fields["time_zone"].choices
    group, zones = choices[0]
    assert group == "United States"
    assert [label for _, label in zones[:7]] == [
        "Eastern Time (New York)",
        "Central Time (Chicago)",
        "Mountain Time (Denver)",
        "Mountain Time – Arizona (Phoenix)",
        "Pacific Time (Los Angeles)",
        "Alaska Time (Anchorage)",
        "Hawaii Time (Honolulu)",
    ]
    assert {"America/Puerto_Rico", "Pacific/Guam"} <= {name for name, _ in zones}
    # Then the rest by region, every zone once.
    assert [group for group, _ in choices[1:4]] == ["Africa", "America", "Antarctica"]
    names = [name for _, group in choices for name, _ in group]
    assert len(names) == len(set(names))
    assert "America/Chicago" not in dict(choices[2][1])


def test_profile_page_lists_us_zones_before_the_rest(alice_client):
    html = alice_client.get(reverse("profile")).content.decode()
    assert '<optgroup label="United States">' in html
    assert html.index("Central Time (Chicago)") < html.index('<optgroup label="Africa">')


@pytest.mark.parametrize(
    ("name", "label", "short"),
    [
        ("America/Chicago", "Central Time (Chicago)", "Central Time"),
        ("America/Phoenix", "Mountain Time – Arizona (Phoenix)", "Arizona time"),
        ("Europe/Berlin", "Europe/Berlin", "Berlin time"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos Aires", "Buenos Aires time"),
        ("UTC", "UTC (Coordinated Universal Time)", "UTC"),
    ],
)
def test_zones_are_named_in_plain_words(name, label, short):
    assert (zone_label(name), zone_short_label(name)) == (label, short)


def test_every_choice_is_a_zone_python_knows():
    import zoneinfo

    for _, group in time_zone_choices():
        for name, _ in group:
            zoneinfo.ZoneInfo(name)


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        ({"time_zone": "America/Chicago", "reminder_hour": 8}, "Reminders come at 8:00 AM Central Time."),
        ({"time_zone": "America/Los_Angeles", "reminder_hour": 17}, "Reminders come at 5:00 PM Pacific Time"),
        ({"reminders_enabled": False}, "Email reminders are off."),
    ],
)
def test_today_says_when_reminders_come_with_a_link_to_change_it(client, fields, line):
    client.force_login(UserFactory(**fields))
    html = client.get(reverse("dashboard")).content.decode()
    assert line in " ".join(html.split())
    assert f'href="{reverse("profile")}#id_time_zone">Change' in html


def test_the_migration_asks_only_accounts_left_on_utc():
    from importlib import import_module

    from django.apps import apps

    on_utc = UserFactory(time_zone="UTC", time_zone_confirmed=False)
    in_denver = UserFactory(time_zone="America/Denver", time_zone_confirmed=False)
    migration = import_module("accounts.migrations.0004_user_time_zone_confirmed")
    migration.confirm_chosen_zones(apps, None)
    on_utc.refresh_from_db()
    in_denver.refresh_from_db()
    assert (on_utc.time_zone_confirmed, in_denver.time_zone_confirmed) == (False, True)


def test_a_new_account_is_never_confirmed_on_utc_by_default(db):
    user = User.objects.create_user("plain@example.com")
    assert (user.time_zone, user.time_zone_confirmed) == ("UTC", False)
