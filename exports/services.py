"""Importing applications from a CSV: all rows or none.

Every row is checked before anything is written; the writes happen in one
transaction, so an import either brings in the whole file or leaves the
account exactly as it was. Small files are imported during the request;
large ones by a Celery task, which reports its progress on the job.

A job logs when it starts and how it finished, as ``key=value`` fields: its id,
its owner's id, row counts and how long it took; never the file's name or a cell.
"""

import datetime as dt
import logging
import time
import uuid

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from applications.models import Application, Interview
from applications.selectors import local_today

from .importing import TARGETS_BY_KEY, ImportFileError, check_rows, guess_mapping, read_table
from .models import ImportJob, JobStatus

logger = logging.getLogger(__name__)

# Above this many rows the import runs in a Celery task with a progress bar.
ASYNC_THRESHOLD = 500
# The preview checks at most this many rows during the request.
PREVIEW_ROWS = ASYNC_THRESHOLD
PROGRESS_EVERY = 500
BATCH_SIZE = 1000
MAX_ERRORS_KEPT = 200
# A run whose worker died leaves the job "running"; after this long another may take it over.
STALE_AFTER = dt.timedelta(minutes=15)
INTERVIEW_TIME = dt.time(10, 0)
COULD_NOT_START = (
    "We couldn't start the import just now. Nothing was imported; please try again in a few minutes."
)
SERVER_TROUBLE = (
    "Something went wrong on our side while saving. Nothing was imported; please try again in a few minutes."
)
# Drafts the user never confirmed are cleared away when they upload the next file.
DRAFT_KEPT_FOR = dt.timedelta(days=1)


def _ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def import_job_create(*, owner, file_name, text, table):
    """A draft job for a file read by ``importing.read_table``, with its columns guessed."""
    ImportJob.objects.filter(
        owner=owner, status__in=JobStatus.editable(), created_at__lt=timezone.now() - DRAFT_KEPT_FOR
    ).delete()
    return ImportJob.objects.create(
        owner=owner,
        file_name=file_name[:200],
        csv_text=text,
        total_rows=len(table.rows),
        mapping=guess_mapping(table.headers),
    )


def import_preview(*, job, table, mapping):
    """Check the rows a preview can afford (all of a small file), without saving anything.

    Returns (checked row count, clean values of the first rows, problems).
    """
    rows = table.rows[:PREVIEW_ROWS]
    cleaned, problems = check_rows(table, mapping, today=local_today(job.owner), rows=rows)
    return len(rows), cleaned[:5], problems


def import_job_remap(*, job, mapping):
    """New column choices; what a failed try found no longer applies to them."""
    ImportJob.objects.filter(pk=job.pk, status__in=JobStatus.editable()).update(
        mapping=mapping, status=JobStatus.DRAFT, errors=[], error_count=0, updated_at=timezone.now()
    )
    job.mapping, job.status, job.errors, job.error_count = mapping, JobStatus.DRAFT, [], 0


def import_job_start(*, job, mapping):
    """Confirm: a small file is checked and imported now, a large one is queued.

    Only a draft (or failed) job can start, and only once: a second click on
    the button finds it already started and changes nothing.
    """
    from . import tasks

    started = ImportJob.objects.filter(pk=job.pk, status__in=JobStatus.editable()).update(
        status=JobStatus.PENDING,
        mapping=mapping,
        errors=[],
        error_count=0,
        processed_rows=0,
        imported_count=0,
        run_token="",
        started_at=None,
        finished_at=None,
        updated_at=timezone.now(),
    )
    if started:
        queued = job.total_rows > ASYNC_THRESHOLD
        logger.info(
            "import job started job_id=%d owner_id=%d rows=%d run=%s",
            job.pk,
            job.owner_id,
            job.total_rows,
            "queued" if queued else "now",
        )
        if queued:
            transaction.on_commit(lambda: _enqueue(tasks.import_run, job.pk))
        else:
            import_job_run(job_id=job.pk)
    else:
        logger.info("import job already started job_id=%d", job.pk)
    job.refresh_from_db()
    return job


def _enqueue(task, job_id):
    """Queue the run; if the broker is down, say so on the job instead of leaving it waiting forever."""
    try:
        task.delay(job_id)
    except Exception:
        logger.exception("Could not queue import job job_id=%d", job_id)
        _fail(
            ImportJob.objects.filter(pk=job_id, status=JobStatus.PENDING),
            [{"line": None, "field": "", "column": "", "message": COULD_NOT_START}],
        )


def _claim(job_id):
    """Take the job for this run; None if it is done, in another live run, or gone."""
    token = uuid.uuid4().hex
    now = timezone.now()
    stale = Q(status__in=(JobStatus.VALIDATING, JobStatus.IMPORTING), updated_at__lt=now - STALE_AFTER)
    claimable = ImportJob.objects.filter(Q(status=JobStatus.PENDING) | stale, pk=job_id)
    if not claimable.update(
        status=JobStatus.VALIDATING, run_token=token, started_at=now, updated_at=now, processed_rows=0
    ):
        return None
    return ImportJob.objects.select_related("owner").get(pk=job_id)


def import_job_run(*, job_id):
    """Check every row, then import them all in one transaction, or none.

    Safe to call twice, or after a worker died mid-way: only a pending (or
    stale) job is claimed, and the import commits together with the job's
    "done", under this run's token.
    """
    started = time.monotonic()
    job = _claim(job_id)
    if job is None:
        logger.info("import job left alone job_id=%d reason=finished_running_or_gone", job_id)
        return None
    mine = ImportJob.objects.filter(pk=job.pk, run_token=job.run_token)
    owner = job.owner

    def finished(
        level: int, status: str, reason: str, *, imported: int = 0, problems: int = 0, error: str = "none"
    ) -> None:
        logger.log(
            level,
            "import job finished job_id=%d owner_id=%d status=%s reason=%s rows=%d imported=%d problems=%d "
            "error=%s duration_ms=%d",
            job.pk,
            owner.pk,
            status,
            reason,
            job.total_rows,
            imported,
            problems,
            error,
            _ms_since(started),
        )

    try:
        table = read_table(job.csv_text)
    except ImportFileError as exc:
        _fail(mine, [{"line": None, "field": "", "column": "", "message": str(exc)}])
        finished(logging.INFO, JobStatus.FAILED, "unreadable_file")
        return job

    def progress(count):
        mine.update(processed_rows=count, updated_at=timezone.now())

    cleaned, problems = check_rows(
        table, job.mapping, today=local_today(owner), on_progress=progress, every=PROGRESS_EVERY
    )
    if problems:
        _fail(mine, [p.as_dict() for p in problems[:MAX_ERRORS_KEPT]], count=len(problems))
        finished(logging.INFO, JobStatus.FAILED, "bad_rows", problems=len(problems))
        return job
    mine.update(status=JobStatus.IMPORTING, updated_at=timezone.now())
    try:
        with transaction.atomic():
            now = timezone.now()
            # Marked done first, in the same transaction: a second run waits on this
            # row lock and then finds nothing to claim, so rows are never doubled.
            if not mine.filter(status=JobStatus.IMPORTING).update(
                status=JobStatus.DONE,
                imported_count=len(cleaned),
                processed_rows=len(table.rows),
                finished_at=now,
                updated_at=now,
                csv_text="",
            ):
                # Another run took the job over (this one looked dead): it imports, not us.
                finished(logging.WARNING, "superseded", "claim_lost")
                return job
            applications_create(owner=owner, rows=cleaned)
    except Exception as exc:
        # Everything was rolled back; say so rather than leave the bar spinning.
        _fail(mine, [{"line": None, "field": "", "column": "", "message": SERVER_TROUBLE}])
        # The kind of error only: a database error's text can quote the row's values.
        finished(logging.ERROR, JobStatus.FAILED, "server_error", error=type(exc).__name__)
        raise
    finished(logging.INFO, JobStatus.DONE, "imported", imported=len(cleaned))
    return job


def _fail(jobs, errors, *, count=None):
    now = timezone.now()
    jobs.update(
        status=JobStatus.FAILED,
        errors=errors,
        error_count=count or len(errors),
        finished_at=now,
        updated_at=now,
    )


def applications_create(*, owner, rows):
    """Create one application per clean row; rows with an interview date also get
    their interview (10:00 that day, the user's time) and a computed plan.

    An application without interviews has no plan, so only those with one are
    refreshed: that keeps a 10,000-row import to a few seconds.
    """
    zone = owner.zoneinfo
    fields = [key for key in TARGETS_BY_KEY if key not in ("interview_on", "promised_on")]
    created = []
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        applications = [Application(owner=owner, **{key: values[key] for key in fields}) for values in batch]
        created.extend(zip(Application.objects.bulk_create(applications), batch, strict=True))
    interviews = [
        Interview(
            application=application,
            starts_at=dt.datetime.combine(values["interview_on"], INTERVIEW_TIME, tzinfo=zone),
            promised_on=values["promised_on"],
            asked_about_timing=values["promised_on"] is not None,
        )
        for application, values in created
        if values["interview_on"]
    ]
    Interview.objects.bulk_create(interviews, batch_size=BATCH_SIZE)
    for interview in interviews:
        application = interview.application
        application.owner = owner
        application.refresh_plan()
    return len(created)
