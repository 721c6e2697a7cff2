"""One-click answers from a reminder email: "I sent it", "They replied", "Remind me
in 2 business days" and the rest, without signing in.

Each link carries a signed token naming one reminder and one answer. The signature's
salt holds the owner's random email key, so a token is bound to its user without
saying who that is, and a token of one user's can never be turned into another's
(changing anything breaks the signature). It is good for ``ANSWER_MAX_AGE``, once,
and only while the plan still stands at the reminder's step (``outreach.services``).
"""

import json

from django.core import signing
from django.db import models
from django.urls import reverse

from config.site import absolute_url

ANSWER_SALT = "outreach.answer.v1"
ANSWER_MAX_AGE = 30 * 24 * 60 * 60
# A signed token is about 70 characters; anything far longer is not worth a query.
TOKEN_MAX_LENGTH = 200


class Answer(models.TextChoices):
    SENT = "sent", "I sent it"
    CALLED = "called", "I called"
    REPLIED = "replied", "They replied"
    NOT_SELECTED = "not_selected", "Not selected: close it"
    SNOOZE = "snooze", "Remind me in 2 business days"
    MOVED_ON = "moved_on", "Let it go: close it"


# The answers a reminder offers, by the plan's step.
FOLLOW_UP_ANSWERS = (Answer.SENT, Answer.CALLED, Answer.REPLIED, Answer.NOT_SELECTED, Answer.SNOOZE)
MOVE_ON_ANSWERS = (Answer.MOVED_ON, Answer.REPLIED)


def _salt(owner) -> str:
    return f"{ANSWER_SALT}:{owner.email_key}"


def answer_token(reminder, answer: str) -> str:
    return signing.dumps([reminder.pk, str(answer)], salt=_salt(reminder.owner))


def answer_url(reminder, answer: str) -> str:
    return absolute_url(reverse("reminder_answer", args=[answer_token(reminder, answer)]))


class BadToken(Exception):
    """A token we did not sign, for a reminder that is gone, or too old."""

    def __init__(self, *, expired=False):
        super().__init__("expired" if expired else "bad token")
        self.expired = expired


def claimed_reminder_id(token: str) -> tuple[int, str]:
    """The (reminder id, answer) a token *claims*, before its signature is checked
    (the signature's salt depends on the reminder's owner). Raises BadToken."""
    if len(token) > TOKEN_MAX_LENGTH or token.startswith("."):
        raise BadToken
    try:
        value = json.loads(signing.b64_decode(token.split(":", 1)[0].encode()))
    except (ValueError, TypeError, UnicodeDecodeError):
        raise BadToken from None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or value[1] not in Answer.values
    ):
        raise BadToken
    return value[0], value[1]


def verify(token: str, reminder) -> str:
    """The answer in a genuine, unexpired token for this reminder; raises BadToken."""
    try:
        reminder_id, answer = signing.loads(token, salt=_salt(reminder.owner), max_age=ANSWER_MAX_AGE)
    except signing.SignatureExpired:
        raise BadToken(expired=True) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise BadToken from None
    if reminder_id != reminder.pk or answer not in Answer.values:
        raise BadToken
    return answer
