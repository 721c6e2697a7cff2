"""Logs never hold a secret: no sign-in or sign-up code, no interview notes, no draft
text, no reminder email, no unsubscribe or calendar token.

Every log record of a whole session is captured at DEBUG, from every logger: every
logger's level is opened to DEBUG, none is disabled, and ``Logger.handle`` itself
records what it is given, so a logger with no handler, or one that does not
propagate, or one created during the session, is caught too. The session: sign up
by code, sign in by code, an application, an interview with notes, a draft opened,
edited and marked sent, the reminder sweep and its email (tasks run eagerly, the
email through the in-memory backend), the calendar feed, the export, and requests
that fail. Then the whole text of every record (message, arguments, extra
attributes, exception and stack text) is searched for each secret.
"""

import datetime as dt
import logging
import re
import traceback

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from config.celery_app import app as celery_app
from feeds.models import CalendarFeed
from outreach import reminders
from outreach.models import Draft, Reminder

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)
NOTES = "Interviewer Dana mentioned the night-shift bonus, ref NOTE-7f3a91"
DRAFT_BODY = (
    "Hello Dana,\n\nThank you again; I remain very interested in the role. Ref DRAFT-c41e77.\n\nAlice"
)
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


def test_a_whole_session_logs_no_secret(captured, eager_celery, django_capture_on_commit_callbacks):
    client = Client()
    secrets = {}

    # Sign up by code, one wrong code first.
    assert client.post(reverse("account_signup"), {"email": "dana.fan@example.com"}).status_code == 302
    secrets["sign-up code"] = code_in(mail.outbox[-1])
    url = reverse("account_email_verification_sent")
    assert client.post(url, {"code": wrong(secrets["sign-up code"])}).status_code == 400
    assert client.post(url, {"code": secrets["sign-up code"]}).status_code == 302
    assert client.post(reverse("account_logout")).status_code == 302

    # Sign in by code, a wrong one first.
    assert client.post(reverse("account_login"), {"login": "dana.fan@example.com"}).status_code == 302
    secrets["sign-in code"] = code_in(mail.outbox[-1])
    url = reverse("account_confirm_login_code")
    assert client.post(url, {"code": wrong(secrets["sign-in code"])}).status_code == 400
    assert client.post(url, {"code": secrets["sign-in code"]}).status_code == 302
    user = Application._meta.get_field("owner").related_model.objects.get(email="dana.fan@example.com")
    client.post(
        reverse("profile"),
        {
            "full_name": "Dana Fan",
            "time_zone": "America/New_York",
            "default_wait_days": "7",
            "reminders_enabled": "on",
            "reminder_hour": "8",
        },
    )

    # An application, and an interview ten days ago with notes.
    assert client.post(reverse("application_create"), {"company": ""}).status_code == 400  # a bad form
    response = client.post(
        reverse("application_create"),
        {
            "company": "Northwind Logistics",
            "role": "Operations Supervisor",
            "status": "applied",
            "applied_on": "2026-11-02",
        },
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

    # A draft opened, given a body of the user's own, and marked sent.
    response = client.post(reverse("draft_open", args=[application.pk, "status_request"]))
    assert response.status_code == 302
    draft = Draft.objects.get(application=application)
    response = client.post(
        reverse("draft_detail", args=[draft.pk]), {"subject": "Checking in", "body": DRAFT_BODY}
    )
    assert response.status_code == 302
    assert client.post(reverse("draft_sent", args=[draft.pk]), {"reviewed_tone": "on"}).status_code == 302
    secrets["draft body"] = DRAFT_BODY

    # The reminder for the next step: the sweep and the send, when it falls due.
    application.refresh_from_db()
    assert application.remind_at is not None
    with (
        time_machine.travel(application.remind_at + dt.timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders.reminders_sweep() == 1
    assert Reminder.objects.get(application=application).sent_at is not None
    reminder = mail.outbox[-1]
    assert reminder.to == ["dana.fan@example.com"] and "Northwind Logistics" in reminder.subject
    secrets["reminder email"] = reminder.body
    for n, line in enumerate(line.strip() for line in reminder.body.splitlines()):
        if len(line) >= 40:
            secrets[f"reminder email line {n}"] = line
    unsubscribe = reminder.extra_headers["List-Unsubscribe"].strip("<>")
    secrets["unsubscribe token"] = unsubscribe.rstrip("/").rsplit("/", 1)[-1]

    # The calendar feed, fetched by its token; the export.
    assert client.post(reverse("calendar_create")).status_code == 302
    feed = CalendarFeed.objects.get(owner=user)
    secrets["calendar token"] = feed.token
    assert Client().get(feed.get_absolute_url()).status_code == 200
    response = client.get(reverse("data_export_download"))
    assert response.status_code == 200
    b"".join(response.streaming_content)

    # Failing requests: a missing page, a wrong method, a tampered unsubscribe link.
    assert client.get(reverse("application_detail", args=[application.pk + 1000])).status_code == 404
    assert client.get(reverse("draft_sent", args=[draft.pk])).status_code == 405
    assert Client().get(reverse("unsubscribe", args=["tampered"])).status_code == 400

    # The capture really captures: the failed requests were logged.
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
