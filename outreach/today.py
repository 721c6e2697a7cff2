"""Today: what is due (each with its one action), what the user is waiting for, and
what closed lately. Every application appears once, and the page costs a fixed
number of queries however many applications there are."""

import datetime as dt
from dataclasses import dataclass

from django.db import connections
from django.db.models import Count, Min, Q, Value
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from applications.choices import Status, Step
from applications.models import Application, Interview
from applications.selectors import local_today
from freshness import cache as freshness
from plans import today as plan_today
from plans.choices import DraftKind
from plans.offers import offered_drafts, thank_you_until

from .models import Draft
from .services import latest_records, situations_for

DUE_LIMIT = 20
WAITING_LIMIT = 15
CLOSED_LIMIT = 5
# A thank-you fits for a few business days after an interview; this many calendar
# days always covers them (weekends and holidays included). The rule decides.
THANK_YOU_LOOKBACK = dt.timedelta(days=10)
DUE_STEPS = [Step.FIRST, Step.FINAL, Step.MOVE_ON]
# What Today reads of an application (its rows, strips and offers); fewer columns to
# build and to read. A field missing here costs a query per row: tests/test_queries.py.
SHOWN_FIELDS = (
    "owner_id",  # the offers group by owner (outreach.services._records_for_situations)
    "company",
    "role",
    "status",
    "next_step",
    "next_due_on",
    "no_date_given",
    "snoozed_until",
    "updated_at",
)


def attach_progress(applications, records):
    """Set on each application what its progress strip needs, from ``latest_records``
    (no query): its latest interview's start, rapport and promised date, the follow-ups
    made since that interview, and whether a thank-you for it was sent."""
    interviews, follow_ups, thanked = records
    for application in applications:
        interview = interviews.get(application.pk)
        at = interview.starts_at if interview else None
        application.latest_at = at
        application.latest_rapport = interview.rapport if interview else ""
        application.latest_promised = interview.promised_on if interview else None
        since = [when for _, when, *_ in follow_ups.get(application.pk, ()) if at and when >= at]
        application.follow_ups_made = len(since)
        application.thanked = bool(interview and thanked.get(interview.pk))
    return applications


def thank_you_window_open(application, today, now, zone):
    """Whether a thank-you still fits (no offers computed): the interview happened,
    none was sent, no follow-up yet, and its few business days have not passed."""
    at = application.latest_at
    return bool(
        at
        and at <= now
        and not application.thanked
        and not application.follow_ups_made
        and today <= thank_you_until(at.astimezone(zone).date())
    )


def strip_for(application, *, today, now, zone, thank_you_offered=None):
    """The progress strip of an application given its facts by ``attach_progress``."""
    if thank_you_offered is None:
        thank_you_offered = thank_you_window_open(application, today, now, zone)
    return plan_today.progress(
        interviewed=bool(application.latest_at and application.latest_at <= now),
        thank_you_sent=bool(application.thanked),
        thank_you_offered=thank_you_offered,
        follow_ups_made=application.follow_ups_made or 0,
        rapport=application.latest_rapport or "",
        step=application.next_step,
        due_on=application.next_due_on,
        today=today,
        closed=application.is_closed,
    )


@dataclass
class Row:
    application: Application
    strip: list
    action: plan_today.Action | None = None
    action_url: str = ""
    contact_id: int | None = None
    days_overdue: int = 0
    awaited: str = ""
    no_date_given: bool = False
    step_due: bool = False  # its plan's step is due (not only a thank-you)


def _action_url(application, action):
    if action is None:
        return reverse("draft_list", args=[application.pk])
    if action.act == plan_today.Act.CLOSE:
        return reverse("application_move_on", args=[application.pk])
    return reverse("draft_open", args=[application.pk, action.offer.kind])


def _awaited(application, *, today, now, zone):
    """What an application given its facts by ``attach_progress`` waits for, and by when."""
    at = application.latest_at
    return plan_today.awaited(
        step=application.next_step,
        due_on=application.next_due_on,
        today=today,
        interview_day=at.astimezone(zone).date() if at else None,
        interview_ahead=bool(at and at > now),
        promised_on=application.latest_promised,
    )


def _awaited_words(application, *, today, now, zone):
    return plan_today.awaited_words(*_awaited(application, today=today, now=now, zone=zone))


def _sections(user, *, today, now):
    """The applications Today may show, per section, in one query (a UNION ALL of one
    limited SELECT per section; one query per section on SQLite, which cannot limit
    the parts of a union): due or lately interviewed, not due (enough to fill Waiting
    whichever of them are listed as due), and the latest closed."""
    mine = Application.objects.filter(owner=user).only(*SHOWN_FIELDS)
    due_now = Q(next_step__in=DUE_STEPS, next_due_on__lte=today)
    # Interviewed lately: a thank-you may fit (the playbook's rules decide below).
    recent = Interview.objects.filter(
        application__owner=user, starts_at__lte=now, starts_at__gte=now - THANK_YOU_LOOKBACK
    ).values("application_id")
    by_due_day = ("next_due_on", "company", "pk")
    latest_change = ("-updated_at", "-pk")
    parts = [
        (Q(status__in=Status.open()) & (due_now | Q(pk__in=recent)), by_due_day, DUE_LIMIT),
        (Q(status__in=Status.open()) & ~due_now, by_due_day, WAITING_LIMIT + DUE_LIMIT),
        (Q(status__in=Status.closed()), latest_change, CLOSED_LIMIT),
    ]
    if not connections[mine.db].features.supports_slicing_ordering_in_compound:
        return [list(mine.filter(where).order_by(*order)[:limit]) for where, order, limit in parts]
    queries = [
        mine.filter(where).annotate(section=Value(index)).order_by(*order)[:limit]
        for index, (where, order, limit) in enumerate(parts)
    ]
    sections = [[] for _ in parts]
    for application in queries[0].union(*queries[1:], all=True).order_by("section", *by_due_day):
        sections[application.section].append(application)
    # SQL keeps no order across a UNION but the outer one: the closed ones go back to theirs.
    sections[2].sort(key=lambda application: (application.updated_at, application.pk), reverse=True)
    return sections


def today_for(*, user, now=None):
    """The three sections of Today, in a fixed number of queries."""
    now = now or timezone.now()
    today = now.astimezone(user.zoneinfo).date()
    zone = user.zoneinfo
    candidates, not_due, closed_ones = _sections(user, today=today, now=now)
    # Waiting lists the first rows not due that are not listed as due. Those listed as due
    # are candidates, so the candidates among these rows and the first others hold them all.
    candidate_ids = {application.pk for application in candidates}
    others = [application for application in not_due if application.pk not in candidate_ids]
    keep = candidate_ids | {application.pk for application in others[:WAITING_LIMIT]}
    not_due = [application for application in not_due if application.pk in keep]
    shown = candidates + not_due + closed_ones
    records = latest_records(shown)
    attach_progress(shown, records)

    situations = situations_for(candidates, owner=user, records=records, now=now)
    due = []
    for application in candidates:
        offers, _ = offered_drafts(situations[application.pk])
        action = plan_today.action_for(
            step=application.next_step, due_on=application.next_due_on, today=today, offers=offers
        )
        is_due_step = application.next_step in DUE_STEPS and application.next_due_on is not None
        is_due_step = is_due_step and application.next_due_on <= today
        if action is None and not is_due_step:
            continue  # a thank-you already sent, or no longer fitting: it waits below
        thank_you = any(o.kind == DraftKind.THANK_YOU and o.ready for o in offers)
        # Only a thank-you is due: the application shows here, not under Waiting, so
        # its row also says what comes next and by when (a promised answer, say).
        awaited = "" if is_due_step else _awaited_words(application, today=today, now=now, zone=zone)
        due.append(
            Row(
                application=application,
                strip=strip_for(application, today=today, now=now, zone=zone, thank_you_offered=thank_you),
                action=action,
                action_url=_action_url(application, action),
                contact_id=action.offer.contact_id if action and action.offer else None,
                step_due=is_due_step,
                awaited=awaited,
                days_overdue=(today - application.next_due_on).days
                if is_due_step and application.next_due_on < today
                else 0,
            )
        )
    due_ids = {row.application.pk for row in due}

    due_now = Q(next_step__in=DUE_STEPS, next_due_on__lte=today)
    totals = Application.objects.filter(owner=user, status__in=Status.open()).aggregate(
        due=Count("pk", filter=due_now), not_due=Count("pk", filter=~due_now)
    )
    # Waiting: the open ones not due, less those listed as due (for a thank-you).
    due_total = totals["due"]
    waiting_total = totals["not_due"] - sum(not row.step_due for row in due)
    waiting = []
    for application in [a for a in not_due if a.pk not in due_ids][:WAITING_LIMIT]:
        what, by = _awaited(application, today=today, now=now, zone=zone)
        waiting.append(
            Row(
                application=application,
                strip=strip_for(application, today=today, now=now, zone=zone),
                awaited=plan_today.awaited_words(what, by),
                no_date_given=application.no_date_given and what == plan_today.Awaited.FOLLOW_UP_DAY,
            )
        )

    closed = [
        Row(application=application, strip=strip_for(application, today=today, now=now, zone=zone))
        for application in closed_ones
    ]
    return {
        "today": today,
        "due": due,
        "due_more": max(0, due_total - sum(row.step_due for row in due)),
        "waiting": waiting,
        "waiting_more": max(0, waiting_total - len(waiting)),
        "recently_closed": closed,
        "has_any": bool(due or waiting or closed),
    }


def changes_at(user, now):
    """The first moment after ``now`` at which Today would read differently with
    nothing changed and the same date: the next interview starts (a thank-you fits,
    what is awaited moves on), or one leaves the look-back for thank-yous."""
    lately = Interview.objects.filter(application__owner=user, starts_at__gt=now - THANK_YOU_LOOKBACK)
    moments = lately.aggregate(
        starts=Min("starts_at", filter=Q(starts_at__gt=now)),
        left=Min("starts_at", filter=Q(starts_at__lte=now)),
    )
    left = moments["left"] + THANK_YOU_LOOKBACK if moments["left"] else None
    return min((moment for moment in (moments["starts"], left) if moment), default=None)


def page(request):
    """Today's content for this request: kept ready while it would read the same."""
    user = request.user

    def draw(now):
        ctx = {**today_for(user=user, now=now), "csrf_token": freshness.CSRF_MARK}
        html = {"content": render_to_string("applications/_today.html", ctx, request=request)}
        return freshness.Drawn(html, changes_at=changes_at(user, now))

    return freshness.part(request, "today", draw)


def progress_of_page(application, interview, follow_ups):
    """The strip and overdue state for one application's own page, from the latest
    interview and the follow-ups the page has read already (one query: the thank-you)."""
    thanked = {}
    if interview is not None:
        sent = Draft.objects.filter(interview=interview, kind=DraftKind.THANK_YOU, sent_at__isnull=False)
        thanked[interview.pk] = sent.exists()
    records = (
        {application.pk: interview} if interview is not None else {},
        {application.pk: [(f.contact_id, f.happened_at) for f in follow_ups]},
        thanked,
    )
    owner = application.owner
    attach_progress([application], records)
    strip = strip_for(application, today=local_today(owner), now=timezone.now(), zone=owner.zoneinfo)
    return strip, plan_today.is_overdue(strip)
