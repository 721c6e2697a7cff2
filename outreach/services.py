"""Drafts: choosing, writing, and recording what the user sent (steps 1-6)."""

from collections import defaultdict
from functools import cached_property, partial

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone

from applications.choices import ContactRole, FollowUpChannel, ReplyOutcome, Status, Step
from applications.models import Application, Contact, FollowUp, Interview, Letter
from applications.services import follow_up_record
from plans.choices import DraftKind
from plans.guardrails import held_until, send_refusal
from plans.letters import letter_matches_role, work_words
from plans.offers import (
    COUNTS_AS_FOLLOW_UP,
    INFLUENTIAL,
    MANAGER_ROLES,
    Refusal,
    Situation,
    choose_recipient,
    offered_drafts,
)
from plans.rules import MAX_FOLLOW_UPS, follow_ups_allowed, follow_ups_left
from plans.words import TIME_TO_CLOSE, Reason, refusal_words

from .drafts import render_draft
from .models import Draft


class DraftRefused(Exception):
    """A guardrail said no: the words say why, for the page; ``reason`` is the value
    pages decide on; ``ready_on`` is the day a message held back becomes sendable."""

    def __init__(self, words, *, reason=Reason.NOT_OFFERED, ready_on=None):
        super().__init__(words)
        self.reason = reason
        self.ready_on = ready_on if reason == Reason.NOT_YET_DUE else None

    @property
    def time_to_close(self):
        return self.reason in TIME_TO_CLOSE


def company_contacts(application):
    return list(Contact.objects.filter(owner=application.owner, company__iexact=application.company))


def reachable(contacts):
    return [c for c in contacts if c.reachable_for_outreach]


def _today(application):
    return timezone.now().astimezone(application.owner.zoneinfo).date()


def situation_for(application):
    """What the playbook needs to know about this application today."""
    return situations_for([application], owner=application.owner)[application.pk]


def latest_interviews(application_ids):
    """Each application's latest interview (``Application.latest_interview``), with its
    interviewers, by application id: two queries."""
    latest = (
        Interview.objects.filter(application=OuterRef("application_id"))
        .order_by("-starts_at", "-pk")
        .values("pk")[:1]
    )
    return {
        i.application_id: i
        for i in Interview.objects.filter(
            application_id__in=application_ids, pk=Subquery(latest)
        ).prefetch_related("interviewers")
    }


def latest_records(applications, *, interviews=None):
    """What the situations and the progress strips read of these applications, in four
    queries however many there are: each one's latest interview with its interviewers
    (``latest_interviews``), all its follow-ups as (contact id, happened at, id, channel),
    and per interview the people thanked (a sent thank-you's contact id, None when it
    named nobody). Today reads its strips and its offers from these. ``interviews``: the
    latest interviews (with interviewers prefetched) when the caller has them."""
    ids = [a.pk for a in applications]
    if interviews is None:
        interviews = latest_interviews(ids)
    follow_ups = defaultdict(list)
    for application_id, contact_id, happened_at, pk, channel in FollowUp.objects.filter(
        application_id__in=ids
    ).values_list("application_id", "contact_id", "happened_at", "pk", "channel"):
        follow_ups[application_id].append((contact_id, happened_at, pk, channel))
    thanked = defaultdict(set)
    for interview_id, contact_id in Draft.objects.filter(
        interview_id__in=[i.pk for i in interviews.values()], kind=DraftKind.THANK_YOU, sent_at__isnull=False
    ).values_list("interview_id", "contact_id"):
        thanked[interview_id].add(contact_id)
    return interviews, follow_ups, thanked


def situations_for(applications, *, owner, records=None, now=None):
    """``situation_for`` for many of one owner's applications at once, in a fixed
    number of queries however many there are (Today lists several).

    ``records`` is what ``latest_records`` read of them, when the caller already has it.
    """
    owners = {owner.pk: owner}
    return _records_for_situations(applications, owners=owners, records=records, now=now).situations


class _SituationRecords:
    """What the situations were worked out from, kept for writing drafts from the same
    records: the reachable people at each owner's companies (``by_company``, keyed by
    owner id and lower-cased company), each owner's network, each application's
    follow-ups as (contact id, happened at, id, channel)."""

    def __init__(self):
        self.situations = {}
        self.by_company = defaultdict(list)
        self.network = defaultdict(list)
        self.follow_ups = defaultdict(list)


def _records_for_situations(applications, *, owners, records=None, interviews=None, now=None):
    """The situations of applications of these owners (by id; each application's
    ``owner_id`` among them), in two queries whatever their number, plus those of
    ``latest_records`` unless its ``records`` are given."""
    applications = list(applications)
    if records is None:
        records = latest_records(applications, interviews=interviews)
    interviews, read_follow_ups, thanked = records
    records = _SituationRecords()
    companies = {a.company.lower() for a in applications}
    wanted = {(a.owner_id, a.company.lower()) for a in applications}
    by_company, network = records.by_company, records.network
    # The people at these companies and the users' networks, in one query.
    for contact in (
        Contact.objects.filter(owner_id__in=owners)
        .annotate(lower_company=Lower("company"))
        .filter(Q(lower_company__in=companies) | Q(role=ContactRole.NETWORK))
    ):
        if contact.role == ContactRole.NETWORK:
            network[contact.owner_id].append(contact)
        if (contact.owner_id, contact.lower_company) in wanted and contact.reachable_for_outreach:
            by_company[contact.owner_id, contact.lower_company].append(contact)
    follow_ups = records.follow_ups
    follow_ups.update(read_follow_ups)
    with_letters = set(
        Letter.objects.filter(owner_id__in=owners).order_by().values_list("owner_id", flat=True).distinct()
    )
    now = now or timezone.now()
    for application in applications:
        owner = owners[application.owner_id]
        interview = interviews.get(application.pk)
        contacts = by_company[owner.pk, application.company.lower()]
        written_to = set()
        follow_ups_made = 0
        to_thank: tuple[int | None, ...] = ()
        if interview:
            since = [(c, at) for c, at, _, _ in follow_ups[application.pk] if at >= interview.starts_at]
            written_to = {c for c, _ in since if c is not None}
            follow_ups_made = len(since)
            sent = thanked[interview.pk]
            people = [c.pk for c in interview.interviewers.all() if c.reachable_for_outreach]
            if people:
                to_thank = tuple(pk for pk in people if pk not in sent)
            elif not sent:
                to_thank = (None,)
        managers = [c for c in contacts if c.role in MANAGER_ROLES]
        owners_network = network[owner.pk]
        records.situations[application.pk] = Situation(
            rapport=interview.rapport if interview else "",
            step=application.next_step,
            follow_ups_left=follow_ups_left(interview.rapport, follow_ups_made)
            if interview
            else MAX_FOLLOW_UPS,
            interviewed=bool(interview) and interview.starts_at <= now,
            interview_ahead=bool(interview) and interview.starts_at > now,
            today=now.astimezone(owner.zoneinfo).date(),
            due_on=application.next_due_on,
            interview_day=interview.starts_at.astimezone(owner.zoneinfo).date() if interview else None,
            follow_ups_made=follow_ups_made,
            to_thank=to_thank,
            unwritten_manager=any(c.pk not in written_to for c in managers),
            has_skills=bool(owner.skills_summary.strip()),
            roles=frozenset(c.role for c in contacts),
            has_letter=owner.pk in with_letters,
            has_influential_referrer=any(
                c.influence in INFLUENTIAL and c.agreed_to_recommend and c.reachable_for_outreach
                for c in owners_network
            ),
            has_network_contact=any(c.reachable_for_outreach for c in owners_network),
        )
    return records


def drafts_offered(application):
    """(offers, refusals) for this application today; a closed one is offered nothing."""
    if application.status in Status.closed():
        return [], [Refusal(DraftKind.STATUS_REQUEST, Reason.CLOSED)]
    return offered_drafts(situation_for(application))


def best_letter(owner, application):
    """The letter about this kind of work first (the same test as the draft's claim that
    it "speaks to this kind of work"), then the one sharing most work words, then the newest."""
    return pick_letter(Letter.objects.filter(owner=owner), application)


def pick_letter(letters, application):
    """``best_letter`` among these letters (the owner's, read by the caller)."""
    role_words = work_words(application.role)
    return max(
        letters,
        key=lambda letter: (
            letter_matches_role(letter.job_kind, application.role),
            len(role_words & work_words(letter.job_kind)),
            letter.uploaded_at,
        ),
        default=None,
    )


def best_referrer(owner, *, agreed=False):
    """The most influential reachable network contact; with ``agreed``, only one who
    said yes to speaking to the user's work."""
    return pick_referrer(Contact.objects.filter(owner=owner, role=ContactRole.NETWORK), agreed=agreed)


def pick_referrer(network, *, agreed=False):
    """``best_referrer`` among these network contacts (the owner's, read by the caller)."""
    network = [c for c in network if c.reachable_for_outreach and (c.agreed_to_recommend or not agreed)]
    rank = {"high": 0, "medium": 1, "low": 2, "": 3}
    return min(network, key=lambda c: (rank.get(c.influence, 3), c.name), default=None)


def _refused(reason, **words):
    return DraftRefused(refusal_words(reason, **words), reason=reason, ready_on=words.get("ready_on"))


@transaction.atomic
def draft_open(*, application, kind, contact_id=None):
    """The unsent draft of this kind for the latest interview, written now if new.

    A thank-you is one per interviewer: ``contact_id`` says for whom (the first
    person still to thank when not given).
    """
    offers, refusals = drafts_offered(application)
    fitting = [offer for offer in offers if offer.kind == kind]
    if contact_id is not None:
        fitting = [offer for offer in fitting if offer.contact_id == contact_id]
    if not fitting:
        refusal = next((r for r in refusals if r.kind == kind), None)
        raise DraftRefused(
            refusal.why if refusal else refusal_words(Reason.NOT_OFFERED),
            reason=refusal.reason if refusal else Reason.NOT_OFFERED,
        )
    return _draft_for_offer(application=application, offer=fitting[0])


def _draft_for_offer(*, application, offer):
    """The unsent draft for this offer (see ``draft_open``), written now if new."""
    interview = application.latest_interview()
    unsent = Draft.objects.filter(
        application=application, interview=interview, kind=offer.kind, sent_at__isnull=True
    )
    if offer.contact_id is not None:
        unsent = unsent.filter(contact_id=offer.contact_id)
    existing = unsent.first()
    if existing:
        return existing
    owner = application.owner
    draft = _new_draft(
        application=application,
        interview=interview,
        offer=offer,
        company=lambda: company_contacts(application),
        letters=lambda: Letter.objects.filter(owner=owner),
        network=lambda: Contact.objects.filter(owner=owner, role=ContactRole.NETWORK),
    )
    draft.save()
    return draft


def _new_draft(*, application, interview, offer, company, letters, network, **known):
    """A new draft for this offer, not saved yet: its recipient, letter and referrer
    chosen and its text written. The one place these choices are made, for the draft
    page and the reminder email alike. ``company`` (the people at the application's
    company), ``letters`` and ``network`` (the owner's) are called only when needed;
    ``known`` is what ``render_draft`` may be given instead of reading it."""
    kind = offer.kind
    owner = application.owner
    if offer.contact_id is not None:
        contact = Contact.objects.get(owner=owner, pk=offer.contact_id)
    elif kind == DraftKind.RECOMMENDATION_REQUEST:
        contact = pick_referrer(network())
    else:
        recipient = choose_recipient(reachable(company()), kind, phone=kind == DraftKind.CALL_SCRIPT)
        contact = recipient.contact if recipient else None
    letter = referrer = None
    if kind == DraftKind.RECOMMENDATION_ENCLOSURE:
        letter = pick_letter(letters(), application)
        if not letter:
            referrer = pick_referrer(network(), agreed=True)
    draft = Draft(
        application=application,
        interview=interview,
        kind=kind,
        contact=contact,
        letter=letter,
        referrer=referrer,
    )
    draft.subject, draft.body = write(draft, **known)
    return draft


def write(draft, **known):
    """The draft's subject and body as written from the records (``render_draft``)."""
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
        **known,
    )


def send_refused(draft, *, channel=FollowUpChannel.EMAIL):
    """Why this draft cannot be recorded as sent today on this channel (a DraftRefused), or None."""
    application = draft.application
    reason = send_refusal(
        kind=draft.kind,
        already_sent=bool(draft.sent_at),
        contact_reachable=draft.contact is None or draft.contact.reachable_for_outreach,
        emailed_without_address=channel == FollowUpChannel.EMAIL
        and not (draft.contact and draft.contact.work_email),
        follow_ups_left=application.follow_ups_left,
        due_on=application.next_due_on,
        today=_today(application),
    )
    if reason is None:
        return None
    interview = application.latest_interview()
    return _refused(
        reason,
        ready_on=application.next_due_on,
        follow_ups_allowed=follow_ups_allowed(interview.rapport if interview else ""),
    )


def draft_held_until(draft):
    """The day this unsent draft may go, while that day is still ahead; else None.
    The draft page shows it as a preview for that day."""
    if draft.sent_at:
        return None
    application = draft.application
    return held_until(kind=draft.kind, due_on=application.next_due_on, today=_today(application))


def _record_send(draft, *, channel, outcome=""):
    """Record the send under a lock on the application, so that two presses of the
    button, or two tabs at once, record one follow-up and never pass the limit."""
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=draft.application_id).first()
        fresh = Draft.objects.select_related("application__owner", "contact").get(pk=draft.pk)
        refusal = send_refused(fresh, channel=channel)
        if refusal:
            raise refusal
        now = timezone.now()
        if fresh.kind in COUNTS_AS_FOLLOW_UP:
            fresh.follow_up = follow_up_record(
                application=fresh.application,
                channel=channel,
                contact=fresh.contact,
                happened_at=now,
                call_outcome=outcome,
            )
        fresh.sent_at = now
        fresh.save(update_fields=["sent_at", "follow_up", "updated_at"])
    draft.sent_at, draft.follow_up = fresh.sent_at, fresh.follow_up
    return draft


def draft_mark_sent(*, draft):
    return _record_send(draft, channel=FollowUpChannel.EMAIL)


def draft_log_call(*, draft, outcome):
    """A call instead of the message. It counts as a follow-up only where the message would."""
    return _record_send(draft, channel=FollowUpChannel.CALL, outcome=outcome)


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


# --- The reminder email's message and its one-click answers (issue 15) --------------------


def reminder_offer(offers):
    """The message a reminder carries: the first ready offer that asks for news in writing
    (a call script has no message to send; a thank-you is not what the step is about)."""
    return next(
        (
            offer
            for offer in offers
            if offer.ready and offer.kind in COUNTS_AS_FOLLOW_UP and offer.kind != DraftKind.CALL_SCRIPT
        ),
        None,
    )


def reminder_draft(*, application):
    """The draft the email carries for the plan's step: the very one the draft page
    shows (``draft_open``: the user's unsent draft of that kind, or written now), so
    recipient, subject and body are exactly the page's. None at the move-on step or
    when nothing is ready."""
    with transaction.atomic():
        return reminder_drafts([application])[application.pk]


def reminder_drafts(applications, *, interviews=None):
    """``reminder_draft`` for many applications at once, of one owner or several (a
    send batch holds many users' mornings), in a fixed number of queries however many
    there are: the situations together, the unsent drafts in one query, and the
    missing ones written as the draft page writes them (``_new_draft``, from the same
    records) and stored with one insert. Each application's owner must be loaded with
    it (``select_related``). Call it inside a transaction.

    ``interviews`` maps an application's id to its latest interview, with its
    interviewers prefetched, when the caller has them. Returns a draft or None by
    application id.
    """
    applications = list({a.pk: a for a in applications}.values())
    drafts = dict.fromkeys((a.pk for a in applications), None)
    asking = [a for a in applications if a.next_step in (Step.FIRST, Step.FINAL) and not a.is_closed]
    if not asking:
        return drafts
    if interviews is None:
        interviews = latest_interviews([a.pk for a in asking])
    owners = {a.owner_id: a.owner for a in asking}
    records = _records_for_situations(asking, owners=owners, interviews=interviews)
    offers = {}
    for application in asking:
        offer = reminder_offer(offered_drafts(records.situations[application.pk])[0])
        if offer is not None:
            offers[application.pk] = offer
    if not offers:
        return drafts
    # What _draft_for_offer's query finds, for every offer at once: the newest unsent
    # draft of the offer's kind for the latest interview (and its person, if it names one).
    unsent = defaultdict(list)
    for draft in (
        Draft.objects.filter(
            application_id__in=offers,
            kind__in={offer.kind for offer in offers.values()},
            sent_at__isnull=True,
        )
        .select_related("contact")
        .order_by("-updated_at", "-pk")
    ):
        unsent[draft.application_id, draft.interview_id, draft.kind].append(draft)
    written = []
    letters = _LettersOf(owners)
    for application in asking:
        offer = offers.get(application.pk)
        if offer is None:
            continue
        interview = interviews.get(application.pk)
        found = unsent[application.pk, interview.pk if interview else None, offer.kind]
        if offer.contact_id is not None:
            found = [d for d in found if d.contact_id == offer.contact_id]
        if found:
            drafts[application.pk] = found[0]
            continue
        owner_id = application.owner_id
        written.append(
            _new_draft(
                application=application,
                interview=interview,
                offer=offer,
                company=partial(lambda key: records.by_company[key], (owner_id, application.company.lower())),
                letters=partial(letters.of, owner_id),
                network=partial(lambda key: records.network[key], owner_id),
                interviewer_ids={c.pk for c in interview.interviewers.all()} if interview else set(),
                follow_ups=[
                    FollowUp(
                        pk=pk, application=application, contact_id=contact_id, happened_at=at, channel=channel
                    )
                    for contact_id, at, pk, channel in records.follow_ups[application.pk]
                ],
            )
        )
    for draft in Draft.objects.bulk_create(written):
        drafts[draft.application_id] = draft
    return drafts


class _LettersOf:
    """These owners' letters, read in one query the first time one is asked for."""

    def __init__(self, owners):
        self.owners = owners

    @cached_property
    def _by_owner(self):
        by_owner = defaultdict(list)
        for letter in Letter.objects.filter(owner_id__in=self.owners):
            by_owner[letter.owner_id].append(letter)
        return by_owner

    def of(self, owner_id):
        return self._by_owner[owner_id]


class AnswerDone(Exception):
    """This reminder was already answered (``answer`` says how)."""

    def __init__(self, answer):
        super().__init__(answer)
        self.answer = answer


class AnswerExpired(Exception):
    """The plan has moved past the reminder's step (or the application closed)."""


class AnswerNeedsReview(Exception):
    """The message has wording to look at first; that happens on the draft page."""


def answer_expired(reminder):
    """Whether the plan has left the step this reminder was about."""
    application = reminder.application
    return application.is_closed or application.next_key != reminder.key


def _reply(application, outcome):
    from applications.forms import ReplyForm
    from applications.services import reply_save

    today = timezone.now().astimezone(application.owner.zoneinfo).date()
    form = ReplyForm(
        data={"day": today.isoformat(), "outcome": outcome, "notes": ""},
        application=application,
        owner=application.owner,
    )
    if not form.is_valid():  # our own data: a failure here is a bug, not the user's
        raise ValueError(form.errors.as_json())
    return reply_save(application=application, form=form)


def reminder_answer(*, reminder, answer, call_outcome="", reply_outcome=""):
    """Act on a one-click answer from a reminder email, once: through the same service
    as the same action in the app, with its guardrails. Raises AnswerDone when the
    reminder was already answered, AnswerExpired when the plan has left its step,
    DraftRefused when a guardrail says no, SnoozeRefused, AnswerNeedsReview."""
    from applications.services import application_move_on, application_snooze

    from .answers import Answer
    from .models import Reminder

    with transaction.atomic():
        locked = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("application__owner", "owner", "draft")
            .get(pk=reminder.pk)
        )
        if locked.answered_at:
            raise AnswerDone(locked.answer)
        if answer_expired(locked):
            raise AnswerExpired()
        application = locked.application
        draft = locked.draft
        if answer in (Answer.SENT, Answer.CALLED):
            if draft is None:
                raise _refused(Reason.NOT_OFFERED)
            draft = Draft.objects.select_related("application__owner", "contact").get(pk=draft.pk)
            if answer == Answer.SENT:
                from .drafts import draft_findings

                if draft_findings(draft.subject, draft.body)[0]:
                    raise AnswerNeedsReview()
                draft_mark_sent(draft=draft)
            else:
                draft_log_call(draft=draft, outcome=call_outcome)
        elif answer == Answer.REPLIED:
            _reply(application, reply_outcome)
        elif answer == Answer.NOT_SELECTED:
            _reply(application, ReplyOutcome.NO)
        elif answer == Answer.SNOOZE:
            application_snooze(application=application)
        elif answer == Answer.MOVED_ON:
            application_move_on(application=application)
        else:
            raise ValueError(answer)
        Reminder.objects.filter(pk=locked.pk).update(answer=answer, answered_at=timezone.now())
    reminder.answer = answer
    return application
