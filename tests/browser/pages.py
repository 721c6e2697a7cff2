"""Every page a user can reach, each opened the way a user reaches it.

One catalogue for the browser checks that look at pages as a whole: test_csp.py
opens each page once, runs axe-core on it, watches it for Content-Security-Policy
violations and exercises its JavaScript. Signed out and signed in, with records in
every state on the page.

Each entry names the URL pattern it ends on, and test_csp.py checks every
GET-able pattern of the root URLconf against that: a new page fails the suite
until it is added here (or to EXCLUDED, with the reason).
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from applications.choices import (
    ContactRole,
    FollowUpChannel,
    Influence,
    OpportunityKind,
    Rapport,
    ReplyOutcome,
    Status,
)
from applications.models import Application, Contact, FollowUp, Interview, Letter, Opportunity, Reply
from exports.models import ImportJob, JobStatus
from feeds.models import CalendarFeed
from outreach.emails import unsubscribe_token
from outreach.services import draft_open
from plans import rules
from sharing.services import stop_emails_token
from tests.browser.conftest import BrowserErrors, new_page, signer_in
from tests.factories import ShareFactory, UserFactory, share_with_link


@dataclass(frozen=True)
class Page:
    """One page: how to open it, the URL pattern it ends on, and (optionally)
    how to use its JavaScript once it is open."""

    id: str
    open: Callable  # (page, base_url, sign_in) -> None
    url_name: str
    use: Callable | None = None  # (page) -> None


# --- Opening a page -----------------------------------------------------------------


def open_path(path):
    def open_page(page, base, sign_in):
        response = page.goto(base + path)
        assert response.ok, f"{path} answered {response.status}"

    return open_page


def code_page_after(form_path, code_path, email="someone.new@example.com"):
    def open_code_page(page, base, sign_in):
        page.goto(base + form_path)
        page.get_by_label("Email").fill(email)
        page.get_by_role("button", name="Email me a code").click()
        expect(page).to_have_url(base + code_path)
        expect(page.get_by_label("Code")).to_be_visible()

    return open_code_page


signup_submitted = code_page_after("/accounts/signup/", "/accounts/confirm-email/")
login_submitted = code_page_after(
    "/accounts/login/", "/accounts/login/code/confirm/", email="someone.known@example.com"
)


def login_code_refused(page, base, sign_in):
    """The page for a code we will not send yet (accounts.limits): a fourth request in a minute."""
    for _ in range(4):
        page.context.clear_cookies()  # else the sign-in under way takes the browser to its code page
        page.goto(base + "/accounts/login/")
        page.get_by_label("Email").fill("someone.known@example.com")
        page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_role("heading", name="Please wait before asking for another code")).to_be_visible()


def signup_with_invalid_email(page, base, sign_in):
    page.goto(base + "/accounts/signup/")
    # Valid to the browser's own type=email check, invalid to Django (no TLD),
    # so the server answers with the form and its error.
    page.get_by_label("Email").fill("someone@example")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Email me a code").click()
    assert answer.value.status == 400
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()


def signed_in_path(path, **user_fields):
    def open_page(page, base, sign_in):
        sign_in(**user_fields)
        open_path(path)(page, base, sign_in)

    return open_page


def profile_shows_the_device_time_zone(page, base, sign_in):
    signed_in_path("/profile/")(page, base, sign_in)
    # static/js/time-zone.js offers the device's zone (the context's Europe/Berlin).
    expect(page.locator("[data-device-zone-offer]")).to_be_visible()


def use_the_device_time_zone(page):
    """One click saves the device's zone (a form of its own, posted to the zone page)."""
    page.get_by_role("button", name="Use this device's zone").click()
    expect(page.get_by_text("Saved: your time zone is Berlin time.")).to_be_visible()
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")
    expect(page.locator("[data-device-zone-offer]")).to_be_hidden()


def asked_where_you_are(page, base, sign_in):
    """An account whose zone nobody chose: the first page after sign-in asks."""
    signed_in_path("/dashboard/", time_zone="UTC", time_zone_confirmed=False)(page, base, sign_in)
    expect(page.get_by_role("heading", level=1)).to_have_text("Where are you?")


def pick_central_time(page):
    page.get_by_role("button", name="Central Time (Chicago)").click()
    expect(page.get_by_text("Reminders come at 8:00 AM Central Time.")).to_be_visible()


def profile_with_invalid_wait(page, base, sign_in):
    sign_in()
    page.goto(base + "/profile/")
    wait_days = page.get_by_label("Default wait (business days)")
    wait_days.fill("0")
    # The input's min="1" would stop the browser from sending 0; switch off
    # the browser's own validation so the server's error page is what we test.
    wait_days.evaluate("input => { input.form.noValidate = true; }")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Save profile").click()
    assert answer.value.status == 400
    expect(page.get_by_text("Ensure this value is greater than or equal to 1.")).to_be_visible()


def open_the_phone_sized_menu(page):
    """Bootstrap's collapse (its JavaScript, and the inline styles it sets through the CSSOM)."""
    page.set_viewport_size({"width": 390, "height": 844})
    toggler = page.get_by_role("button", name="Toggle navigation")
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link").last).to_be_visible()


# --- Signed-in record pages, with rows made in the ORM ---------------------------
#
# The live server shares this test's (transactional) database, so rows created
# here are committed and the server sees them. Dates are relative to the real
# "today" in the user's zone, as the server computes it.


def local_today(user):
    return dt.datetime.now(user.zoneinfo).date()


def at_noon(user, day):
    return dt.datetime.combine(day, dt.time(12), tzinfo=user.zoneinfo)


def an_application(user, *, company="Northwind Logistics", role="Operations Manager", **fields):
    fields.setdefault("applied_on", local_today(user) - dt.timedelta(days=40))
    return Application.objects.create(owner=user, company=company, role=role, **fields)


def interviewed(
    application,
    *,
    days_ago,
    promised_in=None,
    rapport=Rapport.NEUTRAL,
    follow_ups_days_ago=(),
    interviewers=(),
):
    """Give ``application`` an interview ``days_ago`` (and follow-ups), then store its plan.

    ``promised_in`` is the promised answer date in days after the interview;
    None means no date was given.
    """
    user = application.owner
    day = local_today(user) - dt.timedelta(days=days_ago)
    interview = Interview.objects.create(
        application=application,
        starts_at=dt.datetime.combine(day, dt.time(10, 30), tzinfo=user.zoneinfo),
        rapport=rapport,
        asked_about_timing=promised_in is not None,
        promised_on=None if promised_in is None else day + dt.timedelta(days=promised_in),
        notes="Met the team lead; they liked the convoy planning example.",
    )
    interview.interviewers.set(interviewers)
    for follow_up_days_ago in follow_ups_days_ago:
        FollowUp.objects.create(
            application=application,
            channel=FollowUpChannel.EMAIL,
            happened_at=at_noon(user, local_today(user) - dt.timedelta(days=follow_up_days_ago)),
        )
    application.status = Status.FOLLOWED_UP if follow_ups_days_ago else Status.WAITING
    application.save(update_fields=["status"])
    application.refresh_plan()
    return application


def some_contacts(user, company="Northwind Logistics"):
    return [
        Contact.objects.create(
            owner=user,
            name="Dana Reyes",
            company=company,
            title="Talent Partner",
            role=ContactRole.RECRUITER,
            work_email="dana.reyes@northwind.example",
        ),
        Contact.objects.create(
            owner=user,
            name="Sam Okafor",
            company=company,
            title="Director of Operations",
            role=ContactRole.HIRING_MANAGER,
            work_phone="+1 202 555 0142",
        ),
        # Personal channels only: listed, never used for outreach.
        Contact.objects.create(
            owner=user,
            name="Lee Park",
            company=company,
            role=ContactRole.INTERVIEWER,
            personal_email="lee@home.example",
        ),
        Contact.objects.create(
            owner=user,
            name="Col. (ret.) Maria Alvarez",
            company="Army Reserve",
            title="Former commander",
            role=ContactRole.NETWORK,
            influence=Influence.HIGH,
            work_email="maria.alvarez@reserve.example",
        ),
    ]


def a_full_application(user):
    """One with contacts at the company, an interview with them, a follow-up and notes."""
    contacts = some_contacts(user)
    application = an_application(
        user,
        posting_url="https://careers.northwind.example/jobs/42",
        source="Hiring Our Heroes fair",
        notes="Ask about the night-shift rotation.",
    )
    return interviewed(
        application,
        days_ago=20,
        promised_in=5,
        rapport=Rapport.WENT_WELL,
        follow_ups_days_ago=(8,),
        interviewers=contacts[:2],
    )


def a_replied_application(user):
    """The full one, and then the company answered: a reply in the timeline."""
    application = a_full_application(user)
    Reply.objects.create(
        application=application,
        outcome=ReplyOutcome.INTERVIEW,
        received_at=at_noon(user, local_today(user)),
        notes="Second round with the site director next week.",
    )
    application.refresh_plan()
    return application


def a_closed_application(user):
    """Moved on, with a reflection: the plan says it is closed."""
    application = at_the_move_on_step(user)
    application.status = Status.MOVED_ON
    application.reflection_went_well = "The convoy-planning story landed well."
    application.reflection_next_time = "Ask who decides, and by when."
    application.save()
    application.refresh_plan()
    return application


def signed_in_with(make_rows, path):
    """Sign in, make rows with ``make_rows(user)``, open ``path(rows)`` (or ``path``)."""

    def open_page(page, base, sign_in):
        user = sign_in(time_zone="America/New_York")
        rows = make_rows(user)
        open_path(path(rows) if callable(path) else path)(page, base, sign_in)

    return open_page


def many_applications(user):
    """One past the page size, so the pager shows too; a few with plans."""
    an_application(user, company="Tailspin Freight", role="Dispatcher", status=Status.NO)
    interviewed(
        an_application(user, company="Contoso Energy", role="Field Technician"), days_ago=3, promised_in=7
    )
    Application.objects.bulk_create(
        Application(
            owner=user, company=f"Company {n:02}", role="Logistics Coordinator", applied_on=local_today(user)
        )
        for n in range(50)
    )


def application_form_with_errors(page, base, sign_in):
    sign_in(time_zone="America/New_York")
    page.goto(base + "/applications/new/")
    page.get_by_role("textbox", name="Role").fill("Operations Manager")
    # The form already has novalidate; set it anyway, so this case keeps
    # testing the server's answer even if the attribute is ever removed.
    page.locator("main form").evaluate("form => { form.noValidate = true; }")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Save").click()
    assert answer.value.status == 400
    expect(page.get_by_text("This field is required.")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Please correct the highlighted fields")


def application_form_duplicate(page, base, sign_in):
    """The "same opening twice?" error: a non-field error and a checkbox appear."""
    user = sign_in(time_zone="America/New_York")
    an_application(user)
    page.goto(base + "/applications/new/")
    page.get_by_role("textbox", name="Company").fill("Northwind Logistics")
    page.get_by_role("textbox", name="Role").fill("Operations Manager")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Save").click()
    assert answer.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("You already have an open application")
    # Its wording is checked in test_records_in_browser.py; here, that it is there.
    expect(page.get_by_role("main").get_by_role("checkbox")).to_be_visible()


def interview_form_with_errors(page, base, sign_in):
    user = sign_in(time_zone="America/New_York")
    application = an_application(user)
    some_contacts(user)
    page.goto(base + f"/applications/{application.pk}/interviews/new/")
    today = local_today(user)
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_role("group", name="Did you ask when you'd hear back?").get_by_label("Yes").check()
    page.get_by_label("They promised an answer by").fill((today - dt.timedelta(days=2)).isoformat())
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Save interview").click()
    assert answer.value.status == 400
    expect(page.get_by_text("The promised date can't be before the interview.")).to_be_visible()


def interview_log_with_errors(page, base, sign_in):
    """The one-step interview page sent back: a role missing and an interviewer row with no name."""
    sign_in(time_zone="America/New_York")
    page.goto(base + "/interviews/new/")
    page.get_by_label("Company").fill("Northwind Logistics")
    page.get_by_label("Work email").fill("dana.reyes@northwind.example")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Save interview").click()
    assert answer.value.status == 400
    expect(page.get_by_text("Add the person's name, or clear this row.")).to_be_visible()
    expect(page.get_by_label("Work email")).to_have_value("dana.reyes@northwind.example")


def recommendation_rows(user):
    some_contacts(user)
    # The page lists letters without opening their files, so no file is written.
    letter = Letter.objects.create(
        owner=user,
        title="Letter from my battalion commander",
        author="Lt. Col. J. Smith",
        job_kind="Operations and logistics",
        file="letters/example.pdf",
        original_name="commander.pdf",
        content_type="application/pdf",
    )
    Letter.objects.create(
        owner=user, title="Reference from the motor pool", author="SFC R. Jones", file="letters/b.docx"
    )
    return letter


def saved_opportunities(user):
    job = Opportunity.objects.create(
        owner=user,
        kind=OpportunityKind.JOB,
        title="Logistics Coordinator",
        organization="Tailspin Freight",
        link="https://jobs.tailspin.example/postings/logistics-coordinator-night-shift-2026",
        starred=True,
        note="Night shift; pays a differential.",
    )
    Opportunity.objects.create(
        owner=user,
        kind=OpportunityKind.SCHOOL,
        title="Supply chain certificate",
        organization="Community college",
    )
    Opportunity.objects.create(owner=user, kind=OpportunityKind.FRANCHISE, title="Moving company franchise")
    return job


def everything_on_the_dashboard(user):
    """Overdue, due today (on a business day), a thank-you to send, an answer awaited,
    no date given, time to let go, and an offer."""
    today = local_today(user)
    interviewed(an_application(user, company="Overdue Corp", role="Planner"), days_ago=20, promised_in=4)
    if rules.is_business_day(today):
        # Promised yesterday: the first business day after it is today.
        interviewed(an_application(user, company="Due Today Inc", role="Analyst"), days_ago=3, promised_in=2)
    interviewed(an_application(user, company="Soon Ltd", role="Coordinator"), days_ago=1, promised_in=3)
    interviewed(an_application(user, company="Later Inc", role="Dispatcher"), days_ago=9, promised_in=15)
    interviewed(an_application(user, company="Silent Co", role="Supervisor"), days_ago=30)
    interviewed(
        an_application(user, company="Uneasy LLC", role="Technician"),
        days_ago=40,
        promised_in=3,
        rapport=Rapport.UNEASY,
        follow_ups_days_ago=(30,),
    )
    closed = an_application(user, company="Offer Co", role="Manager", status=Status.OFFER)
    Reply.objects.create(application=closed, outcome=ReplyOutcome.OFFER, received_at=at_noon(user, today))


def dashboard_with_due_items(page, base, sign_in):
    signed_in_with(everything_on_the_dashboard, "/dashboard/")(page, base, sign_in)
    due = page.get_by_role("region", name="To do today")
    expect(due.get_by_text("overdue").first).to_be_visible()
    expect(due.get_by_role("link", name="Close it gracefully")).to_be_visible()
    expect(due.get_by_role("button", name=re.compile("^Write the follow-up")).first).to_be_visible()
    expect(due.get_by_role("button", name="Send the thank-you for Coordinator at Soon Ltd")).to_be_visible()
    waiting = page.get_by_role("region", name="Waiting")
    expect(waiting).to_contain_text("Their answer, promised by")
    expect(page.get_by_role("region", name="Recently closed")).to_contain_text("Manager at Offer Co")


def first_application(suffix):
    return lambda application: f"/applications/{application.pk}/{suffix}"


# --- Outreach drafts ------------------------------------------------------------------


def at_the_move_on_step(user):
    """Two follow-ups sent and unanswered: the draft list refuses a third."""
    some_contacts(user)
    return interviewed(an_application(user), days_ago=30, promised_in=3, follow_ups_days_ago=(20, 12))


def a_draft_with_wording_notes(user):
    # The full application has had its first follow-up: the final one is what is offered.
    # Its first went out 15 days ago, so the final is due (a preview has no Copy button).
    application = a_full_application(user)
    application.follow_ups.update(happened_at=at_noon(user, local_today(user) - dt.timedelta(days=15)))
    application.refresh_plan()
    draft = draft_open(application=application, kind="final_follow_up")
    draft.body = (
        "I never heard back and I'm frustrated. As NCOIC of a platoon I wrote the SOP. "
        "Please reply ASAP!!\n\n" + draft.body
    )
    draft.save()
    return draft


def a_call_script(user):
    application = a_full_application(user)
    application.company_time_zone = "Europe/Berlin"
    application.save()
    return draft_open(application=application, kind="call_script")


def draft_url(draft):
    return draft.get_absolute_url()


def copy_the_draft(page):
    """static/js/copy.js: the Copy button appears and fills the clipboard."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy = page.get_by_role("button", name=re.compile(r"^Copy"))
    copy.click()
    expect(page.get_by_role("status").filter(has_text=re.compile(r"copied", re.IGNORECASE))).to_be_visible()


def mark_sent_without_confirming(page, base, sign_in):
    """The 400 answer: the wording notes, an error, and the box to tick."""
    signed_in_with(a_draft_with_wording_notes, draft_url)(page, base, sign_in)
    expect(page.get_by_role("heading", name="Wording notes")).to_be_visible()
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Mark as sent").click()
    assert answer.value.status == 400
    expect(page.get_by_role("alert").filter(has_text="Some wording may come across badly")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile("I've read the wording notes"))).to_be_visible()


def refused_draft(page, base, sign_in):
    """The 409 page: a message opened from a list that no longer offers it."""
    user = sign_in(time_zone="America/New_York")
    application = interviewed(an_application(user), days_ago=20, promised_in=3)
    page.goto(base + f"/applications/{application.pk}/drafts/")
    # Meanwhile, two follow-ups were logged (in another tab, say).
    for days_ago in (10, 2):
        FollowUp.objects.create(
            application=application,
            happened_at=at_noon(user, local_today(user) - dt.timedelta(days=days_ago)),
        )
    application.refresh_plan()
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name=re.compile(r"Open the draft\s*:\s*Status request")).click()
    assert answer.value.status == 409
    expect(page.get_by_role("heading", name="Not this message")).to_be_visible()


def a_sent_draft(user):
    draft = draft_open(application=a_full_application(user), kind="final_follow_up")
    draft.sent_at = at_noon(user, local_today(user))
    draft.save(update_fields=["sent_at"])
    return draft


def a_draft_to_nobody_yet(user):
    """No contact at the company: the page asks for a named person, and offers no mailto:."""
    application = interviewed(an_application(user), days_ago=20, promised_in=3)
    return draft_open(application=application, kind="status_request")


def an_enclosure_with_a_letter(user):
    """The letter picker, the attach-it-yourself note and its download link."""
    some_contacts(user)
    Letter.objects.create(
        owner=user,
        title="Letter from my battalion commander",
        author="Lt. Col. J. Smith",
        job_kind="Operations and logistics",
        file="letters/example.pdf",
        original_name="commander.pdf",
        content_type="application/pdf",
    )
    application = interviewed(an_application(user), days_ago=20, promised_in=5, rapport=Rapport.WENT_WELL)
    return draft_open(application=application, kind="recommendation_enclosure")


# --- Calendar, export, import, unsubscribe ----------------------------------------------


def a_calendar_link(user):
    a_full_application(user)
    return CalendarFeed.objects.create(owner=user)


def copy_the_calendar_link(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Link copied.")).to_be_visible()


SPREADSHEET = (
    b"Company,Position,Date Applied,Status\nNorthwind,Dispatcher,11/02/2026,Interview\n,Analyst,31/12/2026,\n"
)


def import_preview(page, base, sign_in):
    """Upload a CSV with one good and one bad row: the column mapping and the row errors."""
    user = sign_in(time_zone="America/New_York")
    ImportJob.objects.create(
        owner=user,
        file_name="old.csv",
        csv_text="Company,Role\nAcme,Driver\n",
        total_rows=1,
        mapping={"company": 0, "role": 1},
        status=JobStatus.DONE,
        imported_count=1,
        processed_rows=1,
    )
    page.goto(base + "/import/")
    page.get_by_label("CSV file").set_input_files(
        {"name": "applications.csv", "mimeType": "text/csv", "buffer": SPREADSHEET}
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Check your import")).to_be_visible()
    expect(page.get_by_role("table", name="Rows that need fixing")).to_be_visible()


def import_upload_with_history(user):
    ImportJob.objects.create(
        owner=user,
        file_name="earlier.csv",
        csv_text="Company,Role\nAcme,Driver\n",
        total_rows=1,
        mapping={"company": 0, "role": 1},
        status=JobStatus.DONE,
        imported_count=1,
        processed_rows=1,
    )


def a_running_import(user):
    return ImportJob.objects.create(
        owner=user,
        file_name="big.csv",
        csv_text="Company,Role\n",
        status=JobStatus.VALIDATING,
        total_rows=10_000,
        processed_rows=1_000,
        mapping={"company": 0, "role": 1},
    )


def a_finished_import(user):
    return ImportJob.objects.create(
        owner=user,
        file_name="small.csv",
        csv_text="Company,Role\nAcme,Driver\n",
        status=JobStatus.DONE,
        total_rows=1,
        processed_rows=1,
        imported_count=1,
        mapping={"company": 0, "role": 1},
    )


def job_url(job):
    return job.get_absolute_url()


def poll_the_import_progress(page):
    """static/js/exports.js asks status.json (connect-src) and moves the bar."""
    with page.expect_response(lambda response: "/status.json" in response.url) as answer:
        pass
    assert answer.value.ok
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "1000")


def unsubscribe_link(page, base, sign_in):
    """The one-click link from a reminder email, opened signed out."""
    user = sign_in()
    page.context.clear_cookies()
    open_path(f"/unsubscribe/{unsubscribe_token(user)}/")(page, base, sign_in)
    expect(page.get_by_role("button", name="Stop the emails")).to_be_visible()


def unsubscribed(page, base, sign_in):
    unsubscribe_link(page, base, sign_in)
    page.get_by_role("button", name="Stop the emails").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def unsubscribe_link_tampered(page, base, sign_in):
    response = page.goto(base + "/unsubscribe/not-a-real-token/")
    assert response.status == 400


# --- Share with a coach ----------------------------------------------------------------------


def some_shares(user):
    """A live link that was opened, one turned off, one expired."""
    a_full_application(user)
    share = ShareFactory(
        owner=user, coach_name="Pat Mentor", view_count=3, last_viewed_at=at_noon(user, local_today(user))
    )
    ShareFactory(owner=user, coach_name="Sam Counselor", revoked_at=share.created_at)
    ShareFactory(owner=user, coach_name="Lee Mentor", expires_at=share.created_at)
    return share


def a_new_share(page, base, sign_in):
    """The form filled in and sent: the link's page, showing the link once."""
    user = sign_in(time_zone="America/New_York", full_name="Alice Example")
    a_full_application(user)
    page.goto(base + "/coach-sharing/")
    page.get_by_label("Coach's name").fill("Pat Mentor")
    page.get_by_role("button", name="Make the link").click()
    expect(page.get_by_role("textbox", name="Your coach's link")).to_be_visible()


def share_form_with_errors(page, base, sign_in):
    sign_in()
    page.goto(base + "/coach-sharing/")
    page.get_by_label("Email the link to my coach").check()
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Make the link").click()
    assert answer.value.status == 400
    expect(page.get_by_text("Add your coach's email address")).to_be_visible()


def a_share_with_comments(user):
    share = some_shares(user)
    application = Application.objects.filter(owner=user).first()
    share.comments.create(application=application, body="Good timing. Keep it short.")
    return share


def share_url(suffix=""):
    return lambda share: f"/coach-sharing/{share.pk}/{suffix}"


def the_coachs_page(page, base, sign_in):
    """The coach, signed out, on a phone-sized screen, opening the link."""
    user = UserFactory(time_zone="America/New_York")
    a_full_application(user)
    a_replied_application(user)
    _, token = share_with_link(owner=user, note="Could you look at my follow-ups?")
    page.set_viewport_size({"width": 390, "height": 844})
    open_path(f"/coach/{token}/")(page, base, sign_in)


def open_the_comment_form(page):
    page.get_by_text("Leave a comment for").click()
    expect(page.get_by_label("Your comment")).to_be_visible()


def the_coachs_comment_refused(page, base, sign_in):
    the_coachs_page(page, base, sign_in)
    open_the_comment_form(page)
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Send the comment").click()
    assert answer.value.status == 400
    expect(page.get_by_text("Please correct the fields below.")).to_be_visible()


def stop_coach_emails(page, base, sign_in):
    open_path(f"/stop-coach-emails/{stop_emails_token('pat@vets.example.org')}/")(page, base, sign_in)
    expect(page.get_by_role("button", name="Stop the emails")).to_be_visible()


def coach_emails_stopped(page, base, sign_in):
    stop_coach_emails(page, base, sign_in)
    page.get_by_role("button", name="Stop the emails").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Done: we won't email you again")


# --- One-click answers from a reminder email -----------------------------------------------


def a_reminder_answer_link(answer):
    """A one-click answer link from a reminder email, opened signed out."""

    def open_page(page, base, sign_in):
        from outreach.answers import answer_token
        from outreach.models import Reminder

        user = sign_in()
        application = an_application(user)
        reminder = Reminder.objects.create(
            application=application,
            owner=user,
            key=application.next_key,
            step="first",
            due_on=local_today(user),
        )
        page.context.clear_cookies()
        open_path(f"/answer/{answer_token(reminder, answer)}/")(page, base, sign_in)
        expect(page.get_by_text("Northwind Logistics: Operations Manager")).to_be_visible()

    return open_page


def reminder_answered(page, base, sign_in):
    a_reminder_answer_link("replied")(page, base, sign_in)
    page.get_by_role("button", name="They replied").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Done: “They replied”")


def reminder_answer_tampered(page, base, sign_in):
    response = page.goto(base + "/answer/not-a-real-token/")
    assert response.status == 404


# --- allauth's own pages -----------------------------------------------------------------


def email_change_pending(page, base, sign_in):
    """The email page while a change waits for its code: allauth renders a hidden
    second form for "Re-send" and "Cancel change" (templates/account/email_change.html)."""
    user = sign_in()
    EmailAddress.objects.create(user=user, email="new.address@example.com", verified=False, primary=False)
    open_path("/accounts/email/")(page, base, sign_in)
    expect(page.get_by_role("button", name="Cancel the change")).to_be_visible()


def cancel_the_email_change(page):
    page.get_by_role("button", name="Cancel the change").click()
    expect(page.get_by_role("button", name="Cancel the change")).to_have_count(0)


def email_change_requested(page, base, sign_in):
    """Ask to change the address: allauth sends a code and shows the code page."""
    sign_in()
    page.goto(base + "/accounts/email/")
    page.get_by_label("Change to").fill("new.address@example.com")
    page.get_by_role("button", name="Change my email").click()
    expect(page).to_have_url(base + "/accounts/confirm-email/")
    assert mail.outbox[-1].to == ["new.address@example.com"]


def confirm_identity_code_sent(page, base, sign_in):
    """ "Confirm it's you" once its code has gone out: the code field and a resend button."""
    signed_in_path("/profile/confirm/?next=/accounts/email/")(page, base, sign_in)
    page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_label("Code")).to_be_visible()


def request_login_code(page, base, sign_in):
    open_path("/accounts/login/code/")(page, base, sign_in)
    expect(page.get_by_role("button", name=re.compile("code", re.IGNORECASE)).first).to_be_visible()


# --- The catalogue --------------------------------------------------------------------------

SIGNED_OUT = [
    Page("home", open_path("/"), "home"),
    Page("signup", open_path("/accounts/signup/"), "account_signup"),
    Page("login", open_path("/accounts/login/"), "account_login"),
    Page("login-code-request", request_login_code, "account_request_login_code"),
    Page("guide", open_path("/guide/"), "guide"),
    Page("signup-code-entry", signup_submitted, "account_email_verification_sent"),
    Page("login-code-entry", login_submitted, "account_confirm_login_code"),
    Page("signup-invalid-email", signup_with_invalid_email, "account_signup"),
    Page("login-code-refused", login_code_refused, "account_login"),
    Page("account-inactive", open_path("/accounts/inactive/"), "account_inactive"),
    Page("unsubscribe", unsubscribe_link, "unsubscribe"),
    Page("unsubscribed", unsubscribed, "unsubscribe"),
    Page("unsubscribe-tampered", unsubscribe_link_tampered, "unsubscribe"),
    Page("reminder-answer-sent", a_reminder_answer_link("sent"), "reminder_answer"),
    Page("reminder-answer-called", a_reminder_answer_link("called"), "reminder_answer"),
    Page("reminder-answer-replied", a_reminder_answer_link("replied"), "reminder_answer"),
    Page("reminder-answer-snooze", a_reminder_answer_link("snooze"), "reminder_answer"),
    Page("reminder-answered", reminder_answered, "reminder_answer"),
    Page("reminder-answer-tampered", reminder_answer_tampered, "reminder_answer"),
]

ACCOUNT_PAGES = [
    Page(
        "dashboard",
        signed_in_path("/dashboard/", time_zone="UTC"),
        "dashboard",
        use=open_the_phone_sized_menu,
    ),
    Page("where-are-you", asked_where_you_are, "time_zone", use=pick_central_time),
    Page("profile", profile_shows_the_device_time_zone, "profile", use=use_the_device_time_zone),
    Page("profile-delete", signed_in_path("/profile/delete/"), "delete_account"),
    Page("profile-invalid-wait", profile_with_invalid_wait, "profile"),
    Page("confirm-identity", signed_in_path("/profile/confirm/?next=/accounts/email/"), "confirm_identity"),
    Page("confirm-identity-code-entry", confirm_identity_code_sent, "confirm_identity"),
    Page("email", signed_in_path("/accounts/email/"), "account_email"),
    Page("email-change-pending", email_change_pending, "account_email", use=cancel_the_email_change),
    Page("email-change-code-entry", email_change_requested, "account_email_verification_sent"),
    Page("logout-confirmation", signed_in_path("/accounts/logout/"), "account_logout"),
]

DRAFT_PAGES = [
    Page("draft-list", signed_in_with(a_full_application, first_application("drafts/")), "draft_list"),
    Page(
        "draft-list-move-on", signed_in_with(at_the_move_on_step, first_application("drafts/")), "draft_list"
    ),
    Page(
        "draft-with-wording-notes",
        signed_in_with(a_draft_with_wording_notes, draft_url),
        "draft_detail",
        use=copy_the_draft,
    ),
    Page("draft-mark-sent-unconfirmed", mark_sent_without_confirming, "draft_sent"),
    Page("draft-sent", signed_in_with(a_sent_draft, draft_url), "draft_detail"),
    Page("call-script", signed_in_with(a_call_script, draft_url), "draft_detail"),
    Page("draft-to-nobody-yet", signed_in_with(a_draft_to_nobody_yet, draft_url), "draft_detail"),
    Page("draft-enclosure-letter", signed_in_with(an_enclosure_with_a_letter, draft_url), "draft_detail"),
    Page("draft-refused", refused_draft, "draft_open"),
    Page(
        "move-on-form",
        signed_in_with(at_the_move_on_step, first_application("move-on/")),
        "application_move_on",
    ),
]

RECORD_PAGES = [
    Page("applications-empty", signed_in_path("/applications/"), "application_list"),
    Page("applications-with-rows", signed_in_with(many_applications, "/applications/"), "application_list"),
    Page(
        "applications-page-2", signed_in_with(many_applications, "/applications/?page=2"), "application_list"
    ),
    Page("application-form", signed_in_path("/applications/new/"), "application_create"),
    Page("application-form-errors", application_form_with_errors, "application_create"),
    Page("application-form-duplicate", application_form_duplicate, "application_create"),
    Page(
        "application-detail", signed_in_with(a_full_application, first_application("")), "application_detail"
    ),
    Page(
        "application-detail-replied",
        signed_in_with(a_replied_application, first_application("")),
        "application_detail",
    ),
    Page(
        "application-detail-closed",
        signed_in_with(a_closed_application, first_application("")),
        "application_detail",
    ),
    Page(
        "application-edit", signed_in_with(a_full_application, first_application("edit/")), "application_edit"
    ),
    Page(
        "application-delete",
        signed_in_with(a_full_application, first_application("delete/")),
        "application_delete",
    ),
    Page(
        "interview-form",
        signed_in_with(a_full_application, first_application("interviews/new/")),
        "interview_create",
    ),
    Page("interview-form-errors", interview_form_with_errors, "interview_create"),
    Page(
        "interview-log",
        signed_in_with(a_full_application, lambda a: f"/interviews/new/?application={a.pk}"),
        "interview_log",
    ),
    Page("interview-log-errors", interview_log_with_errors, "interview_log"),
    Page(
        "interview-edit",
        signed_in_with(a_full_application, lambda a: f"/interviews/{a.interviews.get().pk}/edit/"),
        "interview_edit",
    ),
    Page(
        "interview-delete",
        signed_in_with(a_full_application, lambda a: f"/interviews/{a.interviews.get().pk}/delete/"),
        "interview_delete",
    ),
    Page(
        "follow_up-form",
        signed_in_with(a_full_application, first_application("follow-ups/new/")),
        "follow_up_create",
    ),
    Page(
        "follow_up-edit",
        signed_in_with(a_full_application, lambda a: f"/follow-ups/{a.follow_ups.get().pk}/edit/"),
        "follow_up_edit",
    ),
    Page(
        "follow_up-delete",
        signed_in_with(a_full_application, lambda a: f"/follow-ups/{a.follow_ups.get().pk}/delete/"),
        "follow_up_delete",
    ),
    Page("reply-form", signed_in_with(a_full_application, first_application("replies/new/")), "reply_create"),
    Page(
        "reply-edit",
        signed_in_with(a_replied_application, lambda a: f"/replies/{a.replies.get().pk}/edit/"),
        "reply_edit",
    ),
    Page(
        "reply-delete",
        signed_in_with(a_replied_application, lambda a: f"/replies/{a.replies.get().pk}/delete/"),
        "reply_delete",
    ),
    Page("contacts", signed_in_with(some_contacts, "/contacts/"), "contact_list"),
    Page("contact-form", signed_in_path("/contacts/new/"), "contact_create"),
    Page(
        "contact-edit", signed_in_with(some_contacts, lambda c: f"/contacts/{c[0].pk}/edit/"), "contact_edit"
    ),
    Page(
        "contact-delete",
        signed_in_with(some_contacts, lambda c: f"/contacts/{c[0].pk}/delete/"),
        "contact_delete",
    ),
    Page("recommendations", signed_in_with(recommendation_rows, "/recommendations/"), "recommendations"),
    Page("letter-form", signed_in_path("/letters/new/"), "letter_create"),
    Page(
        "letter-edit",
        signed_in_with(recommendation_rows, lambda letter: f"/letters/{letter.pk}/edit/"),
        "letter_edit",
    ),
    Page(
        "letter-delete",
        signed_in_with(recommendation_rows, lambda letter: f"/letters/{letter.pk}/delete/"),
        "letter_delete",
    ),
    Page("opportunities", signed_in_with(saved_opportunities, "/opportunities/"), "opportunity_list"),
    Page("opportunity-form", signed_in_path("/opportunities/new/"), "opportunity_create"),
    Page(
        "opportunity-edit",
        signed_in_with(saved_opportunities, lambda o: f"/opportunities/{o.pk}/edit/"),
        "opportunity_edit",
    ),
    Page(
        "opportunity-delete",
        signed_in_with(saved_opportunities, lambda o: f"/opportunities/{o.pk}/delete/"),
        "opportunity_delete",
    ),
    Page("dashboard-due", dashboard_with_due_items, "dashboard"),
    Page("pipeline-empty", signed_in_path("/pipeline/"), "pipeline"),
    Page("pipeline", signed_in_with(everything_on_the_dashboard, "/pipeline/"), "pipeline"),
]

DATA_PAGES = [
    Page("calendar-off", signed_in_path("/calendar/"), "calendar_settings"),
    Page(
        "calendar-on",
        signed_in_with(a_calendar_link, "/calendar/"),
        "calendar_settings",
        use=copy_the_calendar_link,
    ),
    Page("export", signed_in_with(a_full_application, "/export/"), "data_export"),
    Page("import-upload", signed_in_with(import_upload_with_history, "/import/"), "data_import"),
    Page("import-preview", import_preview, "import_preview"),
    Page(
        "import-running",
        signed_in_with(a_running_import, job_url),
        "import_job",
        use=poll_the_import_progress,
    ),
    Page("import-done", signed_in_with(a_finished_import, job_url), "import_job"),
]

SHARE_PAGES = [
    Page("share-list-empty", signed_in_path("/coach-sharing/"), "share_list"),
    Page("share-list", signed_in_with(some_shares, "/coach-sharing/"), "share_list"),
    Page("share-form-errors", share_form_with_errors, "share_list"),
    Page("share-new-link", a_new_share, "share_detail"),
    Page("share-detail", signed_in_with(a_share_with_comments, share_url()), "share_detail"),
    Page("share-preview", signed_in_with(a_share_with_comments, share_url("preview/")), "share_preview"),
    Page("coach-page", the_coachs_page, "coach_page", use=open_the_comment_form),
    Page("coach-page-comment-refused", the_coachs_comment_refused, "coach_comment"),
    Page("coach-emails-stop", stop_coach_emails, "coach_emails_stop"),
    Page("coach-emails-stopped", coach_emails_stopped, "coach_emails_stop"),
]

GROUPS = {
    "signed-out": SIGNED_OUT,
    "account": ACCOUNT_PAGES,
    "records": RECORD_PAGES,
    "drafts": DRAFT_PAGES,
    "data": DATA_PAGES,
    "sharing": SHARE_PAGES,
}
CATALOGUE = [entry for group in GROUPS.values() for entry in group]


def visit_each(browser, live_server, entries, checks):
    """Open each entry in its own fresh browser context and run each of ``checks``
    (``(name, check(entry, page))``, in order) on it.

    One database for them all (each entry makes its own user), so a page costs
    a browser context, not a database flush. Besides what the checks assert, a
    page fails on any CSP violation or uncaught JavaScript error, as with the
    ``page`` fixture. Returns what failed, one line per page and check
    ("[page id] check: ..."), so that one broken page or check does not hide the
    next.
    """
    broken = []

    def failed(entry, name, problem):
        message = str(problem).split("\nassert ")[0]  # without pytest's rewritten-assertion detail
        broken.append(f"[{entry.id}] {name}: {type(problem).__name__}: {message}")

    for entry in entries:
        cache.clear()  # allauth's rate limits: each page is a first visit
        errors = BrowserErrors()
        page = new_page(browser, errors)
        try:
            try:
                entry.open(page, live_server.url, signer_in(page, live_server))
            except Exception as problem:
                failed(entry, "opening the page", problem)
                continue
            for name, check in checks:
                try:
                    check(entry, page)
                except Exception as problem:
                    failed(entry, name, problem)
            url = page.url
            page.context.close()  # also delivers any events still in flight
            if errors.csp_violations():
                broken.append(
                    f"[{entry.id}] CSP: violations on {url}:\n" + "\n".join(errors.csp_violations())
                )
            if errors.uncaught:
                broken.append(f"[{entry.id}] JavaScript errors on {url}:\n" + "\n".join(errors.uncaught))
        finally:
            page.context.close()
    return broken


# --- What is deliberately not in the catalogue, and why -------------------------------------
#
# test_csp.py checks each reason against the server (a POST-only view really
# answers a GET with 405, a download really is not HTML, a password page really
# is gone).

POST_ONLY = "only accepts POST; a GET answers 405"
NOT_A_PAGE = "not an HTML page"
NO_PASSWORDS = "Easy Access has no passwords: config.urls answers 404 before allauth's view"

EXCLUDED = {
    "healthz": f"{NOT_A_PAGE}: the plain-text liveness probe",
    "letter_file": f"{NOT_A_PAGE}: the uploaded letter itself, downloaded",
    "calendar_feed": f"{NOT_A_PAGE}: the iCalendar feed for calendar apps",
    "interview_ics": f"{NOT_A_PAGE}: one interview as an .ics download",
    "data_export_download": f"{NOT_A_PAGE}: the ZIP download",
    "import_status": f"{NOT_A_PAGE}: JSON polled by static/js/exports.js (used on import-running)",
    "opportunity_star": POST_ONLY,
    "draft_call": POST_ONLY,
    "draft_recipient_add": POST_ONLY,
    "calendar_create": POST_ONLY,
    "calendar_regenerate": POST_ONLY,
    "calendar_revoke": POST_ONLY,
    "share_revoke": POST_ONLY,
    "share_new_link": POST_ONLY,
    "account_reauthenticate": NO_PASSWORDS,
    "account_change_password": NO_PASSWORDS,
    "account_set_password": NO_PASSWORDS,
    "account_reset_password": NO_PASSWORDS,
    "account_reset_password_done": NO_PASSWORDS,
    "account_reset_password_from_key": NO_PASSWORDS,
    "account_reset_password_from_key_done": NO_PASSWORDS,
    # config.urls' own catch-alls for the above.
    "^accounts/password/": NO_PASSWORDS,
    "accounts/reauthenticate/": NO_PASSWORDS,
}
# Whole namespaces left out.
EXCLUDED_NAMESPACES = {
    "admin": "Django's own admin for operators, with Django's templates: not a page of the product",
}
