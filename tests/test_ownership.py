"""Every object URL of one user answers 404 to every other user.

The tables below are generated from the URL configuration itself, so a view
cannot be added without being covered here: a new URL kwarg with no factory
fails, and so does an unnamed pattern.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from applications.choices import Status
from applications.models import Application, Contact, FollowUp, Interview, Letter, Opportunity, Reply
from exports.models import ImportJob
from outreach.models import Draft
from outreach.services import draft_open
from tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    LetterFactory,
    OpportunityFactory,
    ReplyFactory,
)

pytestmark = pytest.mark.django_db

# Not an owned object: the signed token in the URL names the user, so it answers
# the same to anyone holding the link, signed in or out (RFC 8058 one-click).
# Its own tests are in tests/test_reminders.py (good, tampered and stale tokens).
# The calendar feed is the same: its long random token is the key (tests/test_feeds.py).
SIGNED_TOKEN = {"unsubscribe", "calendar_feed"}


def project_patterns():
    """Every URL of every app of ours, read from the root URLconf, so a new app or
    view is covered here without anyone remembering to add it."""
    patterns = []
    for entry in get_resolver().url_patterns:
        module = getattr(entry, "urlconf_module", None)
        if (
            isinstance(entry, URLResolver)
            and getattr(module, "__name__", "").split(".")[0] in settings.LOCAL_APPS
        ):
            patterns.extend(entry.url_patterns)
    return patterns


ALL_PATTERNS = project_patterns()
PATTERNS = [p for p in ALL_PATTERNS if getattr(p, "name", None) not in SIGNED_TOKEN]


def interviewed_application(owner):
    """An application whose interview has happened, so every message can be drafted."""
    application = ApplicationFactory(owner=owner, status=Status.WAITING)
    InterviewFactory(
        application=application, starts_at=timezone.now() - dt.timedelta(days=10), promised_on=None
    )
    application.refresh_plan()
    return application


def a_draft(owner):
    return draft_open(application=interviewed_application(owner), kind="status_request")


# URL kwarg -> how to make the owner's object it points at.
KWARG_FACTORIES = {
    "application_id": lambda owner: ApplicationFactory(owner=owner),
    "interview_id": lambda owner: InterviewFactory(application__owner=owner),
    "follow_up_id": lambda owner: FollowUpFactory(application__owner=owner),
    "reply_id": lambda owner: ReplyFactory(application__owner=owner),
    "contact_id": lambda owner: ContactFactory(owner=owner),
    "letter_id": lambda owner: LetterFactory(owner=owner),
    "opportunity_id": lambda owner: OpportunityFactory(owner=owner),
    "draft_id": a_draft,
    "job_id": lambda owner: ImportJob.objects.create(
        owner=owner,
        file_name="mine.csv",
        csv_text="Company,Role\nAcme,Driver\n",
        total_rows=1,
        mapping={"company": 0, "role": 1},
    ),
}
# URL kwargs that are not objects: a fixed valid value.
KWARG_VALUES = {"kind": "status_request"}
# URL name -> kwarg -> a factory for this URL only (a draft needs an interview to be opened).
URL_FACTORIES = {"draft_open": {"application_id": interviewed_application}}

# Pages anyone may see.
PUBLIC = {"home", "guide"}
# Views that only accept POST (a GET is 405, for the owner and everyone else).
POST_ONLY = {
    "opportunity_star",
    "draft_open",
    "draft_sent",
    "draft_call",
    "calendar_create",
    "calendar_regenerate",
    "calendar_revoke",
}
# Views that answer the owner's GET with something other than 200.
OWNER_GET_STATUS = {"home": 302, "import_job": 302, **dict.fromkeys(POST_ONLY, 405)}
# Object pages that only show something: a POST to them changes nothing and answers 200.
READ_ONLY = {"application_detail", "letter_file", "draft_list", "interview_ics", "import_status"}


def kwarg_names(pattern):
    return list(pattern.pattern.regex.groupindex)


def name_of(pattern):
    return getattr(pattern, "name", None) or repr(pattern)


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


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Letters go to a temporary folder; any file a test leaves behind is removed."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    root = Path(Letter._meta.get_field("file").storage.location)
    before = set(root.rglob("*")) if root.exists() else set()
    yield tmp_path
    if root.exists():
        for path in set(root.rglob("*")) - before:
            if path.is_file():
                path.unlink()


def build(pattern, owner):
    """The pattern's URL pointing at a fresh object of ``owner``, and that object."""
    kwargs, record = {}, None
    for kwarg in kwarg_names(pattern):
        if kwarg in KWARG_VALUES:
            kwargs[kwarg] = KWARG_VALUES[kwarg]
            continue
        factory = URL_FACTORIES.get(pattern.name, {}).get(kwarg) or KWARG_FACTORIES.get(kwarg)
        if factory is None:
            pytest.fail(
                f"URL {pattern.name!r} takes {kwarg!r}, and there is no factory for it: "
                f"add one to KWARG_FACTORIES in {__name__} so strangers are checked against it"
            )
        record = factory(owner)
        kwargs[kwarg] = record.pk
    return reverse(pattern.name, kwargs=kwargs), record


def snapshot(record):
    """Everything that could change: the record's fields, its file, and how many of each record exist."""
    record = type(record).objects.get(pk=record.pk)
    fields = model_to_dict(record)
    if isinstance(record, Letter):
        fields["file"] = (record.file.name, record.file.storage.exists(record.file.name))
    models = (Application, Interview, FollowUp, Reply, Contact, Letter, Opportunity, Draft)
    counts = {model.__name__: model.objects.count() for model in models}
    counts["interviewers"] = Interview.interviewers.through.objects.count()
    return fields, counts


def test_every_url_is_named_and_covered():
    assert {getattr(p, "name", None) for p in ALL_PATTERNS} >= SIGNED_TOKEN, (
        "a name in SIGNED_TOKEN no longer exists"
    )
    assert {"applications", "accounts", "outreach", "feeds", "exports"} <= set(settings.LOCAL_APPS)
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
    url, _ = build(pattern, alice)
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == OWNER_GET_STATUS.get(pattern.name, 200)
    if pattern.name == "home":
        assert response["Location"] == reverse("dashboard")
    response.close()
