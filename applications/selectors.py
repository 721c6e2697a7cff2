"""Reads for one user's pages. Each takes the user and reads only their rows,
with a fixed number of queries however many rows there are."""
import datetime as dt
from itertools import chain

from django.db.models import Count, Q
from django.utils import timezone

from .choices import Status, Step
from .models import Application, Interview


def local_today(user):
    return timezone.now().astimezone(user.zoneinfo).date()


def dashboard_for(*, user):
    today = local_today(user)
    mine = Application.objects.filter(owner=user)
    due = list(
        mine.filter(next_step__in=[Step.FIRST, Step.FINAL], next_due_on__lte=today).order_by("next_due_on", "company")
    )
    for application in due:
        application.days_overdue = (today - application.next_due_on).days
    counts = dict(mine.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {
        "today": today,
        "due_today": [a for a in due if a.days_overdue == 0],
        "overdue": [a for a in due if a.days_overdue > 0],
        "upcoming": list(
            mine.filter(next_step__in=[Step.FIRST, Step.FINAL], next_due_on__gt=today, next_due_on__lte=today + dt.timedelta(days=7))
            .order_by("next_due_on")
        ),
        "promised_this_week": list(
            Interview.objects.filter(
                application__owner=user,
                application__status__in=Status.open(),
                promised_on__gte=today,
                promised_on__lte=today + dt.timedelta(days=7),
            )
            .select_related("application")
            .order_by("promised_on")
        ),
        "no_date_given": list(mine.filter(no_date_given=True).exclude(next_step=Step.NONE).order_by("next_due_on")),
        "let_go": list(mine.filter(next_step=Step.MOVE_ON, next_due_on__lte=today).order_by("next_due_on")),
        "status_counts": [(status, counts.get(status.value, 0)) for status in Status],
        "total": sum(counts.values()),
    }


def application_list(*, user, status="", query=""):
    applications = Application.objects.filter(owner=user)
    if status:
        applications = applications.filter(status=status)
    if query:
        applications = applications.filter(Q(company__icontains=query) | Q(role__icontains=query))
    return applications.order_by("-updated_at")


def timeline_for(application):
    """Everything that happened, oldest first: applied, interviews, follow-ups, replies."""
    events = chain(
        [("applied", None, application)],
        (("interview", i.starts_at, i) for i in application.interviews.prefetch_related("interviewers")),
        (("touch", t.happened_at, t) for t in application.touches.select_related("contact")),
        (("reply", r.received_at, r) for r in application.replies.all()),
    )
    start = dt.datetime.combine(application.applied_on, dt.time.min, tzinfo=dt.UTC)
    return sorted(events, key=lambda event: event[1] or start)
