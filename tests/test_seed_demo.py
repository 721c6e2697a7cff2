"""`manage.py seed_demo` gives a new user something real to try, once."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from applications.choices import OpportunityKind, Rapport, Step
from applications.models import Application, Contact, FollowUp, Interview, Letter, Opportunity
from plans.rules import next_business_day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def counts():
    return [
        model.objects.count()
        for model in (User, Application, Interview, Contact, FollowUp, Letter, Opportunity)
    ]


def test_seed_demo_is_idempotent():
    call_command("seed_demo", email="Demo@Example.com")
    first = counts()
    call_command("seed_demo", email="demo@example.com")
    assert counts() == first
    assert User.objects.get().email == "demo@example.com"


def test_seed_demo_covers_what_the_playbook_needs():
    call_command("seed_demo", email="demo@example.com")
    user = User.objects.get()
    today = timezone.now().astimezone(user.zoneinfo).date()

    promised_passed = [
        i
        for i in Interview.objects.filter(promised_on__isnull=False)
        if next_business_day(i.promised_on) < today
    ]
    assert promised_passed, "an interview whose promised date passed more than one business day ago"
    assert Interview.objects.filter(promised_on__isnull=True, application__status="waiting").exists()
    assert Interview.objects.filter(rapport=Rapport.UNEASY).exists()
    assert Contact.objects.exclude(personal_email="", personal_phone="").exists()
    assert Opportunity.objects.filter(kind=OpportunityKind.SCHOOL).exists()
    assert Opportunity.objects.filter(kind=OpportunityKind.FRANCHISE).exists()
    assert Letter.objects.get().file.read().startswith(b"%PDF-")

    # The stored plans are computed: something is due, one has no date given, one says move on.
    due = Application.objects.filter(next_step__in=[Step.FIRST, Step.FINAL], next_due_on__lte=today)
    assert due.exists()
    assert Application.objects.filter(no_date_given=True).exists()
    assert Application.objects.filter(next_step=Step.MOVE_ON).exists()
    assert all(a.next_due_at.astimezone(user.zoneinfo).time() == dt.time(8) for a in due)


def test_seed_demo_rejects_a_bad_address():
    with pytest.raises(CommandError, match="not an email address"):
        call_command("seed_demo", email="not-an-address")
    assert not User.objects.exists()


def test_the_demo_user_goes_straight_to_today(client):
    """Its zone was chosen for it, so no "Where are you?" stands in the way."""
    call_command("seed_demo", email="demo@example.com")
    client.force_login(User.objects.get())
    assert client.get("/dashboard/").status_code == 200
