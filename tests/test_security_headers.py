"""The production settings, as served: what a browser actually receives.

tests/test_settings.py proves the production settings load and pass
``check --deploy``; here a subprocess runs the real middleware stack under
``config.settings.production`` (HTTPS on, Redis cache, the pytest-created
Postgres database), signs alice in by her emailed code over https, fetches a
page for every URL of ours signed out and signed in, and reports each
response's headers and Set-Cookie lines. The assertions are made here, on
what was served.
"""

import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory
from tests.helpers.production import ROOT, collect_static, flush_redis, production_env
from tests.helpers.urls import POST_ONLY, build, project_patterns

# django_db: so pytest-django creates the test database the probe reads (the tests themselves
# only read its report).
# processes: the probe is a process of its own under the production settings, after a collectstatic.
pytestmark = [pytest.mark.processes, pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db]

SIX_MONTHS = 15552000
SERVER_SIDE_SESSIONS = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.cached_db",
}

# Runs under config.settings.production. Reads {"email", "signed_out", "signed_in"}
# on stdin, prints one JSON line: every response it got, and the session facts.
PROBE = r"""
import json, re, sys
from importlib import import_module

import django
django.setup()
from django.conf import settings
from django.core import mail
from django.test import Client

spec = json.load(sys.stdin)
client = Client()
served = []


def fetch(label, method, url, data=None):
    response = getattr(client, method)(url, data or {}, secure=True)
    served.append({
        "label": label,
        "url": url,
        "status": response.status_code,
        "headers": {name.lower(): value for name, value in response.headers.items()},
        "set_cookie": [morsel.OutputString() for morsel in response.cookies.values()],
    })
    return response


for url in spec["signed_out"]:
    fetch("signed out", "get", url)

# A real sign-in: ask for a code, read it from the email, type it in.
fetch("sign-in", "get", "/accounts/login/")
asked = fetch("sign-in", "post", "/accounts/login/", {"login": spec["email"]})
fetch("sign-in", "get", asked["Location"])
code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)
signed_in = fetch("sign-in", "post", asked["Location"], {"code": code})

session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
engine = import_module(settings.SESSION_ENGINE)
store = engine.SessionStore(session_key=session_key)
stored_user = store.load().get("_auth_user_id")
from django.contrib.sessions.models import Session
from django.core.cache import caches
in_db = Session.objects.filter(session_key=session_key).exists()
in_cache = caches[settings.SESSION_CACHE_ALIAS].get(getattr(store, "cache_key", "no-cache-key")) is not None

for url in spec["signed_in"]:
    fetch("signed in", "get", url)

print(json.dumps({
    "responses": served,
    "signed_in_redirect": signed_in.get("Location"),
    "session": {
        "engine": settings.SESSION_ENGINE,
        "cookie_value": session_key,
        "stored_user": stored_user,
        "in_db": in_db,
        "in_cache": in_cache,
    },
}))
"""


def set_cookie_attributes(line):
    """'name=value; Path=/; Secure; HttpOnly; SameSite=Lax' -> name, value, {attribute: value}."""
    first, *rest = [part.strip() for part in line.split(";")]
    name, _, value = first.partition("=")
    attributes = {}
    for part in rest:
        key, _, val = part.partition("=")
        attributes[key.lower()] = val or True
    return name, value, attributes


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def signed_in_urls(alice):
    """A page for every URL of ours that answers a GET, pointing at alice's own records."""
    urls = []
    for pattern in project_patterns():
        if pattern.name in POST_ONLY:
            continue
        if pattern.name in {"unsubscribe", "calendar_feed", "reminder_answer"}:
            urls.append(reverse(pattern.name, kwargs={"token": "not-a-real-token"}))
            continue
        urls.append(build(pattern, alice)[0])
    # allauth's own pages a signed-in user can open, and a page that does not exist.
    urls += [reverse("account_email"), reverse("account_logout"), "/no-such-page/"]
    return urls


SIGNED_OUT_URLS = [
    "/",
    "/guide/",
    "/accounts/login/",
    "/accounts/signup/",
    "/no-such-page/",
    "/dashboard/",
    "/admin/",
]


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker, tmp_path_factory):
    """Everything the probe was served: one production process, shared by the tests below."""
    private = tmp_path_factory.mktemp("private")
    with django_db_blocker.unblock(), override_settings(PRIVATE_MEDIA_ROOT=str(private)):
        flush_redis()
        collect_static()
        alice = UserFactory(email="alice@example.com", full_name="Alice Example")
        spec = {"email": alice.email, "signed_out": SIGNED_OUT_URLS, "signed_in": signed_in_urls(alice)}
        env = production_env(
            ALLOWED_HOSTS="testserver",
            SITE_URL="https://testserver",
            EMAIL_URL="memorymail://",
            PRIVATE_MEDIA_ROOT=str(private),
        )
        try:
            result = subprocess.run(
                [sys.executable, "-c", PROBE],
                cwd=ROOT,
                env=env,
                input=json.dumps(spec),
                capture_output=True,
                text=True,
                timeout=120,
            )
        finally:
            # Committed rows would leak into the next test: empty the tables as a transactional test does.
            call_command("flush", interactive=False, verbosity=0)
            flush_redis()
    assert result.returncode == 0, result.stderr[-5000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    found["alice_pk"] = alice.pk
    found["spec"] = spec
    return found


def test_every_page_was_fetched_signed_out_and_signed_in(served):
    # Guards the tests below: they mean something only if the pages were really served.
    by_label = {}
    for response in served["responses"]:
        by_label.setdefault(response["label"], []).append(response)
    assert len(by_label["signed out"]) == len(SIGNED_OUT_URLS)
    assert len(by_label["signed in"]) == len(served["spec"]["signed_in"]) > 40
    assert served["signed_in_redirect"] == reverse("dashboard")
    ok_html = [
        r
        for r in by_label["signed in"]
        if r["status"] == 200 and r["headers"]["content-type"].startswith("text/html")
    ]
    assert len(ok_html) > 30, "most signed-in pages should have rendered for alice"
    # Signed out, the private pages send the visitor to log in rather than serving them.
    dashboard = next(r for r in by_label["signed out"] if r["url"] == "/dashboard/")
    assert dashboard["status"] == 302


def test_sessions_are_kept_on_the_server_not_in_the_cookie(served):
    session = served["session"]
    assert session["engine"] in SERVER_SIDE_SESSIONS
    # The cookie holds only a random key; the session itself is found on the server.
    assert session["stored_user"] == str(served["alice_pk"])
    assert session["in_db"] or session["in_cache"]
    assert ":" not in session["cookie_value"] and len(session["cookie_value"]) == 32


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(served):
    seen = {}
    for response in served["responses"]:
        for line in response["set_cookie"]:
            name, value, attributes = set_cookie_attributes(line)
            if (
                value.strip('"') and attributes.get("max-age") != "0"
            ):  # a deletion is not a cookie the browser keeps
                seen.setdefault(name, []).append(attributes)
    assert {"sessionid", "csrftoken"} <= set(seen), (
        f"the sign-in should have set both cookies, got {sorted(seen)}"
    )
    for name, all_attributes in seen.items():
        for attributes in all_attributes:
            assert attributes.get("secure") is True, f"{name} is not Secure"
            assert attributes.get("httponly") is True, f"{name} is not HttpOnly"
            assert str(attributes.get("samesite", "")).lower() in {"lax", "strict"}, (
                f"{name} has SameSite={attributes.get('samesite')}"
            )


def test_every_response_carries_hsts_nosniff_and_a_referrer_policy(served):
    for response in served["responses"]:
        headers, where = response["headers"], f"{response['label']} {response['url']} ({response['status']})"
        hsts = dict(
            part.strip().partition("=")[::2]
            for part in headers.get("strict-transport-security", "").split(";")
            if part.strip()
        )
        assert int(hsts.get("max-age") or 0) >= SIX_MONTHS, f"HSTS missing or short on {where}"
        assert headers.get("x-content-type-options") == "nosniff", where
        assert headers.get("referrer-policy") in {
            "same-origin",
            "strict-origin",
            "strict-origin-when-cross-origin",
            "no-referrer",
        }, where


def test_every_html_page_has_a_strict_content_security_policy(served):
    html = [r for r in served["responses"] if r["headers"].get("content-type", "").startswith("text/html")]
    assert len(html) > 40
    for response in html:
        where = f"{response['label']} {response['url']} ({response['status']})"
        assert "content-security-policy" in response["headers"], f"no CSP on {where}"
        directives = csp_directives(response["headers"]["content-security-policy"])
        assert directives.get("default-src") == ["'self'"], where
        assert directives.get("frame-ancestors") == ["'none'"], where
        script_src = directives.get("script-src", directives["default-src"])
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, where
        assert not [source for source in script_src if source in {"*", "http:", "https:", "data:"}], where
