"""Reads for one user's pages. Each takes the user and reads only their rows,
with a fixed number of queries however many rows there are."""

import datetime as dt
from itertools import chain
from typing import Any

from django.db import connections
from django.db.models import Count, Q, Value
from django.shortcuts import get_object_or_404
from django.utils import timezone

from plans import words

from .choices import Status, Step
from .models import Application, Interview


def application_of(user, application_id):
    """The user's application, or a 404 for anyone else's."""
    return get_object_or_404(Application.objects.select_related("owner"), pk=application_id, owner=user)


def interview_of(user, interview_id):
    """The user's interview, or a 404 for anyone else's."""
    return get_object_or_404(
        Interview.objects.select_related("application__owner"), pk=interview_id, application__owner=user
    )


def local_today(user):
    return timezone.now().astimezone(user.zoneinfo).date()


def plan_explanation(application, interview, today=None, *, follow_ups=None):
    """What the plan says today for this application, computed from its dates.

    ``follow_ups``: the application's follow-ups when the caller has them
    already (one query fewer); read from the database otherwise."""
    if interview is None or not application.next_step:
        return ""
    owner = application.owner
    if follow_ups is None:
        last = (
            application.follow_ups.filter(happened_at__gte=interview.starts_at)
            .order_by("-happened_at")
            .first()
        )
    else:
        since = [f for f in follow_ups if f.happened_at >= interview.starts_at]
        last = max(since, key=lambda f: f.happened_at, default=None)
    return words.plan_words(
        step=application.next_step,
        due_on=application.next_due_on,
        today=today or local_today(owner),
        promised_on=interview.promised_on,
        no_date_given=application.no_date_given,
        asked=interview.asked_about_timing,
        wait_days=owner.default_wait_days,
        last_follow_up_on=last.happened_at.astimezone(owner.zoneinfo).date() if last else None,
    )


def ask_next_time(application, interview):
    """The gentle tip, once, for an interview where the user did not ask for a date."""
    if interview is None or interview.asked_about_timing or interview.promised_on or application.is_closed:
        return ""
    return words.ASK_NEXT_TIME


# Each dashboard box shows this many rows, with the full count and a link to the rest,
# so the page costs the same for 10 applications as for 10,000.
SECTION_LIMIT = 10
FOLLOW_UP_STEPS = [Step.FIRST, Step.FINAL]


def dashboard_sections(today):
    """The dashboard's boxes as (name, filter) pairs over one user's applications."""
    week_ahead = today + dt.timedelta(days=7)
    return {
        "overdue": Q(next_step__in=FOLLOW_UP_STEPS, next_due_on__lt=today),
        "due_today": Q(next_step__in=FOLLOW_UP_STEPS, next_due_on=today),
        "upcoming": Q(next_step__in=FOLLOW_UP_STEPS, next_due_on__gt=today, next_due_on__lte=week_ahead),
        "no_date_given": Q(no_date_given=True) & ~Q(next_step=Step.NONE),
        "let_go": Q(next_step=Step.MOVE_ON, next_due_on__lte=today),
    }


def rows_per_section(queryset, sections, *, order_by, limit):
    """{name: the first ``limit`` rows of ``queryset`` matching that section's filter}, in
    one query (a UNION ALL of one limited SELECT per section) instead of one per section.
    A row in two sections comes back in both, as separate objects."""
    names = list(sections)
    if not connections[queryset.db].features.supports_slicing_ordering_in_compound:
        # SQLite (the embedded default) cannot limit the parts of a UNION: one query each.
        return {
            name: list(queryset.filter(condition).order_by(*order_by)[:limit])
            for name, condition in sections.items()
        }
    parts = [
        queryset.filter(condition).annotate(section_index=Value(index)).order_by(*order_by)[:limit]
        for index, condition in enumerate(sections.values())
    ]
    rows: dict[str, list] = {name: [] for name in names}
    # SQL keeps no order across a UNION: the combined query orders by section, then as asked.
    combined = parts[0].union(*parts[1:], all=True).order_by("section_index", *order_by)
    for row in combined:
        rows[names[row.section_index]].append(row)
    return rows


def dashboard_for(*, user):
    """What to do today, in a fixed number of queries whatever the number of rows."""
    today = local_today(user)
    mine = Application.objects.filter(owner=user)
    sections = dashboard_sections(today)
    # One aggregate for the boxes' counts and the counts per status.
    by_status = {f"status_{status.value}": Count("pk", filter=Q(status=status)) for status in Status}
    counts = mine.aggregate(
        **{name: Count("pk", filter=condition) for name, condition in sections.items()}, **by_status
    )
    status_counts = {status.value: counts.pop(f"status_{status.value}") for status in Status}
    ctx: dict[str, Any] = rows_per_section(  # a template context: rows, counts and dates side by side
        mine, sections, order_by=("next_due_on", "company"), limit=SECTION_LIMIT
    )
    for application in ctx["overdue"] + ctx["due_today"]:
        application.days_overdue = (today - application.next_due_on).days
        application.reason = words.due_reason(application.next_step, application.no_date_given)
    promised = Interview.objects.filter(
        application__owner=user,
        application__status__in=Status.open(),
        promised_on__gte=today,
        promised_on__lte=today + dt.timedelta(days=7),
    )
    counts["promised_this_week"] = promised.count()
    ctx.update(
        today=today,
        counts=counts,
        section_limit=SECTION_LIMIT,
        promised_this_week=list(
            promised.select_related("application").order_by("promised_on")[:SECTION_LIMIT]
        ),
        status_counts=[(status, status_counts.get(status.value, 0)) for status in Status],
        total=sum(status_counts.values()),
    )
    return ctx


def application_list(*, user, status="", query="", show=""):
    """The user's applications, filtered by status, by a dashboard box, or by a search."""
    applications = Application.objects.filter(owner=user)
    if status:
        applications = applications.filter(status=status)
    if show:
        applications = applications.filter(dashboard_sections(local_today(user))[show]).order_by(
            "next_due_on", "company"
        )
    if query:
        applications = applications.filter(Q(company__icontains=query) | Q(role__icontains=query))
    return applications if show else applications.order_by("-updated_at")


def timeline_for(application, *, interviews=None, follow_ups=None):
    """Everything that happened, oldest first: applied, interviews, follow-ups, replies.
    ``interviews`` and ``follow_ups``, when given, are the application's own, already read
    (interviewers prefetched, contacts selected)."""
    if interviews is None:
        interviews = application.interviews.prefetch_related("interviewers")
    if follow_ups is None:
        follow_ups = application.follow_ups.select_related("contact")
    events = chain(
        [("applied", None, application)],
        (("interview", i.starts_at, i) for i in interviews),
        (("follow_up", t.happened_at, t) for t in follow_ups),
        (("reply", r.received_at, r) for r in application.replies.all()),
    )
    start = dt.datetime.combine(application.applied_on, dt.time.min, tzinfo=dt.UTC)
    return sorted(events, key=lambda event: event[1] or start)


def application_page(application, now=None):
    """The application page's reads: its interviews and follow-ups are read once and
    serve the timeline, the latest interview, the follow-ups left and the plan's words,
    so the page costs the same queries however many there are. ``next_interview_at``:
    when the next of them starts after ``now`` (the page reads differently from then)."""
    interviews = list(application.interviews.prefetch_related("interviewers"))
    follow_ups = list(application.follow_ups.select_related("contact"))
    # As Application.latest_interview(): the latest start, the newest row on a tie.
    latest = max(interviews, key=lambda i: (i.starts_at, i.pk), default=None)
    made = sum(1 for f in follow_ups if latest is not None and f.happened_at >= latest.starts_at)
    return {
        "timeline": timeline_for(application, interviews=interviews, follow_ups=follow_ups),
        "latest_interview": latest,
        "follow_ups_left": application.follow_ups_left_after(latest, made=made),
        "plan_words": plan_explanation(application, latest, follow_ups=follow_ups),
        "ask_next_time": ask_next_time(application, latest),
        "follow_ups": follow_ups,
        "next_interview_at": min(
            (i.starts_at for i in interviews if i.starts_at > (now or timezone.now())), default=None
        ),
    }
