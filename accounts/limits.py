"""How often anyone may make us email an address: codes, and their look-alikes.

Every such email (a sign-in, sign-up, new-address or "confirm it's you" code;
the "no account here" and "you already have an account" answers) counts three
ways, and is not sent once any count is full:

- this address from this client, per minute: asking again and again slows
  only the asker. (allauth counted per address alone, so anyone asking three
  times a minute for someone's address locked its owner out.)
- this address, from every client, per hour: however many clients a flooder
  uses, an inbox gets at most so many of our emails. A sign-in code asked for
  by a browser that has signed in to the address before is not held back by
  this count (a signed "known device" cookie, set at sign-in), so a flood
  cannot lock a returning user out.
- this client, to every address, per hour: one client cannot mail the world.

The rates are ACCOUNT_RATE_LIMITS entries (settings), counted by allauth's own
rate limiter in the cache (Redis in production, shared by every worker), per
client address as allauth sees it (TRUSTED_PROXY_COUNT). Only emails actually
sent are counted: a refused one gives back what it took.
"""

import math
import time
from dataclasses import dataclass

from allauth.account.signals import user_logged_in
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.crypto import salted_hmac

APP = "allauth.account"
KNOWN_DEVICE_COOKIE = "known_device"
KNOWN_DEVICE_SALT = "accounts.limits.known_device"
KNOWN_DEVICE_MAX_AGE = 365 * 24 * 60 * 60
# A shared computer may know a few addresses; the most recent are kept.
KNOWN_DEVICE_ADDRESSES = 5


@dataclass(frozen=True)
class Refusal:
    """Why an email was not sent, and in how many seconds it could be."""

    reason: str  # "address_from_client", "address" or "client"
    email: str
    retry_after: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def client_address(request) -> str:
    """The client's address as allauth's per-IP limits count it (TRUSTED_PROXY_COUNT, IPv6 /64)."""
    return allauth_ratelimit.get_ip(request)


def _digest(email: str) -> str:
    # Keyed, so that the cookie does not say which address it knows.
    return salted_hmac(KNOWN_DEVICE_SALT, email.lower()).hexdigest()


def _known_addresses(request) -> list[str]:
    try:
        known = signing.loads(request.COOKIES.get(KNOWN_DEVICE_COOKIE, ""), salt=KNOWN_DEVICE_SALT)
    except signing.BadSignature:
        return []
    return known if isinstance(known, list) else []


def is_known_device(request, email: str) -> bool:
    """Whether this browser has signed in to ``email`` before."""
    return _digest(email) in _known_addresses(request)


@receiver(user_logged_in)
def remember_device(sender, request, response, user, **kwargs):
    """After a sign-in, this browser is one that knows the address."""
    known = [_digest(user.email)] + [d for d in _known_addresses(request) if d != _digest(user.email)]
    response.set_cookie(
        KNOWN_DEVICE_COOKIE,
        signing.dumps(known[:KNOWN_DEVICE_ADDRESSES], salt=KNOWN_DEVICE_SALT),
        max_age=KNOWN_DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _seconds_until_free(request, action: str, key: str | None) -> int:
    """How long until ``action`` has room again: when the oldest hit that fills it expires."""
    [rate] = allauth_ratelimit.get_rates(app=APP, action=action)
    cache_key = allauth_ratelimit.get_cache_key(request, app=APP, action=action, rate=rate, key=key)
    now = time.time()
    hits = [hit for hit in cache.get(cache_key, []) if hit > now - rate.duration]  # newest first
    if len(hits) < rate.amount:
        return 1
    return max(1, math.ceil(hits[rate.amount - 1] + rate.duration - now))


def consume_mail_to(request, email: str, *, sign_in_code: bool = False) -> Refusal | None:
    """Count one email to ``email`` asked for by ``request``'s client, or say why not.

    ``sign_in_code``: the email is a sign-in code, which a known device may
    have past the address's hourly count (nothing else: a browser left signed
    in must not be able to flood its owner with "confirm it's you" codes).
    """
    email = email.lower()
    counts = [("address_from_client", "mail_to_address_from_client", f"{email} {client_address(request)}")]
    if not (sign_in_code and is_known_device(request, email)):
        counts.append(("address", "mail_to_address", email))
    counts.append(("client", "mail_from_client", None))
    taken = []
    for reason, action, key in counts:
        usage = allauth_ratelimit.consume(request, app=APP, action=action, key=key)
        if usage is None:
            for earlier in taken:
                earlier.rollback()
            return Refusal(reason, email, _seconds_until_free(request, action, key))
        taken.append(usage)
    return None


def refused(request, refusal: Refusal):
    """The page for an email we would not send: what happened, and when to try again."""
    response = render(request, "429.html", {"refusal": refusal}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def public_page_limited(request, action: str):
    """A 429 page when this client has used up ``action``'s rate (an ACCOUNT_RATE_LIMITS
    entry, per client address) on a public page reached without signing in; else None.
    GETs count too: guessing at tokens by reading pages is what this slows down."""
    usage = allauth_ratelimit.consume(request, app=APP, action=action, limit_get=True)
    if usage is not None:
        return None
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
