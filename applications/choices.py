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

    @classmethod
    def stage_of(cls, status):
        """The playbook stage a status sits in, for its colour (``stage-<name>`` in
        static/css/app.css): one colour per stage on every page."""
        return STATUS_STAGES.get(status, "closed")


# Which stage's colour each status wears. Before and at the interview: the
# interview; waiting after it: the thank-you went (or is going) out; followed
# up: the follow-up; every ending: closed.
STATUS_STAGES = {
    Status.APPLIED: "interview",
    Status.INTERVIEWING: "interview",
    Status.WAITING: "thank-you",
    Status.FOLLOWED_UP: "follow-up",
    Status.OFFER: "closed",
    Status.NO: "closed",
    Status.MOVED_ON: "closed",
}


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
