"""“Confirm it's you”: a fresh code to the account's current address before its
sign-in address is changed or the account is deleted.

A session is kept two weeks, so a browser left signed in (or a copied session
cookie) must not be enough to move the account to another address or to
delete it. The code goes to the address the account signs in with now; the
session keeps only a keyed hash of it; it works once, for ten minutes and three
tries, and only in the browser that asked. Once it is typed, or after a sign-in
by code (the same proof), the session may do those things for five minutes:
allauth's reauthentication window, ACCOUNT_REAUTHENTICATION_TIMEOUT.
"""

import string
import time

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.crypto import constant_time_compare, salted_hmac

PENDING = "confirm_identity"
CONFIRMED_AT = "identity_confirmed_at"
CODE_TIMEOUT = 10 * 60
MAX_ATTEMPTS = 3

# What checking a typed code can come to.
CONFIRMED = "confirmed"
WRONG = "wrong"
USED_UP = "used_up"  # the last allowed wrong code: the code is dropped
NO_CODE = "no_code"  # never asked, expired, or already used


def mask_address(email: str) -> str:
    """alice@example.com -> a***@example.com: enough to recognize, not to read."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def _digest(user, code: str) -> str:
    # As people type codes: dashes, spaces and case do not matter.
    typed = code.translate(str.maketrans("", "", string.punctuation + string.whitespace)).upper()
    return salted_hmac(PENDING, f"{user.pk}:{typed}").hexdigest()


def is_confirmed(request) -> bool:
    """Whether this session proved, within the window, that it can read the account's inbox."""
    at = request.session.get(CONFIRMED_AT)
    return at is not None and time.time() - at < allauth_settings.REAUTHENTICATION_TIMEOUT


@receiver(user_logged_in)
def confirmed_by_signing_in(sender, request, user, **kwargs):
    """A sign-in (always by a code to the current address) is as fresh a proof as the code here."""
    if request is not None and hasattr(request, "session"):
        request.session[CONFIRMED_AT] = time.time()


def pending_code(request) -> dict | None:
    """The code this browser asked for, while it may still be typed."""
    state = request.session.get(PENDING)
    if state and time.time() - state["at"] <= CODE_TIMEOUT:
        return state
    return None


def send_code(request) -> None:
    """Email a new code to the account's current address; it replaces any earlier one.

    The email is counted by accounts.limits like every code; a refused one
    raises allauth's ImmediateHttpResponse with the 429 page, and the earlier
    code (if any) stays as it was.
    """
    adapter = get_adapter(request)
    code = adapter.generate_login_code()
    adapter.send_mail("account/email/confirm_identity", request.user.email, {"code": code})
    request.session[PENDING] = {"hash": _digest(request.user, code), "at": time.time(), "attempts": 0}


def check_code(request, code: str) -> str:
    """Check a typed code: CONFIRMED (and the session is confirmed), WRONG, USED_UP or NO_CODE."""
    state = pending_code(request)
    if state is None:
        request.session.pop(PENDING, None)
        return NO_CODE
    if constant_time_compare(state["hash"], _digest(request.user, code)):
        del request.session[PENDING]
        request.session[CONFIRMED_AT] = time.time()
        return CONFIRMED
    state["attempts"] += 1
    if state["attempts"] >= MAX_ATTEMPTS:
        del request.session[PENDING]
        return USED_UP
    request.session[PENDING] = state
    return WRONG
