"""Everything a user has stored, as one ZIP streamed in pieces.

``data.json`` holds every record (ids kept, so records can be joined up
again); the CSV files are the same records for a spreadsheet, and
``applications.csv`` imports back as it is. Letters of recommendation go in
``letters/``. Records are read a chunk at a time and the archive is handed
out as it is written, so a large account neither loads at once nor times out.
Every query is filtered by the user: nothing of anyone else's can end up here.
"""

import csv
import datetime as dt
import io
import json
import zipfile

from allauth.account.models import EmailAddress
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from accounts.signals import data_export
from applications.models import Application, Contact, FollowUp, Interview, Letter, Opportunity, Reply
from outreach.models import Digest, Draft, Reminder

from .importing import FORMULA_STARTS
from .models import ImportJob

CHUNK_ROWS = 500
FLUSH_BYTES = 64 * 1024
FILE_CHUNK_BYTES = 64 * 1024
FORMAT_VERSION = 1

PROFILE_FIELDS = (
    "email",
    "full_name",
    "time_zone",
    "skills_summary",
    "email_signature",
    "default_wait_days",
    "reminders_enabled",
    "digest_enabled",
    "reminder_hour",
    "date_joined",
    "last_login",
)

README = """\
Your data from Follow-up, exported {exported_at} (UTC).

data.json          Every record you keep in Follow-up, with ids that link them together:
                   your profile, applications, interviews (with the ids of the contacts who
                   interviewed you), contacts, follow-ups, replies, drafts, saved opportunities,
                   letters of recommendation, the reminder emails we sent you, and the
                   links you shared with a coach, when they opened them and their comments.
applications.csv   Your applications, one per row. Upload this file on the Import page of a
                   Follow-up account to bring them back.
interviews.csv, contacts.csv, follow_ups.csv, replies.csv, opportunities.csv
                   The same records, ready for a spreadsheet.
letters/           The letter files you uploaded.

Dates are written YYYY-MM-DD. Moments are in UTC, written like 2026-11-30T15:00:00+00:00.
In the CSV files, a cell that begins with = + - or @ starts with an apostrophe so that a
spreadsheet shows it as text instead of running it as a formula.
"""


# --- Values -----------------------------------------------------------------------
def iso(value):
    """Dates as YYYY-MM-DD, moments in UTC with their offset."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def local_date(moment, zone):
    return moment.astimezone(zone).date().isoformat() if moment else ""


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return iso(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# --- The zip writer ---------------------------------------------------------------
class _Sink:
    """A write-only file for ZipFile whose bytes are collected and handed out.

    It can tell() but not seek(), so ZipFile writes each entry in streaming
    form (sizes after the data) and never goes back.
    """

    def __init__(self):
        self._parts = []
        self.pending = 0
        self._offset = 0

    def write(self, data):
        self._parts.append(bytes(data))
        self.pending += len(data)
        self._offset += len(data)
        return len(data)

    def tell(self):
        return self._offset

    def flush(self):
        pass

    def drain(self):
        data = b"".join(self._parts)
        self._parts.clear()
        self.pending = 0
        return data


def zip_stream(entries, *, date_time):
    """Yield the bytes of a ZIP of ``entries`` — (name, iterable of bytes) pairs — as it is written."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, pieces in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with archive.open(info, mode="w") as entry:
                for piece in pieces:
                    entry.write(piece)
                    if sink.pending >= FLUSH_BYTES:
                        yield sink.drain()
            if sink.pending:
                yield sink.drain()
    yield sink.drain()  # the central directory, written on close


def csv_pieces(header, rows):
    """A CSV file in pieces of a few hundred rows, with the byte-order mark spreadsheets look for."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    for count, row in enumerate(rows, 1):
        writer.writerow([csv_cell(value) for value in row])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def json_list_pieces(key, records, serialize, *, first=False):
    """``"key": [ ... ]`` written a chunk of records at a time."""
    parts = [("" if first else ",") + f'\n  "{key}": [']
    separator = "\n    "
    for count, record in enumerate(records, 1):
        parts.append(separator + json.dumps(serialize(record), ensure_ascii=False))
        separator = ",\n    "
        if count % CHUNK_ROWS == 0:
            yield "".join(parts).encode()
            parts.clear()
    parts.append("\n  ]")
    yield "".join(parts).encode()


# --- What is exported ---------------------------------------------------------------
class UserExport:
    """The querysets and their shapes, every one of them scoped to ``user``."""

    def __init__(self, user, *, now=None):
        self.user = user
        self.zone = user.zoneinfo
        self.now = now or timezone.now()

    # Querysets: read in chunks, in a stable order.
    def applications(self):
        latest = Interview.objects.filter(application=OuterRef("pk")).order_by("-starts_at", "-pk")
        return (
            Application.objects.filter(owner=self.user)
            .annotate(
                latest_interview_at=Subquery(latest.values("starts_at")[:1]),
                latest_promised_on=Subquery(latest.values("promised_on")[:1]),
            )
            .order_by("pk")
            .iterator(chunk_size=CHUNK_ROWS)
        )

    def interviews(self):
        return (
            Interview.objects.filter(application__owner=self.user)
            .select_related("application")
            .prefetch_related(
                Prefetch("interviewers", queryset=Contact.objects.only("id", "name").order_by("pk"))
            )
            .order_by("pk")
            .iterator(chunk_size=CHUNK_ROWS)
        )

    def contacts(self):
        return Contact.objects.filter(owner=self.user).order_by("pk").iterator(chunk_size=CHUNK_ROWS)

    def follow_ups(self):
        return (
            FollowUp.objects.filter(application__owner=self.user)
            .select_related("application", "contact")
            .order_by("pk")
            .iterator(chunk_size=CHUNK_ROWS)
        )

    def replies(self):
        return (
            Reply.objects.filter(application__owner=self.user)
            .select_related("application")
            .order_by("pk")
            .iterator(chunk_size=CHUNK_ROWS)
        )

    def drafts(self):
        return (
            Draft.objects.filter(application__owner=self.user).order_by("pk").iterator(chunk_size=CHUNK_ROWS)
        )

    def opportunities(self):
        return Opportunity.objects.filter(owner=self.user).order_by("pk").iterator(chunk_size=CHUNK_ROWS)

    def letters(self):
        return Letter.objects.filter(owner=self.user).order_by("pk")

    def reminders(self):
        return Reminder.objects.filter(owner=self.user).order_by("pk").iterator(chunk_size=CHUNK_ROWS)

    def digests(self):
        return Digest.objects.filter(owner=self.user).order_by("pk").iterator(chunk_size=CHUNK_ROWS)

    def import_jobs(self):
        return (
            ImportJob.objects.filter(owner=self.user)
            .defer("csv_text")
            .order_by("pk")
            .iterator(chunk_size=CHUNK_ROWS)
        )

    # data.json shapes
    def profile(self):
        user = self.user
        profile = {name: iso(getattr(user, name)) for name in PROFILE_FIELDS}
        profile["email_addresses"] = [
            {"email": address.email, "primary": address.primary, "verified": address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ]
        return profile

    @staticmethod
    def application_record(a):
        return {
            "id": a.pk,
            "company": a.company,
            "role": a.role,
            "posting_url": a.posting_url,
            "source": a.source,
            "status": a.status,
            "company_time_zone": a.company_time_zone,
            "opportunity_id": a.opportunity_id,
            "notes": a.notes,
            "applied_on": iso(a.applied_on),
            "reflection_went_well": a.reflection_went_well,
            "reflection_next_time": a.reflection_next_time,
            "next_step": a.next_step,
            "next_due_on": iso(a.next_due_on),
            "no_date_given": a.no_date_given,
            "created_at": iso(a.created_at),
            "updated_at": iso(a.updated_at),
        }

    @staticmethod
    def interview_record(i):
        return {
            "id": i.pk,
            "application_id": i.application_id,
            "starts_at": iso(i.starts_at),
            "format": i.format,
            "rapport": i.rapport,
            "asked_about_timing": i.asked_about_timing,
            "promised_on": iso(i.promised_on),
            "interviewer_contact_ids": [contact.pk for contact in i.interviewers.all()],
            "notes": i.notes,
            "created_at": iso(i.created_at),
        }

    @staticmethod
    def contact_record(c):
        return {
            "id": c.pk,
            "name": c.name,
            "company": c.company,
            "title": c.title,
            "role": c.role,
            "influence": c.influence,
            "work_email": c.work_email,
            "work_phone": c.work_phone,
            "personal_email": c.personal_email,
            "personal_phone": c.personal_phone,
            "notes": c.notes,
            "created_at": iso(c.created_at),
        }

    @staticmethod
    def follow_up_record(t):
        return {
            "id": t.pk,
            "application_id": t.application_id,
            "channel": t.channel,
            "contact_id": t.contact_id,
            "happened_at": iso(t.happened_at),
            "call_outcome": t.call_outcome,
            "notes": t.notes,
        }

    @staticmethod
    def reply_record(r):
        return {
            "id": r.pk,
            "application_id": r.application_id,
            "received_at": iso(r.received_at),
            "outcome": r.outcome,
            "notes": r.notes,
        }

    @staticmethod
    def draft_record(d):
        return {
            "id": d.pk,
            "application_id": d.application_id,
            "interview_id": d.interview_id,
            "kind": d.kind,
            "contact_id": d.contact_id,
            "letter_id": d.letter_id,
            "referrer_id": d.referrer_id,
            "personal_detail": d.personal_detail,
            "subject": d.subject,
            "body": d.body,
            "created_at": iso(d.created_at),
            "updated_at": iso(d.updated_at),
            "sent_at": iso(d.sent_at),
            "follow_up_id": d.follow_up_id,
        }

    @staticmethod
    def opportunity_record(o):
        return {
            "id": o.pk,
            "kind": o.kind,
            "title": o.title,
            "organization": o.organization,
            "link": o.link,
            "note": o.note,
            "starred": o.starred,
            "created_at": iso(o.created_at),
        }

    def letter_record(self, letter):
        return {
            "id": letter.pk,
            "title": letter.title,
            "author": letter.author,
            "job_kind": letter.job_kind,
            "original_name": letter.original_name,
            "content_type": letter.content_type,
            "uploaded_at": iso(letter.uploaded_at),
            "file": self.letter_path(letter) if self.letter_exists(letter) else None,
        }

    @staticmethod
    def reminder_record(r):
        return {
            "id": r.pk,
            "application_id": r.application_id,
            "step": r.step,
            "due_on": iso(r.due_on),
            "created_at": iso(r.created_at),
            "sent_at": iso(r.sent_at),
            "cancelled_at": iso(r.cancelled_at),
            "cancel_reason": r.cancel_reason,
            "stale": r.stale,
        }

    @staticmethod
    def digest_record(d):
        return {"id": d.pk, "week_of": iso(d.week_of), "sent_at": iso(d.sent_at)}

    @staticmethod
    def import_job_record(j):
        return {
            "id": j.pk,
            "file_name": j.file_name,
            "status": j.status,
            "total_rows": j.total_rows,
            "imported_count": j.imported_count,
            "created_at": iso(j.created_at),
            "finished_at": iso(j.finished_at),
        }

    # Letters
    @staticmethod
    def letter_path(letter):
        return f"letters/{letter.pk}-{letter.download_name()}"

    @staticmethod
    def letter_exists(letter):
        return bool(letter.file.name) and letter.file.storage.exists(letter.file.name)

    @staticmethod
    def letter_pieces(letter):
        try:
            handle = letter.file.storage.open(letter.file.name, "rb")
        except FileNotFoundError:
            # Deleted since the check a moment ago: an empty entry keeps the archive whole.
            return
        with handle:
            while chunk := handle.read(FILE_CHUNK_BYTES):
                yield chunk

    # The files
    def data_json(self):
        head = {"format": "follow-up-export", "version": FORMAT_VERSION, "exported_at": iso(self.now)}
        yield ("{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in head.items())).encode()
        yield (',\n  "profile": ' + json.dumps(self.profile(), ensure_ascii=False)).encode()
        sections = (
            ("applications", self.applications(), self.application_record),
            ("interviews", self.interviews(), self.interview_record),
            ("contacts", self.contacts(), self.contact_record),
            ("follow_ups", self.follow_ups(), self.follow_up_record),
            ("replies", self.replies(), self.reply_record),
            ("drafts", self.drafts(), self.draft_record),
            ("opportunities", self.opportunities(), self.opportunity_record),
            ("letters", self.letters().iterator(chunk_size=CHUNK_ROWS), self.letter_record),
            ("reminders", self.reminders(), self.reminder_record),
            ("weekly_digests", self.digests(), self.digest_record),
            ("imports", self.import_jobs(), self.import_job_record),
        )
        for key, records, serialize in sections:
            yield from json_list_pieces(key, records, serialize)
        # What other apps keep (the shares with a coach), as they give it.
        for _, answer in data_export.send(sender=type(self.user), user=self.user):
            for key, records in answer:
                yield from json_list_pieces(key, records, lambda record: record)
        yield b"\n}\n"

    def applications_csv(self):
        # The first columns are the ones the importer reads back (exports.importing.TARGETS).
        header = [
            "Company",
            "Role",
            "Status",
            "Applied on",
            "Posting link",
            "Where you found it",
            "Notes",
            "Interview date",
            "Promised date",
            "Company time zone",
            "Next step",
            "Next step due",
            "ID",
        ]
        rows = (
            [
                a.company,
                a.role,
                a.get_status_display(),
                a.applied_on,
                a.posting_url,
                a.source,
                a.notes,
                local_date(a.latest_interview_at, self.zone),
                a.latest_promised_on,
                a.company_time_zone,
                a.get_next_step_display() if a.next_step else "",
                a.next_due_on,
                a.pk,
            ]
            for a in self.applications()
        )
        return csv_pieces(header, rows)

    def interviews_csv(self):
        header = [
            "ID",
            "Application ID",
            "Company",
            "Role",
            "Date and time (UTC)",
            "Date (your time)",
            "Format",
            "How it went",
            "Asked when they'd hear back",
            "Promised date",
            "Interviewer contact IDs",
            "Interviewers",
            "Notes",
        ]
        rows = (
            [
                i.pk,
                i.application_id,
                i.application.company,
                i.application.role,
                iso(i.starts_at),
                local_date(i.starts_at, self.zone),
                i.get_format_display(),
                i.get_rapport_display(),
                i.asked_about_timing,
                i.promised_on,
                " ".join(str(c.pk) for c in i.interviewers.all()),
                "; ".join(c.name for c in i.interviewers.all()),
                i.notes,
            ]
            for i in self.interviews()
        )
        return csv_pieces(header, rows)

    def contacts_csv(self):
        header = [
            "ID",
            "Name",
            "Company",
            "Job title",
            "Role",
            "How influential",
            "Work email",
            "Work phone",
            "Personal email",
            "Personal phone",
            "Notes",
            "Added (UTC)",
        ]
        rows = (
            [
                c.pk,
                c.name,
                c.company,
                c.title,
                c.get_role_display(),
                c.get_influence_display() if c.influence else "",
                c.work_email,
                c.work_phone,
                c.personal_email,
                c.personal_phone,
                c.notes,
                iso(c.created_at),
            ]
            for c in self.contacts()
        )
        return csv_pieces(header, rows)

    def follow_ups_csv(self):
        header = [
            "ID",
            "Application ID",
            "Company",
            "Role",
            "When (UTC)",
            "Date (your time)",
            "Channel",
            "Contact ID",
            "Contact",
            "How the call went",
            "Notes",
        ]
        rows = (
            [
                t.pk,
                t.application_id,
                t.application.company,
                t.application.role,
                iso(t.happened_at),
                local_date(t.happened_at, self.zone),
                t.get_channel_display(),
                t.contact_id,
                t.contact.name if t.contact else "",
                t.get_call_outcome_display() if t.call_outcome else "",
                t.notes,
            ]
            for t in self.follow_ups()
        )
        return csv_pieces(header, rows)

    def replies_csv(self):
        header = [
            "ID",
            "Application ID",
            "Company",
            "Role",
            "When (UTC)",
            "Date (your time)",
            "What they said",
            "Notes",
        ]
        rows = (
            [
                r.pk,
                r.application_id,
                r.application.company,
                r.application.role,
                iso(r.received_at),
                local_date(r.received_at, self.zone),
                r.get_outcome_display(),
                r.notes,
            ]
            for r in self.replies()
        )
        return csv_pieces(header, rows)

    def opportunities_csv(self):
        header = ["ID", "Kind", "Title", "Organization", "Link", "Starred", "Note", "Saved (UTC)"]
        rows = (
            [
                o.pk,
                o.get_kind_display(),
                o.title,
                o.organization,
                o.link,
                o.starred,
                o.note,
                iso(o.created_at),
            ]
            for o in self.opportunities()
        )
        return csv_pieces(header, rows)

    def entries(self):
        """(name in the archive, its pieces), each produced only when the archive gets to it."""
        yield (
            "README.txt",
            [README.format(exported_at=self.now.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")).encode()],
        )
        yield "data.json", self.data_json()
        yield "applications.csv", self.applications_csv()
        yield "interviews.csv", self.interviews_csv()
        yield "contacts.csv", self.contacts_csv()
        yield "follow_ups.csv", self.follow_ups_csv()
        yield "replies.csv", self.replies_csv()
        yield "opportunities.csv", self.opportunities_csv()
        for letter in self.letters().iterator(chunk_size=CHUNK_ROWS):
            if self.letter_exists(letter):
                yield self.letter_path(letter), self.letter_pieces(letter)

    def stream(self):
        local = self.now.astimezone(self.zone)
        return zip_stream(self.entries(), date_time=local.timetuple()[:6])


def export_file_name(user, now=None):
    day = (now or timezone.now()).astimezone(user.zoneinfo).date()
    return f"follow-up-data-{day:%Y-%m-%d}.zip"
