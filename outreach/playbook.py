"""Who to write to, and how, for a follow-up step (steps 5 and 6 of the playbook)."""
from dataclasses import dataclass

from applications.choices import ContactRole, Step

# Whom to approach first for each step: the recruiter and the interviewers for
# the first note; when that went unanswered, the hiring manager or the future
# supervisor, respectfully.
PREFERRED_ROLES = {
    Step.FIRST: [ContactRole.RECRUITER, ContactRole.INTERVIEWER, ContactRole.HIRING_MANAGER, ContactRole.FUTURE_SUPERVISOR],
    Step.FINAL: [ContactRole.HIRING_MANAGER, ContactRole.FUTURE_SUPERVISOR, ContactRole.RECRUITER, ContactRole.INTERVIEWER],
}


@dataclass(frozen=True)
class Recipient:
    contact: object
    channel: str  # "email" or "call"
    address: str


def choose_recipient(contacts, step):
    """The best work channel for this step, or None.

    Personal email addresses and phone numbers are never offered, whatever the role.
    """
    order = PREFERRED_ROLES.get(step)
    if not order:
        return None
    reachable = [c for c in contacts if c.role in order and (c.work_email or c.work_phone)]
    reachable.sort(key=lambda c: (order.index(c.role), not c.work_email, c.name))
    if not reachable:
        return None
    best = reachable[0]
    if best.work_email:
        return Recipient(best, "email", best.work_email)
    return Recipient(best, "call", best.work_phone)
