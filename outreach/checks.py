"""Checks a draft must pass before it is marked sent (step 6 of the playbook).

Two small pure functions over text. ``tone_findings`` flags wording that reads as
blaming, angry, demanding, desperate or entitled, plus shouting; ``jargon_findings``
spots military terms a civilian reader may not know. Each finding carries a calmer
or plainer suggestion.
"""

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["blaming", "angry", "demanding", "desperate", "entitled", "shouting", "jargon"]


@dataclass(frozen=True)
class Finding:
    kind: Kind
    text: str  # what was found, as written
    suggestion: str


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

# Military terms civilian readers rarely know, with plainer words. The project's own list.
JARGON = {
    "NCOIC": "supervisor in charge",
    "OIC": "manager in charge",
    "NCO": "supervisor",
    "SNCO": "senior supervisor",
    "MOS": "job specialty",
    "AFSC": "job specialty",
    "MOC": "job specialty",
    "PCS": "relocation",
    "PCS'd": "relocated",
    "TDY": "temporary work assignment",
    "TAD": "temporary work assignment",
    "OCONUS": "overseas",
    "CONUS": "in the United States",
    "mission-essential": "critical to operations",
    "mission essential": "critical to operations",
    "mission-critical": "critical to operations",
    "SOP": "standard procedure",
    "OPORD": "project plan",
    "FRAGO": "change to the plan",
    "AAR": "review of what went well and what to improve",
    "after action review": "project review",
    "chain of command": "reporting line",
    "CO": "commanding officer (senior manager)",
    "XO": "second-in-command (deputy manager)",
    "1SG": "senior supervisor",
    "first sergeant": "senior supervisor",
    "sergeant major": "senior operations leader",
    "platoon": "team of about 30",
    "squad": "team of about 10",
    "company": None,  # too common in civilian speech to flag
    "battalion": "organization of about 500 people",
    "brigade": "organization of several thousand people",
    "unit": None,
    "S1": "HR department",
    "S2": "intelligence and security office",
    "S3": "operations department",
    "S4": "logistics department",
    "S6": "IT department",
    "G3": "operations department",
    "J4": "logistics department",
    "TOC": "operations center",
    "ops tempo": "workload",
    "OPTEMPO": "workload",
    "NCOER": "performance review",
    "OER": "performance review",
    "EPR": "performance review",
    "FITREP": "performance review",
    "evals": "performance reviews",
    "BLUF": "in short",
    "hooah": "",
    "oorah": "",
    "roger that": "understood",
    "wilco": "will do",
    "ETS": "leaving the military",
    "EAS": "end of service",
    "DD-214": "discharge record",
    "DD214": "discharge record",
    "MOPP": "protective equipment",
    "POV": "personal vehicle",
    "field grade": "mid-level manager",
    "CONOPS": "plan of operations",
    "ROE": "rules",
    "Zero Dark Thirty": "very early in the morning",
    "0800": "8 a.m.",
    "1700": "5 p.m.",
    "FOB": "base",
    "downrange": "overseas",
    "in theater": "overseas",
    "muster": "gather",
    "billet": "position",
    "TS/SCI": "top-secret clearance",
    "SECRET clearance": None,
    "Article 15": "disciplinary action",
    "MRE": "field ration",
    "comms": "communications",
    "intel": "research",
}
JARGON_TERMS = {term: plain for term, plain in JARGON.items() if plain is not None}
# Short all-capital acronyms must match case; longer words and phrases match any case.
JARGON_PATTERNS = sorted(
    (
        (
            term,
            re.compile(
                rf"(?<![\w-]){re.escape(term)}(?![\w-])",
                0 if (term.isupper() or any(ch.isdigit() for ch in term)) else re.IGNORECASE,
            ),
            plain,
        )
        for term, plain in JARGON_TERMS.items()
    ),
    key=lambda item: -len(item[0]),  # longer phrases first, so "mission-essential" wins over parts
)


def tone_findings(text: str) -> list[Finding]:
    """Wording that could sound blaming, angry, demanding, desperate or entitled, and shouting."""
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
    return _unique(findings)


def jargon_findings(text: str) -> list[Finding]:
    """Military terms and acronyms, each with civilian wording to use instead."""
    findings: list[Finding] = []
    taken: list[range] = []
    for _term, pattern, plain in JARGON_PATTERNS:
        for match in pattern.finditer(text):
            span = range(match.start(), match.end())
            if any(set(span) & set(other) for other in taken):
                continue
            taken.append(span)
            suggestion = f"Try “{plain}”." if plain else "Leave it out in a civilian letter."
            findings.append(Finding("jargon", match.group(0), suggestion))
    return _unique(findings)


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    result = []
    for finding in findings:
        key = (finding.kind, finding.text.lower())
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return result
