"""The stored sessions that belong to a user.

A session belongs to a user when it is signed in as them, or when it is in the
middle of something for them: a sign-in, sign-up or address change waiting
for its code keeps their id or address in the session (allauth's login stash
and verification state), even in a browser that never signed in.

Sessions live in the database (Django's default engine), where their data is
signed and compressed, so they are read one by one. That scales with the
sessions alive now (at most two weeks old; accounts.tasks clears the rest
daily), not with the history; deleting an account is rare.
"""

from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone


def _ids_of(user):
    """Where a user's id sits in a session, and how it is written there: Django's
    signed-in user, allauth's waiting sign-in (user_pk, in base 36) and its code
    verification state (user_id)."""
    return {SESSION_KEY: str(user.pk), "user_pk": user_pk_to_url_str(user), "user_id": str(user.pk)}


def _names(value, ids, addresses):
    if isinstance(value, dict):
        return any(
            (key in ids and str(item) == ids[key]) or _names(item, ids, addresses)
            for key, item in value.items()
        )
    if isinstance(value, list | tuple):
        return any(_names(item, ids, addresses) for item in value)
    return isinstance(value, str) and value.lower() in addresses


def session_keys_of(user, *, addresses=()):
    """Keys of the live sessions that hold ``user``'s id or one of their addresses."""
    ids = _ids_of(user)
    addresses = {address.lower() for address in [user.email, *addresses]}
    store = SessionStore()
    live = Session.objects.filter(expire_date__gt=timezone.now()).values_list("session_key", "session_data")
    return [key for key, data in live.iterator(chunk_size=2000) if _names(store.decode(data), ids, addresses)]


def sessions_delete(*, user, addresses=()):
    """Sign ``user`` out everywhere and drop every session still naming them."""
    return Session.objects.filter(session_key__in=session_keys_of(user, addresses=addresses)).delete()[0]
