"""What the README promises a newcomer: screenshots that exist and stay small,
`make remind` sending a due reminder at once, and `PORT=8001 make run`."""

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from applications.choices import Status
from tests.factories import ApplicationFactory, InterviewFactory, UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent
README = (BASE_DIR / "README.md").read_text()
# The factory's interview: answer promised by Fri Dec 4; first follow-up due Mon Dec 7, 8:00 AM New York.
DUE = dt.datetime(2026, 12, 7, 13, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("name", ["today-phone.png", "today-laptop.png"])
def test_the_readme_shows_today_in_small_real_screenshots(name):
    path = BASE_DIR / "docs" / "screenshots" / name
    assert f"docs/screenshots/{name}" in README
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert path.stat().st_size < 300 * 1024


def test_the_quick_start_says_where_reminder_emails_appear_and_how_to_send_one_now():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "`worker.1`" in quick_start and "`web.1`" in quick_start
    assert "make remind" in quick_start and "PORT=8001 make run" in quick_start


def make_dry_run(*args):
    return subprocess.run(
        ["make", "-n", *args], cwd=BASE_DIR, capture_output=True, text=True, check=True
    ).stdout


def test_port_8001_serves_there_and_links_in_emails_follow():
    commands = make_dry_run("run", "PORT=8001")
    assert re.search(r"SITE_URL=\S*http://127\.0\.0\.1:8001.*honcho .*--port 8001", commands)


def test_the_make_targets_the_readme_names_exist():
    for target in ("screenshots", "remind", "vendor-icons"):
        assert make_dry_run(target).strip(), target


@pytest.mark.django_db
def test_remind_now_sends_a_due_reminder_at_once_and_never_twice(
    eager_celery, django_capture_on_commit_callbacks
):
    user = UserFactory(time_zone="America/New_York")
    application = ApplicationFactory(owner=user, status=Status.WAITING)
    InterviewFactory(application=application)
    application.refresh_plan()
    out = io.StringIO()
    with time_machine.travel(DUE, tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("remind_now", stdout=out)
        call_command("remind_now", stdout=out)
    assert [message.to for message in mail.outbox] == [[user.email]]
    said = out.getvalue().splitlines()
    assert said[0].startswith("Queued 1 reminder.") and "worker.1" in said[0]
    assert said[1] == "Nothing is due right now: every reminder owed has already gone out."
