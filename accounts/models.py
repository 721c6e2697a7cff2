import secrets
import zoneinfo
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from .timezones import is_time_zone_name

DEFAULT_WAIT_DAYS = 7
# The profile fields other apps compute follow-up dates from; a change to one
# is announced with accounts.signals.profile_changed.
PLAN_INPUTS = ("time_zone", "default_wait_days", "reminders_enabled", "reminder_hour")


def validate_time_zone(value):
    if not is_time_zone_name(value):
        raise ValidationError(
            "“%(value)s” is not a time zone we know. Pick one from the list, such as America/Chicago.",
            params={"value": value},
            code="invalid_time_zone",
        )


class UserManager(BaseUserManager["User"]):
    """Users are found by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        # Easy Access accounts never have a password; only an operator's admin
        # account may be given one.
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


def new_email_key():
    return secrets.token_urlsafe(24)


class User(AbstractUser):
    """A job seeker. Signs in with an email and a code; owns everything else."""

    # Fields of AbstractUser this model does without; django-stubs cannot express
    # removing an inherited field.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    # Stands for the user in links sent by email (unsubscribe): random, so a link
    # says nothing about the account, and replaceable without touching anything else.
    email_key = models.CharField(max_length=64, unique=True, default=new_email_key, editable=False)

    full_name = models.CharField("full name", max_length=150, blank=True)
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="Reminders arrive on the right morning in this zone.",
    )
    # False until the user (or their browser, at sign-up) picked the zone: an
    # account never sits on UTC unless someone chose it (accounts.middleware
    # asks on the first page after sign-in).
    time_zone_confirmed = models.BooleanField(default=False, editable=False)
    skills_summary = models.TextField(
        "skills and experience",
        max_length=1000,
        blank=True,
        help_text="Two or three sentences in civilian terms, used in notes to hiring managers.",
    )
    email_signature = models.TextField(
        max_length=500,
        blank=True,
        help_text="Added to the end of every draft.",
    )
    phone = models.CharField(
        "your phone",
        max_length=40,
        blank=True,
        help_text="Left in voicemails so people can call you back.",
    )
    default_wait_days = models.PositiveSmallIntegerField(
        "default wait (business days)",
        default=DEFAULT_WAIT_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="How long to wait for an answer when the company promised no date.",
    )

    reminders_enabled = models.BooleanField(
        "email me when a follow-up is due",
        default=True,
    )
    digest_enabled = models.BooleanField(
        "send me a weekly summary on Monday mornings",
        default=False,
    )
    interview_morning_enabled = models.BooleanField(
        "on an interview's morning, remind me to ask when they will decide",
        default=True,
    )
    thank_you_reminder_enabled = models.BooleanField(
        "the morning after an interview, email me a thank-you note ready to send",
        default=True,
    )
    reminder_hour = models.PositiveSmallIntegerField(
        "hour of the day for reminders",
        default=8,
        validators=[MinValueValidator(5), MaxValueValidator(21)],
        help_text="In your own time zone, between 5 and 21 (24-hour clock).",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    # django-stubs types AbstractUser.objects as auth's UserManager, whose create_user
    # takes a username; ours is the BaseUserManager Django documents for email sign-in.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def zoneinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)
