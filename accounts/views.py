from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .forms import DeleteAccountForm, ProfileForm
from .models import PLAN_INPUTS
from .services import user_delete
from .signals import profile_changed


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            changed = set(form.changed_data) & set(PLAN_INPUTS)
            queued = False
            if changed:
                answers = profile_changed.send(sender=type(request.user), user=request.user, changed=changed)
                queued = any(answer == "queued" for _, answer in answers)
            if queued:
                messages.success(request, "Your profile is saved. Your follow-up dates are being updated.")
            else:
                messages.success(request, "Your profile is saved.")
            return redirect("profile")
        return render(request, "accounts/profile.html", {"form": form}, status=400)
    return render(request, "accounts/profile.html", {"form": form})


@login_required
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
