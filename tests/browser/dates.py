"""Dates for browser tests, relative to the real "today" in the test user's zone,
which is what the live server computes with."""

import datetime as dt
from zoneinfo import ZoneInfo

USER_ZONE = "America/New_York"


def local_today():
    return dt.datetime.now(ZoneInfo(USER_ZONE)).date()


def past_weekday(days_ago):
    """The weekday ``days_ago`` days back, or the one before it if that is a weekend."""
    day = local_today() - dt.timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day
