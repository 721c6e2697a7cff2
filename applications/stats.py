"""The pipeline at a glance: how the search is going, over all time and lately.

A fixed handful of queries per period, whatever the number of records; the
arithmetic is small pure functions.
"""

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from .choices import Status
from .models import Application, FollowUp, Interview, Reply


def share(part, whole):
    """A percentage rounded to a whole number, or None when there is nothing to divide."""
    return round(100 * part / whole) if whole else None


def median_days(pairs):
    """Median whole days from each (start, end) pair, or None with no pairs."""
    days = [(end - start).total_seconds() / 86400 for start, end in pairs if end >= start]
    return round(statistics.median(days), 1) if days else None


@dataclass(frozen=True)
class Pipeline:
    label: str
    stage_counts: list  # [(Status, count)]
    interviewed: int
    replied: int
    response_rate: int | None
    median_days_to_reply: float | None
    follow_ups: int
    follow_ups_answered: int
    follow_up_answer_rate: int | None
    asked_about_timing: int
    date_given: int
    date_given_rate: int | None


def pipeline_for(*, user, since=None, label="All time"):
    applications = Application.objects.filter(owner=user)
    interviews = Interview.objects.filter(application__owner=user)
    replies = Reply.objects.filter(application__owner=user)
    follow_ups = FollowUp.objects.filter(application__owner=user)
    if since is not None:
        applications = applications.filter(applied_on__gte=since.date())
        interviews = interviews.filter(starts_at__gte=since)
        replies = replies.filter(received_at__gte=since)
        follow_ups = follow_ups.filter(happened_at__gte=since)

    counts = dict(applications.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))

    # One pass over the dates; the joins are simpler in Python than in SQL and
    # cost a fixed number of queries.
    all_interviews = {}
    for application_id, starts_at in Interview.objects.filter(application__owner=user).values_list(
        "application_id", "starts_at"
    ):
        all_interviews.setdefault(application_id, []).append(starts_at)
    all_replies = {}
    for application_id, received_at in Reply.objects.filter(application__owner=user).values_list(
        "application_id", "received_at"
    ):
        all_replies.setdefault(application_id, []).append(received_at)

    # Applications interviewed in the period, and those of them that heard back afterwards.
    first_in_period = {}
    for application_id, starts_at in interviews.values_list("application_id", "starts_at"):
        first_in_period[application_id] = min(starts_at, first_in_period.get(application_id, starts_at))
    interviewed = len(first_in_period)
    replied = sum(
        any(received >= first for received in all_replies.get(application_id, []))
        for application_id, first in first_in_period.items()
    )

    # Days from the latest interview before each reply in the period to that reply.
    pairs = []
    for application_id, received_at in replies.values_list("application_id", "received_at"):
        before = [starts for starts in all_interviews.get(application_id, []) if starts <= received_at]
        if before:
            pairs.append((max(before), received_at))

    follow_ups = list(follow_ups.values_list("application_id", "happened_at"))
    answered = {
        "total": len(follow_ups),
        "answered": sum(
            any(r >= happened for r in all_replies.get(application_id, []))
            for application_id, happened in follow_ups
        ),
    }

    timing = interviews.filter(asked_about_timing=True).aggregate(
        asked=Count("pk"), given=Count("pk", filter=Q(promised_on__isnull=False))
    )
    return Pipeline(
        label=label,
        stage_counts=[(status, counts.get(status.value, 0)) for status in Status],
        interviewed=interviewed,
        replied=replied,
        response_rate=share(replied, interviewed),
        median_days_to_reply=median_days(pairs),
        follow_ups=answered["total"],
        follow_ups_answered=answered["answered"],
        follow_up_answer_rate=share(answered["answered"], answered["total"]),
        asked_about_timing=timing["asked"],
        date_given=timing["given"],
        date_given_rate=share(timing["given"], timing["asked"]),
    )


def pipelines_for(*, user, now=None):
    now = now or timezone.now()
    return [
        pipeline_for(user=user),
        pipeline_for(user=user, since=now - dt.timedelta(days=30), label="Last 30 days"),
    ]


# --- The chart: horizontal bars, drawn on the server ------------------------------------
BAR_HEIGHT = 28
GAP = 10
LABEL_WIDTH = 150
CHART_WIDTH = 560


def bar_chart(stage_counts):
    """Geometry for an SVG bar chart of counts per stage (no script, no styles)."""
    top = max((count for _, count in stage_counts), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 50
    bars = []
    for index, (status, count) in enumerate(stage_counts):
        y = index * (BAR_HEIGHT + GAP)
        width = round(room * count / top)
        bars.append(
            {
                "label": status.label,
                "stage": Status.stage_of(status),
                "count": count,
                "y": y,
                "text_y": y + BAR_HEIGHT // 2 + 5,
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": len(bars) * (BAR_HEIGHT + GAP),
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }
