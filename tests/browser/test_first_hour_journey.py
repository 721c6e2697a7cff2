"""Issue 14's "done means", as a newcomer lives it: on a phone in Chicago, sign up with
only an email, log yesterday's interview (the interviewer's work email included) on
one page in one submission, and see at a glance what to do and when: the thank-you
first, then the promised answer awaited, then, on the follow-up's day, one button that
opens the follow-up addressed to that interviewer by name.

Everything asserted is what the user sees on the screen. The server's clock moves
forward (time_machine, in this process, where the live server runs) to the follow-up's
day; the browser only reloads."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from plans import rules
from tests.browser.conftest import latest_code, new_page

pytestmark = pytest.mark.browser

CHICAGO = ZoneInfo("America/Chicago")


def short(day):
    """As the pages write a day: "Thu, Dec 3"."""
    return f"{day:%a}, {day:%b} {day.day}"


def long(day):
    """As Today's heading writes it: "Monday, November 30, 2026"."""
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


@pytest.fixture
def phone_in_chicago(browser, browser_errors):
    """A phone-sized touch screen whose device clock is set to Central Time."""
    page = new_page(
        browser,
        browser_errors,
        timezone_id="America/Chicago",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    yield page
    page.context.close()
    assert not browser_errors.csp_violations(), browser_errors.csp_violations()
    assert not browser_errors.uncaught, browser_errors.uncaught


def chosen_recipient(page):
    return page.get_by_label("To", exact=True).locator("option:checked")


def go_to_today(page):
    """Through the phone's collapsed menu, as a user would."""
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name="Toggle navigation").tap()
    nav.get_by_role("link", name="Today", exact=True).tap()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()


def test_a_newcomer_on_a_phone_logs_yesterdays_interview_and_sees_what_to_do_and_when(
    phone_in_chicago, live_server
):
    page, base = phone_in_chicago, live_server.url
    today = dt.datetime.now(CHICAGO).date()
    yesterday = today - dt.timedelta(days=1)
    promised = today + dt.timedelta(days=3)
    follow_up_day = rules.next_business_day(promised)

    # --- Sign up with nothing but an email address ------------------------------------
    page.goto(base + "/")
    page.get_by_role("link", name="Sign up with your email").tap()
    expect(page.locator("input[type=password]")).to_have_count(0)
    page.get_by_label("Email").fill("jordan.lee@example.com")
    page.get_by_role("button", name="Email me a code").tap()
    expect(page.get_by_label("Code")).to_be_visible()
    assert mail.outbox[-1].to == ["jordan.lee@example.com"]
    page.get_by_label("Code").fill(latest_code())
    page.get_by_role("button", name="Confirm").tap()

    # Today, in the phone's own zone from the first minute.
    expect(page).to_have_url(base + "/dashboard/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Reminders come at 8:00 AM Central Time.")
    expect(main).to_contain_text(long(today))  # Chicago's date, not UTC's

    # --- "I had an interview": one page, one submission ---------------------------------
    page.get_by_role("link", name="I had an interview").tap()
    expect(page.get_by_role("heading", name="I had an interview", level=1)).to_be_visible()
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))

    page.get_by_label("Company").fill("Fabrikam Freight")
    page.get_by_label("Role").fill("Dispatch Supervisor")
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_label("Time (Central Time)").fill("14:30")  # the zone is named on the form
    page.get_by_role("group", name="Format").get_by_label("Video").check()
    page.get_by_role("group", name="How it went").get_by_label("Went well").check()
    page.get_by_role("group", name="Did you ask when you'd hear back?").get_by_label("Yes").check()
    page.get_by_label("They promised an answer by").fill(promised.isoformat())
    interviewer = page.get_by_role("group", name="Interviewer 1")
    interviewer.get_by_label("Name").fill("Dana Reyes")
    interviewer.get_by_label("Job title").fill("Operations Director")
    interviewer.get_by_label("Work email").fill("dana.reyes@fabrikam.example")
    page.get_by_role("button", name="Save interview").tap()

    # The application's page: what happened, what comes next and when.
    expect(page.get_by_text("Interview saved.")).to_be_visible()
    assert posts == [base + "/interviews/new/"], posts  # one submission, nothing else posted
    expect(page.get_by_role("heading", name="Dispatch Supervisor", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Where it stands")).to_contain_text("Thank-you due today")
    plan = page.get_by_role("region", name="Your follow-up plan")
    expect(plan).to_contain_text(f"They said they'd answer by {short(promised)}.")
    expect(plan).to_contain_text(f"Your follow-up will be ready {short(follow_up_day)}.")
    expect(page.get_by_text("With Dana Reyes")).to_be_visible()

    # --- Today: the thank-you is the one thing to do, and the promised day is in view ---
    go_to_today(page)
    to_do = page.get_by_role("region", name="To do today")
    expect(to_do.get_by_role("heading", level=3)).to_have_count(1)  # one application
    expect(to_do).to_contain_text("Dispatch Supervisor at Fabrikam Freight")
    expect(to_do).to_contain_text(f"Then: Their answer, promised by {short(promised)}.")
    expect(to_do.get_by_role("button")).to_have_count(1)
    to_do.get_by_role("button", name="Send the thank-you for Dispatch Supervisor at Fabrikam Freight").tap()

    expect(page.get_by_role("heading", name="Thank-you note", level=1)).to_be_visible()
    expect(chosen_recipient(page)).to_have_text("Dana Reyes, Fabrikam Freight")
    expect(page.get_by_label("Body")).to_have_value(re.compile(r"^Dear Dana,"))
    page.get_by_role("button", name="Mark as sent").tap()
    expect(page.get_by_text("Marked as sent.")).to_be_visible()

    # Nothing to do now; the answer is awaited, by the promised day.
    go_to_today(page)
    expect(page.get_by_role("region", name="To do today")).to_contain_text("Nothing is due today.")
    waiting = page.get_by_role("region", name="Waiting")
    expect(waiting).to_contain_text("Dispatch Supervisor at Fabrikam Freight")
    expect(waiting).to_contain_text(f"Their answer, promised by {short(promised)}")

    # --- The follow-up's day, 9:00 AM in Chicago: no answer came ------------------------
    with time_machine.travel(dt.datetime.combine(follow_up_day, dt.time(9), tzinfo=CHICAGO)):
        page.reload()
        expect(page.get_by_role("main")).to_contain_text(long(follow_up_day))
        to_do = page.get_by_role("region", name="To do today")
        expect(to_do.get_by_role("heading", level=3)).to_have_count(1)  # one application
        expect(to_do).to_contain_text(f"First follow-up · due {short(follow_up_day)}, {follow_up_day.year}")
        expect(to_do.get_by_role("button")).to_have_count(1)  # one primary action
        expect(page.get_by_role("region", name="Waiting")).to_contain_text("Nothing you're waiting on.")
        to_do.get_by_role("button", name=re.compile(r"^Write the follow-up for Dispatch Supervisor")).tap()

        # The draft, addressed to the interviewer by name at her work address.
        expect(page).to_have_url(re.compile(r"/drafts/\d+/$"))
        expect(chosen_recipient(page)).to_have_text("Dana Reyes, Fabrikam Freight")
        expect(page.get_by_label("Body")).to_have_value(re.compile(r"^Hi Dana,"))
        expect(page.get_by_text("It opens to Dana Reyes at dana.reyes@fabrikam.example")).to_be_visible()
        mailto = page.get_by_role("link", name="Open in my email app").get_attribute("href")
        assert mailto.startswith("mailto:dana.reyes@fabrikam.example?"), mailto
