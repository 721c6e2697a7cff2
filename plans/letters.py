"""Whether a letter of recommendation is about the kind of work a role involves.

A draft may say a letter "speaks to this kind of work" only when this says so: the
letter's job kind and the role share a word that names the work itself ("logistics",
"warehouse", "nursing"), not one that names a level or a title any job can have
("manager", "senior", "specialist")."""

import re

# Words that say nothing about the kind of work: small words, levels and titles.
NOT_THE_WORK = frozenset(
    {
        # small words
        *("a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"),
        *("i", "ii", "iii", "iv"),
        # any job has these
        *("job", "jobs", "role", "roles", "work", "position", "career", "field", "area", "team"),
        # levels
        *("senior", "junior", "lead", "leader", "leadership", "head", "chief", "principal", "entry"),
        *("level", "mid", "staff", "assistant", "associate", "deputy", "acting", "interim"),
        *("trainee", "apprentice", "intern", "general", "other", "various"),
        # titles found in every line of work
        *("manager", "management", "managing", "supervisor", "supervision", "director"),
        *("coordinator", "administrator", "officer", "specialist", "analyst", "technician"),
        *("engineer", "consultant", "representative", "agent", "member", "worker"),
        *("professional", "expert", "advisor", "adviser"),
    }
)


def work_words(text: str) -> set[str]:
    """The words of ``text`` that name kinds of work, lower-cased and without a plural "s"."""
    words = set()
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        if word in NOT_THE_WORK or len(word) < 3:
            continue
        words.add(_singular(word))
    return words


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def letter_matches_role(job_kind: str, role: str) -> bool:
    """True when the letter's job kind and the role share a word naming the work."""
    return bool(work_words(job_kind) & work_words(role))
