"""WCAG 2.1 A/AA checks with axe-core on every page a user can reach today,
signed out and signed in (with and without records on the page).

axe-core is vendored (vendor/axe-core, see its README.txt) and injected with
``page.evaluate``: scripts evaluated through the DevTools protocol are not
subject to the page's Content-Security-Policy, whereas ``add_script_tag``
would insert an inline/foreign <script> that the CSP (rightly) refuses.

A page fails on any violation of impact "serious" or "critical". Lesser
findings are printed (see them with ``pytest -rP``) but do not fail.
"""
import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import expect

from applications import rules
from applications.choices import ContactRole, Influence, OpportunityKind, Rapport, ReplyOutcome, Status, TouchChannel
from applications.models import Application, Contact, Interview, Letter, Opportunity, Reply, Touch
from outreach.draft_services import draft_open

pytestmark = pytest.mark.browser

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
RUN_AXE = """async (tags) => await axe.run(document, {runOnly: {type: "tag", values: tags}})"""


@cache
def axe_source():
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page):
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert results["passes"], "axe ran no passing checks at all; is it really running?"
    return results


def describe(violations, nodes_shown=3):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}] {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:nodes_shown]:
            target = " >> ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > nodes_shown:
            lines.append(f"    ... and {len(violation['nodes']) - nodes_shown} more")
    return "\n".join(lines)


# --- The pages, each reached the way a user reaches it -----------------------


def open_path(path):
    def open_page(page, base, sign_in):
        response = page.goto(base + path)
        assert response.ok, f"{path} answered {response.status}"

    return open_page


def code_page_after(form_path, code_path):
    def open_code_page(page, base, sign_in):
        page.goto(base + form_path)
        page.get_by_label("Email").fill("someone.new@example.com")
        page.get_by_role("button", name="Email me a code").click()
        expect(page).to_have_url(base + code_path)
        expect(page.get_by_label("Code")).to_be_visible()

    return open_code_page


signup_submitted = code_page_after("/accounts/signup/", "/accounts/confirm-email/")
login_submitted = code_page_after("/accounts/login/", "/accounts/login/code/confirm/")


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
    # static/js/profile.js offers the device's zone (the context's Europe/Berlin).
    expect(page.locator("#browser-time-zone")).to_be_visible()


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
    application, *, days_ago, promised_in=None, rapport=Rapport.NEUTRAL, touches_days_ago=(), interviewers=()
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
    for touch_days_ago in touches_days_ago:
        Touch.objects.create(
            application=application, channel=TouchChannel.EMAIL,
            happened_at=at_noon(user, local_today(user) - dt.timedelta(days=touch_days_ago)),
        )
    application.status = Status.FOLLOWED_UP if touches_days_ago else Status.WAITING
    application.save(update_fields=["status"])
    application.refresh_plan()
    return application


def some_contacts(user, company="Northwind Logistics"):
    return [
        Contact.objects.create(
            owner=user, name="Dana Reyes", company=company, title="Talent Partner",
            role=ContactRole.RECRUITER, work_email="dana.reyes@northwind.example",
        ),
        Contact.objects.create(
            owner=user, name="Sam Okafor", company=company, title="Director of Operations",
            role=ContactRole.HIRING_MANAGER, work_phone="+1 202 555 0142",
        ),
        # Personal channels only: listed, never used for outreach.
        Contact.objects.create(
            owner=user, name="Lee Park", company=company, role=ContactRole.INTERVIEWER,
            personal_email="lee@home.example",
        ),
        Contact.objects.create(
            owner=user, name="Col. (ret.) Maria Alvarez", company="Army Reserve", title="Former commander",
            role=ContactRole.NETWORK, influence=Influence.HIGH, work_email="maria.alvarez@reserve.example",
        ),
    ]


def a_full_application(user):
    """One with contacts at the company, an interview with them, a follow-up and notes."""
    contacts = some_contacts(user)
    application = an_application(
        user, posting_url="https://careers.northwind.example/jobs/42", source="Hiring Our Heroes fair",
        notes="Ask about the night-shift rotation.",
    )
    return interviewed(
        application, days_ago=20, promised_in=5, rapport=Rapport.WENT_WELL,
        touches_days_ago=(8,), interviewers=contacts[:2],
    )


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
    interviewed(an_application(user, company="Contoso Energy", role="Field Technician"), days_ago=3, promised_in=7)
    Application.objects.bulk_create(
        Application(owner=user, company=f"Company {n:02}", role="Logistics Coordinator", applied_on=local_today(user))
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


def recommendation_rows(user):
    some_contacts(user)
    # The page lists letters without opening their files, so no file is written.
    Letter.objects.create(
        owner=user, title="Letter from my battalion commander", author="Lt. Col. J. Smith",
        job_kind="Operations and logistics", file="letters/example.pdf",
        original_name="commander.pdf", content_type="application/pdf",
    )
    Letter.objects.create(
        owner=user, title="Reference from the motor pool", author="SFC R. Jones", file="letters/b.docx"
    )


def saved_opportunities(user):
    Opportunity.objects.create(
        owner=user, kind=OpportunityKind.JOB, title="Logistics Coordinator", organization="Tailspin Freight",
        link="https://jobs.tailspin.example/postings/logistics-coordinator-night-shift-2026", starred=True,
        note="Night shift; pays a differential.",
    )
    Opportunity.objects.create(
        owner=user, kind=OpportunityKind.SCHOOL, title="Supply chain certificate", organization="Community college"
    )
    Opportunity.objects.create(owner=user, kind=OpportunityKind.FRANCHISE, title="Moving company franchise")


def everything_on_the_dashboard(user):
    """Overdue, due today (on a business day), upcoming, promised this week,
    no date given, and time to let go."""
    today = local_today(user)
    interviewed(an_application(user, company="Overdue Corp", role="Planner"), days_ago=20, promised_in=4)
    if rules.is_business_day(today):
        # Promised yesterday: the first business day after it is today.
        interviewed(an_application(user, company="Due Today Inc", role="Analyst"), days_ago=3, promised_in=2)
    interviewed(an_application(user, company="Soon Ltd", role="Coordinator"), days_ago=1, promised_in=3)
    interviewed(an_application(user, company="Silent Co", role="Supervisor"), days_ago=30)
    interviewed(
        an_application(user, company="Uneasy LLC", role="Technician"),
        days_ago=40, promised_in=3, rapport=Rapport.UNEASY, touches_days_ago=(30,),
    )
    closed = an_application(user, company="Offer Co", role="Manager", status=Status.OFFER)
    Reply.objects.create(application=closed, outcome=ReplyOutcome.OFFER, received_at=at_noon(user, today))


def dashboard_with_due_items(page, base, sign_in):
    signed_in_with(everything_on_the_dashboard, "/dashboard/")(page, base, sign_in)
    due = page.get_by_role("region", name="Follow up today")
    expect(due.get_by_text("overdue").first).to_be_visible()
    expect(page.get_by_role("region", name="Time to let go")).to_be_visible()
    expect(page.get_by_role("region", name="No date given — ask next time")).to_be_visible()
    expect(page.get_by_role("region", name="Follow-ups coming up").get_by_role("listitem")).not_to_have_count(0)


def first_application(suffix):
    return lambda application: f"/applications/{application.pk}/{suffix}"


# --- Outreach drafts ------------------------------------------------------------------


def at_the_move_on_step(user):
    """Two follow-ups sent and unanswered: the draft list refuses a third."""
    some_contacts(user)
    return interviewed(an_application(user), days_ago=30, promised_in=3, touches_days_ago=(20, 12))


def a_draft_with_wording_notes(user):
    draft = draft_open(application=a_full_application(user), kind="status_request")
    draft.body = draft.body.replace(
        "I hope your week is going well.",
        "I never heard back and I'm frustrated. As NCOIC of a platoon I wrote the SOP. Please reply ASAP!!",
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
        Touch.objects.create(application=application, happened_at=at_noon(user, local_today(user) - dt.timedelta(days=days_ago)))
    application.refresh_plan()
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name=re.compile(r"Open the draft\s*:\s*Status request")).click()
    assert answer.value.status == 409
    expect(page.get_by_role("heading", name="Not this message")).to_be_visible()


DRAFT_PAGES = [
    pytest.param(signed_in_with(a_full_application, first_application("drafts/")), id="draft-list"),
    pytest.param(signed_in_with(at_the_move_on_step, first_application("drafts/")), id="draft-list-move-on"),
    pytest.param(signed_in_with(a_draft_with_wording_notes, draft_url), id="draft-with-wording-notes"),
    pytest.param(mark_sent_without_confirming, id="draft-mark-sent-unconfirmed"),
    pytest.param(signed_in_with(a_call_script, draft_url), id="call-script"),
    pytest.param(refused_draft, id="draft-refused"),
    pytest.param(signed_in_with(at_the_move_on_step, first_application("move-on/")), id="move-on-form"),
]


RECORD_PAGES = [
    pytest.param(signed_in_path("/applications/"), id="applications-empty"),
    pytest.param(signed_in_with(many_applications, "/applications/"), id="applications-with-rows"),
    pytest.param(signed_in_with(many_applications, "/applications/?page=2"), id="applications-page-2"),
    pytest.param(signed_in_path("/applications/new/"), id="application-form"),
    pytest.param(application_form_with_errors, id="application-form-errors"),
    pytest.param(application_form_duplicate, id="application-form-duplicate"),
    pytest.param(signed_in_with(a_full_application, first_application("")), id="application-detail"),
    pytest.param(signed_in_with(a_full_application, first_application("interviews/new/")), id="interview-form"),
    pytest.param(interview_form_with_errors, id="interview-form-errors"),
    pytest.param(signed_in_with(a_full_application, first_application("follow-ups/new/")), id="touch-form"),
    pytest.param(signed_in_with(a_full_application, first_application("replies/new/")), id="reply-form"),
    pytest.param(signed_in_with(some_contacts, "/contacts/"), id="contacts"),
    pytest.param(signed_in_path("/contacts/new/"), id="contact-form"),
    pytest.param(signed_in_with(recommendation_rows, "/recommendations/"), id="recommendations"),
    pytest.param(signed_in_path("/letters/new/"), id="letter-form"),
    pytest.param(signed_in_with(saved_opportunities, "/opportunities/"), id="opportunities"),
    pytest.param(signed_in_path("/opportunities/new/"), id="opportunity-form"),
    pytest.param(signed_in_with(a_full_application, first_application("delete/")), id="application-delete"),
    pytest.param(dashboard_with_due_items, id="dashboard-due"),
    *DRAFT_PAGES,
]


PAGES = [
    pytest.param(open_path("/"), id="home"),
    pytest.param(open_path("/accounts/signup/"), id="signup"),
    pytest.param(open_path("/accounts/login/"), id="login"),
    pytest.param(open_path("/guide/"), id="guide"),
    pytest.param(signup_submitted, id="signup-code-entry"),
    pytest.param(login_submitted, id="login-code-entry"),
    pytest.param(signup_with_invalid_email, id="signup-invalid-email"),
    # A user still on UTC also sees the "set your time zone" warning.
    pytest.param(signed_in_path("/dashboard/", time_zone="UTC"), id="dashboard"),
    pytest.param(profile_shows_the_device_time_zone, id="profile"),
    pytest.param(signed_in_path("/profile/delete/"), id="profile-delete"),
    pytest.param(profile_with_invalid_wait, id="profile-invalid-wait"),
    *RECORD_PAGES,
]


@pytest.mark.parametrize("open_page", PAGES)
def test_page_has_no_serious_accessibility_violations(page, live_server, sign_in, open_page):
    open_page(page, live_server.url, sign_in)
    results = run_axe(page)

    violations = results["violations"]
    minor = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if minor:
        print(f"axe {results['testEngine']['version']}, lesser findings on {page.url}:\n{describe(minor)}")
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not serious, f"axe found serious/critical WCAG problems on {page.url}:\n{describe(serious)}"
