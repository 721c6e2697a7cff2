"""How often a coach may comment, and how often the app may email a coach.

Counted by allauth's rate limiter in the cache (Redis in production, shared by
every worker), like accounts.limits; the rates are SHARING_RATE_LIMITS in settings.
"""

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings

APP = "sharing"


def _consume(request, action, key) -> bool:
    usage = allauth_ratelimit.consume(
        request, app=APP, action=action, config=settings.SHARING_RATE_LIMITS, key=key
    )
    return usage is not None


def consume_comment(request, share) -> bool:
    """Count one comment through ``share`` from this client; False when either count is full."""
    return _consume(request, "coach_comment", f"share-{share.pk}")


def consume_link_email(request, address: str) -> bool:
    """Count one link email to ``address``: however many shares name it, an inbox gets few."""
    return _consume(request, "coach_link_email", address.strip().lower())
