"""Real-browser fixtures: Debian's Chromium driven by Playwright's sync API.

Every test in this folder is marked ``browser``; tests/conftest.py skips them
(or, under CI=true, fails them) when Chromium or Playwright is missing, before
any fixture here runs. Playwright's own browser downloads are never used.

The app runs in pytest-django's ``live_server`` (a real HTTP server in a thread
of this process, serving static files too). Requesting ``live_server`` gives
the test a *transactional* database, so rows created here (users, sessions)
are committed and visible to the server thread, and emails the server sends
land in this process's ``django.core.mail.outbox`` (locmem backend).
"""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tests.conftest import CHROMIUM
from tests.factories import UserFactory

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# Fail fast: nothing in this app takes seconds to render.
DEFAULT_TIMEOUT_MS = 10_000
# Console errors that mean the Content-Security-Policy blocked something.
CSP_MARKERS = ("Content Security Policy", "Refused to")
# Runs in every document before the page's own scripts (init scripts are not
# subject to the page's CSP): every `securitypolicyviolation` event is kept on
# window and handed to Python through a binding, so a violation is seen even if
# Chromium ever stops logging it to the console.
CSP_LISTENER = """
(() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    const report = {
      directive: event.effectiveDirective || event.violatedDirective,
      blocked: event.blockedURI,
      sample: event.sample,
      source: event.sourceFile,
      line: event.lineNumber,
      page: document.location.href,
    };
    window.__cspViolations.push(report);
    if (typeof window.__reportCspViolation === "function") {
      window.__reportCspViolation(report);
    }
  }, true);
})();
"""

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the browser tests, each of which gets its own context.

    Scoped to this package rather than the whole session so that Playwright,
    and the setting below, are gone before the rest of the suite runs.
    """
    from playwright.sync_api import sync_playwright

    # Playwright's sync API starts an asyncio event loop in the main thread
    # and keeps it "running" there (parked in a greenlet) until it stops.
    # Django's ORM refuses to run in a thread with a running event loop
    # (SynchronousOnlyOperation), which would break every fixture and
    # assertion here that touches the database (creating users, force_login).
    # Our ORM calls are plain synchronous code that never runs inside that
    # loop's coroutines, so the guard is a false alarm; this tells Django to
    # allow them. It is undone afterwards: left in os.environ it would leak
    # into the rest of the suite and into its subprocesses (where
    # `manage.py check --deploy` rightly reports it as async.E001).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


class BrowserErrors:
    """What the page complained about: console errors and uncaught exceptions."""

    def __init__(self):
        self.console = []
        self.uncaught = []
        self.reported = []  # securitypolicyviolation events (CSP_LISTENER)

    def on_console(self, message):
        if message.type == "error":
            self.console.append(message.text)

    def on_pageerror(self, error):
        self.uncaught.append(str(error))

    def on_violation(self, report):
        self.reported.append(
            "securitypolicyviolation: {directive} blocked {blocked!r} (sample {sample!r})"
            " at {source}:{line} on {page}".format(**report)
        )

    def csp_violations(self):
        logged = [
            text for text in self.console + self.uncaught if any(marker in text for marker in CSP_MARKERS)
        ]
        return logged + self.reported

    def clear(self):
        self.console.clear()
        self.uncaught.clear()
        self.reported.clear()


@pytest.fixture
def browser_errors():
    return BrowserErrors()


def new_page(browser, errors, **context_options):
    """A fresh page in a fresh context (no cookies, no storage) whose console
    errors, uncaught exceptions and CSP violations go to ``errors``;
    ``context_options`` (Playwright's) replace the defaults below."""
    options = {
        "locale": "en-US",
        # Not UTC and not the factory's America/New_York, so the profile page
        # always offers the device's zone (static/js/time-zone.js).
        "timezone_id": "Europe/Berlin",
        "viewport": {"width": 1280, "height": 800},
        **context_options,
    }
    context = browser.new_context(**options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    context.expose_function("__reportCspViolation", errors.on_violation)
    page = context.new_page()
    page.on("console", errors.on_console)
    page.on("pageerror", errors.on_pageerror)
    return page


@pytest.fixture
def page(browser, browser_errors):
    """A fresh page in a fresh context for each test.

    After the test, any CSP violation (logged to the console or reported by a
    `securitypolicyviolation` event) or uncaught JavaScript exception seen on
    the page fails the test.
    """
    page = new_page(browser, browser_errors)
    yield page
    page.context.close()  # also delivers any events still in flight
    violations = browser_errors.csp_violations()
    assert not violations, "Content-Security-Policy violations in the browser:\n" + "\n".join(violations)
    assert not browser_errors.uncaught, "Uncaught JavaScript errors:\n" + "\n".join(browser_errors.uncaught)


def signer_in(page, live_server):
    """``sign_in(**user_fields)`` for ``page``: see the fixture."""

    def sign_in_as(**user_fields):
        user = UserFactory(**user_fields)
        client = Client()
        client.force_login(user)
        session_cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie.value, "url": live_server.url}]
        )
        return user

    return sign_in_as


@pytest.fixture
def sign_in(page, live_server, transactional_db):
    """Create a user and give the page their session cookie, as after a code login."""
    return signer_in(page, live_server)


def latest_code():
    """The one-time code in the most recent email (sent by the live server thread)."""
    assert mail.outbox, "no email was sent"
    body = mail.outbox[-1].body
    match = CODE.search(body)
    assert match, f"no code in the latest email: {body!r}"
    return match.group(1)
