""" "I had an interview": the application, the interview and its interviewers on one page,
saved with one submission; nothing typed is lost, and no one else's records are offered
or accepted."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from applications.choices import ContactRole, Rapport, Status
from applications.models import Application, Contact, Interview
from tests.factories import ApplicationFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/interviews/new/"
CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture
def carol(client):
    user = UserFactory(email="carol@example.com", time_zone="America/Chicago")
    client.force_login(user)
    return user


def rows(*people):
    """The interviewer rows as the page posts them: each person a dict of the row's fields."""
    data = {"interviewers-TOTAL_FORMS": str(len(people)), "interviewers-INITIAL_FORMS": "0"}
    for n, person in enumerate(people):
        for key in ("name", "title", "work_email", "work_phone"):
            data[f"interviewers-{n}-{key}"] = person.get(key, "")
    return data


def logged(company="Northwind Logistics", role="Operations Manager", people=(), **changes):
    data = {
        "company": company,
        "role": role,
        "day": "2026-11-30",
        "time": "14:30",
        "format": "on_site",
        "rapport": Rapport.WENT_WELL,
        "asked_about_timing": "True",
        "promised_on": "2026-12-04",
        "notes": "Met the site director.",
        **rows(*people),
    }
    data.update(changes)
    return data


DANA = {"name": "Dana Reyes", "title": "Site director", "work_email": "dana.reyes@northwind.example"}


def test_the_page_names_the_zone_and_is_reached_from_today(client, carol):
    today = client.get(reverse("dashboard")).content.decode()
    assert f'href="{URL}">I had an interview</a>' in today
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Time (Central Time)" in html
    assert 'name="interviewers-0-name"' in html and 'name="interviewers-1-name"' not in html


def test_a_new_application_interview_and_interviewer_in_one_submission(client, carol):
    response = client.post(URL, logged(people=[DANA]))
    application = Application.objects.get(owner=carol)
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert (application.company, application.role, application.status) == (
        "Northwind Logistics",
        "Operations Manager",
        Status.WAITING,
    )
    interview = application.interviews.get()
    assert interview.starts_at == dt.datetime(2026, 11, 30, 14, 30, tzinfo=CHICAGO)
    assert (interview.format, interview.rapport, interview.asked_about_timing) == (
        "on_site",
        "went_well",
        True,
    )
    assert interview.promised_on == dt.date(2026, 12, 4) and interview.notes == "Met the site director."
    dana = Contact.objects.get(owner=carol)
    assert (dana.name, dana.title, dana.work_email, dana.company, dana.role, dana.greet_as) == (
        "Dana Reyes",
        "Site director",
        "dana.reyes@northwind.example",
        "Northwind Logistics",
        ContactRole.INTERVIEWER,
        "Dana",
    )
    assert list(interview.interviewers.all()) == [dana]
    assert application.next_step == "first"  # the plan is computed at once


def test_the_same_company_and_role_adds_the_interview_to_the_open_application(client, carol):
    existing = ApplicationFactory(owner=carol, company="Northwind Logistics", role="Operations Manager")
    response = client.post(URL, logged(company="northwind logistics ", role="OPERATIONS MANAGER"))
    assert response.status_code == 302 and response["Location"] == existing.get_absolute_url()
    assert Application.objects.filter(owner=carol).count() == 1
    assert existing.interviews.count() == 1


def test_a_closed_application_or_another_role_starts_a_new_one(client, carol):
    ApplicationFactory(
        owner=carol, company="Northwind Logistics", role="Operations Manager", status=Status.NO
    )
    ApplicationFactory(owner=carol, company="Northwind Logistics", role="Dispatcher")
    client.post(URL, logged())
    assert Application.objects.filter(owner=carol).count() == 3


def test_someone_already_known_at_the_company_is_reused_by_work_email_or_name(client, carol):
    by_email = ContactFactory(
        owner=carol,
        company="Northwind Logistics",
        name="D. Reyes",
        work_email="Dana.Reyes@Northwind.example",
        title="",
    )
    by_name = ContactFactory(owner=carol, company="NORTHWIND LOGISTICS", name="Sam Ortiz", work_email="")
    elsewhere = ContactFactory(
        owner=carol, company="Contoso", name="Lee Park", work_email="lee@contoso.example"
    )
    people = [DANA, {"name": "sam ortiz", "work_phone": "555-0100"}, {"name": "Lee Park"}]
    assert client.post(URL, logged(people=people)).status_code == 302
    interview = Interview.objects.get(application__owner=carol)
    chosen = set(interview.interviewers.all())
    by_email.refresh_from_db()
    by_name.refresh_from_db()
    assert {by_email, by_name} < chosen and len(chosen) == 3
    assert elsewhere not in chosen  # the same name at another company is someone else
    assert (
        by_email.title == "Site director" and by_email.name == "D. Reyes"
    )  # blanks filled, nothing overwritten
    assert by_name.work_phone == "555-0100"
    assert Contact.objects.filter(owner=carol).count() == 4


def test_someone_elses_contact_is_never_reused_or_changed(client, carol, bob):
    theirs = ContactFactory(
        owner=bob, company="Northwind Logistics", name="Dana Reyes", work_email=DANA["work_email"]
    )
    client.post(URL, logged(people=[DANA]))
    mine = Contact.objects.get(owner=carol)
    assert mine.pk != theirs.pk
    assert list(Interview.objects.get(application__owner=carol).interviewers.all()) == [mine]
    theirs.refresh_from_db()
    assert theirs.title == "" and theirs.interviews.count() == 0


def test_people_known_there_are_offered_only_from_that_company(client, carol, bob):
    ours = ContactFactory(owner=carol, company="Northwind Logistics", name="Priya Shah")
    other_company = ContactFactory(owner=carol, company="Contoso", name="Lee Park")
    bobs = ContactFactory(owner=bob, company="Northwind Logistics", name="Bob's Recruiter")
    application = ApplicationFactory(owner=carol, company="Northwind Logistics", role="Operations Manager")
    page = client.get(f"{URL}?application={application.pk}")
    html = page.content.decode()
    assert page.context["form"].initial["company"] == "Northwind Logistics"
    assert list(page.context["form"].fields["known_interviewers"].queryset) == [ours]
    assert "Priya Shah" in html and "Lee Park" not in html and "Bob&#x27;s Recruiter" not in html
    # Without a company, no one at all: never everyone.
    assert list(client.get(URL).context["form"].fields["known_interviewers"].queryset) == []

    assert client.post(URL, logged(known_interviewers=[ours.pk])).status_code == 302
    assert list(Interview.objects.get(application__owner=carol).interviewers.all()) == [ours]
    for stranger in (other_company, bobs):
        response = client.post(URL, logged(known_interviewers=[stranger.pk]))
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    assert Interview.objects.filter(application__owner=carol).count() == 1
    # At a company where Carol knows no one, the refusal still says why.
    response = client.post(URL, logged(company="Fabrikam", known_interviewers=[bobs.pk]))
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()


def test_only_my_open_applications_are_suggested(client, carol, bob):
    ApplicationFactory(owner=carol, company="Northwind Logistics", role="Operations Manager")
    ApplicationFactory(owner=carol, company="Gone Co", role="Clerk", status=Status.MOVED_ON)
    ApplicationFactory(owner=bob, company="Bob Industries", role="Welder")
    html = client.get(URL).content.decode()
    assert '<option value="Northwind Logistics" label="Operations Manager">' in html
    assert "Gone Co" not in html and "Bob Industries" not in html


def test_someone_elses_application_answers_404(client, carol, bob):
    theirs = ApplicationFactory(owner=bob, company="Bob Industries")
    assert client.get(f"{URL}?application={theirs.pk}").status_code == 404


def test_an_error_keeps_every_typed_field_and_every_interviewer_row(client, carol):
    people = [DANA, {"name": "Sam Ortiz", "title": "Shift lead", "work_phone": "555-0100"}]
    response = client.post(URL, logged(role="", people=people, notes="Ask about the night shift."))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing you typed has been lost" in html
    for value in (
        'value="Northwind Logistics"',
        'value="2026-11-30"',
        'value="14:30"',
        'value="2026-12-04"',
        "Ask about the night shift.",
        'value="Dana Reyes"',
        'value="Site director"',
        'value="dana.reyes@northwind.example"',
        'value="Sam Ortiz"',
        'value="Shift lead"',
        'value="555-0100"',
    ):
        assert value in html, value
    for name, value in (("format", "on_site"), ("rapport", "went_well"), ("asked_about_timing", "True")):
        [radio] = re.findall(rf'<input[^>]*name="{name}" value="{value}"[^>]*>', html)
        assert "checked" in radio, name
    assert not Application.objects.filter(owner=carol).exists()
    assert not Contact.objects.filter(owner=carol).exists()


@pytest.mark.parametrize(
    ("changes", "person", "message"),
    [
        ({"promised_on": "2026-11-01"}, DANA, "The promised date can&#x27;t be before the interview."),
        ({"day": "3000-01-01"}, DANA, "Enter a date between 2000 and 2100."),
        ({}, {"work_email": "someone@northwind.example"}, "Add the person&#x27;s name, or clear this row."),
        ({}, {"name": "Dana", "work_email": "not an address"}, "Enter a valid email address."),
        ({"time": "half past two"}, DANA, "is not a time we can read"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(client, carol, changes, person, message):
    response = client.post(URL, logged(people=[person], **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Interview.objects.exists() and not Contact.objects.exists()


def test_add_another_interviewer_keeps_everything_and_saves_nothing(client, carol):
    data = logged(people=[DANA], add_interviewer="1")
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="interviewers-1-name"' in html and 'name="interviewers-2-name"' not in html
    assert 'value="Dana Reyes"' in html and 'value="Northwind Logistics"' in html and 'value="14:30"' in html
    [new_row] = re.findall(r'<input[^>]*name="interviewers-1-name"[^>]*>', html)
    assert "autofocus" in new_row  # the keyboard lands in the new row
    assert "Please correct" not in html  # no errors shown for a page still being filled in
    assert not Application.objects.exists()

    # The page as re-rendered, filled in further and saved.
    data = logged(people=[DANA, {"name": "Sam Ortiz", "work_email": "sam.ortiz@northwind.example"}], save="")
    assert client.post(URL, data).status_code == 302
    assert Interview.objects.get().interviewers.count() == 2


def test_signed_out_visitors_are_asked_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_interview_form_of_an_application_lists_only_people_at_that_company(client, carol, bob):
    application = ApplicationFactory(owner=carol, company="Northwind Logistics")
    ours = ContactFactory(owner=carol, company="northwind logistics", name="Priya Shah")
    ContactFactory(owner=carol, company="Contoso", name="Lee Park")
    ContactFactory(owner=bob, company="Northwind Logistics", name="Bob's Recruiter")
    page = client.get(reverse("interview_create", args=[application.pk]))
    assert list(page.context["form"].fields["interviewers"].queryset) == [ours]
    html = page.content.decode()
    assert "Priya Shah" in html and "Lee Park" not in html
