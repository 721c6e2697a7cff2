"""The README's configuration table names every variable the settings read."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
READS = re.compile(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def variables_read_by_settings():
    return {
        name
        for path in (BASE_DIR / "config" / "settings").glob("*.py")
        for name in READS.findall(path.read_text())
    }


def variables_in_the_readme_table():
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", (BASE_DIR / "README.md").read_text(), re.MULTILINE))


def test_the_settings_read_the_variables_we_expect():
    assert {"DATABASE_URL", "SECRET_KEY", "REDIS_URL", "TRUSTED_PROXY_COUNT"} <= variables_read_by_settings()


def test_every_environment_variable_is_in_the_readme_table():
    missing = variables_read_by_settings() - variables_in_the_readme_table()
    assert not missing, f"add to README's Configuration table: {sorted(missing)}"
