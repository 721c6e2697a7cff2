"""Writing the drafts: one text template per kind (templates/drafts/), filled from
the records, then checked like anything the user writes."""

import datetime as dt
from urllib.parse import quote

from django.template.loader import render_to_string

from accounts.models import User
from applications.models import Application, Contact, Interview, Letter
from plans.checks import Finding, plain_language_findings, tone_findings
from plans.choices import DraftKind
from plans.names import suggest_greeting, tidy_greeting

SIGN_OFF = "Best regards,"


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
) -> tuple[str, str]:
    """(subject, body) for a kind of message, in the user's voice."""
    context: dict[str, object] = {
        "user": user,
        "name": user.full_name or "",
        "application": application,
        "interview": interview,
        "contact": contact,
        "greeting_name": contact_greeting(contact) if contact else "",
        "phone": user.phone.strip(),
        "needs_phone": needs_phone(kind, user),
        "letter": letter,
        "referrer": referrer,
        "personal_detail": personal_detail.strip(),
        "skills": user.skills_summary.strip(),
        "signature": user.email_signature.strip() or user.full_name,
        "sign_off": SIGN_OFF,
    }
    subject = " ".join(render_to_string(f"drafts/{kind}_subject.txt", context).split())
    body = render_to_string(f"drafts/{kind}.txt", context).strip() + "\n"
    return subject, _tidy(body)


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
