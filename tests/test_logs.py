"""Logs never hold a secret: no sign-in or sign-up code, no interview notes, no draft
text, no reminder email, no unsubscribe or calendar token, and nothing that names the
user or their work: no email address, name, company, role or subject, no imported cell
or file name.

Every log record of a whole session is captured at DEBUG, from every logger: every
logger's level is opened to DEBUG (but for the few LOGGING keeps above DEBUG for
privacy, see ``PINNED_FOR_PRIVACY``), none is disabled, and ``Logger.handle`` itself
records what it is given, so a logger with no handler, or one that does not
propagate, or one created during the session, is caught too. The session: sign up
by code, sign in by code, an application, an interview with notes, a draft opened,
edited and marked sent, the reminder sweep Celery beat runs (tasks run eagerly, the
email through the in-memory backend) with a mail server that refuses the first try
for now, naming and quoting the address as real servers do, so the send is retried,
the weekly digest, a large CSV import run by its Celery task, the calendar feed, the
export, and requests that fail. Then the whole text of every record (message,
arguments, extra attributes, exception and stack text) is searched for each secret.

The operator's lines are checked too: the sweep, each send, the retry, the digest
and the import job each log one INFO line of ``key=value`` fields. A second session
covers the rest: sends lost with their queue and requeued by a later sweep (a
WARNING), a catch-up for a follow-up weeks late, and a small import with a bad row.
"""

import csv
import datetime as dt
import io
import logging
import re
import smtplib
import traceback

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends import locmem
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.choices import ContactRole, Status
from applications.models import Application
from config.celery_app import app as celery_app
from exports import services as import_services
from exports.models import ImportJob, JobStatus
from feeds.models import CalendarFeed
from outreach import reminders, tasks
from outreach.models import Digest, Draft, Reminder
from tests.factories import ApplicationFactory, InterviewFactory, UserFactory, share_with_link

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)
NOTES = "Interviewer Dana mentioned the night-shift bonus, ref NOTE-7f3a91"
DRAFT_BODY = (
    "Hello Dana,\n\nThank you again; I remain very interested in the role. Ref DRAFT-c41e77.\n\nAlice"
)
DRAFT_SUBJECT = "Checking in, ref SUBJECT-2b9d04"
EMAIL = "dana.fan@example.com"
FULL_NAME = "Dana Fan-Okoro"
COMPANY = "Northwind Logistics"
ROLE = "Operations Supervisor"
IMPORT_FILE_NAME = "my-job-hunt-FILE-e5a013.csv"
IMPORT_COMPANY = "Tailspin Cargo CSV-0c7d22"
IMPORT_NOTE = "Met the recruiter at the job fair, ref CSVNOTE-91f4ab"
IMPORT_ROWS = import_services.ASYNC_THRESHOLD + 1  # large enough for the Celery task
NAMED_LOGGERS = [
    "",
    "django",
    "django.request",
    "django.security",
    "django.server",
    "django.template",
    "celery",
    "celery.app.trace",
    "celery.task",
    "kombu",
    "allauth",
    "py.warnings",
    *settings.LOCAL_APPS,
]
# Loggers whose DEBUG records hold user data by design, so LOGGING keeps them above
# DEBUG in every environment; the capture leaves them at that level. Django's template
# engine logs, at DEBUG, each variable it cannot resolve with the whole context.
PINNED_FOR_PRIVACY = ["django.template"]


class Capture:
    """Every record any logger handles, once."""

    def __init__(self):
        self.records = []

    def text_of(self, record):
        parts = [record.getMessage(), str(record.msg), repr(record.args), repr(vars(record))]
        if record.exc_info:
            parts.append("".join(traceback.format_exception(*record.exc_info)))
        parts += [record.exc_text or "", record.stack_info or ""]
        return "\n".join(parts)

    def all_text(self):
        return "\n".join(self.text_of(record) for record in self.records)

    def lines(self, logger, start, level=logging.INFO):
        """The ``key=value`` fields of each record of ``logger`` at ``level`` whose message
        begins with ``start`` (the words before the fields)."""
        found = []
        for record in self.records:
            message = record.getMessage()
            if record.name == logger and record.levelno == level and message.startswith(start + " "):
                fields = message[len(start) + 1 :].split(" ")
                assert all(re.fullmatch(r"\w+=\S+", field) for field in fields), message
                found.append(dict(field.split("=", 1) for field in fields))
        return found


@pytest.fixture
def captured(monkeypatch):
    capture = Capture()
    original_handle = logging.Logger.handle

    def handle(logger, record):
        capture.records.append(record)
        return original_handle(logger, record)

    monkeypatch.setattr(logging.Logger, "handle", handle)
    saved = {}
    for name in set(NAMED_LOGGERS) | set(logging.root.manager.loggerDict):
        logger = logging.getLogger(name)
        saved[name] = (logger.level, logger.disabled)
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    for name in PINNED_FOR_PRIVACY:
        level = logging.getLevelName(settings.LOGGING["loggers"].get(name, {}).get("level", "NOTSET"))
        assert level > logging.DEBUG, f"LOGGING must keep {name} above DEBUG"
        logging.getLogger(name).setLevel(level)
    previous_disable = logging.root.manager.disable
    logging.disable(logging.NOTSET)
    yield capture
    logging.disable(previous_disable)
    for name, (level, disabled) in saved.items():
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.disabled = disabled


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def code_in(message):
    match = CODE.search(message.body)
    assert match, f"no code in {message.subject!r}"
    return match.group(1)


def wrong(code):
    return "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"


class BusyOnce(locmem.EmailBackend):
    """The in-memory outbox behind a mail server that, while ``refusals_left``, answers
    the recipient with a 450, naming and quoting the address as real servers do."""

    refusals_left = 0

    def send_messages(self, email_messages):
        if BusyOnce.refusals_left:
            BusyOnce.refusals_left -= 1
            address = email_messages[0].to[0]
            reply = f"4.2.1 <{address}>: Mailbox busy, try again later".encode()
            raise smtplib.SMTPRecipientsRefused({address: (450, reply)})
        return super().send_messages(email_messages)


@pytest.fixture
def busy_mail_server(settings):
    settings.EMAIL_BACKEND = f"{__name__}.BusyOnce"
    BusyOnce.refusals_left = 0
    yield
    BusyOnce.refusals_left = 0


def csv_upload(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Company", "Role", "Status", "Date Applied", "Notes"])
    writer.writerows(rows)
    return SimpleUploadedFile(IMPORT_FILE_NAME, buffer.getvalue().encode(), content_type="text/csv")


def ms(value):
    assert re.fullmatch(r"\d+", value), value
    return int(value)


def test_a_whole_session_logs_no_secret(
    captured, eager_celery, busy_mail_server, django_capture_on_commit_callbacks
):
    client = Client()
    secrets = {
        "email address": EMAIL,
        "full name": FULL_NAME,
        "company": COMPANY,
        "role": ROLE,
        "draft subject": DRAFT_SUBJECT,
        "imported file name": IMPORT_FILE_NAME,
        "imported company": IMPORT_COMPANY,
        "imported notes": IMPORT_NOTE,
    }

    # Sign up by code, one wrong code first.
    assert client.post(reverse("account_signup"), {"email": EMAIL}).status_code == 302
    secrets["sign-up code"] = code_in(mail.outbox[-1])
    url = reverse("account_email_verification_sent")
    assert client.post(url, {"code": wrong(secrets["sign-up code"])}).status_code == 400
    assert client.post(url, {"code": secrets["sign-up code"]}).status_code == 302
    assert client.post(reverse("account_logout")).status_code == 302

    # Sign in by code, a wrong one first.
    assert client.post(reverse("account_login"), {"login": EMAIL}).status_code == 302
    secrets["sign-in code"] = code_in(mail.outbox[-1])
    url = reverse("account_confirm_login_code")
    assert client.post(url, {"code": wrong(secrets["sign-in code"])}).status_code == 400
    assert client.post(url, {"code": secrets["sign-in code"]}).status_code == 302
    user = Application._meta.get_field("owner").related_model.objects.get(email=EMAIL)
    response = client.post(
        reverse("profile"),
        {
            "full_name": FULL_NAME,
            "time_zone": "America/New_York",
            "default_wait_days": "7",
            "reminders_enabled": "on",
            "digest_enabled": "on",
            "reminder_hour": "8",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.digest_enabled) == (FULL_NAME, True)

    # An application, and an interview ten days ago with notes.
    assert client.post(reverse("application_create"), {"company": ""}).status_code == 400  # a bad form
    response = client.post(
        reverse("application_create"),
        {"company": COMPANY, "role": ROLE, "status": "applied", "applied_on": "2026-11-02"},
    )
    assert response.status_code == 302
    application = Application.objects.get(owner=user)
    interview_day = timezone.localdate() - dt.timedelta(days=10)
    response = client.post(
        reverse("interview_create", args=[application.pk]),
        {
            "day": interview_day.isoformat(),
            "time": "10:00",
            "format": "video",
            "rapport": "neutral",
            "asked_about_timing": "True",
            "promised_on": (interview_day + dt.timedelta(days=3)).isoformat(),
            "notes": NOTES,
        },
    )
    assert response.status_code == 302
    secrets["interview notes"] = NOTES

    # A draft opened, given a subject and body of the user's own, and marked sent.
    response = client.post(reverse("draft_open", args=[application.pk, "status_request"]))
    assert response.status_code == 302
    draft = Draft.objects.get(application=application)
    response = client.post(
        reverse("draft_detail", args=[draft.pk]), {"subject": DRAFT_SUBJECT, "body": DRAFT_BODY}
    )
    assert response.status_code == 302
    # Who it goes to, added on the draft page (an email is marked sent only to a named person).
    response = client.post(
        reverse("draft_recipient_add", args=[draft.pk]),
        {
            "subject": DRAFT_SUBJECT,
            "body": DRAFT_BODY,
            "new-name": "Priya Shah",
            "new-role": ContactRole.RECRUITER,
            "new-work_email": "priya.shah@northwind.example",
        },
    )
    assert response.status_code == 302
    assert client.post(reverse("draft_sent", args=[draft.pk]), {"reviewed_tone": "on"}).status_code == 302
    secrets["draft body"] = DRAFT_BODY

    # When the next step falls due, beat's sweep: the reminder (the mail server is busy
    # at first, so the send task retries) and this week's digest.
    application.refresh_from_db()
    assert application.remind_at is not None
    BusyOnce.refusals_left = 1
    with (
        time_machine.travel(application.remind_at + dt.timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.sweep.delay().get() == 1
    assert BusyOnce.refusals_left == 0, "the mail server never refused: no retry was exercised"
    reminder_row = Reminder.objects.get(application=application)
    assert reminder_row.sent_at is not None and reminder_row.attempts == 2
    digest = Digest.objects.get(owner=user)
    assert digest.sent_at is not None
    sent = {message.extra_headers["Message-ID"].split("-")[0]: message for message in mail.outbox[-2:]}
    assert set(sent) == {"<reminder", "<digest"}
    reminder = sent["<reminder"]
    assert reminder.to == [EMAIL] and COMPANY in reminder.subject
    secrets["reminder email"] = reminder.body
    secrets["reminder subject"] = reminder.subject
    secrets["digest email"] = sent["<digest"].body
    for n, line in enumerate(line.strip() for line in reminder.body.splitlines()):
        if len(line) >= 40:
            secrets[f"reminder email line {n}"] = line
    unsubscribe = reminder.extra_headers["List-Unsubscribe"].strip("<>")
    secrets["unsubscribe token"] = unsubscribe.rstrip("/").rsplit("/", 1)[-1]

    # A CSV too large to import during the request: the Celery task imports it.
    rows = [
        [f"{IMPORT_COMPANY} {n}", "Dispatcher", "applied", "2026-10-01", IMPORT_NOTE]
        for n in range(IMPORT_ROWS)
    ]
    assert client.post(reverse("data_import"), {"file": csv_upload(rows)}).status_code == 302
    job = ImportJob.objects.get(owner=user)
    confirm = {key: "" if index is None else str(index) for key, index in job.mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("import_preview", args=[job.pk]), {**confirm, "action": "confirm"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.imported_count) == (JobStatus.DONE, IMPORT_ROWS)

    # The calendar feed, fetched by its token; the export.
    assert client.post(reverse("calendar_create")).status_code == 302
    feed = CalendarFeed.objects.get(owner=user)
    secrets["calendar token"] = feed.token
    assert Client().get(feed.get_absolute_url()).status_code == 200
    response = client.get(reverse("data_export_download"))
    assert response.status_code == 200
    b"".join(response.streaming_content)

    # A coach opens the shared page, sends an empty comment (400), opens the comment URL (405),
    # and the link is turned off (404). Django would log each 4xx with the request, path and all.
    share, coach_token = share_with_link(owner=user)
    secrets["coach token"] = coach_token
    assert Client().get(reverse("coach_page", args=[coach_token])).status_code == 200
    assert Client().post(reverse("coach_comment", args=[coach_token]), {"body": ""}).status_code == 400
    assert Client().get(reverse("coach_comment", args=[coach_token])).status_code == 405
    assert client.post(reverse("share_revoke", args=[share.pk])).status_code == 302
    assert Client().get(reverse("coach_page", args=[coach_token])).status_code == 404

    # Failing requests: a missing page, a wrong method, a tampered unsubscribe link.
    assert client.get(reverse("application_detail", args=[application.pk + 1000])).status_code == 404
    assert client.get(reverse("draft_sent", args=[draft.pk])).status_code == 405
    assert Client().get(reverse("unsubscribe", args=["tampered"])).status_code == 400

    # The capture really captures: the failed requests were logged, and so was Celery's retry.
    messages = [(r.name, r.levelno, r.getMessage()) for r in captured.records]
    assert (
        "django.request",
        logging.WARNING,
        f"Bad Request: {reverse('account_confirm_login_code')}",
    ) in messages
    assert ("django.request", logging.WARNING, f"Bad Request: {reverse('application_create')}") in messages
    assert any(name == "django.request" and text.startswith("Not Found:") for name, _, text in messages)
    assert any(
        name == "django.request" and text.startswith("Method Not Allowed") for name, _, text in messages
    )
    assert any(
        name == "celery.app.trace" and "outreach.tasks.send_reminders" in text and " retry: " in text
        for name, _, text in messages
    ), "Celery's own retry line, which carries the SMTP error, was not captured"

    # The operator's lines: one per step, with the counts, ids and durations.
    [sweep] = captured.lines("outreach.reminders", "reminder sweep finished")
    assert {k: v for k, v in sweep.items() if k != "duration_ms"} == {
        "claimed": "1",
        "batches": "1",
        "reminders": "1",
        "catch_ups": "0",
        "requeued": "0",
    }
    ms(sweep["duration_ms"])
    refused, delivered = captured.lines("outreach.reminders", "reminder send finished")
    common = {"requested": "1", "leased": "1", "cancelled": "0", "refused": "0", "skipped": "0"}
    assert (
        refused.items()
        >= {
            **common,
            "sent": "0",
            "released": "1",
            "error": "SMTPRecipientsRefused",
            "smtp_code": "450",
        }.items()
    )
    assert (
        delivered.items()
        >= {**common, "sent": "1", "released": "0", "error": "none", "smtp_code": "0"}.items()
    )
    [retry] = captured.lines("outreach.tasks", "send task retry")
    assert (
        retry.items()
        >= {
            "task": "outreach.tasks.send_reminders",
            "retry": "1",
            "max_retries": str(tasks.MAX_RETRIES),
            "error": "SMTPRecipientsRefused",
            "smtp_code": "450",
        }.items()
    )
    assert re.fullmatch(r"[0-9a-f-]{36}", retry["task_id"]) and ms(retry["countdown_ms"]) >= 1000
    [digest_sweep] = captured.lines("outreach.reminders", "digest sweep finished")
    assert (digest_sweep["queued"], digest_sweep["requeued"]) == ("1", "0")
    [digest_sent] = captured.lines("outreach.reminders", "digest send finished")
    assert (digest_sent["digest_id"], digest_sent["owner_id"]) == (str(digest.pk), str(user.pk))
    [job_started] = captured.lines("exports.services", "import job started")
    assert job_started == {
        "job_id": str(job.pk),
        "owner_id": str(user.pk),
        "rows": str(IMPORT_ROWS),
        "run": "queued",
    }
    [job_finished] = captured.lines("exports.services", "import job finished")
    assert (
        job_finished.items()
        >= {
            "job_id": str(job.pk),
            "owner_id": str(user.pk),
            "status": "done",
            "reason": "imported",
            "rows": str(IMPORT_ROWS),
            "imported": str(IMPORT_ROWS),
            "problems": "0",
            "error": "none",
        }.items()
    )
    for line in [sweep, refused, delivered, digest_sweep, digest_sent, job_finished]:
        ms(line["duration_ms"])

    text = captured.all_text()
    leaked = [what for what, secret in secrets.items() if secret in text]
    assert not leaked, f"the logs hold: {', '.join(leaked)}"


@pytest.fixture
def two_due_follow_ups(db):
    """Made before the capture starts: factory_boy logs the objects it builds at DEBUG.

    One follow-up due Monday 7 December (promised Friday 4), and one due Monday 16
    November: three weeks late when the sweep first runs, so it goes in a catch-up."""
    user = UserFactory(email=EMAIL, full_name=FULL_NAME, time_zone="America/New_York")
    for starts_at, promised_on in [
        (dt.datetime(2026, 11, 30, 15, tzinfo=dt.UTC), dt.date(2026, 12, 4)),
        (dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC), dt.date(2026, 11, 13)),
    ]:
        application = ApplicationFactory(owner=user, company=COMPANY, role=ROLE, status=Status.WAITING)
        InterviewFactory(application=application, starts_at=starts_at, promised_on=promised_on, notes=NOTES)
        application.refresh_plan()
    return user


def test_a_lost_queue_a_late_catch_up_and_a_bad_import_log_counts_not_content(
    two_due_follow_ups, captured, eager_celery, busy_mail_server, django_capture_on_commit_callbacks
):
    user = two_due_follow_ups
    # The sweep claims both, and the queue loses the sends (no callback runs).
    first_sweep = dt.datetime(2026, 12, 10, 14, tzinfo=dt.UTC)
    with time_machine.travel(first_sweep, tick=False), django_capture_on_commit_callbacks(execute=False):
        assert reminders.reminders_sweep() == 2
    assert mail.outbox == []
    # A later sweep queues both again; the mail server is busy for the first send.
    BusyOnce.refusals_left = 1
    later = first_sweep + reminders.LEASE + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep.delay().get() == 0
    assert BusyOnce.refusals_left == 0
    assert Reminder.objects.filter(owner=user, sent_at__isnull=False).count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == [EMAIL, EMAIL]

    # A small CSV with one bad date: checked during the request, nothing imported.
    client = Client()
    client.force_login(user)
    bad_date = "the 5th of never, ref CSVDATE-6a0f3e"
    rows = [[IMPORT_COMPANY, "Dispatcher", "applied", bad_date, IMPORT_NOTE]]
    assert client.post(reverse("data_import"), {"file": csv_upload(rows)}).status_code == 302
    job = ImportJob.objects.get(owner=user)
    confirm = {key: "" if index is None else str(index) for key, index in job.mapping.items()}
    response = client.post(reverse("import_preview", args=[job.pk]), {**confirm, "action": "confirm"})
    assert response.status_code == 400
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and bad_date in str(job.errors)

    sweeps = captured.lines("outreach.reminders", "reminder sweep finished")
    assert [(s["claimed"], s["reminders"], s["catch_ups"], s["requeued"]) for s in sweeps] == [
        ("2", "1", "1", "0"),
        ("0", "0", "0", "2"),
    ]
    requeued = captured.lines(
        "outreach.reminders", "Requeueing reminders whose send did not finish", level=logging.WARNING
    )
    assert requeued == [{"reminders": "1", "catch_ups": "1"}]
    assert [s["error"] for s in captured.lines("outreach.reminders", "reminder send finished")] == [
        "SMTPRecipientsRefused",
        "none",
    ]
    [retry] = captured.lines("outreach.tasks", "send task retry")
    assert (retry["task"], retry["retry"], retry["smtp_code"]) == (
        "outreach.tasks.send_reminders",
        "1",
        "450",
    )
    [catch_up] = captured.lines("outreach.reminders", "reminder catch-up finished")
    assert (
        catch_up.items()
        >= {
            "owner_id": str(user.pk),
            "leased": "1",
            "sent": "1",
            "cancelled": "0",
            "refused": "0",
            "error": "none",
        }.items()
    )
    ms(catch_up["duration_ms"])
    [job_started] = captured.lines("exports.services", "import job started")
    assert (job_started["job_id"], job_started["rows"], job_started["run"]) == (str(job.pk), "1", "now")
    [job_finished] = captured.lines("exports.services", "import job finished")
    assert (
        job_finished.items()
        >= {
            "job_id": str(job.pk),
            "status": "failed",
            "reason": "bad_rows",
            "imported": "0",
            "problems": "1",
        }.items()
    )

    secrets = {
        "email address": EMAIL,
        "full name": FULL_NAME,
        "company": COMPANY,
        "role": ROLE,
        "interview notes": NOTES,
        "imported file name": IMPORT_FILE_NAME,
        "imported company": IMPORT_COMPANY,
        "imported notes": IMPORT_NOTE,
        "bad cell": bad_date,
    }
    secrets.update({f"email {n}": message.body for n, message in enumerate(mail.outbox)})
    text = captured.all_text()
    leaked = [what for what, secret in secrets.items() if secret in text]
    assert not leaked, f"the logs hold: {', '.join(leaked)}"


def test_the_capture_would_see_a_secret_logged_anywhere(captured):
    # Guards the test above: the same capture and search find a secret a logger prints.
    logging.getLogger("outreach.reminders").debug("sending %s", "CANARY-1")
    quiet = logging.getLogger("a.library.that.does.not.propagate")  # made after the capture started
    quiet.propagate = False
    quiet.debug("CANARY-2")
    try:
        raise ValueError("CANARY-3")
    except ValueError:
        logging.getLogger("django.request").exception("boom")
    logging.getLogger("allauth").warning("login", extra={"code": "CANARY-4"})
    text = captured.all_text()
    assert all(f"CANARY-{n}" in text for n in range(1, 5))
