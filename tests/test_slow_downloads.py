"""A long export download is not cut off at gunicorn's worker timeout.

The export is one streamed response (exports/views.py); a slow phone may take
longer to download it than the worker timeout (30 s in production). A sync
worker is busy for the whole response and tells the arbiter nothing meanwhile,
so the arbiter kills it mid-download and the ZIP arrives cut. The production
config runs threaded workers (config/gunicorn.py): the worker's main loop keeps
reporting while a thread sends, so a download may take as long as it takes.

Here the production command runs with ``--timeout 2``. A signed-in user with a
few MB of letters downloads the export through a deliberately slow reader: a
small receive buffer, read at about 1 MB/s, so the download takes well over
twice the timeout. With the project's threaded worker the ZIP must arrive whole
(it opens, every member checks); the same download from a sync worker must be
cut, which shows the slow reader really outlasts the timeout.
"""

import http.client
import io
import os
import socket
import time
import zipfile

import pytest
from django.conf import settings

from tests.factories import LetterFactory, UserFactory
from tests.helpers.web import Gunicorn, signed_in_session

pytestmark = [
    pytest.mark.processes,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),  # the server reads what the test wrote
]

TIMEOUT = 2  # seconds: gunicorn's worker timeout for this test (production: 30)
LETTERS = 4
LETTER_BYTES = 2 * 1024 * 1024  # random bytes: they do not compress, so the ZIP is about 8 MB
RATE = 1024 * 1024  # bytes a second the slow reader takes
RECEIVE_BUFFER = 8 * 1024
PIECE = 16 * 1024
EXPORT = "/export/follow-up-data.zip"


def slow_download(port, path, session_key):
    """GET ``path`` through a small receive buffer, read at about ``RATE``:
    (status, bytes received, seconds taken, the error that cut it short or None)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)  # before connect: sets the window
    sock.settimeout(30)
    sock.connect(("127.0.0.1", port))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.sock = sock
    received = bytearray()
    error = None
    try:
        connection.request(
            "GET",
            path,
            headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}", "Connection": "close"},
        )
        response = connection.getresponse()
        started = time.monotonic()
        while True:
            try:
                piece = response.read(PIECE)
            except (http.client.HTTPException, OSError) as exc:  # IncompleteRead: the stream was cut
                error = exc
                break
            if not piece:
                break
            received += piece
            ahead = len(received) / RATE - (time.monotonic() - started)
            if ahead > 0:
                time.sleep(ahead)
        return response.status, bytes(received), time.monotonic() - started, error
    finally:
        connection.close()


def zip_problem(data):
    """Why ``data`` is not a whole, sound ZIP, or "" if it is."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            bad = archive.testzip()
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return f"{type(exc).__name__}: {exc}"
    if bad is not None:
        return f"{bad} is corrupt"
    letters = [name for name in names if name.startswith("letters/")]
    if len(letters) != LETTERS or "data.json" not in names:
        return f"members missing: {names}"
    return ""


@pytest.fixture
def big_export(private_media):
    """A signed-in user whose export is several MB (their letters' random bytes)."""
    user = UserFactory(email="rosa@example.com")
    for n in range(LETTERS):
        LetterFactory(
            owner=user,
            title=f"Letter {n}",
            file__filename=f"letter-{n}.pdf",
            file__data=b"%PDF-1.4\n" + os.urandom(LETTER_BYTES),
        )
    return signed_in_session(user)


@pytest.mark.parametrize(
    ("worker", "args"),
    [
        ("production's threaded worker", []),
        # A negative control: the same download from a sync worker (one thread, or
        # gunicorn would pick gthread anyway) is killed at the timeout.
        ("a sync worker", ["--worker-class", "sync", "--threads", "1"]),
    ],
)
def test_an_export_slower_than_the_worker_timeout_arrives_whole_only_from_threaded_workers(
    big_export, tmp_path, worker, args
):
    server = Gunicorn(tmp_path, "--workers", "1", "--timeout", str(TIMEOUT), *args)
    server.start()
    try:
        status, data, seconds, error = slow_download(server.port, EXPORT, big_export)
    finally:
        server.stop()
    assert status == 200, server.log()[-3000:]
    problem = zip_problem(data)
    summary = f"{worker}: {len(data)} bytes in {seconds:.1f} s, error {error!r}, zip: {problem or 'sound'}"
    print(summary)
    if not args:
        assert error is None and not problem, f"{summary}\n{server.log()[-3000:]}"
        assert seconds > 2 * TIMEOUT, f"{summary}: too fast to prove anything"
    else:
        assert error is not None or problem, (
            f"{summary}: the sync worker was not cut, so the reader is not slow enough"
        )
        assert "WORKER TIMEOUT" in server.log(), server.log()[-3000:]
