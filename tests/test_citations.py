"""Keys a LaTeX document cites, and ``export --aux/--tex``."""

from __future__ import annotations

import json
from pathlib import Path

from papercli.latex.citations import Item, aux_items, keys_from_aux, keys_from_tex, tex_items


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


def test_aux_items_in_order() -> None:
    aux = (
        "\\relax \n\\abx@aux@refcontext{nty/global//global/global}\n"
        "\\abx@aux@cite{0}{a}\n\\abx@aux@segm{0}{0}{a}\n\\@input{chap1.aux}\n"
        "\\abx@aux@cite{old}\n\\abx@aux@nociteall\n\\bibcite{notacite}{{1}{2020}}\n"
    )
    assert aux_items(aux) == [
        Item("cite", 3, key="a"),
        Item("aux", 5, path="chap1.aux"),
        Item("cite", 6, key="old"),
        Item("cite", 7, key="*"),
    ]


def test_multi_cites_notes_and_what_is_not_a_citation() -> None:
    tex = r"""\cites(See)(p. 3)[4][]{a}[{x]y}]{b,c}{d} \textcites{e}{f} and then {g}
    \setcitestyle{authoryear} \citetext{priv. comm.} \AtEveryCitekey{\clearfield{note}}
    \newcommand{\mycite}[1]{\cite{#1}} \DeclareCiteCommand{\x}{y}{z}{w}{v}
    \begin{verbatim}\cite{shown}\end{verbatim} 50\\% \cite{commented}
    \begin{comment}
    \cite{hidden}
    \end{comment}
    \Citet{h} \citeyear{i} \citealt{j} \Parencite*[p.~2]{k} \bibentry{l}
    """
    assert keys_from_tex(tex) == list("abcdefhijkl")


def test_file_commands_of_tex() -> None:
    tex = (
        "\\input{sec/intro}\\include{chap1}\n\\subfile{c/one.tex} \\input plain.tex\n"
        "\\import{parts/}{p1}\\subimport*{sub}{x}\\inputfrom{d}{e}\\subincludefrom{f}{g}\n"
        "% \\input{commented}\n\\input{\\jobname.extra}"
    )
    assert tex_items(tex) == [
        Item("input", 1, path="sec/intro"),
        Item("include", 1, path="chap1"),
        Item("subfile", 2, path="c/one.tex"),
        Item("input", 2, path="plain.tex"),
        Item("import", 3, path="p1", folder="parts/"),
        Item("subimport", 3, path="x", folder="sub"),
        Item("import", 3, path="e", folder="d"),
        Item("subimport", 3, path="g", folder="f"),
    ]


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
    assert result.exit_code == 5  # the papers found (none) are written; exit 5 says some lack
    assert result.stdout == ""
    assert "nobody2020x" in result.stderr and "nobody2021y" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_aux_file_is_one_line(cli, filled_library: Path, tmp_path: Path) -> None:
    result = cli("export", "--aux", str(tmp_path / "none.aux"))
    assert result.exit_code != 0 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


def test_inline_verbatim_is_not_a_citation() -> None:
    r"""``\verb|\cite{x}|`` shows the command, as ``\lstinline`` does: neither cites; a ``%``
    inside them starts no comment, so what follows on the line still counts."""
    tex = r"""
    Write \verb|\cite{shown}| or \verb*+\citep{starred}+ in the text.
    In code: \lstinline|\cite{listed}| and \lstinline{\citet{braced}}.
    A percent in verbatim: \verb|50%| then \cite{real}.
    \\verb|x| \cite{after}
    """
    assert keys_from_tex(tex) == ["real", "after"]
