"""The user's dates as iCalendar: the subscription feed and one-off interview files.

What goes in:
- each open application's next follow-up (first or final), as an all-day event
  on its due date, overdue ones included, since they are still owed;
- each promised answer date of an open application's interviews, all-day;
- each interview, as a timed event written in UTC (the "Z" form), so every
  calendar app places it right whatever its own zone and across DST changes.
  An interview has no end time on record, so the event lasts an hour.

What stays out:
- closed applications (offer, no, moved on): no follow-ups, no promised dates
  and no interviews still to come. Their past interviews stay, as history.
- "time to move on" dates: they are a decision, not a message to send, and the
  dashboard already shows them.
- every free-text field a user writes for themselves (notes on applications,
  interviews, contacts, follow-ups and replies; reflections) and contact
  details. Whoever holds the link sees company, role, format and dates, and a
  link back to the app, which asks them to sign in. The queries below do not
  even load the other columns.

UIDs come from the kind of event and the record's id, never from its dates, so a
calendar app updates an event in place when a date moves.
"""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from icalendar import Calendar, Event, vDuration

from applications.choices import Status, Step
from applications.models import Application, Interview
from config.site import absolute_url, site_domain

PRODID = "-//Follow-up//Calendar feed//EN"
CALENDAR_NAME = "Follow-up"
# How often calendar apps that honor it should fetch the feed again.
REFRESH_EVERY = dt.timedelta(hours=1)
INTERVIEW_LENGTH = dt.timedelta(hours=1)
FOLLOW_UP_STEPS = (Step.FIRST, Step.FINAL)

APPLICATION_FIELDS = ("id", "company", "role", "status")
FOLLOW_UP_FIELDS = (*APPLICATION_FIELDS, "next_step", "next_due_on", "no_date_given")
INTERVIEW_FIELDS = (
    "id",
    "starts_at",
    "format",
    "promised_on",
    *(f"application__{name}" for name in APPLICATION_FIELDS),
)

FOLLOW_UP_TEXT = {
    Step.FIRST: "Time for your first follow-up: a short, courteous note asking for news.",
    Step.FINAL: "Your first follow-up got no answer. One last polite note, and you've done your part.",
}
NO_DATE_TEXT = (
    "They gave no date at the interview, so this follows your usual wait. "
    "Next time, ask when you'll hear back."
)
PROMISED_TEXT = (
    "The company said you would have an answer by today. If nothing comes, your follow-up date is next."
)
INTERVIEW_TEXT = "Before you leave, ask when you can expect to hear back: that date sets your follow-up."


# --- Reads: a fixed number of queries, however many records -------------------------
def follow_ups_for(owner):
    """Open applications with a follow-up owed, soonest first (overdue ones too)."""
    return (
        Application.objects.filter(
            owner=owner, status__in=Status.open(), next_step__in=FOLLOW_UP_STEPS, next_due_on__isnull=False
        )
        .only(*FOLLOW_UP_FIELDS)
        .order_by("next_due_on", "pk")
    )


def interviews_for(owner, *, now):
    """Every interview of an open application, and the past ones of closed applications."""
    return (
        Interview.objects.filter(application__owner=owner)
        .filter(Q(application__status__in=Status.open()) | Q(starts_at__lt=now))
        .select_related("application")
        .only(*INTERVIEW_FIELDS)
        .order_by("starts_at", "pk")
    )


# --- Building the calendar ------------------------------------------------------------
def new_calendar(*, method=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def new_subscription(*, time_zone):
    """A named calendar that apps fetch again on their own."""
    calendar = new_calendar()
    calendar.add("name", CALENDAR_NAME)
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("x-wr-timezone", time_zone)
    calendar.add("refresh-interval", REFRESH_EVERY, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_EVERY))
    return calendar


def _event(*, uid, summary, description, url, stamp):
    event = Event()
    event.add("uid", f"{uid}@{site_domain()}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("description", f"{description}\n\n{url}")
    event.add("url", url)
    return event


def _all_day(event, day):
    """A date, not a time: it sits on that day in every zone and blocks no time."""
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def follow_up_event(application, *, stamp):
    description = FOLLOW_UP_TEXT[application.next_step]
    if application.no_date_given:
        description += " " + NO_DATE_TEXT
    event = _event(
        uid=f"followup-{application.pk}-{application.next_step}",
        summary=f"Follow up: {application}",
        description=description + " Your draft is ready:",
        url=absolute_url(reverse("draft_list", args=[application.pk])),
        stamp=stamp,
    )
    return _all_day(event, application.next_due_on)


def promised_event(interview, *, stamp):
    application = interview.application
    event = _event(
        uid=f"promised-{interview.pk}",
        summary=f"Answer promised: {application}",
        description=PROMISED_TEXT,
        url=absolute_url(application.get_absolute_url()),
        stamp=stamp,
    )
    return _all_day(event, interview.promised_on)


def interview_event(interview, *, stamp):
    application = interview.application
    starts_at = interview.starts_at.astimezone(dt.UTC)
    event = _event(
        uid=f"interview-{interview.pk}",
        summary=f"Interview: {application}",
        description=f"{interview.get_format_display()} interview. {INTERVIEW_TEXT}",
        url=absolute_url(application.get_absolute_url()),
        stamp=stamp,
    )
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + INTERVIEW_LENGTH)
    return event


def feed_calendar(*, owner, now):
    """The whole subscription feed of ``owner`` as of ``now``, in three queries."""
    calendar = new_subscription(time_zone=owner.time_zone)
    for application in follow_ups_for(owner):
        calendar.add_component(follow_up_event(application, stamp=now))
    interviews = list(interviews_for(owner, now=now))
    for interview in interviews:
        if interview.promised_on and not interview.application.is_closed:
            calendar.add_component(promised_event(interview, stamp=now))
    for interview in interviews:
        calendar.add_component(interview_event(interview, stamp=now))
    return calendar


def interview_calendar(interview, *, now):
    """One interview, for a one-off download; its UID matches the feed's.

    No calendar name: some apps would make a new calendar for a named file.
    """
    calendar = new_calendar(method="PUBLISH")
    calendar.add_component(interview_event(interview, stamp=now))
    return calendar
