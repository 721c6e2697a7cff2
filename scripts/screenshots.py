"""`make screenshots`: the README's pictures of Today, taken by the real browser.

A fresh SQLite database in a temporary folder, migrated and filled by
`seed_demo`; the app served by `runserver` on a free port; the demo user signed
in with a session cookie (as the browser tests do); Chromium (Debian's, at
CHROMIUM_PATH, default /usr/bin/chromium) photographs Today on a phone
(390 x 844, its first screen) and a laptop (1280 wide, the whole page) into
docs/screenshots/. Nothing of the
developer's own database is touched. About half a minute.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
EMAIL = "demo@example.com"
SHOTS = [
    # name, Playwright context options, whole page (else the first screen)
    (
        "today-phone.png",
        {
            "viewport": {"width": 390, "height": 844},
            "device_scale_factor": 2,
            "is_mobile": True,
            "has_touch": True,
        },
        False,
    ),
    # The whole page: To do, Waiting and Recently closed, each row with its progress strip.
    ("today-laptop.png", {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1}, True),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def wait_for(url, server, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start at {url}") from None
            time.sleep(0.3)


def session_cookie(env):
    """Sign the demo user in, as the browser tests do: a session made by Django's test client."""
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(email=EMAIL))
    return settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value


def photograph(base, cookie):
    from playwright.sync_api import sync_playwright

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    name, value = cookie
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for filename, options, whole_page in SHOTS:
                context = browser.new_context(locale="en-US", timezone_id="America/New_York", **options)
                context.add_cookies([{"name": name, "value": value, "url": base}])
                page = context.new_page()
                response = page.goto(base + "/dashboard/", wait_until="networkidle")
                if response is None or response.status != 200:
                    raise RuntimeError(f"Today answered {response and response.status}")
                path = OUT_DIR / filename
                page.screenshot(path=str(path), full_page=whole_page)
                print(f"{path.relative_to(BASE_DIR)}: {path.stat().st_size // 1024} KB")
                context.close()
        finally:
            browser.close()


def main():
    with tempfile.TemporaryDirectory(prefix="followup-screenshots-") as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
            "CELERY_BROKER_URL": "memory://",
            "EMAIL_URL": "consolemail://",
            "DEBUG": "false",
        }
        # A REDIS_URL from the developer's shell would share their cache; this run needs none.
        env.pop("REDIS_URL", None)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_demo", "--email", EMAIL)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--nostatic", f"127.0.0.1:{port}"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(base + "/healthz/", server)
            photograph(base, session_cookie(env))
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
