"""The calendar page in a real browser: make a link, copy it, replace it, turn it
off; and no serious axe-core violation on the page in either state."""

import pytest
from playwright.sync_api import expect

from feeds.models import CalendarFeed
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


def test_make_copy_replace_and_turn_off_the_calendar_link(page, live_server, sign_in):
    user = sign_in(time_zone="America/New_York")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + "/calendar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dates in your own calendar")
    assert_accessible(page)

    page.get_by_role("button", name="Create my calendar link").click()
    expect(page.get_by_role("status").first).to_contain_text("Your calendar link is ready")
    feed = CalendarFeed.objects.get(owner=user)
    link = page.get_by_label("Calendar link")
    expect(link).to_have_value(feed.url)
    expect(page.get_by_role("link", name="Subscribe on this device")).to_have_attribute(
        "href", feed.webcal_url
    )
    assert_accessible(page)

    # static/js/copy.js shows the button and copies the link.
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Link copied.")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == feed.url

    # The feed itself answers without a session.
    answer = page.context.request.get(live_server.url + feed.get_absolute_url())
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/calendar")

    page.get_by_role("button", name="Make a new link (the old one stops working)").click()
    expect(page.get_by_role("status").first).to_contain_text("The old one no longer works")
    new_feed = CalendarFeed.objects.get(owner=user)
    assert new_feed.token != feed.token
    expect(page.get_by_label("Calendar link")).to_have_value(new_feed.url)
    assert page.context.request.get(live_server.url + feed.get_absolute_url()).status == 404

    page.get_by_role("button", name="Turn the link off").click()
    expect(page.get_by_role("status").first).to_contain_text("Calendar link turned off")
    expect(page.get_by_role("button", name="Create my calendar link")).to_be_visible()
    assert page.context.request.get(live_server.url + new_feed.get_absolute_url()).status == 404


def test_calendar_page_fits_a_phone(page, live_server, sign_in):
    user = sign_in(time_zone="America/New_York")
    CalendarFeed.objects.create(owner=user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/calendar/")
    expect(page.get_by_label("Calendar link")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
