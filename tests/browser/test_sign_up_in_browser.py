"""Easy Access in a real browser: sign up, log out and log back in with emailed codes only."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.conftest import latest_code, new_page

pytestmark = pytest.mark.browser


def nav(page):
    return page.get_by_role("navigation", name="Main")


def ask_for_code(page, email, *, lands_on):
    """Fill in the email-only form (sign up or log in) and arrive at the code page."""
    assert page.locator("input[type=password]").count() == 0
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Email me a code").click()
    expect(page).to_have_url(lands_on)
    assert mail.outbox[-1].to == [email]


def enter_code(page, code):
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()


def test_new_user_signs_up_and_logs_back_in_with_emailed_codes(page, live_server):
    base = live_server.url
    email = "grace.hopper@example.com"

    # Sign up: the email address is all the form asks for.
    page.goto(base + "/")
    nav(page).get_by_role("link", name="Sign up", exact=True).click()
    expect(page).to_have_url(base + "/accounts/signup/")
    ask_for_code(page, email, lands_on=base + "/accounts/confirm-email/")
    assert len(mail.outbox) == 1
    enter_code(page, latest_code())

    expect(page).to_have_url(base + "/dashboard/")
    expect(page.get_by_role("main")).to_contain_text(email)

    # Log out (a POST from the nav), then back in with a fresh code.
    nav(page).get_by_role("button", name="Log out").click()
    expect(page).to_have_url(base + "/")
    expect(nav(page).get_by_role("button", name="Log out")).to_have_count(0)

    nav(page).get_by_role("link", name="Log in", exact=True).click()
    expect(page).to_have_url(base + "/accounts/login/")
    ask_for_code(page, email, lands_on=base + "/accounts/login/code/confirm/")
    assert len(mail.outbox) == 2, "the login code must come in a new email"
    enter_code(page, latest_code())

    expect(page).to_have_url(base + "/dashboard/")
    expect(page.get_by_role("main")).to_contain_text(email)


@pytest.fixture
def page_in_chicago(browser, browser_errors):
    """A browser whose device is set to Central Time."""
    page = new_page(browser, browser_errors, timezone_id="America/Chicago")
    yield page
    page.context.close()
    assert not browser_errors.csp_violations()
    assert not browser_errors.uncaught


def test_sign_up_saves_the_browsers_own_time_zone(page_in_chicago, live_server):
    page = page_in_chicago
    base = live_server.url
    email = "rosa.chicago@example.com"
    page.goto(base + "/accounts/signup/")
    # static/js/time-zone.js filled the hidden field before anything was typed.
    expect(page.locator("input[name=time_zone]")).to_have_value("America/Chicago")
    ask_for_code(page, email, lands_on=base + "/accounts/confirm-email/")
    enter_code(page, latest_code())

    expect(page).to_have_url(base + "/dashboard/")
    expect(page.get_by_role("main")).to_contain_text("Reminders come at 8:00 AM Central Time.")
    user = User.objects.get(email=email)
    assert (user.time_zone, user.time_zone_confirmed) == ("America/Chicago", True)


def test_without_javascript_the_first_page_asks_for_the_zone(browser, browser_errors, live_server):
    page = new_page(browser, browser_errors, timezone_id="America/Chicago", java_script_enabled=False)
    base = live_server.url
    email = "no.script@example.com"
    try:
        page.goto(base + "/accounts/signup/")
        ask_for_code(page, email, lands_on=base + "/accounts/confirm-email/")
        enter_code(page, latest_code())

        expect(page).to_have_url(re.compile(r"/profile/time-zone/\?next="))
        expect(page.get_by_role("heading", level=1)).to_have_text("Where are you?")
        assert User.objects.get(email=email).time_zone_confirmed is False
        page.get_by_role("button", name="Mountain Time (Denver)").click()

        expect(page).to_have_url(base + "/dashboard/")
        expect(page.get_by_role("main")).to_contain_text("Reminders come at 8:00 AM Mountain Time.")
        assert User.objects.get(email=email).time_zone == "America/Denver"
    finally:
        page.context.close()


def test_phone_sized_nav_collapses_behind_a_toggler_that_opens_it(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    toggler = nav(page).get_by_role("button", name="Toggle navigation")
    log_in = nav(page).get_by_role("link", name="Log in", exact=True)
    sign_up = nav(page).get_by_role("link", name="Sign up", exact=True)

    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(log_in).to_be_hidden()
    expect(sign_up).to_be_hidden()

    # Opening it needs Bootstrap's JavaScript, served from our own origin
    # under the strict CSP.
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(log_in).to_be_visible()
    expect(sign_up).to_be_visible()


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page, live_server):
    page.goto(live_server.url + "/")
    skip_link = page.get_by_role("link", name="Skip to main content")
    # Visually hidden (a 1px clipped box) until it has focus.
    assert skip_link.bounding_box()["width"] <= 1

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    assert skip_link.bounding_box()["width"] > 1

    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"#main$"))


def test_inline_script_is_refused_by_the_content_security_policy(page, live_server, browser_errors):
    """The CSP header is enforced, and the page fixture's guard notices a violation."""
    page.goto(live_server.url + "/")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.inlineScriptRan = true";
                document.head.appendChild(script);
            }"""
        )
    assert page.evaluate("() => window.inlineScriptRan") is None
    assert browser_errors.csp_violations(), "the page fixture did not record the CSP violation"
    browser_errors.clear()  # seen and expected; don't fail this test for it
