"""Saved opportunities: starred and unstarred, and turned into an application
with the form filled in from them."""

import pytest
from django.urls import reverse

from applications.models import Application
from tests.factories import OpportunityFactory
from tests.helpers.records import APPLICATION

pytestmark = pytest.mark.django_db


def test_star_toggles(alice_client, alice):
    opportunity = OpportunityFactory(owner=alice, starred=False)
    url = reverse("opportunity_star", args=[opportunity.pk])
    for expected in (True, False):
        response = alice_client.post(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("opportunity_list")
        opportunity.refresh_from_db()
        assert opportunity.starred is expected


def test_log_an_application_from_an_opportunity_fills_in_the_form(alice_client, alice):
    opportunity = OpportunityFactory(
        owner=alice,
        title="Fleet manager",
        organization="Acme Freight",
        link="https://acme.example.com/jobs/2",
    )
    response = alice_client.get(reverse("application_create"), {"opportunity": opportunity.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["company"].value() == "Acme Freight"
    assert form["role"].value() == "Fleet manager"
    assert form["posting_url"].value() == "https://acme.example.com/jobs/2"
    assert str(form["opportunity"].value()) == str(opportunity.pk)
    html = response.content.decode()
    assert 'value="Acme Freight"' in html and 'value="Fleet manager"' in html


def test_log_an_application_from_another_users_opportunity_is_404(alice_client, alice, bob):
    theirs = OpportunityFactory(owner=bob)
    response = alice_client.get(reverse("application_create"), {"opportunity": theirs.pk})
    assert response.status_code == 404
    assert theirs.organization not in response.content.decode()


@pytest.mark.parametrize(
    ("value", "status"),
    [
        # Not a number: the link is ignored, and the form is offered empty.
        pytest.param("", 200, id="empty"),
        pytest.param("abc", 200, id="letters"),
        pytest.param("-1", 200, id="negative"),
        pytest.param("1.5", 200, id="decimal"),
        pytest.param("²", 200, id="superscript-two"),
        pytest.param("١", 200, id="arabic-indic-one"),
        # A number, but no opportunity of hers: the same answer as a missing one.
        pytest.param("99999999999999999999", 404, id="too-big"),
    ],
)
def test_log_an_application_with_a_nonsense_opportunity_never_500s(alice_client, alice, value, status):
    OpportunityFactory(owner=alice, organization="Acme Freight")
    response = alice_client.get(reverse("application_create"), {"opportunity": value})
    assert response.status_code == status
    if status == 200:
        form = response.context["form"]
        assert not form["company"].value() and not form["opportunity"].value()


def test_saving_an_application_from_an_opportunity_links_them(alice_client, alice):
    opportunity = OpportunityFactory(owner=alice)
    response = alice_client.post(
        reverse("application_create"), {**APPLICATION, "opportunity": opportunity.pk}
    )
    assert response.status_code == 302
    assert Application.objects.get().opportunity == opportunity
