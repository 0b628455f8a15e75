"""Draw ``papercli triage`` on the shipped example at 80x24: docs/triage.svg and a text copy.

    .venv/bin/python scripts/triage_screenshot.py   # writes docs/triage.svg, prints the text

The README's screenshot and text capture come from this script (the real app, headless).
"""

from __future__ import annotations

import asyncio
import html
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from papercli.cli.tui.app import TriageApp  # noqa: E402
from papercli.ops.triage import Session  # noqa: E402
from papercli.store import Store  # noqa: E402


def svg_text(svg: str) -> str:
    """The characters of a Textual SVG screenshot, one line per terminal row."""
    rows: dict[int, list[tuple[float, str]]] = {}
    cell = r'<text[^>]* x="([\d.]+)"[^>]*clip-path="url\(#terminal-\d+-line-(\d+)\)">(.*?)</text>'
    for m in re.finditer(cell, svg):
        rows.setdefault(int(m[2]), []).append((float(m[1]), html.unescape(m[3])))
    return "\n".join(
        "".join(t for _, t in sorted(rows.get(i, []))).rstrip() for i in range(max(rows) + 1)
    )


async def capture(store: Store) -> str:
    app = TriageApp(Session(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j")
        await pilot.pause()
        svg = app.export_screenshot(title="papercli triage")
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "triage.svg").write_text(svg, encoding="utf-8")
    return svg_text(svg)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        library = Path(folder) / "library"
        digest = ROOT / "examples" / "hf-daily-sample.txt"
        papercli = [sys.executable, "-m", "papercli", "--library", str(library)]
        subprocess.run([*papercli, "import", str(digest), "--as-of", "2025-11-20"], check=True)
        store = Store(library)
        text = asyncio.run(capture(store))
    print(text)


if __name__ == "__main__":
    main()
