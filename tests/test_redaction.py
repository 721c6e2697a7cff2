"""Secret URL tokens never reach a log line: the redaction itself, and that it
covers every route that takes a token (so a new one cannot be forgotten)."""

import logging

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.redaction import REDACTED, RedactSecretsFilter, redact

TOKEN = "Zx9" + "a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuV"


def token_routes(patterns=None):
    """(name, kwargs) of every URL pattern that takes a ``token``."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from token_routes(entry.url_patterns)
        elif isinstance(entry, URLPattern) and "token" in entry.pattern.converters:
            yield entry.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"GET /calendar/{TOKEN}.ics HTTP/1.1", f"GET /calendar/{REDACTED}.ics HTTP/1.1"),
        (f"POST /unsubscribe/{TOKEN}:1tQx:abcDEF123/ HTTP/1.1", f"POST /unsubscribe/{REDACTED}/ HTTP/1.1"),
        (f"https://example.org/unsubscribe/{TOKEN}/", f"https://example.org/unsubscribe/{REDACTED}/"),
        ("GET /calendar/create/ HTTP/1.1", "GET /calendar/create/ HTTP/1.1"),
        # The coach's page, its comment form, and the coach's stop-emails link.
        (f"GET /coach/{TOKEN}/ HTTP/1.1", f"GET /coach/{REDACTED}/ HTTP/1.1"),
        (f"POST /coach/{TOKEN}/comment/ HTTP/1.1", f"POST /coach/{REDACTED}/comment/ HTTP/1.1"),
        (f"GET /stop-coach-emails/{TOKEN}:1tQx:a/ HTTP/1.1", f"GET /stop-coach-emails/{REDACTED}/ HTTP/1.1"),
        # The user's own share pages carry no secret.
        ("GET /coach-sharing/12/preview/ HTTP/1.1", "GET /coach-sharing/12/preview/ HTTP/1.1"),
        ("GET /calendar/new-link/ HTTP/1.1", "GET /calendar/new-link/ HTTP/1.1"),
        (
            "GET /applications/12/drafts/recommendation_enclosure/",
            "GET /applications/12/drafts/recommendation_enclosure/",
        ),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_every_route_taking_a_token_is_redacted():
    names = sorted(set(token_routes()))
    assert names, "the URLconf has token routes (calendar feed, unsubscribe)"
    for name in names:
        url = reverse(name, kwargs={"token": TOKEN})
        assert TOKEN not in redact(f'GET {url} HTTP/1.1 "https://example.org{url}"'), name


def test_runservers_request_log_is_redacted():
    """The django.server logger (runserver's request lines) carries the filter."""
    handler = next(h for h in logging.getLogger("django.server").handlers if h.filters)
    assert any(isinstance(f, RedactSecretsFilter) for f in handler.filters)
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /calendar/{TOKEN}.ics HTTP/1.1", 200, 10),
        None,
    )
    handler.filter(record)
    assert TOKEN not in record.getMessage() and REDACTED in record.getMessage()
