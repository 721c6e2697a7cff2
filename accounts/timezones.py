"""The time zones a user can pick: IANA names, US zones first in plain words,
then the rest grouped by region."""

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

# The zones most of our users live in, in the words they use for them:
# (IANA name, what the list says, what a sentence says).
US_ZONES = (
    ("America/New_York", "Eastern Time (New York)", "Eastern Time"),
    ("America/Chicago", "Central Time (Chicago)", "Central Time"),
    ("America/Denver", "Mountain Time (Denver)", "Mountain Time"),
    ("America/Phoenix", "Mountain Time – Arizona (Phoenix)", "Arizona time"),
    ("America/Los_Angeles", "Pacific Time (Los Angeles)", "Pacific Time"),
    ("America/Anchorage", "Alaska Time (Anchorage)", "Alaska Time"),
    ("Pacific/Honolulu", "Hawaii Time (Honolulu)", "Hawaii Time"),
    ("America/Puerto_Rico", "Atlantic Time – Puerto Rico (San Juan)", "Puerto Rico time"),
    ("America/St_Thomas", "Atlantic Time – U.S. Virgin Islands", "Virgin Islands time"),
    ("Pacific/Guam", "Chamorro Time – Guam and Northern Mariana Islands", "Guam time"),
    ("Pacific/Pago_Pago", "Samoa Time – American Samoa", "American Samoa time"),
)
US_GROUP = "United States"
US_LABELS = {name: label for name, label, _ in US_ZONES}
US_SHORT = {name: short for name, _, short in US_ZONES}
UTC_LABEL = "UTC (Coordinated Universal Time)"


@cache
def time_zone_names():
    """Canonical "Region/City" names plus UTC, sorted; legacy aliases left out."""
    names = {
        name for name in zoneinfo.available_timezones() if name.split("/", 1)[0] in REGIONS and "/" in name
    }
    return ("UTC", *sorted(names))


def is_time_zone_name(name):
    return name in time_zone_names()


def _city(name):
    return name.rsplit("/", 1)[-1].replace("_", " ")


def zone_label(name):
    """How the list names a zone: "Central Time (Chicago)", else "Europe/Berlin" in plain spacing."""
    if name == "UTC":
        return UTC_LABEL
    return US_LABELS.get(name) or name.replace("_", " ")


def zone_short_label(name):
    """How a sentence names a zone: "Central Time", "Berlin time", "UTC"."""
    if name == "UTC":
        return "UTC"
    return US_SHORT.get(name) or f"{_city(name)} time"


@cache
def time_zone_choices():
    """Choices for a select: the US zones first, then every other zone by region, UTC last."""
    us = [(name, label) for name, label, _ in US_ZONES if is_time_zone_name(name)]
    listed = {name for name, _ in us}
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in time_zone_names():
        if name == "UTC" or name in listed:
            continue
        region = name.split("/", 1)[0]
        groups.setdefault(region, []).append((name, zone_label(name)))
    return (
        (US_GROUP, tuple(us)),
        *((region, tuple(groups[region])) for region in REGIONS if region in groups),
        ("Other", (("UTC", UTC_LABEL),)),
    )
