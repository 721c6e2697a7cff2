from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_POST, require_safe

from applications.selectors import interview_of

from . import calendars, services
from .models import CalendarFeed

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
# A token from new_token() is 43 characters; anything far off is not worth a query.
TOKEN_MAX_LENGTH = 64


# --- Access helpers: strangers get 404 --------------------------------------------
def _feed_by_token(token):
    """The feed the link belongs to; an unknown, replaced or turned-off link is a 404."""
    if len(token) > TOKEN_MAX_LENGTH:
        raise Http404("No such calendar.")
    return get_object_or_404(CalendarFeed.objects.select_related("owner"), token=token, owner__is_active=True)


def _interview(request, interview_id):
    return interview_of(request.user, interview_id)


def _ics_response(calendar, *, filename, as_attachment):
    response = HttpResponse(calendar.to_ical(), content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    # Private dates: no shared cache keeps a copy, no search engine lists the link.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- The settings page and its buttons ----------------------------------------------
@login_required
@require_safe
def calendar_settings(request):
    feed = CalendarFeed.objects.filter(owner=request.user).first()
    return render(request, "feeds/calendar_settings.html", {"feed": feed})


@login_required
@require_POST
def calendar_create(request):
    _, created = services.calendar_feed_create(owner=request.user)
    if created:
        messages.success(request, "Your calendar link is ready. Add it to your calendar app below.")
    else:
        messages.info(request, "You already have a calendar link: it is below.")
    return redirect("calendar_settings")


@login_required
@require_POST
def calendar_regenerate(request):
    services.calendar_feed_regenerate(owner=request.user)
    messages.success(
        request,
        "New link made. The old one no longer works: add this one to your calendar apps in its place.",
    )
    return redirect("calendar_settings")


@login_required
@require_POST
def calendar_revoke(request):
    if services.calendar_feed_revoke(owner=request.user):
        messages.success(
            request, "Calendar link turned off. Calendar apps that used it will stop getting your dates."
        )
    else:
        messages.info(request, "You had no calendar link to turn off.")
    return redirect("calendar_settings")


# --- The calendars themselves -----------------------------------------------------------
@require_safe
def calendar_feed(request, token):
    """The subscription feed. No sign-in: calendar apps can't; the token is the key."""
    feed = _feed_by_token(token)
    calendar = calendars.feed_calendar(owner=feed.owner, now=timezone.now())
    return _ics_response(calendar, filename="follow-up.ics", as_attachment=False)


@login_required
def interview_ics(request, interview_id):
    """One interview as a file to open in a calendar app."""
    interview = _interview(request, interview_id)
    local_day = interview.starts_at.astimezone(request.user.zoneinfo).date()
    company = slugify(interview.application.company)[:40] or "company"
    calendar = calendars.interview_calendar(interview, now=timezone.now())
    return _ics_response(
        calendar, filename=f"interview-{company}-{local_day:%Y-%m-%d}.ics", as_attachment=True
    )
