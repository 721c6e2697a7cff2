"""Drafts: choosing, writing, and recording what the user sent (steps 1-6)."""

from django.db import transaction
from django.utils import timezone

from applications.choices import ContactRole, FollowUpChannel, Status
from applications.models import Contact, Letter
from applications.services import follow_up_record
from plans.choices import DraftKind
from plans.offers import COUNTS_AS_FOLLOW_UP, INFLUENTIAL, Situation, choose_recipient, offered_drafts

from .drafts import render_draft
from .models import Draft


class DraftRefused(Exception):
    """A guardrail said no; the message says why, for the page."""


def company_contacts(application):
    return list(Contact.objects.filter(owner=application.owner, company__iexact=application.company))


def reachable(contacts):
    return [c for c in contacts if c.reachable_for_outreach]


def situation_for(application):
    interview = application.latest_interview()
    contacts = reachable(company_contacts(application))
    network = list(Contact.objects.filter(owner=application.owner, role=ContactRole.NETWORK))
    thanked = (
        bool(interview)
        and Draft.objects.filter(
            application=application, interview=interview, kind=DraftKind.THANK_YOU, sent_at__isnull=False
        ).exists()
    )
    now = timezone.now()
    today = now.astimezone(application.owner.zoneinfo).date()
    return Situation(
        rapport=interview.rapport if interview else "",
        step=application.next_step,
        follow_ups_left=application.follow_ups_left_after(interview),
        interviewed=bool(interview) and interview.starts_at <= now,
        interview_ahead=bool(interview) and interview.starts_at > now,
        follow_up_due=bool(application.next_due_on) and application.next_due_on <= today,
        thanked=thanked,
        roles=frozenset(c.role for c in contacts),
        has_letter=Letter.objects.filter(owner=application.owner).exists(),
        has_influential_referrer=any(
            c.influence in INFLUENTIAL and c.reachable_for_outreach for c in network
        ),
        has_network_contact=any(c.reachable_for_outreach for c in network),
    )


def drafts_offered(application):
    if application.status in Status.closed():
        return [], []
    return offered_drafts(situation_for(application))


def best_letter(owner, application):
    """The letter for the most similar job first: shared words between its job kind and the role."""
    letters = list(Letter.objects.filter(owner=owner))
    role_words = set(application.role.lower().split())
    return max(
        letters,
        key=lambda letter: (len(role_words & set(letter.job_kind.lower().split())), letter.uploaded_at),
        default=None,
    )


def best_referrer(owner):
    network = [
        c for c in Contact.objects.filter(owner=owner, role=ContactRole.NETWORK) if c.reachable_for_outreach
    ]
    rank = {"high": 0, "medium": 1, "low": 2, "": 3}
    return min(network, key=lambda c: (rank.get(c.influence, 3), c.name), default=None)


@transaction.atomic
def draft_open(*, application, kind):
    """The unsent draft of this kind for the latest interview, written now if new."""
    offers, refusals = drafts_offered(application)
    if kind not in {offer.kind for offer in offers}:
        why = next(
            (r.why for r in refusals if r.kind == kind),
            "This message doesn't fit where this application stands.",
        )
        raise DraftRefused(why)
    interview = application.latest_interview()
    existing = Draft.objects.filter(
        application=application, interview=interview, kind=kind, sent_at__isnull=True
    ).first()
    if existing:
        return existing
    owner = application.owner
    if kind == DraftKind.RECOMMENDATION_REQUEST:
        contact = best_referrer(owner)
    else:
        recipient = choose_recipient(
            reachable(company_contacts(application)), kind, phone=kind == DraftKind.CALL_SCRIPT
        )
        contact = recipient.contact if recipient else None
    letter = best_letter(owner, application) if kind == DraftKind.RECOMMENDATION_ENCLOSURE else None
    referrer = best_referrer(owner) if kind == DraftKind.RECOMMENDATION_ENCLOSURE and not letter else None
    draft = Draft(
        application=application,
        interview=interview,
        kind=kind,
        contact=contact,
        letter=letter,
        referrer=referrer,
    )
    draft.subject, draft.body = write(draft)
    draft.save()
    return draft


def write(draft):
    application = draft.application
    return render_draft(
        draft.kind,
        user=application.owner,
        application=application,
        interview=draft.interview,
        contact=draft.contact,
        letter=draft.letter,
        referrer=draft.referrer,
        personal_detail=draft.personal_detail,
    )


def _check_can_send(draft):
    if draft.sent_at:
        raise DraftRefused("This draft is already marked as sent.")
    if draft.contact and not draft.contact.reachable_for_outreach:
        raise DraftRefused(
            "This contact has personal channels only. Outreach goes to work addresses and phones only."
        )
    if draft.kind in COUNTS_AS_FOLLOW_UP and draft.application.follow_ups_left == 0:
        raise DraftRefused(
            "You have already sent the follow-ups this application allows. "
            "A third would do more harm than good: it's time to let it go and move on."
        )


@transaction.atomic
def draft_mark_sent(*, draft):
    _check_can_send(draft)
    now = timezone.now()
    if draft.kind in COUNTS_AS_FOLLOW_UP:
        draft.follow_up = follow_up_record(
            application=draft.application,
            channel=FollowUpChannel.EMAIL,
            contact=draft.contact,
            happened_at=now,
        )
    draft.sent_at = now
    draft.save(update_fields=["sent_at", "follow_up", "updated_at"])
    return draft


@transaction.atomic
def draft_log_call(*, draft, outcome):
    """A call instead of the message. It counts as a follow-up only where the message would."""
    _check_can_send(draft)
    now = timezone.now()
    if draft.kind in COUNTS_AS_FOLLOW_UP:
        draft.follow_up = follow_up_record(
            application=draft.application,
            channel=FollowUpChannel.CALL,
            contact=draft.contact,
            happened_at=now,
            call_outcome=outcome,
        )
    draft.sent_at = now
    draft.save(update_fields=["sent_at", "follow_up", "updated_at"])
    return draft


# --- The draft page: keeping what the user wrote (issue 13, items 6, 11, 14) ---------------


def _lines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")


def carry_changes(text, before, after):
    """``text`` (the user's, maybe edited) with the lines that changed between two
    renders (``before`` -> ``after``) changed the same way, wherever the user
    left them as written. Returns (new text, whether every change was carried)."""
    import difflib

    mine, old, new = _lines(text), _lines(before), _lines(after)
    if old == new:
        return text, True
    carried = True
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        if tag == "insert":
            # After the nearest written line before it (blank lines are no landmark).
            k = i1 - 1
            while k >= 0 and not old[k].strip():
                k -= 1
            if k >= 0 and mine.count(old[k]) == 1:
                at = mine.index(old[k]) + 1 + (i1 - 1 - k)
                mine[at:at] = new[j1:j2]
            else:
                carried = False
            continue
        chunk = old[i1:i2]
        found = [k for k in range(len(mine) - len(chunk) + 1) if mine[k : k + len(chunk)] == chunk]
        if len(found) == 1:
            mine[found[0] : found[0] + len(chunk)] = new[j1:j2]
        else:
            carried = False
    tidy = []
    for line in mine:
        if line.strip() or (tidy and tidy[-1].strip()):
            tidy.append(line)
    ending = "\n" if text.endswith("\n") else ""
    return "\n".join(tidy).strip() + ending, carried


class DraftUpdate:
    """What saving the draft page did, for the page to say."""

    def __init__(self):
        self.rewritten = False
        self.needs_confirm = False  # a rewrite would replace the user's edits: ask first
        self.not_carried = False  # a new recipient or letter could not be written into edited text


@transaction.atomic
def draft_update(
    *,
    draft,
    subject,
    body,
    contact=None,
    letter=None,
    personal_detail=None,
    rewrite=False,
    confirm_rewrite=False,
):
    """Save the user's edits. A changed recipient or letter rewrites only the lines
    that name them (the greeting, the letter's sentence) where the user left them
    as written; a rewrite with a new detail replaces the text only when the user
    has not edited it, or confirmed."""
    before_subject, before_body = write(draft)
    edited = _lines(body) != _lines(before_body) or " ".join(subject.split()) != before_subject
    result = DraftUpdate()
    draft.contact = contact
    if draft.kind == DraftKind.RECOMMENDATION_ENCLOSURE:
        draft.letter = letter
    after_subject, after_body = write(draft)
    if personal_detail is not None:
        draft.personal_detail = personal_detail
    if rewrite and (confirm_rewrite or not edited):
        draft.subject, draft.body = write(draft)
        result.rewritten = True
    else:
        draft.body, carried_body = carry_changes(body, before_body, after_body)
        draft.subject = after_subject if " ".join(subject.split()) == before_subject else subject
        result.not_carried = not carried_body
        result.needs_confirm = rewrite
    draft.save()
    return result


@transaction.atomic
def add_recipient(*, draft, subject, body, name, title, role, work_email="", work_phone=""):
    """A new contact at the application's company (the user's network for a
    recommendation request), made the draft's recipient; the user's text is kept,
    its greeting changed to the new name where they left it as written."""
    company = "" if draft.kind == DraftKind.RECOMMENDATION_REQUEST else draft.application.company
    contact = Contact.objects.create(
        owner=draft.application.owner,
        name=name,
        title=title,
        company=company,
        role=role,
        work_email=work_email,
        work_phone=work_phone,
    )
    return contact, draft_update(
        draft=draft, subject=subject, body=body, contact=contact, letter=draft.letter
    )
