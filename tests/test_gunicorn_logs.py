"""gunicorn's access log, as production writes it, holds no secret URL token.

A real gunicorn runs the production command (``gunicorn config.wsgi --config
python:config.gunicorn``, which turns the access log on, to stdout) under
``config.settings.production``. It serves a calendar feed and an unsubscribe
link, each by its secret token (and a referrer carrying one), then a guessed
calendar token. Its log must show each request line, with the token replaced
by ``[redacted]``, and nowhere the tokens themselves. tests/test_redaction.py
checks the redaction on its own and runserver's log; tests/test_logs.py every
log line the app itself writes.
"""

import http.client
import re
import time

import pytest
from django.test import override_settings

from config.redaction import REDACTED
from feeds.models import CalendarFeed
from outreach.emails import unsubscribe_token
from tests.factories import UserFactory
from tests.helpers.web import SECRET_KEY, Gunicorn

pytestmark = [
    pytest.mark.processes,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),  # the server reads what the test wrote
]

GUESSED_TOKEN = "Qw3rTy7uIoP9aSdFgHjKlZxCvBnM1234"


def request(server, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def access_lines(server, count):
    """The access-log lines (they hold a quoted request line), once ``count`` are written:
    a worker logs a request just after answering it."""
    deadline = time.monotonic() + 10
    while True:
        lines = [
            line
            for line in server.log().splitlines()
            if re.search(r'"(GET|POST) /\S* HTTP/1\.1"', line) and "/healthz/" not in line
        ]
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


@pytest.fixture
def gunicorn(tmp_path):
    server = Gunicorn(tmp_path, "--workers", "1")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_the_access_log_shows_requests_but_not_their_tokens(gunicorn):
    user = UserFactory(email="dana@example.com", reminders_enabled=True, digest_enabled=True)
    calendar_token = CalendarFeed.objects.create(owner=user).token
    with override_settings(SECRET_KEY=SECRET_KEY):  # signed as the server will check it
        unsubscribe = unsubscribe_token(user)
    calendar_path = f"/calendar/{calendar_token}.ics"
    unsubscribe_path = f"/unsubscribe/{unsubscribe}/"

    status, body = request(gunicorn, "GET", calendar_path)
    assert status == 200 and body.startswith("BEGIN:VCALENDAR"), body[:300]
    status, body = request(
        gunicorn, "GET", unsubscribe_path, headers={"Referer": f"http://127.0.0.1{calendar_path}"}
    )
    assert status == 200, body[:300]
    status, body = request(
        gunicorn,
        "POST",
        unsubscribe_path,
        body="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200, body[:300]
    user.refresh_from_db()
    assert not user.reminders_enabled and not user.digest_enabled
    assert request(gunicorn, "GET", f"/calendar/{GUESSED_TOKEN}.ics")[0] == 404

    lines = access_lines(gunicorn, 4)
    log = gunicorn.log()
    # The request lines are there, with each token cut out (the referrer's too).
    expected = [
        f'"GET /calendar/{REDACTED}.ics HTTP/1.1" 200',
        f'"GET /unsubscribe/{REDACTED}/ HTTP/1.1" 200',
        f'"POST /unsubscribe/{REDACTED}/ HTTP/1.1" 200',
        f'"GET /calendar/{REDACTED}.ics HTTP/1.1" 404',
    ]
    assert len(lines) == 4, log
    for line, start in zip(lines, expected, strict=True):
        assert start in line, f"{start!r} not in {line!r}\n{log}"
    assert f'"http://127.0.0.1/calendar/{REDACTED}.ics"' in lines[1], lines[1]
    # And no token, nor any long piece of one (the unsubscribe token is "value:date:signature").
    secrets = {
        "calendar token": calendar_token,
        "unsubscribe token": unsubscribe,
        "guessed token": GUESSED_TOKEN,
        **{
            f"unsubscribe token part {n}": part
            for n, part in enumerate(unsubscribe.split(":"))
            if len(part) >= 8
        },
    }
    leaked = [what for what, secret in secrets.items() if secret in log]
    assert not leaked, f"gunicorn's log holds: {', '.join(leaked)}\n{log}"


def test_the_access_log_hides_a_reminder_emails_answer_tokens(gunicorn):
    from outreach.answers import answer_token
    from outreach.models import Reminder
    from tests.factories import ApplicationFactory

    user = UserFactory(email="sam@example.com")
    application = ApplicationFactory(owner=user)
    reminder = Reminder.objects.create(
        application=application, owner=user, key=application.next_key, step="first", due_on="2026-12-07"
    )
    with override_settings(SECRET_KEY=SECRET_KEY):  # signed as the server will check it
        token = answer_token(reminder, "snooze")
    path = f"/answer/{token}/"
    status, body = request(gunicorn, "GET", path, headers={"Referer": f"http://127.0.0.1{path}"})
    assert status == 200 and "Remind you in 2 business days?" in body, body[:300]

    [line] = access_lines(gunicorn, 1)
    assert f'"GET /answer/{REDACTED}/ HTTP/1.1" 200' in line, line
    assert f'"http://127.0.0.1/answer/{REDACTED}/"' in line, line
    log = gunicorn.log()
    leaked = [part for part in [token, *token.split(":")] if len(part) >= 8 and part in log]
    assert not leaked, f"gunicorn's log holds a piece of the answer token\n{log}"
