"""Build the icon sprite from an unpacked Bootstrap Icons npm package (`make vendor-icons`).

Only the icons named in ICONS go into the sprite, so pages load one small file.
Templates use them with `{% icon "name" %}` (config/icons.py); a test checks that
every name a template uses is in the sprite.

    python scripts/build_icon_sprite.py PACKAGE_DIR OUTPUT_DIR
"""

import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

SVG = "http://www.w3.org/2000/svg"

ICONS = [
    "arrow-right",
    "bar-chart",
    "bell",
    "bookmark-star",
    "box-arrow-right",
    "briefcase",
    "building",
    "calendar-check",
    "calendar-event",
    "calendar3",
    "chat-left-text",
    "check-circle-fill",
    "check2",
    "check2-circle",
    "chevron-right",
    "circle",
    "clipboard",
    "clock",
    "door-open",
    "download",
    "envelope",
    "envelope-paper",
    "exclamation-circle",
    "exclamation-triangle",
    "file-earmark-text",
    "flag",
    "gear",
    "hourglass-split",
    "house",
    "info-circle",
    "journal-text",
    "link-45deg",
    "list-task",
    "pencil",
    "people",
    "person",
    "person-circle",
    "person-plus",
    "plus-lg",
    "question-circle",
    "send",
    "share",
    "star",
    "star-fill",
    "telephone",
    "trash",
    "upload",
    "x-circle",
]


def symbol(path: Path, name: str) -> ET.Element:
    source = ET.parse(path).getroot()
    result = ET.Element(f"{{{SVG}}}symbol", {"id": name, "viewBox": source.get("viewBox", "0 0 16 16")})
    for child in source:
        result.append(child)
    return result


def build(package: Path, output: Path) -> None:
    ET.register_namespace("", SVG)
    sprite = ET.Element(f"{{{SVG}}}svg")
    for name in ICONS:
        sprite.append(symbol(package / "icons" / f"{name}.svg", name))
    output.mkdir(parents=True, exist_ok=True)
    text = ET.tostring(sprite, encoding="unicode")
    version = json.loads((package / "package.json").read_text())["version"]
    header = f"<!-- Bootstrap Icons {version} (MIT, see LICENSE): the icons Follow-up uses. -->\n"
    (output / "sprite.svg").write_text(header + text + "\n")
    shutil.copy(package / "LICENSE", output / "LICENSE")


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
