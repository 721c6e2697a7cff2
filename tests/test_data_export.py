"""Export everything the user keeps as a streamed ZIP (nothing of anyone else's),
and import it back: export, delete the account, sign up again, import, and the
same applications are there.
"""

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from accounts.services import user_delete
from applications.choices import Status, Step
from applications.models import Application, Interview
from exports.models import JobStatus
from outreach.models import Draft, Reminder
from sharing.models import CoachComment, ShareView
from tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    LetterFactory,
    OpportunityFactory,
    ReplyFactory,
    ShareFactory,
    UserFactory,
)
from tests.helpers.csv_import import upload_and_confirm

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

CSV_FILES = {
    "applications.csv",
    "interviews.csv",
    "contacts.csv",
    "follow_ups.csv",
    "replies.csv",
    "opportunities.csv",
}


def download(client):
    response = client.get(reverse("data_export_download"))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    chunks = list(response.streaming_content)
    return zipfile.ZipFile(io.BytesIO(b"".join(chunks))), chunks, response


def read_csv(archive, name):
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_export_page_offers_the_download(alice_client):
    response = alice_client.get(reverse("data_export"))
    assert response.status_code == 200
    assert reverse("data_export_download") == "/export/follow-up-data.zip"
    assert f'href="{reverse("data_export_download")}"' in response.content.decode()


def test_export_is_a_streamed_zip_of_everything_the_user_keeps_and_nothing_else(alice_client, alice, bob):
    priya = ContactFactory(owner=alice, name="Priya Shah", company="Northwind Logistics")
    opportunity = OpportunityFactory(owner=alice, title="Fleet planner", organization="Northwind Logistics")
    application = ApplicationFactory(
        owner=alice,
        company="Northwind Logistics",
        role="Operations Supervisor",
        status=Status.WAITING,
        notes="Met Priya at the hiring fair.",
        opportunity=opportunity,
        posting_url="https://northwind.example.com/jobs/1",
    )
    interview = InterviewFactory(application=application)
    interview.interviewers.add(priya)
    follow_up = FollowUpFactory(application=application, contact=priya)
    ReplyFactory(application=application)
    letter = LetterFactory(owner=alice, original_name="Reference - Col Smith.pdf")
    application.refresh_plan()
    Draft.objects.create(
        application=application,
        interview=interview,
        kind="status_request",
        contact=priya,
        subject="Checking in",
        body="Hello Priya",
        follow_up=follow_up,
    )
    Reminder.objects.create(
        application=application,
        owner=alice,
        key="k1",
        step=Step.FIRST,
        due_on=dt.date(2026, 12, 7),
        sent_at=dt.datetime(2026, 12, 7, 13, 0, tzinfo=dt.UTC),
    )
    # Bob's records are everywhere Alice's are; none of them may leak.
    bobs = ApplicationFactory(owner=bob, company="BOB-SECRET Corp", notes="BOB-SECRET")
    InterviewFactory(application=bobs, notes="BOB-SECRET")
    FollowUpFactory(application=bobs, notes="BOB-SECRET")
    ReplyFactory(application=bobs, notes="BOB-SECRET")
    ContactFactory(owner=bob, name="BOB-SECRET person")
    OpportunityFactory(owner=bob, title="BOB-SECRET job")
    LetterFactory(owner=bob, title="BOB-SECRET letter", original_name="bob-secret.pdf")

    archive, chunks, response = download(alice_client)

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="follow-up-data-')
    assert "no-store" in response["Cache-Control"]
    names = set(archive.namelist())
    assert {"README.txt", "data.json", *CSV_FILES} <= names
    letter_name = f"letters/{letter.pk}-Reference - Col Smith.pdf"
    assert letter_name in names
    assert archive.read(letter_name) == PDF_BYTES
    assert len([name for name in names if name.startswith("letters/")]) == 1
    assert archive.testzip() is None
    for name in names:
        assert b"BOB-SECRET" not in archive.read(name).upper(), f"{name} holds another user's data"
        assert b"bob@example.com" not in archive.read(name)

    data = json.loads(archive.read("data.json"))
    assert data["profile"]["email"] == "alice@example.com"
    assert data["profile"]["time_zone"] == "America/New_York"
    assert not any("password" in key for key in data["profile"])
    [app] = data["applications"]
    assert app["company"] == "Northwind Logistics" and app["notes"] == "Met Priya at the hiring fair."
    assert app["applied_on"] == "2026-11-02"
    assert app["opportunity_id"] == opportunity.pk
    assert app["created_at"].endswith("+00:00")
    [exported_interview] = data["interviews"]
    assert exported_interview["starts_at"] == "2026-11-30T15:00:00+00:00"
    assert exported_interview["promised_on"] == "2026-12-04"
    assert exported_interview["interviewer_contact_ids"] == [priya.pk]
    assert [c["name"] for c in data["contacts"]] == ["Priya Shah"]
    assert data["follow_ups"][0]["contact_id"] == priya.pk
    assert data["follow_ups"][0]["happened_at"] == "2026-12-07T15:00:00+00:00"
    assert len(data["replies"]) == 1
    assert data["drafts"][0]["subject"] == "Checking in"
    assert data["opportunities"][0]["title"] == "Fleet planner"
    assert data["letters"][0]["file"] == letter_name
    assert data["reminders"][0]["sent_at"] == "2026-12-07T13:00:00+00:00"

    [row] = read_csv(archive, "applications.csv")
    assert (row["Company"], row["Role"], row["Status"], row["Applied on"]) == (
        "Northwind Logistics",
        "Operations Supervisor",
        "Waiting to hear",
        "2026-11-02",
    )
    assert (row["Interview date"], row["Promised date"]) == ("2026-11-30", "2026-12-04")
    [interview_row] = read_csv(archive, "interviews.csv")
    assert interview_row["Interviewer contact IDs"] == str(priya.pk)
    assert interview_row["Interviewers"] == "Priya Shah"
    assert read_csv(archive, "contacts.csv")[0]["Name"] == "Priya Shah"
    assert read_csv(archive, "follow_ups.csv")[0]["Contact"] == "Priya Shah"
    assert len(read_csv(archive, "replies.csv")) == 1
    assert read_csv(archive, "opportunities.csv")[0]["Title"] == "Fleet planner"


def test_a_large_export_streams_in_pieces_with_a_fixed_number_of_queries(
    alice_client, alice, django_assert_max_num_queries
):
    import uuid

    Application.objects.bulk_create(
        Application(owner=alice, company=f"Company {n}", role="Analyst", notes=uuid.uuid4().hex * 8)
        for n in range(3000)
    )
    with django_assert_max_num_queries(25):
        archive, chunks, _ = download(alice_client)
    assert len(chunks) > 5, "the archive should be handed out as it is written"
    assert len(read_csv(archive, "applications.csv")) == 3000
    assert len(json.loads(archive.read("data.json"))["applications"]) == 3000


def test_the_export_holds_the_shares_with_a_coach_their_views_and_comments_and_no_one_elses(
    alice_client, alice, bob
):
    application = ApplicationFactory(owner=alice, company="Northwind Logistics")
    share = ShareFactory(owner=alice, coach_name="Pat Mentor", coach_email="pat@mentor.example")
    view = ShareView.objects.create(share=share)
    CoachComment.objects.create(share=share, application=application, body="Ask about the start date.")
    bobs = ShareFactory(owner=bob, coach_name="BOB-SECRET coach", coach_email="bob-secret@coach.example")
    ShareView.objects.create(share=bobs)
    CoachComment.objects.create(share=bobs, application=ApplicationFactory(owner=bob), body="BOB-SECRET")

    archive, _, _ = download(alice_client)
    text = archive.read("data.json").decode()
    data = json.loads(text)
    [exported] = data["coach_shares"]
    assert (exported["id"], exported["coach_name"], exported["coach_email"]) == (
        share.pk,
        "Pat Mentor",
        "pat@mentor.example",
    )
    assert exported["state"] == "active" and exported["expires_at"].endswith("+00:00")
    assert data["coach_share_views"] == [{"share_id": share.pk, "viewed_at": view.viewed_at.isoformat()}]
    [comment] = data["coach_comments"]
    assert (comment["share_id"], comment["application_id"], comment["body"]) == (
        share.pk,
        application.pk,
        "Ask about the start date.",
    )
    assert share.token_digest not in text  # the link's secret is not kept, and its digest opens nothing
    assert "BOB-SECRET" not in text.upper() and bobs.token_digest not in text
    assert "coach" in archive.read("README.txt").decode()


def test_spreadsheet_formulas_in_the_export_are_defused_and_read_back(alice_client, alice):
    ApplicationFactory(owner=alice, company='=HYPERLINK("http://evil.example")', role="-Analyst")
    archive, _, _ = download(alice_client)
    [row] = read_csv(archive, "applications.csv")
    assert row["Company"].startswith("'=") and row["Role"] == "'-Analyst"


# --- Round trip ---------------------------------------------------------------------
def application_facts(user):
    return sorted(
        (
            a.company,
            a.role,
            a.status,
            a.applied_on,
            a.posting_url,
            a.source,
            a.notes,
            a.next_step,
            a.next_due_on,
        )
        for a in Application.objects.filter(owner=user)
    )


def test_export_delete_account_new_account_import_gives_back_the_same_applications(client, alice):
    waiting = ApplicationFactory(
        owner=alice,
        company="Northwind Logistics",
        role="Operations Supervisor",
        status=Status.WAITING,
        posting_url="https://northwind.example.com/jobs/1?ref=a,b",
        source="Hiring fair",
        notes='Met Priya; said "call me".\nSecond line, with a comma — and Ünïcödé.',
    )
    InterviewFactory(application=waiting)
    waiting.refresh_plan()
    ApplicationFactory(
        owner=alice, company="Globex", role="Warehouse lead", status=Status.NO, applied_on=dt.date(2026, 9, 1)
    )
    ApplicationFactory(
        owner=alice, company="Initech", role="-5 formula role", status=Status.APPLIED, notes="=1+1"
    )
    before = application_facts(alice)
    assert [facts[7] for facts in before if facts[0] == "Northwind Logistics"] == [
        Step.FIRST
    ]  # it has a plan

    client.force_login(alice)
    archive, _, _ = download(client)
    exported = archive.read("applications.csv")
    user_delete(user=alice)
    assert not Application.objects.exists()

    newcomer = UserFactory(email="alice@example.com", time_zone="America/New_York")
    client.force_login(newcomer)
    response, job = upload_and_confirm(client, newcomer, exported)

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.imported_count == 3
    assert application_facts(newcomer) == before
    interview = Interview.objects.get(application__owner=newcomer)
    assert interview.starts_at == dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)  # 10:00 in New York
    assert interview.promised_on == dt.date(2026, 12, 4)
