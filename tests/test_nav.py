"""The menu says what is there, and every place it points to opens."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

EXPECTED = {
    "Today": "dashboard",
    "Applications": "application_list",
    "Contacts": "contact_list",
    "Letters": "recommendations",
    "Saved jobs and schools": "opportunity_list",
    "Pipeline": "pipeline",
    "Calendar": "calendar_settings",
    "Import": "data_import",
    "Export": "data_export",
    "Share with a coach": "share_list",
    "Guide": "guide",
    "Profile": "profile",
}


def nav_links(html):
    nav = re.search(r'<nav[^>]*aria-label="Main".*?</nav>', html, re.S)[0]
    return {
        " ".join(re.sub(r"<[^>]+>", "", text).split()): href
        for href, text in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', nav, re.S)
    }


def test_the_menu_names_each_place_plainly(alice_client):
    links = nav_links(alice_client.get(reverse("dashboard")).content.decode())
    for label, url_name in EXPECTED.items():
        assert links.get(label) == reverse(url_name), (label, links)
    assert "Recommendations" not in links


def test_every_menu_destination_answers_200_signed_in(alice_client):
    links = nav_links(alice_client.get(reverse("dashboard")).content.decode())
    # The brand goes home, which sends a signed-in user on to Today.
    home = alice_client.get(links.pop("Follow-up"), follow=True)
    assert home.redirect_chain == [(reverse("dashboard"), 302)]
    assert set(links) == set(EXPECTED)
    for label, href in links.items():
        assert alice_client.get(href).status_code == 200, (label, href)


def test_the_page_in_view_is_marked_current_even_inside_more(alice_client):
    html = alice_client.get(reverse("data_export")).content.decode()
    assert re.search(r'class="dropdown-item active" aria-current="page"\s+href="/export/"', html)
