"""The interview-day emails (issue 15, item 5): on the morning of a logged interview, a
note to ask when they will decide; the next morning, the thank-you note ready inside.
On by default, switched on the profile, stopped by the unsubscribe link, once each."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import User
from applications.choices import Status
from outreach.interview_emails import interview_emails_sweep
from outreach.models import Draft, InterviewEmail
from plans.choices import DraftKind
from tests.factories import ApplicationFactory, ContactFactory, InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# Tuesday 8 December 2026, 2:00 PM in New York (19:00 UTC); the user's mornings start at 8:00.
STARTS = dt.datetime(2026, 12, 8, 19, 0, tzinfo=UTC)
INTERVIEW_MORNING = dt.datetime(2026, 12, 8, 13, 0, tzinfo=UTC)
NEXT_MORNING = dt.datetime(2026, 12, 9, 13, 0, tzinfo=UTC)


@pytest.fixture
def interview(db):
    user = UserFactory(email="vet@example.com", full_name="Sam Rivera", time_zone="America/New_York")
    application = ApplicationFactory(
        owner=user, company="Acme Freight", role="Dispatcher", status=Status.WAITING
    )
    interviewer = ContactFactory(
        owner=user, company="Acme Freight", name="Dana Brooks", work_email="dana@acme.example"
    )
    interview = InterviewFactory(application=application, starts_at=STARTS, promised_on=None)
    interview.interviewers.add(interviewer)
    application.refresh_plan()
    return interview


def sweep_at(moment, django_capture_on_commit_callbacks):
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        return interview_emails_sweep()


def test_the_morning_of_the_interview_brings_one_ask_when_they_decide_email(
    interview, eager_celery, django_capture_on_commit_callbacks
):
    assert sweep_at(INTERVIEW_MORNING - dt.timedelta(minutes=1), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    assert sweep_at(INTERVIEW_MORNING, django_capture_on_commit_callbacks) == 1
    assert sweep_at(INTERVIEW_MORNING + dt.timedelta(minutes=5), django_capture_on_commit_callbacks) == 0
    [message] = mail.outbox
    assert message.subject == "Today: your interview with Acme Freight"
    assert "today at 2:00 PM" in message.body
    assert "ask when they expect to make a decision" in message.body
    assert reverse("interview_edit", args=[interview.pk]) in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert message.alternatives and "<img" not in message.alternatives[0][0]
    assert InterviewEmail.objects.get().sent_at is not None


def test_the_next_morning_brings_the_thank_you_note_ready_inside(
    interview, smtp_server, eager_celery, django_capture_on_commit_callbacks
):
    sweep_at(INTERVIEW_MORNING, django_capture_on_commit_callbacks)
    assert sweep_at(NEXT_MORNING, django_capture_on_commit_callbacks) == 1
    assert sweep_at(NEXT_MORNING + dt.timedelta(hours=1), django_capture_on_commit_callbacks) == 0
    messages = smtp_server.to("vet@example.com")
    assert len(messages) == 2
    message = messages[1].message
    assert message["Subject"] == "Your thank-you note to Acme Freight is ready"
    draft = Draft.objects.get(kind=DraftKind.THANK_YOU)
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    html_part = message.get_body(preferencelist=("html",)).get_content()
    assert "To: Dana Brooks <dana@acme.example>" in text
    assert f"Subject: {draft.subject}" in text and draft.body.strip() in text
    assert "mailto:dana@acme.example?subject=" in text and "Open in your email app" in html_part
    assert message["Message-ID"] == f"<interview-{interview.pk}-thank_you@127.0.0.1>"


def test_both_are_on_by_default_and_each_can_be_switched_off_on_the_profile(
    interview, client, eager_celery, django_capture_on_commit_callbacks
):
    user = interview.application.owner
    assert user.interview_morning_enabled and user.thank_you_reminder_enabled
    client.force_login(user)
    page = client.get(reverse("profile"))
    assert "interview_morning_enabled" in page.content.decode()
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data.pop("interview_morning_enabled")
    assert client.post(reverse("profile"), data).status_code == 302
    user.refresh_from_db()
    assert not user.interview_morning_enabled and user.thank_you_reminder_enabled
    assert sweep_at(INTERVIEW_MORNING, django_capture_on_commit_callbacks) == 0
    assert sweep_at(NEXT_MORNING, django_capture_on_commit_callbacks) == 1
    assert [m.subject for m in mail.outbox] == ["Your thank-you note to Acme Freight is ready"]


def test_the_unsubscribe_link_stops_them_too(
    interview, client, eager_celery, django_capture_on_commit_callbacks
):
    user = interview.application.owner
    sweep_at(INTERVIEW_MORNING, django_capture_on_commit_callbacks)
    unsubscribe = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    assert client.post(urlsplit(unsubscribe).path).status_code == 200
    assert not User.objects.get(pk=user.pk).reminders_enabled
    assert sweep_at(NEXT_MORNING, django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


def test_nothing_is_sent_for_a_closed_application(
    interview, eager_celery, django_capture_on_commit_callbacks
):
    application = interview.application
    application.status = Status.NO
    application.save()
    assert sweep_at(INTERVIEW_MORNING, django_capture_on_commit_callbacks) == 0
    assert sweep_at(NEXT_MORNING, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
