"""Today: what is due (each with its one action), what the user is waiting for, and
what closed lately. Every application appears once, and the page costs a fixed
number of queries however many applications there are."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from applications.choices import Status, Step
from applications.models import Application, FollowUp, Interview
from applications.selectors import local_today
from plans import today as plan_today
from plans.choices import DraftKind
from plans.offers import offered_drafts, thank_you_until

from .models import Draft
from .services import situations_for

DUE_LIMIT = 20
WAITING_LIMIT = 15
CLOSED_LIMIT = 5
# A thank-you fits for a few business days after an interview; this many calendar
# days always covers them (weekends and holidays included). The rule decides.
THANK_YOU_LOOKBACK = dt.timedelta(days=10)
DUE_STEPS = [Step.FIRST, Step.FINAL, Step.MOVE_ON]


def with_progress(applications):
    """Each application with what its progress strip needs, in the same one query:
    its latest interview (id, start, rapport, promised date), the follow-ups made
    since it, and whether a thank-you for it was sent."""
    latest = Interview.objects.filter(application=OuterRef("pk")).order_by("-starts_at", "-pk")
    follow_ups = (
        FollowUp.objects.filter(application=OuterRef("pk"), happened_at__gte=OuterRef("latest_at"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return applications.annotate(
        latest_id=Subquery(latest.values("pk")[:1]),
        latest_at=Subquery(latest.values("starts_at")[:1]),
        latest_rapport=Subquery(latest.values("rapport")[:1]),
        latest_promised=Subquery(latest.values("promised_on")[:1]),
    ).annotate(
        follow_ups_made=Coalesce(Subquery(follow_ups, output_field=IntegerField()), Value(0)),
        thanked=Exists(
            Draft.objects.filter(
                interview_id=OuterRef("latest_id"), kind=DraftKind.THANK_YOU, sent_at__isnull=False
            )
        ),
    )


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
    """The progress strip of an application annotated by ``with_progress``."""
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
    """What an application annotated by ``with_progress`` waits for, and by when."""
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


def today_for(*, user):
    """The three sections of Today, in a fixed number of queries."""
    now = timezone.now()
    today = local_today(user)
    zone = user.zoneinfo
    open_ones = Application.objects.filter(owner=user, status__in=Status.open())
    mine = with_progress(open_ones)
    due_now = Q(next_step__in=DUE_STEPS, next_due_on__lte=today)
    # Interviewed lately: a thank-you may fit (the playbook's rules decide below).
    recent = Interview.objects.filter(
        application__owner=user, starts_at__lte=now, starts_at__gte=now - THANK_YOU_LOOKBACK
    ).values("application_id")
    candidates = list(
        mine.filter(due_now | Q(pk__in=recent)).order_by("next_due_on", "company", "pk")[:DUE_LIMIT]
    )

    situations = situations_for(candidates, owner=user)
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
    due_ids = [row.application.pk for row in due]

    totals = open_ones.aggregate(
        due=Count("pk", filter=due_now), waiting=Count("pk", filter=~due_now & ~Q(pk__in=due_ids))
    )
    due_total, waiting_total = totals["due"], totals["waiting"]
    waiting = []
    waiting_rows = mine.exclude(due_now).exclude(pk__in=due_ids)
    for application in waiting_rows.order_by("next_due_on", "company", "pk")[:WAITING_LIMIT]:
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
        for application in with_progress(
            Application.objects.filter(owner=user, status__in=Status.closed())
        ).order_by("-updated_at", "-pk")[:CLOSED_LIMIT]
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


def progress_of(application):
    """The strip and overdue state for one application's own page (one query)."""
    owner = application.owner
    annotated = with_progress(Application.objects.filter(pk=application.pk)).get()
    annotated.owner = owner
    now = timezone.now()
    strip = strip_for(annotated, today=local_today(owner), now=now, zone=owner.zoneinfo)
    return strip, plan_today.is_overdue(strip)
