"""A morning's reminder emails cost a fixed number of SQL queries per send batch and
one per user (marking the email sent), however many follow-ups each email holds, and
the message each carries is the draft page's.

Each user's email has a section per due follow-up with its ready message; those
drafts are read (the users' unsent ones) or written (new ones) for the whole batch at
once. If any part of a section went back to a query of its own (its situation, its
draft, the draft's recipient, the reminder's link to it), the count would grow with
the sections and these tests fail.
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.choices import ContactRole, Status, Step
from applications.services import follow_up_record
from outreach import reminders, tasks
from outreach.models import Draft, Reminder
from outreach.services import draft_open, draft_update
from plans.choices import DraftKind, Rapport
from tests.factories import ApplicationFactory, ContactFactory, InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# Monday 7 December 2026, 08:00 in New York: every follow-up below is due that morning.
NOW = dt.datetime(2026, 12, 7, 13, 0, tzinfo=UTC)
# What a send batch costs, whatever it holds: taking the lease (3), the reminders with
# their interviews, interviewers and company contacts (4), the situations of every
# follow-up in it (4), the unsent drafts (1), storing the new ones (1), linking the
# reminders to them (1), and the savepoint the test's own transaction adds (2).
PER_BATCH = 16
# ...and each user's email one more: marking its reminders sent once the server took it.
PER_USER = 1


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def claimed(monkeypatch, django_capture_on_commit_callbacks):
    """Sweep as beat would; returns the reminder ids queued for sending."""
    batches = []

    class Recorder:
        @staticmethod
        def delay(ids):
            batches.append(list(ids))

    monkeypatch.setattr(tasks, "send_reminders", Recorder)

    def run():
        batches.clear()
        with django_capture_on_commit_callbacks(execute=True):
            reminders.reminders_sweep(now=NOW)
        return [pk for batch in batches for pk in batch]

    return run


def first_step(owner, company, *, rapport=Rapport.NEUTRAL):
    """Interviewed Mon 30 Nov, answer promised by Fri 4 Dec: the first follow-up is due now.
    The recruiter, who sat in on the interview, gets it."""
    application = ApplicationFactory(owner=owner, company=company, role="Logistics Coordinator")
    recruiter = ContactFactory(
        owner=owner, company=company, name="Priya Shah", work_email="priya@example.com"
    )
    interview = InterviewFactory(application=application, rapport=rapport)
    interview.interviewers.add(recruiter)
    return application


def final_step(owner, company, *, manager=True):
    """Interviewed Mon 16 Nov, followed up with the recruiter Wed 25 Nov: the final follow-up
    (seven business days later, Thanksgiving skipped) is due now. With a hiring manager
    who sat in on the interview and has not been written to, it is a note to her; else
    a last note to the recruiter that names the day of the first."""
    application = ApplicationFactory(owner=owner, company=company, role="Operations Supervisor")
    recruiter = ContactFactory(
        owner=owner, company=company, name="Priya Shah", work_email="priya@example.com"
    )
    interview = InterviewFactory(
        application=application,
        starts_at=dt.datetime(2026, 11, 16, 15, 0, tzinfo=UTC),
        promised_on=dt.date(2026, 11, 20),
    )
    if manager:
        interview.interviewers.add(
            ContactFactory(
                owner=owner,
                company=company,
                name="Dana Brooks",
                role=ContactRole.HIRING_MANAGER,
                work_email="dana@example.com",
            )
        )
    follow_up_record(
        application=application,
        channel="email",
        contact=recruiter,
        happened_at=dt.datetime(2026, 11, 25, 15, 0, tzinfo=UTC),
    )
    return application


# A user's follow-ups due this morning cycle through these: a status request, a warm
# check-in after a good interview, a note to the hiring manager and a last note to the
# recruiter at the final step.
KINDS = [
    (first_step, {}, DraftKind.STATUS_REQUEST),
    (first_step, {"rapport": Rapport.WENT_WELL}, DraftKind.WARM_CHECK_IN),
    (final_step, {}, DraftKind.HIRING_MANAGER_NOTE),
    (final_step, {"manager": False}, DraftKind.FINAL_FOLLOW_UP),
]


def morning(users, per_user):
    """``users`` users with ``per_user`` follow-ups each, all due now."""
    owners = []
    for _ in range(users):
        owner = UserFactory(
            full_name="Sam Rivera", time_zone="America/New_York", skills_summary="Ran a 40-person motor pool."
        )
        for i in range(per_user):
            make, fields, _ = KINDS[i % len(KINDS)]
            application = make(owner, f"Company {i}", **fields)
            application.status = Status.WAITING
            application.save()
            application.refresh_plan()
            assert application.remind_at is not None and application.remind_at <= NOW, "test data: not due"
            assert application.next_due_at >= NOW - reminders.STALE_AFTER, "test data: late"
        owners.append(owner)
    return owners


def queries_to_send(ids):
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as captured:
        sent = reminders.reminders_send(reminder_ids=ids, now=NOW)
    assert sent == len(ids)
    return len(captured)


def check_emails(owners, per_user):
    """One email per user with a section and a ready message per follow-up."""
    assert sorted(m.to[0] for m in mail.outbox) == sorted(o.email for o in owners)
    for message in mail.outbox:
        assert message.body.count("Tell Follow-up with one click") == per_user
        assert message.body.count("Your message, ready to send from your own email:") == per_user
    reminders_sent = Reminder.objects.filter(owner__in=owners, sent_at__isnull=False)
    assert reminders_sent.count() == len(owners) * per_user
    assert not reminders_sent.filter(draft__isnull=True).exists()


def test_a_users_email_costs_the_same_queries_whatever_it_holds(frozen, claimed):
    few_owners = morning(users=2, per_user=4)
    few = queries_to_send(claimed())
    check_emails(few_owners, 4)

    many_owners = morning(users=2, per_user=12)
    many = queries_to_send(claimed())
    check_emails(many_owners, 12)

    # Three times the follow-ups in each email, not one query more.
    assert many == few, f"{few} queries for 2 emails of 4 sections, {many} for 2 emails of 12"


def test_each_more_user_adds_one_query_marking_their_email_sent(frozen, claimed):
    two = queries_to_send(claimed_for(claimed, users=2, per_user=4))
    five = queries_to_send(claimed_for(claimed, users=5, per_user=4))
    assert five - two == 3 * PER_USER, f"{two} queries for 2 users' emails, {five} for 5"
    # Whatever the batch shares is paid once.
    assert two - 2 * PER_USER <= PER_BATCH, f"{two} queries for a batch of 2 users' emails"


def claimed_for(claimed, *, users, per_user):
    morning(users, per_user)
    return claimed()


def test_drafts_the_user_already_opened_are_carried_as_they_left_them(frozen, claimed, client):
    """Some drafts open and edited on the draft page, the others written for the email:
    still one email each, and no more queries than when all are new."""
    all_new = queries_to_send(claimed_for(claimed, users=2, per_user=4))
    owners = morning(users=2, per_user=4)
    edited = {}
    for owner in owners:
        application = owner.applications.get(company="Company 0")
        draft = draft_open(application=application, kind=DraftKind.STATUS_REQUEST)
        draft_update(
            draft=draft, subject=draft.subject, body=draft.body + "\nP.S. Mine.", contact=draft.contact
        )
        edited[owner.email] = draft
    some_opened = queries_to_send(claimed())
    assert some_opened <= all_new
    check_emails(owners, 4)
    for message in mail.outbox:
        draft = edited[message.to[0]]
        assert "P.S. Mine." in message.body
        assert Reminder.objects.get(application=draft.application).draft == draft
    # Not a second status request beside the one the user edited.
    assert Draft.objects.filter(application__owner__in=owners, kind=DraftKind.STATUS_REQUEST).count() == 2


def test_the_email_carries_exactly_the_draft_the_draft_page_writes(frozen, claimed):
    """Two users with the same records: one gets the morning email (drafts written for
    the whole email at once), the other opens each draft on the draft page. Same
    recipient, subject and body, kind by kind."""
    emailed, opened = morning(users=2, per_user=len(KINDS))
    queries_to_send(claimed_for_owner(claimed, emailed))
    [message] = mail.outbox
    text = message.body.replace("\r\n", "\n")
    for i, (_, _, kind) in enumerate(KINDS):
        sent = Reminder.objects.get(application__owner=emailed, application__company=f"Company {i}").draft
        page = draft_open(application=opened.applications.get(company=f"Company {i}"), kind=kind)
        assert sent.kind == page.kind == kind
        assert (sent.subject, sent.body) == (page.subject, page.body)
        assert (sent.contact.name, sent.contact.work_email) == (page.contact.name, page.contact.work_email)
        assert (sent.letter, sent.referrer) == (page.letter, page.referrer) == (None, None)
        # ...and the draft page shows the emailed user the very draft the email carried.
        assert draft_open(application=sent.application, kind=kind) == sent
        assert sent.subject in text and sent.body in text
    # What the text draws from the records came through: the interviewers, the first
    # follow-up's day, the user's skills.
    drafts = {
        r.draft.kind: r.draft.body for r in Reminder.objects.filter(owner=emailed).select_related("draft")
    }
    assert "When we spoke on" in drafts[DraftKind.STATUS_REQUEST]
    assert "Thank you again for meeting with me" in drafts[DraftKind.HIRING_MANAGER_NOTE]
    assert "40-person motor pool" in drafts[DraftKind.HIRING_MANAGER_NOTE]
    assert "I wrote on Wednesday, November 25" in drafts[DraftKind.FINAL_FOLLOW_UP]
    assert (
        Reminder.objects.get(application__owner=emailed, application__company="Company 3").step == Step.FINAL
    )


def claimed_for_owner(claimed, owner):
    """The sweep claims everyone's; only ``owner``'s reminders are sent."""
    ids = claimed()
    return list(Reminder.objects.filter(pk__in=ids, owner=owner).values_list("pk", flat=True))
