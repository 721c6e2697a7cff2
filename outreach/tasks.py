"""Thin Celery tasks: each fetches by id and calls a service.

Sending retries SMTP trouble with exponential backoff and full jitter, capped
well below the Redis visibility timeout, so a retry is never mistaken for a
lost task.
"""

import random
import smtplib
import socket
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from celery import Task, shared_task

from . import reminders

RETRY_BASE_SECONDS = 30
RETRY_CAP_SECONDS = 20 * 60
MAX_RETRIES = 10
SMTP_TROUBLE = (smtplib.SMTPException, socket.error, TimeoutError)

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
    return claimed


def _sending(task: Task[Any, Any], service: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a sending service; SMTP trouble becomes a retry after a jittered backoff."""
    try:
        return service(*args, **kwargs)
    except SMTP_TROUBLE as exc:
        raise task.retry(exc=exc, countdown=backoff(task.request.retries)) from exc


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_reminders(self: Task[..., int], reminder_ids: list[int]) -> int:
    return _sending(self, reminders.reminders_send, reminder_ids=reminder_ids)


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_catch_up(self: Task[..., int], owner_id: int) -> int:
    return _sending(self, reminders.catch_up_send, owner_id=owner_id)


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_digest(self: Task[..., bool], digest_id: int) -> bool:
    return _sending(self, reminders.digest_send, digest_id=digest_id)
