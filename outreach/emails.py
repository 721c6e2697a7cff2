"""Building every email the app sends: one helper, three templates per email
(``emails/<name>_subject.txt``, ``<name>.txt``, ``<name>.html``)."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from config.site import absolute_url

UNSUBSCRIBE_SALT = "outreach.unsubscribe.v2"
# Every reminder and digest carries a fresh link, so one this old has long been replaced.
UNSUBSCRIBE_MAX_AGE = 60 * 24 * 60 * 60


def one_line(text):
    """Collapse all whitespace, CR and LF included: a header can never be split."""
    return " ".join(str(text).split())


def unsubscribe_token(user):
    """A signed, dated token holding only the user's random email key: opaque, and
    good for ``UNSUBSCRIBE_MAX_AGE``."""
    return signing.dumps(user.email_key, salt=UNSUBSCRIBE_SALT)


def email_key_from_unsubscribe_token(token):
    """The email key in a genuine, unexpired token; raises signing.BadSignature
    (signing.SignatureExpired for an old one) for anything else."""
    return signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)


def unsubscribe_url(user):
    return absolute_url(reverse("unsubscribe", args=[unsubscribe_token(user)]))


def build_email(name, *, to, context, message_id=None, unsubscribe_for=None):
    context = {"site_url": settings.SITE_URL, **context}
    # RFC 3834: sent by a program, not a person, so autoresponders stay quiet.
    headers = {"Auto-Submitted": "auto-generated"}
    if unsubscribe_for is not None:
        context["unsubscribe_url"] = url = unsubscribe_url(unsubscribe_for)
        # RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe.
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if message_id:
        headers["Message-ID"] = message_id
    subject = one_line(render_to_string(f"emails/{name}_subject.txt", context))
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{name}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    return message
