"""What a stranger, a flooder or a borrowed session cannot do to an account.

- Asking for codes is counted per address and client, so a stranger flooding
  someone's address does not lock its owner out; hourly caps per address and
  per client stop anyone from mailing an address (or everyone) forever.
- Changing the sign-in address or deleting the account needs a fresh code sent
  to the current address, and the old address is told after a change.
- A code typed after its account was deleted gets a clear answer, and the
  deleted account's sessions are gone with it.
"""

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import user_delete
from tests.factories import UserFactory
from tests.helpers.accounts import CODE, code_in, request_login_code, signup
from tests.helpers.production import ROOT, collect_static, flush_redis, production_env
from tests.smtp_server import free_port

pytestmark = pytest.mark.django_db

CONFIRM_LOGIN = reverse("account_confirm_login_code")
CONFIRM_SIGNUP = reverse("account_email_verification_sent")
START_LOGIN = reverse("account_request_login_code")


def client_at(ip):
    """A browser whose requests come from ``ip``."""
    return Client(REMOTE_ADDR=ip)


def ask_for_code(ip, email):
    """A code request from a fresh browser at ``ip``, as a script hammering the form would send it."""
    return request_login_code(client_at(ip), email)


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def text_of(response):
    """The page's words, whitespace collapsed (templates break lines where they like)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def sessions_naming(user):
    """Stored sessions that still hold the user's id or one of their addresses."""
    found = []
    for session in Session.objects.all():
        data = session.get_decoded()
        if data.get(SESSION_KEY) == str(user.pk) or user.email in str(data):
            found.append(session.session_key)
    return found


# --- A deleted account leaves nothing behind, and its codes get a clear answer ----------------


def test_deleting_an_account_deletes_its_sessions_on_every_device(alice, bob):
    phone = Client()
    phone.force_login(alice)
    library = Client()  # in the middle of signing in
    request_login_code(library, alice.email)
    bobs = Client()
    bobs.force_login(bob)
    assert len(sessions_naming(alice)) == 2

    laptop = Client()
    laptop.force_login(alice)
    response = laptop.post(reverse("delete_account"), {"confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert sessions_naming(alice) == []
    assert len(sessions_naming(bob)) == 1
    assert bobs.get(reverse("dashboard")).status_code == 200


def test_a_waiting_sign_in_is_found_by_the_account_it_names_not_only_by_address():
    carol = UserFactory(id=4242, email="carol@example.com")  # allauth writes her id as "39u" there
    library = Client()
    request_login_code(library, carol.email)
    EmailAddress.objects.filter(user=carol).update(email="carol.new@example.com")
    User.objects.filter(pk=carol.pk).update(email="carol.new@example.com")
    carol.refresh_from_db()
    [waiting] = Session.objects.all()

    user_delete(user=carol)

    assert not Session.objects.filter(session_key=waiting.session_key).exists()


def test_a_login_code_typed_after_the_account_was_deleted_gets_a_clear_answer(alice):
    phone = Client(raise_request_exception=False)
    request_login_code(phone, alice.email)
    code = code_in(mail.outbox[-1])
    laptop = Client()
    laptop.force_login(alice)
    laptop.post(reverse("delete_account"), {"confirm": "on"})

    response = phone.post(CONFIRM_LOGIN, {"code": code})

    assert response.status_code == 302 and response["Location"] == START_LOGIN
    page = phone.get(response["Location"])
    assert "That code can no longer be used" in text_of(page)
    assert "ask for a new code" in text_of(page)
    assert phone.get(reverse("dashboard")).status_code == 302  # not signed in


def test_a_login_code_for_an_account_removed_in_the_admin_gets_a_clear_answer(alice):
    # The admin's delete button removes the user alone: the waiting sign-in stays in its session.
    phone = Client(raise_request_exception=False)
    request_login_code(phone, alice.email)
    code = code_in(mail.outbox[-1])
    User.objects.filter(pk=alice.pk).delete()

    response = phone.post(CONFIRM_LOGIN, {"code": code})

    assert response.status_code == 302 and response["Location"] == START_LOGIN
    assert "That code can no longer be used" in text_of(phone.get(response["Location"]))


def test_a_signup_code_for_an_account_removed_since_gets_a_clear_answer():
    browser = Client(raise_request_exception=False)
    signup(browser, "newcomer@example.com")
    code = code_in(mail.outbox[-1])
    User.objects.filter(email="newcomer@example.com").delete()

    response = browser.post(CONFIRM_SIGNUP, {"code": code})

    assert response.status_code == 302 and response["Location"] == START_LOGIN
    assert "That code can no longer be used" in text_of(browser.get(response["Location"]))


# --- A stranger cannot lock a user out; nobody can mail an address, or everyone, forever -------

OWNER_IP = "198.51.100.7"
STRANGER_IP = "203.0.113.9"


def test_a_stranger_asking_for_codes_for_someone_else_does_not_lock_the_owner_out(alice):
    answers = [ask_for_code(STRANGER_IP, alice.email) for _ in range(6)]
    assert [a.status_code for a in answers] == [302] * 3 + [429] * 3

    owner = client_at(OWNER_IP)
    response = request_login_code(owner, alice.email)

    assert response.status_code == 302 and response["Location"] == CONFIRM_LOGIN
    assert len(emails_to(alice.email)) == 4
    owner.post(CONFIRM_LOGIN, {"code": code_in(mail.outbox[-1])})
    assert owner.get(reverse("dashboard")).status_code == 200


def test_asking_again_and_again_slows_only_the_asker_and_says_until_when(alice):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            assert ask_for_code(OWNER_IP, alice.email).status_code == 302
        clock.shift(timedelta(seconds=20))
        refused = ask_for_code(OWNER_IP, alice.email)

        assert refused.status_code == 429
        assert refused["Retry-After"] == "40"
        page = text_of(refused)
        assert "You have asked for several codes for alice@example.com in the last minute." in page
        assert "You can ask for a new code in about 1 minute." in page
        assert len(emails_to(alice.email)) == 3

        clock.shift(timedelta(seconds=41))
        assert ask_for_code(OWNER_IP, alice.email).status_code == 302


def test_an_address_is_sent_at_most_ten_codes_an_hour_however_many_clients_ask(alice):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        statuses = []
        for n in range(12):
            statuses.append(ask_for_code(f"203.0.113.{n + 1}", alice.email).status_code)
            clock.shift(timedelta(minutes=1))
        assert statuses == [302] * 10 + [429] * 2
        assert len(emails_to(alice.email)) == 10

        refused = ask_for_code(OWNER_IP, alice.email)
        page = text_of(refused)
        assert refused.status_code == 429 and refused["Retry-After"] == str(60 * 60 - 12 * 60)
        assert "alice@example.com has been sent as many codes as we allow in an hour." in page
        assert "You can ask for a new code in about 48 minutes." in page

        clock.shift(timedelta(minutes=48))
        assert ask_for_code(OWNER_IP, alice.email).status_code == 302


def test_a_browser_that_signed_in_before_still_gets_a_code_when_strangers_used_up_the_hour(alice):
    owner = client_at(OWNER_IP)
    request_login_code(owner, alice.email)
    owner.post(CONFIRM_LOGIN, {"code": code_in(mail.outbox[-1])})
    owner.post(reverse("account_logout"))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(12):
            ask_for_code(f"203.0.113.{n + 1}", alice.email)
            clock.shift(timedelta(minutes=1))
        assert ask_for_code(OWNER_IP, alice.email).status_code == 429  # a new browser must wait

        response = request_login_code(owner, alice.email)

        assert response.status_code == 302
        owner.post(CONFIRM_LOGIN, {"code": code_in(mail.outbox[-1])})
        assert owner.get(reverse("dashboard")).status_code == 200


def test_a_browser_left_signed_in_cannot_flood_its_owner_with_confirmation_codes(alice):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        browser = client_at(OWNER_IP)
        request_login_code(browser, alice.email)  # one email this hour, and the browser is now a known device
        browser.post(CONFIRM_LOGIN, {"code": code_in(mail.outbox[-1])})
        statuses = []
        for _ in range(10):
            clock.shift(timedelta(minutes=1))
            statuses.append(browser.post(reverse("confirm_identity"), {"action": "send"}).status_code)
        assert statuses == [302] * 9 + [429]
        assert len(emails_to(alice.email)) == 10


def test_one_client_can_have_at_most_sixty_codes_sent_an_hour(db):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        statuses = []
        for n in range(61):
            if n and n % 15 == 0:
                clock.shift(timedelta(minutes=1))  # under allauth's 20 a minute per client
            statuses.append(ask_for_code(STRANGER_IP, f"person{n}@example.com").status_code)
        assert statuses == [302] * 60 + [429]
        assert len(mail.outbox) == 60
        page = text_of(ask_for_code(STRANGER_IP, "someone.else@example.com"))
        assert "many requests for codes from your network in the last hour" in page
        # Another client is not affected.
        assert ask_for_code(OWNER_IP, "someone.else@example.com").status_code == 302


def test_signing_up_again_and_again_with_someone_elses_address_is_capped_too(alice):
    statuses = [signup(client_at(STRANGER_IP), alice.email).status_code for _ in range(5)]
    assert statuses == [302] * 3 + [429] * 2
    assert len(emails_to(alice.email)) == 3


# --- A borrowed session cannot take the account: a fresh code to the current address first ----

EMAIL_PAGE = reverse("account_email")
DELETE_PAGE = reverse("delete_account")
CONFIRM_IT_IS_YOU = reverse("confirm_identity")


def borrowed_session(user):
    """A browser signed in as ``user`` yesterday (sessions are kept two weeks): left
    unlocked on a shared computer, or its cookie copied."""
    browser = Client()
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        browser.force_login(user)
    return browser


def change_address(browser, new_address):
    """Ask to move the account to ``new_address``, then type the code sent there."""
    response = browser.post(EMAIL_PAGE, {"action_add": "", "email": new_address})
    if response.status_code == 302 and response["Location"] == CONFIRM_SIGNUP:
        browser.post(CONFIRM_SIGNUP, {"code": code_in(emails_to(new_address)[-1])})
    return response


def confirm_it_is_you(browser, user, next_url=EMAIL_PAGE):
    """Ask for a code to the account's current address and type it in."""
    url = f"{CONFIRM_IT_IS_YOU}?next={next_url}"
    browser.post(url, {"action": "send", "next": next_url})
    return browser.post(
        url, {"action": "confirm", "code": code_in(emails_to(user.email)[-1]), "next": next_url}
    )


def test_a_borrowed_session_cannot_move_the_account_to_another_address(alice):
    thief = borrowed_session(alice)

    assert thief.get(EMAIL_PAGE)["Location"].startswith(CONFIRM_IT_IS_YOU)
    response = change_address(thief, "thief@example.com")

    assert response.status_code == 302 and response["Location"].startswith(CONFIRM_IT_IS_YOU)
    assert emails_to("thief@example.com") == []
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert list(EmailAddress.objects.filter(user=alice).values_list("email", flat=True)) == [
        "alice@example.com"
    ]


def test_a_borrowed_session_cannot_delete_the_account(alice):
    thief = borrowed_session(alice)

    assert thief.get(DELETE_PAGE)["Location"].startswith(CONFIRM_IT_IS_YOU)
    response = thief.post(DELETE_PAGE, {"confirm": "on"})

    assert response.status_code == 302 and response["Location"].startswith(CONFIRM_IT_IS_YOU)
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_owner_confirms_with_a_code_sent_to_the_current_address_then_changes_it(alice):
    browser = borrowed_session(alice)  # the owner's own browser, signed in yesterday
    page = browser.get(f"{CONFIRM_IT_IS_YOU}?next={EMAIL_PAGE}")
    assert "We will email a code to a***@example.com" in text_of(page)

    response = confirm_it_is_you(browser, alice)

    assert [m.subject for m in emails_to("alice@example.com")] == [
        "[Follow-up] Your code to confirm it's you"
    ]
    assert response.status_code == 302 and response["Location"] == EMAIL_PAGE
    assert browser.get(EMAIL_PAGE).status_code == 200
    change_address(browser, "alice.new@example.com")
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.com"


def test_a_confirmation_lasts_five_minutes(alice):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        browser = borrowed_session(alice)
        confirm_it_is_you(browser, alice)
        clock.shift(timedelta(minutes=4))
        assert browser.get(EMAIL_PAGE).status_code == 200
        assert browser.get(DELETE_PAGE).status_code == 200
        clock.shift(timedelta(minutes=2))
        assert browser.get(EMAIL_PAGE)["Location"].startswith(CONFIRM_IT_IS_YOU)


def test_signing_in_by_code_just_now_counts_as_confirming(alice):
    browser = Client()
    request_login_code(browser, alice.email)
    browser.post(CONFIRM_LOGIN, {"code": code_in(mail.outbox[-1])})
    assert browser.get(EMAIL_PAGE).status_code == 200


def test_the_address_typed_before_confirming_is_not_lost(alice):
    browser = borrowed_session(alice)
    response = browser.post(EMAIL_PAGE, {"action_add": "", "email": "alice.new@example.com"})
    assert response["Location"] == f"{CONFIRM_IT_IS_YOU}?{urlencode({'next': EMAIL_PAGE})}"

    response = confirm_it_is_you(browser, alice)

    # The change asked for goes on: the new address gets its code.
    assert response.status_code == 302 and response["Location"] == CONFIRM_SIGNUP
    browser.post(CONFIRM_SIGNUP, {"code": code_in(emails_to("alice.new@example.com")[-1])})
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.com"


def test_the_confirmation_code_works_once(alice):
    browser = borrowed_session(alice)
    confirm_it_is_you(browser, alice)
    code = code_in(emails_to(alice.email)[-1])
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = browser.post(CONFIRM_IT_IS_YOU, {"action": "confirm", "code": code})
        assert response.status_code == 400
        assert "Ask for a new code" in text_of(response)
        assert browser.get(EMAIL_PAGE)["Location"].startswith(CONFIRM_IT_IS_YOU)


def test_three_wrong_confirmation_codes_end_it(alice):
    browser = borrowed_session(alice)
    browser.post(CONFIRM_IT_IS_YOU, {"action": "send"})
    code = code_in(emails_to(alice.email)[-1])
    wrong = "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"
    answers = [browser.post(CONFIRM_IT_IS_YOU, {"action": "confirm", "code": wrong}) for _ in range(3)]
    assert [a.status_code for a in answers] == [400, 400, 400]
    assert "That code is not right" in text_of(answers[0])
    assert "third wrong code" in text_of(answers[2])

    assert browser.post(CONFIRM_IT_IS_YOU, {"action": "confirm", "code": code}).status_code == 400
    assert browser.get(DELETE_PAGE)["Location"].startswith(CONFIRM_IT_IS_YOU)


@pytest.mark.parametrize(("minutes", "works"), [(9, True), (11, False)])
def test_the_confirmation_code_lasts_ten_minutes(alice, minutes, works):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        browser = borrowed_session(alice)
        browser.post(CONFIRM_IT_IS_YOU, {"action": "send"})
        clock.shift(timedelta(minutes=minutes))
        browser.post(CONFIRM_IT_IS_YOU, {"action": "confirm", "code": code_in(emails_to(alice.email)[-1])})
        assert (browser.get(DELETE_PAGE).status_code == 200) is works


def test_the_confirmation_code_is_kept_hashed_and_only_for_this_browser(alice):
    browser = borrowed_session(alice)
    browser.post(CONFIRM_IT_IS_YOU, {"action": "send"})
    code = code_in(emails_to(alice.email)[-1])
    stored = " ".join(str(session.get_decoded()) for session in Session.objects.all())
    assert code not in stored and code.replace("-", "") not in stored

    other = borrowed_session(alice)
    assert other.post(CONFIRM_IT_IS_YOU, {"action": "confirm", "code": code}).status_code == 400
    assert other.get(DELETE_PAGE)["Location"].startswith(CONFIRM_IT_IS_YOU)


def test_the_old_address_is_told_after_a_change(alice):
    browser = borrowed_session(alice)
    confirm_it_is_you(browser, alice)
    change_address(browser, "nora.new@example.com")

    [notice] = [m for m in emails_to("alice@example.com") if "changed" in m.subject]
    assert notice.subject == "[Follow-up] Your sign-in address was changed"
    assert "was changed to n***@example.com" in notice.body
    assert "nora.new@example.com" not in notice.body
    assert "If this wasn't you" in notice.body


# --- The emails about a change of address say what is happening -----------------------------


def test_the_code_for_a_new_address_says_it_is_for_a_change_of_address(alice):
    alice_client = Client()
    alice_client.force_login(alice)
    change_address(alice_client, "alice.new@example.com")

    [message] = emails_to("alice.new@example.com")
    assert message.subject == "[Follow-up] Your code to confirm your new sign-in address"
    assert "signing up" not in message.body and "open a Follow-up account" not in message.body
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.com"


def test_asking_to_move_to_an_address_that_has_an_account_tells_its_owner_the_truth(alice, bob):
    alice_client = Client()
    alice_client.force_login(alice)
    to_bob = alice_client.post(EMAIL_PAGE, {"action_add": "", "email": bob.email})
    to_nobody = Client()
    to_nobody.force_login(UserFactory(email="carol@example.com"))
    to_free = to_nobody.post(EMAIL_PAGE, {"action_add": "", "email": "free@example.com"})

    # alice sees what anyone moving to a free address sees: whether bob has an account stays hidden.
    assert (
        (to_bob.status_code, to_bob["Location"])
        == (to_free.status_code, to_free["Location"])
        == (
            302,
            CONFIRM_SIGNUP,
        )
    )
    [message] = emails_to(bob.email)
    assert message.subject == "[Follow-up] Someone asked to move an account to this address"
    assert "already has its own Follow-up account" in message.body
    assert "nothing was changed" in message.body
    assert not CODE.search(message.body)
    assert "signing up" not in message.subject and "open a Follow-up account" not in message.body
    # And nothing can come of it.
    alice_client.post(CONFIRM_SIGNUP, {"code": "AAAA-AAAA"})
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert (alice.email, bob.email) == ("alice@example.com", "bob@example.com")


# --- The same over real HTTP: production settings, gunicorn, Redis, two client addresses ------


class ProductionServer:
    """``gunicorn config.wsgi`` under config.settings.production on 127.0.0.1, its emails
    written to files. Every 127.x.y.z address is this machine, so browsers can connect
    from different client addresses (as no proxy is trusted, those are what count)."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.outbox = tmp_path / "outbox"
        self.outbox.mkdir()
        self.log = tmp_path / "gunicorn.log"
        self.env = production_env(
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=f"http://127.0.0.1:{self.port}",
            HTTPS="false",  # plain http on 127.0.0.1; everything else as in production
            EMAIL_URL=f"filemail:///{self.outbox}",
            PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY="2",
        )
        self.env.pop("TRUSTED_PROXY_COUNT", None)  # no proxy in front: the client address is the peer's

    def __enter__(self):
        collect_static()
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "python:config.gunicorn"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                pytest.fail(f"gunicorn did not start:\n{self.log.read_text(errors='replace')}", pytrace=False)
            time.sleep(0.1)
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the group of the process started above
                self.process.wait(timeout=10)

    def _healthy(self):
        try:
            return Browser(self, "127.0.0.1").get("/healthz/")[0] == 200
        except OSError:
            return False

    def emails_to(self, address):
        return [
            path.read_text()
            for path in sorted(self.outbox.iterdir(), key=lambda path: path.stat().st_mtime_ns)
            if f"\nTo: {address}\n" in path.read_text()
        ]


class Browser:
    """A browser at one client address: keeps its cookies, posts forms with their CSRF token."""

    def __init__(self, server, ip):
        self.server, self.ip = server, ip
        self.cookies = SimpleCookie()
        self.csrf_token = ""

    def request(self, method, path, fields=None):
        headers = {"Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={morsel.value}" for name, morsel in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode({"csrfmiddlewaretoken": self.csrf_token, **fields})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.server.port, timeout=30, source_address=(self.ip, 0)
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            status, headers, text = (
                response.status,
                response.headers,
                response.read().decode(errors="replace"),
            )
        finally:
            connection.close()
        for line in headers.get_all("Set-Cookie") or []:
            self.cookies.load(line)
        if token := re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text):
            self.csrf_token = token.group(1)
        return status, headers, text

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, fields)


@pytest.fixture(scope="module")
def production_server(django_db_setup, tmp_path_factory):
    with ProductionServer(tmp_path_factory.mktemp("production")) as server:
        yield server


@pytest.fixture
def served(production_server, transactional_db):
    """The server, its rate-limit counts (in Redis) empty."""
    flush_redis()
    yield production_server
    flush_redis()


@pytest.mark.postgres
@pytest.mark.redis
def test_over_http_a_stranger_flooding_an_address_does_not_keep_its_owner_from_a_code(served):
    UserFactory(email="alice@example.com")

    def stranger_asks():  # a script: a fresh visit to the form each time, no cookies kept
        stranger = Browser(served, "127.0.0.2")
        stranger.get("/accounts/login/")
        return stranger.post("/accounts/login/", {"login": "alice@example.com"})[0]

    statuses = [stranger_asks() for _ in range(10)]
    assert statuses == [302] * 3 + [429] * 7

    owner = Browser(served, "127.0.0.1")
    owner.get("/accounts/login/")
    status, headers, _ = owner.post("/accounts/login/", {"login": "alice@example.com"})

    assert status == 302 and headers["Location"] == CONFIRM_LOGIN
    emails = served.emails_to("alice@example.com")
    assert len(emails) == 4
    owner.get(CONFIRM_LOGIN)
    status, headers, _ = owner.post(CONFIRM_LOGIN, {"code": CODE.search(emails[-1]).group(1)})
    assert status == 302 and headers["Location"] == reverse("dashboard")
