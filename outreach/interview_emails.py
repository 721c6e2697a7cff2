"""The interview-day emails (the playbook's first step, at the right time).

- On the morning of an interview the user logged ahead of time: a short note to ask,
  before leaving, when they expect to decide, with a link to record the answer.
- The next morning: the thank-you note, ready inside the email (the draft page's own
  draft, with a ``mailto:``).

Each is on by default, switched on the profile, and stopped by the unsubscribe link.
Found by a sweep over the interviews around today (an index on ``starts_at``), owed
once per interview and kind (a unique row), and marked sent only after the SMTP server
accepted it. Logs carry counts and ids only.
"""

import datetime as dt
import logging
import time
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.choices import Status
from applications.models import Interview
from config.site import absolute_url
from plans.choices import DraftKind
from plans.rules import due_at

from .drafts import mailto_link
from .emails import build_email
from .models import InterviewEmail

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=10)
# A morning email is no use once the day is over; neither is a thank-you a day late.
GOOD_FOR = dt.timedelta(hours=12)
REQUEUE_AFTER = dt.timedelta(minutes=30)


def _owed(interview: Interview, owner: User, now: dt.datetime) -> list[str]:
    """Which of the two emails this interview is owed right now."""
    zone = owner.zoneinfo
    day = interview.starts_at.astimezone(zone).date()
    kinds: list[str] = []
    morning = due_at(day, owner.time_zone, owner.reminder_hour)
    if owner.interview_morning_enabled and morning <= now < min(interview.starts_at, morning + GOOD_FOR):
        kinds.append(InterviewEmail.Kind.MORNING)
    next_morning = due_at(day + dt.timedelta(days=1), owner.time_zone, owner.reminder_hour)
    if owner.thank_you_reminder_enabled and next_morning <= now < next_morning + GOOD_FOR:
        kinds.append(InterviewEmail.Kind.THANK_YOU)
    return kinds


def interview_emails_sweep(*, now: dt.datetime | None = None) -> int:
    """Owe and queue each interview-day email that is due; returns how many were queued."""
    from .tasks import send_interview_email

    started = time.monotonic()
    now = now or timezone.now()
    candidates = (
        Interview.objects.filter(
            starts_at__gte=now - dt.timedelta(days=2),
            starts_at__lte=now + dt.timedelta(days=1),
            application__status__in=Status.open(),
            application__owner__is_active=True,
            application__owner__reminders_enabled=True,
        )
        .filter(
            Q(application__owner__interview_morning_enabled=True)
            | Q(application__owner__thank_you_reminder_enabled=True)
        )
        .select_related("application__owner")
    )
    queued = []
    for interview in candidates:
        owner = interview.application.owner
        for kind in _owed(interview, owner, now):
            try:
                with transaction.atomic():
                    row = InterviewEmail.objects.create(interview=interview, owner=owner, kind=kind)
            except IntegrityError:
                continue  # already owed (or sent): once per interview and kind
            queued.append(row.pk)
    stuck = list(
        InterviewEmail.objects.filter(
            sent_at__isnull=True, cancelled_at__isnull=True, created_at__lt=now - REQUEUE_AFTER
        )
        .filter(created_at__gte=now - GOOD_FOR)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .values_list("pk", flat=True)
    )
    for pk in queued + stuck:
        transaction.on_commit(partial(send_interview_email.delay, pk))
    log.info(
        "interview email sweep finished queued=%d requeued=%d duration_ms=%d",
        len(queued),
        len(stuck),
        round((time.monotonic() - started) * 1000),
    )
    return len(queued)


def _context(row: InterviewEmail) -> dict[str, object] | None:
    """What the email says, or None when it no longer makes sense to send."""
    from .services import DraftRefused, draft_open

    interview = row.interview
    application = interview.application
    owner = row.owner
    ctx: dict[str, object] = {
        "user": owner,
        "kind": row.kind,
        "interview": interview,
        "application": application,
        "settings_url": absolute_url(reverse("profile")),
    }
    if application.status in Status.closed():
        return None
    if row.kind == InterviewEmail.Kind.MORNING:
        if not owner.interview_morning_enabled:
            return None
        ctx["record_url"] = absolute_url(reverse("interview_edit", args=[interview.pk]))
        return ctx
    if not owner.thank_you_reminder_enabled:
        return None
    try:
        draft = draft_open(application=application, kind=DraftKind.THANK_YOU)
    except DraftRefused:
        return None  # thanked already, or too late for one
    address = draft.contact.work_email if draft.contact else ""
    ctx.update(
        draft=draft,
        to_name=draft.contact.name if draft.contact else "",
        to_address=address,
        mailto=mailto_link(address, draft.subject, draft.body) if address else "",
        draft_url=absolute_url(draft.get_absolute_url()),
    )
    return ctx


def interview_email_send(*, email_id: int, now: dt.datetime | None = None) -> bool:
    """Send one interview-day email, once. SMTP errors propagate (the task retries)."""
    now = now or timezone.now()
    taken = (
        InterviewEmail.objects.filter(pk=email_id, sent_at__isnull=True, cancelled_at__isnull=True)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + LEASE)
    )
    if not taken:
        return False
    row = InterviewEmail.objects.select_related("interview__application", "owner").get(pk=email_id)
    owner = row.owner
    ctx = _context(row) if owner.reminders_enabled else None
    if ctx is None:
        InterviewEmail.objects.filter(pk=row.pk).update(cancelled_at=now, lease_until=None)
        log.info("interview email cancelled email_id=%d kind=%s", row.pk, row.kind)
        return False
    try:
        with timezone.override(owner.zoneinfo):  # "today at 2:00 PM" in the user's own zone
            message = build_email(
                f"interview_{row.kind}",
                to=owner.email,
                context=ctx,
                message_id=row.message_id,
                unsubscribe_for=owner,
            )
        message.send()
    except BaseException:
        InterviewEmail.objects.filter(pk=row.pk, sent_at__isnull=True).update(lease_until=None)
        raise
    InterviewEmail.objects.filter(pk=row.pk).update(sent_at=timezone.now(), lease_until=None)
    log.info("interview email sent email_id=%d kind=%s", row.pk, row.kind)
    return True
