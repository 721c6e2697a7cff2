from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class JobStatus(models.TextChoices):
    """Where an import stands. Draft and failed jobs can still have their columns changed."""

    DRAFT = "draft", "Waiting for you to check the columns"
    PENDING = "pending", "Queued"
    VALIDATING = "validating", "Checking rows"
    IMPORTING = "importing", "Saving applications"
    FAILED = "failed", "Not imported"
    DONE = "done", "Imported"

    @classmethod
    def editable(cls):
        return (cls.DRAFT, cls.FAILED)

    @classmethod
    def running(cls):
        return (cls.PENDING, cls.VALIDATING, cls.IMPORTING)


class ImportJob(models.Model):
    """One uploaded CSV of applications, from preview to the end of its import.

    The file's text is kept here (no file to clean up) until the import is
    done. ``mapping`` says which column holds which field. ``processed_rows``
    counts rows checked so far; it is written outside the import's own
    transaction so the progress bar moves. ``run_token`` names the run that
    claimed the job, so a run that lost its claim can never import twice.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.DRAFT)
    file_name = models.CharField(max_length=200, blank=True)
    csv_text = models.TextField(blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    imported_count = models.PositiveIntegerField(default=0)
    # The first problems found (see services.MAX_ERRORS_KEPT), and how many there were in all.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    run_token = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="importjob_owner_created_idx")]

    def __str__(self):
        return f"Import of {self.file_name or 'a CSV'} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("import_job", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def is_running(self):
        return self.status in JobStatus.running()

    @property
    def percent(self):
        if self.status == JobStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def progress_message(self):
        """One sentence for the page and the status endpoint alike."""
        if self.status == JobStatus.PENDING:
            return "Waiting for its turn; this usually takes a few seconds."
        if self.status == JobStatus.VALIDATING:
            return f"Checked {self.processed_rows:,} of {self.total_rows:,} rows."
        if self.status == JobStatus.IMPORTING:
            return f"Every row is fine. Saving {self.total_rows:,} applications…"
        if self.status == JobStatus.DONE:
            return f"Imported {self.imported_count:,} applications."
        if self.status == JobStatus.FAILED:
            problems = "problem needs" if self.error_count == 1 else "problems need"
            return f"Nothing was imported: {self.error_count:,} {problems} fixing."
        return "Check the columns, then import."

    def as_status(self):
        return {
            "id": self.pk,
            "status": self.status,
            "status_label": self.get_status_display(),
            "total_rows": self.total_rows,
            "processed_rows": self.processed_rows,
            "percent": self.percent,
            "imported_count": self.imported_count,
            "error_count": self.error_count,
            "finished": self.is_finished,
            "message": self.progress_message,
        }
