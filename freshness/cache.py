"""Parts of pages kept ready, that can never be shown stale.

A part is cached under the user's data version (freshness.triggers: the database
moves it with every change of anything they own, in the same transaction), their
local date, and the code that drew it (``code_version``). With it is kept the first
moment the part would read differently with nothing changed: the start of an
interview, when the company's office opens or closes (``changes_at``). Before that
moment and under the same key, drawing the part again gives the same HTML, because
the part reads nothing else: tests/test_freshness.py proves each of these.

The version is read before the part's own reads (the user's row too is read again
after it), so what a part shows is never older than the version it is kept under.
The form tokens are not kept: each response gets its own (``CSRF_MARK``).
"""

import contextlib
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connections
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from redis.exceptions import RedisError

from .services import version_of
from .triggers import installed_tables, owned_models

# Stands for the CSRF token inside a kept part; each response puts its own token there.
# Derived from the secret key, so no text a user types can be taken for it.
CSRF_MARK = salted_hmac("freshness.cache.CSRF_MARK", "the form token of this response").hexdigest()[:32]
# Kept at most this long (an unused entry makes room for others sooner).
MAX_SECONDS = 6 * 3600
SOURCES = ("*.py", "*.html", "*.txt", "*.svg", "*.css", "*.js")


@functools.cache
def code_version() -> str:
    """A digest of the code, templates, static files (a kept part names them by their
    hashed names) and settings that draw the pages, and of the locked dependencies: a
    deploy changes it, so no part drawn by older code shows."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    folders = [base / "templates", base / "static", base / "config", base / "plans"]
    folders += [base / app for app in settings.LOCAL_APPS]
    for folder in folders:
        for pattern in SOURCES:
            for path in sorted(folder.rglob(pattern)):
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    lock = base / "uv.lock"
    if lock.exists():
        digest.update(lock.read_bytes())
    simple = str | int | float | bool | list | tuple | dict
    plain = {
        name: getattr(settings, name)
        for name in dir(settings)
        if name.isupper() and isinstance(getattr(settings, name), simple)
    }
    digest.update(json.dumps(plain, sort_keys=True, default=repr).encode())
    return digest.hexdigest()[:16]


@functools.cache
def _triggers_in_place(using="default") -> bool:
    expected = {model._meta.db_table for model, _ in owned_models()}
    expected.add(get_user_model()._meta.db_table)
    return expected <= installed_tables(using)


def enabled(using="default") -> bool:
    """On PostgreSQL with every trigger in place (checked once per process), unless
    PAGE_CACHE is off."""
    if not getattr(settings, "PAGE_CACHE", True) or connections[using].vendor != "postgresql":
        return False
    return _triggers_in_place(using)


def _get(key):
    try:
        return cache.get(key)
    except RedisError:  # the cache is a shortcut: without it the part is drawn
        return None


def _set(key, value, seconds):
    with contextlib.suppress(RedisError):
        cache.set(key, value, seconds)


def key_for(name: str, user, version: int, today: dt.date, *parts) -> str:
    # What a page shows may hold anything a user typed (a search): a digest keeps keys short.
    extra = hashlib.sha256(repr(parts).encode()).hexdigest()[:24] if parts else ""
    return f"part:{code_version()}:{name}:{user.pk}:{version}:{today.isoformat()}:{extra}"


class Drawn(NamedTuple):
    """What a page's ``draw(now)`` gives: the HTML of its parts by name (its title, its
    content), and the first moment after ``now`` at which they would read differently
    with nothing changed, or None if only the date matters."""

    parts: dict[str, str]
    changes_at: dt.datetime | None = None


def part(request, name: str, draw: Callable[[dt.datetime], Drawn], *, parts=()):
    """The HTML of the parts of a signed-in page, from the cache while they would read
    the same, else from ``draw(now)`` (which passes ``csrf_token=CSRF_MARK`` to its
    templates). ``parts`` name what the page shows (an application's id): the key
    holds the user's id, so only what this user may see was ever kept under it (its
    view checked that when it drew it)."""
    user = request.user
    now = timezone.now()
    html = None
    key = ""
    if enabled():
        # The version is read before the part's own reads: the part is never older
        # than its key.
        key = key_for(name, user, version_of(user), now.astimezone(user.zoneinfo).date(), *parts)
        kept = _get(key)
        if kept is not None and now.timestamp() < kept[0]:
            html = kept[1]
    if html is None:
        if key:
            # The user was read by the middleware before the version: read again now,
            # so that what the part shows of them (their zone too) is not older than
            # its key either.
            user.refresh_from_db()
            timezone.activate(user.zoneinfo)
        html, until = draw(now)
        seconds = MAX_SECONDS if until is None else min(MAX_SECONDS, (until - now).total_seconds())
        if key and seconds > 0:
            _set(key, (until.timestamp() if until is not None else float("inf"), html), int(seconds) + 1)
    token = get_token(request)
    # Drawn by our templates, which escaped what they show.
    return {name: mark_safe(text.replace(CSRF_MARK, token)) for name, text in html.items()}
