"""Nothing of one user's ever shows in another's lists, files, feeds or drafts.

tests/test_ownership.py proves every object URL answers 404 to a stranger. Here
bob owns one of everything, every text field holding a marker ("zyxbob..."),
some of it at the very company alice applied to, and alice reads every page and
file the app can give her: every page of ours, the lists filtered and searched
for bob's marker, the export ZIP (every file in it), her calendar feed, every
draft of her application, and the CSV import from upload to result. Bob's
marker must appear in none of it.
"""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.choices import ContactRole, Status
from exports.models import ImportJob, JobStatus
from feeds.models import CalendarFeed
from outreach.models import Draft
from plans.choices import DraftKind
from sharing.models import CoachComment
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
from tests.helpers.urls import POST_ONLY, SIGNED_TOKEN, build, project_patterns

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

MARKER = "zyxbob"
# A company both of them applied to: bob's people there must not be offered to alice.
SHARED_COMPANY = "Globex Logistics"


MARKED = []  # every marked value given to bob's records


def marked(field):
    value = f"{MARKER}-{field}"
    MARKED.append(value)
    return value


@pytest.fixture
def bobs_world(db):
    """One of everything, owned by bob, every text field marked."""
    bob = UserFactory(
        email=f"{MARKER}-owner@example.com",
        full_name=marked("full-name"),
        skills_summary=marked("skills"),
        email_signature=marked("signature"),
    )
    opportunity = OpportunityFactory(
        owner=bob,
        title=marked("opportunity-title"),
        organization=marked("opportunity-org"),
        link=f"https://{MARKER}.example.com/opportunity",
        note=marked("opportunity-note"),
    )
    contact = ContactFactory(
        owner=bob,
        name=marked("contact-name"),
        company=marked("contact-company"),
        title=marked("contact-title"),
        work_email=f"{MARKER}-work@{MARKER}.example.com",
        work_phone="+1 555 0100 999",
        personal_email=f"{MARKER}-home@{MARKER}.example.com",
        personal_phone="+1 555 0199 999",
        notes=marked("contact-notes"),
    )
    # Bob's people at the company alice applied to, in every role a draft may address.
    shared_contacts = [
        ContactFactory(
            owner=bob,
            name=marked(f"shared-{role}"),
            company=SHARED_COMPANY,
            role=role,
            work_email=f"{MARKER}-{role}@globex.example.com",
            notes=marked(f"shared-{role}-notes"),
        )
        for role in ContactRole.values
    ]
    applications = [
        ApplicationFactory(
            owner=bob,
            company=marked("company"),
            role=marked("role"),
            status=Status.WAITING,
            posting_url=f"https://{MARKER}.example.com/posting",
            source=marked("source"),
            notes=marked("notes"),
            opportunity=opportunity,
            reflection_went_well=marked("went-well"),
            reflection_next_time=marked("next-time"),
        ),
        ApplicationFactory(
            owner=bob,
            company=SHARED_COMPANY,
            role=marked("shared-role"),
            status=Status.WAITING,
            notes=marked("shared-notes"),
        ),
    ]
    now = timezone.now()
    for application in applications:
        interview = InterviewFactory(
            application=application,
            starts_at=now - dt.timedelta(days=4),
            promised_on=timezone.localdate() + dt.timedelta(days=3),
            notes=marked("interview-notes"),
        )
        interview.interviewers.set([contact, *shared_contacts])
        FollowUpFactory(
            application=application,
            contact=contact,
            notes=marked("follow_up-notes"),
            happened_at=now - dt.timedelta(days=2),
        )
        ReplyFactory(
            application=application, notes=marked("reply-notes"), received_at=now - dt.timedelta(days=1)
        )
        application.refresh_plan()
        Draft.objects.create(
            application=application,
            kind=DraftKind.STATUS_REQUEST,
            contact=contact,
            subject=marked("draft-subject"),
            body=marked("draft-body"),
            personal_detail=marked("draft-detail"),
        )
    letter = LetterFactory(
        owner=bob,
        title=marked("letter-title"),
        author=marked("letter-author"),
        job_kind=marked("letter-job-kind"),
        original_name=f"{MARKER}-letter.pdf",
        file=ContentFile(PDF_BYTES + f"% {MARKER}-letter-bytes\n".encode(), name="letter.pdf"),
    )
    ImportJob.objects.create(
        owner=bob,
        status=JobStatus.FAILED,
        file_name=f"{MARKER}-import.csv",
        csv_text=f"Company,Role\n{marked('import-company')},{marked('import-role')}\n",
        total_rows=1,
        mapping={"company": 0, "role": 1},
        errors=[{"line": 2, "messages": [marked("import-error")]}],
        error_count=1,
    )
    feed = CalendarFeed.objects.create(owner=bob)
    # Bob's coach, and a comment on his application at the company alice applied to too.
    share = ShareFactory(
        owner=bob,
        owner_name=marked("share-owner-name"),
        coach_name=marked("coach-name"),
        coach_email=f"{MARKER}-coach@example.com",
        note=marked("share-note"),
    )
    CoachComment.objects.create(share=share, application=applications[1], body=marked("coach-comment"))
    # The marker, and bob's secrets that carry no marker of their own.
    secrets = [MARKER, feed.token, letter.file.name]
    return {"bob": bob, "letter": letter, "secrets": secrets, "values": sorted(set(MARKED)) + secrets[1:]}


@pytest.fixture
def alices_world(alice):
    """Alice's own records, at the company bob also applied to, so every list and draft
    has something in it."""
    alice.skills_summary = "Twelve years running supply points."
    alice.save()
    opportunity = OpportunityFactory(owner=alice, organization=SHARED_COMPANY)
    contacts = [ContactFactory(owner=alice, company=SHARED_COMPANY, role=role) for role in ContactRole.values]
    application = ApplicationFactory(
        owner=alice,
        company=SHARED_COMPANY,
        role="Warehouse supervisor",
        status=Status.WAITING,
        opportunity=opportunity,
    )
    interview = InterviewFactory(
        application=application,
        starts_at=timezone.now() - dt.timedelta(days=10),
        promised_on=None,
    )
    interview.interviewers.set(contacts[:1])
    application.refresh_plan()
    LetterFactory(owner=alice)
    CalendarFeed.objects.create(owner=alice)
    return {"application": application}


def assert_no_secret(text, secrets, where):
    lowered = text.lower()
    found = [secret for secret in secrets if secret.lower() in lowered]
    assert not found, f"{where} shows bob's {found}"


def page_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def test_bobs_marker_is_really_in_his_own_pages(client, bobs_world):
    # Guards every test below: the marker is what bob's own pages show.
    client.force_login(bobs_world["bob"])
    for name in (
        "application_list",
        "contact_list",
        "opportunity_list",
        "recommendations",
        "dashboard",
        "data_import",
        "share_list",
    ):
        assert MARKER in page_text(client.get(reverse(name))), name
    # The coach's comment shows on bob's own application page.
    comment = CoachComment.objects.get(share__owner=bobs_world["bob"])
    assert comment.body in page_text(client.get(comment.application.get_absolute_url()))
    export = client.get(reverse("data_export_download"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(export.streaming_content)))
    assert all(
        MARKER.encode() in archive.read(name)
        for name in archive.namelist()
        if name.endswith((".json", ".pdf"))
    )


def test_no_page_of_alices_shows_bobs_records(client, alice, alices_world, bobs_world):
    client.force_login(alice)
    urls = []
    for pattern in project_patterns():
        if pattern.name in POST_ONLY | SIGNED_TOKEN:
            continue
        urls.append(build(pattern, alice)[0])
    urls += [reverse("account_email"), reverse("profile")]
    assert len(urls) > 40
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_no_secret(page_text(response), bobs_world["secrets"], url)


LIST_QUERIES = (
    [{"q": MARKER}, {"q": SHARED_COMPANY}, {"q": marked("role")}]
    + [{"status": status} for status in Status.values]
    + [{"show": show} for show in ("overdue", "due_today", "upcoming", "no_date_given", "let_go")]
    + [{"page": "2"}]
)


@pytest.mark.parametrize("query", LIST_QUERIES, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_application_list_filters_and_search_show_only_alices(client, alice, alices_world, bobs_world, query):
    client.force_login(alice)
    response = client.get(reverse("application_list"), query)
    assert response.status_code == 200
    assert all(application.owner == alice for application in response.context["page"])
    if "q" in query:
        # The page repeats the search words; anything else of bob's must not be there.
        secrets = [value for value in bobs_world["values"] if value.lower() not in query["q"].lower()]
        assert len(secrets) > 20
    else:
        secrets = bobs_world["secrets"]
    assert_no_secret(page_text(response), secrets, f"the application list {query}")


def test_searching_for_the_shared_company_finds_alices_application_only(
    client, alice, alices_world, bobs_world
):
    client.force_login(alice)
    page = client.get(reverse("application_list"), {"q": SHARED_COMPANY})
    assert list(page.context["page"]) == [alices_world["application"]]


@pytest.mark.parametrize(
    "name",
    ["dashboard", "pipeline", "contact_list", "opportunity_list", "recommendations", "calendar_settings"],
)
def test_every_list_page_shows_only_alices(client, alice, alices_world, bobs_world, name):
    client.force_login(alice)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert SHARED_COMPANY in page_text(response) or name in {
        "pipeline",
        "recommendations",
        "calendar_settings",
    }
    assert_no_secret(page_text(response), bobs_world["secrets"], name)


def test_export_zip_holds_nothing_of_bobs(client, alice, alices_world, bobs_world):
    client.force_login(alice)
    response = client.get(reverse("data_export_download"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "data.json" in names and any(name.endswith(".pdf") for name in names)
    assert SHARED_COMPANY.encode() in archive.read("data.json")
    for name in names:
        assert_no_secret(name, bobs_world["secrets"], f"the export's file name {name}")
        assert_no_secret(archive.read(name).decode("latin-1"), bobs_world["secrets"], f"the export's {name}")


def test_alices_calendar_feed_holds_nothing_of_bobs(client, alice, alices_world, bobs_world):
    feed = client.get(reverse("calendar_feed", kwargs={"token": alice.calendar_feed.token}))
    assert feed.status_code == 200
    text = page_text(feed)
    assert "BEGIN:VEVENT" in text and SHARED_COMPANY in text
    assert_no_secret(text, bobs_world["secrets"], "alice's calendar feed")


def test_no_draft_of_alices_offers_bobs_people_or_words(client, alice, alices_world, bobs_world):
    client.force_login(alice)
    application = alices_world["application"]
    seen = [page_text(client.get(reverse("draft_list", kwargs={"application_id": application.pk})))]
    opened = 0
    for kind in DraftKind.values:
        response = client.post(
            reverse("draft_open", kwargs={"application_id": application.pk, "kind": kind}), follow=True
        )
        seen.append(page_text(response))
        opened += response.redirect_chain != []
    assert opened >= 3, "most kinds of draft should open for an interviewed application"
    for draft in Draft.objects.filter(application__owner=alice):
        seen.append(page_text(client.get(reverse("draft_detail", kwargs={"draft_id": draft.pk}))))
        seen.append(f"{draft.subject}\n{draft.body}\n{draft.personal_detail}\n{draft.contact}")
    for number, text in enumerate(seen):
        assert_no_secret(text, bobs_world["secrets"], f"alice's draft page #{number}")


def test_csv_import_screens_show_nothing_of_bobs(client, alice, alices_world, bobs_world):
    client.force_login(alice)
    seen = [page_text(client.get(reverse("data_import")))]
    upload = SimpleUploadedFile(
        "mine.csv",
        f"Company,Role\n{SHARED_COMPANY},Dispatcher\n,Missing company\n".encode(),
        content_type="text/csv",
    )
    response = client.post(reverse("data_import"), {"file": upload}, follow=True)
    seen.append(page_text(response))
    job = ImportJob.objects.get(owner=alice)
    preview = reverse("import_preview", kwargs={"job_id": job.pk})
    optional = ["status", "applied_on", "posting_url", "source", "notes", "interview_on", "promised_on"]
    mapping = {"company": "0", "role": "1", **dict.fromkeys(optional, "")}
    seen.append(page_text(client.post(preview, mapping)))
    bad = client.post(preview, {**mapping, "action": "confirm"})
    assert bad.status_code == 400, "the row without a company should be refused"
    seen.append(page_text(bad))
    seen.append(page_text(client.get(reverse("import_status", kwargs={"job_id": job.pk}))))
    seen.append(page_text(client.get(reverse("data_import"))))
    for number, text in enumerate(seen):
        assert_no_secret(text, bobs_world["secrets"], f"alice's import screen #{number}")
