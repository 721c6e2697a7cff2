"""Reminder emails through a real SMTP server (aiosmtpd on 127.0.0.1).

The sweep claims what is due and queues the sending; here the queue is a
recorder, so each test sees exactly which batches the sweep asked for and then
runs the send itself, as a worker would: once, twice (a redelivery), during an
outage and after it.
"""

import contextlib
import datetime as dt
import re
import smtplib
from urllib.parse import urlsplit

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.utils import timezone

from applications.choices import ContactRole, Status
from config.settings.base import celery_transport_options
from outreach import reminders, tasks
from outreach.emails import email_key_from_unsubscribe_token
from outreach.models import Reminder
from tests.factories import ApplicationFactory, ContactFactory, InterviewFactory, UserFactory
from tests.smtp_server import MAILBOX_BUSY, SERVICE_NOT_AVAILABLE

pytestmark = pytest.mark.django_db

SECRET = "SECRET-NOTE-7f3a"
# Redis hands an unacknowledged task to another worker after this long; a retry
# must always come back sooner, or it would be run twice.
VISIBILITY_TIMEOUT = celery_transport_options("redis://localhost:6379/0")["visibility_timeout"]
# The real task, kept before the `queue` fixture swaps the module's name for a recorder.
REAL_SEND_REMINDERS = tasks.send_reminders


# --- Records that are due ----------------------------------------------------------
def due_application(owner=None, *, promised_days_ago=6, interview_notes="", **fields):
    """An open application whose first follow-up fell due a few days ago (real time).

    Promised six days ago: the first business day after that is two to five
    days ago, whatever the weekday or holiday, so it is due and not yet stale
    (more than a week late).
    """
    owner = owner or UserFactory()
    fields.setdefault("company", "Acme Freight")
    fields.setdefault("status", Status.WAITING)
    application = ApplicationFactory(owner=owner, **fields)
    now = timezone.now()
    InterviewFactory(
        application=application,
        starts_at=now - dt.timedelta(days=promised_days_ago + 3),
        promised_on=(now - dt.timedelta(days=promised_days_ago)).astimezone(owner.zoneinfo).date(),
        notes=interview_notes,
    )
    application.refresh_plan()
    application.refresh_from_db()
    assert application.remind_at is not None and application.remind_at <= now, "test data: not due"
    return application


class QueueRecorder:
    """Stands in for the Celery tasks the sweep enqueues after commit."""

    def __init__(self):
        self.reminder_batches = []
        self.catch_up_owners = []

    @property
    def reminder_ids(self):
        return [pk for batch in self.reminder_batches for pk in batch]

    def task(self, calls):
        class Recorder:
            @staticmethod
            def delay(arg):
                calls.append(list(arg) if isinstance(arg, (list, tuple)) else arg)

        return Recorder


@pytest.fixture
def queue(monkeypatch):
    recorder = QueueRecorder()
    monkeypatch.setattr(tasks, "send_reminders", recorder.task(recorder.reminder_batches))
    monkeypatch.setattr(tasks, "send_catch_up", recorder.task(recorder.catch_up_owners))
    return recorder


@pytest.fixture
def sweep(queue, django_capture_on_commit_callbacks):
    """Run the sweep as beat would, with its after-commit enqueueing; returns the queued reminder ids."""

    def run(now=None):
        before = len(queue.reminder_ids)
        with django_capture_on_commit_callbacks(execute=True):
            reminders.reminders_sweep(now=now)
        return queue.reminder_ids[before:]

    return run


def only(messages):
    assert len(messages) == 1, (
        f"expected exactly one email, got {len(messages)}: {[str(m.message['Subject']) for m in messages]}"
    )
    return messages[0]


def decoded_parts(message):
    return [part.get_content() for part in message.walk() if not part.is_multipart()]


def header_lines(received):
    """The raw top-level header block, one physical line each."""
    head = received.raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    return head.decode("utf-8", "replace").splitlines()


# --- One reminder, read closely ----------------------------------------------------
def test_reminder_arrives_once_through_a_real_smtp_server(smtp_server, sweep):
    user = UserFactory(email="veteran@example.com", full_name="Sam Rivera")
    application = due_application(user, company="Acme Freight", notes=f"{SECRET}-application")
    application.interviews.update(notes=f"{SECRET}-interview")
    ContactFactory(
        owner=user,
        company="Acme Freight",
        role=ContactRole.RECRUITER,
        name="Pat Lee",
        work_email="pat.lee@acme.example.com",
        personal_email="pat.private@home.example.net",
        personal_phone="+1 555 0100",
        notes=f"{SECRET}-contact",
    )

    ids = sweep()
    assert len(ids) == 1
    assert reminders.reminders_send(reminder_ids=ids) == 1

    received = only(smtp_server.messages)
    message = received.message
    reminder = Reminder.objects.get(pk=ids[0])

    # To the user, and only the user.
    assert received.rcpt_tos == ("veteran@example.com",)
    assert message["To"] == "veteran@example.com"
    assert message["Cc"] is None and message["Bcc"] is None
    # Says which company, carries both parts, and is recognisably this reminder.
    assert "Acme Freight" in message["Subject"]
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Acme Freight" in text and "Acme Freight" in html
    assert message["Message-ID"] == reminder.message_id
    # A link to the ready draft, and a one-click unsubscribe (RFC 2369 / RFC 8058).
    assert settings.SITE_URL + application.get_absolute_url() in text
    unsubscribe = re.fullmatch(r"<([^<>\s]+)>", message["List-Unsubscribe"].strip())
    assert unsubscribe, message["List-Unsubscribe"]
    url = unsubscribe.group(1)
    assert url.startswith(settings.SITE_URL + "/unsubscribe/")
    token = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    assert email_key_from_unsubscribe_token(token) == user.email_key
    assert url in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The work address is offered; private notes and personal channels never leave the app.
    assert "pat.lee@acme.example.com" in text
    everything = "\n".join([*decoded_parts(message), *(str(v) for v in message.values())])
    assert SECRET not in everything
    assert SECRET.encode() not in received.raw
    assert "pat.private@home.example.net" not in everything
    assert "555 0100" not in everything

    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    # Nothing more is owed: another sweep claims nothing, another send sends nothing.
    assert sweep() == []
    assert reminders.reminders_send(reminder_ids=ids) == 0
    assert len(smtp_server.messages) == 1


def test_subject_shows_the_company_name_as_typed(smtp_server, sweep):
    """A plain-text subject must not carry HTML entities (``&amp;``, ``&#x27;``)."""
    user = UserFactory()
    due_application(user, company="O'Brien & Sons <Logistics>")

    reminders.reminders_send(reminder_ids=sweep())

    message = only(smtp_server.messages).message
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "O'Brien & Sons <Logistics>" in text
    assert "O'Brien & Sons <Logistics>" in message["Subject"], message["Subject"]
    # ...while the HTML part, <title> included, still escapes it.
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "<Logistics>" not in html
    assert "O&#x27;Brien &amp; Sons &lt;Logistics&gt;" in html


def test_one_click_unsubscribe_from_the_email_stops_the_next_reminder(smtp_server, sweep, client):
    user = UserFactory()
    due_application(user, company="First Co")
    reminders.reminders_send(reminder_ids=sweep())
    url = re.fullmatch(r"<(.+)>", only(smtp_server.messages).message["List-Unsubscribe"].strip()).group(1)

    # A second follow-up was claimed before the click, and is still waiting to go out.
    due_application(user, company="Second Co")
    sweep_ids = sweep()
    assert len(sweep_ids) == 1

    # The mail client POSTs "List-Unsubscribe=One-Click" with no session (RFC 8058).
    response = client.post(urlsplit(url).path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.reminders_enabled is False

    assert reminders.reminders_send(reminder_ids=sweep_ids) == 0
    assert len(smtp_server.messages) == 1
    second = Reminder.objects.get(pk=sweep_ids[0])
    assert second.sent_at is None and second.cancelled_at is not None


# --- Outages -----------------------------------------------------------------------
def test_smtp_outage_sends_nothing_then_exactly_one(smtp_server, sweep):
    user = UserFactory()
    due_application(user)
    ids = sweep()
    smtp_server.stop()  # connection refused

    with pytest.raises(tasks.SMTP_TROUBLE):
        reminders.reminders_send(reminder_ids=ids)

    reminder = Reminder.objects.get(pk=ids[0])
    assert reminder.sent_at is None
    assert reminder.lease_until is None, "the lease must be released so the retry can take it"
    assert reminder.attempts == 1

    smtp_server.start()
    assert reminders.reminders_send(reminder_ids=ids) == 1
    assert reminders.reminders_send(reminder_ids=ids) == 0
    only(smtp_server.to(user.email))
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and reminder.attempts == 2


@pytest.mark.parametrize("reply", [SERVICE_NOT_AVAILABLE, MAILBOX_BUSY], ids=["421", "450"])
def test_smtp_server_refusing_for_now_sends_nothing_then_exactly_one(smtp_server, sweep, reply):
    """A 4xx answer means "not now": nothing may be sent, given up on, or kept
    leased; the retry after the server recovers delivers each reminder once."""
    users = [UserFactory() for _ in range(3)]
    for user in users:
        due_application(user)
    ids = sweep()
    smtp_server.refuse(reply)  # the port is open, every recipient is answered 4xx

    with pytest.raises(smtplib.SMTPException):
        reminders.reminders_send(reminder_ids=ids)
    assert smtp_server.messages == []
    held = Reminder.objects.filter(pk__in=ids)
    assert [(r.sent_at, r.cancelled_at, r.cancel_reason, r.lease_until) for r in held] == [
        (None, None, "", None)
    ] * 3, "a temporary refusal must not cancel a reminder: it would never be sent"

    smtp_server.recover()
    assert reminders.reminders_send(reminder_ids=ids) == 3
    for user in users:
        only(smtp_server.to(user.email))


def test_an_outage_midway_through_a_batch_sends_each_reminder_once(smtp_server, sweep):
    users = [UserFactory() for _ in range(5)]
    for user in users:
        due_application(user)
    ids = sweep()
    assert len(ids) == 5
    smtp_server.refuse_after(2)

    with pytest.raises(smtplib.SMTPException):
        reminders.reminders_send(reminder_ids=ids)
    assert len(smtp_server.messages) == 2
    assert Reminder.objects.filter(pk__in=ids, sent_at__isnull=False).count() == 2
    assert Reminder.objects.filter(pk__in=ids, lease_until__isnull=False, sent_at__isnull=True).count() == 0

    smtp_server.recover()
    assert reminders.reminders_send(reminder_ids=ids) == 3
    assert reminders.reminders_send(reminder_ids=ids) == 0
    for user in users:
        only(smtp_server.to(user.email))
    assert Reminder.objects.filter(pk__in=ids, sent_at__isnull=True).count() == 0


def test_a_rejected_address_does_not_hold_back_other_users_reminders(smtp_server, sweep):
    """A mailbox that no longer exists (550) is permanent: retrying it forever
    must not keep everyone after it in the batch from getting their reminder."""
    users = [UserFactory() for _ in range(3)]
    for user in users:
        due_application(user)
    ids = sweep()
    assert len(ids) == 3
    # The address that bounces is the one sent first in the batch (lowest id).
    gone = Reminder.objects.filter(pk__in=ids).order_by("pk").first().owner
    others = [user for user in users if user.pk != gone.pk]
    smtp_server.reject_address(gone.email)

    # The task's retries, as a worker would run them.
    for _ in range(3):
        with contextlib.suppress(tasks.SMTP_TROUBLE):
            reminders.reminders_send(reminder_ids=ids)

    for user in others:
        assert len(smtp_server.to(user.email)) == 1, (
            f"{user.email} never got the reminder: a 550 for another user blocks the batch"
        )
    assert smtp_server.to(gone.email) == []
    # Given up on, not left pending (the sweep would otherwise queue it again forever).
    refused = Reminder.objects.get(pk__in=ids, owner=gone)
    assert refused.sent_at is None and refused.cancelled_at is not None


# --- The Celery task's retries -----------------------------------------------------
def test_send_task_retries_smtp_trouble_with_a_countdown_below_the_visibility_timeout(
    smtp_server, sweep, monkeypatch
):
    """The real task (not the recorder) under apply(); retry() is observed, not run."""
    send_reminders = REAL_SEND_REMINDERS
    user = UserFactory()
    due_application(user)
    ids = sweep()
    smtp_server.stop()

    requested = []

    def retry(self, *args, exc=None, countdown=None, **kwargs):
        requested.append({"exc": exc, "countdown": countdown, "retries": self.request.retries})
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(type(send_reminders._get_current_object()), "retry", retry)
    result = send_reminders.apply(args=[ids])

    assert result.state == "RETRY"
    assert len(requested) == 1
    assert isinstance(requested[0]["exc"], tasks.SMTP_TROUBLE)
    assert 0 < requested[0]["countdown"] < VISIBILITY_TIMEOUT
    reminder = Reminder.objects.get(pk=ids[0])
    assert reminder.sent_at is None and reminder.lease_until is None


def test_every_retry_waits_less_than_the_visibility_timeout():
    assert tasks.MAX_RETRIES >= 3
    for retries in range(tasks.MAX_RETRIES + 1):
        for _ in range(50):
            assert 0 < tasks.backoff(retries) < VISIBILITY_TIMEOUT


def test_send_task_through_a_long_outage_then_exactly_one(smtp_server, sweep):
    """apply() runs the retries eagerly: every attempt fails, none marks the
    reminder sent or keeps its lease; once the server is back, one email."""
    user = UserFactory()
    due_application(user)
    ids = sweep()
    smtp_server.stop()

    result = REAL_SEND_REMINDERS.apply(args=[ids])
    assert result.state in {"RETRY", "FAILURE"}
    assert isinstance(result.result, tasks.SMTP_TROUBLE)
    reminder = Reminder.objects.get(pk=ids[0])
    assert reminder.sent_at is None and reminder.lease_until is None
    assert reminder.attempts == tasks.MAX_RETRIES + 1  # every retry really ran

    smtp_server.start()
    result = REAL_SEND_REMINDERS.apply(args=[ids])
    assert result.state == "SUCCESS" and result.result == 1
    only(smtp_server.to(user.email))


# --- Batches and redeliveries --------------------------------------------------------
def test_one_smtp_connection_per_batch(smtp_server, sweep, queue):
    for n in range(5):
        due_application(UserFactory(), company=f"Batch Co {n}")
    sweep()
    assert [len(batch) for batch in queue.reminder_batches] == [5]

    assert reminders.reminders_send(reminder_ids=queue.reminder_batches[0]) == 5

    messages = smtp_server.messages
    assert len(messages) == 5
    assert smtp_server.sessions == 1
    assert {m.session for m in messages} == {1}
    assert sorted(m.message["Subject"] for m in messages) == sorted(
        f"Time to follow up with Batch Co {n}" for n in range(5)
    )
    assert len({m.message["Message-ID"] for m in messages}) == 5


def test_a_redelivered_send_task_sends_no_second_email(smtp_server, sweep):
    user = UserFactory()
    due_application(user)
    ids = sweep()

    assert reminders.reminders_send(reminder_ids=ids) == 1
    assert reminders.reminders_send(reminder_ids=ids) == 0  # the broker delivered the task again
    only(smtp_server.to(user.email))
    # Long after: nothing is stuck, so nothing is queued again.
    later = timezone.now() + dt.timedelta(hours=2)
    assert reminders.requeue_stuck_reminders(now=later) == 0
    assert reminders.reminders_send(reminder_ids=ids, now=later) == 0
    assert len(smtp_server.messages) == 1


def test_a_send_cut_short_by_a_dead_worker_is_requeued_and_sent_once(smtp_server, sweep, queue):
    user = UserFactory()
    due_application(user)
    ids = sweep()
    now = timezone.now()
    # A worker took the lease and was killed before it could send.
    Reminder.objects.filter(pk__in=ids).update(lease_until=now + reminders.LEASE, attempts=1)

    # The broker redelivers at once (acks_late): the lease still holds, nothing is sent twice.
    assert reminders.reminders_send(reminder_ids=ids, now=now + dt.timedelta(seconds=5)) == 0
    assert smtp_server.messages == []

    # Once the lease has run out, the sweep queues it again, and it goes out once.
    later = now + reminders.LEASE + dt.timedelta(minutes=1)
    queued_before = len(queue.reminder_ids)
    assert reminders.requeue_stuck_reminders(now=later) == 1
    assert queue.reminder_ids[queued_before:] == ids
    assert reminders.reminders_send(reminder_ids=ids, now=later) == 1
    assert reminders.reminders_send(reminder_ids=ids, now=later) == 0
    assert reminders.requeue_stuck_reminders(now=later + dt.timedelta(hours=1)) == 0
    only(smtp_server.to(user.email))


def test_late_reminders_arrive_as_one_catch_up_email(smtp_server, sweep, queue):
    """Reminders claimed more than a week late (beat or mail down for long) go
    out as one catch-up email per user, once, even across an outage."""
    user = UserFactory()
    for n in range(3):
        due_application(user, company=f"Late Co {n}", promised_days_ago=20)
    assert sweep() == []
    assert queue.catch_up_owners == [user.pk]

    smtp_server.stop()
    with pytest.raises(tasks.SMTP_TROUBLE):
        reminders.catch_up_send(owner_id=user.pk)
    assert Reminder.objects.filter(owner=user, lease_until__isnull=False).count() == 0

    smtp_server.start()
    assert reminders.catch_up_send(owner_id=user.pk) == 3
    assert reminders.catch_up_send(owner_id=user.pk) == 0
    message = only(smtp_server.to(user.email)).message
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert all(f"Late Co {n}" in text for n in range(3))
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Reminder.objects.filter(owner=user, sent_at__isnull=True).count() == 0


# --- Header injection ------------------------------------------------------------------
def test_a_company_name_cannot_inject_headers_or_recipients(smtp_server, sweep):
    user = UserFactory(email="victim@example.com")
    due_application(user, company="Acme\r\nBcc: evil@example.com", role="Driver\nCc: evil2@example.com")

    reminders.reminders_send(reminder_ids=sweep())

    received = only(smtp_server.messages)
    message = received.message
    assert received.rcpt_tos == ("victim@example.com",)
    assert message["Bcc"] is None and message["Cc"] is None
    assert message.get_all("To") == ["victim@example.com"]
    for part in message.walk():
        assert part["Bcc"] is None and part["Cc"] is None
    subject = message["Subject"]
    assert "\r" not in subject and "\n" not in subject
    assert subject == "Time to follow up with Acme Bcc: evil@example.com"
    # In the raw header block, no line starts a Bcc/Cc header (folded lines start with whitespace).
    assert not [line for line in header_lines(received) if re.match(r"(?i)(bcc|cc):", line)]


# --- A sender slower than its lease -------------------------------------------------
class SlowSender:
    """Wraps grouped_email: while the first message is on its way the clock
    jumps ``by`` and ``meanwhile`` runs (e.g. another worker taking over the rest
    of the batch); ``then`` runs as the second message is written."""

    def __init__(self, monkeypatch, traveller, *, by, meanwhile=lambda: None, then=lambda: None):
        self.built = 0
        real = reminders.grouped_email

        def slow(*args):
            self.built += 1
            if self.built == 1:
                traveller.shift(by)
                meanwhile()
            if self.built == 2:
                then()
            return real(*args)

        monkeypatch.setattr(reminders, "grouped_email", slow)


def three_due_reminders(sweep):
    users = [UserFactory() for _ in range(3)]
    for user in users:
        due_application(user)
    ids = sorted(sweep())
    assert len(ids) == 3
    return users, ids


def test_a_sender_past_its_lease_leaves_what_another_worker_took(smtp_server, sweep, monkeypatch):
    import time_machine

    users, ids = three_due_reminders(sweep)
    other_lease = timezone.now() + 2 * reminders.LEASE

    def another_worker_takes_the_rest():
        Reminder.objects.filter(pk__in=ids[1:]).update(lease_until=other_lease)

    with time_machine.travel(timezone.now(), tick=True) as traveller:
        SlowSender(
            monkeypatch,
            traveller,
            by=reminders.LEASE + dt.timedelta(minutes=1),
            meanwhile=another_worker_takes_the_rest,
        )
        assert reminders.reminders_send(reminder_ids=ids) == 1
    assert len(smtp_server.messages) == 1
    only(smtp_server.to(users[0].email))
    # The other worker's lease is left alone: not released, not sent by us.
    assert (
        list(Reminder.objects.filter(pk__in=ids[1:]).values_list("lease_until", "sent_at"))
        == [(other_lease, None)] * 2
    )


def test_a_slow_sender_that_still_holds_its_lease_renews_it_and_sends_all(smtp_server, sweep, monkeypatch):
    import time_machine

    users, ids = three_due_reminders(sweep)
    requeued_midway = []

    def a_sweep_runs_now():
        # Three quarters of the first lease are gone; without a renewal, one more
        # quarter and a sweep would hand the rest to another worker.
        requeued_midway.append(reminders.requeue_stuck_reminders(now=timezone.now() + reminders.LEASE * 0.5))

    with time_machine.travel(timezone.now(), tick=True) as traveller:
        SlowSender(monkeypatch, traveller, by=reminders.LEASE * 0.75, then=a_sweep_runs_now)
        assert reminders.reminders_send(reminder_ids=ids) == 3
    assert requeued_midway == [0]
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == sorted(u.email for u in users)
