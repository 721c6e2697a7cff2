"""Every object URL of one user answers 404 to every other user.

The tables below are generated from the URL configuration itself (the catalogue
in tests/helpers/urls.py), so a view cannot be added without being covered
here: a new URL kwarg with no factory fails, and so does an unnamed pattern.
"""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import URLPattern, reverse

from applications.models import Application, Contact, FollowUp, Interview, Letter, Opportunity, Reply
from outreach.models import Draft
from sharing.models import CoachComment, Share
from tests.factories import PDF_BYTES
from tests.helpers.urls import (
    ALL_PATTERNS,
    KWARG_FACTORIES,
    KWARG_VALUES,
    PATTERNS,
    POST_ONLY,
    SIGNED_TOKEN,
    URL_FACTORIES,
    build,
    kwarg_names,
    name_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

# Pages anyone may see.
PUBLIC = {"home", "guide"}
# Views that answer the owner's GET with something other than 200.
OWNER_GET_STATUS = {"home": 302, "import_job": 302, **dict.fromkeys(POST_ONLY, 405)}
# Object pages that only show something: a POST to them changes nothing and answers 200.
READ_ONLY = {
    "application_detail",
    "letter_file",
    "draft_list",
    "interview_ics",
    "import_status",
    "share_preview",
}


ALL = [pytest.param(p, id=name_of(p)) for p in PATTERNS]
OBJECT_URLS = [pytest.param(p, id=name_of(p)) for p in PATTERNS if kwarg_names(p)]
OBJECT_GET_URLS = [
    pytest.param(p, id=name_of(p)) for p in PATTERNS if kwarg_names(p) and p.name not in POST_ONLY
]
SIGNED_IN_ONLY = [pytest.param(p, id=name_of(p)) for p in PATTERNS if p.name not in PUBLIC]


def plausible_post(url_name=""):
    """Fields the form behind ``url_name`` accepts (each form ignores the others' fields)."""
    data = {
        # application
        "company": "Globex",
        "role": "Warehouse supervisor",
        "status": "applied",
        "applied_on": "2026-11-02",
        "posting_url": "https://globex.example.com/jobs/7",
        "source": "Hiring fair",
        # interview, follow-up, reply
        "day": "2026-11-30",
        "time": "10:00",
        "format": "phone",
        "rapport": "went_well",
        "asked_about_timing": "True",
        "promised_on": "2026-12-04",
        "channel": "call",
        "outcome": "no",
        # contact
        "name": "Sam Stranger",
        "title": "Recruiter",
        "work_email": "sam@globex.example.com",
        # letter and opportunity
        "author": "Someone Else",
        "job_kind": "Warehousing",
        "kind": "job",
        "starred": "on",
        "organization": "Globex",
        "link": "https://globex.example.com/",
        "file": SimpleUploadedFile("other.pdf", PDF_BYTES, content_type="application/pdf"),
        "notes": "Posted by someone else.",
        "note": "Posted by someone else.",
        # draft
        "subject": "Following up",
        "body": "Any news on the timeline?",
    }
    if url_name.startswith("contact_"):
        data["role"] = "recruiter"  # a contact's role is a choice, an application's is free text
    if url_name == "draft_recipient_add":  # the new person's fields carry a prefix
        data.update(
            {"new-name": "Sam Stranger", "new-role": "recruiter", "new-work_email": "sam@globex.example.com"}
        )
    if url_name == "draft_call":
        data["outcome"] = "voicemail"  # a call's outcome, not a reply's
    if url_name == "import_preview":
        data.update(
            dict.fromkeys(
                ["status", "applied_on", "posting_url", "source", "notes", "interview_on", "promised_on"], ""
            )
        )
        data.update(company="0", role="1", action="confirm")  # column numbers, and "import them"
    return data


def snapshot(record):
    """Everything that could change: the record's fields, its file, and how many of each record exist."""
    record = type(record).objects.get(pk=record.pk)
    fields = model_to_dict(record)
    if isinstance(record, Letter):
        fields["file"] = (record.file.name, record.file.storage.exists(record.file.name))
    models = (
        Application,
        Interview,
        FollowUp,
        Reply,
        Contact,
        Letter,
        Opportunity,
        Draft,
        Share,
        CoachComment,
    )
    counts = {model.__name__: model.objects.count() for model in models}
    counts["interviewers"] = Interview.interviewers.through.objects.count()
    return fields, counts


def test_every_url_is_named_and_covered():
    assert {getattr(p, "name", None) for p in ALL_PATTERNS} >= SIGNED_TOKEN, (
        "a name in SIGNED_TOKEN no longer exists"
    )
    assert {"applications", "accounts", "outreach", "feeds", "exports", "sharing"} <= set(settings.LOCAL_APPS)
    assert all(kwarg_names(p) == ["token"] for p in ALL_PATTERNS if getattr(p, "name", None) in SIGNED_TOKEN)
    names = [getattr(p, "name", None) for p in PATTERNS]
    assert all(isinstance(p, URLPattern) for p in ALL_PATTERNS), (
        "an include() here would hide its views from these tests"
    )
    assert None not in names, "every URL needs a name to be covered here"
    assert len(names) == len(set(names))
    everything = set(names)
    object_urls = {p.name for p in PATTERNS if kwarg_names(p)}
    assert {p.values[0].name for p in OBJECT_URLS} == object_urls
    assert {p.values[0].name for p in OBJECT_GET_URLS} | (POST_ONLY & object_urls) == object_urls
    assert {p.values[0].name for p in SIGNED_IN_ONLY} | PUBLIC == everything
    assert {p.values[0].name for p in ALL} == everything
    assert PUBLIC | POST_ONLY | READ_ONLY | set(OWNER_GET_STATUS) <= everything, (
        "a name in these tables no longer exists"
    )
    # The kwargs the tables know are exactly the ones the URLs use.
    assert {kwarg for p in PATTERNS for kwarg in kwarg_names(p)} == set(KWARG_FACTORIES) | set(KWARG_VALUES)
    assert not set(KWARG_FACTORIES) & set(KWARG_VALUES)
    assert set(URL_FACTORIES) <= everything


@pytest.mark.parametrize("pattern", OBJECT_GET_URLS)
def test_stranger_gets_404(client, alice, bob, pattern):
    url, record = build(pattern, alice)
    before = snapshot(record)
    client.force_login(bob)
    assert client.get(url).status_code == 404
    assert snapshot(record) == before


@pytest.mark.parametrize("pattern", OBJECT_URLS)
def test_stranger_gets_404_when_posting(client, alice, bob, pattern):
    url, record = build(pattern, alice)
    before = snapshot(record)
    client.force_login(bob)
    assert client.post(url, plausible_post(pattern.name)).status_code == 404
    assert snapshot(record) == before, "a stranger's POST changed or deleted the owner's record"


@pytest.mark.parametrize("pattern", OBJECT_URLS)
def test_the_strangers_post_would_have_been_accepted_from_the_owner(client, alice, pattern):
    # Guards the test above: its 404 means something only if the same data works for the owner.
    url, record = build(pattern, alice)
    client.force_login(alice)
    response = client.post(url, plausible_post(pattern.name))
    assert response.status_code == (200 if pattern.name in READ_ONLY else 302)
    response.close()


@pytest.mark.parametrize("pattern", [p for p in OBJECT_URLS if p.values[0].name in POST_ONLY])
def test_stranger_gets_the_same_answer_as_for_a_missing_record(client, alice, bob, pattern):
    url, record = build(pattern, alice)
    missing_kwargs = {kwarg: KWARG_VALUES.get(kwarg, record.pk + 1000) for kwarg in kwarg_names(pattern)}
    missing = reverse(pattern.name, kwargs=missing_kwargs)
    client.force_login(bob)
    assert client.get(url).status_code == client.get(missing).status_code == 405
    assert client.post(url).status_code == client.post(missing).status_code == 404


@pytest.mark.parametrize("pattern", SIGNED_IN_ONLY)
def test_signed_out_visitor_is_asked_to_log_in(client, alice, pattern):
    url, record = build(pattern, alice)
    before = snapshot(record) if record else None
    login = f"{reverse('account_login')}?next={url}"
    for response in (client.get(url), client.post(url, plausible_post(pattern.name))):
        assert response.status_code == 302
        assert response["Location"] == login
    if record:
        assert snapshot(record) == before


def test_home_is_open_to_signed_out_visitors(client):
    assert client.get(reverse("home")).status_code == 200


def test_the_guide_is_open_to_signed_out_visitors(client):
    response = client.get(reverse("guide"))
    assert response.status_code == 200
    assert b"The follow-up playbook" in response.content


@pytest.mark.parametrize("pattern", ALL)
def test_owner_can_open_every_page(client, alice, pattern):
    url, record = build(pattern, alice)
    before = snapshot(record) if record else None
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == OWNER_GET_STATUS.get(pattern.name, 200)
    if pattern.name == "home":
        assert response["Location"] == reverse("dashboard")
    # Opening a page changes nothing; nor does a GET to a button that only takes a POST (the star).
    if record:
        assert snapshot(record) == before, "the owner's GET changed a record"
    response.close()
