"""Outreach drafts: which message the playbook offers and why, what each draft
says, how it leaves the app (mailto:), when a call is welcome, and the
guardrails of step 6 as a user meets them through the views.

The view tests travel to Tuesday 8 December 2026, 10:00 in New York: the
factory interview (Monday 30 November, answer promised by Friday 4 December)
has happened and its first follow-up fell due on Monday 7 December.
"""

import datetime as dt
import html
import itertools
import re
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import User
from applications.choices import CallOutcome, ContactRole, FollowUpChannel, Influence, Rapport, Status, Step
from applications.models import Application, Contact, FollowUp, Interview, Letter
from config.celery_app import app as celery_app
from outreach import reminders
from outreach.drafts import draft_findings, mailto_link, render_draft
from outreach.models import Draft
from outreach.playbook import (
    COUNTS_AS_FOLLOW_UP,
    DraftKind,
    Situation,
    choose_recipient,
    offered_drafts,
    working_hours,
)
from tests.factories import ApplicationFactory, ContactFactory, FollowUpFactory, InterviewFactory, UserFactory

UTC = dt.UTC
K = DraftKind
NOW = dt.datetime(2026, 12, 8, 15, 0, tzinfo=UTC)  # Tuesday, 10:00 in New York
COMPANY = "Northwind Logistics"
ROLE = "Operations Supervisor"


# =====================================================================================
# 1. Which messages the playbook offers, best first, and which it refuses (pure)
# =====================================================================================

BASE_SITUATION = dict(
    rapport=Rapport.NEUTRAL,
    step=Step.FIRST,
    follow_ups_left=2,
    interviewed=True,
    thanked=True,
    roles={ContactRole.RECRUITER},
    has_letter=False,
    has_influential_referrer=False,
    has_network_contact=False,
)
RECRUITER, HIRING_MANAGER, SUPERVISOR, INTERVIEWER = (
    ContactRole.RECRUITER,
    ContactRole.HIRING_MANAGER,
    ContactRole.FUTURE_SUPERVISOR,
    ContactRole.INTERVIEWER,
)
EVERYTHING = (
    dict(  # every extra a user could have: not thanked yet, every role, a letter, an influential friend
        thanked=False,
        roles={RECRUITER, HIRING_MANAGER, SUPERVISOR, INTERVIEWER},
        has_letter=True,
        has_influential_referrer=True,
        has_network_contact=True,
    )
)
FINAL = dict(step=Step.FINAL, follow_ups_left=1)
MOVE_ON = dict(step=Step.MOVE_ON, follow_ups_left=0)
WENT_WELL = dict(rapport=Rapport.WENT_WELL)
UNEASY = dict(rapport=Rapport.UNEASY, follow_ups_left=1)  # one follow-up allowed after an uneasy interview

REASON_MOVE_ON = "move on"
REASON_UNEASY = "uneasy"
REASON_NOT_INTERVIEWED = "Log the interview first"
REASON_NO_MANAGER = "hiring manager"


def situation(*parts, **changes):
    fields = dict(BASE_SITUATION)
    for part in parts:
        fields.update(part)
    fields.update(changes)
    fields["roles"] = frozenset(fields["roles"])
    return Situation(**fields)


# (situation, offered kinds in order, {refused kind: what its reason must mention})
CHOICE_TABLE = [
    # --- went well: warmer note and a call come before the plain status request ---
    pytest.param(
        situation(WENT_WELL),
        [K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {},
        id="went_well/first/2-left/recruiter",
    ),
    pytest.param(
        situation(WENT_WELL, thanked=False),
        [K.THANK_YOU, K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {},
        id="went_well/first/not-thanked-yet",
    ),
    pytest.param(
        situation(WENT_WELL, has_letter=True),
        [K.WARM_CHECK_IN, K.CALL_SCRIPT, K.RECOMMENDATION_ENCLOSURE, K.STATUS_REQUEST],
        {},
        id="went_well/first/letter",
    ),
    pytest.param(
        situation(WENT_WELL, has_influential_referrer=True, has_network_contact=True),
        [
            K.WARM_CHECK_IN,
            K.CALL_SCRIPT,
            K.RECOMMENDATION_ENCLOSURE,
            K.STATUS_REQUEST,
            K.RECOMMENDATION_REQUEST,
        ],
        {},
        id="went_well/first/influential-referrer",
    ),
    pytest.param(
        situation(WENT_WELL, roles={RECRUITER, HIRING_MANAGER}),
        [K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {},
        id="went_well/first/hiring-manager-not-yet",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL, roles={RECRUITER, HIRING_MANAGER}),
        [K.HIRING_MANAGER_NOTE, K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {},
        id="went_well/final/1-left/hiring-manager",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL, roles={SUPERVISOR}),
        [K.HIRING_MANAGER_NOTE, K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {},
        id="went_well/final/future-supervisor-only",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL),
        [K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {K.HIRING_MANAGER_NOTE: REASON_NO_MANAGER},
        id="went_well/final/recruiter-only",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL, roles=set()),
        [K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST],
        {K.HIRING_MANAGER_NOTE: REASON_NO_MANAGER},
        id="went_well/final/no-work-contacts",
    ),
    pytest.param(
        situation(WENT_WELL, FINAL, EVERYTHING),
        [
            K.THANK_YOU,
            K.HIRING_MANAGER_NOTE,
            K.WARM_CHECK_IN,
            K.CALL_SCRIPT,
            K.RECOMMENDATION_ENCLOSURE,
            K.STATUS_REQUEST,
            K.RECOMMENDATION_REQUEST,
        ],
        {},
        id="went_well/final/everything",
    ),
    pytest.param(
        situation(WENT_WELL, MOVE_ON, EVERYTHING),
        [],
        {K.STATUS_REQUEST: REASON_MOVE_ON},
        id="went_well/move_on/0-left/everything",
    ),
    # --- neutral: the status request first, a recommendation as a second choice ---
    pytest.param(situation(), [K.STATUS_REQUEST], {}, id="neutral/first/2-left/recruiter"),
    pytest.param(
        situation(thanked=False), [K.THANK_YOU, K.STATUS_REQUEST], {}, id="neutral/first/not-thanked-yet"
    ),
    pytest.param(situation(roles=set()), [K.STATUS_REQUEST], {}, id="neutral/first/no-work-contacts"),
    pytest.param(
        situation(has_letter=True),
        [K.STATUS_REQUEST, K.RECOMMENDATION_ENCLOSURE],
        {},
        id="neutral/first/letter",
    ),
    pytest.param(
        situation(has_influential_referrer=True, has_network_contact=True),
        [K.STATUS_REQUEST, K.RECOMMENDATION_ENCLOSURE, K.RECOMMENDATION_REQUEST],
        {},
        id="neutral/first/influential-referrer",
    ),
    pytest.param(
        situation(has_network_contact=True),
        [K.STATUS_REQUEST, K.RECOMMENDATION_REQUEST],
        {},
        id="neutral/first/network-contact-of-little-influence",
    ),
    pytest.param(
        situation(FINAL, roles={RECRUITER, HIRING_MANAGER}),
        [K.HIRING_MANAGER_NOTE, K.STATUS_REQUEST],
        {},
        id="neutral/final/1-left/hiring-manager",
    ),
    pytest.param(
        situation(FINAL),
        [K.STATUS_REQUEST],
        {K.HIRING_MANAGER_NOTE: REASON_NO_MANAGER},
        id="neutral/final/recruiter-only",
    ),
    pytest.param(
        situation(FINAL, roles={RECRUITER, INTERVIEWER}),
        [K.STATUS_REQUEST],
        {K.HIRING_MANAGER_NOTE: REASON_NO_MANAGER},
        id="neutral/final/interviewer-is-not-a-manager",
    ),
    pytest.param(
        situation(FINAL, EVERYTHING),
        [
            K.THANK_YOU,
            K.HIRING_MANAGER_NOTE,
            K.STATUS_REQUEST,
            K.RECOMMENDATION_ENCLOSURE,
            K.RECOMMENDATION_REQUEST,
        ],
        {},
        id="neutral/final/everything",
    ),
    pytest.param(situation(MOVE_ON), [], {K.STATUS_REQUEST: REASON_MOVE_ON}, id="neutral/move_on/0-left"),
    pytest.param(
        situation(MOVE_ON, EVERYTHING),
        [],
        {K.STATUS_REQUEST: REASON_MOVE_ON},
        id="neutral/move_on/0-left/everything",
    ),
    # --- uneasy: one polite request for news, nothing else ---
    pytest.param(
        situation(UNEASY),
        [K.STATUS_REQUEST],
        {K.WARM_CHECK_IN: REASON_UNEASY},
        id="uneasy/first/1-left/recruiter",
    ),
    pytest.param(
        situation(UNEASY, EVERYTHING),
        [K.STATUS_REQUEST],
        {K.WARM_CHECK_IN: REASON_UNEASY},
        id="uneasy/first/1-left/everything",
    ),
    pytest.param(
        situation(UNEASY, roles=set()),
        [K.STATUS_REQUEST],
        {K.WARM_CHECK_IN: REASON_UNEASY},
        id="uneasy/first/no-work-contacts",
    ),
    pytest.param(
        situation(UNEASY, MOVE_ON, EVERYTHING),
        [],
        {K.STATUS_REQUEST: REASON_MOVE_ON},
        id="uneasy/move_on/0-left/everything",
    ),
    # --- no interview yet: nothing to follow up on ---
    pytest.param(
        situation(interviewed=False, thanked=False),
        [],
        {K.STATUS_REQUEST: REASON_NOT_INTERVIEWED},
        id="not-interviewed/neutral",
    ),
    pytest.param(
        situation(WENT_WELL, EVERYTHING, interviewed=False),
        [],
        {K.STATUS_REQUEST: REASON_NOT_INTERVIEWED},
        id="not-interviewed/went_well/everything",
    ),
    pytest.param(
        situation(UNEASY, interviewed=False),
        [],
        {K.STATUS_REQUEST: REASON_NOT_INTERVIEWED},
        id="not-interviewed/uneasy",
    ),
]


@pytest.mark.parametrize(("s", "offered", "refused"), CHOICE_TABLE)
def test_the_playbook_offers_the_right_messages_in_order(s, offered, refused):
    offers, refusals = offered_drafts(s)
    assert [offer.kind for offer in offers] == offered
    assert {refusal.kind: refusal.why for refusal in refusals}.keys() == refused.keys()
    for refusal in refusals:
        assert refused[refusal.kind].lower() in refusal.why.lower(), refusal.why
    assert all(offer.why.strip() for offer in offers), "every offer says why"
    assert not {o.kind for o in offers} & {r.kind for r in refusals}, "a kind is both offered and refused"


@pytest.mark.parametrize(
    ("step", "thanked", "roles", "has_letter", "has_influential_referrer", "has_network_contact"),
    list(
        itertools.product(
            [Step.FIRST, Step.FINAL],
            [True, False],
            [
                frozenset(),
                frozenset({RECRUITER}),
                frozenset({RECRUITER, HIRING_MANAGER, SUPERVISOR, INTERVIEWER}),
            ],
            [True, False],
            [True, False],
            [True, False],
        )
    ),
)
def test_after_an_uneasy_interview_only_the_status_request_is_offered(
    step, thanked, roles, has_letter, has_influential_referrer, has_network_contact
):
    s = Situation(
        rapport=Rapport.UNEASY,
        step=step,
        follow_ups_left=1,
        interviewed=True,
        thanked=thanked,
        roles=roles,
        has_letter=has_letter,
        has_influential_referrer=has_influential_referrer,
        has_network_contact=has_network_contact,
    )
    offers, refusals = offered_drafts(s)
    assert [offer.kind for offer in offers] == [K.STATUS_REQUEST]
    assert "then move on" in offers[0].why


def test_the_messages_that_do_not_count_say_so():
    offers, _ = offered_drafts(situation(thanked=False, has_network_contact=True))
    why = {offer.kind: offer.why for offer in offers}
    assert "does not count as a follow-up" in why[K.THANK_YOU]
    assert "does not count as a follow-up" in why[K.RECOMMENDATION_REQUEST]
    assert {K.THANK_YOU, K.RECOMMENDATION_REQUEST}.isdisjoint(COUNTS_AS_FOLLOW_UP)


# --- Whom to write to -------------------------------------------------------------------


def person(name, role, *, work_email="", work_phone="", personal_email="", personal_phone=""):
    return Contact(
        name=name,
        role=role,
        company=COMPANY,
        work_email=work_email,
        work_phone=work_phone,
        personal_email=personal_email,
        personal_phone=personal_phone,
    )


DANA = person("Dana Reyes", RECRUITER, work_email="dana@northwind.example")
SAM = person("Sam Okafor", HIRING_MANAGER, work_email="sam@northwind.example", work_phone="+1 202 555 0142")
LEE_PERSONAL = person(
    "Lee Park", INTERVIEWER, personal_email="lee@home.example", personal_phone="+1 202 555 0199"
)
KIM_PERSONAL = person("Kim Lau", HIRING_MANAGER, personal_email="kim@home.example")
ROBIN_PHONE = person("Robin Diaz", INTERVIEWER, work_phone="+1 202 555 0100")
FRIEND = person("Zoë Okafor", ContactRole.NETWORK, work_email="zoe@tailspin.example")


@pytest.mark.parametrize(
    ("contacts", "kind", "phone", "expected"),
    [
        pytest.param(
            [DANA, SAM],
            K.STATUS_REQUEST,
            False,
            ("Dana Reyes", "email", "dana@northwind.example"),
            id="status-request-goes-to-recruiter",
        ),
        pytest.param(
            [DANA, SAM],
            K.HIRING_MANAGER_NOTE,
            False,
            ("Sam Okafor", "email", "sam@northwind.example"),
            id="manager-note-goes-to-manager",
        ),
        pytest.param(
            [DANA, KIM_PERSONAL],
            K.HIRING_MANAGER_NOTE,
            False,
            None,
            id="manager-with-personal-email-only-is-nobody",
        ),
        pytest.param(
            [LEE_PERSONAL, DANA],
            K.THANK_YOU,
            False,
            ("Dana Reyes", "email", "dana@northwind.example"),
            id="personal-only-interviewer-is-skipped",
        ),
        pytest.param(
            [LEE_PERSONAL, KIM_PERSONAL], K.STATUS_REQUEST, False, None, id="personal-channels-only-is-nobody"
        ),
        pytest.param(
            [ROBIN_PHONE, DANA],
            K.CALL_SCRIPT,
            True,
            ("Robin Diaz", "call", "+1 202 555 0100"),
            id="call-goes-to-work-phone",
        ),
        pytest.param(
            [LEE_PERSONAL, SAM],
            K.CALL_SCRIPT,
            True,
            ("Sam Okafor", "call", "+1 202 555 0142"),
            id="call-never-to-a-personal-phone",
        ),
        pytest.param(
            [FRIEND, DANA],
            K.RECOMMENDATION_REQUEST,
            False,
            ("Zoë Okafor", "email", "zoe@tailspin.example"),
            id="recommendation-request-goes-to-network",
        ),
        pytest.param(
            [DANA, LEE_PERSONAL],
            Step.FIRST,
            False,
            ("Dana Reyes", "email", "dana@northwind.example"),
            id="reminder-first-step",
        ),
        pytest.param(
            [DANA, SAM],
            Step.FINAL,
            False,
            ("Sam Okafor", "email", "sam@northwind.example"),
            id="reminder-final-step-prefers-manager",
        ),
    ],
)
def test_choose_recipient_uses_work_channels_only(contacts, kind, phone, expected):
    recipient = choose_recipient(contacts, kind, phone=phone)
    if expected is None:
        assert recipient is None
    else:
        assert (recipient.contact.name, recipient.channel, recipient.address) == expected
        assert recipient.address not in {c.personal_email for c in contacts} | {
            c.personal_phone for c in contacts
        }


# =====================================================================================
# 2. What each draft says
# =====================================================================================

SIGNATURE = "Alex Rivera\n(555) 010-0199\nlinkedin.com/in/alex-rivera"
SKILLS = (
    "I ran a 12-person warehouse team for eight years, kept a $4M inventory accurate to 99.8%, "
    "and planned deliveries across three states."
)
DETAIL = "the new cross-docking layout you are planning for the Memphis site"


def realistic_records(*, promised):
    user = User(
        email="alex.rivera@example.com",
        full_name="Alex Rivera",
        email_signature=SIGNATURE,
        skills_summary=SKILLS,
        time_zone="America/New_York",
    )
    application = Application(owner=user, company=COMPANY, role=ROLE)
    interview = Interview(
        application=application,
        starts_at=dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC),  # Monday 30 November, 10:00 in New York
        rapport=Rapport.WENT_WELL,
        asked_about_timing=promised,
        promised_on=dt.date(2026, 12, 4) if promised else None,
    )
    contact = Contact(
        owner=user,
        name="José Núñez",
        company=COMPANY,
        title="Talent Partner",
        role=RECRUITER,
        work_email="jose.nunez@northwind.example",
        work_phone="+1 901 555 0134",
    )
    referrer = Contact(
        owner=user,
        name="Zoë Okafor",
        company="Tailspin Freight",
        title="Director of Operations",
        role=ContactRole.NETWORK,
        influence=Influence.HIGH,
        work_email="zoe.okafor@tailspin.example",
    )
    letter = Letter(
        owner=user,
        title="Reference from my last manager",
        author="Dana Whitfield",
        job_kind="warehouse operations",
    )
    return user, application, interview, contact, referrer, letter


def render(kind, *, promised=True, enclosure="letter"):
    user, application, interview, contact, referrer, letter = realistic_records(promised=promised)
    extra = {}
    if kind == K.RECOMMENDATION_REQUEST:
        contact = referrer
    if kind == K.RECOMMENDATION_ENCLOSURE:
        extra = {"letter": letter} if enclosure == "letter" else {"referrer": referrer}
    subject, body = render_draft(
        kind,
        user=user,
        application=application,
        interview=interview,
        contact=contact,
        personal_detail=DETAIL,
        **extra,
    )
    return subject, body, contact


# Where each kind names the company (the hiring manager is written to "on your team").
NAMES_THE_COMPANY = {
    K.THANK_YOU,
    K.STATUS_REQUEST,
    K.WARM_CHECK_IN,
    K.CALL_SCRIPT,
    K.RECOMMENDATION_ENCLOSURE,
    K.RECOMMENDATION_REQUEST,
}
GREETINGS = {
    K.THANK_YOU: "Dear",
    K.STATUS_REQUEST: "Dear",
    K.WARM_CHECK_IN: "Hi",
    K.CALL_SCRIPT: "Hello",
    K.RECOMMENDATION_ENCLOSURE: "Dear",
    K.RECOMMENDATION_REQUEST: "Hi",
    K.HIRING_MANAGER_NOTE: "Dear",
}
USES_THE_DETAIL = {K.THANK_YOU, K.WARM_CHECK_IN, K.CALL_SCRIPT}
EVERY_DRAFT = [
    pytest.param(kind, promised, id=f"{kind}/{'promised-date' if promised else 'no-date-given'}")
    for kind in DraftKind
    for promised in (True, False)
]


@pytest.mark.parametrize(("kind", "promised"), EVERY_DRAFT)
def test_every_draft_passes_its_own_checks(kind, promised):
    subject, body, _ = render(kind, promised=promised)
    tone, jargon = draft_findings(subject, body)
    assert tone == [], f"the app's own {kind} draft fails its tone check: {tone}"
    assert jargon == [], f"the app's own {kind} draft fails its plain-language check: {jargon}"


@pytest.mark.parametrize(("kind", "promised"), EVERY_DRAFT)
def test_every_draft_is_complete_and_addressed(kind, promised):
    subject, body, contact = render(kind, promised=promised)
    text = f"{subject}\n{body}"
    assert subject and "\n" not in subject
    assert ROLE in text
    if kind in NAMES_THE_COMPANY:
        assert COMPANY in text
    first_name = contact.name.split()[0]
    assert re.search(rf"^.*\b{GREETINGS[kind]} {first_name},", body, re.MULTILINE), body
    assert "Núñez" not in body.split("\n")[0], "greets by first name, not full name"
    for leftover in ("{{", "{%", "}}", "None", "[your name]", "\n\n\n"):
        assert leftover not in text, f"{leftover!r} left in the {kind} draft"
    if kind == K.CALL_SCRIPT:
        assert "this is Alex Rivera" in body
    else:
        assert body.endswith("Best regards,\n" + SIGNATURE + "\n")
    if kind in USES_THE_DETAIL:
        assert DETAIL in body


@pytest.mark.parametrize("promised", [True, False], ids=["promised-date", "no-date-given"])
def test_status_request_mentions_the_promised_date_when_there_is_one(promised):
    subject, body, _ = render(K.STATUS_REQUEST, promised=promised)
    assert subject == f"Following up — {ROLE}"
    assert "November 30" in body  # the interview
    if promised:
        assert "around December 4" in body
    else:
        assert "December 4" not in body and "mentioned a decision" not in body


def test_hiring_manager_note_names_the_users_skills():
    _, body, _ = render(K.HIRING_MANAGER_NOTE)
    assert SKILLS in body


@pytest.mark.parametrize("enclosure", ["letter", "referrer"])
def test_recommendation_enclosure_names_the_letter_or_the_referrer(enclosure):
    subject, body, _ = render(K.RECOMMENDATION_ENCLOSURE, enclosure=enclosure)
    if enclosure == "letter":
        assert "Dana Whitfield" in body and "warehouse operations" in body and "attached" in body
    else:
        assert "Zoë Okafor, Director of Operations" in body and "Dana Whitfield" not in body
    assert draft_findings(subject, body) == ([], [])


def test_a_user_with_no_signature_signs_with_their_name():
    user, application, interview, contact, _, _ = realistic_records(promised=True)
    user.email_signature = ""
    _, body = render_draft(
        K.STATUS_REQUEST, user=user, application=application, interview=interview, contact=contact
    )
    assert body.endswith("Best regards,\nAlex Rivera\n")


# =====================================================================================
# 3. mailto: links round-trip (RFC 6068)
# =====================================================================================


def parse_mailto(link):
    """(address, subject, body) read back the way a mail client reads them."""
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    assert not parts.fragment, "a raw # would cut the link short"
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert set(query) == {"subject", "body"} and all(len(v) == 1 for v in query.values()), query
    # parse_qs decodes "+" as a space (forms); a mail client may not. Both readings must agree.
    raw = dict(pair.split("=", 1) for pair in parts.query.split("&"))
    assert unquote(raw["subject"]) == query["subject"][0]
    assert unquote(raw["body"]) == query["body"][0]
    return unquote(parts.path), query["subject"][0], query["body"][0]


MAILTO_CASES = [
    pytest.param(
        "jose.nunez@northwind.example",
        "Following up — Operations Supervisor",
        "Dear José Núñez,\n\nThank you.\n\nBest regards,\nZoë",
        id="non-ascii-names",
    ),
    pytest.param(
        "hr@smith-and-sons.example",
        "Q&A: R&D role?",
        "Tom & Jerry's R&D team?\nIs 50% + 10% = 60%? #1 priority; a=b&c=d",
        id="ampersand-question-percent-plus-hash",
    ),
    pytest.param(
        "jobs+veterans@acme.example",
        "Thanks 🙏 — great talk 🎉",
        "Loved the tour 🚚🇺🇸\r\nWindows line endings\r\n\r\nstay single",
        id="emoji-and-crlf-input",
    ),
    pytest.param(
        "", "No address yet", "Spaces   and\ttabs stay.\n\n\nThree blank lines stay.", id="no-address"
    ),
    pytest.param(
        "a.b@example.com",
        "%20 is not a space, %0A is not a newline",
        "100%25 literal; %0D%0A stays text\n",
        id="percent-sequences-stay-literal",
    ),
    pytest.param(
        "x@example.com",
        "=?utf-8?q?not-encoded-word?=",
        "subject=evil&body=also evil\n&cc=victim@example.com",
        id="no-header-injection",
    ),
]


@pytest.mark.parametrize(("address", "subject", "body"), MAILTO_CASES)
def test_mailto_link_round_trips(address, subject, body):
    link = mailto_link(address, subject, body)
    assert link.isascii() and " " not in link and "\n" not in link and "\r" not in link
    parsed_address, parsed_subject, parsed_body = parse_mailto(link)
    assert parsed_address == address
    assert parsed_subject == subject
    assert parsed_body == body.replace("\r\n", "\n").replace("\n", "\r\n")
    if "\n" in body:
        assert "%0D%0A" in link


@pytest.mark.parametrize("kind", list(DraftKind))
def test_mailto_link_round_trips_every_draft(kind):
    subject, body, contact = render(kind)
    _, parsed_subject, parsed_body = parse_mailto(mailto_link(contact.work_email, subject, body))
    assert (parsed_subject, parsed_body) == (subject, body.replace("\n", "\r\n"))


# =====================================================================================
# 4. When a call is welcome: weekdays 09:00-17:00 in the company's zone
# =====================================================================================


def at(zone, *args):
    return dt.datetime(*args, tzinfo=ZoneInfo(zone))


NY, CHI, BER = "America/New_York", "America/Chicago", "Europe/Berlin"
# (now, company zone, open now?, next window as a local wall time (y, m, d, h, min), next window in UTC or None)
WORKING_HOURS = [
    pytest.param(at(NY, 2026, 12, 8, 10, 0), NY, True, (2026, 12, 8, 10, 0), None, id="tue-10:00-open"),
    pytest.param(at(NY, 2026, 12, 8, 9, 0), NY, True, (2026, 12, 8, 9, 0), None, id="tue-09:00-opens"),
    pytest.param(
        at(NY, 2026, 12, 8, 16, 59), NY, True, (2026, 12, 8, 16, 59), None, id="tue-16:59-still-open"
    ),
    pytest.param(
        at(NY, 2026, 12, 8, 17, 0), NY, False, (2026, 12, 9, 9, 0), None, id="tue-17:00-closed-until-wed"
    ),
    pytest.param(
        at(NY, 2026, 12, 8, 7, 30), NY, False, (2026, 12, 8, 9, 0), None, id="tue-07:30-same-day-09:00"
    ),
    pytest.param(
        at(NY, 2026, 12, 8, 0, 0), NY, False, (2026, 12, 8, 9, 0), None, id="tue-midnight-same-day-09:00"
    ),
    pytest.param(
        at(NY, 2026, 12, 7, 8, 59), NY, False, (2026, 12, 7, 9, 0), None, id="mon-08:59-same-day-09:00"
    ),
    pytest.param(
        at(NY, 2026, 12, 11, 17, 30), NY, False, (2026, 12, 14, 9, 0), None, id="fri-17:30-until-monday"
    ),
    pytest.param(
        at(NY, 2026, 12, 12, 12, 0), NY, False, (2026, 12, 14, 9, 0), None, id="sat-noon-until-monday"
    ),
    pytest.param(
        at(NY, 2026, 12, 13, 23, 59), NY, False, (2026, 12, 14, 9, 0), None, id="sun-23:59-until-monday"
    ),
    pytest.param(
        at(NY, 2026, 12, 12, 10, 0), NY, False, (2026, 12, 14, 9, 0), None, id="sat-10:00-weekend-is-closed"
    ),
    # Chicago springs forward on Sunday 8 March 2026 and falls back on Sunday 1 November 2026.
    pytest.param(
        at(CHI, 2026, 3, 7, 12, 0),
        CHI,
        False,
        (2026, 3, 9, 9, 0),
        dt.datetime(2026, 3, 9, 14, 0, tzinfo=UTC),
        id="chicago-sat-before-spring-forward",
    ),
    pytest.param(
        at(CHI, 2026, 3, 8, 1, 30),
        CHI,
        False,
        (2026, 3, 9, 9, 0),
        dt.datetime(2026, 3, 9, 14, 0, tzinfo=UTC),
        id="chicago-sun-01:30-just-before-the-change",
    ),
    pytest.param(
        at(CHI, 2026, 3, 6, 17, 0),
        CHI,
        False,
        (2026, 3, 9, 9, 0),
        dt.datetime(2026, 3, 9, 14, 0, tzinfo=UTC),
        id="chicago-fri-17:00-across-spring-forward",
    ),
    pytest.param(
        at(CHI, 2026, 10, 30, 18, 0),
        CHI,
        False,
        (2026, 11, 2, 9, 0),
        dt.datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
        id="chicago-fri-evening-across-fall-back",
    ),
    pytest.param(
        dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
        CHI,
        False,
        (2026, 11, 2, 9, 0),
        dt.datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
        id="chicago-sun-01:30-the-repeated-hour",
    ),
    pytest.param(
        dt.datetime(2026, 3, 9, 14, 0, tzinfo=UTC),
        CHI,
        True,
        (2026, 3, 9, 9, 0),
        None,
        id="chicago-mon-09:00-cdt-is-open",
    ),
    pytest.param(
        dt.datetime(2026, 3, 9, 13, 30, tzinfo=UTC),
        CHI,
        False,
        (2026, 3, 9, 9, 0),
        dt.datetime(2026, 3, 9, 14, 0, tzinfo=UTC),
        id="chicago-mon-08:30-cdt-not-yet",
    ),
    # A company in Berlin, a user in New York: the US changed on 8 March, Europe only on 29 March.
    pytest.param(
        at(NY, 2026, 3, 27, 13, 0),
        BER,
        False,
        (2026, 3, 30, 9, 0),
        dt.datetime(2026, 3, 30, 7, 0, tzinfo=UTC),
        id="berlin-company-ny-user-fri-afternoon-across-eu-change",
    ),
    pytest.param(
        at(NY, 2026, 3, 24, 4, 30),
        BER,
        True,
        (2026, 3, 24, 9, 30),
        None,
        id="berlin-company-open-while-ny-user-sleeps",
    ),
    pytest.param(
        at(NY, 2026, 3, 24, 12, 30),
        BER,
        False,
        (2026, 3, 25, 9, 0),
        dt.datetime(2026, 3, 25, 8, 0, tzinfo=UTC),
        id="berlin-company-closed-at-ny-lunchtime",
    ),
    pytest.param(
        at(NY, 2026, 10, 23, 14, 0),
        BER,
        False,
        (2026, 10, 26, 9, 0),
        dt.datetime(2026, 10, 26, 8, 0, tzinfo=UTC),
        id="berlin-company-across-eu-fall-back",
    ),
    pytest.param(
        at("America/Los_Angeles", 2026, 12, 7, 17, 0),
        "Asia/Tokyo",
        True,
        (2026, 12, 8, 10, 0),
        None,
        id="tokyo-company-la-user-across-the-date-line",
    ),
]


@pytest.mark.parametrize(("now", "zone", "is_open", "next_local", "next_utc"), WORKING_HOURS)
def test_working_hours(now, zone, is_open, next_local, next_utc):
    opened, next_window = working_hours(now, zone)
    assert opened is is_open
    local = next_window.astimezone(ZoneInfo(zone))
    assert local.replace(tzinfo=None) == dt.datetime(*next_local)
    assert next_window.utcoffset() == local.utcoffset(), "the offset is the zone's on that day"
    if is_open:
        assert next_window == now
    else:
        assert next_window > now
        assert local.time() == dt.time(9, 0) and local.weekday() < 5
    if next_utc is not None:
        assert next_window == next_utc


# =====================================================================================
# 5. Guardrails, through the views
# =====================================================================================


@pytest.fixture
def frozen(alice_client, alice):
    """Tuesday 8 December 2026, 10:00 in New York, with Alice signed in then."""
    with time_machine.travel(NOW, tick=False) as traveller:
        alice_client.force_login(alice)  # a session from the real "now" may have run out by then
        yield traveller


def due_application(owner, *, rapport=Rapport.NEUTRAL, company=COMPANY, **interview_fields):
    """First follow-up due since Monday 7 December (factory dates)."""
    application = ApplicationFactory(owner=owner, company=company, role=ROLE, status=Status.WAITING)
    InterviewFactory(application=application, rapport=rapport, **interview_fields)
    application.refresh_plan()
    return application


def recruiter(owner, **fields):
    fields = {
        "name": "Priya Shah",
        "title": "Talent Partner",
        "work_email": "priya.shah@northwind.example",
        **fields,
    }
    return ContactFactory(owner=owner, company=COMPANY, role=RECRUITER, **fields)


def open_draft(client, application, kind):
    response = client.post(reverse("draft_open", args=[application.pk, kind]))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Draft.objects.get(application=application, kind=kind, sent_at__isnull=True)
    assert response["Location"] == draft.get_absolute_url()
    return draft


def mark_sent(client, draft, **data):
    return client.post(reverse("draft_sent", args=[draft.pk]), data)


def fresh(application):
    return Application.objects.get(pk=application.pk)


def text_of(response):
    """The page's text, tags removed and white space collapsed."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.mark.django_db
def test_two_follow_ups_walk_the_plan_to_move_on_and_a_third_is_refused(alice_client, alice, frozen):
    application = due_application(alice)
    priya = recruiter(alice)
    assert application.next_step == Step.FIRST

    first = open_draft(alice_client, application, K.STATUS_REQUEST)
    assert first.contact == priya
    response = mark_sent(alice_client, first)
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    follow_up = FollowUp.objects.get(application=application)
    assert (follow_up.channel, follow_up.contact) == (FollowUpChannel.EMAIL, priya)
    first.refresh_from_db()
    assert first.sent_at == NOW and first.follow_up == follow_up
    application = fresh(application)
    assert (application.next_step, application.status, application.follow_ups_left) == (
        Step.FINAL,
        Status.FOLLOWED_UP,
        1,
    )
    assert "Final follow-up" in text_of(alice_client.get(application.get_absolute_url()))

    second = open_draft(alice_client, application, K.STATUS_REQUEST)
    assert second.pk != first.pk, "a sent draft is never reused"
    assert mark_sent(alice_client, second).status_code == 302
    application = fresh(application)
    assert (application.next_step, application.follow_ups_left) == (Step.MOVE_ON, 0)
    assert FollowUp.objects.filter(application=application).count() == 2
    assert "Time to move on" in text_of(alice_client.get(application.get_absolute_url()))

    response = alice_client.post(reverse("draft_open", args=[application.pk, K.STATUS_REQUEST]))
    assert response.status_code == 409
    assert "move on" in text_of(response)
    assert FollowUp.objects.filter(application=application).count() == 2
    assert not Draft.objects.filter(application=application, sent_at__isnull=True).exists()
    listing = alice_client.get(reverse("draft_list", args=[application.pk]))
    assert listing.context["offers"] == []
    assert "Status request: not offered." in text_of(listing)
    assert reverse("application_move_on", args=[application.pk]) in listing.content.decode()


@pytest.mark.django_db
def test_a_third_follow_up_opened_earlier_cannot_be_marked_sent(alice_client, alice, frozen):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    recruiter(alice, work_phone="+1 901 555 0134")
    network_friend(alice)  # someone to mention in the recommendation enclosure
    drafts = [
        open_draft(alice_client, application, kind)
        for kind in (K.WARM_CHECK_IN, K.STATUS_REQUEST, K.RECOMMENDATION_ENCLOSURE)
    ]
    assert FollowUp.objects.count() == 0
    assert mark_sent(alice_client, drafts[0]).status_code == 302
    assert mark_sent(alice_client, drafts[1]).status_code == 302

    response = mark_sent(alice_client, drafts[2])
    assert response.status_code == 409
    assert "move on" in text_of(response)
    assert reverse("application_move_on", args=[application.pk]) in response.content.decode()
    assert FollowUp.objects.filter(application=application).count() == 2
    drafts[2].refresh_from_db()
    assert drafts[2].sent_at is None and drafts[2].follow_up is None


@pytest.mark.django_db
def test_a_third_call_is_refused_too(alice_client, alice, frozen):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    recruiter(alice, work_phone="+1 901 555 0134")
    call = open_draft(alice_client, application, K.CALL_SCRIPT)
    FollowUpFactory.create_batch(2, application=application, happened_at=NOW - dt.timedelta(hours=1))
    application.refresh_plan()
    response = alice_client.post(reverse("draft_call", args=[call.pk]), {"outcome": CallOutcome.REACHED})
    assert response.status_code == 409
    assert "move on" in text_of(response)
    assert FollowUp.objects.filter(application=application).count() == 2


@pytest.mark.django_db
def test_after_an_uneasy_interview_one_follow_up_is_all(alice_client, alice, frozen):
    application = due_application(alice, rapport=Rapport.UNEASY)
    recruiter(alice)
    listing = alice_client.get(reverse("draft_list", args=[application.pk]))
    assert [offer.kind for offer, _, _ in listing.context["offers"]] == [K.STATUS_REQUEST]
    assert alice_client.post(reverse("draft_open", args=[application.pk, K.WARM_CHECK_IN])).status_code == 409
    assert mark_sent(alice_client, open_draft(alice_client, application, K.STATUS_REQUEST)).status_code == 302
    assert fresh(application).next_step == Step.MOVE_ON
    response = alice_client.post(reverse("draft_open", args=[application.pk, K.STATUS_REQUEST]))
    assert response.status_code == 409 and "move on" in text_of(response)
    assert FollowUp.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("outcome", CallOutcome.values)
def test_logging_a_call_counts_as_a_follow_up(alice_client, alice, frozen, outcome):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    priya = recruiter(alice, work_phone="+1 901 555 0134")
    call = open_draft(alice_client, application, K.CALL_SCRIPT)
    assert call.contact == priya
    response = alice_client.post(reverse("draft_call", args=[call.pk]), {"outcome": outcome})
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    follow_up = FollowUp.objects.get(application=application)
    assert (follow_up.channel, follow_up.call_outcome, follow_up.contact) == (
        FollowUpChannel.CALL,
        outcome,
        priya,
    )
    call.refresh_from_db()
    assert call.sent_at == NOW and call.follow_up == follow_up
    assert (fresh(application).next_step, fresh(application).follow_ups_left) == (Step.FINAL, 1)


@pytest.mark.django_db
def test_a_call_with_no_outcome_is_a_400_not_a_follow_up(alice_client, alice, frozen):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    recruiter(alice, work_phone="+1 901 555 0134")
    call = open_draft(alice_client, application, K.CALL_SCRIPT)
    for data in ({}, {"outcome": "shouted"}):
        assert alice_client.post(reverse("draft_call", args=[call.pk]), data).status_code == 400
    assert FollowUp.objects.count() == 0


def network_friend(owner):
    return ContactFactory(
        owner=owner,
        name="Zoë Okafor",
        company="Tailspin Freight",
        role=ContactRole.NETWORK,
        influence=Influence.HIGH,
        work_email="zoe.okafor@tailspin.example",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [K.THANK_YOU, K.RECOMMENDATION_REQUEST])
def test_thank_you_and_recommendation_request_do_not_count(alice_client, alice, frozen, kind):
    # Answer promised by Friday 11 December: the thank-you is still timely on the 8th.
    application = due_application(alice, promised_on=dt.date(2026, 12, 11))
    recruiter(alice)
    friend = network_friend(alice)
    draft = open_draft(alice_client, application, kind)
    if kind == K.RECOMMENDATION_REQUEST:
        assert draft.contact == friend
    assert mark_sent(alice_client, draft).status_code == 302
    draft.refresh_from_db()
    assert draft.sent_at == NOW and draft.follow_up is None
    assert FollowUp.objects.count() == 0
    application = fresh(application)
    assert (application.next_step, application.follow_ups_left) == (Step.FIRST, 2)
    offered = [
        offer.kind
        for offer, _, _ in alice_client.get(reverse("draft_list", args=[application.pk])).context["offers"]
    ]
    assert K.STATUS_REQUEST in offered
    if kind == K.THANK_YOU:
        assert K.THANK_YOU not in offered, "thanked once is enough"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [K.THANK_YOU, K.RECOMMENDATION_REQUEST])
def test_logging_a_call_from_a_message_that_does_not_count_is_not_a_follow_up(
    alice_client, alice, frozen, kind
):
    """The "Called instead?" form is on every draft page. Phoning to say thank you,
    or phoning a friend for a recommendation, is not a follow-up with the company,
    and must not use up (or exceed) the two follow-ups."""
    application = due_application(alice, promised_on=dt.date(2026, 12, 11))
    recruiter(alice)
    network_friend(alice)
    draft = open_draft(alice_client, application, kind)
    # Both follow-ups already used: a call logged now must not become a third.
    FollowUpFactory.create_batch(2, application=application, happened_at=NOW - dt.timedelta(hours=1))
    application.refresh_plan()
    response = alice_client.post(reverse("draft_call", args=[draft.pk]), {"outcome": CallOutcome.REACHED})
    assert response.status_code < 500
    assert FollowUp.objects.filter(application=application).count() == 2, (
        f"logging a call from a {kind} draft recorded a follow-up (a third one here)"
    )


@pytest.mark.django_db
def test_a_contact_with_personal_channels_only_is_never_the_recipient(alice_client, alice, frozen):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    priya = recruiter(alice)
    # The people the playbook would rather write to, but with personal channels only.
    ContactFactory(
        owner=alice,
        company=COMPANY,
        name="Lee Park",
        role=INTERVIEWER,
        work_email="",
        personal_email="lee@home.example",
        personal_phone="555-0101",
    )
    ContactFactory(
        owner=alice,
        company=COMPANY,
        name="Kim Lau",
        role=HIRING_MANAGER,
        work_email="",
        personal_email="kim@home.example",
    )
    # (No thank-you here: the follow-up is due, so a thank-you would come too late.)
    for kind in (K.WARM_CHECK_IN, K.CALL_SCRIPT, K.STATUS_REQUEST):
        draft = open_draft(alice_client, application, kind)
        assert draft.contact == priya, kind
        page = alice_client.get(draft.get_absolute_url()).content.decode()
        assert "lee@home.example" not in page and "kim@home.example" not in page and "555-0101" not in page
    # At the final step, the hiring manager's personal address does not make a note to them possible.
    FollowUpFactory(application=application, happened_at=NOW - dt.timedelta(hours=1))
    application.refresh_plan()
    listing = alice_client.get(reverse("draft_list", args=[application.pk]))
    assert "Note to the hiring manager: not offered." in text_of(listing)
    response = alice_client.post(reverse("draft_open", args=[application.pk, K.HIRING_MANAGER_NOTE]))
    assert response.status_code == 409 and "hiring manager" in text_of(response)


@pytest.mark.django_db
def test_the_to_list_holds_the_company_the_interviewers_and_the_network_only(alice_client, alice, frozen):
    """The recipient list stays short however many contacts a user keeps."""
    application = due_application(alice)
    at_company = ContactFactory(
        owner=alice, company=COMPANY.upper(), name="Priya Shah"
    )  # same company, other case
    interviewer = ContactFactory(
        owner=alice, company="Northwind (Chicago office)", name="Ana Ruiz", role=INTERVIEWER
    )
    application.interviews.get().interviewers.add(interviewer)
    friend = network_friend(alice)
    elsewhere = [ContactFactory(owner=alice, company=f"Other Co {n}") for n in range(30)]
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    page = alice_client.get(draft.get_absolute_url())
    choices = {pk.value for pk, _ in page.context["form"].fields["contact"].choices if pk}
    assert choices == {at_company.pk, interviewer.pk, friend.pk}
    response = alice_client.post(
        draft.get_absolute_url(), {"contact": elsewhere[0].pk, "subject": "Hi", "body": "Hello"}
    )
    assert response.status_code == 400
    # Whoever the draft names now stays choosable, so saving the page never loses them.
    Draft.objects.filter(pk=draft.pk).update(contact=elsewhere[1])
    page = alice_client.get(draft.get_absolute_url())
    assert elsewhere[1].pk in {pk.value for pk, _ in page.context["form"].fields["contact"].choices if pk}


@pytest.mark.django_db
def test_a_contact_with_personal_channels_only_cannot_be_chosen_in_the_form(alice_client, alice, bob, frozen):
    application = due_application(alice)
    priya = recruiter(alice)
    personal = ContactFactory(
        owner=alice,
        company=COMPANY,
        name="Lee Park",
        role=INTERVIEWER,
        work_email="",
        personal_email="lee@home.example",
    )
    strangers = ContactFactory(
        owner=bob, company=COMPANY, name="Bob's Contact", work_email="them@northwind.example"
    )
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    page = alice_client.get(draft.get_absolute_url())
    choices = {str(pk) for pk, _ in page.context["form"].fields["contact"].choices if pk}
    assert str(priya.pk) in choices and str(personal.pk) not in choices and str(strangers.pk) not in choices
    assert f'value="{personal.pk}"' not in page.content.decode()
    for contact in (personal, strangers):
        response = alice_client.post(
            draft.get_absolute_url(), {"contact": contact.pk, "subject": "Hi", "body": "Hello"}
        )
        assert response.status_code == 400
        assert "Select a valid choice" in text_of(response)
    draft.refresh_from_db()
    assert draft.contact == priya and draft.subject != "Hi"


@pytest.mark.django_db
def test_editing_a_draft_saves_subject_and_body(alice_client, alice, frozen):
    application = due_application(alice)
    priya = recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    body = "Dear Priya,\r\n\r\nAny news on the timeline? I'm still very keen.\r\n\r\nBest regards,\r\nAlice"
    response = alice_client.post(
        draft.get_absolute_url(), {"contact": priya.pk, "subject": "Checking in", "body": body}
    )
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    draft.refresh_from_db()
    assert (draft.subject, draft.body.replace("\r\n", "\n")) == ("Checking in", body.replace("\r\n", "\n"))
    page = alice_client.get(draft.get_absolute_url())
    assert "Draft saved." in text_of(page)
    href = html.unescape(re.search(r'href="(mailto:[^"]*)"', page.content.decode()).group(1))
    assert href == mailto_link("priya.shah@northwind.example", "Checking in", draft.body)
    assert parse_mailto(href) == ("priya.shah@northwind.example", "Checking in", body)
    # Bad input: an empty body is a 400 with the form, nothing saved.
    assert (
        alice_client.post(
            draft.get_absolute_url(), {"contact": priya.pk, "subject": "X", "body": ""}
        ).status_code
        == 400
    )
    draft.refresh_from_db()
    assert draft.subject == "Checking in"


@pytest.mark.django_db
def test_rewrite_with_this_detail_rewrites_the_warm_check_in(alice_client, alice, frozen):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    priya = recruiter(alice)
    draft = open_draft(alice_client, application, K.WARM_CHECK_IN)
    assert DETAIL not in draft.body
    page = alice_client.get(draft.get_absolute_url())
    assert "Rewrite with this detail" in text_of(page)
    response = alice_client.post(
        draft.get_absolute_url(),
        {
            "contact": priya.pk,
            "subject": draft.subject,
            "body": "my half-edited text",
            "personal_detail": DETAIL,
            "rewrite": "1",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.personal_detail == DETAIL
    assert f"{DETAIL} stuck with me" in draft.body
    assert draft.body.startswith("Hi Priya,") and "my half-edited text" not in draft.body
    assert draft_findings(draft.subject, draft.body) == ([], [])
    # The status request has no detail to rewrite with.
    status = open_draft(alice_client, application, K.STATUS_REQUEST)
    assert "Rewrite with this detail" not in text_of(alice_client.get(status.get_absolute_url()))


@pytest.mark.django_db
def test_what_the_user_typed_is_escaped_on_the_draft_page(alice_client, alice, frozen):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    priya = recruiter(alice)
    draft = open_draft(alice_client, application, K.WARM_CHECK_IN)
    detail = '<img src=x onerror="alert(1)"> the crane & the "convoy"'
    alice_client.post(
        draft.get_absolute_url(),
        {"contact": priya.pk, "subject": "<b>Hi</b>", "body": "x", "personal_detail": detail, "rewrite": "1"},
    )
    page = alice_client.get(draft.get_absolute_url()).content.decode()
    assert "<img src=x" not in page and "<b>Hi</b>" not in page
    assert "&lt;img src=x" in page


BAD_PHRASES = [
    pytest.param(
        "Honestly I never heard back from anyone.", "never heard back", id="blaming-never-heard-back"
    ),
    pytest.param("I feel my application was buried.", "buried", id="blaming-buried"),
    pytest.param("Please reply ASAP.", "ASAP", id="demanding-asap"),
    pytest.param("I really need this job.", "I really need this job", id="desperate"),
    pytest.param("I deserve this position.", "I deserve", id="entitled"),
    pytest.param("This delay is unprofessional.", "unprofessional", id="angry"),
    pytest.param("Kindly CALL ME BACK.", "CALL ME BACK", id="shouting"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("phrase", "flagged"), BAD_PHRASES)
def test_bad_wording_is_flagged_and_must_be_confirmed_before_marking_sent(
    alice_client, alice, frozen, phrase, flagged
):
    application = due_application(alice)
    priya = recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    assert "Wording notes" not in text_of(alice_client.get(draft.get_absolute_url()))
    body = draft.body.replace("I hope your week is going well.", phrase)
    assert phrase in body
    assert (
        alice_client.post(
            draft.get_absolute_url(), {"contact": priya.pk, "subject": draft.subject, "body": body}
        ).status_code
        == 302
    )

    page = text_of(alice_client.get(draft.get_absolute_url()))
    assert "Wording notes" in page
    assert f"“{flagged}”" in page
    assert "I've read the wording notes above" in page

    refused = mark_sent(alice_client, draft)
    assert refused.status_code == 400
    assert "Some wording may come across badly" in text_of(refused)
    assert mark_sent(alice_client, draft, reviewed_tone="").status_code == 400
    draft.refresh_from_db()
    assert draft.sent_at is None and FollowUp.objects.count() == 0

    assert mark_sent(alice_client, draft, reviewed_tone="on").status_code == 302
    draft.refresh_from_db()
    assert draft.sent_at is not None and FollowUp.objects.count() == 1


@pytest.mark.django_db
def test_military_shorthand_is_noted_but_does_not_block_sending(alice_client, alice, frozen):
    application = due_application(alice)
    priya = recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    body = draft.body.replace("I hope your week is going well.", "As NCOIC I wrote the SOP for my platoon.")
    alice_client.post(draft.get_absolute_url(), {"contact": priya.pk, "subject": draft.subject, "body": body})
    page = text_of(alice_client.get(draft.get_absolute_url()))
    assert "Wording notes" in page
    for term, plain in (
        ("NCOIC", "supervisor in charge"),
        ("SOP", "standard procedure"),
        ("platoon", "team of about 30"),
    ):
        assert f"“{term}” is military shorthand" in page and plain in page
    assert mark_sent(alice_client, draft).status_code == 302


def no_interview(owner):
    return ApplicationFactory(owner=owner, company=COMPANY, role=ROLE)


def uneasy(owner):
    return due_application(owner, rapport=Rapport.UNEASY)


def after_two_follow_ups(owner):
    application = due_application(owner)
    FollowUpFactory.create_batch(2, application=application, happened_at=NOW - dt.timedelta(days=1))
    application.refresh_plan()
    return application


def final_step_without_a_manager(owner):
    application = due_application(owner)
    FollowUpFactory(application=application, happened_at=NOW - dt.timedelta(days=1))
    application.refresh_plan()
    return application


def interview_next_week(owner):
    return due_application(owner, starts_at=NOW + dt.timedelta(days=7), promised_on=dt.date(2026, 12, 22))


def moved_on(owner):
    application = due_application(owner)
    application.status = Status.MOVED_ON
    application.save()
    application.refresh_plan()
    return application


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "kind", "reason"),
    [
        pytest.param(no_interview, K.STATUS_REQUEST, "Log the interview first", id="no-interview"),
        pytest.param(interview_next_week, K.STATUS_REQUEST, "still to come", id="interview-not-yet-happened"),
        pytest.param(uneasy, K.WARM_CHECK_IN, "uneasy", id="uneasy-no-warm-note"),
        pytest.param(uneasy, K.CALL_SCRIPT, "doesn't fit", id="uneasy-no-call"),
        pytest.param(after_two_follow_ups, K.STATUS_REQUEST, "move on", id="two-sent-move-on"),
        pytest.param(after_two_follow_ups, K.CALL_SCRIPT, "doesn't fit", id="two-sent-no-call"),
        pytest.param(
            final_step_without_a_manager, K.HIRING_MANAGER_NOTE, "hiring manager", id="no-hiring-manager"
        ),
        pytest.param(due_application, K.RECOMMENDATION_REQUEST, "doesn't fit", id="no-network-contact"),
        pytest.param(moved_on, K.STATUS_REQUEST, "doesn't fit", id="closed-application"),
    ],
)
def test_opening_a_refused_kind_answers_409_with_the_reason(alice_client, alice, frozen, make, kind, reason):
    application = make(alice)
    recruiter(alice)
    response = alice_client.post(reverse("draft_open", args=[application.pk, kind]))
    assert response.status_code == 409
    assert reason.lower() in text_of(response).lower()
    assert not Draft.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["nonsense", "status-request", "STATUS_REQUEST", "move_on", "first"])
def test_an_unknown_kind_answers_404(alice_client, alice, frozen, kind):
    application = due_application(alice)
    response = alice_client.post(reverse("draft_open", args=[application.pk, kind]))
    assert response.status_code == 404
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_opening_a_draft_twice_gives_the_same_unsent_draft(alice_client, alice, frozen):
    application = due_application(alice)
    recruiter(alice)
    assert open_draft(alice_client, application, K.STATUS_REQUEST) == open_draft(
        alice_client, application, K.STATUS_REQUEST
    )
    assert Draft.objects.count() == 1
    assert alice_client.get(reverse("draft_open", args=[application.pk, K.STATUS_REQUEST])).status_code == 405


@pytest.mark.django_db
def test_a_draft_gives_the_interview_date_in_the_users_own_zone(alice_client, alice, frozen):
    # Friday 4 December, 20:30 in New York = 01:30 UTC on Saturday 5 December.
    application = due_application(
        alice, starts_at=dt.datetime(2026, 12, 5, 1, 30, tzinfo=UTC), promised_on=None
    )
    recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    assert "on December 4" in draft.body and "December 5" not in draft.body


@pytest.mark.django_db
def test_move_on_closes_the_application_and_takes_it_off_the_dashboard(alice_client, alice, frozen):
    application = after_two_follow_ups(alice)
    with time_machine.travel(fresh(application).next_due_at + dt.timedelta(hours=2), tick=False):
        alice_client.force_login(alice)  # a session from before the trip would have run out
        dashboard = alice_client.get(reverse("dashboard"))
        assert application in dashboard.context["let_go"], "guard: it was in a box before"
        assert fresh(application).remind_at is not None

        form = alice_client.get(reverse("application_move_on", args=[application.pk]))
        assert form.status_code == 200 and "Close it and move on" in text_of(form)
        response = alice_client.post(
            reverse("application_move_on", args=[application.pk]),
            {"went_well": "My convoy-planning story landed.", "next_time": "Ask for a date before I leave."},
        )
        assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
        application = fresh(application)
        assert application.status == Status.MOVED_ON
        assert application.reflection_went_well == "My convoy-planning story landed."
        assert application.reflection_next_time == "Ask for a date before I leave."
        assert (application.next_step, application.next_due_on, application.remind_at) == (
            Step.NONE,
            None,
            None,
        )

        dashboard = alice_client.get(reverse("dashboard"))
        for box in ("overdue", "due_today", "upcoming", "no_date_given", "let_go"):
            assert application not in dashboard.context[box], box
            assert dashboard.context["counts"][box] == 0
        listing = alice_client.get(reverse("draft_list", args=[application.pk]))
        assert listing.context["offers"] == [] and listing.context["refusals"] == []
        assert "This application is closed" in text_of(listing)


@pytest.mark.django_db
def test_move_on_rejects_overlong_reflections_with_a_400(alice_client, alice, frozen):
    application = due_application(alice)
    response = alice_client.post(
        reverse("application_move_on", args=[application.pk]), {"went_well": "x" * 2001}
    )
    assert response.status_code == 400
    assert fresh(application).status == Status.WAITING


@pytest.mark.django_db
def test_when_a_follow_up_is_due_the_recommended_draft_is_a_follow_up(alice_client, alice, frozen):
    """The reminder says "Today is the day to follow up ... Your draft is ready" and links
    to the draft list. What it recommends first must then be the follow-up itself, not a
    thank-you note written "the day after an interview" that was eight days ago."""
    application = due_application(alice)
    recruiter(alice)
    assert fresh(application).next_due_on == dt.date(2026, 12, 7)
    listing = alice_client.get(reverse("draft_list", args=[application.pk]))
    recommended, _, _ = listing.context["offers"][0]
    assert recommended.kind == K.STATUS_REQUEST, f"the recommended draft is {recommended.kind}"


# --- The call script page: is it working hours for the company? ------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "company_zone", "expected"),
    [
        pytest.param(
            dt.datetime(2026, 12, 8, 15, 0, tzinfo=UTC),
            "",
            "It's working hours now for them (America/New_York)",
            id="tuesday-10:00-ny-open",
        ),
        pytest.param(
            dt.datetime(2026, 12, 12, 15, 0, tzinfo=UTC),
            "",
            "The next good time to call is Monday 14 December, 09:00 their time",
            id="saturday-ny-next-monday",
        ),
        # 12:00 in New York is 18:00 in Berlin: closed until 09:00 Berlin time (03:00 in New York).
        pytest.param(
            dt.datetime(2026, 12, 8, 17, 0, tzinfo=UTC),
            "Europe/Berlin",
            "The next good time to call is Wednesday 9 December, 09:00 their time",
            id="berlin-company-closed-at-18:00-their-time",
        ),
        pytest.param(
            dt.datetime(2026, 12, 8, 12, 0, tzinfo=UTC),
            "Europe/Berlin",
            "It's working hours now for them (Europe/Berlin)",
            id="berlin-company-open-while-user-sleeps",
        ),
    ],
)
def test_call_script_page_says_when_to_call_in_the_companys_time(
    alice_client, alice, moment, company_zone, expected
):
    with time_machine.travel(NOW, tick=False):
        alice_client.force_login(alice)
        application = due_application(alice, rapport=Rapport.WENT_WELL)
        application.company_time_zone = company_zone
        application.save()
        recruiter(alice, work_phone="+1 901 555 0134")
        call = open_draft(alice_client, application, K.CALL_SCRIPT)
    with time_machine.travel(moment, tick=False):
        alice_client.force_login(alice)  # a session from before the trip would have run out
        response = alice_client.get(call.get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    shown = re.search(r"(It's working hours now|Outside their working hours now)[^.]*\.[^.]*\.", page)
    assert expected in page, f"the page says: {shown and shown.group(0)!r}"
    assert 'href="tel:+1 901 555 0134"' in response.content.decode()
    assert "Open in my email app" not in page and "Mark as sent" not in page, "a call is logged, not sent"


# =====================================================================================
# 6. The reminder email's button opens the drafts (or the move-on page)
# =====================================================================================


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def sweep_at(moment, django_capture_on_commit_callbacks):
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        return reminders.reminders_sweep()


def button_href(html_body):
    match = re.search(
        r'<table role="presentation".*?<a href="([^"]+)"[^>]*>([^<]+)</a>', html_body, re.DOTALL
    )
    assert match, html_body
    return html.unescape(match.group(1)), match.group(2)


@pytest.mark.django_db
def test_reminder_button_opens_the_ready_drafts(client, eager_celery, django_capture_on_commit_callbacks):
    user = UserFactory(time_zone="America/New_York")
    application = due_application(user)
    recruiter(user)
    assert sweep_at(application.next_due_at, django_capture_on_commit_callbacks) == 1
    message = mail.outbox[0]
    path = reverse("draft_list", args=[application.pk])
    href, label = button_href(message.alternatives[0][0])
    assert href == settings.SITE_URL + path
    assert label == "Open your ready draft"
    assert f"Your draft is ready: {settings.SITE_URL}{path}" in message.body
    with time_machine.travel(application.next_due_at, tick=False):
        client.force_login(user)
        listing = client.get(path)
    assert listing.status_code == 200
    assert K.STATUS_REQUEST in [offer.kind for offer, _, _ in listing.context["offers"]]


@pytest.mark.django_db
def test_reminder_at_the_move_on_step_opens_the_move_on_page(
    client, eager_celery, django_capture_on_commit_callbacks
):
    user = UserFactory(time_zone="America/New_York")
    application = due_application(user)
    FollowUpFactory(application=application, happened_at=dt.datetime(2026, 12, 7, 15, 0, tzinfo=UTC))
    FollowUpFactory(application=application, happened_at=dt.datetime(2026, 12, 16, 15, 0, tzinfo=UTC))
    application.refresh_plan()
    assert application.next_step == Step.MOVE_ON
    assert sweep_at(application.next_due_at, django_capture_on_commit_callbacks) == 1
    message = mail.outbox[0]
    path = reverse("application_move_on", args=[application.pk])
    href, label = button_href(message.alternatives[0][0])
    assert href == settings.SITE_URL + path
    assert label == "Close it in Follow-up"
    assert f"Close it in Follow-up: {settings.SITE_URL}{path}" in message.body
    assert reverse("draft_list", args=[application.pk]) not in message.body
    with time_machine.travel(application.next_due_at, tick=False):
        client.force_login(user)
        assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_a_thank_you_is_not_offered_once_the_follow_up_is_due(alice_client, alice, frozen):
    timely = due_application(alice, promised_on=dt.date(2026, 12, 11))
    late = due_application(alice, company="Contoso Health")
    offered = lambda application: [
        o.kind for o, _, _ in alice_client.get(reverse("draft_list", args=[application.pk])).context["offers"]
    ]
    assert offered(timely)[0] == K.THANK_YOU
    assert K.THANK_YOU not in offered(late)


@pytest.mark.parametrize(
    ("name", "greeting"),
    [("Priya Shah", "Priya"), ("Col. (ret.) Maria Alvarez", "Maria"), ("Dr. Lee", "Lee"), ("Zoë", "Zoë")],
)
def test_greeting_skips_ranks_and_titles(name, greeting):
    from outreach.drafts import greeting_name

    assert greeting_name(name) == greeting
