import pytest
from applications.models import Application
pytestmark = pytest.mark.browser

def test_dump(page, live_server, sign_in):
    user = sign_in()
    app = Application.objects.create(owner=user, company="Acme", role="Dev")
    page.goto(live_server.url + f"/applications/{app.pk}/interviews/new/")
    print(page.locator("main").inner_html())
    page.goto(live_server.url + "/applications/new/")
    print(page.locator("main form").inner_html())
