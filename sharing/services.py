"""Writes: make, re-key and turn off a share; record a view; keep a coach's comment;
email the link to the coach, or stop emailing an address for good."""

import logging
import smtplib
from enum import StrEnum

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from config.site import absolute_url, site_domain
from outreach.emails import build_email

from .models import CoachComment, CoachEmailOptOut, Share, ShareView, email_digest, new_token, token_digest

log = logging.getLogger(__name__)
STOP_EMAILS_SALT = "sharing.stop_coach_emails"


def share_url(token: str) -> str:
    """The absolute link a coach opens. Only ever built from a token just made."""
    return absolute_url(reverse("coach_page", kwargs={"token": token}))


@transaction.atomic
def share_create(*, form, owner, now):
    """A new share from a valid ShareForm. Returns (share, token): the token is never stored."""
    token = new_token()
    share = form.save(commit=False)
    share.owner = owner
    share.token_digest = token_digest(token)
    share.expires_at = Share.expiry_for(int(form.cleaned_data["lifetime_days"]), now)
    share.save()
    return share, token


def share_new_link(*, share):
    """A new token for a live share; the old link stops working in the same write."""
    token = new_token()
    Share.objects.filter(pk=share.pk).update(token_digest=token_digest(token))
    share.token_digest = token_digest(token)
    return token


def share_revoke(*, share, now):
    """Turn the link off. Returns whether it was on."""
    turned_off = Share.objects.filter(pk=share.pk, revoked_at__isnull=True).update(revoked_at=now)
    share.refresh_from_db(fields=["revoked_at"])
    return turned_off == 1


def share_view_record(*, share, now):
    """One view: its time, nothing about the viewer."""
    ShareView.objects.create(share=share, viewed_at=now)
    Share.objects.filter(pk=share.pk).update(view_count=F("view_count") + 1, last_viewed_at=now)


def coach_comment_create(*, share, application, body, now):
    # The form checked the application is one the page showed, so it is the owner's.
    assert application.owner_id == share.owner_id
    return CoachComment.objects.create(share=share, application=application, body=body, created_at=now)


# --- The link by email ------------------------------------------------------------------
class Emailed(StrEnum):
    SENT = "sent"
    OPTED_OUT = "opted_out"  # the coach asked us never to email them
    FAILED = "failed"  # the mail server would not take it


def stop_emails_token(address: str) -> str:
    return signing.dumps(email_digest(address), salt=STOP_EMAILS_SALT)


def digest_from_stop_token(token: str) -> str:
    """Raises signing.BadSignature for anything we did not sign. No expiry: stopping always works."""
    return signing.loads(token, salt=STOP_EMAILS_SALT)


def coach_emails_stopped(address: str) -> bool:
    return CoachEmailOptOut.objects.filter(email_digest=email_digest(address)).exists()


def coach_emails_stop(*, digest):
    CoachEmailOptOut.objects.get_or_create(email_digest=digest)


def coach_link_email_send(*, share, token, now):
    """Email the link to the coach: the one message the app sends to someone other than
    its user, so it says who asked for it and how never to get another."""
    if coach_emails_stopped(share.coach_email):
        return Emailed.OPTED_OUT
    stop_token = stop_emails_token(share.coach_email)
    stop_url = absolute_url(reverse("coach_emails_stop", kwargs={"token": stop_token}))
    with timezone.override(share.owner.zoneinfo):  # the expiry date, in the user's own zone
        message = build_email(
            "coach_link",
            to=share.coach_email,
            context={
                "owner_name": share.owner_name,
                "coach_name": share.coach_name,
                "note": share.note,
                "link": share_url(token),
                "expires_at": share.expires_at,
                "stop_url": stop_url,
            },
            message_id=f"<coach-link-{share.pk}-{int(now.timestamp())}@{site_domain()}>",
        )
    # RFC 2369 / RFC 8058: the mail client's own "unsubscribe" stops them too.
    message.extra_headers["List-Unsubscribe"] = f"<{stop_url}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        log.warning("coach link email failed share=%s", share.pk, exc_info=True)
        return Emailed.FAILED
    Share.objects.filter(pk=share.pk).update(emailed_at=now)
    return Emailed.SENT
