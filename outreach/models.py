from django.conf import settings
from django.db import models

from applications.choices import Step
from applications.models import Application
from plans.choices import DraftKind


class Reminder(models.Model):
    """One reminder email owed for one due follow-up step.

    Created when the sweep claims an application's ``remind_at``; unique per
    application and plan key, so the same step can never be owed twice. It is
    marked sent only after the SMTP server accepted the message. ``lease_until``
    keeps two workers from sending it at once; a lease that ran out without a
    send means the worker died, and the sweep queues it again.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=64)
    step = models.CharField(max_length=10, choices=Step.choices)
    due_on = models.DateField()
    # More than a week late when claimed (the app or the mail server was down):
    # folded into one catch-up email rather than sent on its own.
    stale = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=100, blank=True)
    # The message the email carried (the draft page's own draft), which "I sent it" marks sent.
    draft = models.ForeignKey(
        "outreach.Draft", null=True, blank=True, on_delete=models.SET_NULL, related_name="reminders"
    )
    # The one-click answer given from the email (outreach.answers.Answer), once.
    answer = models.CharField(max_length=20, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "key"], name="reminder_once_per_step"),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="reminder_pending_idx",
                condition=models.Q(sent_at__isnull=True, cancelled_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.get_step_display()} reminder for {self.application_id} due {self.due_on}"

    @property
    def message_id(self):
        """Deterministic, so a resend of the same reminder is recognizably the same message."""
        from config.site import site_domain

        return f"<reminder-{self.pk}-{self.key.replace(':', '-')}@{site_domain()}>"


class InterviewEmail(models.Model):
    """An email about one interview, once: on its morning ("ask when they will decide")
    or the morning after (the thank-you note, ready to send). Unique per interview and
    kind, so a second sweep can never owe it again; marked sent only after the SMTP
    server accepted it; ``lease_until`` keeps two workers from sending it at once."""

    class Kind(models.TextChoices):
        MORNING = "morning", "Interview morning"
        THANK_YOU = "thank_you", "Thank-you reminder"

    interview = models.ForeignKey(
        "applications.Interview", on_delete=models.CASCADE, related_name="interview_emails"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_emails"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "kind"], name="interview_email_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for interview {self.interview_id}"

    @property
    def message_id(self):
        from config.site import site_domain

        return f"<interview-{self.interview_id}-{self.kind}@{site_domain()}>"


class Digest(models.Model):
    """The weekly summary, once per user per week (the Monday it belongs to)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    week_of = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "week_of"], name="digest_once_per_week")]

    def __str__(self):
        return f"Digest for {self.owner_id}, week of {self.week_of}"


class Draft(models.Model):
    """A message the user can edit, copy, open in their own mail app, and mark sent.

    The app never sends outreach itself: the user sends it from their own
    address. Marking it sent (or logging the call) records a follow-up.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="drafts")
    interview = models.ForeignKey(
        "applications.Interview", null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts"
    )
    kind = models.CharField(max_length=30, choices=DraftKind.choices)
    contact = models.ForeignKey(
        "applications.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts"
    )
    letter = models.ForeignKey(
        "applications.Letter", null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts"
    )
    referrer = models.ForeignKey(
        "applications.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referral_drafts",
    )
    personal_detail = models.CharField(
        "something you talked about",
        max_length=300,
        blank=True,
        help_text="A detail from the conversation makes a warm note personal.",
    )
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    follow_up = models.OneToOneField(
        "applications.FollowUp", null=True, blank=True, on_delete=models.SET_NULL, related_name="draft"
    )

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.application}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("draft_detail", args=[self.pk])
