"""Reminder emails: due exactly once, on the user's morning, and never for a
step that no longer applies."""

import datetime as dt
import html
import re
import threading

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connections
from django.urls import reverse

from applications.choices import ContactRole, ReplyOutcome, Status, Step
from applications.models import Application
from outreach import reminders
from outreach.emails import unsubscribe_token
from outreach.models import Digest, Reminder
from plans.choices import DraftKind
from tests.factories import (
    ApplicationFactory,
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    ReplyFactory,
    UserFactory,
)

UTC = dt.UTC
# Interview Monday 30 Nov 2026; answer promised by Friday 4 Dec; first follow-up
# due Monday 7 Dec, 08:00 in New York = 13:00 UTC.
DUE = dt.datetime(2026, 12, 7, 13, 0, tzinfo=UTC)


def due_application(user=None, **interview_fields):
    user = user or UserFactory(time_zone="America/New_York")
    application = ApplicationFactory(
        owner=user, company="Northwind Logistics", role="Operations Supervisor", status=Status.WAITING
    )
    InterviewFactory(application=application, **interview_fields)
    application.refresh_plan()
    return application


def sweep_at(moment, django_capture_on_commit_callbacks):
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        return reminders.reminders_sweep()


@pytest.mark.django_db
def test_nothing_goes_out_before_the_users_morning(eager_celery, django_capture_on_commit_callbacks):
    due_application()
    assert sweep_at(DUE - dt.timedelta(minutes=1), django_capture_on_commit_callbacks) == 0
    assert sweep_at(DUE - dt.timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_reminder_goes_out_day_after_promised_date(eager_celery, django_capture_on_commit_callbacks):
    application = due_application()
    ContactFactory(
        owner=application.owner,
        company="Northwind Logistics",
        name="Priya Shah",
        work_email="priya@northwind.example",
    )
    application.notes = "SECRET-NOTE-123"
    application.save()

    assert sweep_at(DUE, django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [application.owner.email]
    assert "Northwind Logistics" in message.subject
    assert "Friday, December 4" in message.body
    assert "First follow-up" in message.body
    assert "Priya Shah" in message.body and "priya@northwind.example" in message.body
    assert reverse("application_detail", args=[application.pk]) in message.body
    assert "SECRET-NOTE-123" not in message.body
    html = message.alternatives[0][0]
    assert "Northwind Logistics" in html and "SECRET-NOTE-123" not in html
    reminder = Reminder.objects.get()
    assert reminder.sent_at is not None and reminder.step == Step.FIRST
    assert message.extra_headers["Message-ID"] == reminder.message_id
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.django_db
def test_a_second_sweep_sends_nothing_more(eager_celery, django_capture_on_commit_callbacks):
    due_application()
    sweep_at(DUE, django_capture_on_commit_callbacks)
    assert sweep_at(DUE + dt.timedelta(hours=1), django_capture_on_commit_callbacks) == 0
    assert sweep_at(DUE + dt.timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_personal_channels_are_never_recommended(eager_celery, django_capture_on_commit_callbacks):
    application = due_application()
    ContactFactory(
        owner=application.owner,
        company="Northwind Logistics",
        name="Sam Home",
        work_email="",
        personal_email="sam@home.example",
        personal_phone="555-0199",
    )
    sweep_at(DUE, django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    assert "sam@home.example" not in body and "555-0199" not in body and "Sam Home" not in body


@pytest.mark.django_db
def test_promised_date_moved_later_after_the_claim_is_not_sent_now_but_later(
    django_capture_on_commit_callbacks, eager_celery
):
    application = due_application()
    with time_machine.travel(DUE, tick=False):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            reminders.reminders_sweep()
        interview = application.interviews.get()
        interview.promised_on = dt.date(2026, 12, 11)
        interview.save()
        application.refresh_plan()
        for callback in queued:
            callback()  # the send runs after the edit
    assert mail.outbox == []
    assert Reminder.objects.get().cancel_reason == "plan changed"
    # The new date is owed again and reminded on its own morning (Mon 14 Dec).
    assert sweep_at(dt.datetime(2026, 12, 14, 13, 0, tzinfo=UTC), django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["reply", "closed", "deleted", "reminders_off"])
def test_no_reminder_once_the_step_no_longer_applies(
    change, django_capture_on_commit_callbacks, eager_celery
):
    application = due_application()
    with time_machine.travel(DUE, tick=False):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            reminders.reminders_sweep()
        if change == "reply":
            ReplyFactory(
                application=application, outcome=ReplyOutcome.OTHER, received_at=DUE - dt.timedelta(hours=1)
            )
            application.refresh_plan()
        elif change == "closed":
            application.status = Status.MOVED_ON
            application.save()
            application.refresh_plan()
        elif change == "deleted":
            application.delete()
        else:
            application.owner.reminders_enabled = False
            application.owner.save()
        for callback in queued:
            callback()
    assert mail.outbox == []
    assert not Reminder.objects.filter(sent_at__isnull=False).exists()


@pytest.mark.django_db
def test_reply_before_the_sweep_means_nothing_is_claimed(django_capture_on_commit_callbacks, eager_celery):
    application = due_application()
    ReplyFactory(application=application, received_at=DUE - dt.timedelta(days=1))
    application.refresh_plan()
    assert sweep_at(DUE, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_send_run_twice_for_one_reminder_sends_one_email(django_capture_on_commit_callbacks):
    due_application()
    with time_machine.travel(DUE, tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            reminders.reminders_sweep()
        ids = list(Reminder.objects.values_list("pk", flat=True))
        reminders.reminders_send(reminder_ids=ids)
        reminders.reminders_send(reminder_ids=ids)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_send_that_never_finished_is_queued_again_after_the_lease(
    django_capture_on_commit_callbacks, eager_celery
):
    due_application()
    with time_machine.travel(DUE, tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            reminders.reminders_sweep()
        # A worker took the lease and died before sending.
        Reminder.objects.update(lease_until=DUE + reminders.LEASE, attempts=1)
    with time_machine.travel(DUE + reminders.LEASE / 2, tick=False):
        assert reminders.requeue_stuck_reminders() == 0
    with time_machine.travel(DUE + reminders.LEASE + dt.timedelta(seconds=1), tick=False):
        assert reminders.requeue_stuck_reminders() == 1
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().sent_at is not None


@pytest.mark.django_db
def test_beat_down_for_three_days_catches_up_with_one_email_each(
    django_capture_on_commit_callbacks, eager_celery
):
    user = UserFactory(time_zone="America/New_York")
    # Due Mon 7, Tue 8 and Wed 9 December (promised Fri 4, Mon 7, Tue 8).
    for promised in (dt.date(2026, 12, 4), dt.date(2026, 12, 7), dt.date(2026, 12, 8)):
        due_application(user, promised_on=promised)
    # And one that fell due three weeks ago: stale.
    due_application(
        user, starts_at=dt.datetime(2026, 11, 2, 15, tzinfo=UTC), promised_on=dt.date(2026, 11, 13)
    )
    first_sweep_after = dt.datetime(2026, 12, 10, 14, 0, tzinfo=UTC)
    assert sweep_at(first_sweep_after, django_capture_on_commit_callbacks) == 4
    # The three due this week come as one email, a section each; the stale one in the catch-up.
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["3 follow-ups are due today", "You have 1 overdue follow-up"]
    assert sweep_at(first_sweep_after + dt.timedelta(minutes=5), django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_each_user_gets_their_reminder_at_their_own_eight_oclock(
    django_capture_on_commit_callbacks, eager_celery
):
    new_york = due_application(UserFactory(time_zone="America/New_York", email="ny@example.com"))
    honolulu = due_application(UserFactory(time_zone="Pacific/Honolulu", email="hi@example.com"))
    assert new_york.next_due_at == dt.datetime(2026, 12, 7, 13, tzinfo=UTC)
    assert honolulu.next_due_at == dt.datetime(2026, 12, 7, 18, tzinfo=UTC)
    sweep_at(dt.datetime(2026, 12, 7, 13, tzinfo=UTC), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["ny@example.com"]]
    sweep_at(dt.datetime(2026, 12, 7, 17, 59, tzinfo=UTC), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    sweep_at(dt.datetime(2026, 12, 7, 18, tzinfo=UTC), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["ny@example.com"], ["hi@example.com"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("promised", "due_utc"),
    [
        pytest.param(
            dt.date(2026, 3, 5), dt.datetime(2026, 3, 6, 13, tzinfo=UTC), id="friday-before-clocks-go-forward"
        ),
        pytest.param(
            dt.date(2026, 3, 6), dt.datetime(2026, 3, 9, 12, tzinfo=UTC), id="monday-after-clocks-go-forward"
        ),
        pytest.param(
            dt.date(2026, 10, 29),
            dt.datetime(2026, 10, 30, 12, tzinfo=UTC),
            id="friday-before-clocks-go-back",
        ),
        pytest.param(
            dt.date(2026, 10, 30), dt.datetime(2026, 11, 2, 13, tzinfo=UTC), id="monday-after-clocks-go-back"
        ),
    ],
)
def test_dst_weeks_keep_reminders_at_eight_local(
    promised, due_utc, django_capture_on_commit_callbacks, eager_celery
):
    application = due_application(
        starts_at=dt.datetime.combine(promised - dt.timedelta(days=3), dt.time(15), tzinfo=UTC),
        promised_on=promised,
    )
    assert application.next_due_at == due_utc
    assert sweep_at(due_utc - dt.timedelta(minutes=1), django_capture_on_commit_callbacks) == 0
    assert sweep_at(due_utc, django_capture_on_commit_callbacks) == 1


@pytest.mark.django_db
def test_reminder_hour_is_the_users_choice(client, django_capture_on_commit_callbacks):
    application = due_application()
    user = application.owner
    client.force_login(user)
    data = {
        "full_name": user.full_name,
        "time_zone": user.time_zone,
        "default_wait_days": 7,
        "reminders_enabled": "on",
        "reminder_hour": 10,
    }
    assert client.post(reverse("profile"), data).status_code == 302
    application.refresh_from_db()
    assert application.next_due_at == dt.datetime(2026, 12, 7, 15, tzinfo=UTC)
    assert application.remind_at == application.next_due_at
    data.pop("reminders_enabled")
    client.post(reverse("profile"), data)
    application.refresh_from_db()
    assert application.remind_at is None


@pytest.mark.django_db
def test_company_name_cannot_add_a_header(eager_celery, django_capture_on_commit_callbacks):
    application = due_application()
    Application.objects.filter(pk=application.pk).update(company="Acme\r\nBcc: evil@example.com")
    sweep_at(DUE, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.recipients() == [application.owner.email]
    headers = message.message().as_string().split("\n\n", 1)[0]
    assert not [line for line in headers.splitlines() if line.lower().startswith("bcc")]


# --- The button opens the ready drafts, or the move-on page --------------------------------
def button_href(html_body):
    match = re.search(
        r'<table role="presentation".*?<a href="([^"]+)"[^>]*>([^<]+)</a>', html_body, re.DOTALL
    )
    assert match, html_body
    return html.unescape(match.group(1)), match.group(2)


@pytest.mark.django_db
def test_reminder_button_opens_the_ready_drafts(client, eager_celery, django_capture_on_commit_callbacks):
    user = UserFactory(time_zone="America/New_York")
    application = due_application(user)
    ContactFactory(
        owner=user,
        company="Northwind Logistics",
        role=ContactRole.RECRUITER,
        name="Priya Shah",
        work_email="priya.shah@northwind.example",
    )
    assert sweep_at(application.next_due_at, django_capture_on_commit_callbacks) == 1
    message = mail.outbox[0]
    draft = Reminder.objects.get().draft
    assert draft is not None and draft.kind == DraftKind.STATUS_REQUEST
    # The first button opens the message in the user's own mail app, addressed and written.
    href, label = button_href(message.alternatives[0][0])
    assert label == "Open in your email app"
    assert href.startswith("mailto:priya.shah@northwind.example?subject=")
    # The draft page and the list of every message to choose from are one click away.
    path = reverse("draft_list", args=[application.pk])
    assert f"Other messages you could send: {settings.SITE_URL}{path}" in message.body
    assert f"Edit it first: {settings.SITE_URL}{draft.get_absolute_url()}" in message.body
    with time_machine.travel(application.next_due_at, tick=False):
        client.force_login(user)
        listing = client.get(path)
        page = client.get(draft.get_absolute_url())
    assert listing.status_code == 200 and page.status_code == 200
    assert page.context["draft"] == draft
    assert DraftKind.STATUS_REQUEST in [offer.kind for offer, *_ in listing.context["offers"]]


@pytest.mark.django_db
def test_reminder_at_the_move_on_step_opens_the_move_on_page(
    client, eager_celery, django_capture_on_commit_callbacks
):
    user = UserFactory(time_zone="America/New_York")
    application = due_application(user)
    FollowUpFactory(application=application, happened_at=dt.datetime(2026, 12, 7, 15, 0, tzinfo=UTC))
    FollowUpFactory(application=application, happened_at=dt.datetime(2026, 12, 16, 15, 0, tzinfo=UTC))
    application.refresh_plan()
    assert application.next_step == Step.MOVE_ON
    assert sweep_at(application.next_due_at, django_capture_on_commit_callbacks) == 1
    message = mail.outbox[0]
    path = reverse("application_move_on", args=[application.pk])
    href, label = button_href(message.alternatives[0][0])
    assert href == settings.SITE_URL + path
    assert label == "Close it in Follow-up"
    assert f"Close it in Follow-up: {settings.SITE_URL}{path}" in message.body
    assert reverse("draft_list", args=[application.pk]) not in message.body
    with time_machine.travel(application.next_due_at, tick=False):
        client.force_login(user)
        assert client.get(path).status_code == 200


# --- Unsubscribe ---------------------------------------------------------------------
@pytest.mark.django_db
def test_unsubscribe_link_works_signed_out_and_stops_reminders(client):
    application = due_application()
    user = application.owner
    url = reverse("unsubscribe", args=[unsubscribe_token(user)])
    page = client.get(url)
    assert page.status_code == 200 and user.email in page.content.decode()
    user.refresh_from_db()
    assert user.reminders_enabled  # a GET (a link preview) changes nothing
    response = client.post(url)  # RFC 8058 one-click: no session, no CSRF token
    assert response.status_code == 200
    user.refresh_from_db()
    application.refresh_from_db()
    assert not user.reminders_enabled and not user.digest_enabled
    assert application.remind_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-2] + "xx", lambda t: "garbage", lambda t: t.replace(":", ":0", 1)]
)
def test_tampered_unsubscribe_link_is_rejected(client, mangle):
    user = UserFactory()
    response = client.post(reverse("unsubscribe", args=[mangle(unsubscribe_token(user))]))
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.reminders_enabled


# --- Weekly digest -----------------------------------------------------------------
@pytest.mark.django_db
def test_digest_is_off_by_default_and_comes_on_monday_morning_once(
    django_capture_on_commit_callbacks, eager_celery
):
    quiet = UserFactory(time_zone="America/New_York")
    keen = UserFactory(time_zone="America/New_York", digest_enabled=True)
    due_application(keen)
    assert not quiet.digest_enabled
    sunday_evening = dt.datetime(2026, 12, 7, 12, 59, tzinfo=UTC)  # Monday 07:59 in New York
    monday_morning = dt.datetime(2026, 12, 7, 13, 0, tzinfo=UTC)
    for moment in (sunday_evening, monday_morning, monday_morning + dt.timedelta(hours=3)):
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            reminders.digests_sweep()
    digests = [m for m in mail.outbox if m.subject.startswith("Your week")]
    assert [m.to for m in digests] == [[keen.email]]
    assert Digest.objects.get().sent_at is not None


# --- Two sweeps at once, on the real database ------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_claim_each_due_reminder_exactly_once(monkeypatch):
    user = UserFactory(time_zone="America/New_York")
    applications = ApplicationFactory.create_batch(500, owner=user, status=Status.WAITING)
    for application in applications:
        InterviewFactory(application=application)
        application.refresh_plan()
    enqueued = []
    lock = threading.Lock()

    def record(reminder_ids, stale_owner_ids):
        with lock:
            enqueued.extend(reminder_ids)

    monkeypatch.setattr(reminders, "_enqueue", record)
    monkeypatch.setattr(reminders, "CLAIM_BATCH", 50)
    start = threading.Barrier(2)
    counts = []

    def sweep():
        start.wait()
        try:
            counts.append(reminders.reminders_sweep())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    with time_machine.travel(DUE, tick=True):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert sum(counts) == 500
    assert len(enqueued) == 500 and len(set(enqueued)) == 500
    assert Reminder.objects.count() == 500
    assert not Application.objects.filter(remind_at__isnull=False).exists()


@pytest.mark.django_db
def test_what_the_user_typed_is_escaped_in_the_html_email(eager_celery, django_capture_on_commit_callbacks):
    application = due_application()
    Application.objects.filter(pk=application.pk).update(company="<script>alert(1)</script> & Co")
    sweep_at(DUE, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    # The subject is plain text: shown as typed, on one line.
    assert message.subject == "Time to follow up with <script>alert(1)</script> & Co"


@pytest.mark.django_db
def test_a_failed_send_is_left_to_its_retries_not_requeued_by_every_sweep(
    django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    # Recorded, not sent to the real broker, where another test's worker could take it.
    monkeypatch.setattr(reminders, "_enqueue", lambda fresh, stale: queued.append((fresh, stale)))
    due_application()
    with time_machine.travel(DUE, tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            reminders.reminders_sweep()
        # The send was tried and the mail server was down: the lease is released.
        Reminder.objects.update(last_attempt_at=DUE, attempts=1)
    for minutes in (5, 15, 29):
        with time_machine.travel(DUE + dt.timedelta(minutes=minutes), tick=False):
            assert reminders.requeue_stuck_reminders() == 0, minutes
    with (
        time_machine.travel(DUE + reminders.QUIET_BEFORE_REQUEUE + dt.timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        assert reminders.requeue_stuck_reminders() == 1
    assert queued == [([Reminder.objects.get().pk], [])]
