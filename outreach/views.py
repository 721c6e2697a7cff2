from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.signals import profile_changed
from applications.models import Contact
from applications.selectors import application_of, plan_explanation
from freshness import cache as freshness
from plans.choices import DraftKind
from plans.offers import COUNTS_AS_FOLLOW_UP, GUIDE_SECTION, recommended, working_hours, working_hours_change

from . import services, today
from .drafts import draft_findings, mailto_link
from .emails import email_key_from_unsubscribe_token
from .forms import CallForm, DraftForm, MarkSentForm, RecipientForm, has_recipient
from .models import Draft


def _application(request, application_id):
    return application_of(request.user, application_id)


def _draft(request, draft_id):
    return get_object_or_404(
        Draft.objects.select_related("application__owner", "contact", "interview", "letter", "referrer"),
        pk=draft_id,
        application__owner=request.user,
    )


@login_required
def dashboard(request):
    """Today: what is due, each with one button; then what the user waits for; then what closed."""
    return render(request, "applications/dashboard.html", today.page(request))


@login_required
def draft_list(request, application_id):
    application = _application(request, application_id)
    offers, refusals = services.drafts_offered(application)
    best = recommended(offers)
    people = dict(
        Contact.objects.filter(
            owner=request.user, pk__in=[o.contact_id for o in offers if o.contact_id]
        ).values_list("pk", "name")
    )
    interview = application.latest_interview()
    ctx = {
        "application": application,
        "plan_words": plan_explanation(application, interview),
        "offers": [
            (offer, DraftKind(offer.kind).label, GUIDE_SECTION[offer.kind], people.get(offer.contact_id, ""))
            for offer in offers
        ],
        "recommended": best,
        "refusals": [(refusal, DraftKind(refusal.kind).label) for refusal in refusals],
        "sent": application.drafts.filter(sent_at__isnull=False).order_by("-sent_at"),
    }
    return render(request, "outreach/draft_list.html", ctx)


@login_required
@require_POST
def draft_open(request, application_id, kind):
    application = _application(request, application_id)
    if kind not in DraftKind.values:
        return render(
            request,
            "outreach/refused.html",
            {"application": application, "why": "There is no such kind of message."},
            status=404,
        )
    contact_id = request.POST.get("contact", "")
    try:
        draft = services.draft_open(
            application=application, kind=kind, contact_id=int(contact_id) if contact_id.isdigit() else None
        )
    except services.DraftRefused as refusal:
        return render(
            request, "outreach/refused.html", {"application": application, "why": str(refusal)}, status=409
        )
    return redirect(draft)


def _draft_parts(
    request,
    draft,
    form,
    *,
    now=None,
    csrf_token=None,
    sent_form=None,
    call_form=None,
    recipient_form=None,
    refusal=None,
    confirm_rewrite=False,
):
    tone, jargon = draft_findings(draft.subject, draft.body)
    if "contact" in form.fields:
        # Read the recipients once: the page asks whether there are any, then lists them.
        list(form.fields["contact"].queryset)
    application = draft.application
    zone = application.company_time_zone or application.owner.time_zone
    is_open, next_open = working_hours(now or timezone.now(), zone)
    is_call = draft.kind == DraftKind.CALL_SCRIPT
    reachable = has_recipient(draft)
    ctx = {
        "draft": draft,
        "application": application,
        "form": form,
        "sent_form": sent_form or MarkSentForm(),
        "call_form": call_form or CallForm(),
        "recipient_form": recipient_form or RecipientForm(draft=draft),
        "has_recipient": reachable,
        "tone": tone,
        "jargon": jargon,
        "refusal": refusal,
        "confirm_rewrite": confirm_rewrite,
        # No address, no link: a mailto: without one would open an anonymous message.
        "mailto": mailto_link(draft.contact.work_email, draft.subject, draft.body)
        if reachable and not is_call
        else "",
        "interview_notes": draft.interview.notes.strip() if draft.interview else "",
        "guide_section": GUIDE_SECTION[draft.kind],
        "counts": draft.kind in COUNTS_AS_FOLLOW_UP,
        "follow_ups_left": application.follow_ups_left,
        "is_call": is_call,
        "hours_open": is_open,
        "hours_next": next_open,
        "hours_zone": zone,
        # A message that asks for news, before its day: a preview, with no way to send it yet.
        "held_until": services.draft_held_until(draft),
    }
    if csrf_token:
        ctx["csrf_token"] = csrf_token
    html = {
        "title": escape(f"{draft.get_kind_display()} — {application}"),  # every part is HTML
        "content": render_to_string("outreach/_draft.html", ctx, request=request),
    }
    # When this page reads differently with nothing changed: a call script's
    # "working hours now" line turns.
    return freshness.Drawn(html, changes_at=working_hours_change(now, zone) if is_call and now else None)


def _draft_page(request, draft, form, *, status=200, **options):
    """The draft page drawn for this request: after a post (an error to show, a
    rewrite to confirm), with what the user typed."""
    drawn = _draft_parts(request, draft, form, **options)
    return render(request, "outreach/draft_detail.html", drawn.parts, status=status)


def _draft_page_kept(request, draft_id):
    """The draft page as it is now, kept ready while it would read the same."""

    def draw(now):
        draft = _draft(request, draft_id)
        return _draft_parts(
            request, draft, DraftForm(instance=draft), now=now, csrf_token=freshness.CSRF_MARK
        )

    page = freshness.part(request, "draft", draw, parts=(draft_id,))
    return render(request, "outreach/draft_detail.html", page)


def _edits(request, draft_id):
    """The page's edit form bound to what was posted, on its own copy of the draft
    (binding changes the instance; the services compare with the stored one)."""
    return DraftForm(request.POST, instance=_draft(request, draft_id))


def _save_edits(draft, form, **options):
    data = form.cleaned_data
    return services.draft_update(
        draft=draft,
        subject=data.get("subject", draft.subject),
        body=data["body"],
        # A field left out of the post (an older page, a script) changes nothing.
        contact=data.get("contact") if "contact" in form.data else draft.contact,
        letter=data.get("letter") if "letter" in form.data else draft.letter,
        personal_detail=data.get("personal_detail"),
        **options,
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft_detail(request, draft_id):
    if request.method == "POST":
        draft = _draft(request, draft_id)
        form = _edits(request, draft_id)
        if not form.is_valid():
            return _draft_page(request, draft, form, status=400)
        confirmed = "confirm_rewrite" in request.POST
        update = _save_edits(
            draft, form, rewrite="rewrite" in request.POST or confirmed, confirm_rewrite=confirmed
        )
        if update.needs_confirm:
            return _draft_page(request, draft, DraftForm(instance=draft), confirm_rewrite=True)
        if update.rewritten:
            messages.success(request, "Draft rewritten with your detail.")
        else:
            messages.success(request, "Draft saved.")
        if update.not_carried:
            messages.warning(
                request,
                "You had edited the lines that name the recipient or the letter, so they were left as "
                "you wrote them. Check the greeting and the letter's sentence before sending.",
            )
        return redirect(draft)
    return _draft_page_kept(request, draft_id)


@login_required
@require_POST
def draft_recipient_add(request, draft_id):
    """Someone to write to, added from the draft page; the user's text comes along."""
    draft = _draft(request, draft_id)
    form = _edits(request, draft_id)
    recipient_form = RecipientForm(request.POST, draft=draft)
    if not (form.is_valid() and recipient_form.is_valid()):
        return _draft_page(request, draft, form, status=400, recipient_form=recipient_form)
    contact, update = services.add_recipient(
        draft=draft,
        subject=form.cleaned_data.get("subject", draft.subject),
        body=form.cleaned_data["body"],
        **recipient_form.cleaned_data,
    )
    messages.success(request, f"{contact.name} added. The draft now goes to them.")
    if update.not_carried:
        messages.warning(request, "You had edited the greeting, so it was left as you wrote it: check it.")
    return redirect(draft)


def _save_posted_edits(request, draft):
    """Sending or logging a call from the page saves the text on the page first
    (it is what the user sent); None, or the page answering a bad form."""
    if "body" not in request.POST:
        return None
    form = _edits(request, draft.pk)
    if not form.is_valid():
        return form
    _save_edits(draft, form)
    return None


@login_required
@require_POST
def draft_sent(request, draft_id):
    draft = _draft(request, draft_id)
    sent_form = MarkSentForm(request.POST)
    sent_form.is_valid()
    bad = _save_posted_edits(request, draft)
    if bad:
        return _draft_page(request, draft, bad, status=400, sent_form=sent_form)
    tone, _ = draft_findings(draft.subject, draft.body)
    if tone and not sent_form.cleaned_data.get("reviewed_tone"):
        sent_form.add_error(
            None,
            "Some wording may come across badly (see the notes). "
            "Edit the draft, or tick the box to send it as it is. Your text is saved.",
        )
        return _draft_page(request, draft, DraftForm(instance=draft), status=400, sent_form=sent_form)
    try:
        services.draft_mark_sent(draft=draft)
    except services.DraftRefused as refusal:
        return _draft_page(request, draft, DraftForm(instance=draft), status=409, refusal=refusal)
    messages.success(
        request, "Marked as sent. The plan has moved on." if draft.follow_up else "Marked as sent."
    )
    return redirect(draft.application)


@login_required
@require_POST
def draft_call(request, draft_id):
    draft = _draft(request, draft_id)
    call_form = CallForm(request.POST)
    if not call_form.is_valid():
        form = _edits(request, draft_id) if "body" in request.POST else DraftForm(instance=draft)
        return _draft_page(request, draft, form, status=400, call_form=call_form)
    bad = _save_posted_edits(request, draft)
    if bad:
        return _draft_page(request, draft, bad, status=400, call_form=call_form)
    try:
        services.draft_log_call(draft=draft, outcome=call_form.cleaned_data["outcome"])
    except services.DraftRefused as refusal:
        return _draft_page(request, draft, DraftForm(instance=draft), status=409, refusal=refusal)
    messages.success(request, "Call logged. The plan has moved on.")
    return redirect(draft.application)


def guide(request):
    return render(request, "outreach/guide.html")


@csrf_exempt  # RFC 8058: mail clients POST here without a session; the signed token is the proof.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click, no sign-in: stop reminder and digest emails for the signed user."""
    try:
        email_key = email_key_from_unsubscribe_token(token)
    except signing.SignatureExpired:
        return render(request, "outreach/unsubscribe_invalid.html", {"expired": True}, status=410)
    except signing.BadSignature:
        return render(request, "outreach/unsubscribe_invalid.html", status=400)
    user = get_user_model().objects.filter(email_key=email_key).first()
    if user is None:
        return render(request, "outreach/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        changed = {name for name in ("reminders_enabled", "digest_enabled") if getattr(user, name)}
        user.reminders_enabled = user.digest_enabled = False
        user.save(update_fields=["reminders_enabled", "digest_enabled"])
        if changed:
            profile_changed.send(sender=type(user), user=user, changed=changed)
        if request.user.is_authenticated:
            messages.success(request, "Reminder emails are off.")
        return render(request, "outreach/unsubscribed.html", {"email": user.email})
    return render(request, "outreach/unsubscribe.html", {"email": user.email, "token": token})


# --- One-click answers from a reminder email (issue 15) ------------------------------------


def _answer_page(request, template, ctx, *, status=200):
    """A page reached from an email without signing in: never cached, never indexed,
    and its address (which holds the token) never sent on as a referrer."""
    response = render(request, template, ctx, status=status)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _answer_reminder(token):
    """(reminder, answer) for a genuine token, or (None, why) for any other."""
    from .answers import BadToken, claimed_reminder_id, verify
    from .models import Reminder

    try:
        reminder_id, _ = claimed_reminder_id(token)
        reminder = (
            Reminder.objects.select_related("application__owner", "owner", "draft")
            .filter(pk=reminder_id, owner__is_active=True)
            .first()
        )
        if reminder is None:
            raise BadToken
        return reminder, verify(token, reminder)
    except BadToken as bad:
        return None, "expired" if bad.expired else "invalid"


# The signed token is the proof, as for unsubscribe: anyone who can post here holds it.
# And the page sends no referrer (its address holds the token), so browsers post its
# form with "Origin: null", which Django's CSRF check would refuse.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def reminder_answer(request, token):
    """A one-click answer from a reminder email. The GET only shows what will happen
    (mail scanners and link previews fetch every link); the POST acts, once, through
    the same service as the app. Shows nothing but the application's company and role."""
    from accounts.limits import public_page_limited
    from applications.choices import CallOutcome, ReplyOutcome
    from applications.services import SnoozeRefused
    from plans.rules import snoozed_day

    from .answers import Answer

    limited = public_page_limited(request, "email_answer")
    if limited:
        return limited
    reminder, answer = _answer_reminder(token)
    if reminder is None:
        return _answer_page(
            request,
            "outreach/answer_invalid.html",
            {"expired": answer == "expired"},
            status=410 if answer == "expired" else 404,
        )
    application = reminder.application
    owner = reminder.owner
    today = timezone.now().astimezone(owner.zoneinfo).date()
    ctx = {
        "company": application.company,
        "role": application.role,
        "answer": answer,
        "label": Answer(answer).label,
        "snooze_to": snoozed_day(today),
        "call_outcomes": CallOutcome.choices,
        "reply_outcomes": [(v, lbl) for v, lbl in ReplyOutcome.choices if v != ReplyOutcome.NO],
    }
    if reminder.answered_at:
        done = Answer(reminder.answer).label if reminder.answer in Answer.values else ""
        return _answer_page(request, "outreach/answer_done.html", {**ctx, "done": done, "already": True})
    if services.answer_expired(reminder):
        return _answer_page(request, "outreach/answer_done.html", {**ctx, "moved_past": True}, status=410)
    if request.method == "GET":
        return _answer_page(request, "outreach/answer_confirm.html", ctx)
    call_outcome = request.POST.get("call_outcome", "")
    reply_outcome = request.POST.get("reply_outcome", ReplyOutcome.OTHER)
    if (answer == Answer.CALLED and call_outcome not in CallOutcome.values) or (
        answer == Answer.REPLIED and reply_outcome not in dict(ctx["reply_outcomes"])
    ):
        ctx["error"] = "Please choose one of the options below."
        return _answer_page(request, "outreach/answer_confirm.html", ctx, status=400)
    try:
        services.reminder_answer(
            reminder=reminder, answer=answer, call_outcome=call_outcome, reply_outcome=reply_outcome
        )
    except services.AnswerDone as done:
        label = Answer(done.answer).label if done.answer in Answer.values else ""
        return _answer_page(request, "outreach/answer_done.html", {**ctx, "done": label, "already": True})
    except services.AnswerExpired:
        return _answer_page(request, "outreach/answer_done.html", {**ctx, "moved_past": True}, status=410)
    except services.AnswerNeedsReview:
        ctx["error"] = (
            "Some wording in this message may come across badly. Review it on the draft page first."
        )
        return _answer_page(request, "outreach/answer_confirm.html", {**ctx, "review": True}, status=409)
    except (services.DraftRefused, SnoozeRefused) as refusal:
        ctx["error"] = str(refusal)
        return _answer_page(request, "outreach/answer_confirm.html", {**ctx, "refused": True}, status=409)
    application.refresh_from_db(fields=["next_due_on", "next_step", "status"])
    return _answer_page(
        request,
        "outreach/answer_done.html",
        {**ctx, "done": Answer(answer).label, "due_on": application.next_due_on},
    )
