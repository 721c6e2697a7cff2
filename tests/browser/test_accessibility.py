"""WCAG 2.1 A/AA checks with axe-core on every page a user can reach today.

axe-core is vendored (vendor/axe-core, see its README.txt) and injected with
``page.evaluate``: scripts evaluated through the DevTools protocol are not
subject to the page's Content-Security-Policy, whereas ``add_script_tag``
would insert an inline/foreign <script> that the CSP (rightly) refuses.

A page fails on any violation of impact "serious" or "critical". Lesser
findings are printed (see them with ``pytest -rP``) but do not fail.
"""
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
RUN_AXE = """async (tags) => await axe.run(document, {runOnly: {type: "tag", values: tags}})"""


@cache
def axe_source():
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page):
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert results["passes"], "axe ran no passing checks at all; is it really running?"
    return results


def describe(violations, nodes_shown=3):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}] {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:nodes_shown]:
            target = " >> ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > nodes_shown:
            lines.append(f"    ... and {len(violation['nodes']) - nodes_shown} more")
    return "\n".join(lines)


# --- The pages, each reached the way a user reaches it -----------------------


def open_path(path):
    def open_page(page, base, sign_in):
        response = page.goto(base + path)
        assert response.ok, f"{path} answered {response.status}"

    return open_page


def code_page_after(form_path, code_path):
    def open_code_page(page, base, sign_in):
        page.goto(base + form_path)
        page.get_by_label("Email").fill("someone.new@example.com")
        page.get_by_role("button", name="Email me a code").click()
        expect(page).to_have_url(base + code_path)
        expect(page.get_by_label("Code")).to_be_visible()

    return open_code_page


signup_submitted = code_page_after("/accounts/signup/", "/accounts/confirm-email/")
login_submitted = code_page_after("/accounts/login/", "/accounts/login/code/confirm/")


def signup_with_invalid_email(page, base, sign_in):
    page.goto(base + "/accounts/signup/")
    # Valid to the browser's own type=email check, invalid to Django (no TLD),
    # so the server answers with the form and its error.
    page.get_by_label("Email").fill("someone@example")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Email me a code").click()
    assert answer.value.status == 400
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()


def signed_in_path(path, **user_fields):
    def open_page(page, base, sign_in):
        sign_in(**user_fields)
        open_path(path)(page, base, sign_in)

    return open_page


def profile_shows_the_device_time_zone(page, base, sign_in):
    signed_in_path("/profile/")(page, base, sign_in)
    # static/js/profile.js offers the device's zone (the context's Europe/Berlin).
    expect(page.locator("#browser-time-zone")).to_be_visible()


def profile_with_invalid_wait(page, base, sign_in):
    sign_in()
    page.goto(base + "/profile/")
    wait_days = page.get_by_label("Default wait (business days)")
    wait_days.fill("0")
    # The input's min="1" would stop the browser from sending 0; switch off
    # the browser's own validation so the server's error page is what we test.
    wait_days.evaluate("input => { input.form.noValidate = true; }")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Save profile").click()
    assert answer.value.status == 400
    expect(page.get_by_text("Ensure this value is greater than or equal to 1.")).to_be_visible()


PAGES = [
    pytest.param(open_path("/"), id="home"),
    pytest.param(open_path("/accounts/signup/"), id="signup"),
    pytest.param(open_path("/accounts/login/"), id="login"),
    pytest.param(signup_submitted, id="signup-code-entry"),
    pytest.param(login_submitted, id="login-code-entry"),
    pytest.param(signup_with_invalid_email, id="signup-invalid-email"),
    # A user still on UTC also sees the "set your time zone" warning.
    pytest.param(signed_in_path("/dashboard/", time_zone="UTC"), id="dashboard"),
    pytest.param(profile_shows_the_device_time_zone, id="profile"),
    pytest.param(signed_in_path("/profile/delete/"), id="profile-delete"),
    pytest.param(profile_with_invalid_wait, id="profile-invalid-wait"),
]


@pytest.mark.parametrize("open_page", PAGES)
def test_page_has_no_serious_accessibility_violations(page, live_server, sign_in, open_page):
    open_page(page, live_server.url, sign_in)
    results = run_axe(page)

    violations = results["violations"]
    minor = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if minor:
        print(f"axe {results['testEngine']['version']}, lesser findings on {page.url}:\n{describe(minor)}")
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not serious, f"axe found serious/critical WCAG problems on {page.url}:\n{describe(serious)}"
