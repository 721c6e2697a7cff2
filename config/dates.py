"""Dates and times in American style, by name: the filters every template uses.

The formats themselves live in config/formats/en/formats.py; this module turns
each named one into a template filter (registered as a builtin in settings, so
no template loads it) and a function for Python code. Like Django's ``date``,
each filter receives an aware datetime already in the current time zone (or
the one ``|timezone:`` chose).
"""

import datetime as dt
from functools import lru_cache

from django import template
from django.utils import dateformat, timezone, translation

from config.formats.en import formats as us

register = template.Library()

NAMED = {
    "day_short": us.DAY_SHORT_FORMAT,
    "day_short_year": us.DAY_SHORT_YEAR_FORMAT,
    "day_long": us.DAY_LONG_FORMAT,
    "day_long_year": us.DAY_LONG_YEAR_FORMAT,
    "month_day": us.MONTH_DAY_FORMAT,
    "date_us": us.DATE_FORMAT,
    "time_us": us.TIME_FORMAT,
    "day_time": us.DAY_TIME_FORMAT,
    "day_long_time": us.DAY_LONG_TIME_FORMAT,
    "moment_zone": us.MOMENT_ZONE_FORMAT,
}


def render(value, name, *, local=True):
    """``value`` (a date, time or datetime) in the named format; "" for nothing.
    An aware datetime is shown in the current time zone unless ``local`` is False
    (templates convert it themselves, and ``|timezone:`` may ask for another)."""
    if value in (None, ""):
        return ""
    if local and isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if type(value) is dt.date:
        # A calendar date reads the same whatever the time or the zone: a list of
        # fifty rows formats a handful of distinct dates, once each.
        return _date_text(value, name, translation.get_language())
    try:
        if isinstance(value, dt.time):
            return dateformat.time_format(value, NAMED[name])
        return dateformat.format(value, NAMED[name])
    except (AttributeError, TypeError, ValueError):
        return ""


@lru_cache(maxsize=4096)
def _date_text(value, name, language):
    try:
        return dateformat.format(value, NAMED[name])
    except (AttributeError, TypeError, ValueError):
        return ""


def _filter(name):
    def apply(value):
        return render(value, name, local=False)

    apply.__name__ = name
    apply.__doc__ = f"{{{{ value|{name} }}}}: {NAMED[name]!r}"
    register.filter(name, apply, expects_localtime=True, is_safe=False)
    return apply


for _name in NAMED:
    _filter(_name)


@register.filter
def hour_us(hour):
    """An hour of the day (0-23) as a clock time: 8 -> "8:00 AM", 13 -> "1:00 PM"."""
    try:
        return render(dt.time(int(hour)), "time_us")
    except (TypeError, ValueError, OverflowError):
        return ""


@register.filter
def zone_short(name):
    """A time zone as a sentence says it: "America/Chicago" -> "Central Time"."""
    from accounts.timezones import zone_short_label

    return zone_short_label(str(name)) if name else ""
