"""What each draft may claim: a checklist, run for every kind of draft in every state
the records can be in.

A coach reading a draft must find nothing the records don't support: no "it went
well" after a neutral interview, no letter that "speaks to this kind of work" when it
is about another, no referrer named as willing before they agreed, no "when we spoke"
to someone who was not in the room, no interview notes pasted in, no placeholder left.
"""

import dataclasses
import datetime as dt
import re

import pytest

from applications.choices import ContactRole, FollowUpChannel, Influence, Rapport, Status
from outreach.drafts import SUBJECT_MAX, draft_context, draft_findings, first_sentence, render_draft, shorten
from plans.choices import DraftKind
from plans.letters import letter_matches_role
from tests.factories import (
    ApplicationFactory,
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    LetterFactory,
    UserFactory,
)

K = DraftKind
UTC = dt.UTC
ROLE = "Logistics Analyst"
COMPANY = "Litware"
SKILLS = (
    "I led a 14-person supply team for six years and cut order errors by a third. "
    "I also trained new staff on our inventory system."
)
DETAIL = "the route-planning pilot your team is starting in Dayton"
NOTES = "Interviewer seemed distracted; salary range 62-70k; ask about night shifts"
MATCHING_JOB_KIND = "Supply chain and logistics"
OTHER_JOB_KIND = "Registered nursing"
# Monday 30 November 2026, 10:00 in New York; the answer was promised for Thursday 3 December.
INTERVIEW_AT = dt.datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
PROMISED_ON = dt.date(2026, 12, 3)
# Monday 7 December, 21:00 in New York, already Tuesday in UTC: the user's day counts.
FIRST_FOLLOW_UP_AT = dt.datetime(2026, 12, 8, 2, 0, tzinfo=UTC)
FIRST_FOLLOW_UP_WORDS = "Monday, December 7"


@dataclasses.dataclass(frozen=True)
class State:
    rapport: str = Rapport.WENT_WELL
    letter: str = "matching"  # "", "matching", "other"
    referrer: str = "agreed"  # "", "agreed", "not agreed"
    interviewers: str = "contact"  # "contact", "someone else", "none recorded"
    skills: bool = True
    detail: bool = True
    first_follow_up: str = FollowUpChannel.EMAIL  # "", email, call

    def label(self):
        base = State(rapport=self.rapport)
        changed = [
            f"{field.name}={getattr(self, field.name) or 'none'}"
            for field in dataclasses.fields(self)
            if field.name != "rapport" and getattr(self, field.name) != getattr(base, field.name)
        ]
        return "+".join([self.rapport, *changed])


VARIANTS = [
    {},
    {"letter": ""},
    {"letter": "other"},
    {"referrer": ""},
    {"referrer": "not agreed"},
    {"letter": "", "referrer": "not agreed"},
    {"interviewers": "someone else"},
    {"interviewers": "none recorded"},
    {"skills": False},
    {"detail": False},
    {"first_follow_up": ""},
    {"first_follow_up": FollowUpChannel.CALL},
]
STATES = [State(rapport=rapport, **variant) for rapport in Rapport.values for variant in VARIANTS]
CASES = [pytest.param(kind, state, id=f"{kind}/{state.label()}") for kind in DraftKind for state in STATES]


@dataclasses.dataclass
class Drafted:
    kind: str
    state: State
    subject: str
    body: str
    context: dict

    @property
    def text(self):
        return f"{self.subject}\n{self.body}"


def records(state):
    """The records of one state, saved through the factories."""
    user = UserFactory(
        full_name="Alex Rivera",
        time_zone="America/New_York",
        skills_summary=SKILLS if state.skills else "",
        email_signature="",
    )
    application = ApplicationFactory(owner=user, company=COMPANY, role=ROLE, status=Status.WAITING)
    interview = InterviewFactory(
        application=application,
        starts_at=INTERVIEW_AT,
        rapport=state.rapport,
        promised_on=PROMISED_ON,
        notes=NOTES,
    )
    manager = ContactFactory(
        owner=user,
        name="Dana Brooks",
        company=COMPANY,
        title="Operations Manager",
        role=ContactRole.HIRING_MANAGER,
        work_email="dana.brooks@litware.example",
    )
    if state.interviewers == "contact":
        interview.interviewers.add(manager)
    elif state.interviewers == "someone else":
        interview.interviewers.add(
            ContactFactory(owner=user, name="Sam Ortiz", company=COMPANY, role=ContactRole.INTERVIEWER)
        )
    network_friend = ContactFactory(
        owner=user,
        name="Zoë Okafor",
        company="Tailspin Freight",
        title="Director of Operations",
        role=ContactRole.NETWORK,
        influence=Influence.HIGH,
        work_email="zoe.okafor@tailspin.example",
        agreed_to_recommend=state.referrer == "agreed",
    )
    letter = None
    if state.letter:
        letter = LetterFactory.build(
            owner=user,
            author="Col. Jane Smith",
            job_kind=MATCHING_JOB_KIND if state.letter == "matching" else OTHER_JOB_KIND,
        )
    if state.first_follow_up:
        # An earlier round's follow-up, before this interview, never counts.
        FollowUpFactory(application=application, happened_at=INTERVIEW_AT - dt.timedelta(days=20))
        FollowUpFactory(
            application=application, happened_at=FIRST_FOLLOW_UP_AT, channel=state.first_follow_up
        )
    return user, application, interview, manager, network_friend, letter


def draft(kind, state):
    user, application, interview, manager, network_friend, letter = records(state)
    arguments = {
        "user": user,
        "application": application,
        "interview": interview,
        # The request goes to the friend; every other message to the hiring manager.
        "contact": network_friend if kind == K.RECOMMENDATION_REQUEST else manager,
        "letter": letter,
        "referrer": network_friend if state.referrer else None,
        "personal_detail": DETAIL if state.detail else "",
    }
    subject, body = render_draft(kind, **arguments)
    return Drafted(kind, state, subject, body, draft_context(kind, **arguments))


def absent(pattern, text):
    found = re.search(pattern, text, re.IGNORECASE)
    return None if found is None else found.group(0)


# --- The checklist: each rule is a claim and the states that support it ----------------------

WARMTH = r"went well|gone well|enjoy|great talking|excited|even more interested|stuck with me"
TALKED_ABOUT = r"especially|hearing about|hear about|kept thinking about|stuck with me"
MET_THE_CONTACT = r"when we spoke|we met\b|our conversation|meeting with me|talk with me|you mentioned"
LETTER = r"letter|attached|Jane Smith"
ASKS_FOR_NEWS = r"news|timeline|where things stand|\?|let me know|hear back|update"


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "state"), CASES)
def test_draft_claims_only_what_the_records_support(kind, state):
    d = draft(kind, state)
    text, body = d.text, d.body

    # Warmth only after a good interview.
    if state.rapport != Rapport.WENT_WELL:
        claim = absent(WARMTH, text)
        assert not claim, f"warm claim {claim!r} after a {state.rapport} interview"

    # What was talked about: only the detail the user gave.
    if not state.detail:
        claim = absent(TALKED_ABOUT, body)
        assert not claim, f"claims a topic with no detail given: {claim!r}"
    else:
        assert DETAIL not in body or kind in {K.THANK_YOU, K.WARM_CHECK_IN, K.CALL_SCRIPT}

    # A letter only when one is chosen, and only in the enclosure; "this kind of work" only when it matches.
    if kind != K.RECOMMENDATION_ENCLOSURE or not state.letter:
        assert not absent(LETTER, body), f"mentions a letter: {absent(LETTER, body)!r}"
    if not (kind == K.RECOMMENDATION_ENCLOSURE and state.letter == "matching"):
        assert "kind of work" not in text

    # A referrer is named as willing only once they agreed (the request is addressed to them).
    names_the_referrer = kind == K.RECOMMENDATION_ENCLOSURE and state.referrer == "agreed"
    if kind != K.RECOMMENDATION_REQUEST and not names_the_referrer:
        assert "Okafor" not in body and "happy to speak" not in body and "Zoë" not in body

    # "When we spoke" only to someone who may have been in the room.
    if state.interviewers == "someone else" and kind != K.RECOMMENDATION_REQUEST:
        assert not absent(MET_THE_CONTACT, text), f"claims a meeting: {absent(MET_THE_CONTACT, text)!r}"

    # The interview notes are the user's, never pasted in.
    for fragment in ("distracted", "salary", "62-70k", "night shifts"):
        assert fragment not in text

    # Nothing left unfilled, nothing anonymous.
    for leftover in ("[", "]", "{{", "}}", "{%", "%}", "None", "\n\n\n"):
        assert leftover not in text, f"{leftover!r} left in the draft"
    assert not re.search(r"^Hello,", body, re.MULTILINE), "anonymous greeting though a contact is given"
    assert re.search(r"\b(Dana|Zoë)\b", body.split("\n\n")[0]), "greets the chosen contact"

    # The subject stands out in a full inbox: role and company, one line, short enough to read.
    assert ROLE in d.subject and COMPANY in d.subject, d.subject
    assert "\n" not in d.subject and len(d.subject) <= SUBJECT_MAX, d.subject

    # The app's own draft passes the app's own checks.
    assert draft_findings(d.subject, body) == ([], [])


@pytest.mark.django_db
@pytest.mark.parametrize("state", [s for s in STATES if s.rapport == Rapport.UNEASY], ids=State.label)
def test_thank_you_after_an_uneasy_interview_is_brief_and_asks_for_nothing(state):
    d = draft(K.THANK_YOU, state)
    assert "Thank you" in d.body
    assert not absent(ASKS_FOR_NEWS, d.body), absent(ASKS_FOR_NEWS, d.body)
    assert "anything else I can send" not in d.body
    message = d.body.split("\n\n", 1)[1].rsplit("Best regards,", 1)[0]
    assert len(message.split()) <= 45, f"{len(message.split())} words: short and gracious, please"


@pytest.mark.django_db
@pytest.mark.parametrize("rapport", Rapport.values)
def test_no_thank_you_note_asks_for_news(rapport):
    d = draft(K.THANK_YOU, State(rapport=rapport))
    assert not absent(ASKS_FOR_NEWS, d.body), absent(ASKS_FOR_NEWS, d.body)
    assert d.subject == f"Thank you — {ROLE} interview at {COMPANY}"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [K.THANK_YOU, K.WARM_CHECK_IN, K.CALL_SCRIPT, K.RECOMMENDATION_REQUEST])
def test_warmth_is_there_after_a_good_interview(kind):
    assert absent(WARMTH, draft(kind, State(rapport=Rapport.WENT_WELL)).text)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [K.THANK_YOU, K.WARM_CHECK_IN, K.CALL_SCRIPT])
def test_the_detail_the_user_gave_is_used(kind):
    assert DETAIL in draft(kind, State(rapport=Rapport.NEUTRAL)).body


# --- The enclosure: the letter chosen, the referrer who agreed ----------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("letter", "speaks_to_the_work"), [("matching", True), ("other", False)], ids=["matching", "other-kind"]
)
def test_enclosure_names_the_chosen_letter_and_says_it_fits_only_when_it_does(letter, speaks_to_the_work):
    d = draft(K.RECOMMENDATION_ENCLOSURE, State(letter=letter, referrer=""))
    assert "I have attached a letter of recommendation from Col. Jane Smith" in d.body
    job_kind = MATCHING_JOB_KIND if letter == "matching" else OTHER_JOB_KIND
    assert f"written about my work in {job_kind[0].lower() + job_kind[1:]}" in d.body
    assert ("speaks to the kind of work this role involves" in d.body) is speaks_to_the_work
    assert d.context["letter_matches"] is speaks_to_the_work
    assert d.subject == f"A letter of recommendation: {ROLE} at {COMPANY}"


@pytest.mark.django_db
def test_enclosure_names_a_referrer_only_after_they_agreed():
    agreed = draft(K.RECOMMENDATION_ENCLOSURE, State(letter="", referrer="agreed"))
    assert "Zoë Okafor, Director of Operations at Tailspin Freight" in agreed.body
    assert "is happy to speak to it" in agreed.body
    not_yet = draft(K.RECOMMENDATION_ENCLOSURE, State(letter="", referrer="not agreed"))
    assert "Okafor" not in not_yet.body and "happy to speak" not in not_yet.body
    # With nothing to enclose it is a plain, honest follow-up: no promise of "something that may help".
    assert "something that may help" not in not_yet.body
    assert not_yet.subject == f"Following up: {ROLE} at {COMPANY}"


# --- The final follow-up is its own message ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("rapport", Rapport.values)
@pytest.mark.parametrize("channel", FollowUpChannel.values)
def test_final_follow_up_refers_to_the_first_offers_something_and_closes_the_loop(rapport, channel):
    state = State(rapport=rapport, first_follow_up=channel)
    final = draft(K.FINAL_FOLLOW_UP, state)
    verb = "called" if channel == FollowUpChannel.CALL else "wrote"
    assert f"I {verb} on {FIRST_FOLLOW_UP_WORDS} about the {ROLE} role" in final.body
    assert final.context["first_follow_up_on"] == dt.date(2026, 12, 7)
    assert first_sentence(SKILLS) in final.body
    assert SKILLS not in final.body, "one short line, not the whole summary"
    assert "would welcome being considered for future roles at Litware" in final.body
    status = draft(K.STATUS_REQUEST, state)
    assert final.body != status.body and final.subject != status.subject
    shared = set(final.body.split("\n\n")[1:-1]) & set(status.body.split("\n\n")[1:-1])
    assert not shared, f"paragraphs copied from the first follow-up: {shared}"


@pytest.mark.django_db
def test_final_follow_up_without_skills_offers_a_call_and_without_a_first_claims_none():
    d = draft(K.FINAL_FOLLOW_UP, State(skills=False, first_follow_up=""))
    assert "If a short call would help" in d.body
    assert d.context["first_follow_up_on"] is None
    assert not absent(r"wrote on|called on|once more|again about", d.body)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [K.RECOMMENDATION_ENCLOSURE, K.CALL_SCRIPT])
@pytest.mark.parametrize("channel", FollowUpChannel.values)
def test_a_second_message_of_another_kind_refers_to_the_first(kind, channel):
    """Sent after the first follow-up, the enclosure and the call are the final word:
    they say when the user last wrote or called, instead of asking as if for the first time."""
    d = draft(kind, State(first_follow_up=channel))
    by_phone = channel == FollowUpChannel.CALL
    verb, what = ("called", "call") if by_phone else ("wrote", "note")
    if kind == K.CALL_SCRIPT:
        assert f"I {verb} on {FIRST_FOLLOW_UP_WORDS}, and I wanted to ask once more" in d.body
        assert f"following up on my {what} of {FIRST_FOLLOW_UP_WORDS}" in d.body  # the voicemail too
    else:
        assert f"I {verb} on {FIRST_FOLLOW_UP_WORDS} about the {ROLE} role" in d.body
        assert "would welcome being considered for future roles at Litware" in d.body
        assert "as a decision was expected" not in d.body


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [K.RECOMMENDATION_ENCLOSURE, K.CALL_SCRIPT])
def test_a_first_message_claims_no_earlier_one(kind):
    d = draft(kind, State(first_follow_up=""))
    assert not absent(r"wrote on|called on|once more|following up on my|future roles", d.body)


# --- The hiring-manager note --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("interviewers", ["contact", "someone else", "none recorded"])
def test_hiring_manager_note_says_they_met_only_when_they_did(interviewers):
    d = draft(K.HIRING_MANAGER_NOTE, State(interviewers=interviewers, rapport=Rapport.NEUTRAL))
    met = "Thank you again for meeting with me on November 30 about the Logistics Analyst role"
    assert (met in d.body) is (interviewers == "contact")
    if interviewers != "contact":
        assert f"I recently interviewed for the {ROLE} role on your team at {COMPANY}" in d.body
    assert d.subject == f"Still very interested: {ROLE} at {COMPANY}"


@pytest.mark.django_db
@pytest.mark.parametrize("skills", [True, False], ids=["skills", "no-skills"])
def test_hiring_manager_note_with_and_without_a_skills_summary(skills):
    d = draft(K.HIRING_MANAGER_NOTE, State(skills=skills))
    assert d.context["needs_skills"] is (not skills)
    assert (SKILLS in d.body) is skills
    assert ("what I would bring" in d.body) is skills, "no dangling introduction to missing skills"
    assert "tell you more about my experience" in d.body
    assert not re.search(r":\s*$", d.body, re.MULTILINE), "no line ends on a colon with nothing after it"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [k for k in DraftKind if k != K.HIRING_MANAGER_NOTE])
def test_only_the_hiring_manager_note_needs_skills(kind):
    assert draft(kind, State(skills=False)).context["needs_skills"] is False


# --- Subjects ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(DraftKind))
def test_a_very_long_role_is_shortened_in_the_subject_not_in_the_body(kind):
    user, application, interview, manager, friend, _ = records(State())
    application.role = (
        "Senior Regional Transportation and Distribution Operations Program Manager, Night Shift (Remote)"
    )
    contact = friend if kind == K.RECOMMENDATION_REQUEST else manager
    subject, body = render_draft(
        kind, user=user, application=application, interview=interview, contact=contact
    )
    assert len(subject) <= SUBJECT_MAX, subject
    assert "Senior Regional" in subject and "…" in subject and COMPANY in subject
    assert application.role in body


@pytest.mark.parametrize(
    ("text", "limit", "short"),
    [
        ("Logistics Analyst", 30, "Logistics Analyst"),
        ("Senior Regional Transportation Manager", 24, "Senior Regional…"),
        ("Transportation and Distribution", 20, "Transportation…"),
        ("Fleet Maintenance and Repair", 22, "Fleet Maintenance…"),
        ("Supercalifragilisticexpialidocious", 10, "Supercali…"),
    ],
)
def test_shorten_cuts_at_a_word(text, limit, short):
    assert shorten(text, limit) == short
    assert len(shorten(text, limit)) <= limit


@pytest.mark.parametrize(
    ("summary", "first"),
    [
        (SKILLS, "I led a 14-person supply team for six years and cut order errors by a third."),
        ("Served 10 years in the U.S. Army as a logistics NCO. Led teams.", None),
        ("Worked under Sgt. Major Diaz on a $2.5M budget. Then more.", None),
        ("Fleet planning, inventory, and safety", "Fleet planning, inventory, and safety."),
        ("Ran a depot! Trained 40 people.", "Ran a depot!"),
        ("", ""),
    ],
)
def test_the_final_follow_up_uses_the_first_sentence_of_the_summary(summary, first):
    expected = summary.rsplit(" ", 2)[0] if first is None else first
    assert first_sentence(summary) == expected


# --- Letters that speak to the role (plans/letters.py) --------------------------------------------


@pytest.mark.parametrize(
    ("job_kind", "role", "matches"),
    [
        ("Logistics", "Logistics Analyst", True),
        ("Operations and logistics leadership", "Logistics Analyst", True),
        ("warehouse operations", "Operations Supervisor", True),
        ("Supply chain and logistics", "Logistics coordinator", True),
        ("Warehousing", "Warehouse Associate", False),  # different words; no guessing
        ("Registered nursing", "Logistics Analyst", False),
        ("Project manager", "Store Manager", False),  # a title, not a kind of work
        ("Senior analyst", "Financial Analyst", False),
        ("Security officer", "Logistics officer", False),
        ("Truck driving", "CDL Truck Driver", True),
        ("Nurse", "Registered Nurses Lead", True),
        ("", "Logistics Analyst", False),
        ("Logistics", "", False),
        ("IT support", "IT Support Technician", True),
    ],
)
def test_letter_matches_role(job_kind, role, matches):
    assert letter_matches_role(job_kind, role) is matches
