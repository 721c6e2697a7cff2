"""The web tier as production runs it, as real processes: gunicorn with
config/gunicorn.py (the Dockerfile's and docker-compose's command) under
``config.settings.production``, and Caddy with deploy/Caddyfile in front.
Each is started in a process group of its own, waited for with a bound, and
stopped at teardown.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings

from tests.helpers.production import PRODUCTION_ENV, ROOT, collect_static, production_env
from tests.smtp_server import free_port

START_TIMEOUT = 60  # gunicorn imports Django and the app; generous for a busy machine
STOP_TIMEOUT = 20
SECRET_KEY = PRODUCTION_ENV["SECRET_KEY"]
CADDYFILE = ROOT / "deploy" / "Caddyfile"


def production_command(bind):
    """The web command from the Dockerfile's CMD (gunicorn and its options), bound to ``bind``."""
    cmd = next(line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD "))
    args = json.loads(cmd.removeprefix("CMD "))
    assert args[:2] == ["gunicorn", "config.wsgi"], (
        f"the Dockerfile no longer runs gunicorn config.wsgi: {args}"
    )
    args[args.index("--bind") + 1] = bind
    return args


def _wait_for(ready, proc, what, log):
    deadline = time.monotonic() + START_TIMEOUT
    while not ready():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start:\n{log()}")
        time.sleep(0.1)


def _stop(proc, first_signal=signal.SIGTERM):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(first_signal)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the group of the process this test started
        proc.wait(timeout=10)


def answers(port, path="/healthz/", timeout=2.0):
    """The status line's code for a GET on 127.0.0.1:``port``, or 0 if nothing answered."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            head = sock.recv(64)
    except OSError:
        return 0
    parts = head.split(b" ", 2)
    return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else 0


class Gunicorn:
    """The Dockerfile's command (``gunicorn config.wsgi --config python:config.gunicorn``)
    on a free port, with ``extra_args`` after it (the command line overrides the config file)."""

    def __init__(self, tmp_path, *extra_args, **env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = tmp_path / "gunicorn.log"
        self.env = production_env(
            HTTPS="false",  # plain http on 127.0.0.1; everything else as in production
            SECRET_KEY=SECRET_KEY,
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=self.base,
            EMAIL_URL="consolemail://",
            PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
            PYTHONUNBUFFERED="1",
            **env,
        )
        self.args = [sys.executable, "-m", *production_command(f"127.0.0.1:{self.port}"), *extra_args]
        self.proc = None

    def start(self):
        collect_static()
        with open(self.log_path, "wb") as out:
            self.proc = subprocess.Popen(
                self.args,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            _wait_for(lambda: answers(self.port) == 200, self.proc, "gunicorn", self.log)
        except RuntimeError:
            self.stop()
            raise
        return self

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def trouble(self, lines=60):
        """The end of the log without the access lines of answered requests."""
        answered = re.compile(r'^127\.0\.0\.1 .*" [23]\d\d ')
        return "\n".join([line for line in self.log().splitlines() if not answered.match(line)][-lines:])

    def stop(self):
        _stop(self.proc, signal.SIGINT)  # gunicorn's quick shutdown; its workers go with it


class Caddy:
    """``caddy run`` with deploy/Caddyfile, listening on a free port in front of ``upstream``."""

    BINARY = "caddy"

    def __init__(self, tmp_path, upstream_port):
        self.port = free_port()
        self.log_path = tmp_path / "caddy.log"
        home = tmp_path / "caddy-home"
        home.mkdir(exist_ok=True)
        self.env = {
            **os.environ,
            "SITE_ADDRESS": f":{self.port}",
            "UPSTREAM": f"127.0.0.1:{upstream_port}",
            # Caddy keeps its state (certificates, autosave) under these: a folder of the test's.
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
        }
        self.proc = None

    @classmethod
    def problem(cls):
        return "" if shutil.which(cls.BINARY) else "caddy is not installed (apt-get install -y caddy)"

    def start(self):
        with open(self.log_path, "wb") as out:
            self.proc = subprocess.Popen(
                [self.BINARY, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            _wait_for(lambda: answers(self.port) == 200, self.proc, "caddy", self.log)
        except RuntimeError:
            self.stop()
            raise
        return self

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self):
        _stop(self.proc)


def signed_in_session(user):
    """The key of a session as signing in leaves it, stored where production reads it."""
    with override_settings(SECRET_KEY=SECRET_KEY):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key
