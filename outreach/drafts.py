"""Writing the drafts: one text template per kind (templates/drafts/), filled from
the records, then checked like anything the user writes."""

import datetime as dt
import re
import zoneinfo
from collections.abc import Collection, Sequence
from urllib.parse import quote

from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from applications.choices import FollowUpChannel
from applications.models import Application, Contact, FollowUp, Interview, Letter
from plans.checks import Finding, plain_language_findings, tone_findings
from plans.choices import DraftKind, Rapport
from plans.letters import letter_matches_role
from plans.names import suggest_greeting, tidy_greeting

SIGN_OFF = "Best regards,"
# Longer subjects are cut off in most inbox lists; a very long role is shortened to fit.
SUBJECT_MAX = 78
# The shortest a role is cut to, so that the subject still says which job it is about.
SUBJECT_ROLE_MIN = 24


def render_draft(
    kind: str,
    *,
    user: User,
    application: Application,
    interview: Interview | None,
    contact: Contact | None,
    letter: Letter | None = None,
    referrer: Contact | None = None,
    personal_detail: str = "",
    now: dt.datetime | None = None,
    interviewer_ids: Collection[int] | None = None,
    follow_ups: Sequence[FollowUp] | None = None,
) -> tuple[str, str]:
    """(subject, body) for a kind of message, in the user's voice.

    The text says only what the records support (see ``draft_context``)."""
    context = draft_context(
        kind,
        user=user,
        application=application,
        interview=interview,
        contact=contact,
        letter=letter,
        referrer=referrer,
        personal_detail=personal_detail,
        interviewer_ids=interviewer_ids,
        follow_ups=follow_ups,
    )
    # Dates in the templates are the user's own: an interview at 20:30 on Friday in
    # New York was on Friday, whatever the server's zone.
    with timezone.override(_zone(user)):
        subject = _subject(kind, context)
        body = render_to_string(f"drafts/{kind}.txt", context).strip() + "\n"
    return subject, _tidy(body)


def draft_context(
    kind: str,
    *,
    user: User,
    application: Application,
    interview: Interview | None,
    contact: Contact | None,
    letter: Letter | None = None,
    referrer: Contact | None = None,
    personal_detail: str = "",
    interviewer_ids: Collection[int] | None = None,
    follow_ups: Sequence[FollowUp] | None = None,
) -> dict[str, object]:
    """What a draft template may draw on; every claim it can make has a flag here.

    - ``went_well`` / ``uneasy``: warmth ("I enjoyed our conversation") only after a
      good interview; after an uneasy one, short and gracious.
    - ``contact_interviewed``: the contact was one of the interviewers recorded for
      ``interview``; ``contact_not_interviewer``: interviewers were recorded and the
      contact is not among them (so the text must not say "when we spoke").
    - ``letter_matches``: the letter's job kind matches the role (it "speaks to this
      kind of work").
    - ``referrer_agreed``: the referrer said yes to being named; until then no draft
      names them as willing.
    - ``first_follow_up_on`` / ``first_follow_up_by_phone``: the first follow-up since
      the interview, for the final follow-up to refer to.
    - ``needs_skills``: a hiring-manager note without a skills summary; the page asks
      for one (the text reads well without it).
    The interview's notes are never in the context: they are the user's, to pick from.

    ``interviewer_ids`` (the interview's interviewers) and ``follow_ups`` (all of the
    application's) are for a caller that read them already for many drafts at once
    (the reminder email); without them they are read here.
    """
    rapport = interview.rapport if interview else ""
    skills = user.skills_summary.strip()
    interviewers = _interviewer_ids(interview) if interviewer_ids is None else set(interviewer_ids)
    first_follow_up = _first_follow_up(application, interview, follow_ups)
    zone = _zone(user)
    return {
        "user": user,
        "name": user.full_name or "",
        "application": application,
        "interview": interview,
        "contact": contact,
        "greeting_name": contact_greeting(contact) if contact else "",
        "phone": user.phone.strip(),
        "needs_phone": needs_phone(kind, user),
        "letter": letter,
        "letter_matches": bool(letter and letter_matches_role(letter.job_kind, application.role)),
        "letter_work": in_sentence(letter.job_kind) if letter else "",
        "referrer": referrer,
        "referrer_agreed": bool(referrer and referrer.agreed_to_recommend),
        "personal_detail": personal_detail.strip(),
        "skills": skills,
        "skills_line": first_sentence(skills),
        "needs_skills": needs_skills(kind, user),
        "went_well": rapport == Rapport.WENT_WELL,
        "uneasy": rapport == Rapport.UNEASY,
        "contact_interviewed": bool(contact and contact.pk in interviewers),
        "contact_not_interviewer": bool(contact and interviewers and contact.pk not in interviewers),
        "first_follow_up_on": (
            first_follow_up.happened_at.astimezone(zone).date() if first_follow_up else None
        ),
        "first_follow_up_by_phone": bool(first_follow_up and first_follow_up.channel == FollowUpChannel.CALL),
        "signature": user.email_signature.strip() or user.full_name,
        "sign_off": SIGN_OFF,
    }


# Words that keep their capital inside a sentence: the services, and names of programs.
PROPER_WORDS = frozenset(
    {"army", "navy", "air", "marine", "marines", "coast", "space", "national", "dod", "va", "english"}
)


def in_sentence(phrase: str) -> str:
    """A phrase the user typed as a label ("Operations and logistics leadership"), as it
    reads inside a sentence ("operations and logistics leadership"). Acronyms ("IT
    project management") and the services ("Army aviation") keep their capitals."""
    phrase = phrase.strip()
    first = phrase.split(" ", 1)[0]
    if not first or first.lower() in PROPER_WORDS or not first[0].isupper() or not first[1:].islower():
        return phrase
    return phrase[0].lower() + phrase[1:]


def needs_skills(kind: str, user: User) -> bool:
    """A hiring-manager note names the user's skills; without a summary the page asks for one."""
    return kind == DraftKind.HIRING_MANAGER_NOTE and not user.skills_summary.strip()


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (all of it when it has one), ending in a full stop.

    A full stop ends a sentence only before a new one (a capital, a digit) or the end,
    and not after an abbreviation ("U.S. Army", "Sgt. Major", "Dr. Lee")."""
    text = " ".join(text.split())
    if not text:
        return ""
    for end in re.finditer(r"[.!?](?= [A-Z0-9\"“]|$)", text):
        word = text[: end.start() + 1].rsplit(" ", 1)[-1]
        if end.group() == "." and (word.count(".") > 1 or word[:-1].lower() in _ABBREVIATIONS):
            continue
        return text[: end.end()]
    return text if text[-1] in ".!?" else text + "."


_ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "no", "vs", "etc", "approx", "est"),
        *("co", "inc", "ltd", "corp", "dept"),
        *("pvt", "pfc", "cpl", "sgt", "ssg", "sfc", "msg", "sgm", "csm", "ret"),
        *("lt", "col", "gen", "maj", "capt", "cpt", "adm", "cmdr", "cdr"),
    }
)


def _zone(user: User) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone or "UTC")
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return dt.UTC


def _interviewer_ids(interview: Interview | None) -> set[int]:
    """The contacts recorded as this interview's interviewers (none for an unsaved one)."""
    if interview is None or interview.pk is None:
        return set()
    return set(interview.interviewers.values_list("pk", flat=True))


def _first_follow_up(
    application: Application, interview: Interview | None, known: Sequence[FollowUp] | None = None
) -> FollowUp | None:
    """The first follow-up sent since the interview, if any; among ``known`` (all the
    application's follow-ups) when given, else read."""
    if application.pk is None:
        return None
    if known is not None:
        since = [f for f in known if interview is None or f.happened_at >= interview.starts_at]
        return min(since, key=lambda f: (f.happened_at, f.pk), default=None)
    follow_ups = application.follow_ups.all()
    if interview is not None:
        follow_ups = follow_ups.filter(happened_at__gte=interview.starts_at)
    return follow_ups.order_by("happened_at", "pk").first()


def _subject(kind: str, context: dict[str, object]) -> str:
    """The subject line, naming the role and the company; a very long role is shortened."""
    application = context["application"]
    assert isinstance(application, Application)
    role = application.role.strip()

    def render(role_text: str) -> str:
        text = render_to_string(f"drafts/{kind}_subject.txt", {**context, "role": role_text})
        return " ".join(text.split())

    subject = render(role)
    excess = len(subject) - SUBJECT_MAX
    if excess > 0:
        subject = render(shorten(role, max(SUBJECT_ROLE_MIN, len(role) - excess)))
    return subject


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    words = cut.split(" ")
    if len(words) > 1 and not text[limit - 1].isspace():
        words = words[:-1]  # the last word was cut in half
    while len(words) > 1 and (not words[-1] or words[-1].lower() in _DANGLING):
        words = words[:-1]
    return " ".join(words).rstrip(" ,;:-—–(/&") + "…"


# Words a shortened role should not end on.
_DANGLING = frozenset(
    {"and", "or", "of", "the", "for", "at", "in", "on", "to", "with", "a", "an", "&", "-", "—"}
)


def contact_greeting(contact: Contact) -> str:
    """How a message to this contact opens: their "greet as" exactly as the user wrote it,
    else the suggestion from their name (plans.names)."""
    return tidy_greeting(contact.greet_as) or suggest_greeting(contact.name)


def greeting_name(full_name: str) -> str:
    """The greeting suggested for a name: "SGM (Ret) Dana Brooks" -> "Dana" (see plans.names)."""
    return suggest_greeting(full_name)


def needs_phone(kind: str, user: User) -> bool:
    """A call script whose voicemail has no callback number to leave: the page asks for one."""
    return kind == DraftKind.CALL_SCRIPT and not user.phone.strip()


def _tidy(text: str) -> str:
    """No runs of blank lines left by optional template parts."""
    lines: list[str] = []
    blank = False
    for line in text.splitlines():
        if not line.strip():
            if not blank and lines:
                lines.append("")
            blank = True
        else:
            lines.append(line.rstrip())
            blank = False
    return "\n".join(lines).strip() + "\n"


def mailto_link(address: str | None, subject: str, body: str) -> str:
    """An RFC 6068 mailto: URL; line breaks become %0D%0A as the RFC asks."""
    crlf_body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return (
        f"mailto:{quote(address or '', safe='@')}"
        f"?subject={quote(subject, safe='')}&body={quote(crlf_body, safe='')}"
    )


def draft_findings(subject: str, body: str) -> tuple[list[Finding], list[Finding]]:
    """(tone, plain language): the second holds jargon to replace and clearance terms to keep
    (``Finding.kind`` tells them apart)."""
    text = f"{subject}\n{body}"
    return tone_findings(text), plain_language_findings(text)
