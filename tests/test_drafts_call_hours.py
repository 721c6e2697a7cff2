"""When a call is welcome: weekdays 09:00-17:00 in the company's time zone, the
rule as a table, then as the call script page says it.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from applications.choices import Rapport
from plans.offers import working_hours
from tests.helpers.drafts import NOW, UTC, K, due_application, open_draft, recruiter
from tests.helpers.pages import text_of


# --- The rule, as a table (pure) --------------------------------------------------------------
def at(zone, *args):
    return dt.datetime(*args, tzinfo=ZoneInfo(zone))


NY, CHI, BER = "America/New_York", "America/Chicago", "Europe/Berlin"
# (now, company zone, open now?, next window as a local wall time (y, m, d, h, min),
#  next window in UTC or None)
WORKING_HOURS = [
    pytest.param(at(NY, 2026, 12, 8, 10, 0), NY, True, (2026, 12, 8, 10, 0), None, id="tue-10:00-open"),
    pytest.param(at(NY, 2026, 12, 8, 9, 0), NY, True, (2026, 12, 8, 9, 0), None, id="tue-09:00-opens"),
    pytest.param(
        at(NY, 2026, 12, 8, 16, 59), NY, True, (2026, 12, 8, 16, 59), None, id="tue-16:59-still-open"
    ),
    pytest.param(
        at(NY, 2026, 12, 8, 17, 0), NY, False, (2026, 12, 9, 9, 0), None, id="tue-17:00-closed-until-wed"
    ),
    pytest.param(
        at(NY, 2026, 12, 8, 7, 30), NY, False, (2026, 12, 8, 9, 0), None, id="tue-07:30-same-day-09:00"
    ),
    pytest.param(
        at(NY, 2026, 12, 8, 0, 0), NY, False, (2026, 12, 8, 9, 0), None, id="tue-midnight-same-day-09:00"
    ),
    pytest.param(
        at(NY, 2026, 12, 7, 8, 59), NY, False, (2026, 12, 7, 9, 0), None, id="mon-08:59-same-day-09:00"
    ),
    pytest.param(
        at(NY, 2026, 12, 11, 17, 30), NY, False, (2026, 12, 14, 9, 0), None, id="fri-17:30-until-monday"
    ),
    pytest.param(
        at(NY, 2026, 12, 12, 12, 0), NY, False, (2026, 12, 14, 9, 0), None, id="sat-noon-until-monday"
    ),
    pytest.param(
        at(NY, 2026, 12, 13, 23, 59), NY, False, (2026, 12, 14, 9, 0), None, id="sun-23:59-until-monday"
    ),
    pytest.param(
        at(NY, 2026, 12, 12, 10, 0), NY, False, (2026, 12, 14, 9, 0), None, id="sat-10:00-weekend-is-closed"
    ),
    # Chicago springs forward on Sunday 8 March 2026 and falls back on Sunday 1 November 2026.
    pytest.param(
        at(CHI, 2026, 3, 7, 12, 0),
        CHI,
        False,
        (2026, 3, 9, 9, 0),
        dt.datetime(2026, 3, 9, 14, 0, tzinfo=UTC),
        id="chicago-sat-before-spring-forward",
    ),
    pytest.param(
        at(CHI, 2026, 3, 8, 1, 30),
        CHI,
        False,
        (2026, 3, 9, 9, 0),
        dt.datetime(2026, 3, 9, 14, 0, tzinfo=UTC),
        id="chicago-sun-01:30-just-before-the-change",
    ),
    pytest.param(
        at(CHI, 2026, 3, 6, 17, 0),
        CHI,
        False,
        (2026, 3, 9, 9, 0),
        dt.datetime(2026, 3, 9, 14, 0, tzinfo=UTC),
        id="chicago-fri-17:00-across-spring-forward",
    ),
    pytest.param(
        at(CHI, 2026, 10, 30, 18, 0),
        CHI,
        False,
        (2026, 11, 2, 9, 0),
        dt.datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
        id="chicago-fri-evening-across-fall-back",
    ),
    pytest.param(
        dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
        CHI,
        False,
        (2026, 11, 2, 9, 0),
        dt.datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
        id="chicago-sun-01:30-the-repeated-hour",
    ),
    pytest.param(
        dt.datetime(2026, 3, 9, 14, 0, tzinfo=UTC),
        CHI,
        True,
        (2026, 3, 9, 9, 0),
        None,
        id="chicago-mon-09:00-cdt-is-open",
    ),
    pytest.param(
        dt.datetime(2026, 3, 9, 13, 30, tzinfo=UTC),
        CHI,
        False,
        (2026, 3, 9, 9, 0),
        dt.datetime(2026, 3, 9, 14, 0, tzinfo=UTC),
        id="chicago-mon-08:30-cdt-not-yet",
    ),
    # A company in Berlin, a user in New York: the US changed on 8 March, Europe only on 29 March.
    pytest.param(
        at(NY, 2026, 3, 27, 13, 0),
        BER,
        False,
        (2026, 3, 30, 9, 0),
        dt.datetime(2026, 3, 30, 7, 0, tzinfo=UTC),
        id="berlin-company-ny-user-fri-afternoon-across-eu-change",
    ),
    pytest.param(
        at(NY, 2026, 3, 24, 4, 30),
        BER,
        True,
        (2026, 3, 24, 9, 30),
        None,
        id="berlin-company-open-while-ny-user-sleeps",
    ),
    pytest.param(
        at(NY, 2026, 3, 24, 12, 30),
        BER,
        False,
        (2026, 3, 25, 9, 0),
        dt.datetime(2026, 3, 25, 8, 0, tzinfo=UTC),
        id="berlin-company-closed-at-ny-lunchtime",
    ),
    pytest.param(
        at(NY, 2026, 10, 23, 14, 0),
        BER,
        False,
        (2026, 10, 26, 9, 0),
        dt.datetime(2026, 10, 26, 8, 0, tzinfo=UTC),
        id="berlin-company-across-eu-fall-back",
    ),
    pytest.param(
        at("America/Los_Angeles", 2026, 12, 7, 17, 0),
        "Asia/Tokyo",
        True,
        (2026, 12, 8, 10, 0),
        None,
        id="tokyo-company-la-user-across-the-date-line",
    ),
]


@pytest.mark.parametrize(("now", "zone", "is_open", "next_local", "next_utc"), WORKING_HOURS)
def test_working_hours(now, zone, is_open, next_local, next_utc):
    opened, next_window = working_hours(now, zone)
    assert opened is is_open
    local = next_window.astimezone(ZoneInfo(zone))
    assert local.replace(tzinfo=None) == dt.datetime(*next_local)
    assert next_window.utcoffset() == local.utcoffset(), "the offset is the zone's on that day"
    if is_open:
        assert next_window == now
    else:
        assert next_window > now
        assert local.time() == dt.time(9, 0) and local.weekday() < 5
    if next_utc is not None:
        assert next_window == next_utc


# --- The call script page: is it working hours for the company? -------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "company_zone", "expected"),
    [
        pytest.param(
            dt.datetime(2026, 12, 8, 15, 0, tzinfo=UTC),
            "",
            "It's working hours now for them (America/New_York)",
            id="tuesday-10:00-ny-open",
        ),
        pytest.param(
            dt.datetime(2026, 12, 12, 15, 0, tzinfo=UTC),
            "",
            "The next good time to call is Monday, December 14, 9:00 AM their time",
            id="saturday-ny-next-monday",
        ),
        # 12:00 in New York is 18:00 in Berlin: closed until 09:00 Berlin time (03:00 in New York).
        pytest.param(
            dt.datetime(2026, 12, 8, 17, 0, tzinfo=UTC),
            "Europe/Berlin",
            "The next good time to call is Wednesday, December 9, 9:00 AM their time",
            id="berlin-company-closed-at-18:00-their-time",
        ),
        pytest.param(
            dt.datetime(2026, 12, 8, 12, 0, tzinfo=UTC),
            "Europe/Berlin",
            "It's working hours now for them (Europe/Berlin)",
            id="berlin-company-open-while-user-sleeps",
        ),
    ],
)
def test_call_script_page_says_when_to_call_in_the_companys_time(
    alice_client, alice, moment, company_zone, expected
):
    with time_machine.travel(NOW, tick=False):
        alice_client.force_login(alice)
        application = due_application(alice, rapport=Rapport.WENT_WELL)
        application.company_time_zone = company_zone
        application.save()
        recruiter(alice, work_phone="+1 901 555 0134")
        call = open_draft(alice_client, application, K.CALL_SCRIPT)
    with time_machine.travel(moment, tick=False):
        alice_client.force_login(alice)  # a session from before the trip would have run out
        response = alice_client.get(call.get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    shown = re.search(r"(It's working hours now|Outside their working hours now)[^.]*\.[^.]*\.", page)
    assert expected in page, f"the page says: {shown and shown.group(0)!r}"
    assert 'href="tel:+1 901 555 0134"' in response.content.decode()
    assert "Open in my email app" not in page and "Mark as sent" not in page, "a call is logged, not sent"
