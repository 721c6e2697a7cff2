"""Reminders: find what is due, claim it exactly once, and send it.

The sweep is state-based: it reads ``Application.remind_at`` (indexed, and only
set while a reminder is owed), so it finds the same work whether beat ran a
minute ago or was down for a day. Claiming sets ``remind_at`` to NULL and records
a ``Reminder`` row in one transaction, rows locked with SKIP LOCKED, so two
sweeps at once split the work instead of doubling it. Sending happens after
commit, in Celery tasks, one SMTP connection per batch.

Each step logs one line at INFO for operators, as ``key=value`` fields: counts,
ids and durations, never an address, a name or anything the user wrote.
"""

import datetime as dt
import logging
import smtplib
import time
from collections.abc import Collection, Sequence
from functools import partial
from itertools import groupby
from typing import NamedTuple, TypedDict, cast

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.choices import Status, Step
from applications.models import Application, Contact, Interview
from config.site import absolute_url, site_domain
from plans.offers import choose_recipient

from .drafts import mailto_link
from .emails import build_email
from .models import Digest, Draft, Reminder

log = logging.getLogger(__name__)

CLAIM_BATCH = 500
SEND_BATCH = 100
STALE_AFTER = dt.timedelta(days=7)
# How long a send task owns its reminders. A sweep hands a reminder whose lease ran
# out to another worker (its sender died), so it must be far longer than a batch
# takes to send: a sender still at work past its lease could send twice.
LEASE = dt.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
# A send that failed and was released is left to its task's retries; only when
# no attempt has been made for longer than the longest retry wait is it queued
# again. A long outage so leaves one retry chain per batch, not one per sweep.
QUIET_BEFORE_REQUEUE = dt.timedelta(minutes=30)

# A reminder's latest interview and its company's contacts, read once per batch.
Details = tuple[Interview | None, list[Contact]]


def _ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


# --- Claiming -----------------------------------------------------------------------
class Owed(TypedDict):
    """An application's plan as the sweep claims it. ``remind_at`` is only ever set
    together with a due date (``Application.refresh_plan``), so neither is empty here."""

    pk: int
    owner_id: int
    next_key: str
    next_step: str
    next_due_on: dt.date
    next_due_at: dt.datetime


class Claimed(NamedTuple):
    """What one claim transaction took, and what it queued for sending."""

    applications: int
    reminders: int  # each sent on its own
    catch_ups: int  # owners with reminders more than a week late, sent one catch-up each


def reminders_sweep(*, now: dt.datetime | None = None) -> int:
    """Claim every reminder that is due and queue its sending. Returns how many were claimed."""
    started = time.monotonic()
    now = now or timezone.now()
    claimed = batches = queued = catch_ups = 0
    while True:
        claim = _claim_batch(now)
        if not claim.applications:
            break
        batches += 1
        claimed += claim.applications
        queued += claim.reminders
        catch_ups += claim.catch_ups
    requeued = requeue_stuck_reminders(now=now)
    log.info(
        "reminder sweep finished claimed=%d batches=%d reminders=%d catch_ups=%d requeued=%d duration_ms=%d",
        claimed,
        batches,
        queued,
        catch_ups,
        requeued,
        _ms_since(started),
    )
    return claimed


@transaction.atomic
def _claim_batch(now: dt.datetime) -> Claimed:
    rows = (
        Application.objects.select_for_update(skip_locked=True)
        .filter(remind_at__lte=now)
        .order_by("remind_at")
        .values("pk", "owner_id", "next_key", "next_step", "next_due_on", "next_due_at")[:CLAIM_BATCH]
    )
    batch = cast(list[Owed], list(rows))
    if not batch:
        return Claimed(0, 0, 0)
    # The same users' other follow-ups due by now are claimed with these, in this
    # transaction, so that each user's morning is sent as one email (reminders_send).
    taken = [row["pk"] for row in batch]
    batch += cast(
        list[Owed],
        list(
            Application.objects.select_for_update(skip_locked=True)
            .filter(remind_at__lte=now, owner_id__in={row["owner_id"] for row in batch})
            .exclude(pk__in=taken)
            .values("pk", "owner_id", "next_key", "next_step", "next_due_on", "next_due_at")
        ),
    )
    ids = [row["pk"] for row in batch]
    Application.objects.filter(pk__in=ids).update(remind_at=None, reminded_key=F("next_key"))
    Reminder.objects.bulk_create(
        [
            Reminder(
                application_id=row["pk"],
                owner_id=row["owner_id"],
                key=row["next_key"],
                step=row["next_step"],
                due_on=row["next_due_on"],
                stale=row["next_due_at"] < now - STALE_AFTER,
            )
            for row in batch
        ],
        ignore_conflicts=True,  # the unique key already guards "once per step"
    )
    pending = Reminder.objects.filter(application_id__in=ids, sent_at__isnull=True, cancelled_at__isnull=True)
    # By user, so that a send batch rarely splits one user's follow-ups (when it does,
    # the first batch to lease them sends them all: see _with_same_owners).
    fresh = list(pending.filter(stale=False).order_by("owner_id", "pk").values_list("pk", flat=True))
    stale_owners = sorted(set(pending.filter(stale=True).values_list("owner_id", flat=True)))
    transaction.on_commit(partial(_enqueue, fresh, stale_owners))
    return Claimed(len(batch), len(fresh), len(stale_owners))


def _enqueue(reminder_ids: list[int], stale_owner_ids: list[int]) -> None:
    from .tasks import send_catch_up, send_reminders

    for start in range(0, len(reminder_ids), SEND_BATCH):
        send_reminders.delay(reminder_ids[start : start + SEND_BATCH])
    for owner_id in stale_owner_ids:
        send_catch_up.delay(owner_id)


def requeue_stuck_reminders(*, now: dt.datetime | None = None) -> int:
    """Queue again the reminders whose send never finished (a worker died, a queue was lost)."""
    now = now or timezone.now()
    never_tried = Q(lease_until__isnull=True, last_attempt_at__isnull=True, created_at__lt=now - LEASE)
    given_up = Q(lease_until__isnull=True, last_attempt_at__lt=now - QUIET_BEFORE_REQUEUE)
    worker_died = Q(lease_until__lt=now)
    stuck = Reminder.objects.filter(sent_at__isnull=True, cancelled_at__isnull=True).filter(
        never_tried | given_up | worker_died
    )
    fresh = list(stuck.filter(stale=False).values_list("pk", flat=True)[:5000])
    stale_owners = sorted(set(stuck.filter(stale=True).values_list("owner_id", flat=True)[:5000]))
    if fresh or stale_owners:
        # A warning: something died or was lost (a worker, the queue) since the last sweep.
        log.warning(
            "Requeueing reminders whose send did not finish reminders=%d catch_ups=%d",
            len(fresh),
            len(stale_owners),
        )
        _enqueue(fresh, stale_owners)
    return len(fresh) + len(stale_owners)


# --- Sending ------------------------------------------------------------------------
def _take_lease(reminder_ids: Collection[int], now: dt.datetime) -> tuple[dt.datetime, list[int]]:
    """Mark these reminders as being sent by us; returns our lease and the ids we got."""
    lease = now + LEASE
    taken = (
        Reminder.objects.filter(pk__in=reminder_ids, sent_at__isnull=True, cancelled_at__isnull=True)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=lease, last_attempt_at=now, attempts=F("attempts") + 1)
    )
    if not taken:
        return lease, []
    return lease, list(
        Reminder.objects.filter(pk__in=reminder_ids, lease_until=lease, sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )


def _renew_lease(reminder_ids: Collection[int], lease: dt.datetime) -> tuple[dt.datetime, set[int]]:
    """Extend our lease on the reminders we still hold; returns the new lease and
    those ids. One whose lease ran out and that another worker took is no longer
    ours to send: a slow sender so never sends what a second sender now owns."""
    renewed = max(timezone.now(), lease - LEASE) + LEASE
    Reminder.objects.filter(pk__in=reminder_ids, lease_until=lease, sent_at__isnull=True).update(
        lease_until=renewed
    )
    return renewed, set(
        Reminder.objects.filter(pk__in=reminder_ids, lease_until=renewed).values_list("pk", flat=True)
    )


def _lease_half_gone(lease: dt.datetime) -> bool:
    return timezone.now() >= lease - LEASE / 2


def smtp_code(exc: BaseException) -> int:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return min(code for code, _ in exc.recipients.values())
    return getattr(exc, "smtp_code", 0)


def is_permanent(exc: Exception) -> bool:
    """5xx replies mean "never"; 4xx mean "try again later"."""
    return smtp_code(exc) >= 500


def _release(reminder_ids: Collection[int], lease: dt.datetime) -> None:
    """Give back what we hold and did not send (never a lease another worker took)."""
    Reminder.objects.filter(pk__in=reminder_ids, lease_until=lease, sent_at__isnull=True).update(
        lease_until=None
    )


def reason_not_to_send(reminder: Reminder) -> str:
    """Why a claimed reminder must not go out any more, or ''."""
    application, owner = reminder.application, reminder.owner
    if not owner.reminders_enabled:
        return "reminders turned off"
    if application.status in Status.closed():
        return "application closed"
    if application.next_key != reminder.key:
        return "plan changed"  # a reply, a new date, a follow-up logged
    return ""


def _cancel(reminder: Reminder, reason: str, now: dt.datetime) -> None:
    Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(
        cancelled_at=now, cancel_reason=reason
    )


def _batch_details(reminders: Sequence[Reminder]) -> dict[int, Details]:
    """Each reminder's latest interview and company contacts, in three queries for the batch."""
    applications = [r.application for r in reminders]
    prefetch_related_objects(
        applications,
        Prefetch(
            "interviews",
            # With their interviewers: the drafts' situations and text need them (reminder_drafts).
            queryset=Interview.objects.order_by("-starts_at", "-pk").prefetch_related("interviewers"),
        ),
    )
    wanted = Q(pk__in=[])
    for application in applications:
        wanted |= Q(owner_id=application.owner_id, company__iexact=application.company)
    contacts: dict[tuple[int, str], list[Contact]] = {}
    for contact in Contact.objects.filter(wanted):
        contacts.setdefault((contact.owner_id, contact.company.casefold()), []).append(contact)
    return {
        r.pk: (
            next(iter(r.application.interviews.all()), None),
            contacts.get((r.application.owner_id, r.application.company.casefold()), []),
        )
        for r in reminders
    }


def reminder_items(reminders: Sequence[Reminder], details: dict[int, Details]) -> list[dict[str, object]]:
    """The emails' sections, one per due follow-up (of one user or many): what is due,
    the draft the draft page would show (recipient, subject, body, a ``mailto:``) and
    the one-click answers. The drafts are read or written for all of them at once
    (``reminder_drafts``), so a send batch costs the same few queries whatever it
    holds. Call it inside a transaction: it stores the drafts it writes."""
    from .services import reminder_drafts

    asking = [r.application for r in reminders if r.step != Step.MOVE_ON]
    interviews = {r.application_id: details[r.pk][0] for r in reminders if details[r.pk][0] is not None}
    drafts = reminder_drafts(asking, interviews=interviews)
    changed = []
    for reminder in reminders:
        draft = drafts.get(reminder.application_id)
        if draft is not None and reminder.draft_id != draft.pk:
            reminder.draft = draft
            changed.append(reminder)
    if changed:
        Reminder.objects.bulk_update(changed, ["draft"])
    return [_item(r, drafts.get(r.application_id), *details[r.pk]) for r in reminders]


def _item(
    reminder: Reminder, draft: Draft | None, interview: Interview | None, contacts: Sequence[Contact]
) -> dict[str, object]:
    from .answers import FOLLOW_UP_ANSWERS, MOVE_ON_ANSWERS, Answer, answer_url

    application = reminder.application
    move_on = reminder.step == Step.MOVE_ON
    address = draft.contact.work_email if draft and draft.contact else ""
    answers: tuple[Answer, ...] = MOVE_ON_ANSWERS if move_on else FOLLOW_UP_ANSWERS
    if draft is None:
        # Nothing to mark sent or to log a call about: the other answers still work.
        answers = tuple(a for a in answers if a not in (Answer.SENT, Answer.CALLED))
    elif not address:
        # An email is recorded as sent only to a named person at a work address
        # (plans.guardrails, Reason.NO_RECIPIENT): the email asks for one instead.
        answers = tuple(a for a in answers if a != Answer.SENT)
    return {
        "reminder": reminder,
        "application": application,
        "interview": interview,
        "step": reminder.step,
        "step_label": Step(reminder.step).label,
        "due_on": reminder.due_on,
        "recipient": choose_recipient(contacts, reminder.step),
        "draft": draft,
        "to_name": draft.contact.name if draft and draft.contact else "",
        "to_address": address,
        "mailto": mailto_link(address, draft.subject, draft.body) if draft and address else "",
        "draft_url": absolute_url(draft.get_absolute_url()) if draft else "",
        "answers": [(Answer(a).label, answer_url(reminder, a)) for a in answers],
        "action_url": absolute_url(
            reverse("application_move_on" if move_on else "draft_list", args=[application.pk])
        ),
    }


def grouped_context(owner: User, items: list[dict[str, object]]) -> dict[str, object]:
    first = items[0]
    return {
        **first,
        "user": owner,
        "items": items,
        "several": len(items) > 1,
        "settings_url": absolute_url(reverse("profile")),
    }


def grouped_email(
    owner: User, owed: Sequence[Reminder], items: list[dict[str, object]]
) -> EmailMultiAlternatives:
    """One email for all of a user's follow-ups due this morning, a section each.
    Its Message-ID is its first reminder's: a resend is recognizably the same message."""
    return build_email(
        "reminder",
        to=owner.email,
        context=grouped_context(owner, items),
        message_id=owed[0].message_id,
        unsubscribe_for=owner,
    )


def _with_same_owners(reminder_ids: Collection[int]) -> set[int]:
    """These reminders and every other fresh one still owed to the same users, so that
    each user gets one email for everything due (a claim batch may split a user's
    follow-ups across send batches; whichever batch leases them first sends them all)."""
    owners = Reminder.objects.filter(pk__in=reminder_ids).values("owner_id")
    others = Reminder.objects.filter(
        owner_id__in=owners, stale=False, sent_at__isnull=True, cancelled_at__isnull=True
    ).values_list("pk", flat=True)
    return set(reminder_ids) | set(others)


def reminders_send(*, reminder_ids: Collection[int], now: dt.datetime | None = None) -> int:
    """Send these reminders, one email per user with a section per follow-up, over one
    SMTP connection; each is marked sent only after the server accepted its email. SMTP
    errors propagate (the task retries them) and release what was not sent. A batch
    that is still going when half its lease is gone renews it, and skips whatever
    another worker took meanwhile. Returns how many reminders were sent."""
    started = time.monotonic()
    now = now or timezone.now()
    lease, mine = _take_lease(_with_same_owners(reminder_ids), now)
    if not mine:
        log.info("reminder send nothing to take requested=%d leased=0", len(reminder_ids))
        return 0
    reminders = list(
        Reminder.objects.filter(pk__in=mine)
        .select_related("application__owner", "owner")
        .order_by("owner_id", "due_on", "pk")
    )
    details = _batch_details(reminders)
    sent = cancelled = refused = skipped = emails = 0
    error, code = "none", 0
    unsent = set(mine)
    connection = get_connection()
    try:
        owed = []
        for reminder in reminders:
            reason = reason_not_to_send(reminder)
            if reason:
                _cancel(reminder, reason, now)
                unsent.discard(reminder.pk)
                cancelled += 1
            else:
                owed.append(reminder)
        # Every email's drafts are read or written together, and stored in one transaction.
        with transaction.atomic():
            items = dict(zip((r.pk for r in owed), reminder_items(owed, details), strict=True))
        connection.open()
        for _owner_id, group in groupby(owed, key=lambda r: r.owner_id):
            if _lease_half_gone(lease):
                lease, unsent = _renew_lease(unsent, lease)
            users = list(group)
            # Any our lease no longer covers were handed to another worker: theirs to send.
            ours = [r for r in users if r.pk in unsent]
            skipped += len(users) - len(ours)
            if not ours:
                continue
            try:
                connection.send_messages([grouped_email(ours[0].owner, ours, [items[r.pk] for r in ours])])
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                if not is_permanent(exc):
                    raise  # "not now": release the rest; the task retries
                # Refused for good (5xx): give up on these, the batch goes on.
                for reminder in ours:
                    _cancel(reminder, f"refused by the mail server ({smtp_code(exc)})", now)
                refused += len(ours)
            else:
                Reminder.objects.filter(pk__in=[r.pk for r in ours]).update(sent_at=timezone.now())
                sent += len(ours)
                emails += 1
            unsent.difference_update(r.pk for r in ours)
    except BaseException as exc:
        # The kind of error and its SMTP code only: its text may hold the address.
        error, code = type(exc).__name__, smtp_code(exc)
        raise
    finally:
        released = len(unsent)
        _release(unsent, lease)
        connection.close()
        log.info(
            "reminder send finished requested=%d leased=%d sent=%d emails=%d cancelled=%d refused=%d "
            "skipped=%d released=%d error=%s smtp_code=%d duration_ms=%d",
            len(reminder_ids),
            len(mine),
            sent,
            emails,
            cancelled,
            refused,
            skipped,
            released,
            error,
            code,
            _ms_since(started),
        )
    return sent


def catch_up_send(*, owner_id: int, now: dt.datetime | None = None) -> int:
    """One email for all of a user's reminders that are more than a week late."""
    started = time.monotonic()
    now = now or timezone.now()
    candidates = list(
        Reminder.objects.filter(
            owner_id=owner_id, stale=True, sent_at__isnull=True, cancelled_at__isnull=True
        ).values_list("pk", flat=True)
    )
    lease, mine = _take_lease(candidates, now)
    if not mine:
        log.info("reminder catch-up nothing to take owner_id=%d candidates=%d", owner_id, len(candidates))
        return 0
    sent = cancelled = refused = 0
    error, code = "none", 0
    try:
        reminders = list(
            Reminder.objects.filter(pk__in=mine)
            .select_related("application__owner", "owner")
            .order_by("due_on")
        )
        owed = []
        for reminder in reminders:
            reason = reason_not_to_send(reminder)
            if reason:
                _cancel(reminder, reason, now)
                cancelled += 1
            else:
                owed.append(reminder)
        if owed:
            owner = owed[0].owner
            message = build_email(
                "catch_up",
                to=owner.email,
                context={
                    "user": owner,
                    "reminders": owed,
                    "dashboard_url": absolute_url(reverse("dashboard")),
                    "settings_url": absolute_url(reverse("profile")),
                },
                message_id=f"<catch-up-{owner.pk}-{owed[0].pk}@{site_domain()}>",
                unsubscribe_for=owner,
            )
            try:
                message.send()
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                if not is_permanent(exc):
                    raise
                for reminder in owed:
                    _cancel(reminder, f"refused by the mail server ({smtp_code(exc)})", now)
                refused, code = len(owed), smtp_code(exc)
                return 0
            Reminder.objects.filter(pk__in=[r.pk for r in owed]).update(sent_at=timezone.now())
            sent = len(owed)
    except BaseException as exc:
        error, code = type(exc).__name__, smtp_code(exc)
        _release(mine, lease)
        raise
    finally:
        log.info(
            "reminder catch-up finished owner_id=%d leased=%d sent=%d cancelled=%d refused=%d "
            "error=%s smtp_code=%d duration_ms=%d",
            owner_id,
            len(mine),
            sent,
            cancelled,
            refused,
            error,
            code,
            _ms_since(started),
        )
    return len(owed)


# --- The weekly digest ---------------------------------------------------------------
def week_of(now: dt.datetime, user: User) -> tuple[dt.date, dt.datetime]:
    """The Monday of the user's current week, and the moment their digest is due."""
    local = now.astimezone(user.zoneinfo)
    monday = local.date() - dt.timedelta(days=local.weekday())
    due = dt.datetime.combine(monday, dt.time(user.reminder_hour), tzinfo=user.zoneinfo)
    return monday, due


def digests_sweep(*, now: dt.datetime | None = None) -> int:
    """Queue this week's digest for every user who wants one and has not had it."""
    from django.contrib.auth import get_user_model

    from .tasks import send_digest

    started = time.monotonic()
    now = now or timezone.now()
    queued = requeued = 0
    # A digest whose send never finished (mail server down all along) goes again.
    for digest_id in Digest.objects.filter(
        sent_at__isnull=True, created_at__lt=now - dt.timedelta(hours=1)
    ).values_list("pk", flat=True):
        send_digest.delay(digest_id)
        requeued += 1
    for user in get_user_model().objects.filter(digest_enabled=True, is_active=True).iterator():
        monday, due = week_of(now, user)
        if now < due:
            continue
        digest, created = Digest.objects.get_or_create(owner=user, week_of=monday)
        if created:
            transaction.on_commit(partial(send_digest.delay, digest.pk))
            queued += 1
    log.info(
        "digest sweep finished queued=%d requeued=%d duration_ms=%d", queued, requeued, _ms_since(started)
    )
    return queued


def digest_send(*, digest_id: int) -> bool:
    from applications.selectors import dashboard_for

    started = time.monotonic()
    digest = Digest.objects.select_related("owner").filter(pk=digest_id, sent_at__isnull=True).first()
    if digest is None or not digest.owner.digest_enabled:
        why = "sent_or_gone" if digest is None else "turned_off"
        log.info("digest send skipped digest_id=%d reason=%s", digest_id, why)
        return False
    ctx = dashboard_for(user=digest.owner)
    ctx.update(due_count=ctx["counts"]["due_today"] + ctx["counts"]["overdue"])
    ctx.update(
        user=digest.owner,
        dashboard_url=absolute_url(reverse("dashboard")),
        settings_url=absolute_url(reverse("profile")),
    )
    build_email(
        "digest",
        to=digest.owner.email,
        context=ctx,
        message_id=f"<digest-{digest.pk}@{site_domain()}>",
        unsubscribe_for=digest.owner,
    ).send()
    Digest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
    log.info(
        "digest send finished digest_id=%d owner_id=%d duration_ms=%d",
        digest.pk,
        digest.owner_id,
        _ms_since(started),
    )
    return True
