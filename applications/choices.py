"""The canonical lists. Views, forms, the plan, the reminder sweep and the tests
all use these names; nothing compares against a hand-typed label."""

from django.db import models

# The playbook's own lists live in plans/choices.py; they are named here too for the records.
from plans.choices import ContactRole, Influence, Rapport, Step  # noqa: F401


class Status(models.TextChoices):
    APPLIED = "applied", "Applied"
    INTERVIEWING = "interviewing", "Interviewing"
    WAITING = "waiting", "Waiting to hear"
    FOLLOWED_UP = "followed_up", "Followed up"
    OFFER = "offer", "Offer"
    NO = "no", "No"
    MOVED_ON = "moved_on", "Moved on"

    @classmethod
    def closed(cls):
        """An application in one of these has ended; it has no plan."""
        return (cls.OFFER, cls.NO, cls.MOVED_ON)

    @classmethod
    def open(cls):
        return tuple(status for status in cls if status not in cls.closed())


class InterviewFormat(models.TextChoices):
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    ON_SITE = "on_site", "On site"


class FollowUpChannel(models.TextChoices):
    EMAIL = "email", "Email"
    CALL = "call", "Phone call"


class CallOutcome(models.TextChoices):
    REACHED = "reached", "Reached them"
    VOICEMAIL = "voicemail", "Left a voicemail"
    NO_ANSWER = "no_answer", "No answer"


class ReplyOutcome(models.TextChoices):
    INTERVIEW = "interview", "Invited to another interview"
    OFFER = "offer", "Offer"
    NO = "no", "Not selected"
    OTHER = "other", "Other news (still open)"


class OpportunityKind(models.TextChoices):
    JOB = "job", "Job"
    SCHOOL = "school", "School or training"
    FRANCHISE = "franchise", "Franchise"
