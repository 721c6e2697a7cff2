"""The calendar feed: a private link to the user's follow-up, promised and interview dates."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from applications.choices import Status, Step
from applications.models import Application, Interview
from feeds.models import CalendarFeed
from tests.factories import (
    ApplicationFactory,
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    OpportunityFactory,
    ReplyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Wednesday 9 December 2026, 10:00 in New York.
NOW = dt.datetime(2026, 12, 9, 15, 0, tzinfo=dt.UTC)
ZONE = "America/New_York"
SECRET = "SECRETNOTE"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def feed_of(user):
    return CalendarFeed.objects.create(owner=user)


def unfolded(content):
    """The raw text with iCalendar's 75-octet line folding undone, so a search can't miss a split word."""
    return content.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").decode()


def fetch(client, feed_or_url):
    url = feed_or_url if isinstance(feed_or_url, str) else feed_or_url.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response, Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(kind, *parts):
    domain = settings.SITE_URL.split("://", 1)[1].split(":")[0].split("/")[0]
    return f"{kind}-{'-'.join(str(p) for p in parts)}@{domain}"


def waiting_application(owner, **fields):
    """An open application whose interview on Mon 30 Nov promised an answer by Fri 4 Dec:
    the first follow-up is due Mon 7 Dec (overdue on 9 Dec, still owed)."""
    application = ApplicationFactory(
        owner=owner,
        company="Northwind Logistics",
        role="Operations Supervisor",
        status=Status.WAITING,
        **fields,
    )
    interview = InterviewFactory(application=application)
    application.refresh_plan()
    application.refresh_from_db()
    return application, interview


# --- What the feed holds ----------------------------------------------------------------
def test_feed_is_one_calendar_named_follow_up_in_the_users_zone(client, alice):
    waiting_application(alice)
    response, calendar = fetch(client, feed_of(alice))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    assert str(calendar["X-WR-CALNAME"]) == "Follow-up"
    assert str(calendar["X-WR-TIMEZONE"]) == ZONE
    assert len(Calendar.from_ical(response.content, multiple=True)) == 1
    text = unfolded(response.content)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text
    assert "X-PUBLISHED-TTL:PT1H" in text


def test_follow_up_due_is_an_all_day_event_on_its_date_even_when_overdue(client, alice):
    application, _ = waiting_application(alice)
    assert (application.next_step, application.next_due_on) == (Step.FIRST, dt.date(2026, 12, 7))
    response, calendar = fetch(client, feed_of(alice))
    event = events_by_uid(calendar)[uid("followup", application.pk, "first")]
    assert str(event["SUMMARY"]) == "Follow up: Operations Supervisor at Northwind Logistics"
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert type(start) is dt.date and start == dt.date(2026, 12, 7)
    assert type(end) is dt.date and end == dt.date(2026, 12, 8)
    text = unfolded(response.content)
    assert "DTSTART;VALUE=DATE:20261207" in text
    link = settings.SITE_URL + reverse("draft_list", args=[application.pk])
    assert str(event["URL"]) == link
    assert link in str(event["DESCRIPTION"])


def test_promised_answer_date_is_an_all_day_event(client, alice):
    application, interview = waiting_application(alice)
    _, calendar = fetch(client, feed_of(alice))
    event = events_by_uid(calendar)[uid("promised", interview.pk)]
    assert str(event["SUMMARY"]) == "Answer promised: Operations Supervisor at Northwind Logistics"
    assert type(event["DTSTART"].dt) is dt.date and event["DTSTART"].dt == dt.date(2026, 12, 4)
    assert event["DTEND"].dt == dt.date(2026, 12, 5)
    assert str(event["URL"]) == settings.SITE_URL + application.get_absolute_url()


def test_interview_is_a_timed_event_in_utc(client, alice):
    application, interview = waiting_application(alice)
    response, calendar = fetch(client, feed_of(alice))
    event = events_by_uid(calendar)[uid("interview", interview.pk)]
    assert str(event["SUMMARY"]) == "Interview: Operations Supervisor at Northwind Logistics"
    assert event["DTSTART"].dt == dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)
    assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(hours=1)
    assert "DTSTART:20261130T150000Z" in unfolded(response.content)
    assert str(event["URL"]) == settings.SITE_URL + application.get_absolute_url()


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        ("2026-03-06", 15),  # Friday before the clocks go forward: EST, UTC-5
        ("2026-03-09", 14),  # Monday after: EDT, UTC-4
    ],
)
def test_interview_logged_at_ten_local_time_lands_right_across_the_dst_change(
    alice_client, alice, day, utc_hour
):
    application = ApplicationFactory(owner=alice, company="Northwind Logistics", role="Operations Supervisor")
    response = alice_client.post(
        reverse("interview_create", args=[application.pk]),
        {"day": day, "time": "10:00", "format": "video", "rapport": "neutral", "asked_about_timing": "False"},
    )
    assert response.status_code == 302
    interview = Interview.objects.get(application=application)
    response, calendar = fetch(alice_client, feed_of(alice))
    start = events_by_uid(calendar)[uid("interview", interview.pk)]["DTSTART"].dt
    assert start == dt.datetime.fromisoformat(day).replace(hour=utc_hour, tzinfo=dt.UTC)
    assert f"DTSTART:{day.replace('-', '')}T{utc_hour}0000Z" in unfolded(response.content)


def test_uids_are_stable_across_requests_and_date_changes(client, alice):
    application, interview = waiting_application(alice)
    feed = feed_of(alice)
    _, first = fetch(client, feed)
    _, again = fetch(client, feed)
    assert set(events_by_uid(first)) == set(events_by_uid(again))
    assert len(events_by_uid(first)) == len(first.walk("VEVENT")) == 3
    # The company moves its promised date: the same events, on new days.
    interview.promised_on = dt.date(2026, 12, 11)
    interview.save()
    application.refresh_plan()
    _, moved = fetch(client, feed)
    assert set(events_by_uid(moved)) == set(events_by_uid(first))
    assert events_by_uid(moved)[uid("promised", interview.pk)]["DTSTART"].dt == dt.date(2026, 12, 11)
    assert events_by_uid(moved)[uid("followup", application.pk, "first")]["DTSTART"].dt == dt.date(
        2026, 12, 14
    )


def test_every_event_has_a_stamp(client, alice):
    waiting_application(alice)
    _, calendar = fetch(client, feed_of(alice))
    for event in calendar.walk("VEVENT"):
        assert event["DTSTAMP"].dt == NOW


def test_closed_application_keeps_only_its_past_interviews(client, alice):
    application = ApplicationFactory(owner=alice, status=Status.MOVED_ON)
    past = InterviewFactory(application=application)
    future = InterviewFactory(
        application=application, starts_at=NOW + dt.timedelta(days=3), promised_on=dt.date(2026, 12, 20)
    )
    Application.objects.filter(pk=application.pk).update(
        next_step=Step.FIRST, next_due_on=dt.date(2026, 12, 10)
    )
    _, calendar = fetch(client, feed_of(alice))
    assert set(events_by_uid(calendar)) == {uid("interview", past.pk)}
    assert uid("interview", future.pk) not in events_by_uid(calendar)


def test_open_application_shows_upcoming_interviews(client, alice):
    application = ApplicationFactory(owner=alice, status=Status.INTERVIEWING)
    upcoming = InterviewFactory(
        application=application, starts_at=NOW + dt.timedelta(days=3), promised_on=None
    )
    _, calendar = fetch(client, feed_of(alice))
    assert set(events_by_uid(calendar)) == {uid("interview", upcoming.pk)}


def test_time_to_move_on_is_not_a_follow_up_event(client, alice):
    application = ApplicationFactory(owner=alice, status=Status.FOLLOWED_UP)
    Application.objects.filter(pk=application.pk).update(
        next_step=Step.MOVE_ON, next_due_on=dt.date(2026, 12, 10)
    )
    _, calendar = fetch(client, feed_of(alice))
    assert calendar.walk("VEVENT") == []


def test_empty_feed_is_still_a_valid_calendar(client, alice):
    _, calendar = fetch(client, feed_of(alice))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-CALNAME"]) == "Follow-up"


# --- Privacy --------------------------------------------------------------------------------
def test_no_notes_or_personal_details_leak(client, alice):
    opportunity = OpportunityFactory(owner=alice, note=f"{SECRET} opportunity")
    application, interview = waiting_application(
        alice,
        notes=f"{SECRET} application",
        reflection_went_well=f"{SECRET} went well",
        reflection_next_time=f"{SECRET} next time",
        opportunity=opportunity,
    )
    interview.notes = f"{SECRET} interview"
    interview.save()
    contact = ContactFactory(
        owner=alice,
        notes=f"{SECRET} contact",
        personal_email="secretnote.personal@example.com",
        personal_phone="555-0100",
    )
    interview.interviewers.add(contact)
    FollowUpFactory(application=application, notes=f"{SECRET} follow_up")
    ReplyFactory(application=application, notes=f"{SECRET} reply")
    application.refresh_plan()
    response, calendar = fetch(client, feed_of(alice))
    text = unfolded(response.content)
    assert calendar.walk("VEVENT"), "the feed should not be empty in this test"
    assert SECRET.lower() not in text.lower()
    assert "555-0100" not in text
    for event in calendar.walk("VEVENT"):
        assert SECRET not in str(event.get("DESCRIPTION", ""))


def test_typed_line_breaks_cannot_add_events(client, alice):
    application = ApplicationFactory(
        owner=alice,
        company="Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected",
        role="Role; with, punctuation",
    )
    InterviewFactory(application=application, promised_on=None)
    _, calendar = fetch(client, feed_of(alice))
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Interview: Role; with, punctuation at Evil")


def test_a_token_shows_only_its_owners_dates(client, alice, bob):
    waiting_application(alice)
    ApplicationFactory(owner=bob, company="Globex", role="Dispatcher", status=Status.WAITING)
    bobs = Application.objects.get(owner=bob)
    InterviewFactory(application=bobs)
    bobs.refresh_plan()
    response, calendar = fetch(client, feed_of(bob))
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert summaries == {
        "Follow up: Dispatcher at Globex",
        "Answer promised: Dispatcher at Globex",
        "Interview: Dispatcher at Globex",
    }
    assert "Northwind" not in unfolded(response.content)


# --- The link: no sign-in, revocable, replaceable ------------------------------------------
def test_signed_out_calendar_app_can_fetch_with_the_token(client, alice):
    waiting_application(alice)
    feed = feed_of(alice)
    response, calendar = fetch(client, feed)
    assert len(calendar.walk("VEVENT")) == 3
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_token_is_long_and_random(alice, bob):
    tokens = {feed_of(alice).token, feed_of(bob).token}
    assert len(tokens) == 2
    assert all(len(token) >= 43 for token in tokens)


@pytest.mark.parametrize("token", ["nope", "x" * 43, "a" * 500])
def test_unknown_token_is_404(client, alice, token):
    feed_of(alice)
    assert client.get(reverse("calendar_feed", kwargs={"token": token})).status_code == 404


def test_inactive_users_feed_is_404(client, alice):
    feed = feed_of(alice)
    alice.is_active = False
    alice.save()
    assert client.get(feed.get_absolute_url()).status_code == 404


def test_feed_answers_only_get(client, alice):
    feed = feed_of(alice)
    assert client.post(feed.get_absolute_url()).status_code == 405
    assert client.head(feed.get_absolute_url()).status_code == 200


def test_turning_the_link_off_makes_it_404(alice_client, alice):
    feed = feed_of(alice)
    old_url = feed.get_absolute_url()
    response = alice_client.post(reverse("calendar_revoke"), follow=True)
    assert "Calendar link turned off" in response.content.decode()
    assert not CalendarFeed.objects.filter(owner=alice).exists()
    assert alice_client.get(old_url).status_code == 404


def test_a_new_link_replaces_the_old_one_which_stays_404(alice_client, alice):
    old_url = feed_of(alice).get_absolute_url()
    response = alice_client.post(reverse("calendar_regenerate"), follow=True)
    assert "The old one no longer works" in response.content.decode()
    new_feed = CalendarFeed.objects.get(owner=alice)
    assert new_feed.get_absolute_url() != old_url
    assert alice_client.get(old_url).status_code == 404
    assert alice_client.get(new_feed.get_absolute_url()).status_code == 200
    # Turned off and created again: still a new token, the old ones stay dead.
    alice_client.post(reverse("calendar_revoke"))
    alice_client.post(reverse("calendar_create"))
    newest = CalendarFeed.objects.get(owner=alice)
    assert newest.token != new_feed.token
    for url in (old_url, new_feed.get_absolute_url()):
        assert alice_client.get(url).status_code == 404
    assert alice_client.get(newest.get_absolute_url()).status_code == 200


def test_creating_twice_keeps_the_same_link(alice_client, alice):
    response = alice_client.post(reverse("calendar_create"), follow=True)
    assert "Your calendar link is ready" in response.content.decode()
    token = CalendarFeed.objects.get(owner=alice).token
    response = alice_client.post(reverse("calendar_create"), follow=True)
    assert "You already have a calendar link" in response.content.decode()
    assert CalendarFeed.objects.get(owner=alice).token == token


def test_turning_off_with_no_link_says_so(alice_client):
    response = alice_client.post(reverse("calendar_revoke"), follow=True)
    assert "You had no calendar link to turn off" in response.content.decode()


def test_one_users_buttons_never_touch_anothers_link(alice_client, alice, bob):
    bobs = feed_of(bob)
    alice_client.post(reverse("calendar_regenerate"))
    alice_client.post(reverse("calendar_revoke"))
    assert CalendarFeed.objects.get(owner=bob).token == bobs.token


# --- The settings page -------------------------------------------------------------------
def test_settings_page_offers_to_create_a_link(alice_client):
    response = alice_client.get(reverse("calendar_settings"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Create my calendar link" in html
    assert reverse("calendar_create") in html
    assert ".ics" not in html


def test_settings_page_shows_the_absolute_and_webcal_links(alice_client, alice):
    feed = feed_of(alice)
    html = alice_client.get(reverse("calendar_settings")).content.decode()
    assert feed.url == settings.SITE_URL + f"/calendar/{feed.token}.ics"
    assert f'value="{feed.url}"' in html
    assert f'href="webcal://{feed.url.split("://", 1)[1]}"' in html
    assert "Make a new link (the old one stops working)" in html
    assert "Turn the link off" in html
    assert "js/copy.js" in html
    assert "<script>" not in html and "style=" not in html


POST_ONLY = ["calendar_create", "calendar_regenerate", "calendar_revoke"]


@pytest.mark.parametrize("name", ["calendar_settings", *POST_ONLY])
def test_settings_and_buttons_ask_signed_out_visitors_to_log_in(client, alice, name):
    url = reverse(name)
    login = f"{reverse('account_login')}?next={url}"
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"] == login
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("name", POST_ONLY)
def test_buttons_reject_get(alice_client, alice, name):
    feed = feed_of(alice)
    assert alice_client.get(reverse(name)).status_code == 405
    assert CalendarFeed.objects.get(owner=alice).token == feed.token


# --- One interview as a file ------------------------------------------------------------
# (A signed-out visitor is sent to log in first: tests/test_ownership.py.)
def test_interview_download_is_an_attachment_with_the_feeds_uid(alice_client, alice):
    _, interview = waiting_application(alice)
    response = alice_client.get(reverse("interview_ics", args=[interview.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="interview-northwind-logistics-2026-11-30.ics"'
    )
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == uid("interview", interview.pk)
    assert event["DTSTART"].dt == dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_interview_download_leaks_no_notes(alice_client, alice):
    application = ApplicationFactory(owner=alice, notes=SECRET)
    interview = InterviewFactory(application=application, notes=SECRET)
    response = alice_client.get(reverse("interview_ics", args=[interview.pk]))
    assert SECRET not in unfolded(response.content)


def test_interview_download_is_404_to_a_stranger(client, alice, bob):
    interview = InterviewFactory(application__owner=alice)
    client.force_login(bob)
    assert client.get(reverse("interview_ics", args=[interview.pk])).status_code == 404
    assert client.get(reverse("interview_ics", args=[interview.pk + 1000])).status_code == 404


# --- Cost -------------------------------------------------------------------------------------
def user_with_applications(count):
    """Open and closed applications, each with a due follow-up, a promised date and an interview."""
    user = UserFactory(time_zone=ZONE)
    applications = Application.objects.bulk_create(
        Application(
            owner=user,
            company=f"Company {i:03}",
            role="Logistics coordinator",
            status=Status.MOVED_ON if i % 5 == 0 else Status.WAITING,
            applied_on=dt.date(2026, 11, 2),
            next_step=Step.FIRST,
            next_due_on=dt.date(2026, 12, 7) + dt.timedelta(days=i % 10),
        )
        for i in range(count)
    )
    Interview.objects.bulk_create(
        Interview(
            application=application,
            starts_at=NOW + dt.timedelta(days=(i % 7) - 3),
            promised_on=dt.date(2026, 12, 4),
        )
        for i, application in enumerate(applications)
    )
    return user


def feed_queries(client, count):
    feed = feed_of(user_with_applications(count))
    with CaptureQueriesContext(connection) as queries:
        _, calendar = fetch(client, feed)
    return len(queries), len(calendar.walk("VEVENT"))


def test_feed_query_count_does_not_grow_with_applications(client):
    few, few_events = feed_queries(client, 5)
    many, many_events = feed_queries(client, 50)
    assert many_events > few_events > 0
    assert few == many <= 3
