"""Titles print as stored: pdflatex + bibtex (plain.bst lowercases titles) and biber.

``pdftotext`` of the PDF must show each title's capitals as stored and its math rendered.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from papercli.exporters import resolve_format
from papercli.model import Entry
from tests.tools import render_text

TITLES = {
    "He:2016": ("R&D of Nash Equilibria in Bayesian Hessian-free Langevin LLMs", None),
    "DBLP:conf/x/Y17": ("Attention Is All You Need: A iPhone Study", None),
    "adam2025": (
        r"An $O(\sqrt{T})$ Regret Bound for Adam with $\beta_2 < 1$",
        "An O( T ) Regret Bound for Adam with β2 < 1",  # pdftotext puts √ on a line of its own
    ),
    "money": ("Costs $5 or $10 -- Not $x", None),
}


def entries() -> list[Entry]:
    return [
        Entry(
            key=k,
            title=t,
            authors=["Ann Smith"],
            date="2024-03-05",
            type="article",
            journal="Journal of Tests",
            volume="3",
            pages="1–9",
        )
        for k, (t, _) in TITLES.items()
    ]


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=120
    )


def pdf_text(folder: Path) -> str:
    text = run(["pdftotext", "-layout", "doc.pdf", "-"], folder).stdout
    return " ".join(text.split())


def check_titles(text: str) -> None:
    for title, shown in TITLES.values():
        want = " ".join((shown or title).split())
        assert want in text, (want, text)
    assert "√" in text


@pytest.mark.parametrize("ascii", [False, True])
def test_bibtex_plain_bst_prints_titles_as_stored(tmp_path: Path, ascii: bool) -> None:
    (tmp_path / "refs.bib").write_text(
        render_text(resolve_format("bibtex"), entries(), ascii=ascii), encoding="utf-8"
    )
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage[T1]{fontenc}\n"
        "\\begin{document}\n\\nocite{*}\n"
        "\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n",
        encoding="utf-8",
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    runs = [
        run(latex, tmp_path),
        run(["bibtex", "doc"], tmp_path),
        run(latex, tmp_path),
        run(latex, tmp_path),
    ]
    assert all(r.returncode == 0 for r in runs), runs[1].stdout + runs[-1].stdout[-2000:]
    assert "Warning--" not in runs[1].stdout
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert not re.search(r"^! ", log, re.M)
    check_titles(pdf_text(tmp_path))


def test_biblatex_biber_prints_titles_as_stored(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(
        render_text(resolve_format("biblatex"), entries()), encoding="utf-8"
    )
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n"
        "\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n"
        "\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n",
        encoding="utf-8",
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    runs = [run(latex, tmp_path), run(["biber", "doc"], tmp_path), run(latex, tmp_path)]
    assert all(r.returncode == 0 for r in runs), runs[1].stdout[-3000:]
    assert "WARN" not in runs[1].stdout and "ERROR" not in runs[1].stdout, runs[1].stdout
    check_titles(pdf_text(tmp_path))
