"""American dates and times, set in one place (config/formats/en/formats.py,
applied by config/dates.py): "Mon, Nov 30", "Monday, November 30", "8:00 AM"."""

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest
from django.template import engines
from django.utils import timezone

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
UTC = dt.UTC
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def rendered(source, **context):
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("value", "name", "expected"),
    [
        (dt.date(2026, 11, 30), "day_short", "Mon, Nov 30"),
        (dt.date(2026, 11, 30), "day_short_year", "Mon, Nov 30, 2026"),
        (dt.date(2026, 11, 30), "day_long", "Monday, November 30"),
        (dt.date(2026, 11, 30), "day_long_year", "Monday, November 30, 2026"),
        (dt.date(2026, 12, 4), "month_day", "December 4"),
        (dt.date(2026, 1, 5), "date_us", "Jan 5, 2026"),
        (dt.time(8, 0), "time_us", "8:00 AM"),
        (dt.time(0, 5), "time_us", "12:05 AM"),
        (dt.time(12, 0), "time_us", "12:00 PM"),
        (dt.time(17, 30), "time_us", "5:30 PM"),
        # 15:00 UTC is 9:00 AM in Chicago, the zone in use.
        (dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC), "day_time", "Mon, Nov 30, 2026, 9:00 AM"),
        (dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC), "day_long_time", "Monday, November 30, 9:00 AM"),
        (dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC), "moment_zone", "Mon, Nov 30, 2026, 9:00 AM CST"),
        # Just after midnight UTC is still the evening before in Chicago.
        (dt.datetime(2026, 12, 1, 2, 0, tzinfo=UTC), "day_short", "Mon, Nov 30"),
        (None, "day_short", ""),
    ],
)
def test_each_named_format_renders_the_american_way(value, name, expected):
    with timezone.override(CHICAGO):
        assert rendered("{{ value|" + name + " }}", value=value) == expected


@pytest.mark.parametrize(
    ("hour", "expected"), [(5, "5:00 AM"), (8, "8:00 AM"), (12, "12:00 PM"), (21, "9:00 PM"), ("x", "")]
)
def test_reminder_hours_read_as_clock_times(hour, expected):
    assert rendered("{{ hour|hour_us }}", hour=hour) == expected


def test_djangos_own_formats_come_from_the_format_module():
    with timezone.override(CHICAGO):
        moment = dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
        assert rendered("{{ d|date }} · {{ d|time }} · {{ d|date:'SHORT_DATE_FORMAT' }}", d=moment) == (
            "Nov 30, 2026 · 9:00 AM · 11/30/2026"
        )


def test_the_other_zone_a_template_asks_for_is_kept():
    moment = dt.datetime(2026, 12, 8, 17, 0, tzinfo=UTC)
    with timezone.override(CHICAGO):
        assert rendered("{% load tz %}{{ d|timezone:'Europe/Berlin'|day_long_time }}", d=moment) == (
            "Tuesday, December 8, 6:00 PM"
        )


def test_no_template_spells_out_a_date_format_of_its_own():
    """Formats are named (|day_short, |time_us...), never written into a template."""
    spelled = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.*")
        if path.suffix in {".html", ".txt"}
        for match in re.finditer(r"\|(date|time):[\"'][^\"']*[\"']", path.read_text())
        if "_FORMAT" not in match.group(0)
    ]
    assert not spelled, "\n".join(spelled)


@pytest.mark.django_db
def test_an_application_page_shows_american_dates_and_times(alice_client, alice):
    from django.urls import reverse

    from tests.factories import ApplicationFactory, InterviewFactory

    application = ApplicationFactory(owner=alice, applied_on=dt.date(2026, 11, 2))
    # 3:00 PM UTC is 10:00 AM in New York, alice's zone.
    InterviewFactory(application=application, starts_at=dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC))
    html = " ".join(alice_client.get(application.get_absolute_url()).content.decode().split())
    assert "Mon, Nov 30, 2026, 10:00 AM" in html
    assert "Nov 2, 2026" in html
    assert not re.search(r"\b\d{1,2} (Nov|November)\b", html), "day before month is not American"
    assert not re.search(r"\b(1[3-9]|2[0-3]):\d\d\b", html), "no 24-hour times"
    today = " ".join(alice_client.get(reverse("dashboard")).content.decode().split())
    assert "Reminders come at 8:00 AM Eastern Time." in today


@pytest.mark.django_db
def test_a_digest_email_shows_american_dates(alice):
    from outreach.emails import build_email
    from tests.factories import ApplicationFactory

    application = ApplicationFactory.build(owner=alice, next_due_on=dt.date(2026, 11, 30))
    context = {"user": alice, "overdue": [application], "due_today": [], "upcoming": []}
    message = build_email("digest", to=alice.email, context=context)
    assert "due Mon, Nov 30" in message.body
    assert "due Mon, Nov 30" in message.alternatives[0][0]
