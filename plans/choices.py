"""The playbook's lists: how an interview went, the plan's steps, whom to write to, and
the kinds of message. The records (applications) and the drafts (outreach) use these."""

from django.db import models


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


class DraftKind(models.TextChoices):
    THANK_YOU = "thank_you", "Thank-you note"
    STATUS_REQUEST = "status_request", "Status request"
    FINAL_FOLLOW_UP = "final_follow_up", "Final follow-up"
    WARM_CHECK_IN = "warm_check_in", "Warm check-in"
    CALL_SCRIPT = "call_script", "Call script"
    RECOMMENDATION_ENCLOSURE = "recommendation_enclosure", "Follow-up with a recommendation"
    RECOMMENDATION_REQUEST = "recommendation_request", "Ask for a recommendation"
    HIRING_MANAGER_NOTE = "hiring_manager_note", "Note to the hiring manager"
