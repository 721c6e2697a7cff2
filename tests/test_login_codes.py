"""The life of a one-time code: it works once, in the browser that asked for it,
for a short while and for three tries; asking for codes is rate limited, in
Redis across every web worker, per real client address; and nobody can tell
from the answers whether an address has an account.

The happy paths (sign up, log in) are in tests/test_easy_access.py.
"""

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.factories import UserFactory
from tests.helpers.accounts import code_in, request_login_code, signup, without_csrf
from tests.helpers.production import ROOT, collect_static, flush_redis, production_env
from tests.smtp_server import free_port

pytestmark = pytest.mark.django_db

CONFIRM_LOGIN = reverse("account_confirm_login_code")
CONFIRM_SIGNUP = reverse("account_email_verification_sent")
# Where a login whose code can no longer be used sends the user: ask for a new code.
START_LOGIN = reverse("account_request_login_code")
TOO_MANY = "Too many failed login attempts. Try again later."


def wrong_code_for(code):
    return "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"


def signed_in_user(client):
    """Who the client's session belongs to, asked of a page that needs a sign-in."""
    response = client.get(reverse("dashboard"))
    return response.wsgi_request.user if response.status_code == 200 else None


# --- A code works once ----------------------------------------------------------------------


def test_login_code_works_once(client, alice):
    request_login_code(client, alice.email)
    code = code_in(mail.outbox[-1])
    before_sign_in = client.cookies["sessionid"].value

    response = client.post(CONFIRM_LOGIN, {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert signed_in_user(client) == alice

    client.post(reverse("account_logout"))
    assert signed_in_user(client) is None
    # The same code again, from the same browser...
    response = client.post(CONFIRM_LOGIN, {"code": code})
    assert response.status_code == 302 and response["Location"] != reverse("dashboard")
    assert signed_in_user(client) is None
    # ...and the very request that worked, replayed with the session it was sent from.
    replay = Client()
    replay.cookies["sessionid"] = before_sign_in
    response = replay.post(CONFIRM_LOGIN, {"code": code})
    assert response.status_code == 302 and response["Location"] != reverse("dashboard")
    assert signed_in_user(replay) is None


def test_signup_code_works_once(client):
    signup(client, "newcomer@example.com")
    code = code_in(mail.outbox[-1])
    before_sign_in = client.cookies["sessionid"].value

    client.post(CONFIRM_SIGNUP, {"code": code})
    newcomer = User.objects.get(email="newcomer@example.com")
    assert signed_in_user(client) == newcomer

    client.post(reverse("account_logout"))
    replay = Client()
    replay.cookies["sessionid"] = before_sign_in
    for browser in (client, replay):
        response = browser.post(CONFIRM_SIGNUP, {"code": code})
        assert response.status_code == 302 and response["Location"] == reverse("account_login")
        assert signed_in_user(browser) is None


# --- Three wrong codes end the attempt ------------------------------------------------------


def test_three_wrong_login_codes_end_the_attempt_and_the_right_code_then_fails(client, alice):
    request_login_code(client, alice.email)
    code = code_in(mail.outbox[-1])

    answers = [client.post(CONFIRM_LOGIN, {"code": wrong_code_for(code)}) for _ in range(3)]
    assert [a.status_code for a in answers[:2]] == [400, 400]
    assert "Incorrect code" in answers[0].content.decode()
    # The third wrong code ends the attempt: the user is sent back to start over, and told why.
    assert answers[2].status_code == 302 and answers[2]["Location"] == START_LOGIN
    assert TOO_MANY in client.get(answers[2]["Location"]).content.decode()

    response = client.post(CONFIRM_LOGIN, {"code": code})
    assert response.status_code == 302 and response["Location"] == START_LOGIN
    assert signed_in_user(client) is None
    alice.refresh_from_db()
    assert alice.last_login is None

    # Starting over works: a fresh code signs her in.
    request_login_code(client, alice.email)
    client.post(CONFIRM_LOGIN, {"code": code_in(mail.outbox[-1])})
    assert signed_in_user(client) == alice


def test_two_wrong_login_codes_leave_the_right_one_working(client, alice):
    request_login_code(client, alice.email)
    code = code_in(mail.outbox[-1])
    for _ in range(2):
        assert client.post(CONFIRM_LOGIN, {"code": wrong_code_for(code)}).status_code == 400
    client.post(CONFIRM_LOGIN, {"code": code})
    assert signed_in_user(client) == alice


def test_three_wrong_signup_codes_end_the_attempt_and_the_right_code_then_fails(client):
    signup(client, "newcomer@example.com")
    code = code_in(mail.outbox[-1])

    answers = [client.post(CONFIRM_SIGNUP, {"code": wrong_code_for(code)}) for _ in range(3)]
    assert [a.status_code for a in answers[:2]] == [400, 400]
    assert answers[2].status_code == 302 and answers[2]["Location"] == reverse("account_login")

    response = client.post(CONFIRM_SIGNUP, {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert signed_in_user(client) is None
    newcomer = User.objects.get(email="newcomer@example.com")
    assert not EmailAddress.objects.get(user=newcomer).verified
    assert newcomer.last_login is None

    # Starting over: a login code proves the address and signs them in.
    request_login_code(client, "newcomer@example.com")
    client.post(CONFIRM_LOGIN, {"code": code_in(mail.outbox[-1])})
    assert signed_in_user(client) == newcomer
    assert EmailAddress.objects.get(user=newcomer).verified


# --- Codes expire ------------------------------------------------------------------------------


@pytest.mark.parametrize(("minutes", "works"), [(9, True), (11, False)])
def test_login_code_lasts_ten_minutes(client, alice, minutes, works):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_login_code(client, alice.email)
        code = code_in(mail.outbox[-1])
        clock.shift(timedelta(minutes=minutes))
        client.post(CONFIRM_LOGIN, {"code": code})
        assert (signed_in_user(client) == alice) is works


# Two clocks stop a signup code at 15 minutes: the code's own timeout and allauth's
# ACCOUNT_LOGIN_TIMEOUT for the whole sign-in (also 15 minutes by default).
@pytest.mark.parametrize(("minutes", "works"), [(14, True), (16, False)])
def test_signup_code_lasts_fifteen_minutes(client, minutes, works):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        signup(client, "newcomer@example.com")
        code = code_in(mail.outbox[-1])
        clock.shift(timedelta(minutes=minutes))
        client.post(CONFIRM_SIGNUP, {"code": code})
        assert (signed_in_user(client) is not None) is works
    assert EmailAddress.objects.get(email="newcomer@example.com").verified is works


# --- A code belongs to the browser that asked for it -------------------------------------------


def test_login_code_does_not_work_in_another_browser(client, alice):
    request_login_code(client, alice.email)
    code = code_in(mail.outbox[-1])

    # A browser with no sign-in under way...
    stranger = Client()
    response = stranger.post(CONFIRM_LOGIN, {"code": code})
    assert response.status_code == 302 and response["Location"] == START_LOGIN
    assert signed_in_user(stranger) is None
    # ...and one that asked for its own code for the same address.
    other = Client()
    request_login_code(other, alice.email)
    assert code_in(mail.outbox[-1]) != code
    assert other.post(CONFIRM_LOGIN, {"code": code}).status_code == 400
    assert signed_in_user(other) is None

    # The browser that asked still can.
    client.post(CONFIRM_LOGIN, {"code": code})
    assert signed_in_user(client) == alice


def test_signup_code_does_not_work_in_another_browser(client):
    signup(client, "newcomer@example.com")
    code = code_in(mail.outbox[-1])

    stranger = Client()
    response = stranger.post(CONFIRM_SIGNUP, {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert signed_in_user(stranger) is None
    assert not EmailAddress.objects.get(email="newcomer@example.com").verified


# --- Rate limits -------------------------------------------------------------------------------


def test_code_requests_for_one_address_are_refused_after_three_with_a_reason(client, alice):
    def ask():
        client.cookies.clear()  # as a script hammering the form would
        return request_login_code(client, alice.email)

    answers = [ask() for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [302, 302, 302]
    assert answers[3].status_code == 429
    # The site's page says what happened and when to ask again (accounts.limits).
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", answers[3].content.decode()))
    assert "You have asked for several codes for alice@example.com in the last minute." in page
    assert "You can ask for a new code in about 1 minute." in page
    assert len(mail.outbox) == 3


def test_code_requests_from_one_address_are_refused_after_twenty(client):
    # Twenty different addresses from one client: the per-IP limit, not the per-address one.
    def ask(n):
        client.cookies.clear()
        return request_login_code(client, f"person{n}@example.com")

    answers = [ask(n) for n in range(21)]
    assert {a.status_code for a in answers[:20]} == {302}
    assert answers[20].status_code == 429
    assert TOO_MANY in answers[20].content.decode()


def test_signups_from_one_address_are_refused_after_twenty_with_a_reason(client):
    def sign_up(n):
        client.cookies.clear()  # each signup as from a new browser
        return signup(client, f"person{n}@example.com")

    answers = [sign_up(n) for n in range(21)]
    assert {a.status_code for a in answers[:20]} == {302}
    assert answers[20].status_code == 429
    page = answers[20].content.decode()
    assert '<h1 class="h3 mb-3">Too many requests</h1>' in page  # the site's own page, not a bare fallback
    assert "Please wait a few minutes and try again." in page
    assert "Back to the start page" in page
    assert User.objects.count() == 20


# --- Known and unknown addresses get the same answer ------------------------------------------


def answer_to(submit, email):
    """Everything a stranger sees after submitting an address from a fresh browser:
    status, target, header and cookie names of the answer and of the page it leads to,
    and that page's text."""
    client = Client()
    client.get(reverse("account_login"))  # a visitor arrives with a CSRF cookie, as from the form
    response = submit(client, email)
    page = client.get(response["Location"])
    html = without_csrf(page.content.decode()).replace(email, "EMAIL")
    return {
        "status": response.status_code,
        "location": response["Location"],
        "headers": sorted(response.headers),
        "cookies": sorted(response.cookies),
        "page status": page.status_code,
        "page headers": sorted(page.headers),
        "page cookies": sorted(page.cookies),
        "page": html,
    }


def test_login_gives_the_same_answer_for_known_and_unknown_addresses(alice):
    known = answer_to(request_login_code, "alice@example.com")
    unknown = answer_to(request_login_code, "nobody@example.com")
    assert (known["status"], known["location"], known["page status"]) == (302, CONFIRM_LOGIN, 200)
    assert "sessionid" in known["cookies"]
    assert known == unknown


def test_signup_gives_the_same_answer_for_known_and_unknown_addresses(alice):
    known = answer_to(signup, "alice@example.com")
    unknown = answer_to(signup, "newcomer@example.com")
    assert (known["status"], known["location"], known["page status"]) == (302, CONFIRM_SIGNUP, 200)
    assert "sessionid" in known["cookies"]
    assert known == unknown
    # The owner of the existing account is told by email; nobody gets a second account.
    assert User.objects.filter(email="alice@example.com").count() == 1
    assert [m.subject for m in mail.outbox] == [
        "[Follow-up] You already have a Follow-up account",
        "[Follow-up] Your code to finish signing up",
    ]


def test_a_wrong_code_gets_the_same_answer_for_known_and_unknown_addresses(alice):
    def wrong_code_answer(email):
        client = Client()
        request_login_code(client, email)
        response = client.post(CONFIRM_LOGIN, {"code": "AAAA-AAAA"})
        return (
            response.status_code,
            sorted(response.headers),
            without_csrf(response.content.decode()).replace(email, "EMAIL"),
        )

    assert wrong_code_answer("alice@example.com") == wrong_code_answer("nobody@example.com")


# --- The limits hold in production: several gunicorn workers, one Redis ------------------------
#
# Under config.settings.production, three gunicorn workers (separate processes, as
# production runs them) count in the shared Redis cache. Every request below
# opens a new connection, so the kernel hands them to whichever worker is free; the
# access log names the worker (its pid) that served each one. Were the counts kept
# per process (a memory cache), each worker would allow the full limit on its own.

WORKERS = 3
SIGNUP_LIMIT = 20  # allauth: "signup": "20/m/ip"
CODE_REQUEST_LIMIT_PER_ADDRESS = 3  # per client: "mail_to_address_from_client": "3/m/key" (accounts.limits)

# Below the 9 code requests of the first test below, so at least two processes answer
# them; no lower, as each fresh fork pays Django's first-request warm-up (about a second
# on a busy machine), and the limits count per minute.
MAX_REQUESTS = 5


class Gunicorn:
    """``python -m gunicorn config.wsgi`` with production settings on a free port."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.tmp_path = tmp_path
        self.outbox = tmp_path / "outbox"
        self.outbox.mkdir()
        self.access_log = tmp_path / "access.log"
        self.log = tmp_path / "gunicorn.log"
        self.env = production_env(
            HTTPS="false",  # plain http on 127.0.0.1; everything else as in production
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=f"http://127.0.0.1:{self.port}",
            # "filemail:///" + an absolute path: the backend writes each message to a file there.
            EMAIL_URL=f"filemail:///{self.outbox}",
            PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        )
        # Reached directly, with no proxy in front, so no forwarded address is trusted.
        # (docker-compose puts Caddy in front and sets TRUSTED_PROXY_COUNT=1: see
        # deploy/Caddyfile; test_proxy_buffering.py runs the two together.)
        self.env.pop("TRUSTED_PROXY_COUNT", None)
        self.proc = None

    def start(self):
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "--workers",
                    str(WORKERS),
                    # A worker answers at most MAX_REQUESTS requests, then a fresh fork
                    # replaces it: the requests are spread over many processes for sure
                    # (left to the kernel, one idle worker may take them all), and a limit
                    # counted per process would let far more than the limit through.
                    "--max-requests",
                    str(MAX_REQUESTS),
                    "--max-requests-jitter",
                    "0",
                    "--preload",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--access-logfile",
                    str(self.access_log),
                    "--access-logformat",
                    '%(p)s "%(r)s" %(s)s',
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while (
            len(re.findall(r"Booting worker with pid", self.log.read_text(errors="replace"))) < WORKERS
            or not self._healthy()
        ):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"gunicorn did not start:\n{self.log.read_text(errors='replace')}", pytrace=False)
            time.sleep(0.1)

    def _healthy(self):
        try:
            return self.request("GET", "/healthz/")[0] == 200
        except OSError:
            return False

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)  # gunicorn's quick shutdown; its workers go with it
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the group of the process this test started
            self.proc.wait(timeout=10)

    def request(self, method, path, body=None, headers=None):
        """One request on its own connection: (status, headers, text)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode(errors="replace")
        finally:
            connection.close()

    def form_post(self, path, fields, headers=None):
        """POST a form as a browser would, with the CSRF cookie and token of one visit."""
        body = urlencode({"csrfmiddlewaretoken": self.csrf_token, **fields})
        return self.request(
            "POST",
            path,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={self.csrf_cookie}",
                **(headers or {}),
            },
        )

    def visit_form(self, path):
        status, headers, html = self.request("GET", path)
        assert status == 200, html
        cookies = SimpleCookie()
        for line in headers.get_all("Set-Cookie") or []:
            cookies.load(line)
        self.csrf_cookie = cookies["csrftoken"].value
        self.csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def workers_that_served(self, method, path, count):
        """pid of the worker behind each of the ``count`` requests for ``path``, from the
        access log (a worker writes its line just after answering: wait a moment for it)."""
        pattern = re.compile(rf'^<(\d+)> "{method} {re.escape(path)} HTTP/1\.1" (\d+)$', re.MULTILINE)
        deadline = time.monotonic() + 10
        while (
            len(found := pattern.findall(self.access_log.read_text())) < count and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        return [pid for pid, _ in found]

    def emails_to(self, address):
        return sum(path.read_text().count(f"\nTo: {address}\n") for path in self.outbox.iterdir())


def spread(statuses, workers):
    """How many requests each worker served and accepted, for a failure message."""
    accepted = Counter(pid for pid, status in zip(workers, statuses, strict=False) if status == 302)
    return (
        f"{sum(accepted.values())} of {len(statuses)} accepted; "
        f"served per worker {dict(Counter(workers))}, accepted per worker {dict(accepted)}"
    )


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, tmp_path_factory):
    collect_static()
    server = Gunicorn(tmp_path_factory.mktemp("gunicorn"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
        print(server.log.read_text(errors="replace"))  # shown if a test failed


@pytest.fixture
def served_by_gunicorn(gunicorn, transactional_db):
    """The server, with empty rate-limit counters and a fresh access log."""
    flush_redis()
    gunicorn.access_log.write_text("")
    yield gunicorn
    flush_redis()


@pytest.mark.processes
@pytest.mark.postgres
@pytest.mark.redis
def test_code_requests_for_one_address_are_counted_once_across_workers(served_by_gunicorn):
    server = served_by_gunicorn
    UserFactory(email="alice@example.com")
    server.visit_form("/accounts/login/")
    attempts = CODE_REQUEST_LIMIT_PER_ADDRESS * WORKERS
    statuses = [
        server.form_post("/accounts/login/", {"login": "alice@example.com"})[0] for _ in range(attempts)
    ]

    workers = server.workers_that_served("POST", "/accounts/login/", attempts)
    assert len(workers) == attempts
    assert len(set(workers)) >= 2, (
        f"all requests went to one worker ({workers}): this run proves nothing about sharing"
    )
    expected = [302] * CODE_REQUEST_LIMIT_PER_ADDRESS + [429] * (attempts - CODE_REQUEST_LIMIT_PER_ADDRESS)
    assert statuses == expected, spread(statuses, workers)
    assert server.emails_to("alice@example.com") == CODE_REQUEST_LIMIT_PER_ADDRESS


@pytest.mark.processes
@pytest.mark.postgres
@pytest.mark.redis
def test_signups_from_one_client_are_counted_once_across_workers(served_by_gunicorn):
    server = served_by_gunicorn
    server.visit_form("/accounts/signup/")
    attempts = SIGNUP_LIMIT + 10
    answers = [
        server.form_post("/accounts/signup/", {"email": f"person{n}@example.com"}) for n in range(attempts)
    ]

    workers = server.workers_that_served("POST", "/accounts/signup/", attempts)
    assert len(workers) == attempts
    assert len(set(workers)) >= 2, (
        f"all requests went to one worker ({workers}): this run proves nothing about sharing"
    )
    statuses = [status for status, _, _ in answers]
    assert statuses == [302] * SIGNUP_LIMIT + [429] * (attempts - SIGNUP_LIMIT), spread(statuses, workers)
    assert "Too many requests</h1>" in answers[-1][2]
    assert User.objects.count() == SIGNUP_LIMIT


@pytest.mark.processes
@pytest.mark.postgres
@pytest.mark.redis
def test_forged_forwarded_for_headers_do_not_reset_the_limit(served_by_gunicorn):
    server = served_by_gunicorn
    server.visit_form("/accounts/signup/")
    attempts = SIGNUP_LIMIT + 10

    def signup_as_if_from(n):
        fake = f"203.0.113.{n + 1}"  # a different made-up client address on every request
        headers = {
            "X-Forwarded-For": fake,
            "X-Real-IP": fake,
            "Forwarded": f"for={fake}",
            "CF-Connecting-IP": fake,
        }
        return server.form_post("/accounts/signup/", {"email": f"forger{n}@example.com"}, headers)[0]

    statuses = [signup_as_if_from(n) for n in range(attempts)]
    workers = server.workers_that_served("POST", "/accounts/signup/", attempts)
    assert statuses == [302] * SIGNUP_LIMIT + [429] * (attempts - SIGNUP_LIMIT), spread(statuses, workers)
    assert User.objects.count() == SIGNUP_LIMIT


@pytest.mark.parametrize(("environment", "trusted"), [({}, 0), ({"TRUSTED_PROXY_COUNT": "1"}, 1)])
def test_forwarded_addresses_are_trusted_only_when_a_proxy_count_is_set(environment, trusted):
    env = {key: value for key, value in production_env().items() if key != "TRUSTED_PROXY_COUNT"}
    code = (
        "import django; django.setup(); from allauth import app_settings; "
        "print(app_settings.TRUSTED_PROXY_COUNT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(trusted)]
