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


def typeset_with_biber(folder: Path, bib: str, preamble: str, before_document: str = "") -> str:
    """Typeset every entry of ``bib`` with pdflatex + biber in ``folder``; assert each run
    succeeded and that neither biber nor LaTeX warned. Returns the LaTeX log."""
    import re

    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "doc.tex").write_text(
        "\\documentclass{article}\n"
        + preamble
        + "\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n"
        + before_document
        + "\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n",
        encoding="utf-8",
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    runs = [run_tool(latex, folder, encoding="latin-1")]
    runs.append(run_tool(["biber", "doc"], folder))
    runs += [run_tool(latex, folder, encoding="latin-1") for _ in range(2)]
    for done in runs:
        assert done.returncode == 0, f"{done.args}: {done.stdout[-3000:]}"
    blg = (folder / "doc.blg").read_text(encoding="utf-8")
    assert not re.search(r"\b(WARN|ERROR)\b", blg), blg
    log = (folder / "doc.log").read_text(encoding="latin-1")
    assert "Warning" not in log, log[-3000:]
    return log
