"""Drafts in a real browser: from the dashboard to a due application, open the
status request, edit it, copy it, open it in the mail app (mailto:), mark it
sent; do it again for the final follow-up; then see the app refuse a third and
close the application gracefully.

Dates come from the real clock (the live server uses it too): the interview was
two weeks ago and its promised answer date has passed, so the first follow-up
is due (overdue) whatever day the tests run.
"""

import datetime as dt
import re
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.db.models import F
from playwright.sync_api import expect

from applications.choices import ContactRole, Rapport, Status, Step
from applications.models import Application, Contact, FollowUp, Interview
from outreach.models import Draft
from plans import rules
from tests.browser.dates import USER_ZONE, local_today, past_weekday

pytestmark = pytest.mark.browser

# The button's name is "Open the draft" plus a visually hidden ": Status request";
# Chromium computes it with a space before the colon.
OPEN_STATUS_REQUEST = re.compile(r"^Open the draft\s*:\s*Status request$")
COMPANY, ROLE = "Northwind Logistics", "Operations Supervisor"
RECRUITER_EMAIL = "priya.shah@northwind.example"
EDITED_BODY = (
    "Dear Priya,\n\n"
    "Thank you again for the conversation about the Operations Supervisor role — José's tour of the "
    "cross-docking floor stuck with me. Is there any news you can share on the timeline? "
    "Happy to send anything else (references, a 30/60/90-day plan & more).\n\n"
    "Best regards,\nAlex Rivera"
)


def due_application(user):
    """An application whose first follow-up is due, with a recruiter to write to."""
    zone = ZoneInfo(USER_ZONE)
    interview_day = past_weekday(14)
    promised = interview_day + dt.timedelta(days=3)
    assert rules.next_business_day(promised) < local_today(), "guard: the first follow-up is due"
    application = Application.objects.create(
        owner=user,
        company=COMPANY,
        role=ROLE,
        status=Status.WAITING,
        applied_on=interview_day - dt.timedelta(days=10),
    )
    Interview.objects.create(
        application=application,
        starts_at=dt.datetime.combine(interview_day, dt.time(10, 30), tzinfo=zone),
        rapport=Rapport.NEUTRAL,
        asked_about_timing=True,
        promised_on=promised,
    )
    Contact.objects.create(
        owner=user,
        name="Priya Shah",
        company=COMPANY,
        title="Talent Partner",
        role=ContactRole.RECRUITER,
        work_email=RECRUITER_EMAIL,
    )
    application.refresh_plan()
    assert application.next_step == Step.FIRST
    return application


def parse_mailto(href):
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    return unquote(parts.path), query["subject"][0], query["body"][0]


def open_status_request(page):
    page.get_by_role("link", name="What to send").click()
    expect(page.get_by_role("heading", name="What to send", level=1)).to_be_visible()
    page.get_by_role("button", name=OPEN_STATUS_REQUEST).click()
    expect(page.get_by_role("heading", name="Status request", level=1)).to_be_visible()


def mark_sent(page):
    page.get_by_role("button", name="Mark as sent").click()
    expect(page.get_by_text("Marked as sent. The plan has moved on.")).to_be_visible()
    return page.get_by_role("region", name="Your follow-up plan")


def test_two_follow_ups_from_the_drafts_then_move_on(page, live_server, sign_in):
    base = live_server.url
    user = sign_in(time_zone=USER_ZONE, full_name="Alex Rivera")
    application = due_application(user)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)

    # From the dashboard to the due application.
    page.goto(base + "/dashboard/")
    due = page.get_by_role("region", name="To do today")
    due.get_by_role("link", name=f"{ROLE} at {COMPANY}").click()
    expect(page).to_have_url(base + application.get_absolute_url())
    expect(page.get_by_role("region", name="Your follow-up plan")).to_contain_text("First follow-up")

    # The first follow-up: open, edit, save.
    open_status_request(page)
    draft = Draft.objects.get(application=application, kind="status_request")
    expect(page).to_have_url(base + draft.get_absolute_url())
    expect(page.get_by_label("Body")).to_have_value(draft.body)
    expect(page.get_by_label("Body")).to_contain_text("Dear Priya,")
    page.get_by_label("Body").fill(EDITED_BODY)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    draft.refresh_from_db()
    assert draft.body.replace("\r\n", "\n") == EDITED_BODY

    # Copy: the button appears (the browser can copy) and puts subject and message on the clipboard.
    # The message is shown once, in its text box: no second, read-only copy of it.
    expect(page.get_by_text("ready to paste")).to_have_count(0)
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("status").filter(has_text="Copied.")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == f"{draft.subject}\n\n{EDITED_BODY}"

    # Open in my email app: a mailto: with the edited text, line breaks as CRLF.
    href = page.get_by_role("link", name="Open in my email app").get_attribute("href")
    assert parse_mailto(href) == (RECRUITER_EMAIL, draft.subject, EDITED_BODY.replace("\n", "\r\n"))

    plan = mark_sent(page)
    expect(page).to_have_url(base + application.get_absolute_url())
    expect(plan).to_contain_text("Final follow-up")
    expect(plan).to_contain_text("Follow-ups left for this interview: 1.")
    assert FollowUp.objects.filter(application=application).count() == 1

    # The final follow-up waits seven business days after the first: say three weeks have
    # gone by since the interview and the first follow-up.
    weeks = dt.timedelta(days=21)
    Interview.objects.filter(application=application).update(starts_at=F("starts_at") - weeks)
    FollowUp.objects.filter(application=application).update(happened_at=F("happened_at") - weeks)
    application.refresh_plan()
    # It is its own message: a new draft (the sent one is kept), sent as it is.
    page.get_by_role("link", name="What to send").click()
    page.get_by_role("button", name=re.compile(r"^Open the draft\s*:\s*Final follow-up$")).click()
    second = Draft.objects.get(application=application, kind="final_follow_up", sent_at__isnull=True)
    assert second.pk != draft.pk
    expect(page).to_have_url(base + second.get_absolute_url())
    plan = mark_sent(page)
    expect(plan).to_contain_text("Time to move on")
    assert FollowUp.objects.filter(application=application).count() == 2

    # A third is not offered: the list says why and suggests moving on.
    page.get_by_role("link", name="What to send").click()
    expect(page.get_by_role("heading", name="What to send", level=1)).to_be_visible()
    expect(page.get_by_role("button", name=OPEN_STATUS_REQUEST)).to_have_count(0)
    refusal = page.get_by_role("status").filter(has_text="Status request: not offered.")
    expect(refusal).to_contain_text("let this one go and move on")
    expect(page.get_by_role("heading", name="Already sent")).to_be_visible()

    refusal.get_by_role("link", name="Close it gracefully").click()
    expect(page).to_have_url(base + f"/applications/{application.pk}/move-on/")
    page.get_by_label("What went well").fill("The convoy-planning story landed well.")
    page.get_by_label("What to try next time").fill("Ask who decides, and by when.")
    page.get_by_role("button", name="Close it and move on").click()
    expect(page.get_by_text("Closed. On to the next one.")).to_be_visible()
    expect(page.get_by_role("region", name="Your follow-up plan")).to_contain_text(
        "This application is closed (moved on)"
    )
    expect(page.get_by_role("link", name="What to send")).to_have_count(0)
    application.refresh_from_db()
    assert application.status == Status.MOVED_ON and application.remind_at is None
    assert FollowUp.objects.filter(application=application).count() == 2
