"""No page breaks the Content-Security-Policy, and none has a serious accessibility
problem.

The policy (config/settings/base.py) allows scripts, styles, fonts and
connections from our own origin only: no inline <script>, no style="" attribute,
no on*= handler. A violation is silent for the user (the script does not run,
the style is not applied), so it is looked for in a real browser, on every page
of the catalogue (pages.py), with each page's JavaScript used. Each page gets a
fresh browser context (conftest.new_page) that collects violations two ways:
Chromium's console messages, and a `securitypolicyviolation` listener installed
before any page script runs.

The same visit runs axe-core (WCAG 2.1 A/AA, see axe.py) on the page as it
opened, signed out and signed in, with and without records on the page: one tour
of the catalogue for both checks, each failure naming its page and its check.

The catalogue is checked against the root URLconf, so a new page cannot be
forgotten: every GET-able URL pattern is visited, or excluded with a reason
that is checked against the server here too.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from feeds.models import CalendarFeed
from tests.browser.axe import assert_accessible
from tests.browser.pages import (
    CATALOGUE,
    EXCLUDED,
    EXCLUDED_NAMESPACES,
    GROUPS,
    NO_PASSWORDS,
    NOT_A_PAGE,
    POST_ONLY,
    visit_each,
)
from tests.factories import UserFactory
from tests.helpers.urls import KWARG_FACTORIES, KWARG_VALUES

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Email bodies need inline styles (mail clients ignore style sheets); they are
# never served as pages. Drafts are plain text.
NOT_SERVED = {"emails", "drafts"}


def all_patterns(resolvers=None, prefix="", namespace=""):
    """(key, namespace, pattern) for every URL pattern reachable from the root URLconf.

    The key is the pattern's view name ("admin:index", "profile"), or its route
    when it has no name.
    """
    found = []
    for entry in get_resolver().url_patterns if resolvers is None else resolvers:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            found.extend(all_patterns(entry.url_patterns, prefix + str(entry.pattern), inner))
        else:
            assert isinstance(entry, URLPattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            found.append((name or prefix + str(entry.pattern), namespace, entry))
    return found


def test_every_url_is_in_the_page_catalogue_or_excluded_with_a_reason():
    patterns = all_patterns()
    keys = {key for key, namespace, _ in patterns if namespace not in EXCLUDED_NAMESPACES}
    visited = {entry.url_name for entry in CATALOGUE}

    forgotten = keys - visited - set(EXCLUDED)
    assert not forgotten, (
        "URL patterns no browser check visits: add a page for each to tests/browser/pages.py "
        f"(or, if it is not a page, to EXCLUDED with the reason): {sorted(forgotten)}"
    )
    assert not visited - keys, f"catalogue entries end on URLs that no longer exist: {sorted(visited - keys)}"
    assert not set(EXCLUDED) - keys, f"EXCLUDED names that no longer exist: {sorted(set(EXCLUDED) - keys)}"
    assert not visited & set(EXCLUDED), f"both visited and excluded: {sorted(visited & set(EXCLUDED))}"
    assert all(reason.strip() for reason in [*EXCLUDED.values(), *EXCLUDED_NAMESPACES.values()])
    assert {namespace for _, namespace, _ in patterns} >= set(EXCLUDED_NAMESPACES)
    ids = [entry.id for entry in CATALOGUE]
    assert len(ids) == len(set(ids)), "two catalogue entries share an id"


# --- Each exclusion's reason, checked against the server ------------------------------

PATTERNS_BY_KEY = {key: pattern for key, _, pattern in all_patterns()}
# URL kwargs of allauth's password pages (gone here), any value will do.
GONE_KWARGS = {"uidb36": "1", "key": "set-password"}


def url_for(key, owner):
    pattern = PATTERNS_BY_KEY[key]
    if pattern.name is None:
        return "/" + key.lstrip("^").rstrip("$") + ("anything/" if key.endswith("password/") else "")
    if pattern.name == "calendar_feed":
        return CalendarFeed.objects.create(owner=owner).get_absolute_url()
    kwargs = {}
    for kwarg in pattern.pattern.regex.groupindex:
        if kwarg in KWARG_VALUES:
            kwargs[kwarg] = KWARG_VALUES[kwarg]
        elif kwarg in GONE_KWARGS:
            kwargs[kwarg] = GONE_KWARGS[kwarg]
        else:
            kwargs[kwarg] = KWARG_FACTORIES[kwarg](owner).pk
    return reverse(key, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(EXCLUDED))
def test_excluded_url_is_really_no_page_to_check(client, settings, tmp_path, key):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)  # letter files land here
    owner = UserFactory()
    url = url_for(key, owner)
    client.force_login(owner)
    response = client.get(url)
    reason = EXCLUDED[key]
    if reason == POST_ONLY:
        assert response.status_code == 405, (
            f"{url} answers GET with {response.status_code}: it is a page to check"
        )
    elif reason == NO_PASSWORDS:
        assert response.status_code == 404, f"{url} answers {response.status_code}: allauth's page is back"
        assert resolve(url).func.__name__ == "no_passwords"
    else:
        assert reason.startswith(NOT_A_PAGE), f"unknown kind of reason for {key}: {reason!r}"
        assert response.status_code == 200
        assert not response["Content-Type"].startswith("text/html"), (
            f"{url} is an HTML page: check it in the browser"
        )
    if hasattr(response, "close"):
        response.close()


# --- Templates: nothing inline for the CSP to block ---------------------------------------

INLINE = {
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "a <style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "an inline <script>": re.compile(
        r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE
    ),
    "an on*= event handler": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def served_templates():
    return sorted(
        path for path in TEMPLATES.rglob("*.html") if path.relative_to(TEMPLATES).parts[0] not in NOT_SERVED
    )


def test_served_templates_have_nothing_inline_for_the_csp_to_block():
    assert len(served_templates()) > 20, "no templates found; is TEMPLATES right?"
    found = []
    for path in served_templates():
        text = path.read_text(encoding="utf-8")
        for what, pattern in INLINE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}: {what}")
    assert not found, (
        "The CSP blocks these; use a class in static/css/app.css or a file in static/js/:\n"
        + "\n".join(found)
    )


# --- Every page in a real browser -------------------------------------------------------------


def check_the_policy_is_sent(entry, page):
    """The page ended where it should, and its view sends the policy."""
    view_name = resolve(urlsplit(page.url).path).view_name
    assert view_name == entry.url_name, f"ended on {page.url} ({view_name}), not on {entry.url_name!r}"
    # A view exempted from the policy would pass everything else here.
    policy = page.request.get(page.url).headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, (
        f"{page.url} answers without the CSP: {policy!r}"
    )
    assert "unsafe-" not in policy, f"{page.url} answers with a loosened CSP: {policy!r}"


def check_accessibility(entry, page):
    """axe-core on the page as it opened (before its JavaScript is used below)."""
    assert_accessible(page, label=entry.id)


def check_its_javascript_runs_clean(entry, page):
    """Use the page's JavaScript; no violation is recorded meanwhile."""
    if entry.use:
        entry.use(page)
    page.wait_for_load_state("load")
    recorded = page.evaluate("() => window.__cspViolations")
    assert isinstance(recorded, list), "the securitypolicyviolation listener is not installed"
    assert not recorded, f"CSP violations on {page.url}: {recorded}"


PAGE_CHECKS = [
    ("CSP header", check_the_policy_is_sent),
    ("axe", check_accessibility),
    ("CSP, using the page", check_its_javascript_runs_clean),
]


@pytest.mark.browser
@pytest.mark.parametrize("group", GROUPS)
def test_no_page_breaks_the_csp_or_has_serious_accessibility_problems(
    browser, live_server, transactional_db, group
):
    broken = visit_each(browser, live_server, GROUPS[group], PAGE_CHECKS)
    assert not broken, f"{len(broken)} problems on {len(GROUPS[group])} pages:\n\n" + "\n\n".join(broken)


@pytest.mark.browser
def test_a_failed_check_names_its_page_and_check_and_hides_no_other(browser, live_server, transactional_db):
    """Guards the tour above: what it reports says which page and which check."""

    def fails(entry, page):
        raise AssertionError(f"seen on {entry.id}")

    home = next(entry for entry in CATALOGUE if entry.id == "home")
    checks = [("first", fails), ("CSP header", check_the_policy_is_sent), ("second", fails)]
    broken = visit_each(browser, live_server, [home], checks)
    assert broken == [
        "[home] first: AssertionError: seen on home",
        "[home] second: AssertionError: seen on home",
    ]


@pytest.mark.browser
def test_a_blocked_style_attribute_is_reported(page, live_server, browser_errors):
    """Guards the test above: the listener and the console both notice a violation."""
    page.goto(live_server.url + "/")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("() => document.querySelector('main').setAttribute('style', 'color: red')")
    recorded = page.evaluate("() => window.__cspViolations")
    assert [r["directive"] for r in recorded] == ["style-src-attr"]
    page.wait_for_function("() => true")  # let the binding's call reach Python
    assert any("style-src-attr" in text for text in browser_errors.reported), browser_errors.reported
    assert page.evaluate("() => getComputedStyle(document.querySelector('main')).color") != "rgb(255, 0, 0)"
    browser_errors.clear()  # seen and expected; don't fail this test for it
