"""Reading a spreadsheet of applications: pure functions, no database.

The import is all or nothing, so everything here only *checks*: it turns the
uploaded bytes into a table, guesses which column holds what, and turns each
row into clean values or into problems a person can fix (with the line number
their text editor shows). ``services`` decides what to do with the result.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError

from applications.choices import Status
from applications.models import EARLIEST_DATE, LATEST_DATE, NOTE_MAX

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 100
SAVE_AS_UTF8 = "In your spreadsheet choose “Save as” (or “Download”) → “CSV UTF-8”, then upload that file."


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says what to do."""


def normalize(text):
    """“Date Applied”, "date_applied" and "DATE-APPLIED" all read as "date applied"."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


# --- What a column can mean -------------------------------------------------------
@dataclass(frozen=True)
class Target:
    key: str
    label: str
    required: bool
    # Header names (normalized) that mean this field, best first.
    headers: tuple
    max_length: int = 0


TARGETS = (
    Target(
        "company",
        "Company",
        True,
        (
            "company",
            "employer",
            "organization",
            "organisation",
            "company name",
            "employer name",
            "organization name",
            "organisation name",
            "firm",
            "business",
        ),
        200,
    ),
    Target(
        "role",
        "Role",
        True,
        (
            "role",
            "position",
            "job title",
            "title",
            "job",
            "position title",
            "job role",
            "role title",
            "position name",
            "job name",
        ),
        200,
    ),
    Target("status", "Status", False, ("status", "stage", "application status", "state")),
    Target(
        "applied_on",
        "Applied on",
        False,
        (
            "applied on",
            "date applied",
            "applied",
            "application date",
            "applied date",
            "date of application",
            "date submitted",
            "submitted on",
            "date",
        ),
    ),
    Target(
        "posting_url",
        "Posting link",
        False,
        (
            "posting link",
            "link",
            "url",
            "posting url",
            "job link",
            "job url",
            "job posting",
            "posting",
            "job posting url",
            "website",
        ),
        500,
    ),
    Target(
        "source",
        "Where you found it",
        False,
        ("where you found it", "source", "found on", "found via", "where found", "found through"),
        200,
    ),
    Target("notes", "Notes", False, ("notes", "note", "comments", "comment"), NOTE_MAX),
    Target(
        "interview_on",
        "Interview date",
        False,
        (
            "interview date",
            "interview",
            "interview on",
            "interviewed on",
            "date of interview",
            "interview day",
        ),
    ),
    Target(
        "promised_on",
        "Promised date",
        False,
        (
            "promised date",
            "promised on",
            "promised",
            "promised by",
            "answer promised by",
            "they promised an answer by",
            "decision date",
            "hear back by",
            "answer expected by",
            "response expected by",
        ),
    ),
)
TARGETS_BY_KEY = {target.key: target for target in TARGETS}


def guess_mapping(headers):
    """Target key -> index of the column that most likely holds it (or None).

    Each column is used once; for each field the best-ranked name wins.
    """
    names = [normalize(header) for header in headers]
    used, mapping = set(), {}
    for target in TARGETS:
        mapping[target.key] = None
        for wanted in target.headers:
            index = next((i for i, name in enumerate(names) if name == wanted and i not in used), None)
            if index is not None:
                mapping[target.key] = index
                used.add(index)
                break
    return mapping


def missing_required(mapping):
    return [target for target in TARGETS if target.required and mapping.get(target.key) is None]


# --- Reading the file ---------------------------------------------------------------
@dataclass
class Table:
    headers: list
    # (line where the row starts, its cells), blank rows left out.
    rows: list = field(default_factory=list)


def decode_upload(raw):
    """The file's text, or ImportFileError saying how to save it properly.

    UTF-8 with or without the byte-order mark Excel writes. Anything else is
    refused rather than guessed, so no name ever comes out garbled.
    """
    if not raw.strip():
        raise ImportFileError("The file is empty. Choose the CSV file that holds your applications.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            f"This file is saved as UTF-16 (“Unicode text”), which we can't read. {SAVE_AS_UTF8}"
        )
    if b"\x00" in raw:
        raise ImportFileError(
            "This doesn't look like a CSV file: it contains binary data. "
            f"Upload a spreadsheet saved as CSV (comma-separated values). {SAVE_AS_UTF8}"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"This file isn't saved as UTF-8 text (the first unreadable character is on line {line}), "
            f"so names with accents or symbols would come out wrong. {SAVE_AS_UTF8}"
        ) from exc


def _delimiter(text):
    """Commas, or the semicolons or tabs some spreadsheets save with, judged by the first line."""
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_table(text):
    """Headers from the first non-blank row, then every non-blank row with its line number."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    headers, rows, next_line = None, [], 1
    try:
        for cells in reader:
            line, next_line = next_line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if headers is None:
                if len(cells) > MAX_COLUMNS:
                    raise ImportFileError(
                        f"The first row has {len(cells):,} columns; we read up to {MAX_COLUMNS}. "
                        "Is the first row the column names?"
                    )
                headers = [cell.strip()[:100] or f"Column {i + 1}" for i, cell in enumerate(cells)]
                continue
            rows.append((line, cells))
            if len(rows) > MAX_ROWS:
                raise ImportFileError(
                    f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files."
                )
    except csv.Error as exc:
        raise ImportFileError(
            f"Line {reader.line_num} can't be read as CSV ({exc}). Check for a quote mark that is never "
            "closed or a cell that is far too long, or save the file from your spreadsheet again."
        ) from exc
    if headers is None:
        raise ImportFileError("The file is empty. Choose the CSV file that holds your applications.")
    if not rows:
        raise ImportFileError(
            "The file has column names but no rows below them, so there is nothing to import."
        )
    return Table(headers=headers, rows=rows)


# --- Reading one value --------------------------------------------------------------
_STATUS_SYNONYMS = {
    Status.APPLIED: ("submitted", "application sent", "sent", "applied for"),
    Status.INTERVIEWING: (
        "interview",
        "interviewed",
        "interview scheduled",
        "phone screen",
        "screening",
        "in interviews",
    ),
    Status.WAITING: (
        "waiting",
        "pending",
        "awaiting",
        "awaiting response",
        "waiting to hear back",
        "waiting for answer",
    ),
    Status.FOLLOWED_UP: ("follow up", "follow up sent", "following up", "followed up"),
    Status.OFFER: ("offered", "offer received", "accepted", "hired", "job offer"),
    Status.NO: (
        "rejected",
        "rejection",
        "not selected",
        "turned down",
        "unsuccessful",
        "no offer",
        "declined by employer",
    ),
    Status.MOVED_ON: ("withdrawn", "withdrew", "closed", "ghosted", "moved on", "let go", "gave up"),
}
STATUS_WORDS = {}
for _status in Status:
    STATUS_WORDS[normalize(_status.value)] = _status
    STATUS_WORDS[normalize(_status.label)] = _status
    for _word in _STATUS_SYNONYMS[_status]:
        STATUS_WORDS[normalize(_word)] = _status


def parse_status(text):
    """A status from its value, its label or a common word for it, in any case; None if unknown."""
    return STATUS_WORDS.get(normalize(text))


DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%Y/%m/%d")
DATE_HELP = "Use YYYY-MM-DD (2026-11-02), MM/DD/YYYY (11/02/2026) or DD Mon YYYY (2 Nov 2026)."
_ISO_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}")


def parse_date(text):
    """A date from the forms spreadsheets commonly write; None if it is none of them.

    A full ISO date and time (as some tools export) counts as its date.
    """
    text = " ".join(text.replace(",", " ").split())
    moment = _ISO_MOMENT.match(text)
    if moment:
        text = moment.group(1)
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


_url_field = forms.URLField(max_length=500, assume_scheme="https", required=False)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unescape_formula(text):
    """Undo the apostrophe our own CSV export puts before a cell that a
    spreadsheet would otherwise run as a formula."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def _shown(value, limit=60):
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


# --- Checking rows ------------------------------------------------------------------
@dataclass
class RowProblem:
    line: int
    field: str
    column: str
    message: str

    def as_dict(self):
        return {"line": self.line, "field": self.field, "column": self.column, "message": self.message}


class RowChecker:
    """Checks rows against one column mapping; ``today`` fills an empty “applied on”."""

    def __init__(self, headers, mapping, *, today):
        self.headers = headers
        self.mapping = {key: mapping.get(key) for key in TARGETS_BY_KEY}
        self.today = today

    def _cell(self, cells, key):
        index = self.mapping[key]
        if index is None or index >= len(cells):
            return ""
        return unescape_formula(cells[index]).strip()

    def check(self, line, cells):
        """(values, problems) for one row; values are only usable when problems is empty."""
        problems = []

        def problem(key, message):
            index = self.mapping[key]
            column = self.headers[index] if index is not None and index < len(self.headers) else ""
            problems.append(RowProblem(line, TARGETS_BY_KEY[key].label, column, message))

        values = {}
        for key in ("company", "role", "source", "notes", "posting_url"):
            target = TARGETS_BY_KEY[key]
            value = self._cell(cells, key)
            if len(value) > target.max_length:
                problem(
                    key,
                    f"{target.label} is too long: {len(value):,} characters, "
                    f"and the most is {target.max_length:,}.",
                )
            values[key] = value
        for key in ("company", "role"):
            if not values[key]:
                problem(key, f"{TARGETS_BY_KEY[key].label} is empty; every row needs one.")

        status_text = self._cell(cells, "status")
        status = parse_status(status_text) if status_text else None
        if status_text and status is None:
            known = ", ".join(label for _, label in Status.choices)
            problem("status", f"“{_shown(status_text)}” is not a status we know. Use one of: {known}.")

        for key in ("applied_on", "interview_on", "promised_on"):
            text = self._cell(cells, key)
            values[key] = None
            if not text:
                continue
            day = parse_date(text)
            if day is None:
                problem(key, f"“{_shown(text)}” isn't a date we can read. {DATE_HELP}")
            elif not EARLIEST_DATE <= day <= LATEST_DATE:
                problem(
                    key, f"{day:%Y-%m-%d} is outside {EARLIEST_DATE.year}–{LATEST_DATE.year}; check the year."
                )
            else:
                values[key] = day
        if values["promised_on"] and not self._cell(cells, "interview_on"):
            problem("promised_on", "A promised date needs the interview date it was promised at.")
        elif (
            values["promised_on"]
            and values["interview_on"]
            and values["promised_on"] < values["interview_on"]
        ):
            problem("promised_on", "The promised date is before the interview.")

        link = values["posting_url"]
        if link and len(link) <= 500:
            try:
                values["posting_url"] = _url_field.clean(link)
            except ValidationError:
                problem(
                    "posting_url",
                    f"“{_shown(link)}” isn't a web address; it should look like https://example.com/jobs/123.",
                )

        if status is None:
            # Like logging an interview in the browser: it means you are waiting to hear.
            status = Status.WAITING if values["interview_on"] else Status.APPLIED
        values["status"] = status
        values["applied_on"] = values["applied_on"] or self.today
        return values, problems


def check_rows(table, mapping, *, today, rows=None, on_progress=None, every=500):
    """Check every row (or just ``rows``); returns (clean values, problems).

    ``on_progress(n)`` is called after every ``every`` rows, so a long check
    can show how far it got.
    """
    checker = RowChecker(table.headers, mapping, today=today)
    cleaned, problems = [], []
    rows = table.rows if rows is None else rows
    for count, (line, cells) in enumerate(rows, 1):
        values, row_problems = checker.check(line, cells)
        if row_problems:
            problems.extend(row_problems)
        else:
            cleaned.append(values)
        if on_progress and count % every == 0:
            on_progress(count)
    if on_progress:
        on_progress(len(rows))
    return cleaned, problems
