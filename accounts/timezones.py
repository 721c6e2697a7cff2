"""The time zones a user can pick: IANA names, grouped by region."""

import zoneinfo
from functools import cache

REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@cache
def time_zone_names():
    """Canonical "Region/City" names plus UTC, sorted; legacy aliases left out."""
    names = {
        name for name in zoneinfo.available_timezones() if name.split("/", 1)[0] in REGIONS and "/" in name
    }
    return ("UTC", *sorted(names))


def is_time_zone_name(name):
    return name in time_zone_names()
