import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from config.dates import render as us_date
from plans import rules

from .choices import (
    CallOutcome,
    ContactRole,
    FollowUpChannel,
    Influence,
    InterviewFormat,
    OpportunityKind,
    Rapport,
    ReplyOutcome,
    Status,
    Step,
)
from .letters import letter_extension, letter_file_name
from .storage import private_storage

NOTE_MAX = 5000
# The labels of the two lists every row of a list shows, looked up once.
STATUS_LABELS = dict(Status.choices)
STEP_LABELS = dict(Step.choices)
# Dates a person could really mean: nothing from the 1900s, nothing from 3000.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def note_field(label="notes"):
    return models.TextField(label, blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)])


class Opportunity(models.Model):
    """Something the user is considering: a job, a school, a franchise ("favorites")."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opportunities"
    )
    kind = models.CharField(max_length=20, choices=OpportunityKind.choices, default=OpportunityKind.JOB)
    title = models.CharField(max_length=200)
    organization = models.CharField(max_length=200, blank=True)
    link = models.URLField("link", max_length=500, blank=True)
    note = models.TextField(blank=True, max_length=1000, validators=[MaxLengthValidator(1000)])
    starred = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starred", "-created_at"]
        verbose_name_plural = "opportunities"

    def __str__(self):
        return f"{self.title} ({self.organization})" if self.organization else self.title


class Contact(models.Model):
    """Someone at a company, or in the user's network.

    Personal channels are kept for the user's own reference; outreach only ever
    uses the work ones (step 6).
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    greet_as = models.CharField(
        "greet as",
        max_length=100,
        blank=True,
        help_text='How a message opens to them: "Dana", or "Dr. Okafor". Suggested from the name.',
    )
    company = models.CharField(max_length=200, blank=True)
    title = models.CharField("job title", max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=ContactRole.choices, default=ContactRole.RECRUITER)
    influence = models.CharField(
        "how influential",
        max_length=10,
        choices=Influence.choices,
        blank=True,
        help_text="For network contacts: how much weight their word carries.",
    )
    agreed_to_recommend = models.BooleanField(
        "agreed to speak to your work",
        default=False,
        help_text="For network contacts: tick once they said yes to being named as a reference.",
    )
    work_email = models.EmailField(blank=True)
    work_phone = models.CharField(max_length=40, blank=True)
    personal_email = models.EmailField(blank=True, help_text="Kept for you; never used for outreach.")
    personal_phone = models.CharField(
        max_length=40, blank=True, help_text="Kept for you; never used for outreach."
    )
    notes = note_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["company", "name"]

    def __str__(self):
        return f"{self.name}, {self.company}" if self.company else self.name

    @property
    def reachable_for_outreach(self):
        """Only work channels count; a contact with personal ones only cannot be chosen."""
        return bool(self.work_email or self.work_phone)


class Application(models.Model):
    """One job opening the user applied for, with its stored follow-up plan.

    ``next_due_at`` is the moment the next step falls due (the user's morning on
    ``next_due_on``). ``remind_at`` is the same moment while no reminder has
    been claimed for this step, and empty otherwise: it is the indexed column
    the reminder sweep reads, so the sweep only ever sees what is still owed.
    ``reminded_key`` names the step (interview, step, due date) that was last
    claimed; a changed plan has a new key and so becomes owed again. All of it
    is recomputed by ``refresh_plan`` whenever an input changes.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications")
    company = models.CharField(max_length=200)
    role = models.CharField("role", max_length=200)
    posting_url = models.URLField("posting link", max_length=500, blank=True)
    source = models.CharField("where you found it", max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    company_time_zone = models.CharField(
        "company's time zone",
        max_length=64,
        blank=True,
        help_text="Where the company works; used to tell when a call is within working hours.",
    )
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    notes = note_field()
    applied_on = models.DateField("applied on", default=timezone.localdate)
    reflection_went_well = models.TextField("what went well", blank=True, max_length=2000)
    reflection_next_time = models.TextField("what to try next time", blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    next_step = models.CharField(max_length=10, choices=Step.choices, blank=True, default=Step.NONE)
    next_due_on = models.DateField(null=True, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True)
    no_date_given = models.BooleanField(default=False)
    # "Remind me in 2 business days": the step is not due before this day (plans.rules).
    snoozed_until = models.DateField(null=True, blank=True, editable=False)
    next_key = models.CharField(max_length=64, blank=True, editable=False)
    remind_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(
                fields=["remind_at"],
                name="application_remind_idx",
                condition=models.Q(remind_at__isnull=False),
            ),
            models.Index(fields=["owner", "status"], name="application_owner_status_idx"),
        ]

    def __str__(self):
        return f"{self.role} at {self.company}"

    # Written only by refresh_plan and the reminder sweep, never by a form save:
    # a page loaded before a sweep claimed the row must not undo the claim.
    CLAIM_FIELDS = ("remind_at", "reminded_key")
    # Written only by applications.services.application_snooze.
    SNOOZE_FIELDS = ("snoozed_until",)

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.CLAIM_FIELDS and f.name not in self.SNOOZE_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("application_detail", args=[self.pk])

    @property
    def is_closed(self):
        return self.status in Status.closed()

    @property
    def status_label(self):
        """As get_status_display(), without rebuilding the choices for every row of a list."""
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def next_step_label(self):
        """As get_next_step_display(), for lists."""
        return STEP_LABELS.get(self.next_step, self.next_step)

    @property
    def stage(self):
        """The stage whose colour this application's status wears (``stage-<name>``)."""
        return Status.stage_of(self.status)

    def latest_interview(self):
        return self.interviews.order_by("-starts_at", "-pk").first()

    # What refresh_plan writes; the reminder sweep writes reminded_key (and remind_at).
    PLAN_FIELDS = ("next_step", "next_due_on", "next_due_at", "no_date_given", "next_key", "remind_at")

    def compute_plan(self, interview=None):
        """The plan from the records as they are now (see ``rules.follow_up_plan``)."""
        interview = interview or self.latest_interview()
        if interview is None:
            return rules.NO_PLAN
        since = interview.starts_at
        return self.plan_from(
            interview,
            follow_ups_at=self.follow_ups.filter(happened_at__gte=since).values_list(
                "happened_at", flat=True
            ),
            replied=self.replies.filter(received_at__gte=since).exists(),
        )

    def plan_from(self, interview, *, follow_ups_at, replied):
        """The plan after ``interview`` (the latest), given the moments of the follow-ups
        sent since it and whether the company replied since. Makes no query."""
        if interview is None:
            return rules.NO_PLAN
        zone = self.owner.zoneinfo
        return rules.follow_up_plan(
            closed=self.is_closed,
            replied=replied,
            interview_day=interview.starts_at.astimezone(zone).date(),
            promised_on=interview.promised_on,
            rapport=interview.rapport,
            follow_up_days=sorted(moment.astimezone(zone).date() for moment in follow_ups_at),
            wait_days=self.owner.default_wait_days,
            snoozed_until=self.snoozed_until,
        )

    @staticmethod
    def plan_key(interview, plan):
        """Names one due follow-up: this interview round, this step, this date."""
        return f"{interview.pk}:{plan.step}:{plan.due_on:%Y-%m-%d}" if interview and plan.due_on else ""

    def set_plan(self, interview, plan):
        """Put ``plan`` into this instance's PLAN_FIELDS, ready for an UPDATE.

        ``remind_at`` becomes an expression decided in the UPDATE itself, against
        the stored ``reminded_key``, so a sweep claiming this row at the same
        moment is never undone.
        """
        owner = self.owner
        self.next_step = plan.step
        self.next_due_on = plan.due_on
        self.next_due_at = (
            rules.due_at(plan.due_on, owner.time_zone, owner.reminder_hour) if plan.due_on else None
        )
        self.no_date_given = plan.no_date_given
        self.next_key = self.plan_key(interview, plan)
        self.remind_at = None
        if plan.due_on and owner.reminders_enabled:
            self.remind_at = models.Case(
                models.When(reminded_key=self.next_key, then=models.Value(None)),
                default=models.Value(self.next_due_at),
                output_field=models.DateTimeField(),
            )

    def store_plan(self):
        """Write PLAN_FIELDS as ``set_plan`` left them: one UPDATE of this row."""
        Application.objects.filter(pk=self.pk).update(
            **{name: getattr(self, name) for name in self.PLAN_FIELDS}
        )

    def refresh_plan(self):
        """Recompute and store the plan; call after any of its inputs changed."""
        interview = self.latest_interview()
        plan = self.compute_plan(interview)
        self.set_plan(interview, plan)
        self.store_plan()
        self.remind_at, self.reminded_key = Application.objects.values_list(*self.CLAIM_FIELDS).get(
            pk=self.pk
        )
        return plan

    @property
    def is_snoozed(self):
        """The step is due on the day the user asked to be reminded ("remind me in 2 business days")."""
        return self.snoozed_until is not None and self.snoozed_until == self.next_due_on

    @property
    def follow_ups_left(self):
        """Follow-ups still allowed: the latest interview and the follow-ups made since
        it, read in one query."""
        since_it = (
            FollowUp.objects.filter(application=OuterRef("application"))
            .filter(happened_at__gte=OuterRef("starts_at"))
            .order_by()
            .values("application")
            .annotate(n=Count("pk"))
            .values("n")
        )
        latest = (
            self.interviews.order_by("-starts_at", "-pk")
            .annotate(follow_ups_made=Coalesce(Subquery(since_it), 0))
            .first()
        )
        return self.follow_ups_left_after(latest, made=latest.follow_ups_made if latest else None)

    def follow_ups_left_after(self, interview, *, made=None):
        """Follow-ups still allowed after this (the latest) interview; ``made``, the
        follow-ups since it, when the caller has counted them already."""
        if interview is None:
            return rules.MAX_FOLLOW_UPS
        if made is None:
            made = self.follow_ups.filter(happened_at__gte=interview.starts_at).count()
        return rules.follow_ups_left(interview.rapport, made)


class Interview(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    starts_at = models.DateTimeField("date and time")
    format = models.CharField(max_length=10, choices=InterviewFormat.choices, default=InterviewFormat.VIDEO)
    interviewers = models.ManyToManyField(Contact, blank=True, related_name="interviews")
    rapport = models.CharField("how it went", max_length=10, choices=Rapport.choices, default=Rapport.NEUTRAL)
    asked_about_timing = models.BooleanField("I asked when I'd hear back", default=False)
    promised_on = models.DateField(
        "they promised an answer by",
        null=True,
        blank=True,
        help_text="Leave empty if they gave no date.",
    )
    notes = note_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        # The interview-day emails look for interviews around today (outreach.reminders).
        indexes = [models.Index(fields=["starts_at"], name="interview_starts_at_idx")]

    def __str__(self):
        return f"Interview for {self.application} on {us_date(self.starts_at, 'date_us')}"


class FollowUp(models.Model):
    """A follow-up the user sent or a call they made (step 6 counts these)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="follow_ups")
    channel = models.CharField(max_length=10, choices=FollowUpChannel.choices, default=FollowUpChannel.EMAIL)
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    happened_at = models.DateTimeField("when", default=timezone.now)
    call_outcome = models.CharField(
        "how the call went", max_length=10, choices=CallOutcome.choices, blank=True
    )
    notes = note_field()

    class Meta:
        ordering = ["-happened_at"]
        verbose_name = "follow-up"

    def __str__(self):
        return f"{self.get_channel_display()} follow-up on {us_date(self.happened_at, 'date_us')}"


class Reply(models.Model):
    """News from the company. Any reply ends the current wait."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="replies")
    received_at = models.DateTimeField("when", default=timezone.now)
    outcome = models.CharField("what they said", max_length=10, choices=ReplyOutcome.choices)
    notes = note_field()

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "replies"

    def __str__(self):
        return f"{self.get_outcome_display()} on {us_date(self.received_at, 'date_us')}"


def letter_path(instance, filename):
    # The stored name is random and ends in the extension of the file's sniffed
    # type, never the one it was uploaded under; the user's name is kept apart.
    return (
        f"letters/{instance.owner_id}/{uuid.uuid4().hex}.{letter_extension(instance.content_type, filename)}"
    )


class Letter(models.Model):
    """A letter of recommendation the user holds (step 4)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letters")
    title = models.CharField(max_length=200)
    author = models.CharField("written by", max_length=200)
    job_kind = models.CharField("for what kind of job", max_length=200, blank=True)
    file = models.FileField(upload_to=letter_path, storage=private_storage)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.title} ({self.author})"

    def stored_size(self):
        """Bytes on disk; 0 for a file that has gone missing (it takes no room)."""
        try:
            return self.file.storage.size(self.file.name) if self.file.name else 0
        except OSError:
            return 0

    def download_name(self):
        """The name the letter is handed back under: safe, with its real type's extension."""
        return letter_file_name(self.original_name, self.content_type, self.file.name or "")


@receiver(post_delete, sender=Letter)
def _delete_letter_file(sender, instance, **kwargs):
    """The file goes with its row, whether one letter or a whole account is deleted."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
