"""Reads for the coach's page and the user's share pages.

The coach's page shows the Today page's own lists (applications.selectors.dashboard_for)
and the plan's own words (plans.words): what is due is never worked out here a second
time. Each read is scoped to one share's owner, in a fixed number of queries.
"""

import datetime as dt
from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from applications.models import Application, FollowUp, Reply
from applications.selectors import dashboard_for
from plans import words

from .models import CoachComment, Share, token_digest

# A token from new_token() is 43 characters; anything far off is not worth a query.
TOKEN_MAX_LENGTH = 64
RECENT_DAYS = 30
RECENT_LIMIT = 10
VIEWS_SHOWN = 20
COMMENTS_SHOWN = 20


def share_of(user, share_id):
    """The user's share, or a 404 for anyone else's."""
    return get_object_or_404(Share, pk=share_id, owner=user)


def live_share_by_token(token, *, now):
    """The share a link opens; unknown, turned-off and expired links are all the same 404."""
    if len(token) > TOKEN_MAX_LENGTH:
        raise Http404("No such page.")
    return get_object_or_404(
        Share.objects.select_related("owner"),
        token_digest=token_digest(token),
        revoked_at__isnull=True,
        expires_at__gt=now,
        owner__is_active=True,
    )


def share_list(*, user):
    return Share.objects.filter(owner=user)


def share_detail(*, share):
    """The share's recent views and the comments left through it."""
    return {
        "views": list(share.views.all()[:VIEWS_SHOWN]),
        "comments": list(share.comments.select_related("application")[:COMMENTS_SHOWN]),
    }


@dataclass(frozen=True)
class Event:
    """One follow-up or reply, as the coach sees it: when, what kind, for which application."""

    at: dt.datetime
    kind: str
    application: Application


def recent_activity(owner, *, now):
    """The last follow-ups and replies (30 days), newest first: dates and kinds only."""
    since = now - dt.timedelta(days=RECENT_DAYS)
    follow_ups = (
        FollowUp.objects.filter(application__owner=owner, happened_at__gte=since, happened_at__lte=now)
        .select_related("application")
        .order_by("-happened_at")[:RECENT_LIMIT]
    )
    replies = (
        Reply.objects.filter(application__owner=owner, received_at__gte=since, received_at__lte=now)
        .select_related("application")
        .order_by("-received_at")[:RECENT_LIMIT]
    )
    events = [Event(f.happened_at, follow_up_kind(f), f.application) for f in follow_ups]
    events += [Event(r.received_at, f"Reply: {r.get_outcome_display()}", r.application) for r in replies]
    return sorted(events, key=lambda event: event.at, reverse=True)[:RECENT_LIMIT]


def follow_up_kind(follow_up):
    if follow_up.call_outcome:
        outcome = follow_up.get_call_outcome_display().lower()
        return f"Follow-up: {follow_up.get_channel_display()} ({outcome})"
    return f"Follow-up: {follow_up.get_channel_display()}"


def coach_page(share, *, now):
    """Everything the coach's page shows, and nothing else: no notes, drafts, letters,
    contacts, calendar link or email address ever reach its template."""
    owner = share.owner
    today = dashboard_for(user=owner)
    for application in today["overdue"] + today["due_today"] + today["upcoming"] + today["let_go"]:
        application.step_line = words.status_line(
            step=application.next_step, due_on=application.next_due_on, today=today["today"]
        )
    activity = recent_activity(owner, now=now)
    shown = {
        application.pk: application
        for application in chain(
            today["overdue"],
            today["due_today"],
            today["upcoming"],
            today["let_go"],
            [interview.application for interview in today["promised_this_week"]],
            [event.application for event in activity],
        )
    }
    ctx: dict[str, Any] = {
        "owner_name": share.owner_name,
        "note": share.note,
        "coach_name": share.coach_name,
        "time_zone": owner.time_zone,
        "today": today["today"],
        "status_counts": today["status_counts"],
        "total": today["total"],
        "counts": today["counts"],
        "overdue": today["overdue"],
        "due_today": today["due_today"],
        "upcoming": today["upcoming"],
        "let_go": today["let_go"],
        "promised_this_week": today["promised_this_week"],
        "section_limit": today["section_limit"],
        "activity": activity,
        "commentable": sorted(shown.values(), key=lambda a: (a.company.lower(), a.role.lower())),
        "comments_allowed": share.accepts_comments(now),
    }
    return ctx


def comments_for(*, user, application):
    """The coaches' comments on one of the user's applications, newest first."""
    return list(
        CoachComment.objects.filter(Q(application=application) & Q(application__owner=user))
        .select_related("share")
        .order_by("-created_at")[:COMMENTS_SHOWN]
    )
