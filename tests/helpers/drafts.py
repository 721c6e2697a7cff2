"""Drafts as a user meets them through the views: an application whose first
follow-up is due, a recruiter to write to, and the buttons of the draft pages.

The views are used on Tuesday 8 December 2026, 10:00 in New York (``NOW``; the
``tuesday_morning`` fixture of tests/conftest.py travels there): the factory
interview (Monday 30 November, answer promised by Friday 4 December) has
happened and its first follow-up fell due on Monday 7 December.
"""

import datetime as dt

from django.urls import reverse

from applications.choices import ContactRole, Influence, Rapport, Status
from applications.models import Application
from outreach.models import Draft
from plans.choices import DraftKind
from tests.factories import ApplicationFactory, ContactFactory, FollowUpFactory, InterviewFactory

UTC = dt.UTC
K = DraftKind
NOW = dt.datetime(2026, 12, 8, 15, 0, tzinfo=UTC)  # Tuesday, 10:00 in New York
COMPANY = "Northwind Logistics"
ROLE = "Operations Supervisor"
RECRUITER, HIRING_MANAGER, SUPERVISOR, INTERVIEWER = (
    ContactRole.RECRUITER,
    ContactRole.HIRING_MANAGER,
    ContactRole.FUTURE_SUPERVISOR,
    ContactRole.INTERVIEWER,
)


def due_application(owner, *, rapport=Rapport.NEUTRAL, company=COMPANY, **interview_fields):
    """First follow-up due since Monday 7 December (factory dates)."""
    application = ApplicationFactory(owner=owner, company=company, role=ROLE, status=Status.WAITING)
    InterviewFactory(application=application, rapport=rapport, **interview_fields)
    application.refresh_plan()
    return application


def after_two_follow_ups(owner):
    """Both follow-ups sent on Monday 7 December: all that is left is to move on."""
    application = due_application(owner)
    FollowUpFactory.create_batch(2, application=application, happened_at=NOW - dt.timedelta(days=1))
    application.refresh_plan()
    return application


def recruiter(owner, **fields):
    """Priya Shah, the company's recruiter, with a work address."""
    fields = {
        "name": "Priya Shah",
        "title": "Talent Partner",
        "work_email": "priya.shah@northwind.example",
        **fields,
    }
    return ContactFactory(owner=owner, company=COMPANY, role=RECRUITER, **fields)


def network_friend(owner, *, agreed=True):
    """Zoë Okafor, an influential friend elsewhere: someone to ask for a recommendation
    (who has agreed to speak to the user's work, unless ``agreed`` is False)."""
    return ContactFactory(
        agreed_to_recommend=agreed,
        owner=owner,
        name="Zoë Okafor",
        company="Tailspin Freight",
        role=ContactRole.NETWORK,
        influence=Influence.HIGH,
        work_email="zoe.okafor@tailspin.example",
    )


def open_draft(client, application, kind):
    """Press "Open this draft" for ``kind``; the unsent draft it opens."""
    response = client.post(reverse("draft_open", args=[application.pk, kind]))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Draft.objects.get(application=application, kind=kind, sent_at__isnull=True)
    assert response["Location"] == draft.get_absolute_url()
    return draft


def mark_sent(client, draft, **data):
    return client.post(reverse("draft_sent", args=[draft.pk]), data)


def fresh(application):
    return Application.objects.get(pk=application.pk)


def offered_kinds(client, application):
    """The kinds of message the draft list offers, best first."""
    listing = client.get(reverse("draft_list", args=[application.pk]))
    return [offer.kind for offer, *_ in listing.context["offers"]]
