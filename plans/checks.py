"""Checks a draft must pass before it is marked sent (step 6 of the playbook), also run on the
profile's skills summary and signature, which go into every draft.

Pure functions over text. ``tone_findings`` flags wording that reads as blaming, angry,
demanding, desperate or entitled, plus shouting; ``jargon_findings`` spots military terms a
civilian reader may not know (the list and its contexts: ``plans.military_terms``), each with
plainer wording; ``clearance_findings`` notes clearance terms, which are not jargon and are
worth keeping for defense and government employers.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .military_terms import CLEARANCE_TERMS, TERMS, Term

Kind = Literal["blaming", "angry", "demanding", "desperate", "entitled", "shouting", "jargon", "clearance"]


@dataclass(frozen=True)
class Finding:
    kind: Kind
    text: str  # what was found, as written
    suggestion: str
    term: str = ""  # for the plain-language check: the listed term (plans.military_terms) it is
    alternative: str = ""  # ... and the civilian wording for it


# (kind, pattern, suggestion). Patterns are matched case-insensitively on word boundaries.
TONE_RULES: list[tuple[Kind, str, str]] = [
    ("blaming", r"buried", "Leave out what happened to your application; say you remain interested."),
    ("blaming", r"never heard back", "Ask for an update instead: “I'd welcome any news on the timeline.”"),
    (
        "blaming",
        r"(?:haven'?t|have not|didn'?t|did not) (?:heard|hear) (?:back|anything)",
        "Ask for an update instead: “I'd welcome any news on the timeline.”",
    ),
    ("blaming", r"ignor(?:ed|ing)", "Assume they are busy: “I know this is a busy time.”"),
    (
        "blaming",
        r"no one (?:has )?(?:replied|responded|answered|got back)",
        "Ask for an update instead of pointing out the silence.",
    ),
    (
        "blaming",
        r"you (?:said|promised) you would",
        "Refer to the date gently: “You mentioned a decision around …”",
    ),
    ("blaming", r"fell through the cracks", "Say you remain interested and ask for an update."),
    (
        "blaming",
        r"(?:lost|misplaced) my (?:application|resume|résumé)",
        "Offer to resend anything helpful instead.",
    ),
    (
        "blaming",
        r"(?:still )?waiting (?:all this time|for weeks|forever)",
        "Leave out how long you have waited; ask for an update.",
    ),
    ("angry", r"unprofessional", "Keep it neutral; thank them for their time."),
    ("angry", r"disrespectful|rude", "Keep it neutral; thank them for their time."),
    ("angry", r"ridiculous|unacceptable|outrageous", "Keep it neutral; thank them for their time."),
    (
        "angry",
        r"frustrat(?:ed|ing)|annoy(?:ed|ing)|fed up|disappointed in you",
        "Leave your feelings out; stay warm and brief.",
    ),
    ("angry", r"waste of (?:my )?time", "Leave this out; thank them for their time instead."),
    ("demanding", r"(?:i )?demand", "Ask, don't require: “Could you let me know …?”"),
    ("demanding", r"i expect (?:a|an|to)", "Ask, don't require: “I'd be grateful for …”"),
    (
        "demanding",
        r"(?:as soon as possible|asap|immediately|right away|by end of day|by eod)",
        "Drop the deadline; “whenever you have a moment” works better.",
    ),
    (
        "demanding",
        r"you (?:need|have|must) to (?:tell|let|respond|reply|answer|get back)",
        "Ask, don't require: “Could you let me know …?”",
    ),
    ("demanding", r"i insist", "Ask politely instead."),
    ("desperate", r"desperate(?:ly)?", "Show interest, not need: “I remain very interested in the role.”"),
    ("desperate", r"begging|i beg", "Show interest, not need: “I remain very interested in the role.”"),
    (
        "desperate",
        r"(?:i )?really need (?:this|the) job",
        "Show interest, not need: “I'm excited about what I could bring to the team.”",
    ),
    (
        "desperate",
        r"i(?:'ll| will) do anything",
        "Name what you offer instead: one skill that fits the role.",
    ),
    ("desperate", r"please,? please", "One “please” is plenty."),
    ("desperate", r"my last (?:hope|chance)", "Keep it about the role and what you bring."),
    ("entitled", r"i deserve", "Let your experience speak: name one result you achieved."),
    (
        "entitled",
        r"(?:obviously|clearly) the best (?:candidate|fit|choice)",
        "Say why you fit, with one concrete example.",
    ),
    (
        "entitled",
        r"you (?:owe|should have) (?:me|hired|called|contacted)",
        "Leave this out; thank them for considering you.",
    ),
    (
        "entitled",
        r"after (?:all )?(?:my|i gave|everything i|\d+ years of) (?:service|years)",
        "Your service is a strength: describe what it taught you, not what it earns.",
    ),
    ("entitled", r"least you could do", "Leave this out; ask politely instead."),
]
TONE_PATTERNS = [
    (kind, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), suggestion)
    for kind, pattern, suggestion in TONE_RULES
]
# A long word in capitals, or several in a row. Short acronyms (HVAC, OSHA) are fine.
SHOUTING = re.compile(r"\b[A-Z]{6,}\b|\b[A-Z]{3,}(?:\s+[A-Z]{2,}\b)+")
EXCLAMATIONS = re.compile(r"!{2,}")


@dataclass(frozen=True)
class _Compiled:
    term: Term
    pattern: re.Pattern[str]
    preceded_by: re.Pattern[str] | None
    followed_by: re.Pattern[str] | None
    not_preceded_by: re.Pattern[str] | None
    not_followed_by: re.Pattern[str] | None


CONTEXT_REACH = 60  # characters either side a context may look at


def _compile(term: Term) -> _Compiled:
    def before(context: str | None) -> re.Pattern[str] | None:
        return re.compile(rf"(?:{context})$") if context else None

    def after(context: str | None) -> re.Pattern[str] | None:
        return re.compile(context) if context else None

    flags = re.IGNORECASE if term.ignore_case else 0
    # A whole word: no letter or digit either side, and no "word-" before or "-X" after it.
    pattern = re.compile(rf"(?<!\w)(?<!\w-)(?:{term.pattern})(?!\w)(?!-[A-Za-z0-9])", flags)
    return _Compiled(
        term,
        pattern,
        before(term.preceded_by),
        after(term.followed_by),
        before(term.not_preceded_by),
        after(term.not_followed_by),
    )


JARGON_RULES = [_compile(term) for term in TERMS]
CLEARANCE_RULES = [_compile(term) for term in CLEARANCE_TERMS]
# Kept for callers of the old dictionary: every listed term and its civilian wording.
JARGON_TERMS = {term.name: term.alternative for term in TERMS}
CLEARANCE_NOTE = (
    "Keep it: defense and government employers search for clearance terms, "
    "so name your clearance as it is written."
)


def _matches(rules: list[_Compiled], text: str) -> list[tuple[int, int, Term]]:
    """(start, end, term) for each place a rule holds, its context included."""
    found = []
    for rule in rules:
        for match in rule.pattern.finditer(text):
            start, end = match.span()
            head = text[max(0, start - CONTEXT_REACH) : start]
            tail = text[end : end + CONTEXT_REACH]
            if rule.preceded_by or rule.followed_by:
                wanted = (rule.preceded_by and rule.preceded_by.search(head)) or (
                    rule.followed_by and rule.followed_by.match(tail)
                )
                if not wanted:
                    continue
            if rule.not_preceded_by and rule.not_preceded_by.search(head):
                continue
            if rule.not_followed_by and rule.not_followed_by.match(tail):
                continue
            found.append((start, end, rule.term))
    return found


@lru_cache(maxsize=256)
def _spans(text: str) -> tuple[tuple[int, int, Term, Kind], ...]:
    """Non-overlapping finds, clearance terms first (they are never jargon), then longer first.

    Cached by text: a pure function of the text alone, and the draft page, the
    send check and the profile ask it about the same text again and again."""
    candidates = [(s, e, t, "clearance") for s, e, t in _matches(CLEARANCE_RULES, text)]
    candidates += [(s, e, t, "jargon") for s, e, t in _matches(JARGON_RULES, text)]
    taken: list[tuple[int, int, Term, Kind]] = []
    for start, end, term, kind in sorted(candidates, key=lambda c: (c[3] != "clearance", c[0] - c[1], c[0])):
        if all(end <= s or start >= e for s, e, _, _ in taken):
            taken.append((start, end, term, kind))  # type: ignore[arg-type]
    return tuple(sorted(taken, key=lambda c: c[0]))


def tone_findings(text: str) -> list[Finding]:
    """Wording that could sound blaming, angry, demanding, desperate or entitled, and shouting."""
    return list(_tone_findings(text))


@lru_cache(maxsize=256)
def _tone_findings(text: str) -> tuple[Finding, ...]:
    # Cached by text, as _spans is: a pure function of the text alone.
    findings = []
    for kind, pattern, suggestion in TONE_PATTERNS:
        for match in pattern.finditer(text):
            findings.append(Finding(kind, match.group(0), suggestion))
    for match in SHOUTING.finditer(text):
        words = match.group(0)
        findings.append(
            Finding("shouting", words, f"Write “{words.capitalize()}”: capitals read as shouting.")
        )
    for match in EXCLAMATIONS.finditer(text):
        findings.append(Finding("shouting", match.group(0), "One exclamation mark at most, or none."))
    return tuple(_unique(findings))


def jargon_findings(text: str) -> list[Finding]:
    """Military terms and acronyms, each with civilian wording to use instead."""
    return _unique(
        [
            Finding("jargon", text[start:end], f"Try “{term.alternative}”.", term.name, term.alternative)
            for start, end, term, kind in _spans(text)
            if kind == "jargon"
        ]
    )


def clearance_findings(text: str) -> list[Finding]:
    """Clearance terms: not jargon, a note to keep them (defense and government employers search for them)."""
    return _unique(
        [
            Finding("clearance", text[start:end], CLEARANCE_NOTE, term.name)
            for start, end, term, kind in _spans(text)
            if kind == "clearance"
        ]
    )


def plain_language_findings(text: str) -> list[Finding]:
    """The plain-language check as shown to the user: jargon to replace, then clearance terms to keep."""
    return jargon_findings(text) + clearance_findings(text)


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    result = []
    for finding in findings:
        key = (finding.kind, finding.text.lower())
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return result
