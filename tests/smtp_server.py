"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, recording what it accepts.

``smtp_server`` starts it on a free port and points Django's SMTP backend at it.
The server can be told to go away (``stop()``: connections are refused), to come
back on the same port (``start()``), to answer every recipient or every message
with a transient ``421`` (``refuse()`` / ``refuse_after()``), or to reject one
address for good (``reject_address()``), and to behave again (``recover()``).
For drills with real worker processes it can also answer slowly (``slow()``) or,
after a number of messages, hold every new transaction at ``RCPT TO`` until
``release()`` (``hold_after()``), so a worker can be killed at a known point.
"""

import asyncio
import email
import email.policy
import itertools
import logging
import socket
import threading
import time
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller

SERVICE_NOT_AVAILABLE = "421 4.3.2 Service not available, closing transmission channel"
MAILBOX_BUSY = "450 4.2.1 Mailbox temporarily unavailable, try again later"
NO_SUCH_USER = "550 5.1.1 No such user here"


@dataclass(frozen=True)
class Received:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: tuple
    message: email.message.EmailMessage
    raw: bytes
    session: int  # which SMTP session (EHLO/HELO) delivered it, from 1
    accepted_at: float = 0.0  # time.time() just before the 250 reply went out


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, server):
        self.server = server

    async def handle_HELO(self, server, session, envelope, hostname):
        session.host_name = hostname
        session.number = self.server._new_session()
        return f"250 {server.hostname}"

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        session.number = self.server._new_session()
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await self.server._maybe_hold()
        refusal = self.server._rcpt_refusal(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.server._delay:
            await asyncio.sleep(self.server._delay)
        return self.server._accept(session, envelope)


class LocalSmtpServer:
    def __init__(self, host="127.0.0.1", port=None):
        self.host = host
        self.port = port or free_port()
        self._lock = threading.Lock()
        self._sessions = itertools.count(1)
        self._session_count = 0
        self._controller = None
        self._messages = []
        self._refusing = ""
        self._accept_limit = None
        self._rejected = set()
        self._delay = 0.0
        self._hold_from = None  # hold transactions once this many messages were accepted
        self._released = threading.Event()
        self._held = 0

    # --- running --------------------------------------------------------------
    @property
    def running(self):
        return self._controller is not None

    def start(self):
        """(Re)start on the same port; a stopped aiosmtpd loop cannot be reused."""
        assert self._controller is None, "already running"
        controller = Controller(_Handler(self), hostname=self.host, port=self.port, ready_timeout=10)
        controller.start()
        self._controller = controller
        return self

    def stop(self):
        """Go away: connecting now fails with 'connection refused'."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def url(self):
        return f"smtp://{self.host}:{self.port}"

    # --- misbehaving ------------------------------------------------------------
    def refuse(self, reply=SERVICE_NOT_AVAILABLE):
        """Answer every RCPT with a transient refusal, 421 by default (the port stays open).

        421 makes the client drop the connection; 450 (greylisting, a busy
        mailbox) keeps it open for the next message.
        """
        self._refusing = reply

    def refuse_after(self, count):
        """Accept ``count`` more messages, then answer DATA with 421."""
        with self._lock:
            self._accept_limit = len(self._messages) + count

    def reject_address(self, address):
        """Reject this recipient for good (550), as for a mailbox that no longer exists."""
        self._rejected.add(address.lower())

    def slow(self, seconds):
        """Wait this long before answering each message's DATA (a slow or distant server)."""
        self._delay = seconds

    def hold_after(self, count):
        """Accept ``count`` more messages, then leave every new ``RCPT TO`` unanswered
        until ``release()``: senders block at a known point, nothing half-accepted."""
        with self._lock:
            self._released.clear()
            self._hold_from = len(self._messages) + count

    @property
    def held(self):
        """How many transactions are waiting at ``RCPT TO`` right now."""
        with self._lock:
            return self._held

    def release(self):
        with self._lock:
            self._hold_from = None
            self._released.set()

    def recover(self):
        self._refusing = ""
        self._accept_limit = None
        self._rejected.clear()
        self._delay = 0.0
        self.release()

    # --- what arrived -----------------------------------------------------------
    @property
    def messages(self):
        with self._lock:
            return list(self._messages)

    @property
    def sessions(self):
        """How many SMTP sessions (EHLO or HELO) clients opened."""
        with self._lock:
            return self._session_count

    def to(self, address):
        return [m for m in self.messages if address.lower() in (r.lower() for r in m.rcpt_tos)]

    def clear(self):
        with self._lock:
            self._messages.clear()
            self._session_count = 0

    def wait_for(self, predicate, timeout=10.0, interval=0.05):
        """Poll until ``predicate(messages)`` is true; returns the messages either way."""
        deadline = time.monotonic() + timeout
        while True:
            messages = self.messages
            if predicate(messages) or time.monotonic() > deadline:
                return messages
            time.sleep(interval)

    # --- called from the server's thread -----------------------------------------
    def _new_session(self):
        with self._lock:
            self._session_count += 1
            return next(self._sessions)

    async def _maybe_hold(self):
        with self._lock:
            if self._hold_from is None or len(self._messages) < self._hold_from:
                return
            self._held += 1
        try:
            # Polled, not awaited on an asyncio primitive: release() comes from the test's thread.
            while not self._released.is_set():
                await asyncio.sleep(0.01)
        finally:
            with self._lock:
                self._held -= 1

    def _rcpt_refusal(self, address):
        if self._refusing:
            return self._refusing
        if address.lower() in self._rejected:
            return NO_SUCH_USER
        return ""

    def _accept(self, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode()
        with self._lock:
            if self._accept_limit is not None and len(self._messages) >= self._accept_limit:
                return SERVICE_NOT_AVAILABLE
            self._messages.append(
                Received(
                    mail_from=envelope.mail_from,
                    rcpt_tos=tuple(envelope.rcpt_tos),
                    message=email.message_from_bytes(raw, policy=email.policy.default),
                    raw=raw,
                    session=getattr(session, "number", 0),
                    accepted_at=time.time(),
                )
            )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1, with Django's SMTP backend pointed at it."""
    # aiosmtpd logs every SMTP command at INFO; keep failure reports readable.
    mail_log = logging.getLogger("mail.log")
    level = mail_log.level
    mail_log.setLevel(logging.WARNING)
    server = LocalSmtpServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        server.stop()
        mail_log.setLevel(level)
