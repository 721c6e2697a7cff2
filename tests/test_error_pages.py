"""Error pages are the site's own: its layout, a plain explanation, and nothing
inline for the Content-Security-Policy to block."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

INLINE = ("<style", " style=", "<script>", " onclick=")


def assert_site_page(response, heading):
    page = response.content.decode()
    assert f'<h1 class="h3 mb-3">{heading}</h1>' in page
    assert "vendor/bootstrap/bootstrap.min.css" in page  # the site's layout, with its own stylesheet
    assert not [marker for marker in INLINE if marker in page]


@pytest.mark.django_db
def test_an_unknown_page_is_a_404_in_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_site_page(response, "Page not found")
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_another_users_record_looks_like_no_record_at_all(alice_client, bob):
    from tests.factories import ApplicationFactory

    response = alice_client.get(reverse("application_detail", args=[ApplicationFactory(owner=bob).pk]))
    assert response.status_code == 404
    assert_site_page(response, "Page not found")


@pytest.mark.django_db
def test_a_form_without_a_valid_csrf_token_gets_a_clear_403(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("profile"), {"full_name": "Changed"})
    assert response.status_code == 403
    assert_site_page(response, "This form has expired")
    alice.refresh_from_db()
    assert alice.full_name != "Changed"


def test_the_500_page_renders_without_a_database_or_a_user():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert_site_page(response, "Something went wrong on our side")
