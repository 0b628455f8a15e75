"""Running the real programs that read papercli's exports (tests only).

A missing program FAILS the test, never skips it: CI installs them (see .ci/run).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

INSTALL = {
    "pdflatex": "texlive-binaries texlive-base texlive-latex-base",
    "bibtex": "texlive-binaries texlive-base texlive-latex-base",
    "biber": "biber texlive-bibtex-extra texlive-latex-recommended",
    "pandoc": "pandoc",
}


def run_tool(
    cmd: list[str], cwd: Path, input: str | None = None, encoding: str = "utf-8"
) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` in ``cwd``; fail with the Debian packages to install when it is missing."""
    if shutil.which(cmd[0]) is None:
        pytest.fail(f"{cmd[0]} not found: install it (Debian: apt-get install {INSTALL[cmd[0]]})")
    return subprocess.run(
        cmd,
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        encoding=encoding,
        errors="replace",
        timeout=120,
        check=False,
    )


def render_text(fmt, entries, ascii: bool = False) -> str:
    """An export's whole text at once (warnings dropped), for assertions."""
    from papercli.exporters import render

    return "".join(render(fmt, entries, [], ascii=ascii))
