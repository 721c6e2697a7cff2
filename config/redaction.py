"""Secrets that travel in URLs (the calendar feed's token, the unsubscribe token,
the coach's page and the coach's stop-emails link, the one-click answers of a reminder email)
must not reach a log: web servers log every request line and referrer.

``redact`` cuts them out of any text; gunicorn's access log (config/gunicorn.py)
and runserver's request log (the ``django.server`` logger, see LOGGING) use it.
tests/test_logs.py checks that every URL taking a ``token`` is covered.
"""

import logging
import re

# Where a secret token follows in a path; tokens are long, the other pages under
# these prefixes ("create/", "new-link/", "turn-off/") are short. The user's own
# share pages live under /coach-sharing/, which none of these prefixes matches.
SECRET_PATH_PREFIXES = ("/calendar/", "/unsubscribe/", "/coach/", "/stop-coach-emails/", "/answer/")
REDACTED = "[redacted]"
_SECRET = re.compile(
    "(" + "|".join(re.escape(prefix) for prefix in SECRET_PATH_PREFIXES) + r")[^/?#.\s\"']{16,}"
)


def redact(text: str) -> str:
    """``text`` with every secret URL token replaced by ``[redacted]``."""
    return _SECRET.sub(lambda match: match.group(1) + REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    """Formats the record's message once, redacted (runserver logs the request line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
