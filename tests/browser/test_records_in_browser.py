"""Records in a real browser: log an application and its interview, see the
follow-up it leads to, on a laptop-sized and a phone-sized screen; star a
saved opportunity.

Dates are computed from the real current date in the user's time zone (the
live server uses the real clock too), so the interview and the promised date
are always in the past and the first follow-up is always due.
"""

import datetime as dt
import re
import time

import pytest
from playwright.sync_api import expect

from applications.models import Application, Interview, Opportunity
from plans import rules
from tests.browser.dates import USER_ZONE, local_today, past_weekday

pytestmark = pytest.mark.browser

# "Log an interview in under a minute" is a promise to a person typing. The
# browser types instantly, so the machine's share of that minute (page loads,
# redirects, saves) must leave most of it to the person.
MACHINE_BUDGET_SECONDS = 30
PHONE = {"width": 390, "height": 844}


def nav(page):
    return page.get_by_role("navigation", name="Main")


def long_date(day):
    """As the application page shows it ("l, F j, Y": Monday, November 30, 2026)."""
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def short_date(day):
    """As lists and the dashboard show it ("D, M j, Y": Mon, Nov 30, 2026)."""
    return f"{day:%a}, {day:%b} {day.day}, {day.year}"


class Dates:
    """An interview two weeks ago whose promised answer date has passed."""

    def __init__(self):
        self.today = local_today()
        self.interview = past_weekday(14)
        self.promised = self.interview + dt.timedelta(days=3)
        self.due = rules.next_business_day(self.promised)
        self.days_overdue = (self.today - self.due).days
        # At most four days of weekend and holidays follow any date, so this
        # always holds; it guards the arithmetic above, not the app.
        assert self.promised < self.today and self.due < self.today


def fill_application(page, *, company, role):
    expect(page.get_by_role("heading", name="Log an application")).to_be_visible()
    page.get_by_role("textbox", name="Company").fill(company)  # not the "Company's time zone" list
    page.get_by_label("Role").fill(role)
    page.get_by_role("button", name="Save").click()


def fill_interview(page, dates):
    expect(page.get_by_role("heading", name=re.compile(r"^Log an interview"))).to_be_visible()
    page.get_by_label("Date").fill(dates.interview.isoformat())
    page.get_by_label("Time").fill("14:30")
    page.get_by_role("group", name="Format").get_by_label("Phone").check()
    page.get_by_role("group", name="How it went").get_by_label("Went well").check()
    page.get_by_role("group", name="Did you ask when you'd hear back?").get_by_label("Yes").check()
    page.get_by_label("They promised an answer by").fill(dates.promised.isoformat())
    page.get_by_label("Notes").fill("Panel of two; they said they would decide within the week.")
    page.get_by_role("button", name="Save interview").click()


def expect_saved_application_page(page, base, *, company, role):
    application = Application.objects.get(company=company, role=role)
    expect(page).to_have_url(base + application.get_absolute_url())
    expect(page.get_by_text("Application saved.")).to_be_visible()
    expect(page.get_by_role("heading", name=role, level=1)).to_be_visible()
    return application


def expect_plan(page, base, application, dates):
    expect(page).to_have_url(base + application.get_absolute_url())
    expect(page.get_by_text("Interview saved.")).to_be_visible()
    plan = page.get_by_role("region", name="Your follow-up plan")
    expect(plan).to_contain_text(f"First follow-up — {long_date(dates.due)}")
    expect(plan.get_by_text(long_date(dates.due))).to_be_visible()
    expect(plan).to_contain_text("and that day has passed")
    timeline = page.get_by_role("main")
    # In the user's own zone, as typed; not the server's UTC.
    expect(timeline).to_contain_text(f"Phone interview — {short_date(dates.interview)}, 2:30 PM")
    expect(timeline).to_contain_text(f"Answer promised by {short_date(dates.promised)}")


def expect_due_on_dashboard(page, *, company, role, dates):
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    due = page.get_by_role("region", name="To do today")
    row = due.get_by_role("listitem").filter(has=page.get_by_role("link", name=f"{role} at {company}"))
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"First follow-up · due {short_date(dates.due)}")
    days = dates.days_overdue
    expect(row).to_contain_text(f"{days} day{'s' if days != 1 else ''} overdue")
    expect(row.get_by_text(short_date(dates.due))).to_be_visible()


def assert_no_sideways_scrolling(page):
    """On a phone, nothing should make the page wider than the screen."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (
        f"{page.url} scrolls sideways: {widths[0]}px of content in a {widths[1]}px window"
    )


def test_log_an_application_and_interview_then_see_the_follow_up_due(page, live_server, sign_in):
    base = live_server.url
    user = sign_in(time_zone=USER_ZONE)
    dates = Dates()
    company, role = "Northwind Logistics", "Operations Manager"

    page.goto(base + "/dashboard/")
    expect(page.get_by_role("region", name="To do today")).to_contain_text("Nothing is due today.")

    started = time.monotonic()
    page.get_by_role("main").get_by_role("link", name="Log an application").click()
    fill_application(page, company=company, role=role)
    application = expect_saved_application_page(page, base, company=company, role=role)
    page.get_by_role("link", name="Log an interview").click()
    fill_interview(page, dates)
    expect(page.get_by_text("Interview saved.")).to_be_visible()
    elapsed = time.monotonic() - started
    print(f"application + interview logged in {elapsed:.2f} s")
    assert elapsed < MACHINE_BUDGET_SECONDS, f"logging took {elapsed:.1f} s of the minute before anyone typed"

    expect_plan(page, base, application, dates)
    interview = Interview.objects.get(application=application)
    assert interview.starts_at == dt.datetime.combine(dates.interview, dt.time(14, 30), tzinfo=user.zoneinfo)
    assert (interview.format, interview.rapport, interview.asked_about_timing) == ("phone", "went_well", True)
    assert interview.promised_on == dates.promised

    nav(page).get_by_role("link", name="Today").click()
    expect(page).to_have_url(base + "/dashboard/")
    expect_due_on_dashboard(page, company=company, role=role, dates=dates)


def test_the_same_flow_on_a_phone(page, live_server, sign_in):
    base = live_server.url
    sign_in(time_zone=USER_ZONE)
    dates = Dates()
    company, role = "Contoso Energy", "Field Technician"
    page.set_viewport_size(PHONE)

    page.goto(base + "/dashboard/")
    toggler = nav(page).get_by_role("button", name="Toggle navigation")
    applications_link = nav(page).get_by_role("link", name="Applications")
    expect(toggler).to_be_visible()
    expect(applications_link).to_be_hidden()
    assert_no_sideways_scrolling(page)

    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    applications_link.click()
    expect(page).to_have_url(base + "/applications/")
    expect(page.get_by_role("heading", name="Applications", level=1)).to_be_visible()
    expect(applications_link).to_be_hidden()  # a new page starts with the menu closed
    assert_no_sideways_scrolling(page)

    page.get_by_role("main").get_by_role("link", name="Log an application").click()
    assert_no_sideways_scrolling(page)
    fill_application(page, company=company, role=role)
    application = expect_saved_application_page(page, base, company=company, role=role)
    assert_no_sideways_scrolling(page)

    page.get_by_role("link", name="Log an interview").click()
    assert_no_sideways_scrolling(page)
    fill_interview(page, dates)
    expect_plan(page, base, application, dates)
    assert_no_sideways_scrolling(page)

    toggler.click()
    nav(page).get_by_role("link", name="Today").click()
    expect(page).to_have_url(base + "/dashboard/")
    expect_due_on_dashboard(page, company=company, role=role, dates=dates)
    assert_no_sideways_scrolling(page)


def test_star_toggle_on_a_saved_opportunity(page, live_server, sign_in):
    base = live_server.url
    user = sign_in(time_zone=USER_ZONE)
    title = "Logistics Coordinator"

    page.goto(base + "/dashboard/")
    nav(page).get_by_role("link", name="Saved jobs and schools").click()
    expect(page).to_have_url(base + "/opportunities/")
    page.get_by_role("link", name="Save an opportunity").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Organization").fill("Tailspin Freight")
    page.get_by_role("button", name="Save opportunity").click()
    expect(page).to_have_url(base + "/opportunities/")
    expect(page.get_by_text("Opportunity saved.")).to_be_visible()

    star = page.get_by_role("button", name=f"Star {title}")
    expect(star).to_have_attribute("aria-pressed", "false")
    star.click()
    expect(page).to_have_url(base + "/opportunities/")
    expect(star).to_have_attribute("aria-pressed", "true")
    assert Opportunity.objects.get(owner=user, title=title).starred

    star.click()
    expect(star).to_have_attribute("aria-pressed", "false")
    assert not Opportunity.objects.get(owner=user, title=title).starred


def test_logging_the_same_opening_twice_asks_before_saving_a_second(page, live_server, sign_in):
    base = live_server.url
    user = sign_in(time_zone=USER_ZONE)
    company, role = "Northwind Logistics", "Operations Manager"
    Application.objects.create(owner=user, company=company, role=role)

    page.goto(base + "/applications/new/")
    page.get_by_role("textbox", name="Company").fill(company)
    page.get_by_role("textbox", name="Role").fill(role.lower())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"You already have an open application for {role} at {company}. "
        "If this is a different opening, tick the box below and save again."
    )
    # The box must say what ticking it means, in the words the message uses.
    confirm = page.get_by_role("checkbox", name="Yes, this is a different opening")
    expect(confirm).to_be_visible()
    confirm.check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Application saved.")).to_be_visible()
    assert Application.objects.filter(owner=user, company=company).count() == 2
