"""Pages outside checkers flagged on narrow phones: nothing scrolls the whole page sideways."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import everything_on_the_dashboard
from tests.factories import ContactFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [320, 375])
def test_the_contacts_table_never_widens_the_page(page, live_server, sign_in, width):
    user = sign_in()
    ContactFactory(
        owner=user,
        name="Alexandra Montgomery-Fitzgerald",
        title="Senior Talent Acquisition Partner",
        company="Northwind Logistics International",
        work_email="alexandra.montgomery-fitzgerald@northwind-logistics.example.com",
        work_phone="+1 901 555 0134",
    )
    ContactFactory(owner=user, name="Sam Lee")
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(live_server.url + "/contacts/")
    expect(page.get_by_role("table")).to_be_visible()
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, viewport: window.innerWidth})"
    )
    assert widths["page"] <= widths["viewport"], widths


@pytest.mark.parametrize(
    ("width", "item", "path"), [(390, "Calendar", "/calendar/"), (1280, "Import", "/import/")]
)
def test_more_of_the_menu_is_reachable_on_phone_and_desktop(page, live_server, sign_in, width, item, path):
    sign_in()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/dashboard/")
    nav = page.get_by_role("navigation", name="Main")
    toggler = nav.get_by_role("button", name="Toggle navigation")
    if toggler.is_visible():
        toggler.click()
    nav.get_by_role("button", name="More").click()
    nav.get_by_role("link", name=item, exact=True).click()
    expect(page).to_have_url(live_server.url + path)


@pytest.mark.parametrize("path", ["/dashboard/", "/interviews/new/?application={pk}", "/applications/{pk}/"])
def test_today_the_one_step_interview_and_the_progress_strip_fit_a_320_px_phone(
    page, live_server, sign_in, path
):
    user = sign_in()
    everything_on_the_dashboard(user)
    application = user.applications.get(company="Overdue Corp")
    ContactFactory(
        owner=user,
        company="Overdue Corp",
        name="Alexandra Montgomery-Fitzgerald",
        work_email="alexandra.montgomery-fitzgerald@overdue-corp.example.com",
    )
    page.set_viewport_size({"width": 320, "height": 740})
    page.goto(live_server.url + path.format(pk=application.pk))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, viewport: window.innerWidth})"
    )
    assert widths["page"] <= widths["viewport"], widths
