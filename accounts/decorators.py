"""Wrappers around allauth's views, for what this site needs of them."""

from functools import wraps

from allauth.account.internal.flows.email_verification_by_code import EMAIL_VERIFICATION_CODE_SESSION_KEY
from allauth.account.internal.stagekit import LOGIN_SESSION_KEY
from allauth.account.utils import url_str_to_user_pk
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from . import identity
from .models import User

# allauth's session state of a sign-in (or sign-up) waiting for its code, and
# where in it the account is named (the waiting sign-in writes it in base 36).
WAITING = {
    LOGIN_SESSION_KEY: ("user_pk", url_str_to_user_pk),
    EMAIL_VERIFICATION_CODE_SESSION_KEY: ("user_id", User._meta.pk.to_python),
}
CODE_ENDED = (
    "That code can no longer be used: the sign-in it was sent for has ended. "
    "Enter your email address to ask for a new code."
)


def _waiting_accounts(session):
    """(whether a sign-in waits in this session, the ids of the accounts it names)."""
    states = {key: session[key] for key in WAITING if isinstance(session.get(key), dict)}
    ids = set()
    for key, state in states.items():
        field, to_pk = WAITING[key]
        if state.get(field) is not None:
            ids.add(to_pk(state[field]))
    return bool(states), ids


def explains_ended_sign_ins(view):
    """allauth's code pages, with a clear answer when a code can no longer be used.

    allauth answers with a server error when the account a waiting sign-in
    names was deleted after its code went out. Here that sign-in is dropped
    and the browser is sent to ask for a new code, told why. A code typed with
    no sign-in waiting at all (timed out, or taken with the deleted account's
    sessions) gets the same words on allauth's own redirect. The words are the
    same in every case: they tell nobody whether an address has, or had, an
    account; a new code request does (by email, to the address's owner).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        waiting, ids = _waiting_accounts(request.session)
        if ids and User.objects.filter(pk__in=ids).count() < len(ids):
            for key in WAITING:
                request.session.pop(key, None)
            messages.error(request, CODE_ENDED)
            return redirect("account_request_login_code")
        if not waiting and request.method == "POST":
            messages.error(request, CODE_ENDED)
        return view(request, *args, **kwargs)

    return wrapper


def identity_confirmed(view):
    """A page that changes who owns the account: only after “confirm it's you”.

    Without a fresh confirmation (accounts.identity) the request is set aside
    and the browser sent to confirm; allauth's middleware does that for its
    ReauthenticationRequired (to the page the adapter names), keeping a POST's
    fields so that nothing typed is lost: accounts.views.confirm_identity
    carries it out once the code is typed.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not identity.is_confirmed(request):
            raise ReauthenticationRequired()
        return view(request, *args, **kwargs)

    return wrapper
