"""The canonical lists. Views, forms, the plan, the reminder sweep and the tests
all use these names; nothing compares against a hand-typed label."""

from django.db import models


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


class Rapport(models.TextChoices):
    WENT_WELL = "went_well", "Went well"
    NEUTRAL = "neutral", "Neutral"
    UNEASY = "uneasy", "Uneasy"


class Step(models.TextChoices):
    """What the plan says to do next."""

    NONE = "", "Nothing to do"
    FIRST = "first", "First follow-up"
    FINAL = "final", "Final follow-up"
    MOVE_ON = "move_on", "Time to move on"


class ContactRole(models.TextChoices):
    RECRUITER = "recruiter", "Recruiter / HR"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    FUTURE_SUPERVISOR = "future_supervisor", "Future supervisor"
    INTERVIEWER = "interviewer", "Interviewer"
    NETWORK = "network", "Network / referrer"


class Influence(models.TextChoices):
    LOW = "low", "Some"
    MEDIUM = "medium", "Considerable"
    HIGH = "high", "Strong"


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
