"""Writes that touch more than one record. Each ends by refreshing the stored plan."""

import logging
import time
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import PLAN_INPUTS
from plans import rules
from plans.names import suggest_greeting

from .choices import ContactRole, ReplyOutcome, Status, Step
from .models import Application, Contact, FollowUp, Interview, Reply

log = logging.getLogger(__name__)

OUTCOME_STATUS = {
    ReplyOutcome.OFFER: Status.OFFER,
    ReplyOutcome.NO: Status.NO,
    ReplyOutcome.INTERVIEW: Status.INTERVIEWING,
}


def _move_open_application(application, status):
    """Closed applications keep their status; open ones move along the pipeline."""
    if not application.is_closed and application.status != status:
        application.status = status
        application.save(update_fields=["status", "updated_at"])


@transaction.atomic
def application_save(*, form):
    application = form.save()
    application.refresh_plan()
    return application


@transaction.atomic
def interview_save(*, application, form):
    """Logging an interview means the user is now waiting to hear back."""
    created = form.instance._state.adding
    interview = form.save()
    if created:
        _move_open_application(application, Status.WAITING)
    application.refresh_plan()
    return interview


def application_for_interview(*, owner, company, role, applied_on):
    """The user's open application for this company and role (any letter case), or a new one."""
    same = Application.objects.filter(
        owner=owner, company__iexact=company, role__iexact=role, status__in=Status.open()
    ).order_by("-updated_at")
    application = same.first()
    if application is None:
        application = Application.objects.create(
            owner=owner, company=company, role=role, status=Status.INTERVIEWING, applied_on=applied_on
        )
    return application


def interviewer_contact(*, owner, company, name, title="", work_email="", work_phone=""):
    """The user's contact at ``company`` with this work email (or, without one, this name),
    reused with any blank details filled in; or a new interviewer contact."""
    at_company = Contact.objects.filter(owner=owner, company__iexact=company)
    contact = None
    if work_email:
        contact = at_company.filter(work_email__iexact=work_email).first()
    if contact is None:
        contact = at_company.filter(name__iexact=name).first()
    if contact is None:
        return Contact.objects.create(
            owner=owner,
            company=company,
            name=name,
            greet_as=suggest_greeting(name)[: Contact._meta.get_field("greet_as").max_length],
            title=title,
            role=ContactRole.INTERVIEWER,
            work_email=work_email,
            work_phone=work_phone,
        )
    details = {"title": title, "work_email": work_email, "work_phone": work_phone}
    changed = [key for key, value in details.items() if value and not getattr(contact, key)]
    for key in changed:
        setattr(contact, key, details[key])
    if changed:
        contact.save(update_fields=changed)
    return contact


@transaction.atomic
def interview_log(*, owner, form, people):
    """One page, one save: the application (found or made), the interview, and its
    interviewers (chosen, or typed and then found or made at that company)."""
    data = form.cleaned_data
    starts_at = form.starts_at()
    application = application_for_interview(
        owner=owner,
        company=data["company"].strip(),
        role=data["role"].strip(),
        applied_on=min(starts_at.date(), timezone.now().astimezone(owner.zoneinfo).date()),
    )
    interview = Interview.objects.create(
        application=application,
        starts_at=starts_at,
        format=data["format"],
        rapport=data["rapport"],
        asked_about_timing=data["asked_about_timing"],
        promised_on=data["promised_on"],
        notes=data["notes"],
    )
    contacts = list(data["known_interviewers"])
    for person in people:
        contact = interviewer_contact(owner=owner, company=application.company, **person)
        if contact not in contacts:
            contacts.append(contact)
    interview.interviewers.set(contacts)
    _move_open_application(application, Status.WAITING)
    application.refresh_plan()
    return interview


@transaction.atomic
def follow_up_save(*, application, form):
    follow_up = form.save()
    _move_open_application(application, Status.FOLLOWED_UP)
    application.refresh_plan()
    return follow_up


@transaction.atomic
def follow_up_record(*, application, channel, contact=None, happened_at=None, call_outcome="", notes=""):
    """A follow-up sent from a draft or a call made: counted, and the plan moves on."""
    follow_up = FollowUp.objects.create(
        application=application,
        channel=channel,
        contact=contact,
        happened_at=happened_at or timezone.now(),
        call_outcome=call_outcome,
        notes=notes,
    )
    _move_open_application(application, Status.FOLLOWED_UP)
    application.refresh_plan()
    return follow_up


@transaction.atomic
def application_move_on(*, application, went_well="", next_time=""):
    """Close the application gracefully: it leaves the dashboard and every reminder stops."""
    application.status = Status.MOVED_ON
    application.reflection_went_well = went_well
    application.reflection_next_time = next_time
    application.save(update_fields=["status", "reflection_went_well", "reflection_next_time", "updated_at"])
    application.refresh_plan()
    return application


class SnoozeRefused(Exception):
    """Nothing is due to put off: the application is closed or has no follow-up planned."""


@transaction.atomic
def application_snooze(*, application, today=None):
    """ "Remind me in 2 business days": the step's due day moves to two business days
    from today (the user's), stored and planned like any other date, so the page, the
    calendar feed and the reminder sweep all see it. Returns the new due day."""
    locked = Application.objects.select_for_update().select_related("owner").get(pk=application.pk)
    if locked.is_closed or locked.next_step not in (Step.FIRST, Step.FINAL):
        raise SnoozeRefused("There is no follow-up planned to put off.")
    today = today or timezone.now().astimezone(locked.owner.zoneinfo).date()
    locked.snoozed_until = rules.snoozed_day(today)
    Application.objects.filter(pk=locked.pk).update(snoozed_until=locked.snoozed_until)
    locked.refresh_plan()
    application.snoozed_until = locked.snoozed_until
    for name in Application.PLAN_FIELDS + Application.CLAIM_FIELDS:
        setattr(application, name, getattr(locked, name))
    return locked.next_due_on


@transaction.atomic
def reply_save(*, application, form):
    """A reply ends the wait; an offer or a no also ends the application."""
    reply = form.save()
    status = OUTCOME_STATUS.get(reply.outcome)
    if status:
        _move_open_application(application, status)
    application.refresh_plan()
    return reply


@transaction.atomic
def record_delete(*, record, application=None):
    record.delete()
    if application is not None:
        application.refresh_plan()


# Up to this many applications are replanned inside the request; more go to a task.
PLANS_INLINE_LIMIT = 100
# Applications replanned per transaction (and per lock on the user's row) by the task.
PLANS_CHUNK = 50


def plans_refresh_after_profile_change(*, user, changed):
    """Bring every plan in line with a profile change; "done" or "queued".

    Turning reminders off only clears ``remind_at``: one UPDATE, however many
    applications. Other changes move due dates: a small account is replanned at
    once; a large one is *held* first (``remind_at`` cleared in the same UPDATE,
    so the sweep cannot send anything on the old schedule) and replanned by a
    Celery task, which sets each ``remind_at`` again. A reminder is therefore
    late by the task's few seconds at worst, never sent at the wrong hour.
    """
    applications = Application.objects.filter(owner=user)
    if not user.reminders_enabled and set(changed) <= {"reminders_enabled", "digest_enabled"}:
        applications.filter(remind_at__isnull=False).update(remind_at=None)
        return "done"
    if applications.count() <= PLANS_INLINE_LIMIT:
        plans_refresh_for_user(user=user)
        return "done"
    applications.filter(remind_at__isnull=False).update(remind_at=None)
    transaction.on_commit(lambda: _queue_plans_refresh(user))
    return "queued"


def _queue_plans_refresh(user):
    from .tasks import plans_refresh

    started = time.monotonic()
    try:
        plans_refresh.delay(user.pk)
    except Exception:
        # With no queue the held plans would never come back: replan here, slowly but surely.
        log.exception("plans refresh could not be queued user_id=%s; replanning in the request", user.pk)
        plans_refresh_for_user(user=user)
    else:
        log.info(
            "plans refresh queued user_id=%s duration_ms=%d", user.pk, (time.monotonic() - started) * 1000
        )


def plans_refresh_for_user(*, user):
    """Recompute and store every plan of the user's; False if a newer profile change
    overtook this run (that change replans everything itself).

    Each chunk is written under a lock on the user's row, after checking that the
    plan inputs are still the ones this run started from: a profile saved meanwhile
    waits for the chunk, and the chunks after it are left to the run it starts.
    """
    User = get_user_model()
    inputs = tuple(getattr(user, name) for name in PLAN_INPUTS)
    ids = list(Application.objects.filter(owner=user).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), PLANS_CHUNK):
        with transaction.atomic():
            current = User.objects.select_for_update().filter(pk=user.pk).values_list(*PLAN_INPUTS).first()
            if current != inputs:
                log.info("plans refresh overtaken user_id=%s done=%d of=%d", user.pk, start, len(ids))
                return False
            _replan(user, ids[start : start + PLANS_CHUNK])
    return True


def _replan(user, ids):
    """Replan these applications of the user's: four reads for the chunk, one UPDATE a row."""
    applications = list(Application.objects.filter(owner=user, pk__in=ids).order_by("pk"))
    latest = {}
    for interview in Interview.objects.filter(application_id__in=ids).order_by(
        "application_id", "-starts_at", "-pk"
    ):
        latest.setdefault(interview.application_id, interview)
    follow_ups, replies = defaultdict(list), defaultdict(list)
    for application_id, moment in FollowUp.objects.filter(application_id__in=ids).values_list(
        "application_id", "happened_at"
    ):
        follow_ups[application_id].append(moment)
    for application_id, moment in Reply.objects.filter(application_id__in=ids).values_list(
        "application_id", "received_at"
    ):
        replies[application_id].append(moment)
    for application in applications:
        application.owner = user
        interview = latest.get(application.pk)
        since = interview.starts_at if interview else None
        plan = application.plan_from(
            interview,
            follow_ups_at=[m for m in follow_ups[application.pk] if since and m >= since],
            replied=any(since and m >= since for m in replies[application.pk]),
        )
        application.set_plan(interview, plan)
        # One UPDATE per row, as refresh_plan does: Django's bulk_update spends far
        # longer building its CASE of CASEs in Python than the rows take to write.
        application.store_plan()
