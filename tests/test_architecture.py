"""Imports between our apps point one way:
plans <- accounts <- applications <- outreach <- feeds, exports, sharing;
freshness (the page cache) imports none of them, and the pages use it.

``plans`` is the playbook's one home: pure rules and words that import none of our apps.
``sharing`` (the coach's page) sits at the edge: nothing imports it; only config.urls
includes its URLs, and one template include shows its comments on the application page."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["freshness", "accounts", "plans", "applications", "outreach", "feeds", "exports", "sharing"]
# Each app may import only the apps listed before it (feeds, exports and sharing are peers).
ALLOWED = {
    # Kept pages: it reads the models through Django's registry, never by import.
    "freshness": set(),
    "accounts": {"plans"},  # the profile runs the plain-language check (plans.checks)
    "plans": set(),
    "applications": {"freshness", "accounts", "plans"},
    "outreach": {"freshness", "accounts", "plans", "applications"},
    "feeds": {"accounts", "plans", "applications", "outreach"},
    "exports": {"accounts", "plans", "applications", "outreach"},
    # The coach's page reads the Today page's selectors and the plan's words; the link email
    # goes through outreach's one email helper.
    "sharing": {"accounts", "plans", "applications", "outreach"},
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


def test_nothing_outside_sharing_reaches_into_it_but_the_urls_and_one_include():
    """sharing is removable: config.urls and the application page's include are the only ties."""
    tied = []
    for path in ROOT.glob("*/**/*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {"sharing", "tests", ".venv", ".tools"} or "migrations" in parts:
            continue
        if any(other == "sharing" for other, _ in imported_apps(path)):
            tied.append(str(path.relative_to(ROOT)))
    assert tied == [], tied
    assert 'include("sharing.urls")' in (ROOT / "config" / "urls.py").read_text()
    templates = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if "sharing" not in path.relative_to(ROOT / "templates").parts[:1] and "sharing/" in path.read_text()
    ]
    assert templates == ["templates/applications/_application.html"], templates


# --- Tests import helpers, never other tests ---------------------------------------------------
TESTS = ROOT / "tests"
# Files still allowed to import a test module while their helpers move. The list may only shrink
# (it is empty: the browser tests' axe helpers now live in tests/browser/axe.py).
NOT_YET_MOVED: dict[str, str] = {}


def imported_test_modules(path, root=ROOT):
    """(module, line) for every ``test_*`` module the file at ``path`` imports, however it is written."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = list(path.relative_to(root).parent.parts)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            # "from tests import test_x" imports a module; "from tests.test_x import y" names one.
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        modules = set()
        for name in names:
            parts = name.split(".")
            first = next((n for n, part in enumerate(parts) if part.startswith("test_")), None)
            if first is not None:
                modules.add(".".join(parts[: first + 1]))
        for module in sorted(modules):
            yield module, node.lineno


def test_no_test_module_imports_another():
    found = {}
    for path in sorted(TESTS.rglob("*.py")):
        for module, line in imported_test_modules(path):
            found.setdefault(str(path.relative_to(ROOT)), set()).add((module, line))
    wrong = [
        f"{file}:{line} imports {module}"
        for file, imports in found.items()
        for module, line in sorted(imports)
        if NOT_YET_MOVED.get(file) != module
    ]
    assert not wrong, (
        "a test module imports another: move what they share to tests/helpers/ "
        "(fixtures to tests/conftest.py)\n" + "\n".join(wrong)
    )
    still = {file: {module for module, _ in imports} for file, imports in found.items()}
    done = [file for file, module in NOT_YET_MOVED.items() if module not in still.get(file, set())]
    assert not done, f"these no longer import a test module, take them off NOT_YET_MOVED: {done}"


@pytest.mark.parametrize(
    "source",
    [
        "import tests.test_ownership",
        "import tests.test_ownership as ownership",
        "from tests.test_ownership import build",
        "from tests import test_ownership",
        "from .test_ownership import build",
        "from . import test_ownership",
    ],
)
def test_the_import_check_sees_every_way_of_importing_a_test_module(tmp_path, source):
    # Guards the test above: it means something only if it sees the import, however it is spelled.
    module = tmp_path / "tests" / "test_anything.py"
    module.parent.mkdir()
    module.write_text(source + "\n")
    assert [name for name, _ in imported_test_modules(module, root=tmp_path)] == ["tests.test_ownership"]
