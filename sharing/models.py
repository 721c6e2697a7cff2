"""A read-only link that shows a coach the user's search, and what the coach leaves.

The link's token is the only key, so it is long and random, and only its SHA-256
digest is stored: a copy of the database (a backup, an admin screen) cannot be
used to open anyone's page. The user sees the link once, when it is made, and
can make a new one at any time (the old one stops working in the same write).
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from applications.models import Application

DEFAULT_DAYS = 60
LIFETIME_CHOICES = [(7, "One week"), (30, "30 days"), (60, "60 days"), (90, "90 days")]
NOTE_MAX_LENGTH = 200
COMMENT_MAX_LENGTH = 1000


def new_token() -> str:
    """43 URL-safe characters (256 random bits): the link is the only key to the page."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What is stored and looked up. A plain hash is enough: the token is random, not guessable."""
    return hashlib.sha256(token.encode()).hexdigest()


def email_digest(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


class ShareState(models.TextChoices):
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Turned off"


class Share(models.Model):
    """One coach's read-only view of the user's search."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares")
    owner_name = models.CharField(
        "your name, as your coach knows you", max_length=100, help_text="Shown at the top of the page."
    )
    coach_name = models.CharField("coach's name", max_length=100)
    coach_email = models.EmailField("coach's email", blank=True)
    note = models.CharField(
        "a line for your coach",
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
    )
    comments_allowed = models.BooleanField("let my coach leave comments", default=True)
    # unique=True gives the index the public page's lookup uses.
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    view_count = models.PositiveIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Share with {self.coach_name}"

    @staticmethod
    def expiry_for(days: int, now: dt.datetime) -> dt.datetime:
        return now + dt.timedelta(days=days)

    def state(self, now: dt.datetime) -> str:
        """Turned off wins over expired: it is what the user did."""
        if self.revoked_at is not None:
            return ShareState.REVOKED
        if self.expires_at <= now:
            return ShareState.EXPIRED
        return ShareState.ACTIVE

    def is_live(self, now: dt.datetime) -> bool:
        return self.state(now) == ShareState.ACTIVE

    def accepts_comments(self, now: dt.datetime) -> bool:
        return self.comments_allowed and self.is_live(now)


class ShareView(models.Model):
    """One opening of the coach's page: when, and nothing about who or from where."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="views")
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["share", "-viewed_at"], name="sharing_view_share_time")]

    def __str__(self):
        return f"{self.share} viewed {self.viewed_at:%Y-%m-%d %H:%M}"


class CoachComment(models.Model):
    """A short plain-text note from the coach about one application, shown to the user there."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="comments")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="coach_comments")
    body = models.TextField(
        max_length=COMMENT_MAX_LENGTH, validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)]
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Comment from {self.share.coach_name} on {self.application}"


class CoachEmailOptOut(models.Model):
    """An address that asked never to get our emails again, whoever shares with it.
    Only a digest is kept: we need to recognise the address, not to know it."""

    email_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "coach email opt-out"

    def __str__(self):
        return f"Opt-out {self.email_digest[:12]}…"
