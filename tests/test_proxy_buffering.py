"""Caddy in front of gunicorn keeps slow clients away from gunicorn's workers.

A client that sends a request's first bytes and then holds the connection open
ties up whoever reads that request. gunicorn reads a request in a worker thread
and waits for the rest, so a few such clients take every thread and everyone
else waits. docker-compose.yml puts Caddy (deploy/Caddyfile) in front: Caddy
reads each request whole before it opens a connection to gunicorn, so a slow
client only holds one of Caddy's connections.

Both tests use one gunicorn run as production runs it (``gunicorn config.wsgi
--config python:config.gunicorn``) with 1 worker of 1 thread, so two slow
clients are more than enough to take all it has:

- through the real Caddy with the project's Caddyfile, a normal request made
  while two slow clients hold their connections is answered at once;
- the control: the same slow clients straight at gunicorn stall the same
  request until they let go.
"""

import socket
import time

import pytest

from tests.helpers.web import Caddy, Gunicorn

pytestmark = [pytest.mark.processes, pytest.mark.postgres, pytest.mark.redis]

PROMPT = 2.0  # seconds: what "answered at once" allows on a busy machine
SLOW_CLIENTS = 2
PAGE = "/accounts/login/"


def slow_clients(port):
    """``SLOW_CLIENTS`` connections that each send part of a request's headers, then wait."""
    sockets = []
    for n in range(SLOW_CLIENTS):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(f"GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-{n}: ".encode())
        sockets.append(sock)
    time.sleep(0.5)  # let the server take them up
    return sockets


def send_request(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(f"GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    return sock


def status_within(sock, seconds):
    """The status code the server answers on ``sock`` within ``seconds``, or None."""
    sock.settimeout(seconds)
    try:
        head = sock.recv(64)
    except TimeoutError:
        return None
    return int(head.split(b" ", 2)[1])


def close_all(sockets):
    for sock in sockets:
        sock.close()


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, tmp_path_factory):
    server = Gunicorn(tmp_path_factory.mktemp("gunicorn"), "--workers", "1", "--threads", "1")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def caddy(gunicorn, tmp_path_factory):
    # A missing Caddy skips the test outside CI and fails it under CI=true (the
    # "caddy" marker, tests/conftest.py).
    proxy = Caddy(tmp_path_factory.mktemp("caddy"), gunicorn.port)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


def timed_request(port):
    sock = send_request(port)
    started = time.monotonic()
    try:
        return status_within(sock, 10), time.monotonic() - started
    finally:
        sock.close()


@pytest.mark.caddy
def test_through_caddy_slow_clients_do_not_hold_up_anyone_else(caddy, gunicorn):
    assert timed_request(caddy.port)[0] == 200  # the page is warm, as a running site's is
    held = slow_clients(caddy.port)
    try:
        status, seconds = timed_request(caddy.port)
        # The slow clients are still connected and waiting: Caddy has not given up on them.
        assert all(status_within(sock, 0.1) is None for sock in held)
    finally:
        close_all(held)
    print(f"through Caddy, with {SLOW_CLIENTS} slow clients holding on: {status} in {seconds:.2f} s")
    assert status == 200 and seconds < PROMPT, (
        f"answered {status} after {seconds:.2f} s\n{caddy.log()[-2000:]}\n{gunicorn.log()[-2000:]}"
    )


def test_control_straight_at_gunicorn_the_same_slow_clients_stall_it(gunicorn):
    assert timed_request(gunicorn.port)[0] == 200
    held = slow_clients(gunicorn.port)
    waiting = send_request(gunicorn.port)
    try:
        stalled = status_within(waiting, PROMPT)
        close_all(held)  # the slow clients let go: the thread is free again
        released = time.monotonic()
        status = status_within(waiting, 10)
        after = time.monotonic() - released
    finally:
        close_all(held)
        waiting.close()
    print(
        f"straight at gunicorn: no answer in {PROMPT} s; {status} {after:.2f} s after the slow clients left"
    )
    assert stalled is None, f"gunicorn answered ({stalled}) while its only thread was held: no control"
    assert status == 200, gunicorn.log()[-2000:]
