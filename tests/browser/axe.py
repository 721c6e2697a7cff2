"""WCAG 2.1 A/AA checks with axe-core, for the browser tests.

axe-core is vendored (vendor/axe-core, see its README.txt) and injected with
``page.evaluate``: scripts evaluated through the DevTools protocol are not
subject to the page's Content-Security-Policy, whereas ``add_script_tag``
would insert an inline/foreign <script> that the CSP (rightly) refuses.

A page fails on any violation of impact "serious" or "critical". Lesser
findings are printed (see them with ``pytest -rP``) but do not fail.
"""

from functools import cache
from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
# resultTypes: every violation is still reported with all its nodes; passes and the
# rest with one node each, which spares axe most of its work on long pages.
RUN_AXE = """async (tags) => await axe.run(
  document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]}
)"""


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


def assert_accessible(page, label=None):
    """No serious or critical axe finding on the page as it is now; lesser ones are printed."""
    results = run_axe(page)
    violations = results["violations"]
    minor = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if minor:
        print(
            f"axe {results['testEngine']['version']}, lesser findings on {label or page.url} ({page.url}):\n"
            + describe(minor)
        )
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not serious, f"axe found serious/critical WCAG problems on {page.url}:\n{describe(serious)}"
