"""The user's "Share with a coach" pages, and the coach's read-only page.

The coach's page needs no account: its long random token is the key. It answers
404 to an unknown, turned-off or expired link, is never cached or indexed, and
sends no referrer to the links on it.
"""

import functools
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django.views.defaults import page_not_found

from config.redaction import redact

from . import limits, selectors, services
from .forms import CoachCommentForm, NewLinkForm, ShareForm, ShareSettingsForm
from .services import Emailed

log = logging.getLogger(__name__)

# The link is shown once, just after it is made; only its digest is stored.
NEW_LINK_SESSION_KEY = "sharing.new_link"


def _share(request, share_id):
    return selectors.share_of(request.user, share_id)


def _show_link_once(request, share, token):
    request.session[NEW_LINK_SESSION_KEY] = {"share": share.pk, "url": services.share_url(token)}


def _take_link(request, share):
    held = request.session.get(NEW_LINK_SESSION_KEY)
    if held and held.get("share") == share.pk:
        del request.session[NEW_LINK_SESSION_KEY]
        return held["url"]
    return ""


def _private(response):
    """The coach's page: no copy kept anywhere, no search engine, no referrer."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _email_link(request, share, token, now):
    if not limits.consume_link_email(request, share.coach_email):
        messages.warning(
            request,
            "We have emailed this address several times today, so we did not send another. "
            "Copy the link below instead.",
        )
        return
    outcome = services.coach_link_email_send(share=share, token=token, now=now)
    if outcome == Emailed.SENT:
        messages.success(request, f"We emailed the link to {share.coach_name}.")
    elif outcome == Emailed.OPTED_OUT:
        messages.warning(
            request,
            "That address asked us not to email it, so we did not. Copy the link below and send it yourself.",
        )
    else:
        messages.warning(
            request, "The email could not be sent just now. Copy the link below and send it yourself."
        )


# --- The user's pages -------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def share_list(request):
    now = timezone.now()
    if request.method == "POST":
        form = ShareForm(request.POST)
        if form.is_valid():
            share, token = services.share_create(form=form, owner=request.user, now=now)
            _show_link_once(request, share, token)
            messages.success(request, f"Your link for {share.coach_name} is ready.")
            if form.cleaned_data["send_email"]:
                _email_link(request, share, token, now)
            return redirect("share_detail", share_id=share.pk)
    else:
        form = ShareForm(initial={"owner_name": request.user.full_name})
    shares = list(selectors.share_list(user=request.user))
    for share in shares:
        share.current_state = share.state(now)
    status = 400 if form.is_bound else 200
    return render(request, "sharing/share_list.html", {"form": form, "shares": shares}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def share_detail(request, share_id):
    share = _share(request, share_id)
    now = timezone.now()
    form = ShareSettingsForm(request.POST or None, instance=share)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved.")
        return redirect("share_detail", share_id=share.pk)
    ctx = {
        "share": share,
        "state": share.state(now),
        "new_link": _take_link(request, share),
        "form": form,
        "new_link_form": NewLinkForm(),
        **selectors.share_detail(share=share),
    }
    return render(request, "sharing/share_detail.html", ctx, status=400 if form.is_bound else 200)


@login_required
def share_preview(request, share_id):
    """Exactly the coach's page, with a banner saying so; a preview is not a view."""
    share = _share(request, share_id)
    now = timezone.now()
    ctx = selectors.coach_page(share, now=now)
    ctx.update(preview=True, share=share, form=CoachCommentForm(applications=ctx["commentable"]))
    with timezone.override(share.owner.zoneinfo):
        return _private(render(request, "sharing/coach_page.html", ctx))


@login_required
@require_POST
def share_revoke(request, share_id):
    share = _share(request, share_id)
    if services.share_revoke(share=share, now=timezone.now()):
        messages.success(request, f"Link turned off. {share.coach_name} can no longer open your page.")
    else:
        messages.info(request, "This link was already off.")
    # Back to the page the button was on: the list, or the link's own page.
    if request.POST.get("from") == "list":
        return redirect("share_list")
    return redirect("share_detail", share_id=share.pk)


@login_required
@require_POST
def share_new_link(request, share_id):
    share = _share(request, share_id)
    now = timezone.now()
    if not share.is_live(now):
        messages.warning(request, "This link is off or has expired. Make a new share instead.")
        return redirect("share_detail", share_id=share.pk)
    token = services.share_new_link(share=share)
    _show_link_once(request, share, token)
    messages.success(request, "New link made. The old one no longer works.")
    form = NewLinkForm(request.POST)
    if form.is_valid() and form.cleaned_data["send_email"] and share.coach_email:
        _email_link(request, share, token, now)
    return redirect("share_detail", share_id=share.pk)


# --- The coach's page (no sign-in: the token is the key) ------------------------------------
def token_view(*methods):
    """For views whose URL holds a token. Django logs every 4xx answer with the request
    attached, path and all, where a handler's redaction cannot reach it; so these views
    log their 4xx answers themselves, token cut out, and skip Django's line. They check
    the method here too: require_http_methods would log the path as well."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                response = HttpResponseNotAllowed(methods)
            else:
                try:
                    response = view(request, *args, **kwargs)
                except Http404 as exception:
                    response = page_not_found(request, exception)
            if response.status_code >= 400:
                response._has_been_logged = True  # django.utils.log.log_response skips it
                log.warning("%s %s answered %s", request.method, redact(request.path), response.status_code)
            return response

        return wrapped

    return decorate


@token_view("GET", "HEAD")
def coach_page(request, token):
    now = timezone.now()
    share = selectors.live_share_by_token(token, now=now)
    if request.method == "GET":  # a HEAD (a link checker) reads nothing, so it is not a view
        services.share_view_record(share=share, now=now)
    ctx = selectors.coach_page(share, now=now)
    ctx.update(token=token, form=CoachCommentForm(applications=ctx["commentable"]))
    with timezone.override(share.owner.zoneinfo):
        return _private(render(request, "sharing/coach_page.html", ctx))


# The token in the URL is the only credential: no session or cookie gives this POST any
# authority, so there is nothing for a forged cross-site request to borrow. And the page
# sends no referrer (its URL is the key), which makes browsers send "Origin: null",
# which Django's CSRF check would refuse.
@csrf_exempt
@token_view("POST")
def coach_comment(request, token):
    """A comment from the coach. Bad input keeps what was typed and says what to fix."""
    now = timezone.now()
    share = selectors.live_share_by_token(token, now=now)
    ctx = selectors.coach_page(share, now=now)
    form = CoachCommentForm(request.POST, applications=ctx["commentable"])
    status = 400
    if not share.accepts_comments(now):
        form.add_error(None, "Comments are turned off for this page.")
        status = 403
    elif form.is_valid():
        if limits.consume_comment(request, share):
            services.coach_comment_create(
                share=share,
                application=form.cleaned_data["application"],
                body=form.cleaned_data["body"],
                now=now,
            )
            messages.success(
                request,
                f"Thank you. {share.owner_name} will see your comment on that application.",
            )
            return redirect("coach_page", token=token)
        form.add_error(
            None,
            "You have left several comments in a short time. Please wait a few minutes and send it again.",
        )
        status = 429
    ctx.update(token=token, form=form)
    with timezone.override(share.owner.zoneinfo):
        return _private(render(request, "sharing/coach_page.html", ctx, status=status))


@csrf_exempt  # RFC 8058: mail clients POST here without a session; the signed token is the proof.
@token_view("GET", "POST")
def coach_emails_stop(request, token):
    """One click, no account: never email this address again, whoever shares with it."""
    try:
        digest = services.digest_from_stop_token(token)
    except signing.BadSignature:
        return _private(render(request, "sharing/stop_emails.html", {"invalid": True}, status=400))
    if request.method == "POST":
        services.coach_emails_stop(digest=digest)
        return _private(render(request, "sharing/stop_emails.html", {"stopped": True}))
    return _private(render(request, "sharing/stop_emails.html", {"token": token}))
