"""Share with a coach: a private, read-only, expiring and revocable page.

What the coach sees (and never sees), the link's life (made, shown once, re-made,
turned off, expired), the view log, the coach's comments, and the one email the
app sends to someone other than its user. Strangers' 404s for the user's own
share pages are in tests/test_ownership.py (the URL catalogue covers them).
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.choices import CallOutcome, FollowUpChannel, ReplyOutcome, Status
from config.site import site_domain
from feeds.models import CalendarFeed
from outreach.models import Draft
from plans import words
from plans.choices import DraftKind
from sharing.models import COMMENT_MAX_LENGTH, CoachComment, Share, ShareView, token_digest
from tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    LetterFactory,
    OpportunityFactory,
    ReplyFactory,
    ShareFactory,
    UserFactory,
    share_with_link,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

MARKER = "qqprivate"


def page_of(token):
    return reverse("coach_page", kwargs={"token": token})


def comment_url(token):
    return reverse("coach_comment", kwargs={"token": token})


def overdue_application(owner, **fields):
    """An interview three weeks ago with no date given: the first follow-up is overdue."""
    application = ApplicationFactory(owner=owner, status=Status.WAITING, **fields)
    InterviewFactory(
        application=application, starts_at=timezone.now() - dt.timedelta(days=21), promised_on=None
    )
    application.refresh_plan()
    return application


def upcoming_application(owner, **fields):
    """An interview yesterday with an answer promised in three days: a follow-up coming up."""
    application = ApplicationFactory(owner=owner, status=Status.WAITING, **fields)
    InterviewFactory(
        application=application,
        starts_at=timezone.now() - dt.timedelta(days=1),
        promised_on=timezone.localdate() + dt.timedelta(days=3),
    )
    application.refresh_plan()
    return application


# --- Making a link ------------------------------------------------------------------------
def test_a_new_link_is_shown_once_and_only_its_digest_is_kept(alice_client, alice):
    response = alice_client.post(
        reverse("share_list"),
        {
            "owner_name": "Alice E.",
            "coach_name": "Pat Mentor",
            "lifetime_days": "60",
            "comments_allowed": "on",
        },
    )
    share = Share.objects.get(owner=alice)
    assert response["Location"] == reverse("share_detail", args=[share.pk])
    first = alice_client.get(response["Location"]).content.decode()
    [link] = re.findall(r'value="(https?://[^"]+/coach/[^"]+/)"', first)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 43
    assert share.token_digest == token_digest(token) and token not in share.token_digest
    assert not any(token in str(value) for value in Share.objects.filter(pk=share.pk).values().get().values())
    # Shown once: the next visit to the page no longer has it.
    assert token not in alice_client.get(reverse("share_detail", args=[share.pk])).content.decode()
    # It opens the coach's page, without an account.
    assert Client().get(page_of(token)).status_code == 200


def test_a_link_lasts_sixty_days_unless_chosen_otherwise(alice_client, alice):
    alice_client.post(
        reverse("share_list"), {"owner_name": "Alice", "coach_name": "Pat", "lifetime_days": "60"}
    )
    alice_client.post(
        reverse("share_list"), {"owner_name": "Alice", "coach_name": "Sam", "lifetime_days": "7"}
    )
    lifetimes = {s.coach_name: (s.expires_at - s.created_at).days for s in Share.objects.filter(owner=alice)}
    assert lifetimes == {"Pat": 59, "Sam": 6} or lifetimes == {"Pat": 60, "Sam": 7}
    page = alice_client.get(reverse("share_list"))
    assert 'value="60" selected' in page.content.decode()


def test_bad_input_answers_400_and_keeps_what_was_typed(alice_client, alice):
    response = alice_client.post(
        reverse("share_list"),
        {
            "owner_name": "Alice",
            "coach_name": "",
            "note": "Help me with the Globex one",
            "lifetime_days": "60",
        },
    )
    assert response.status_code == 400
    assert "Help me with the Globex one" in response.content.decode()
    response = alice_client.post(
        reverse("share_list"),
        {"owner_name": "Alice", "coach_name": "Pat", "lifetime_days": "3650", "note": "x" * 201},
    )
    assert response.status_code == 400
    assert not Share.objects.exists()


def test_the_list_shows_each_link_with_when_it_was_last_viewed(alice_client, alice):
    share, token = share_with_link(owner=alice, coach_name="Pat Mentor")
    ShareFactory(owner=alice, coach_name="Sam Counselor", revoked_at=timezone.now())
    Client().get(page_of(token))
    page = alice_client.get(reverse("share_list")).content.decode()
    assert "Pat Mentor" in page and "Sam Counselor" in page and "Turned off" in page
    assert "Last viewed" in page and "1 view" in page and "Not viewed yet" in page


# --- The link's life ----------------------------------------------------------------------
def test_turning_the_link_off_takes_one_click_and_the_page_answers_404(alice_client, alice):
    share, token = share_with_link(owner=alice)
    assert Client().get(page_of(token)).status_code == 200
    response = alice_client.post(reverse("share_revoke", args=[share.pk]))
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert Client().get(page_of(token)).status_code == 404
    assert Client().post(comment_url(token), {"body": "Hello"}).status_code == 404


def test_the_list_turns_a_link_off_in_one_click(alice_client, alice):
    share, token = share_with_link(owner=alice, coach_name="Pat Mentor")
    page = alice_client.get(reverse("share_list")).content.decode()
    assert f'action="{reverse("share_revoke", args=[share.pk])}"' in page
    response = alice_client.post(reverse("share_revoke", args=[share.pk]), {"from": "list"})
    assert response["Location"] == reverse("share_list")
    assert Client().get(page_of(token)).status_code == 404
    listed = alice_client.get(reverse("share_list")).content.decode()
    assert "Pat Mentor can no longer open your page" in listed


def test_an_expired_link_answers_404(alice):
    share, token = share_with_link(owner=alice, expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get(page_of(token)).status_code == 404
    assert Client().post(comment_url(token), {"body": "Hello"}).status_code == 404
    assert not ShareView.objects.exists()


@pytest.mark.parametrize("token", ["not-a-real-token-but-long-enough", "x" * 43, "y" * 500])
def test_an_unknown_link_answers_404(alice, token):
    share_with_link(owner=alice)
    assert Client().get(page_of(token)).status_code == 404


def test_a_deactivated_account_closes_its_links(alice):
    share, token = share_with_link(owner=alice)
    alice.is_active = False
    alice.save()
    assert Client().get(page_of(token)).status_code == 404


def test_a_new_link_retires_the_old_one(alice_client, alice):
    share, old = share_with_link(owner=alice)
    response = alice_client.post(reverse("share_new_link", args=[share.pk]))
    page = alice_client.get(response["Location"]).content.decode()
    [new] = re.findall(r'/coach/([^/"]+)/', page)
    assert new != old
    assert Client().get(page_of(old)).status_code == 404
    assert Client().get(page_of(new)).status_code == 200


def test_a_turned_off_link_is_not_brought_back_by_a_new_link(alice_client, alice):
    share, _ = share_with_link(owner=alice, revoked_at=timezone.now())
    before = share.token_digest
    alice_client.post(reverse("share_new_link", args=[share.pk]))
    share.refresh_from_db()
    assert share.token_digest == before and share.revoked_at is not None


def test_a_share_opens_nothing_else(alice):
    """The token is a key to one page: not to the user's pages, nor to another share's."""
    application = overdue_application(alice)
    share, token = share_with_link(owner=alice)
    coach = Client()
    assert coach.get(page_of(token)).status_code == 200
    for url in (
        application.get_absolute_url(),
        reverse("share_detail", args=[share.pk]),
        reverse("share_preview", args=[share.pk]),
        reverse("dashboard"),
    ):
        assert coach.get(url).status_code == 302  # to the sign-in page
    assert "_auth_user_id" not in coach.session


# --- What every view answers with -----------------------------------------------------------
def test_the_coach_page_is_never_cached_indexed_or_referred(alice):
    share, token = share_with_link(owner=alice)
    response = Client().get(page_of(token))
    assert response["Cache-Control"] == "no-store"
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_every_view_is_logged_with_its_time_only_and_shown_to_the_user(alice_client, alice):
    share, token = share_with_link(owner=alice)
    for _ in range(2):
        Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="CoachPhone/1.0").get(page_of(token))
    Client().head(page_of(token))  # a link checker: not a view
    share.refresh_from_db()
    assert share.view_count == 2 and share.last_viewed_at is not None
    assert ShareView.objects.filter(share=share).count() == 2
    # Only a time is kept: the model has no field for an address or a browser.
    assert {f.name for f in ShareView._meta.concrete_fields} == {"id", "share", "viewed_at"}
    page = alice_client.get(reverse("share_detail", args=[share.pk])).content.decode()
    assert "2 views in all" in page
    assert "203.0.113.9" not in page and "CoachPhone" not in page


def test_the_preview_is_the_coachs_page_with_a_banner_and_is_not_a_view(alice_client, alice):
    overdue_application(alice, company="Globex Logistics", role="Warehouse supervisor")
    share, token = share_with_link(owner=alice, note="Help me with Globex, please.")
    preview = alice_client.get(reverse("share_preview", args=[share.pk]))
    assert preview.status_code == 200
    assert preview["Cache-Control"] == "no-store"
    preview_html = preview.content.decode()
    assert "Preview." in preview_html
    assert ShareView.objects.count() == 0
    coach_html = Client().get(page_of(token)).content.decode()

    def main(html):
        body = re.search(r'<main id="main".*?</main>', html, re.S)[0]
        body = re.sub(r'<div class="alert alert-info" role="note">.*?</div>', "", body, flags=re.S)
        body = re.sub(r"<form .*?>|<fieldset.*?>|<input[^>]*csrf[^>]*>", "", body)
        return " ".join(re.sub(r"<[^>]+>", " ", body).split())

    assert main(preview_html) == main(coach_html)
    assert "Help me with Globex, please." in coach_html


# --- What the coach sees ----------------------------------------------------------------------
def test_the_coach_sees_the_pipeline_what_is_due_and_the_plans_words(alice):
    overdue = overdue_application(alice, company="Globex Logistics", role="Warehouse supervisor")
    upcoming = upcoming_application(alice, company="Initech", role="Dispatcher")
    ApplicationFactory(owner=alice, status=Status.OFFER, company="Umbrella", role="Driver")
    share, token = share_with_link(owner=alice, owner_name="Alice E.", note="Two interviews this week.")
    html = Client().get(page_of(token)).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Alice E.&#x27;s job search" in html or "Alice E.'s job search" in text
    assert "Two interviews this week." in text
    assert "Applications: 3" in text and "Waiting to hear 2" in text and "Offer 1" in text
    today = timezone.now().astimezone(alice.zoneinfo).date()
    # Due and coming up: company, role, the step, and the plan's own words for its date.
    assert "Follow-ups due now: 1" in text
    assert "Warehouse supervisor at Globex Logistics — First follow-up · " + words.status_line(
        step=overdue.next_step, due_on=overdue.next_due_on, today=today
    ) in text.replace("&#x27;", "'")
    assert (
        "Dispatcher at Initech — First follow-up · "
        + words.status_line(step=upcoming.next_step, due_on=upcoming.next_due_on, today=today)
        in text
    )
    assert "Answers promised this week: 1" in text


def test_the_coach_sees_recent_follow_ups_and_replies_with_dates_and_kinds(alice):
    application = overdue_application(alice, company="Globex Logistics", role="Warehouse supervisor")
    now = timezone.now()
    FollowUpFactory(application=application, happened_at=now - dt.timedelta(days=2))
    FollowUpFactory(
        application=application,
        channel=FollowUpChannel.CALL,
        call_outcome=CallOutcome.VOICEMAIL,
        happened_at=now - dt.timedelta(days=1),
    )
    ReplyFactory(
        application=application, outcome=ReplyOutcome.INTERVIEW, received_at=now - dt.timedelta(hours=2)
    )
    FollowUpFactory(application=application, happened_at=now - dt.timedelta(days=90))  # not recent
    share, token = share_with_link(owner=alice)
    html = Client().get(page_of(token)).content.decode()
    events = re.findall(r"<li>([^<]*· (?:Follow-up|Reply)[^<]*)</li>", html)
    assert [event.split(" · ")[1] for event in events] == [
        "Reply: Invited to another interview",
        "Follow-up: Phone call (left a voicemail)",
        "Follow-up: Email",
    ]
    assert all("Warehouse supervisor at Globex Logistics" in event for event in events)


def private_everything(owner):
    """Every private field the owner has, marked; company and role (which the coach sees) are not."""
    owner.full_name = f"{MARKER}-full-name"
    owner.skills_summary = f"{MARKER}-skills"
    owner.email_signature = f"{MARKER}-signature"
    owner.email = f"{MARKER}-owner@example.com"
    owner.save()
    contact = ContactFactory(
        owner=owner,
        name=f"{MARKER}-contact-name",
        title=f"{MARKER}-contact-title",
        work_email=f"{MARKER}-work@globex.example.com",
        work_phone="+1 555 0100 4242",
        personal_email=f"{MARKER}-home@example.com",
        personal_phone="+1 555 0199 4242",
        notes=f"{MARKER}-contact-notes",
    )
    opportunity = OpportunityFactory(
        owner=owner, title=f"{MARKER}-opp-title", organization=f"{MARKER}-opp-org", note=f"{MARKER}-opp-note"
    )
    application = overdue_application(
        owner,
        company="Globex Logistics",
        role="Warehouse supervisor",
        notes=f"{MARKER}-application-notes",
        posting_url=f"https://{MARKER}.example.com/posting",
        source=f"{MARKER}-source",
        opportunity=opportunity,
        reflection_went_well=f"{MARKER}-went-well",
        reflection_next_time=f"{MARKER}-next-time",
    )
    interview = application.interviews.get()
    interview.notes = f"{MARKER}-interview-notes"
    interview.save()
    interview.interviewers.set([contact])
    now = timezone.now()
    FollowUpFactory(
        application=application, contact=contact, notes=f"{MARKER}-follow-up-notes", happened_at=now
    )
    ReplyFactory(application=application, notes=f"{MARKER}-reply-notes", received_at=now)
    Draft.objects.create(
        application=application,
        kind=DraftKind.STATUS_REQUEST,
        contact=contact,
        subject=f"{MARKER}-draft-subject",
        body=f"{MARKER}-draft-body",
        personal_detail=f"{MARKER}-draft-detail",
    )
    letter = LetterFactory(
        owner=owner,
        title=f"{MARKER}-letter-title",
        author=f"{MARKER}-letter-author",
        job_kind=f"{MARKER}-letter-job",
        original_name=f"{MARKER}-letter.pdf",
        file=ContentFile(PDF_BYTES, name="letter.pdf"),
    )
    feed = CalendarFeed.objects.create(owner=owner)
    return [MARKER, feed.token, letter.file.name, "555 0100", "555 0199"]


def test_the_coach_never_sees_notes_drafts_letters_contacts_the_calendar_or_the_email(alice, client):
    secrets = private_everything(alice)
    share, token = share_with_link(owner=alice, owner_name="Alice E.", coach_name="Pat Mentor")
    coach_page = Client().get(page_of(token)).content.decode()
    client.force_login(alice)
    preview = client.get(reverse("share_preview", args=[share.pk])).content.decode()
    for html in (coach_page, preview):
        # The page is not empty: the guard below means something.
        assert "Globex Logistics" in html and "Warehouse supervisor" in html and "Alice E." in html
        assert "Follow-up: Email" in html and "Reply: Other news" in html
        found = [secret for secret in secrets if secret.lower() in html.lower()]
        assert not found, f"the coach's page shows {found}"


# --- The coach's comments --------------------------------------------------------------------
def test_a_comment_is_kept_and_shown_escaped_on_the_application(alice_client, alice):
    application = overdue_application(alice, company="Globex Logistics", role="Warehouse supervisor")
    share, token = share_with_link(owner=alice, coach_name="Pat Mentor")
    body = "<script>alert('hi')</script> Try a <b>call</b> on Monday."
    response = Client().post(comment_url(token), {"application": application.pk, "body": body})
    assert response.status_code == 302 and response["Location"] == page_of(token)
    comment = CoachComment.objects.get()
    assert (comment.share, comment.application, comment.body) == (share, application, body)
    page = alice_client.get(application.get_absolute_url()).content.decode()
    assert "From your coach" in page and "Pat Mentor" in page
    assert (
        "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt; Try a &lt;b&gt;call&lt;/b&gt; on Monday." in page
    )
    assert "<script>alert" not in page
    detail = alice_client.get(reverse("share_detail", args=[share.pk])).content.decode()
    assert "&lt;script&gt;" in detail and "<script>alert" not in detail


def test_a_comment_works_from_a_page_that_sends_no_referrer(alice):
    """No referrer makes browsers send "Origin: null"; the link's token, not a cookie, is the key."""
    application = overdue_application(alice)
    share, token = share_with_link(owner=alice)
    coach = Client(enforce_csrf_checks=True)
    assert "csrftoken" not in coach.get(page_of(token)).cookies
    response = coach.post(
        comment_url(token), {"application": application.pk, "body": "Looks good."}, HTTP_ORIGIN="null"
    )
    assert response.status_code == 302
    assert CoachComment.objects.get().body == "Looks good."


def test_a_comment_shows_only_to_the_owner(alice, bob, client):
    application = overdue_application(alice)
    share, token = share_with_link(owner=alice)
    Client().post(comment_url(token), {"application": application.pk, "body": "Nice work."})
    client.force_login(bob)
    assert client.get(application.get_absolute_url()).status_code == 404
    # Bob's own application page never shows alice's comments.
    own = overdue_application(bob)
    assert "Nice work." not in client.get(own.get_absolute_url()).content.decode()


def test_a_comment_over_the_cap_is_refused_and_kept(alice):
    application = overdue_application(alice)
    share, token = share_with_link(owner=alice)
    body = "A" * (COMMENT_MAX_LENGTH + 1)
    response = Client().post(comment_url(token), {"application": application.pk, "body": body})
    assert response.status_code == 400
    assert body in response.content.decode()
    assert not CoachComment.objects.exists()
    ok = Client().post(comment_url(token), {"application": application.pk, "body": "A" * COMMENT_MAX_LENGTH})
    assert ok.status_code == 302


def test_a_comment_on_an_application_the_page_does_not_show_is_refused(alice, bob):
    overdue_application(alice)
    hidden = ApplicationFactory(owner=alice, status=Status.APPLIED)  # nothing due, nothing recent
    bobs = overdue_application(bob)
    share, token = share_with_link(owner=alice)
    for application in (hidden, bobs):
        response = Client().post(comment_url(token), {"application": application.pk, "body": "Hello"})
        assert response.status_code == 400
        assert "Hello" in response.content.decode()
    assert not CoachComment.objects.exists()


def test_comments_are_rate_limited(alice):
    application = overdue_application(alice)
    share, token = share_with_link(owner=alice)
    coach = Client()
    statuses = [
        coach.post(comment_url(token), {"application": application.pk, "body": f"Thought {n}"}).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    assert CoachComment.objects.count() == 5
    refused = coach.post(comment_url(token), {"application": application.pk, "body": "One more idea"})
    assert refused.status_code == 429 and "One more idea" in refused.content.decode()


def test_comments_can_be_turned_off_for_a_share(alice_client, alice):
    application = overdue_application(alice)
    share, token = share_with_link(owner=alice)
    assert "Leave a comment" in Client().get(page_of(token)).content.decode()
    response = alice_client.post(
        reverse("share_detail", args=[share.pk]), {"note": "Thanks!"}
    )  # box unticked
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.comments_allowed is False and share.note == "Thanks!"
    assert "Leave a comment" not in Client().get(page_of(token)).content.decode()
    refused = Client().post(comment_url(token), {"application": application.pk, "body": "Hello"})
    assert refused.status_code == 403
    assert not CoachComment.objects.exists()


# --- The link by email: the one message to someone else -----------------------------------------
def share_by_email(client, **fields):
    data = {
        "owner_name": "Alice Example",
        "coach_name": "Pat Mentor",
        "coach_email": "pat@vets.example.org",
        "lifetime_days": "60",
        "send_email": "on",
        **fields,
    }
    return client.post(reverse("share_list"), data)


def test_the_link_email_names_the_user_and_says_how_to_stop(alice_client, alice, settings):
    settings.SITE_URL = "https://followup.example.org"
    share_by_email(alice_client, owner_name="Alice O'Neil")
    [message] = mail.outbox
    assert message.to == ["pat@vets.example.org"]
    assert message.subject == "Alice O'Neil shared their job search with you"
    assert "Alice O'Neil" in message.body and "Pat Mentor" in message.body
    assert alice.email not in message.body and alice.email not in message.alternatives[0][0]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert message.extra_headers["Message-ID"].endswith(f"@{site_domain()}>")
    assert site_domain() == "followup.example.org"
    [link] = re.findall(r"https://followup\.example\.org/coach/[^/\s]+/", message.body)
    assert Client().get(link.removeprefix(settings.SITE_URL)).status_code == 200
    stop = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert stop in message.body and "never get email from Follow-up again" in message.body
    assert Share.objects.get().emailed_at is not None


def test_a_coach_who_stops_emails_gets_none_again(alice_client, alice, settings):
    share_by_email(alice_client)
    stop = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix(settings.SITE_URL)
    assert "Stop the emails" in Client().get(stop).content.decode()
    # One click from the mail client (RFC 8058): no session, no CSRF token.
    assert Client(enforce_csrf_checks=True).post(stop, {"List-Unsubscribe": "One-Click"}).status_code == 200
    response = share_by_email(alice_client, coach_email="PAT@vets.example.org", coach_name="Pat again")
    assert len(mail.outbox) == 1
    assert "asked us not to email it" in alice_client.get(response["Location"]).content.decode()
    assert Client().get(stop[:-5] + "xxxx/").status_code == 400


def test_a_coachs_inbox_gets_few_link_emails(alice_client, alice):
    for _ in range(4):
        share_by_email(alice_client)
    assert len(mail.outbox) == 3
    assert Share.objects.count() == 4


def test_asking_for_the_email_without_an_address_is_a_clear_error(alice_client, alice):
    response = share_by_email(alice_client, coach_email="")
    assert response.status_code == 400
    assert "Add your coach" in response.content.decode()
    assert not mail.outbox


def test_a_stranger_cannot_preview_revoke_or_rekey_anothers_share(alice, client):
    bob = UserFactory()
    share, token = share_with_link(owner=alice)
    client.force_login(bob)
    assert client.get(reverse("share_preview", args=[share.pk])).status_code == 404
    assert client.post(reverse("share_revoke", args=[share.pk])).status_code == 404
    assert client.post(reverse("share_new_link", args=[share.pk])).status_code == 404
    assert client.get(reverse("share_detail", args=[share.pk])).status_code == 404
    assert Client().get(page_of(token)).status_code == 200
    assert Share.objects.get().token_digest == token_digest(token)


def test_the_coach_page_costs_the_same_however_long_the_search(alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    share, token = share_with_link(owner=alice)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(page_of(token)).status_code == 200
        return len(captured)

    overdue_application(alice)
    upcoming_application(alice)
    few = queries()
    for n in range(15):
        application = overdue_application(alice, company=f"Company {n}")
        FollowUpFactory(application=application, happened_at=timezone.now() - dt.timedelta(days=1))
        ReplyFactory(application=application, received_at=timezone.now() - dt.timedelta(hours=n + 1))
        upcoming_application(alice, company=f"Upcoming {n}")
    many = queries()
    print(f"coach page: {few} queries with 2 applications, {many} with 32")
    assert many == few
