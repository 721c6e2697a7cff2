"""Pages outside checkers flagged on narrow phones: nothing scrolls the whole page sideways."""

import pytest
from playwright.sync_api import expect

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
