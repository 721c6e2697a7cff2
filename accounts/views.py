from allauth.account.internal.flows.reauthentication import resume_request
from allauth.account.utils import get_next_redirect_url
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from plans.checks import plain_language_findings

from . import identity
from .decorators import identity_confirmed
from .forms import ConfirmIdentityForm, DeleteAccountForm, ProfileForm, TimeZoneForm
from .models import PLAN_INPUTS
from .services import user_delete
from .signals import profile_changed
from .timezones import zone_short_label


def _announce(user, changed):
    """Tell the other apps which plan inputs changed; True when follow-up dates are being redone."""
    changed = set(changed) & set(PLAN_INPUTS)
    if not changed:
        return False
    answers = profile_changed.send(sender=type(user), user=user, changed=changed)
    return any(answer == "queued" for _, answer in answers)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.instance.time_zone_confirmed = True
            form.save()
            if _announce(request.user, form.changed_data):
                messages.success(request, "Your profile is saved. Your follow-up dates are being updated.")
            else:
                messages.success(request, "Your profile is saved.")
            return redirect("profile")
        return render(request, "accounts/profile.html", {"form": form}, status=400)
    return render(request, "accounts/profile.html", {"form": form, "wording": profile_wording(request.user)})


# The profile fields that go into every draft, checked like a draft (plans.checks).
CHECKED_FIELDS = [("skills_summary", "Skills summary"), ("email_signature", "Signature")]


def profile_wording(user):
    """(field label, findings) for each saved field that goes into every draft, where there are any."""
    checked = (
        (label, plain_language_findings(getattr(user, field) or "")) for field, label in CHECKED_FIELDS
    )
    return [(label, findings) for label, findings in checked if findings]


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def time_zone(request):
    """“Where are you?”: the zone, in one click. Asked once of every account whose
    zone nobody chose (accounts.middleware), and the profile's "use this device's zone"."""
    user = request.user
    next_url = _safe_next(request, reverse("dashboard"))
    form = TimeZoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            zone = form.cleaned_data["time_zone"]
            changed = ["time_zone"] if zone != user.time_zone else []
            user.time_zone = zone
            user.time_zone_confirmed = True
            user.save(update_fields=["time_zone", "time_zone_confirmed"])
            dates = " Your follow-up dates are being updated." if _announce(user, changed) else ""
            messages.success(request, f"Saved: your time zone is {zone_short_label(zone)}.{dates}")
            return HttpResponseRedirect(next_url)
    elif user.time_zone_confirmed:
        form = TimeZoneForm(initial={"time_zone": user.time_zone})
    ctx = {"form": form, "next_url": next_url, "us_zones": form.fields["time_zone"].choices[0][1]}
    return render(request, "accounts/time_zone.html", ctx, status=400 if form.errors else 200)


@identity_confirmed
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            logout(request)
            user_delete(user=user)
            messages.success(request, "Your account and everything in it have been deleted.")
            return redirect("home")
        return render(request, "accounts/delete.html", {"form": form}, status=400)
    return render(request, "accounts/delete.html", {"form": form})


CODE_PROBLEMS = {
    identity.WRONG: "That code is not right. Check the latest email from us and try again.",
    identity.USED_UP: "That was the third wrong code, so it no longer works. Ask for a new code.",
    identity.NO_CODE: "That code has expired or was already used (a code works once, for 10 minutes). "
    "Ask for a new code.",
}


@login_required
@require_http_methods(["GET", "POST"])
def confirm_identity(request):
    """“Confirm it's you” (accounts.identity): email a code to the current address, check it,
    then carry on with what was asked (a change of address, a deletion)."""
    next_url = get_next_redirect_url(request) or ""
    here = reverse("confirm_identity") + (f"?{urlencode({'next': next_url})}" if next_url else "")
    form = ConfirmIdentityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if request.POST.get("action") == "send":
            identity.send_code(request)
            return redirect(here)
        if form.is_valid():
            outcome = identity.check_code(request, form.cleaned_data["code"])
            if outcome == identity.CONFIRMED:
                # A POST set aside for this (allauth's) is carried out now; else back to the page.
                return resume_request(request) or redirect(next_url or "profile")
            form.add_error("code", CODE_PROBLEMS[outcome])
    ctx = {
        "form": form,
        "masked_address": identity.mask_address(request.user.email),
        "code_sent": identity.pending_code(request) is not None,
        "next_url": next_url,
        "here": here,
    }
    return render(request, "accounts/confirm_identity.html", ctx, status=400 if form.errors else 200)
