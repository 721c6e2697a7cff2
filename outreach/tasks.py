"""Thin Celery tasks: each fetches by id and calls a service.

Sending retries SMTP trouble with exponential backoff and full jitter, capped
well below the Redis visibility timeout, so a retry is never mistaken for a
lost task. Each retry is logged with the task's id, its count and the kind of
error, never the error's text (see ``_without_server_text``).
"""

import logging
import random
import smtplib
import socket
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from celery import Task, shared_task

from . import interview_emails, reminders

RETRY_BASE_SECONDS = 30
RETRY_CAP_SECONDS = 20 * 60
MAX_RETRIES = 10
SMTP_TROUBLE = (smtplib.SMTPException, socket.error, TimeoutError)

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def backoff(retries: int) -> float:
    """Full jitter: a random delay up to base * 2**retries, capped."""
    return random.uniform(1, min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2**retries))


@shared_task
def sweep() -> int:
    """Beat's trigger, every few minutes; safe to run twice at once."""
    claimed = reminders.reminders_sweep()
    reminders.digests_sweep()
    interview_emails.interview_emails_sweep()
    return claimed


def _without_server_text(exc: Exception) -> Exception:
    """The same kind of SMTP error with its code but without the server's words.

    A refusal names the recipient (the user's address) and servers often quote it
    back; Celery logs the error of every retry and of the last failure. Errors
    raised before any reply (connection refused, a timeout) carry no such text.
    """
    code = reminders.smtp_code(exc)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return smtplib.SMTPRecipientsRefused({"(recipient)": (code, b"")})
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return smtplib.SMTPSenderRefused(code, b"", exc.sender)
    if isinstance(exc, smtplib.SMTPResponseException):
        return type(exc)(code, b"")
    return exc


def _sending(task: Task[Any, Any], service: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a sending service; SMTP trouble becomes a retry after a jittered backoff."""
    try:
        return service(*args, **kwargs)
    except SMTP_TROUBLE as exc:
        trouble = exc
    # Out of the except block: the original error is not chained to the one Celery logs.
    retries, code = task.request.retries, reminders.smtp_code(trouble)
    countdown = backoff(retries)
    if task.max_retries is not None and retries >= task.max_retries:
        log.error(
            "send task gave up task=%s task_id=%s retries=%d error=%s smtp_code=%d",
            task.name,
            task.request.id,
            retries,
            type(trouble).__name__,
            code,
        )
    else:
        log.info(
            "send task retry task=%s task_id=%s retry=%d max_retries=%d countdown_ms=%d "
            "error=%s smtp_code=%d",
            task.name,
            task.request.id,
            retries + 1,
            task.max_retries or 0,
            round(countdown * 1000),
            type(trouble).__name__,
            code,
        )
    raise task.retry(exc=_without_server_text(trouble), countdown=countdown)


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_reminders(self: Task[..., int], reminder_ids: list[int]) -> int:
    return _sending(self, reminders.reminders_send, reminder_ids=reminder_ids)


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_catch_up(self: Task[..., int], owner_id: int) -> int:
    return _sending(self, reminders.catch_up_send, owner_id=owner_id)


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_digest(self: Task[..., bool], digest_id: int) -> bool:
    return _sending(self, reminders.digest_send, digest_id=digest_id)


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_interview_email(self: Task[..., bool], email_id: int) -> bool:
    return _sending(self, interview_emails.interview_email_send, email_id=email_id)
