"""What hostile input posts: HTML and JS payloads, the worst values for each kind of
field, files that are not what they claim, fields no form has (pointing at bob), and
the plain values a person would type, so that saves really happen."""

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from tests.factories import DOCX_BYTES, PDF_BYTES, PLAIN_ZIP_BYTES
from tests.helpers.accounts import CODE

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_ATTRIBUTE = '"><img src=x onerror=alert(1)>'
# What must never reach a page as markup. The escaped forms (&lt;script&gt;…) may.
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror")

OMIT = object()  # the field is left out of the POST altogether
ISSUED_CODE = object()  # the code in the email this example's sign-in just sent


def issued_code():
    """The code in the latest email (sign-in or sign-up)."""
    match = CODE.search(mail.outbox[-1].body)
    return match.group(1) if match else ""


# --- What gets posted -------------------------------------------------------------------
HUGE = "x" * 100_000
HUGE_PAYLOAD = (XSS_SCRIPT + XSS_ATTRIBUTE) * (100_000 // len(XSS_SCRIPT + XSS_ATTRIBUTE))
HOSTILE_TEXT = [
    HUGE,
    HUGE_PAYLOAD,
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x02\x07\x08\x0b\x0c\x1b[31m\x7f",
    "\r\n",
    "line\r\nSet-Cookie: x=1",
    "\u202egpj.exe",
    "\u200b\ufeff",
    "😀🎖️👨‍👩‍👧",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎𠜱",
    XSS_SCRIPT,
    XSS_ATTRIBUTE,
    f"javascript:alert(1)//{XSS_SCRIPT}",
    "'; DROP TABLE applications_application; --",
    "{{ 7|add:7 }}{% debug %}",
    "%s%n%x",
    "../../../../etc/passwd",
]
HOSTILE_DATES = [
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "1969-12-31",
    "26-11-30",
]
HOSTILE_TIMES = ["24:00", "23:59:60", "99:99", "-1:00", "10:00:00.0000001", "25"]
HOSTILE_NUMBERS = [
    "-1",
    "0",
    "-32769",
    "32768",
    "-9223372036854775809",
    "9223372036854775808",
    "1e309",
    "NaN",
    "Infinity",
    "9" * 40,
    "1.5",
    "0x10",
    "١٢",
]


def hostile_values(world, spec):
    """Anything at all, with the worst values for this kind of field made likely."""
    scalar = st.one_of(
        st.sampled_from(HOSTILE_TEXT + HOSTILE_DATES + HOSTILE_TIMES + HOSTILE_NUMBERS),
        st.sampled_from(world.bob_pks),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
    )
    for_kind = HOSTILE_FOR_KIND.get(spec.kind)
    if for_kind:
        scalar = st.one_of(st.sampled_from(for_kind), scalar)
    return st.one_of(scalar, st.lists(scalar, min_size=2, max_size=3))


HOSTILE_FOR_KIND = {
    "date": HOSTILE_DATES + ["2100-12-31", "2000-01-01"],
    # The last minute of the day meets the last day of year 9999 in a zone west of UTC.
    "time": HOSTILE_TIMES + ["23:59", "00:00"],
    "number": HOSTILE_NUMBERS,
    "email": [
        "bob@example.com",
        "BOB@example.com",
        "a@b",
        "x" * 300 + "@example.com",
        "alice@example.com\r\nBcc: x@y.z",
    ],
}


def fitting(values, spec):
    return [v for v in values if not spec.max_length or len(v) <= spec.max_length]


# Values that pass, by field name, for the fields whose page shows nothing usable.
GOOD_BY_NAME = {
    "company": ["Globex", f"Globex {XSS_SCRIPT}"],
    "role": ["Driver", f"Driver {XSS_ATTRIBUTE}"],
    "name": [f"Pat {XSS_SCRIPT}"],
    "title": [f"Reference {XSS_ATTRIBUTE}"],
    "author": [f"Col. {XSS_SCRIPT}"],
    "work_email": ["pat@globex.example.com", ""],
    "personal_email": ["pat@example.net", ""],
    "coach_email": ["pat@vets.example.org", ""],
    "coach_name": [f"Pat {XSS_SCRIPT}"],
    "owner_name": [f"Alice {XSS_ATTRIBUTE}", "Alice"],
    "email": ["newcomer@example.com", "alice+new@example.com"],
    "login": ["alice@example.com", "nobody@example.com"],
    "full_name": [f"Alice {XSS_ATTRIBUTE}", "Alice"],
    "phone": ["555-201-3344", "+1 202 555 0142", ""],
    "default_wait_days": ["7", "1", "30"],
    "reminder_hour": ["8", "5", "21"],
    "day": ["2026-11-30"],
    "promised_on": ["", "2026-12-04"],
    "time": ["10:00", "23:59"],
    "applied_on": ["2026-11-02"],
}


def good_choices(spec, dynamic):
    """Values of this field a user could really post, the plainest first."""
    if spec.name in dynamic:
        return [dynamic[spec.name]]
    if spec.kind == "button":
        return spec.options + [OMIT]
    if spec.kind == "checkbox":
        if spec.multiple:
            return [spec.options[:1], spec.options, []]
        return [spec.options[0], OMIT]
    if spec.kind == "select":
        return [spec.default] + [o for o in spec.options if o != spec.default]
    if spec.kind == "radio":  # none ticked on the page: a person picks one
        chosen = [spec.default] if spec.default else []
        return chosen + [o for o in spec.options if o and o != spec.default] or [spec.default]
    if spec.kind == "file":
        return ["valid-file"]
    # A prefixed field ("new-work_email") is filled in like its plain name.
    named = GOOD_BY_NAME.get(spec.name) or GOOD_BY_NAME.get(spec.name.split("-", 1)[-1], [])
    if spec.kind == "url":
        return ["https://globex.example.com/jobs/7?q=" + XSS_SCRIPT, "globex.example.com", ""]
    if spec.kind in ("date", "time", "number", "email", "hidden"):
        return ([spec.default] if spec.default else []) + named or [spec.default]
    texts = named + [f"Note {XSS_SCRIPT} {XSS_ATTRIBUTE} 😀", spec.default.strip() or "Plain words"]
    return fitting(texts, spec) or [spec.default]


def filled_in(form, world, dynamic):
    """The form as a person fills it in: the plainest good value in every field."""
    return {name: good_choices(spec, dynamic)[0] for name, spec in form.fields.items()}


def file_values(target):
    if target == "data_import":
        good = ("applications.csv", f'Company,Role,Notes\n"{XSS_SCRIPT}",Driver,x\n'.encode())
    else:
        good = (f"{XSS_ATTRIBUTE.lstrip(chr(34) + '>')}.pdf", PDF_BYTES)
    return {
        "valid-file": good,
        "docx": ("reference.docx", DOCX_BYTES),
        "empty": ("reference.pdf", b""),
        "html-as-pdf": ("reference.pdf", f"<html>{XSS_SCRIPT}</html>".encode()),
        "exe-as-pdf": ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        "zip-as-docx": ("reference.docx", PLAIN_ZIP_BYTES),
        "pdf-as-csv": ("applications.csv", PDF_BYTES),
        "garbage": ("applications.csv", bytes(range(256)) * 8),
        "six-mb": ("big.pdf", PDF_BYTES + b"0" * (6 * 1024 * 1024)),
        "odd-name": ("..\\..\\a\r\nb\x00😀" + "n" * 300 + ".pdf", PDF_BYTES),
    }


def mass_assignment(world):
    """Fields no form has, pointing at bob: all must be ignored."""
    pk = world.bob_pks[0]
    return {
        "owner": str(world.bob.pk),
        "owner_id": str(world.bob.pk),
        "user": str(world.bob.pk),
        "application": pk,
        "application_id": pk,
        "id": pk,
        "pk": pk,
    }


def as_post(values, files):
    data = {}
    for name, value in values.items():
        if value is OMIT:
            continue
        if value is ISSUED_CODE:
            value = issued_code()
        if isinstance(value, str) and value in files:
            file_name, content = files[value]
            value = SimpleUploadedFile(file_name, content)
        data[name] = value
    return data


# --- The worst value in one field, every field, every form --------------------------------
# Random search with a few examples per form rarely lands on one bad value in one
# field while the rest is valid, which is where parsing and overflow bugs hide (a
# date in year 9999 passes the form and overflows when moved to UTC). So each field
# that is parsed gets each of its kind's worst values once, the rest filled in plainly.
WORST_FOR_KIND = {
    "date": ["9999-12-31", "0001-01-01", "2026-02-30"],
    "time": ["23:59", "24:00", "99:99"],
    "number": ["-1", "9" * 40, "1e309", "NaN", "١٢"],
    "email": ["bob@example.com", "x" * 300 + "@example.com", "a\r\nBcc: x@y.z"],
    "url": ["javascript:alert(1)", "https://" + "a" * 600 + ".com", "https://[::1", "http://%00/"],
    "select": ["-1", "9" * 40, "abc"],
    "radio": ["-1", "9" * 40, ""],
    "checkbox": ["-1", "9" * 40, "abc"],
    "hidden": ["-1", "9" * 40, "\x00"],
    "text": ["\x00", "\r\n"],  # the 100k strings are in the random examples above
    "textarea": ["\x00"],
}


def assert_escaped(response, where):
    if "html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    for marker in RAW_MARKERS:
        assert marker not in html, f"{where}: user text reached the page unescaped ({marker!r})"
