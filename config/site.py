"""The site's own address, for links and message ids that leave the browser
(emails, calendar feeds). One place, so every absolute link agrees."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (from ``reverse``) on the public site, e.g. https://example.org/today/."""
    return settings.SITE_URL + path


def site_domain() -> str:
    """The site's host name: the right-hand side of Message-IDs and calendar UIDs."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"
