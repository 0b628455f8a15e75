"""Code and configuration are never digests: refused before any parser runs, naming what
they look like (issue 23: ``import src/papercli/parsers/hf_markdown.py`` once added a paper)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from papercli.parsers import FORMATS, ParseError, parse

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 6, 1)


def _is_digest_fixture(path: Path) -> bool:
    """tests/data files that ARE digests (a format's cases, papercli's YAML, API answers)."""
    rel = path.relative_to(ROOT / "tests" / "data")
    if path.name.endswith(".expected.yaml"):
        return False
    return (
        rel.parts[0] in FORMATS
        or path.suffix in (".xml",)
        or rel.parts[0]
        in (
            "export",
            "search",
            "styles",  # papercli's own YAML: the style tests' library
        )
    )


def _walked() -> list[Path]:
    files = [p for p in (ROOT / "src").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for path in (ROOT / "tests").rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if (ROOT / "tests" / "data") in path.parents and _is_digest_fixture(path):
            continue
        files.append(path)
    return sorted([*files, ROOT / "pyproject.toml", ROOT / "README.md"])


TEX = r"""\documentclass{article}
\usepackage{natbib}
\begin{document}
\section{Related work}
Tokenizers that never repeat~\citep{made2026up} are discussed in
\url{https://huggingface.co/papers/2601.00001} and \url{https://arxiv.org/abs/2601.00002}.
\bibliography{refs}
\end{document}
"""
CSV = """title,arxiv_id,upvotes
A Made-Up Paper About Ducks,2601.00001,12
"Geese, Swans and Other Birds",2601.00002,7
Tiny Candles,2601.00003,0
"""
JSON_CONFIG = json.dumps(
    {
        "papers": [
            {
                "title": "A Made-Up Paper About Ducks",
                "url": "https://huggingface.co/papers/2601.00001",
            },
            {"title": "Geese and Swans", "url": "https://huggingface.co/papers/2601.00002"},
        ]
    },
    indent=2,
)
SHELL = """#!/bin/sh
set -eu
for id in 2601.00001 2601.00002; do
  curl -sO "https://arxiv.org/pdf/$id"
done
"""
INI = """[papers]
first = https://huggingface.co/papers/2601.00001
second = https://huggingface.co/papers/2601.00002

[options]
upvotes = yes
"""
EXTRA = {"paper.tex": TEX, "papers.csv": CSV, "papers.json": JSON_CONFIG, "fetch.sh": SHELL}
EXTRA["papers.ini"] = INI


@pytest.mark.parametrize("path", _walked(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_source_or_config_file_of_the_project_is_a_digest(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    with pytest.raises(ParseError) as caught:
        parse(text, AS_OF, origin=path.name)
    message = str(caught.value)
    assert "\n" not in message and path.name in message


@pytest.mark.parametrize("name", sorted(EXTRA))
def test_tex_csv_json_shell_and_ini_are_refused_naming_what_they_are(
    name: str, tmp_path: Path, cli, library_path: Path
) -> None:
    path = tmp_path / name
    path.write_text(EXTRA[name], encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "looks like" in lines[0], result.stderr
    what = {"paper.tex": "TeX", "papers.csv": "CSV", "papers.json": "JSON"}
    what |= {"fetch.sh": "shell", "papers.ini": "INI"}
    assert what[name] in lines[0]
    assert not (library_path / "entries").exists() or not any((library_path / "entries").iterdir())


@pytest.mark.parametrize(
    "rel, what",
    [
        ("src/papercli/parsers/hf_markdown.py", "Python"),
        ("src/papercli/parsers/paper_links.py", "Python"),
        ("pyproject.toml", "TOML"),
        ("README.md", "Markdown documentation"),
    ],
)
def test_the_files_from_the_issue_are_refused_through_the_cli(rel: str, what: str, cli) -> None:
    """Import, dry run and a forced format agree: refused, exit 1, one error line."""
    for args in ((), ("--dry-run",), ("--format", "paper-links")):
        result = cli("import", str(ROOT / rel), *args)
        assert result.exit_code == 1, (args, result.stderr)
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and what in errors[0]
