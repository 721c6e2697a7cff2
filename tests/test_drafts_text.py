"""What each draft says (complete, addressed, signed, in plain words), how it
leaves the app as a mailto: link that round-trips (RFC 6068), and what the user
changes on the draft page.
"""

import datetime as dt
import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from accounts.models import User
from applications.choices import ContactRole, Influence, Rapport
from applications.models import Application, Contact, Interview, Letter
from outreach.drafts import draft_findings, greeting_name, in_sentence, mailto_link, render_draft
from plans.choices import DraftKind
from tests.helpers.drafts import COMPANY, RECRUITER, ROLE, UTC, K, due_application, open_draft, recruiter
from tests.helpers.pages import text_of

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
        agreed_to_recommend=True,
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


GREETINGS = {
    K.THANK_YOU: "Dear",
    K.STATUS_REQUEST: "Dear",
    K.FINAL_FOLLOW_UP: "Dear",
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
    assert ROLE in subject and COMPANY in subject, "the subject names the role and the company"
    assert ROLE in body
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
    assert subject == f"Following up: {ROLE} at {COMPANY}"
    assert "November 30" in body  # the interview
    if promised:
        assert "around December 4" in body
        assert "longer than planned" in body
    else:
        # No date was given, so nothing is "taking longer than planned".
        assert "December 4" not in body and "mentioned a decision" not in body
        assert "planned" not in body and "decisions take time" in body


@pytest.mark.parametrize(
    ("typed", "in_a_sentence"),
    [
        ("Operations and logistics leadership", "operations and logistics leadership"),
        ("warehouse operations", "warehouse operations"),
        ("IT project management", "IT project management"),
        ("HVAC maintenance", "HVAC maintenance"),
        ("Army aviation maintenance", "Army aviation maintenance"),
        ("Coast Guard search and rescue", "Coast Guard search and rescue"),
        ("McKinsey-style consulting", "McKinsey-style consulting"),
        ("A", "A"),
        ("  Logistics  ", "logistics"),
        ("", ""),
    ],
)
def test_a_typed_label_reads_well_inside_a_sentence(typed, in_a_sentence):
    assert in_sentence(typed) == in_a_sentence


def test_the_letters_work_is_written_in_the_sentence_not_as_a_label():
    user, application, interview, contact, _, letter = realistic_records(promised=True)
    letter.job_kind = "Operations and logistics leadership"
    _, body = render_draft(
        K.RECOMMENDATION_ENCLOSURE,
        user=user,
        application=application,
        interview=interview,
        contact=contact,
        letter=letter,
    )
    assert "written about my work in operations and logistics leadership." in body


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


@pytest.mark.parametrize(
    ("name", "greeting"),
    [("Priya Shah", "Priya"), ("Col. (ret.) Maria Alvarez", "Maria"), ("Dr. Lee", "Dr. Lee"), ("Zoë", "Zoë")],
)
def test_greeting_skips_ranks_and_titles(name, greeting):
    assert greeting_name(name) == greeting


# --- mailto: links round-trip (RFC 6068) ------------------------------------------------------


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


# --- Through the views: editing a draft -------------------------------------------------------


@pytest.mark.django_db
def test_editing_a_draft_saves_subject_and_body(alice_client, alice, tuesday_morning):
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
def test_rewrite_with_this_detail_rewrites_the_warm_check_in(alice_client, alice, tuesday_morning):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    priya = recruiter(alice)
    draft = open_draft(alice_client, application, K.WARM_CHECK_IN)
    assert DETAIL not in draft.body
    page = alice_client.get(draft.get_absolute_url())
    assert "Rewrite with this detail" in text_of(page)
    edits = {"contact": priya.pk, "subject": draft.subject, "personal_detail": DETAIL, "rewrite": "1"}
    # Untouched text: rewritten at once.
    response = alice_client.post(draft.get_absolute_url(), {**edits, "body": draft.body})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.personal_detail == DETAIL
    assert f"{DETAIL} stuck with me" in draft.body
    assert draft.body.startswith("Hi Priya,")
    assert draft_findings(draft.subject, draft.body) == ([], [])
    # Edited text: the app asks before replacing it, and keeps it meanwhile (issue 13, item 14).
    response = alice_client.post(draft.get_absolute_url(), {**edits, "body": "my half-edited text"})
    assert response.status_code == 200
    assert "Rewrite anyway" in text_of(response)
    draft.refresh_from_db()
    assert draft.body == "my half-edited text"
    response = alice_client.post(
        draft.get_absolute_url(), {**edits, "body": "my half-edited text", "confirm_rewrite": "1"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert f"{DETAIL} stuck with me" in draft.body and "my half-edited text" not in draft.body
    # The status request has no detail to rewrite with.
    status = open_draft(alice_client, application, K.STATUS_REQUEST)
    assert "Rewrite with this detail" not in text_of(alice_client.get(status.get_absolute_url()))


@pytest.mark.django_db
def test_what_the_user_typed_is_escaped_on_the_draft_page(alice_client, alice, tuesday_morning):
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


@pytest.mark.django_db
def test_a_draft_gives_the_interview_date_in_the_users_own_zone(alice_client, alice, tuesday_morning):
    # Friday 4 December, 20:30 in New York = 01:30 UTC on Saturday 5 December.
    application = due_application(
        alice, starts_at=dt.datetime(2026, 12, 5, 1, 30, tzinfo=UTC), promised_on=None
    )
    recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    assert "on December 4" in draft.body and "December 5" not in draft.body
