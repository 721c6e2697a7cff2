"""Shared fixtures, and the rule for tests that need real servers.

Tests marked ``postgres``, ``redis`` or ``browser`` need the real thing. On a
developer's machine without it they skip with the reason; under CI=true a
missing server or browser is a failure, never a skip.
"""

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import UserFactory
from tests.smtp_server import smtp_server  # noqa: F401  (the fixture, for every test module)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def redis_url():
    """The Redis server the tests may use: REDIS_URL, else a redis:// broker."""
    for url in (os.environ.get("REDIS_URL", ""), os.environ.get("CELERY_BROKER_URL", "")):
        if url.startswith(("redis://", "rediss://")):
            return url
    return ""


def _redis_problem():
    url = redis_url()
    if not url:
        return "REDIS_URL / CELERY_BROKER_URL do not point at a Redis server"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return f"Redis at {url} is unreachable: {exc}"
    return ""


def _postgres_problem():
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        return f"DATABASE_URL is not PostgreSQL (engine {engine})"
    return ""


def _browser_problem():
    if not shutil.which(CHROMIUM):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return ""


def _caddy_problem():
    from tests.helpers.web import Caddy

    return Caddy.problem()


CHECKS = {
    "postgres": _postgres_problem,
    "redis": _redis_problem,
    "browser": _browser_problem,
    "caddy": _caddy_problem,
}


def pytest_configure(config):
    if IN_CI:
        problems = [p for p in (_postgres_problem(), _redis_problem()) if p]
        if problems:
            raise pytest.UsageError("CI must run against real Postgres and Redis: " + "; ".join(problems))


# --- pytest-xdist: groups of tests that must share one worker -------------------------------


def xdist_group(item):
    """The group a test joins under pytest-xdist (``make test`` runs ``-n 2 --dist
    loadgroup``): a group runs in one worker, one test at a time.

    - "browser": one Chromium per worker, started once rather than each time the
      worker comes back to the browser folder.
    - "servers": tests that use the shared Redis database REDIS_URL (some flush it,
      some count rate limits in it), write the checkout's staticfiles/ (collectstatic),
      or start real servers and workers whose timing and concurrency they check
      (the load drill, the reliability drills, gunicorn's shared rate limits). Side
      by side they would flush each other's keys or starve each other's processes.
    """
    if item.get_closest_marker("browser") is not None:
        return "browser"
    if any(item.get_closest_marker(name) is not None for name in ("processes", "redis")):
        return "servers"
    return None


# xdist 3.8 tells its scheduler a test's group by appending "@group" to the test's id,
# which pytest 9.2 no longer lets it change (pytest-dev/pytest-xdist#1386): the groups
# would be silently ignored. So each worker writes the groups of what it collected to a
# file, and the scheduler below (the controller's) reads them before handing out work.
GROUPS_DIR = pytest.StashKey[Path]()
GROUPS_FILE = "followup_xdist_groups_file"


def marked_groups(item):
    names = {
        str(m.args[0] if m.args else m.kwargs.get("name", "default"))
        for m in item.iter_markers("xdist_group")
    }
    return "_".join(sorted(names))


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown when xdist is off (-p no:xdist)
def pytest_configure_node(node):
    """Controller: where this worker writes the groups of the tests it collected."""
    if node.config.getvalue("dist") != "loadgroup":
        return
    folder = node.config.stash.get(GROUPS_DIR, None)
    if folder is None:
        folder = node.config.stash[GROUPS_DIR] = Path(tempfile.mkdtemp(prefix="followup-xdist-groups-"))
    node.workerinput[GROUPS_FILE] = str(folder / f"{node.gateway.id}.json")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class GroupsFromWorkers(LoadGroupScheduling):
        """``--dist loadgroup``, with the groups read from the workers' files."""

        def __init__(self, config, log):
            super().__init__(config, log)
            self.groups = {}

        def schedule(self):
            if self.collection is None:  # the first distribution: every worker has collected
                for path in sorted(config.stash[GROUPS_DIR].glob("*.json")):
                    self.groups.update(json.loads(path.read_text()))
            super().schedule()

        def _split_scope(self, nodeid):
            return self.groups.get(nodeid) or super()._split_scope(nodeid)

    return GroupsFromWorkers(config, log)


def pytest_unconfigure(config):
    folder = config.stash.get(GROUPS_DIR, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(tryfirst=True)  # the groups are marked before xdist's own hook looks for them
def pytest_collection_modifyitems(config, items):
    """Each test joins its xdist group; outside CI, a test whose server or browser
    is missing is skipped, saying why."""
    for item in items:
        group = xdist_group(item)
        if group and item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(group))
    groups_file = getattr(config, "workerinput", {}).get(GROUPS_FILE)
    if groups_file:  # an xdist worker, under --dist loadgroup
        groups = {item.nodeid: marked_groups(item) for item in items}
        Path(groups_file).write_text(json.dumps({nodeid: group for nodeid, group in groups.items() if group}))
    if IN_CI:
        return
    problems = {name: check() for name, check in CHECKS.items()}
    for item in items:
        for name, problem in problems.items():
            if item.get_closest_marker(name) is not None:
                item.add_marker(pytest.mark.skipif(bool(problem), reason=f"[{name}] {problem}"))


def pytest_runtest_setup(item):
    """Under CI=true nothing may skip: a missing server or browser fails the test."""
    if not IN_CI:
        return
    for name, check in CHECKS.items():
        problem = check() if item.get_closest_marker(name) is not None else ""
        if problem:
            pytest.fail(f"[{name}] {problem} — under CI=true this test must run", pytrace=False)


@pytest.fixture
def alice(db):
    return UserFactory(email="alice@example.com", full_name="Alice Example")


@pytest.fixture
def bob(db):
    return UserFactory(email="bob@example.com", full_name="Bob Example")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def private_media(settings, tmp_path):
    """Letters go to a temporary folder; any file a test leaves behind is removed."""
    from applications.models import Letter

    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    root = Path(Letter._meta.get_field("file").storage.location)
    before = set(root.rglob("*")) if root.exists() else set()
    yield tmp_path
    if root.exists():
        for path in set(root.rglob("*")) - before:
            if path.is_file():
                path.unlink()


@pytest.fixture
def tuesday_morning(alice_client, alice):
    """Tuesday 8 December 2026, 10:00 in New York, with Alice signed in then (tests/helpers/drafts.py)."""
    import time_machine

    from tests.helpers.drafts import NOW

    with time_machine.travel(NOW, tick=False) as traveller:
        alice_client.force_login(alice)  # a session from the real "now" may have run out by then
        yield traveller


@pytest.fixture
def eager_celery():
    """Run queued tasks at once, in this process, so what a view or a sweep queues happens in the test."""
    from config.celery_app import app as celery_app

    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False
