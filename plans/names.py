"""How a message opens to someone: a greeting suggested from the name the user typed.

Veterans type names the way they knew people: "SGM (Ret) Dana Brooks", "LTC Smith",
"Dana Brooks, PMP", "DANA BROOKS". A draft that opens "Dear SGM," or "Dear LTC," reads
as careless, so :func:`suggest_greeting` finds the part of the name a civilian letter
would use. The rules, as a career coach would put them:

1. When a given name is there, use it: "SGM (Ret) Dana Brooks" -> "Dana". Ranks, pay
   grades, retired markers, service branches, courtesy titles (Mr., Ms., Dr., Prof.),
   generational suffixes (Jr., III) and credentials (PhD, PMP, ", Esq.") are left out.
   After an interview, first names are the norm in US business email.
2. When the only name is a surname, a bare surname is rude ("Dear Smith,"), so the title
   that came with it stays, written out the way a letter would address the person:
   "Dr. Okafor", "Mr Smith" -> "Mr. Smith", "Prof. Lee" -> "Professor Lee", and for a rank
   its conventional form of address: "LTC Smith" -> "Colonel Smith", "SFC Diaz" ->
   "Sergeant Diaz", "CW3 Park" -> "Chief Park", "LCDR Shah" -> "Commander Shah". This is
   how military correspondence addresses people, and it is how the user knows them.
3. A name that is all capitals or all lower case is written the usual way: "DANA BROOKS"
   -> "Dana", "o'brien" -> "O'Brien". Hyphens, apostrophes and accents are kept.
4. A nickname in quotes or parentheses wins: 'Robert "Bob" Diaz' -> "Bob".
5. A single word is used as it is ("Cher", "Okafor"): we cannot tell a given name from a
   surname, and the contact form shows the suggestion so the user can change it.
6. Nothing usable (an empty name, or titles only) gives "", and the draft opens without
   a name rather than with a title.

The suggestion is a starting point: a contact's "greet as" is shown pre-filled and the
user's own wording always wins. Family-name-first names (such as Vietnamese or Korean
order) are not guessed; the first word is suggested and the user edits it.
"""

import re
import unicodedata

__all__ = ["suggest_greeting", "tidy_greeting"]

# Honorifics: how each is written before a surname.
_HONORIFICS: dict[str, str] = {
    "mr": "Mr.",
    "mister": "Mr.",
    "mrs": "Mrs.",
    "ms": "Ms.",
    "miss": "Miss",
    "mx": "Mx.",
    "dr": "Dr.",
    "doctor": "Dr.",
    "prof": "Professor",
    "professor": "Professor",
    "rev": "Reverend",
    "reverend": "Reverend",
    "hon": "",  # "the Honorable" is for envelopes, not greetings
}

# Ranks and pay grades, all services, with the form of address used before a surname
# (in letters, a lieutenant colonel is "Colonel Smith", a staff sergeant "Sergeant").
_RANKS: dict[str, str] = {}


def _ranks(address: str, *spellings: str) -> None:
    for spelling in spellings:
        _RANKS[_key(spelling)] = address


def _key(text: str) -> str:
    """ "Lt. Col." , "LT COL" and "lt-col" all read as "lt col"."""
    return " ".join(re.sub(r"[.\-]", " ", text.casefold()).split())


# Army, Marine Corps, Air Force and Space Force enlisted.
_ranks("Private", "PVT", "PV1", "PV2", "PFC", "Private", "Private First Class", "Pvt")
_ranks("Specialist", "SPC", "Specialist", "Spec")
_ranks("Corporal", "CPL", "Corporal", "LCpl", "Lance Corporal", "Lance Cpl")
_ranks(
    "Sergeant",
    "SGT",
    "SSG",
    "SFC",
    "MSG",
    "SSgt",
    "TSgt",
    "MSgt",
    "SMSgt",
    "Sergeant",
    "Staff Sergeant",
    "Staff Sgt",
    "Sergeant First Class",
    "Sgt First Class",
    "Master Sergeant",
    "Master Sgt",
    "Technical Sergeant",
    "Tech Sgt",
    "Senior Master Sergeant",
    "Senior Master Sgt",
)
_ranks("First Sergeant", "1SG", "1stSgt", "First Sergeant", "First Sgt", "1st Sgt")
_ranks("Gunnery Sergeant", "GySgt", "Gunnery Sergeant", "Gunnery Sgt", "Gunny")
_ranks("Master Gunnery Sergeant", "MGySgt", "Master Gunnery Sergeant", "Master Gunnery Sgt")
_ranks(
    "Sergeant Major",
    "SGM",
    "CSM",
    "SMA",
    "SgtMaj",
    "Sergeant Major",
    "Sgt Maj",
    "Command Sergeant Major",
    "Command Sgt Maj",
    "Sergeant Major of the Army",
)
_ranks("Chief", "CMSgt", "CCM", "CMSAF", "Chief Master Sergeant", "Chief Master Sgt")
_ranks(
    "Airman",
    "AB",
    "Amn",
    "A1C",
    "SrA",
    "Airman",
    "Airman First Class",
    "Senior Airman",
    "Spc1",
    "Spc2",
    "Spc3",
    "Spc4",
)
# Navy and Coast Guard enlisted.
_ranks("Seaman", "SR", "SA", "SN", "Seaman", "Seaman Recruit", "Seaman Apprentice")
_ranks("Petty Officer", "PO1", "PO2", "PO3", "PO", "Petty Officer", "Petty Officer First Class",
       "Petty Officer Second Class", "Petty Officer Third Class")  # fmt: skip
_ranks("Chief", "CPO", "Chief", "Chief Petty Officer")
_ranks("Senior Chief", "SCPO", "Senior Chief", "Senior Chief Petty Officer")
_ranks("Master Chief", "MCPO", "MCPON", "Master Chief", "Master Chief Petty Officer")
# Warrant officers.
_ranks("Warrant Officer", "WO1", "WO", "Warrant Officer", "Warrant Officer 1")
_ranks("Chief", "CW2", "CW3", "CW4", "CW5", "CWO", "CWO2", "CWO3", "CWO4", "CWO5",
       "Chief Warrant Officer", "Chief Warrant Officer 2", "Chief Warrant Officer 3",
       "Chief Warrant Officer 4", "Chief Warrant Officer 5")  # fmt: skip
# Officers, all services.
_ranks("Lieutenant", "2LT", "1LT", "2ndLt", "1stLt", "Lt", "Lieutenant", "Second Lieutenant",
       "First Lieutenant", "2nd Lt", "1st Lt", "LTJG", "Lt jg",
       "Lt j g", "Lieutenant Junior Grade")  # fmt: skip
_ranks("Ensign", "ENS", "Ensign")
_ranks("Captain", "CPT", "Capt", "CAPT", "Captain")
_ranks("Major", "MAJ", "Maj", "Major")
_ranks("Colonel", "LTC", "LtCol", "Lt Col", "Lieutenant Colonel", "COL", "Col", "Colonel")
_ranks("Commander", "LCDR", "LtCmdr", "Lt Cmdr", "Lt Cdr", "Lieutenant Commander", "CDR", "Cmdr", "Commander")
_ranks("General", "BG", "BGen", "Brig Gen", "Brigadier General", "MG", "MajGen", "Maj Gen", "Major General",
       "LTG", "LtGen", "Lt Gen", "Lieutenant General", "GEN", "Gen", "General")  # fmt: skip
_ranks("Admiral", "RDML", "RADM", "Rear Adm", "Rear Admiral", "VADM", "Vice Adm", "Vice Admiral",
       "ADM", "Adm", "Admiral")  # fmt: skip
# Pay grades: E-1..E-9, W-1..W-5, O-1..O-10 (no form of address: a grade is not a title).
for _grade in (
    [f"E{n}" for n in range(1, 10)] + [f"W{n}" for n in range(1, 6)] + [f"O{n}" for n in range(1, 11)]
):
    _RANKS[_grade.casefold()] = ""
    _RANKS[f"{_grade[0]} {_grade[1:]}".casefold()] = ""

# The longest rank written as separate words, in words.
_LONGEST_RANK = max(len(k.split()) for k in _RANKS)

_SERVICES = {
    _key(s)
    for s in (
        "USA", "USN", "USAF", "USMC", "USMCR", "USCG", "USCGR", "USSF", "USAR", "USNR", "USAFR", "ARNG",
        "ANG", "US Army", "U.S. Army", "US Navy", "U.S. Navy", "US Air Force", "U.S. Air Force",
        "US Marine Corps", "U.S. Marine Corps", "Army", "Navy", "Air Force", "Marine Corps",
        "Coast Guard", "Space Force", "US Coast Guard", "U.S. Coast Guard", "US Space Force",
    )
}  # fmt: skip
_RETIRED = {"ret", "retd", "retired", "rtd"}
# Abbreviations that are also given names ("Gen Tanaka", "Po Chen"): a rank only in capitals or with a period.
_NAME_LIKE = {"gen", "po", "sa", "sn", "ab", "wo", "sr"}

_SUFFIXES = {
    _key(s)
    for s in (
        "Jr", "Sr", "II", "III", "IV", "V", "VI", "2nd", "3rd", "Esq", "Esquire", "PhD", "Ph D", "MD", "M D",
        "DO", "DDS", "DVM", "PharmD", "EdD", "JD", "PsyD", "DNP", "RN", "NP", "PA", "PA-C", "PE", "PMP",
        "MBA", "MPA", "MPH", "MS", "MA", "BS", "BA", "CPA", "CFA", "CISSP", "SHRM-CP", "SHRM-SCP",
        "PHR", "SPHR", "LCSW", "LPC", "CSP", "CSM", "SSGB", "SSBB", "CSCP", "CPIM", "ITIL", "CCNA",
        "Sec+", "Security+",
    )
}  # fmt: skip

_APOSTROPHES = "'\u2019\u02bc"
_QUOTED = re.compile(
    r"[\"\u201c\u201d\u00ab\u00bb](?P<nick>[^\"\u201c\u201d\u00ab\u00bb]+?)[\"\u201c\u201d\u00ab\u00bb]"
)
_PARENS = re.compile(r"\([^()]*\)")
_LEADING_WORDS = re.compile(r"^\s*(dear|hi|hello|hey)\b[\s,]*", re.IGNORECASE)


def suggest_greeting(full_name: str) -> str:
    """How a message to ``full_name`` should open, after "Dear" or "Hi" (see the module's rules).

    >>> suggest_greeting("SGM (Ret) Dana Brooks")
    'Dana'
    >>> suggest_greeting("LTC Smith")
    'Colonel Smith'
    >>> suggest_greeting("Mr Smith")
    'Mr. Smith'
    """
    text = unicodedata.normalize("NFC", full_name or "")
    text = " ".join(text.split())
    if not text:
        return ""

    nickname = _nickname(text)
    text = _QUOTED.sub(" ", text)
    text = _PARENS.sub(" ", text)  # "(Ret.)", "(USA)", "(she/her)", a maiden name
    text = _drop_after_comma(text)
    words = [w for w in text.replace(",", " ").split() if w.strip(".-")]

    leading: list[str] = []
    while words:
        size = _leading_title(words)
        if not size:
            break
        leading.append(" ".join(words[:size]))
        words = words[size:]
    while len(words) > 1 and _is_suffix_or_title(words[-1]):
        words.pop()
    words = [w for w in words if _key(w) not in _RETIRED]

    if nickname:
        return _recase([nickname], like=words or [nickname])[0]
    if not words:
        return ""
    words = _recase(words, like=words)
    if _is_initial(words[0]) and len(words) >= 3:
        words = words[1:]  # "J. Robert Diaz" goes by Robert
    elif _is_initial(words[0]) and len(words) == 2:
        words = words[1:] if leading else [" ".join(words)]  # "Dr. A. Diaz"; "A. Diaz" in full
    if len(words) == 1 and leading:
        title = _address(leading)
        return f"{title} {words[0]}" if title else words[0]
    return words[0]


def tidy_greeting(text: str) -> str:
    """What the user typed in "greet as", without a "Dear"/"Hi" or a comma the draft adds itself."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    text = _LEADING_WORDS.sub("", text)
    return text.rstrip(" ,;:").strip()


# --- The pieces ---------------------------------------------------------------------


def _nickname(text: str) -> str:
    """A nickname in double quotes: 'Robert "Bob" Diaz'. (Parentheses are not read as nicknames:
    "Dana (Miller) Brooks" is as likely a maiden name.)"""
    quoted = _QUOTED.search(text)
    return quoted["nick"].strip() if quoted else ""


def _is_title_words(text: str) -> bool:
    """Text that is only ranks, retired markers, services or suffixes: "Ret.", "USA, Ret"."""
    words = [w for w in re.split(r"[\s,]+", text) if w.strip(".")]
    if not words:
        return True
    i = 0
    while i < len(words):
        size = _leading_title(words[i:]) or (1 if _is_suffix_or_title(words[i]) else 0)
        if not size:
            return False
        i += size
    return True


def _drop_after_comma(text: str) -> str:
    """ "Dana Brooks, PMP" and "Dana Brooks, USA (Ret.)" keep the name; "Brooks, Dana" is turned around."""
    if "," not in text:
        return text
    head, _, tail = text.partition(",")
    if not tail.strip() or _is_title_words(tail) or _looks_like_credentials(tail, head):
        return head
    if len(head.split()) == 1 and not _is_title_words(head):
        return f"{tail.strip()} {head}"  # surname first
    return head


def _looks_like_credentials(tail: str, head: str) -> bool:
    """Capital-letter abbreviations we don't list ("CSSGB, CLTD") after a name that isn't all capitals."""
    words = [w for w in re.split(r"[\s,]+", tail) if w]
    if head.isupper():
        return False
    return all(re.fullmatch(r"[A-Z0-9][A-Z0-9.+\-]{1,9}", w) or _is_suffix_or_title(w) for w in words)


def _leading_title(words: list[str]) -> int:
    """How many words at the start make one title: "Lt. Col.", "Sergeant Major", "Mr", "Ret."."""
    for size in range(min(_LONGEST_RANK, len(words)), 0, -1):
        typed = " ".join(words[:size])
        key = _key(typed)
        if key in _RANKS and (key not in _NAME_LIKE or typed.isupper() or typed.endswith(".")):
            return size
        if key in _SERVICES or (size == 1 and (key in _HONORIFICS or key in _RETIRED)):
            return size
    return 0


def _is_suffix_or_title(word: str) -> bool:
    key = _key(word.strip("()"))
    return (
        key in _SUFFIXES
        or key in _RETIRED
        or key in _SERVICES
        or key.replace(" ", "") in _SUFFIXES
        or (word.isupper() and key in _RANKS)
    )


def _is_initial(word: str) -> bool:
    return bool(re.fullmatch(r"[^\W\d_]\.?", word))


def _address(titles: list[str]) -> str:
    """The form of address for the titles before a surname: an honorific first, else the rank."""
    for title in titles:
        key = _key(title)
        if _HONORIFICS.get(key):
            return _HONORIFICS[key]
    for title in titles:
        address = _RANKS.get(_key(title))
        if address:
            return address
    return ""


def _recase(words: list[str], *, like: list[str]) -> list[str]:
    """Names typed in one case ("DANA BROOKS", "dana brooks") written the usual way."""
    letters = "".join(ch for ch in "".join(like) if ch.isalpha())
    if not letters or not (letters.isupper() or letters.islower()):
        return words
    if letters.isupper() and len(letters) <= 2:
        return words  # "DJ", "AJ": initials, kept as typed
    return [_capitalize(w) for w in words]


def _capitalize(word: str) -> str:
    pieces = re.split(f"([\\-{_APOSTROPHES}])", word.lower())
    out = []
    for i, piece in enumerate(pieces):
        # "O'Brien", "D'Angelo" — but not the "s" in "Jones's"
        if i % 2 == 0 and (i == 0 or len(piece) > 1):
            piece = piece[:1].upper() + piece[1:]
        out.append(piece)
    return "".join(out)
