import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_http_methods, require_POST

from freshness import cache as freshness

from . import selectors, services, stats
from .choices import ContactRole, Status
from .forms import (
    ApplicationForm,
    ContactForm,
    FollowUpForm,
    InterviewerRows,
    InterviewForm,
    InterviewLogForm,
    LetterForm,
    MoveOnForm,
    OpportunityForm,
    ReplyForm,
)
from .models import Contact, FollowUp, Letter, Opportunity, Reply

log = logging.getLogger(__name__)

PAGE_SIZE = 50
# The dashboard boxes a list can be narrowed to (see selectors.dashboard_sections).
SHOW_LABELS = {
    "overdue": "Overdue follow-ups",
    "due_today": "Follow-ups due today",
    "upcoming": "Follow-ups in the next seven days",
    "no_date_given": "No date given",
    "let_go": "Time to let go",
}


# --- One access helper per model: strangers get 404 ----------------------------
def _application(request, application_id):
    return selectors.application_of(request.user, application_id)


def _interview(request, interview_id):
    return selectors.interview_of(request.user, interview_id)


def _follow_up(request, follow_up_id):
    return get_object_or_404(
        FollowUp.objects.select_related("application__owner"),
        pk=follow_up_id,
        application__owner=request.user,
    )


def _reply(request, reply_id):
    return get_object_or_404(
        Reply.objects.select_related("application__owner"), pk=reply_id, application__owner=request.user
    )


def _contact(request, contact_id):
    return get_object_or_404(Contact, pk=contact_id, owner=request.user)


def _letter(request, letter_id):
    return get_object_or_404(Letter, pk=letter_id, owner=request.user)


def _opportunity(request, opportunity_id):
    return get_object_or_404(Opportunity, pk=opportunity_id, owner=request.user)


# --- Shared page shapes -----------------------------------------------------------
def _form_page(request, form, *, title, cancel_url, save, done, intro="", context=None):
    """Show ``form``; on a valid POST run ``save``, say ``done`` and go to the saved record's page.

    A rejected POST answers 400 with the form, the errors and everything typed.
    """
    if request.method == "POST" and form.is_valid():
        next_url = save()
        messages.success(request, done)
        return redirect(next_url)
    ctx = {
        "form": form,
        "title": title,
        "cancel_url": cancel_url,
        "intro": intro,
        "multipart": form.is_multipart(),
        **(context or {}),
    }
    return render(request, "applications/form.html", ctx, status=400 if form.is_bound else 200)


def _delete_page(request, *, what, description, cancel_url, delete, done_url):
    """A confirmation page; the POST from it deletes."""
    if request.method == "POST":
        delete()
        messages.success(request, f"{what} deleted.")
        return redirect(done_url)
    ctx = {"what": what, "description": description, "cancel_url": cancel_url}
    return render(request, "applications/confirm_delete.html", ctx)


def _owned_form(request, form_class, *, back, title, done, instance=None, initial=None, intro=""):
    """Create or edit one of the user's own records, then go back to the list ``back``."""
    data, files = _bound(request)
    form = form_class(data, files, owner=request.user, instance=instance, initial=initial)
    return _form_page(
        request,
        form,
        title=title,
        intro=intro,
        cancel_url=reverse(back),
        save=lambda: form.save() and reverse(back),
        done=done,
    )


def _bound(request):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


# --- Home and dashboard ---------------------------------------------------------------
def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home.html")


@login_required
def pipeline(request):
    periods = stats.pipelines_for(user=request.user)
    ctx = {"periods": [(period, stats.bar_chart(period.stage_counts)) for period in periods]}
    return render(request, "applications/pipeline.html", ctx)


# --- Applications ------------------------------------------------------------------
@login_required
def application_list(request):
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    query = request.GET.get("q", "").strip()[:200]
    show = request.GET.get("show", "")
    if show not in SHOW_LABELS:
        show = ""
    number = request.GET.get("page", "")

    def draw(now):
        applications = selectors.application_list(user=request.user, status=status, query=query, show=show)
        ctx = {
            "page": Paginator(applications, PAGE_SIZE).get_page(number),
            "status": status,
            "query": query,
            "show": show,
            "show_label": SHOW_LABELS.get(show, ""),
            "statuses": Status.choices,
            "csrf_token": freshness.CSRF_MARK,
        }
        html = {"content": render_to_string("applications/_applications.html", ctx, request=request)}
        return freshness.Drawn(html)

    # The list reads only dates (due, overdue, snoozed): it changes with the day alone.
    page = freshness.part(request, "applications", draw, parts=(status, query, show, number))
    return render(request, "applications/application_list.html", page)


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request):
    initial = {}
    opportunity_id = request.GET.get("opportunity", "")
    if opportunity_id.isascii() and opportunity_id.isdigit():
        opportunity = _opportunity(request, int(opportunity_id))
        initial = {
            "opportunity": opportunity,
            "company": opportunity.organization,
            "role": opportunity.title,
            "posting_url": opportunity.link,
        }
    data, files = _bound(request)
    form = ApplicationForm(data, owner=request.user, initial=initial)
    return _form_page(
        request,
        form,
        title="Log an application",
        intro="One application per job opening. Add its interviews next.",
        cancel_url=reverse("application_list"),
        save=lambda: services.application_save(form=form).get_absolute_url(),
        done="Application saved.",
    )


@login_required
def application_detail(request, application_id):
    def draw(now):
        application = _application(request, application_id)
        ctx = {
            "application": application,
            **selectors.application_page(application, now),
            "contacts": Contact.objects.filter(owner=request.user, company__iexact=application.company),
            "csrf_token": freshness.CSRF_MARK,
        }
        html = {
            "title": escape(str(application)),  # every part is HTML
            "content": render_to_string("applications/_application.html", ctx, request=request),
        }
        return freshness.Drawn(html, changes_at=ctx["next_interview_at"])

    page = freshness.part(request, "application", draw, parts=(application_id,))
    return render(request, "applications/application_detail.html", page)


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, application_id):
    application = _application(request, application_id)
    data, files = _bound(request)
    form = ApplicationForm(data, owner=request.user, instance=application)
    return _form_page(
        request,
        form,
        title=f"Edit {application}",
        cancel_url=application.get_absolute_url(),
        save=lambda: services.application_save(form=form).get_absolute_url(),
        done="Application saved.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_delete(request, application_id):
    application = _application(request, application_id)
    return _delete_page(
        request,
        what="Application",
        description=f"{application} with its interviews, follow-ups and replies",
        cancel_url=application.get_absolute_url(),
        delete=lambda: services.record_delete(record=application),
        done_url=reverse("application_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_move_on(request, application_id):
    """Close gracefully, with a short reflection; reminders stop."""
    application = _application(request, application_id)
    form = MoveOnForm(request.POST if request.method == "POST" else None)
    return _form_page(
        request,
        form,
        title=f"Move on from {application}",
        intro="Closing this application takes it off your dashboard and stops its reminders. "
        "A line or two for yourself helps the next interview go better.",
        cancel_url=application.get_absolute_url(),
        save=lambda: services.application_move_on(
            application=application,
            went_well=form.cleaned_data["went_well"],
            next_time=form.cleaned_data["next_time"],
        ).get_absolute_url(),
        done="Closed. On to the next one.",
        context={"application": application},
    )


# --- Interviews, follow-ups and replies on an application -----------------------------
def _record_form(request, application, form_class, *, instance=None, title, done, save):
    data, files = _bound(request)
    form = form_class(data, owner=request.user, application=application, instance=instance)
    return _form_page(
        request,
        form,
        title=title,
        cancel_url=application.get_absolute_url(),
        save=lambda: save(application=application, form=form) and application.get_absolute_url(),
        done=done,
        context={"application": application},
    )


def _record_delete(request, record, *, what):
    """Delete an interview, follow-up or reply of an application; its plan is recomputed."""
    application = record.application
    return _delete_page(
        request,
        what=what,
        description=str(record),
        cancel_url=application.get_absolute_url(),
        delete=lambda: services.record_delete(record=record, application=application),
        done_url=application.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_create(request, application_id):
    application = _application(request, application_id)
    return _record_form(
        request,
        application,
        InterviewForm,
        title=f"Log an interview — {application}",
        done="Interview saved.",
        save=services.interview_save,
    )


ROWS_PREFIX = "interviewers"


def _interview_log_initial(request):
    """What was typed, as the starting values of a fresh page with one more interviewer row
    (the "Add another interviewer" button: nothing is checked, nothing is lost)."""
    form = InterviewLogForm(request.POST, owner=request.user)
    initial = {name: request.POST.get(name, "") for name in form.fields if name != "known_interviewers"}
    initial["known_interviewers"] = [pk for pk in request.POST.getlist("known_interviewers") if pk.isdigit()]
    rows = InterviewerRows(request.POST, prefix=ROWS_PREFIX)
    people = []
    if rows.management_form.is_valid():
        for row in rows.forms:
            people.append({key: row.data.get(row.add_prefix(key), "") for key in row.fields})
    return initial, people


@login_required
@require_http_methods(["GET", "POST"])
def interview_log(request):
    """ "I had an interview": company, role, interview and interviewers on one page."""
    user = request.user
    if request.method == "POST" and "add_interviewer" in request.POST and "save" not in request.POST:
        initial, people = _interview_log_initial(request)
        form = InterviewLogForm(owner=user, initial=initial)
        rows = InterviewerRows(prefix=ROWS_PREFIX, initial=people)
        if rows.forms:
            rows.forms[-1].fields["name"].widget.attrs["autofocus"] = True
        return _interview_log_page(request, form, rows)
    if request.method == "POST":
        form = InterviewLogForm(request.POST, owner=user)
        rows = InterviewerRows(request.POST, prefix=ROWS_PREFIX)
        if form.is_valid() and rows.is_valid():
            people = [row.person for row in rows.forms if row.person]
            interview = services.interview_log(owner=user, form=form, people=people)
            messages.success(request, "Interview saved.")
            return redirect(interview.application)
        return _interview_log_page(request, form, rows, status=400)
    initial = {}
    application_id = request.GET.get("application", "")
    if application_id.isascii() and application_id.isdigit():
        application = _application(request, int(application_id))
        initial = {"company": application.company, "role": application.role}
    form = InterviewLogForm(owner=user, initial=initial)
    return _interview_log_page(request, form, InterviewerRows(prefix=ROWS_PREFIX))


def _interview_log_page(request, form, rows, status=200):
    ctx = {
        "form": form,
        "rows": rows,
        "suggestions": form.open_applications().values_list("company", "role")[:200],
        "title": "I had an interview",
    }
    return render(request, "applications/interview_log.html", ctx, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def interview_edit(request, interview_id):
    interview = _interview(request, interview_id)
    return _record_form(
        request,
        interview.application,
        InterviewForm,
        instance=interview,
        title=f"Edit interview — {interview.application}",
        done="Interview saved.",
        save=services.interview_save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_delete(request, interview_id):
    return _record_delete(request, _interview(request, interview_id), what="Interview")


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_create(request, application_id):
    application = _application(request, application_id)
    return _record_form(
        request,
        application,
        FollowUpForm,
        title=f"Log a follow-up you sent — {application}",
        done="Follow-up logged.",
        save=services.follow_up_save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_edit(request, follow_up_id):
    follow_up = _follow_up(request, follow_up_id)
    return _record_form(
        request,
        follow_up.application,
        FollowUpForm,
        instance=follow_up,
        title=f"Edit follow-up — {follow_up.application}",
        done="Follow-up saved.",
        save=services.follow_up_save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_delete(request, follow_up_id):
    return _record_delete(request, _follow_up(request, follow_up_id), what="Follow-up")


@login_required
@require_http_methods(["GET", "POST"])
def reply_create(request, application_id):
    application = _application(request, application_id)
    return _record_form(
        request,
        application,
        ReplyForm,
        title=f"Log a reply from the company — {application}",
        done="Reply logged.",
        save=services.reply_save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reply_edit(request, reply_id):
    reply = _reply(request, reply_id)
    return _record_form(
        request,
        reply.application,
        ReplyForm,
        instance=reply,
        title=f"Edit reply — {reply.application}",
        done="Reply saved.",
        save=services.reply_save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reply_delete(request, reply_id):
    return _record_delete(request, _reply(request, reply_id), what="Reply")


# --- Contacts -----------------------------------------------------------------------
@login_required
def contact_list(request):
    contacts = Contact.objects.filter(owner=request.user)
    return render(request, "applications/contact_list.html", {"contacts": contacts})


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request):
    initial = {"company": request.GET.get("company", "")[:200]}
    if request.GET.get("role") in ContactRole.values:
        initial["role"] = request.GET["role"]
    return _owned_form(
        request,
        ContactForm,
        back="contact_list",
        initial=initial,
        title="Add a contact",
        intro="Work channels are used for outreach. Personal ones are kept for you and never used.",
        done="Contact saved.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, contact_id):
    contact = _contact(request, contact_id)
    return _owned_form(
        request,
        ContactForm,
        back="contact_list",
        instance=contact,
        title=f"Edit {contact.name}",
        done="Contact saved.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request, contact_id):
    contact = _contact(request, contact_id)
    return _delete_page(
        request,
        what="Contact",
        description=str(contact),
        cancel_url=reverse("contact_list"),
        delete=contact.delete,
        done_url=reverse("contact_list"),
    )


# --- Recommendations: letters and the people who could recommend you -----------------
@login_required
def recommendations(request):
    ctx = {
        "letters": Letter.objects.filter(owner=request.user),
        "referrers": Contact.objects.filter(owner=request.user, role=ContactRole.NETWORK),
    }
    return render(request, "applications/recommendations.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def letter_create(request):
    return _owned_form(
        request,
        LetterForm,
        back="recommendations",
        title="Add a letter of recommendation",
        intro="A letter about work like the job you want carries the most weight. "
        "It is stored privately: only you can open it.",
        done="Letter saved.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request, letter_id):
    letter = _letter(request, letter_id)
    return _owned_form(
        request,
        LetterForm,
        back="recommendations",
        instance=letter,
        title=f"Edit {letter.title}",
        done="Letter saved.",
    )


@login_required
def letter_file(request, letter_id):
    letter = _letter(request, letter_id)
    try:
        handle = letter.file.open("rb")
    except (FileNotFoundError, ValueError):
        # ValueError: the row has no file name at all. Either way the operator must know.
        log.error("letter file missing letter_id=%s", letter.pk)
        return render(request, "applications/letter_missing.html", {"letter": letter}, status=404)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=letter.download_name(),
        content_type=letter.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def letter_delete(request, letter_id):
    letter = _letter(request, letter_id)
    return _delete_page(
        request,
        what="Letter",
        description=str(letter),
        cancel_url=reverse("recommendations"),
        delete=letter.delete,
        done_url=reverse("recommendations"),
    )


# --- Saved opportunities ------------------------------------------------------------
@login_required
def opportunity_list(request):
    opportunities = Opportunity.objects.filter(owner=request.user)
    return render(request, "applications/opportunity_list.html", {"opportunities": opportunities})


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request):
    return _owned_form(
        request,
        OpportunityForm,
        back="opportunity_list",
        title="Save an opportunity",
        intro="A job, a school or a franchise you're considering. Star the ones you like best.",
        done="Opportunity saved.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request, opportunity_id):
    opportunity = _opportunity(request, opportunity_id)
    return _owned_form(
        request,
        OpportunityForm,
        back="opportunity_list",
        instance=opportunity,
        title=f"Edit {opportunity.title}",
        done="Opportunity saved.",
    )


@login_required
@require_POST
def opportunity_star(request, opportunity_id):
    opportunity = _opportunity(request, opportunity_id)
    opportunity.starred = not opportunity.starred
    opportunity.save(update_fields=["starred"])
    return redirect("opportunity_list")


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_delete(request, opportunity_id):
    opportunity = _opportunity(request, opportunity_id)
    return _delete_page(
        request,
        what="Opportunity",
        description=str(opportunity),
        cancel_url=reverse("opportunity_list"),
        delete=opportunity.delete,
        done_url=reverse("opportunity_list"),
    )
