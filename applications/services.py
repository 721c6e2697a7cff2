"""Writes that touch more than one record. Each ends by refreshing the stored plan."""

from django.db import transaction
from django.utils import timezone

from .choices import ReplyOutcome, Status
from .models import Application, FollowUp

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


def plans_refresh_for_user(*, user):
    """After a change to the user's time zone or default wait."""
    for application in (
        Application.objects.filter(owner=user).select_related("owner").iterator(chunk_size=200)
    ):
        application.owner = user
        application.refresh_plan()
