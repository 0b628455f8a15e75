"""Keys a LaTeX document cites, and ``export --aux/--tex``."""

from __future__ import annotations

import json
from pathlib import Path

from papercli.latex.citations import keys_from_aux, keys_from_tex


def test_aux_citation_lines() -> None:
    aux = "\\relax\n\\citation{He:2016,vaswani2017attention}\n\\citation{He:2016}\n"
    aux += "\\citation{*}\n\\abx@aux@cite{0}{DBLP:conf/nips/X17}\n\\bibdata{refs}\n"
    # \nocite{*} is every paper: kept as "*" for the export to expand
    assert keys_from_aux(aux) == ["He:2016", "vaswani2017attention", "*", "DBLP:conf/nips/X17"]


def test_tex_cite_family() -> None:
    tex = r"""
    See \cite{a} and \citep[see][p.~4]{b, c} or \citet*{d}; \citeauthor{e}
    \parencite[12]{f} \textcite{g} \autocite{h} \footcite{i} \Textcite{j} \nocite{k,*}
    \cite
      {l}  % \cite{commented}
    100\% sure \citealp{m}
    """
    assert [k for k in keys_from_tex(tex) if k != "*"] == list("abcdefghijklm")


def test_export_only_the_cited_keys(cli, filled_library: Path, tmp_path: Path) -> None:
    keys = [e["key"] for e in json.loads(cli("list", "--json").stdout)][:2]
    tex = tmp_path / "paper.tex"
    tex.write_text(f"\\cite{{{keys[1]}}} and \\citep{{{keys[0]}}}\n", encoding="utf-8")
    result = cli("export", "--tex", str(tex), "--format", "csl-json")
    assert result.exit_code == 0, result.stderr
    assert [item["id"] for item in json.loads(result.stdout)] == [keys[1], keys[0]]
    aux = tmp_path / "paper.aux"
    aux.write_text(f"\\citation{{{keys[0]}}}\n", encoding="utf-8")
    result = cli("export", "--aux", str(aux))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("@") == 1 and keys[0] in result.stdout


def test_unknown_cited_keys_are_listed_and_fail(cli, filled_library: Path, tmp_path: Path) -> None:
    aux = tmp_path / "paper.aux"
    aux.write_text("\\citation{nobody2020x,nobody2021y}\n", encoding="utf-8")
    result = cli("export", "--aux", str(aux))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "nobody2020x" in result.stderr and "nobody2021y" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_aux_file_is_one_line(cli, filled_library: Path, tmp_path: Path) -> None:
    result = cli("export", "--aux", str(tmp_path / "none.aux"))
    assert result.exit_code != 0 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
