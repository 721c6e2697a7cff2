"""WCAG 2.1 A/AA checks with axe-core on every page a user can reach, signed
out and signed in (with and without records on the page): the catalogue in
pages.py, which test_csp.py keeps complete against the URLconf.

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

from tests.browser.pages import GROUPS, visit_each

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
        lines.append(
            f"- {violation['id']} [{violation['impact']}] {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:nodes_shown]:
            target = " >> ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > nodes_shown:
            lines.append(f"    ... and {len(violation['nodes']) - nodes_shown} more")
    return "\n".join(lines)


def check_axe(entry, page):
    results = run_axe(page)
    violations = results["violations"]
    minor = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if minor:
        print(
            f"axe {results['testEngine']['version']}, lesser findings on {entry.id} ({page.url}):\n{describe(minor)}"
        )
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not serious, f"axe found serious/critical WCAG problems on {page.url}:\n{describe(serious)}"


@pytest.mark.parametrize("group", GROUPS)
def test_no_page_has_serious_accessibility_violations(browser, live_server, transactional_db, group):
    """Every page of the catalogue, each in its own fresh browser context."""
    broken = visit_each(browser, live_server, GROUPS[group], check_axe)
    assert not broken, f"{len(broken)} of {len(GROUPS[group])} pages:\n\n" + "\n\n".join(broken)
