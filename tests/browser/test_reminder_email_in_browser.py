"""Issue 15's "done means", in Chromium: from the reminder email alone, signed out, a
user sends the follow-up from their own mail app and tells the app they did, in under
a minute.

The email is a real one: the reminder sweep and send run as a worker would, and the
message is the one the real SMTP test server (tests/smtp_server.py) accepted. Its HTML
part is opened in Chromium as a mail app shows it; the links go to the live server.
tests/test_email_answers.py covers every answer, token and header without a browser;
this file adds the browser and the clock.
"""

import datetime as dt
import time
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from applications.choices import Status
from applications.models import FollowUp
from outreach import reminders, tasks
from outreach.models import Reminder
from tests.factories import ApplicationFactory, ContactFactory, InterviewFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def reminder_email(live_server, settings, smtp_server, monkeypatch):
    """A veteran whose first follow-up fell due days ago, and the reminder email the
    SMTP server received for it (links pointing at the live server)."""
    settings.SITE_URL = live_server.url
    cache.clear()  # the answer pages' rate limit: a first visit
    veteran = UserFactory(email="sam.rivera@example.com", full_name="Sam Rivera", time_zone="America/Chicago")
    application = ApplicationFactory(
        owner=veteran, company="Acme Freight", role="Logistics Coordinator", status=Status.WAITING
    )
    ContactFactory(owner=veteran, company="Acme Freight", name="Priya Shah", work_email="priya@acme.example")
    now = timezone.now()
    InterviewFactory(
        application=application,
        starts_at=now - dt.timedelta(days=9),
        promised_on=(now - dt.timedelta(days=6)).astimezone(veteran.zoneinfo).date(),
    )
    application.refresh_plan()

    batches = []  # what the sweep queues; sent here, as a worker would
    monkeypatch.setattr(tasks.send_reminders, "delay", lambda ids: batches.append(list(ids)))
    reminders.reminders_sweep()  # commits, and queues on commit (transactional database)
    assert sum(reminders.reminders_send(reminder_ids=batch) for batch in batches) == 1
    [received] = smtp_server.to(veteran.email)
    return application, received.message


def test_from_the_email_alone_signed_out_send_and_tell_the_app_in_under_a_minute(page, reminder_email):
    application, message = reminder_email
    draft = Reminder.objects.get(application=application).draft
    follow_ups_before = FollowUp.objects.filter(application=application).count()
    html = message.get_body(preferencelist=("html",)).get_content()

    started = time.monotonic()
    # The email, as a mail app shows it; this browser has never signed in.
    page.set_content(html)
    assert page.context.cookies() == []
    expect(page.get_by_text("To: Priya Shah <priya@acme.example>")).to_be_visible()

    # "Open in your email app": a new message to the recruiter, with the draft's subject and body.
    mailto = urlsplit(page.get_by_role("link", name="Open in your email app").get_attribute("href"))
    assert mailto.scheme == "mailto"
    fields = parse_qs(mailto.query, keep_blank_values=True)
    assert unquote(mailto.path) == draft.contact.work_email == "priya@acme.example"
    assert fields["subject"] == [draft.subject]
    assert [body.replace("\r\n", "\n") for body in fields["body"]] == [draft.body.replace("\r\n", "\n")]
    assert draft.body.strip() and "Priya" in draft.body

    # Sent from their own mail app, the user tells Follow-up: "I sent it".
    page.get_by_role("link", name="I sent it").click()
    expect(page.get_by_role("heading", name="Did you send the follow-up?", level=1)).to_be_visible()
    expect(page.get_by_text("Acme Freight: Logistics Coordinator")).to_be_visible()
    assert FollowUp.objects.filter(application=application).count() == follow_ups_before  # a GET never acts
    page.get_by_role("button", name="I sent it").click()
    expect(page.get_by_role("heading", name="Done: “I sent it”", level=1)).to_be_visible()
    expect(page.get_by_text("Recorded. The plan has moved on")).to_be_visible()
    elapsed = time.monotonic() - started

    assert FollowUp.objects.filter(application=application).count() == follow_ups_before + 1
    draft.refresh_from_db()
    assert draft.sent_at is not None
    print(f"\nfrom the opened email to the app's confirmation: {elapsed:.1f} s")
    assert elapsed < 60, elapsed

    # Back in the email later, the same link says it is done, and records nothing more.
    page.goto("about:blank")  # the mail app's own page, not the app's (whose CSP would apply)
    page.set_content(html)
    page.get_by_role("link", name="I sent it").click()
    expect(page.get_by_role("heading", name="Already done", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="I sent it")).to_have_count(0)
    assert FollowUp.objects.filter(application=application).count() == follow_ups_before + 1
    assert page.context.cookies() == []  # never signed in, no session made
