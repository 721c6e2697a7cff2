"""Share with a coach in a real browser: make a link, copy it, preview what the coach
sees, let the coach open it on a phone and comment, then turn it off in one click."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.choices import Status
from sharing.models import CoachComment, Share
from tests.browser.axe import assert_accessible
from tests.browser.conftest import BrowserErrors, new_page
from tests.factories import ApplicationFactory, FollowUpFactory, InterviewFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def a_search(user):
    """Three applications: one overdue, one with an answer promised this week, one offer."""
    overdue = ApplicationFactory(
        owner=user, company="Globex Logistics", role="Warehouse supervisor", status=Status.WAITING
    )
    InterviewFactory(application=overdue, starts_at=timezone.now() - dt.timedelta(days=21), promised_on=None)
    overdue.refresh_plan()
    FollowUpFactory(application=overdue, happened_at=timezone.now() - dt.timedelta(days=1))
    soon = ApplicationFactory(owner=user, company="Initech", role="Dispatcher", status=Status.WAITING)
    InterviewFactory(
        application=soon,
        starts_at=timezone.now() - dt.timedelta(days=1),
        promised_on=timezone.localdate() + dt.timedelta(days=3),
    )
    soon.refresh_plan()
    ApplicationFactory(owner=user, company="Umbrella", role="Driver", status=Status.OFFER)
    return overdue


def test_make_preview_comment_and_turn_off_a_share(page, live_server, sign_in, browser):
    user = sign_in(time_zone="America/New_York", full_name="Alice Example")
    application = a_search(user)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    # The menu's "More" leads to the page.
    page.goto(live_server.url + "/dashboard/")
    page.get_by_role("button", name="More").click()
    page.get_by_role("link", name="Share with a coach").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share with a coach")
    assert_accessible(page)

    page.get_by_label("Coach's name").fill("Pat Mentor")
    page.get_by_label("A line for your coach").fill("Could you look at the Globex follow-up?")
    page.get_by_role("button", name="Make the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Link for Pat Mentor")
    shown = page.get_by_role("textbox", name="Your coach's link").input_value()
    # Absolute on SITE_URL; the test's server answers on another port.
    link = live_server.url + urlsplit(shown).path
    assert "/coach/" in link
    assert_accessible(page)
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Link copied.")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == shown

    # The preview: the coach's page, with a banner.
    page.get_by_role("link", name="See what your coach sees").click()
    expect(page.get_by_text("This is exactly what Pat Mentor sees.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alice Example's job search")
    assert_accessible(page)

    # The coach, on a phone, with no account.
    errors = BrowserErrors()
    coach = new_page(browser, errors, viewport=PHONE)
    try:
        response = coach.goto(link)
        assert response.status == 200
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["referrer-policy"] == "no-referrer"
        expect(coach.get_by_role("heading", level=1)).to_have_text("Alice Example's job search")
        expect(coach.get_by_text("Could you look at the Globex follow-up?")).to_be_visible()
        expect(coach.get_by_text("Warehouse supervisor", exact=True)).to_be_visible()
        # One phone screen: no sideways scrolling, and what is due is in the first screenful.
        assert coach.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        due = coach.get_by_role("heading", name="Follow-ups due now: 1")
        assert due.bounding_box()["y"] + due.bounding_box()["height"] < PHONE["height"]
        assert_accessible(coach)

        coach.get_by_text("Leave a comment for Alice Example").click()
        coach.get_by_label("About").select_option(label="Warehouse supervisor at Globex Logistics")
        coach.get_by_label("Your comment").fill("Good timing. Keep it <short>.")
        coach.get_by_role("button", name="Send the comment").click()
        expect(coach.get_by_text("Alice Example will see your comment")).to_be_visible()
        assert CoachComment.objects.get().application == application
    finally:
        coach.context.close()
    assert not errors.csp_violations() and not errors.uncaught

    # The user sees the comment on the application, and when the page was opened.
    page.goto(live_server.url + application.get_absolute_url())
    expect(page.get_by_text("Good timing. Keep it <short>.")).to_be_visible()
    share = Share.objects.get(owner=user)
    page.goto(live_server.url + f"/coach-sharing/{share.pk}/")
    expect(page.get_by_text("2 views in all")).to_be_visible()  # the page, and again after the comment

    # One click turns it off.
    page.get_by_role("button", name="Turn the link off").click()
    expect(page.get_by_role("status").first).to_contain_text("Link turned off")
    expect(page.get_by_role("button", name="Turn the link off")).to_have_count(0)
    assert page.context.request.get(link).status == 404
    assert_accessible(page)


@pytest.mark.parametrize("width", [320, 390])
def test_the_coachs_page_fits_a_narrow_phone(page, live_server, transactional_db, width):
    from tests.factories import UserFactory, share_with_link

    user = UserFactory(full_name="Alice Example")
    a_search(user)
    _, token = share_with_link(owner=user, owner_name="Alice Example", note="Could you look at Globex?")
    page.set_viewport_size({"width": width, "height": PHONE["height"]})
    page.goto(live_server.url + f"/coach/{token}/")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    # The search at a glance, down to the recent follow-ups, within about one screenful.
    activity = page.get_by_role("heading", name="Recent follow-ups and replies")
    box = activity.bounding_box()
    print(f"width {width}: recent activity heading ends at {box['y'] + box['height']:.0f}px")
    assert box["y"] + box["height"] < PHONE["height"]
    assert_accessible(page)
