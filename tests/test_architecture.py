"""Imports between our apps point one way: accounts <- applications <- outreach <- feeds, exports."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["accounts", "applications", "outreach", "feeds", "exports"]
# Each app may import only the apps listed before it (feeds and exports are peers).
ALLOWED = {
    "accounts": set(),
    "applications": {"accounts"},
    "outreach": {"accounts", "applications"},
    "feeds": {"accounts", "applications", "outreach"},
    "exports": {"accounts", "applications", "outreach"},
}


def imported_apps(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                yield top, node.lineno


@pytest.mark.parametrize("app", LAYERS)
def test_app_imports_point_one_way(app):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for other, line in imported_apps(path)
        if other != app and other not in ALLOWED[app]
    ]
    assert not wrong, "\n".join(wrong)
