"""Acting on a reminder from the email itself (issue 15): the message is in the email,
and one-click answers work without signing in, through real emails caught by a real
SMTP server (aiosmtpd on 127.0.0.1).

Every answer is followed signed out: the GET shows a confirmation page and changes
nothing (mail scanners fetch every link), the POST acts once, a second POST says it
is already done. Tokens tampered with, expired, replayed, moved to another user's
reminder, or used after the plan left the step do nothing.
"""

import datetime as dt
import html
import re
from urllib.parse import unquote, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.choices import CallOutcome, FollowUpChannel, ReplyOutcome, Status, Step
from applications.models import Application, FollowUp, Reply
from config.redaction import redact
from outreach import reminders, tasks
from outreach.answers import ANSWER_SALT, Answer
from outreach.drafts import mailto_link
from outreach.models import Draft, Reminder
from plans.choices import DraftKind
from plans.rules import add_business_days
from tests.factories import ApplicationFactory, ContactFactory, InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- Records that are due, and the email that says so -------------------------------
def due_application(owner, *, company="Acme Freight", role="Logistics Coordinator", contact=True):
    """Promised six days ago: the first follow-up fell due two to five days ago (real time)."""
    application = ApplicationFactory(owner=owner, company=company, role=role, status=Status.WAITING)
    now = timezone.now()
    if contact:
        ContactFactory(
            owner=owner,
            company=company,
            name="Priya Shah",
            work_email=f"priya@{company.split()[0].lower()}.example",
        )
    InterviewFactory(
        application=application,
        starts_at=now - dt.timedelta(days=9),
        promised_on=(now - dt.timedelta(days=6)).astimezone(owner.zoneinfo).date(),
    )
    application.refresh_plan()
    application.refresh_from_db()
    assert application.remind_at is not None and application.remind_at <= now
    return application


@pytest.fixture
def queued(monkeypatch):
    """The reminder ids the sweep queues (the send runs in the test, as a worker would)."""
    batches = []

    class Recorder:
        @staticmethod
        def delay(ids):
            batches.append(list(ids))

    monkeypatch.setattr(tasks, "send_reminders", Recorder)
    return batches


@pytest.fixture
def send_due(smtp_server, queued, django_capture_on_commit_callbacks):
    """Sweep and send what is due, through the real SMTP server."""

    def run(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            reminders.reminders_sweep(now=now)
        sent = sum(reminders.reminders_send(reminder_ids=batch, now=now) for batch in queued)
        queued.clear()
        return sent

    return run


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    body_html = message.get_body(preferencelist=("html",)).get_content()
    return text, body_html


def answer_links(text, section=0):
    """{label: url} of the one-click answers in one section of the text part."""
    blocks = text.split("Tell Follow-up with one click")[1:]
    return dict(re.findall(r"^- (.+?): (\S+)$", blocks[section], re.MULTILINE))


def path_of(url):
    assert url.startswith(settings.SITE_URL + "/answer/"), url
    return urlsplit(url).path


def snapshot(application):
    application.refresh_from_db()
    return (
        application.status,
        application.next_key,
        application.snoozed_until,
        FollowUp.objects.filter(application=application).count(),
        Reply.objects.filter(application=application).count(),
        Draft.objects.filter(application=application, sent_at__isnull=False).count(),
    )


@pytest.fixture
def veteran(db):
    return UserFactory(email="vet@example.com", full_name="Sam Rivera", time_zone="America/Chicago")


# --- 1. The message is in the email -----------------------------------------------------
def test_the_email_carries_the_draft_pages_message_with_a_mailto_button(
    veteran, send_due, smtp_server, client
):
    application = due_application(veteran)
    assert send_due() == 1
    message = smtp_server.to(veteran.email)[0].message
    text, body_html = parts(message)
    reminder = Reminder.objects.get()
    draft = reminder.draft
    assert draft.kind == DraftKind.STATUS_REQUEST and draft.contact.name == "Priya Shah"
    # The very draft the draft page shows, word for word.
    client.force_login(veteran)
    page = client.get(draft.get_absolute_url())
    assert page.context["draft"].subject == draft.subject and page.context["draft"].body == draft.body
    assert "To: Priya Shah <priya@acme.example>" in text
    assert f"Subject: {draft.subject}" in text
    assert draft.body.strip() in text
    assert html.escape(draft.body.strip().splitlines()[0]) in body_html
    assert html.escape(draft.subject) in body_html
    mailto = mailto_link("priya@acme.example", draft.subject, draft.body)
    assert mailto == page.context["mailto"]
    assert f"Open it in your email app: {mailto}" in text
    assert f'href="{html.escape(mailto)}"' in body_html and "Open in your email app" in body_html
    assert unquote(mailto.split("subject=")[1].split("&")[0]) == draft.subject
    assert application.company in message["Subject"]


def test_with_no_work_contact_the_email_says_so_and_links_to_add_one(veteran, send_due, smtp_server):
    due_application(veteran, contact=False)
    send_due()
    text, body_html = parts(smtp_server.to(veteran.email)[0].message)
    draft = Reminder.objects.get().draft
    assert "You have no work email for anyone at Acme Freight" in text
    assert settings.SITE_URL + draft.get_absolute_url() in text
    assert "mailto:" not in text and "mailto:" not in body_html
    assert "Add one on the draft page" in body_html
    # Nobody to have emailed: no "I sent it" (the service would refuse it); a call still counts.
    assert "I sent it" not in text and "I sent it" not in body_html
    assert "I called" in text and "They replied" in text


def test_deliverability_headers_and_no_tracking(veteran, send_due, smtp_server):
    due_application(veteran)
    send_due()
    message = smtp_server.to(veteran.email)[0].message
    text, body_html = parts(message)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe"].strip().startswith(f"<{settings.SITE_URL}/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].endswith(f"@{urlsplit(settings.SITE_URL).hostname}>")
    assert "<img" not in body_html.lower()
    for href in re.findall(r'href="([^"]+)"', body_html):
        href = html.unescape(href)
        assert href.startswith((settings.SITE_URL + "/", "mailto:")), href  # no redirector, no tracker


# --- 2. One-click answers, signed out ---------------------------------------------------
def _follow(veteran, send_due, smtp_server, label):
    application = due_application(veteran)
    send_due()
    text, _ = parts(smtp_server.to(veteran.email)[0].message)
    links = answer_links(text)
    assert set(links) == {
        a.label for a in (Answer.SENT, Answer.CALLED, Answer.REPLIED, Answer.NOT_SELECTED, Answer.SNOOZE)
    }
    return application, path_of(links[label])


@pytest.mark.parametrize(
    ("answer", "form"),
    [
        (Answer.SENT, {}),
        (Answer.CALLED, {"call_outcome": CallOutcome.VOICEMAIL}),
        (Answer.REPLIED, {"reply_outcome": ReplyOutcome.INTERVIEW}),
        (Answer.NOT_SELECTED, {}),
        (Answer.SNOOZE, {}),
    ],
)
def test_each_answer_from_a_real_email_get_changes_nothing_post_acts_once(
    veteran, send_due, smtp_server, answer, form
):
    application, path = _follow(veteran, send_due, smtp_server, Answer(answer).label)
    before = snapshot(application)
    stranger = Client()  # signed out

    for _ in range(2):  # a scanner and a preview both fetch it
        page = stranger.get(path)
        assert page.status_code == 200
        assert snapshot(application) == before
    body = page.content.decode()
    assert "Acme Freight" in body and "Logistics Coordinator" in body
    assert "Priya" not in body and veteran.email not in body  # company and role only
    assert 'method="post"' in body

    done = stranger.post(path, form)
    assert done.status_code == 200, done.content.decode()
    assert "Done" in done.content.decode()
    application.refresh_from_db()
    today = timezone.now().astimezone(veteran.zoneinfo).date()
    if answer == Answer.SENT:
        follow_up = FollowUp.objects.get(application=application)
        assert follow_up.channel == FollowUpChannel.EMAIL
        assert Reminder.objects.get(application=application).draft.sent_at is not None
        assert application.next_step == Step.FINAL
    elif answer == Answer.CALLED:
        follow_up = FollowUp.objects.get(application=application)
        assert (follow_up.channel, follow_up.call_outcome) == (FollowUpChannel.CALL, CallOutcome.VOICEMAIL)
    elif answer == Answer.REPLIED:
        assert Reply.objects.get(application=application).outcome == ReplyOutcome.INTERVIEW
        assert application.status == Status.INTERVIEWING and application.next_step == Step.NONE
    elif answer == Answer.NOT_SELECTED:
        assert Reply.objects.get(application=application).outcome == ReplyOutcome.NO
        assert application.status == Status.NO
    else:
        assert application.snoozed_until == add_business_days(today, 2)
        assert application.next_due_on == application.snoozed_until
    after = snapshot(application)

    again = stranger.post(path, form)
    assert again.status_code == 200
    assert "Already done" in again.content.decode()
    assert snapshot(application) == after
    assert (
        Reminder.objects.get(pk=Reminder.objects.filter(application=application).order_by("pk")[0].pk).answer
        == answer
    )


def test_answer_pages_are_private_and_need_no_sign_in(veteran, send_due, smtp_server):
    _, path = _follow(veteran, send_due, smtp_server, "I sent it")
    page = Client().get(path)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert page["Referrer-Policy"] == "no-referrer"
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert '<meta name="robots" content="noindex, nofollow">' in page.content.decode()


def test_answer_links_are_rate_limited(veteran, send_due, smtp_server):
    _, path = _follow(veteran, send_due, smtp_server, "I sent it")
    stranger = Client()
    codes = [stranger.get(path).status_code for _ in range(31)]
    assert codes[:30] == [200] * 30 and codes[30] == 429


def test_the_token_never_reaches_a_log_line(veteran, send_due, smtp_server):
    _, path = _follow(veteran, send_due, smtp_server, "I sent it")
    token = path.split("/")[2]
    assert token not in redact(f'"GET {path} HTTP/1.1" 200 "{settings.SITE_URL}{path}"')


# --- Tokens that must not work --------------------------------------------------------------
def test_a_tampered_token_changes_nothing(veteran, send_due, smtp_server):
    application, path = _follow(veteran, send_due, smtp_server, "Not selected: close it")
    before = snapshot(application)
    token = path.split("/")[2]
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), token[5:], "x" * 80, "."):
        assert Client().post(f"/answer/{bad}/").status_code == 404
    assert snapshot(application) == before


def test_an_expired_token_changes_nothing(veteran, send_due, smtp_server):
    application, path = _follow(veteran, send_due, smtp_server, "Not selected: close it")
    before = snapshot(application)
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        page = Client().post(path)
    assert page.status_code == 410 and "expired" in page.content.decode()
    assert snapshot(application) == before


def test_a_token_cannot_be_turned_to_another_users_reminder(veteran, send_due, smtp_server):
    mine = due_application(veteran)
    other_user = UserFactory()
    theirs = due_application(other_user, company="Bluewater Shipping")
    send_due()
    their_reminder = Reminder.objects.get(application=theirs)
    before = snapshot(theirs)
    # Signed as ours (our key), naming their reminder: their key does not verify it.
    forged = signing.dumps(
        [their_reminder.pk, Answer.NOT_SELECTED.value], salt=f"{ANSWER_SALT}:{veteran.email_key}"
    )
    assert Client().post(f"/answer/{forged}/").status_code == 404
    assert snapshot(theirs) == before
    assert mine.pk != theirs.pk


def test_a_token_for_a_step_the_plan_has_left_changes_nothing(veteran, send_due, smtp_server, client):
    application, path = _follow(veteran, send_due, smtp_server, "They replied")
    # The user marks the follow-up sent in the app: the plan moves to the final follow-up.
    draft = Reminder.objects.get().draft
    client.force_login(veteran)
    assert client.post(reverse("draft_sent", args=[draft.pk])).status_code == 302
    before = snapshot(application)
    stranger = Client()
    page = stranger.get(path)
    assert page.status_code == 410 and "already behind you" in page.content.decode()
    assert stranger.post(path, {"reply_outcome": ReplyOutcome.OTHER}).status_code == 410
    assert snapshot(application) == before


def test_a_replayed_answer_after_another_answer_does_nothing(veteran, send_due, smtp_server):
    application = due_application(veteran)
    send_due()
    text, _ = parts(smtp_server.to(veteran.email)[0].message)
    links = answer_links(text)
    stranger = Client()
    assert stranger.post(path_of(links["I sent it"])).status_code == 200
    before = snapshot(application)
    replay = stranger.post(path_of(links["Not selected: close it"]))
    assert replay.status_code == 200 and "Already done" in replay.content.decode()
    assert snapshot(application) == before and application.status != Status.NO


def test_sent_goes_through_the_guardrails(veteran, send_due, smtp_server):
    """The follow-up limit holds from the email as in the app: a follow-up recorded
    elsewhere in the meantime (same step key kept) cannot make a third."""
    application, path = _follow(veteran, send_due, smtp_server, "I sent it")
    reminder = Reminder.objects.get()
    # Two follow-ups already made (recorded straight into the table, plan key kept as it was).
    for days in (2, 1):
        FollowUp.objects.create(
            application=application,
            channel=FollowUpChannel.EMAIL,
            happened_at=timezone.now() - dt.timedelta(days=days),
        )
    Application.objects.filter(pk=application.pk).update(next_key=reminder.key)
    page = Client().post(path)
    assert page.status_code == 409
    assert FollowUp.objects.filter(application=application).count() == 2
    assert Reminder.objects.get().answered_at is None


# --- 3. Snooze is a real plan change ------------------------------------------------------
def test_snooze_moves_the_due_day_in_the_app_the_feed_and_the_next_reminder(
    veteran, send_due, smtp_server, client
):
    application, path = _follow(veteran, send_due, smtp_server, "Remind me in 2 business days")
    assert Client().post(path).status_code == 200
    application.refresh_from_db()
    new_day = application.snoozed_until
    assert application.next_due_on == new_day and application.remind_at is not None
    # The app shows the new day.
    client.force_login(veteran)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Snoozed" in page
    today = client.get(reverse("dashboard")).content.decode()
    assert "(snoozed)" in today
    # The calendar feed has the follow-up on the new day.
    from feeds.calendars import feed_calendar

    ics = feed_calendar(owner=veteran, now=timezone.now()).to_ical().decode()
    assert f"DTSTART;VALUE=DATE:{new_day:%Y%m%d}" in ics
    # Nothing before that morning; that morning, the reminder comes again.
    assert send_due(now=application.remind_at - dt.timedelta(minutes=1)) == 0
    with time_machine.travel(application.remind_at + dt.timedelta(minutes=1), tick=False):
        assert send_due(now=application.remind_at + dt.timedelta(minutes=1)) == 1
    assert len(smtp_server.to(veteran.email)) == 2
    assert Reminder.objects.filter(application=application).count() == 2


# --- 4. One email per user per morning ---------------------------------------------------
def test_several_follow_ups_due_come_as_one_email_with_a_section_each(veteran, send_due, smtp_server):
    first = due_application(veteran, company="Acme Freight")
    second = due_application(veteran, company="Bluewater Shipping")
    other = UserFactory()
    due_application(other, company="Cedar Rail")
    assert send_due() == 3
    [received] = smtp_server.to(veteran.email)
    assert len(smtp_server.to(other.email)) == 1
    message = received.message
    assert message["Subject"] == "2 follow-ups are due today"
    text, body_html = parts(message)
    assert "== Acme Freight: Logistics Coordinator ==" in text
    assert "== Bluewater Shipping: Logistics Coordinator ==" in text
    assert "priya@acme.example" in text and "priya@bluewater.example" in text
    assert body_html.count("Open in your email app") == 2
    assert Reminder.objects.filter(owner=veteran, sent_at__isnull=False).count() == 2
    # Each section's answers act on its own application only.
    stranger = Client()
    assert stranger.post(path_of(answer_links(text, 1)["Not selected: close it"])).status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.WAITING, Status.NO)
    # A second sweep sends nothing more.
    assert send_due() == 0
    assert len(smtp_server.to(veteran.email)) == 1


def test_a_users_follow_ups_split_across_send_batches_still_come_as_one_email(
    veteran, smtp_server, queued, django_capture_on_commit_callbacks
):
    due_application(veteran, company="Acme Freight")
    due_application(veteran, company="Bluewater Shipping")
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_sweep()
    ids = sorted(pk for batch in queued for pk in batch)
    # Two workers, one reminder each, as if a claim batch had cut between them.
    assert reminders.reminders_send(reminder_ids=[ids[0]]) == 2
    assert reminders.reminders_send(reminder_ids=[ids[1]]) == 0
    assert len(smtp_server.to(veteran.email)) == 1


def test_the_confirmation_form_needs_no_session_and_no_csrf_cookie(veteran, send_due, smtp_server):
    """As a browser does it from a page that sends no referrer ("Origin: null"): the
    signed token is the proof, so the POST works without any cookie, and sets none."""
    application, path = _follow(veteran, send_due, smtp_server, "Not selected: close it")
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path)
    assert not page.cookies
    answered = browser.post(path, HTTP_ORIGIN="null")
    assert answered.status_code == 200 and not answered.cookies
    application.refresh_from_db()
    assert application.status == Status.NO


def test_a_bad_choice_on_the_confirmation_page_is_a_clear_400(veteran, send_due, smtp_server):
    application, path = _follow(veteran, send_due, smtp_server, "I called")
    before = snapshot(application)
    page = Client().post(path, {"call_outcome": "teleported"})
    assert page.status_code == 400 and "Please choose one of the options" in page.content.decode()
    assert snapshot(application) == before


# Mid-afternoon in Chicago: the morning's reminder hour has passed whenever the suite runs.
@time_machine.travel(dt.datetime(2026, 12, 9, 20, 0, tzinfo=dt.UTC), tick=False)
def test_at_the_move_on_step_let_it_go_closes_the_application_once(veteran, send_due, smtp_server):
    application = ApplicationFactory(owner=veteran, company="Acme Freight", status=Status.FOLLOWED_UP)
    now = timezone.now()
    InterviewFactory(application=application, starts_at=now - dt.timedelta(days=30), promised_on=None)
    for days in (16, 12):
        FollowUp.objects.create(
            application=application, channel=FollowUpChannel.EMAIL, happened_at=now - dt.timedelta(days=days)
        )
    application.refresh_plan()
    assert application.next_step == Step.MOVE_ON and application.remind_at <= now
    assert send_due() == 1
    text, _ = parts(smtp_server.to(veteran.email)[0].message)
    links = answer_links(text)
    assert set(links) == {"Let it go: close it", "They replied"}  # nothing left to send or snooze
    assert "mailto:" not in text
    path = path_of(links["Let it go: close it"])
    assert Client().get(path).status_code == 200
    application.refresh_from_db()
    assert application.status == Status.FOLLOWED_UP
    assert Client().post(path).status_code == 200
    application.refresh_from_db()
    assert application.status == Status.MOVED_ON and application.next_step == Step.NONE
    assert "Already done" in Client().post(path).content.decode()
