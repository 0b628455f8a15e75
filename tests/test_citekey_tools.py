"""The one key rule (``citekeys.is_valid_key``) checked against the programs it is about:
every key it accepts is read by bibtex (natbib + hyperref) and biber (biblatex + hyperref)
and resolves in the PDF; each character it refuses breaks biber or LaTeX's ``\\cite``.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from papercli.citekeys import KEY_FORBIDDEN, is_valid_key
from papercli.exporters import resolve_format
from papercli.model import Entry
from tests.tools import render_text, run_tool

PUNCTUATION = [c for c in string.punctuation if c not in KEY_FORBIDDEN]
# A Better BibTeX key, keys starting with punctuation, and one key per allowed character.
KEYS = [
    "--__theorytruthinauthor",
    "_lead",
    ".dot",
    "+plus",
    "@at",
    "a..b",
    "He:2016",
    "DBLP:conf/nips/X17",
    *(f"k{i}{c}x" for i, c in enumerate(PUNCTUATION)),
]


def papers() -> list[Entry]:
    return [
        Entry(key=key, title=f"Title number {i}", authors=[f"Ann Smith{chr(65 + i)}"], date="2020")
        for i, key in enumerate(KEYS)
    ]


def cited(folder: Path) -> str:
    """The PDF's text, one ``[i:citation]`` per key."""
    done = run_tool(["pdftotext", "-raw", "doc.pdf", "-"], folder)
    return " ".join(done.stdout.split())


def pdflatex(folder: Path) -> None:
    done = run_tool(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], folder)
    assert done.returncode == 0, done.stdout[-3000:]


def check_every_key_resolves(folder: Path) -> None:
    log = (folder / "doc.log").read_text(encoding="latin-1")
    assert "undefined" not in log, log[-3000:]
    text = cited(folder)
    for i in range(len(KEYS)):
        match = re.search(rf"\[{i}:([^\]]*\]?)\]", text)
        assert match and "?" not in match.group(1), (KEYS[i], text)


def test_the_keys_are_valid() -> None:
    assert all(is_valid_key(key) for key in KEYS)
    assert set("\"#%'(),={}\\~") == KEY_FORBIDDEN


def cites(command: str) -> str:
    return "".join(f"[{i}:{command}{{{key}}}]\n" for i, key in enumerate(KEYS))


def test_bibtex_and_natbib_read_every_valid_key(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(render_text(resolve_format("bibtex"), papers()), "utf-8")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage{natbib}\n\\usepackage{hyperref}\n"
        "\\begin{document}\n" + cites("\\citep") + "\\bibliographystyle{plainnat}\n"
        "\\bibliography{refs}\n\\end{document}\n",
        encoding="utf-8",
    )
    pdflatex(tmp_path)
    done = run_tool(["bibtex", "doc"], tmp_path)
    assert done.returncode == 0 and "Warning" not in done.stdout, done.stdout
    pdflatex(tmp_path)
    pdflatex(tmp_path)
    check_every_key_resolves(tmp_path)


def test_biber_and_biblatex_read_every_valid_key(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(render_text(resolve_format("biblatex"), papers()), "utf-8")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[backend=biber]{biblatex}\n"
        "\\usepackage{hyperref}\n\\addbibresource{refs.bib}\n"
        "\\begin{document}\n" + cites("\\cite") + "\\printbibliography\n\\end{document}\n",
        encoding="utf-8",
    )
    pdflatex(tmp_path)
    done = run_tool(["biber", "doc"], tmp_path)
    assert done.returncode == 0 and not re.search(r"\b(WARN|ERROR)\b", done.stdout), done.stdout
    pdflatex(tmp_path)
    pdflatex(tmp_path)
    check_every_key_resolves(tmp_path)


@pytest.mark.parametrize("char", ['"', "'", "(", ")", "="])
def test_biber_cannot_read_a_key_with_a_refused_character(tmp_path: Path, char: str) -> None:
    """The characters that are not key delimiters or TeX specials (, { } % # \\ ~ and
    space) are refused because biber misreads them; ``after`` shows what it lost."""
    key = f"a{char}b"
    assert not is_valid_key(key)
    bib = f"@misc{{{key},\n  title = {{T}},\n  year = {{2020}}\n}}\n\n"
    bib += "@misc{after,\n  title = {U}\n}\n"
    (tmp_path / "in.bib").write_text(bib, encoding="utf-8")
    done = run_tool(["biber", "--tool", "--output-file", "out.bib", "in.bib"], tmp_path)
    out = (tmp_path / "out.bib").read_text() if (tmp_path / "out.bib").exists() else ""
    assert re.search(r"\b(WARN|ERROR)\b", done.stdout) or f"{{{key}," not in out
