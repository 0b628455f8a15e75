"""A multi-file LaTeX document, compiled for real: pdflatex writes the .aux files,
``papercli export --aux main.aux --out refs.bib`` writes the bibliography, bibtex (natbib)
or biber (biblatex) reads it, and the PDF cites every paper with nothing undefined."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_export_document import BIB
from tests.tools import run_tool

TITLES = [
    "Sparse Attention Sketches",
    "Seismic Noise on a Budget",
    "Toy Strings",
    "Tiny Routers for Mixture Models",
]
PREAMBLES = {
    "natbib": (
        "\\usepackage{natbib}\n",
        "\\bibliographystyle{plainnat}\n\\bibliography{refs}\n",
        ["bibtex", "main"],
        {"chap1": "\\citet{Vane1999Toy} and \\citealp{10.1093/gji/ggz376}"},
    ),
    "biblatex": (
        "\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n",
        "\\printbibliography\n",
        ["biber", "main"],
        {"chap1": "\\textcite{Vane1999Toy} and \\cites{10.1093/gji/ggz376}[p.~2]{okafor2024tiny}"},
    ),
}


def latex(folder: Path) -> None:
    command = ["pdflatex", "-interaction=nonstopmode", "main.tex"]
    done = run_tool(command, folder, encoding="latin-1")
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.parametrize("package", list(PREAMBLES))
def test_compiled_document_cites_every_paper(
    cli, library_path: Path, tmp_path: Path, package: str
) -> None:
    assert cli("import", "-", "--format", "bibtex", input=BIB).exit_code == 0
    preamble, ending, bib_tool, chapters = PREAMBLES[package]
    folder = tmp_path / "paper"
    (folder / "sec").mkdir(parents=True)
    (folder / "main.tex").write_text(
        "\\documentclass{article}\n" + preamble + "\\begin{document}\n"
        "Sketches~\\cite{2303.08867}.\n\\input{sec/intro}\n\\include{chap1}\n"
        + ending
        + "\\end{document}\n",
        encoding="utf-8",
    )
    (folder / "sec" / "intro.tex").write_text(
        "As shown~\\cite{sketch2023sparse}, % \\cite{commented2020out}\n"
        "see also \\nocite{okafor2024tiny}.\n",
        encoding="utf-8",
    )
    (folder / "chap1.tex").write_text(chapters["chap1"] + ".\n", encoding="utf-8")
    latex(folder)
    out = folder / "refs.bib"
    result = cli("export", "--aux", str(folder / "main.aux"), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    # the arXiv id and the DOI are cited keys, so the entries are written under them
    assert "{2303.08867," in out.read_text(encoding="utf-8")
    assert "{10.1093/gji/ggz376," in out.read_text(encoding="utf-8")
    tool = run_tool(bib_tool, folder)
    assert tool.returncode == 0, tool.stdout + tool.stderr
    latex(folder)
    latex(folder)
    blg = (folder / "main.blg").read_text(encoding="utf-8")
    assert not re.search(r"Warning--|\bWARN\b|\bERROR\b|didn't find", blg), blg
    log = (folder / "main.log").read_text(encoding="latin-1")
    assert "undefined" not in log, log[-3000:]
    text = run_tool(["pdftotext", "main.pdf", "-"], folder).stdout
    assert "[?]" not in text and "(?)" not in text and "?" not in text, text
    flat = " ".join(text.replace("-\n", "").split())
    for title in TITLES:
        assert title in flat, flat
    # the sketch paper cited under two keys is listed twice, as the export warned
    assert "cites one paper (sketch2023sparse)" in result.stderr
