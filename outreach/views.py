from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.signals import profile_changed

from .emails import user_from_unsubscribe_token


@csrf_exempt  # RFC 8058: mail clients POST here without a session; the signed token is the proof.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click, no sign-in: stop reminder and digest emails for the signed user."""
    try:
        user_id = user_from_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "outreach/unsubscribe_invalid.html", status=400)
    user = get_user_model().objects.filter(pk=user_id).first()
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
