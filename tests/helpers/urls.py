"""The URL catalogue: every URL of our apps, read from the root URLconf, and how
to point each one at a fresh record of a given owner.

Generated from the URL configuration itself, so a view cannot be added without
being covered: a new URL kwarg with no factory fails ``build``, and
tests/test_ownership.py fails on an unnamed pattern.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from applications.choices import Status
from exports.models import ImportJob
from outreach.services import draft_open
from tests.factories import (
    ApplicationFactory,
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    LetterFactory,
    OpportunityFactory,
    ReplyFactory,
    ShareFactory,
)

# Not an owned object: the signed token in the URL names the user, so it answers
# the same to anyone holding the link, signed in or out (RFC 8058 one-click).
# Its own tests are in tests/test_reminders.py (good, tampered and stale tokens).
# The calendar feed is the same: its long random token is the key (tests/test_feeds.py).
# The coach's page, its comment form and the coach's stop-emails link likewise
# (tests/test_sharing.py). So are a reminder email's one-click answers
# (tests/test_email_answers.py: tampered, expired, replayed, another user's, a step the plan has left).
SIGNED_TOKEN = {
    "unsubscribe",
    "calendar_feed",
    "coach_page",
    "coach_comment",
    "coach_emails_stop",
    "reminder_answer",
}


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
# Every URL that points at something its owner owns, or needs no object at all.
PATTERNS = [p for p in ALL_PATTERNS if getattr(p, "name", None) not in SIGNED_TOKEN]

# Views that only accept POST (a GET is 405, for the owner and everyone else).
POST_ONLY = {
    "opportunity_star",
    "draft_open",
    "draft_sent",
    "draft_call",
    "draft_recipient_add",
    "calendar_create",
    "calendar_regenerate",
    "calendar_revoke",
    "share_revoke",
    "share_new_link",
}


def interviewed_application(owner):
    """An application whose interview has happened and whose first follow-up is due (20 days
    on, past any 7-business-day wait), so every message can be drafted and sent."""
    application = ApplicationFactory(owner=owner, status=Status.WAITING)
    InterviewFactory(
        application=application, starts_at=timezone.now() - dt.timedelta(days=20), promised_on=None
    )
    application.refresh_plan()
    return application


def a_draft(owner):
    """A status request to the company's recruiter (an email is marked sent only to a named person)."""
    application = interviewed_application(owner)
    ContactFactory(
        owner=owner, company=application.company, role="recruiter", work_email="recruiter@company.example"
    )
    return draft_open(application=application, kind="status_request")


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
    "share_id": lambda owner: ShareFactory(owner=owner),
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


def kwarg_names(pattern):
    return list(pattern.pattern.regex.groupindex)


def name_of(pattern):
    return getattr(pattern, "name", None) or repr(pattern)


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
