"""Following a LaTeX document across its files (latex/document.py): paths, loops, errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papercli.latex.document import (
    DocumentError,
    Unreadable,
    follow_aux,
    follow_tex,
    read_source,
)


def reader(files: dict[str, str]):
    """A read function over an in-memory tree (posix paths as written by the walk)."""

    def read(path: Path) -> str:
        key = os.path.normpath(path).replace(os.sep, "/")
        if key not in files:
            raise FileNotFoundError(key)
        return files[key]

    return read


def test_aux_follows_input_lines_recursively_in_order() -> None:
    files = {
        "build/main.aux": "\\relax\n\\citation{a}\n\\@input{chap1.aux}\n\\citation{z,a}\n",
        "build/chap1.aux": "\\relax\n\\citation{b}\n\\@input{parts/deep.aux}\n",
        "build/parts/deep.aux": "\\relax\n\\abx@aux@cite{0}{c}\n\\abx@aux@nociteall\n",
    }
    doc = follow_aux(Path("build/main.aux"), reader(files))
    assert doc.keys == ["a", "b", "c", "*", "z"]
    assert [str(p) for p in doc.files] == list(files)
    first_c = doc.citations[2]
    assert (str(first_c.file), first_c.line) == ("build/parts/deep.aux", 2)


def test_aux_input_relative_to_the_aux_naming_it_when_not_beside_the_main_one() -> None:
    files = {
        "main.aux": "\\relax\n\\@input{sub/one.aux}\n",
        "sub/one.aux": "\\relax\n\\@input{two.aux}\n",  # only sub/two.aux exists
        "sub/two.aux": "\\relax\n\\citation{deep}\n",
    }
    assert follow_aux(Path("main.aux"), reader(files)).keys == ["deep"]


def test_aux_loop_is_named() -> None:
    files = {
        "main.aux": "\\relax\n\\@input{a.aux}\n",
        "a.aux": "\\relax\n\\citation{x}\n\\@input{main.aux}\n",
    }
    with pytest.raises(DocumentError) as err:
        follow_aux(Path("main.aux"), reader(files))
    loop = "\\@input loop: main.aux -> a.aux -> main.aux; LaTeX would never finish"
    assert str(err.value) == loop


def test_missing_aux_names_the_file_that_inputs_it() -> None:
    files = {"main.aux": "\\relax\n\\citation{x}\n\\@input{gone.aux}\n"}
    with pytest.raises(DocumentError) as err:
        follow_aux(Path("main.aux"), reader(files))
    assert str(err.value) == "gone.aux (\\@input{gone.aux} on line 3 of main.aux) does not exist"
    assert Path("gone.aux") in err.value.files  # watched: it may appear later


def test_a_file_without_aux_lines_is_not_an_aux() -> None:
    files = {"main.aux": "\\relax\n\\@input{notes.aux}\n", "notes.aux": "just some words\n"}
    with pytest.raises(DocumentError, match=r"notes\.aux .* is not a LaTeX \.aux file"):
        follow_aux(Path("main.aux"), reader(files))


TEX = {
    "paper/main.tex": (
        "\\documentclass{article}\n\\begin{document}\n\\cite{m1}\n"
        "\\include{chap1}\n\\input{sec/intro.tex}\n"
        "\\import{parts/}{p1}\n\\subfile{chapters/c1}\n\\cite{m2}\n\\end{document}\n"
    ),
    "paper/chap1.tex": "\\citep[see][]{ch1} % \\input{never}\n",
    # \input paths are relative to the main document's folder, not to sec/
    "paper/sec/intro.tex": "\\citet*{in1}\n\\input{sec/detail}\n",
    "paper/sec/detail.tex": "\\parencite{det}\n",
    # inside \import{parts/}, \input looks in parts/ first; \subimport is relative to it
    "paper/parts/p1.tex": "\\textcite{p1}\n\\input{fig}\n\\subimport{sub/}{x.tex}\n",
    "paper/parts/fig.tex": "\\footcite{fig}\n",
    "paper/parts/sub/x.tex": "\\autocite{x}\n\\input{xfig}\n",
    "paper/parts/sub/xfig.tex": "\\fullcite{xfig}\n",
    # a subfile's own inputs are relative to its folder
    "paper/chapters/c1.tex": "\\cites{c1}[4]{c2}\n\\input{figs/f}\n\\input{../parts/fig}\n",
    "paper/chapters/figs/f.tex": "\\nocite{f}\n",
}


def test_tex_follows_every_kind_of_input_from_the_right_folder() -> None:
    doc = follow_tex(Path("paper/main.tex"), reader(TEX))
    assert doc.keys == [
        *("m1", "ch1", "in1", "det", "p1", "fig", "x", "xfig", "c1", "c2", "f", "m2")
    ]
    read = [str(p) for p in doc.files]
    assert read[:3] == ["paper/main.tex", "paper/chap1.tex", "paper/sec/intro.tex"]
    assert sorted(read) == sorted(TEX)  # parts/fig.tex read once though input twice


def test_tex_loop_names_the_chain() -> None:
    files = {"main.tex": "\\input{a}\n", "a.tex": "\\cite{k}\n\n\\input{b}", "b.tex": "\\input{a}"}
    with pytest.raises(DocumentError) as err:
        follow_tex(Path("main.tex"), reader(files))
    assert str(err.value) == "\\input loop: a.tex -> b.tex -> a.tex; LaTeX would never finish"


def test_missing_tex_names_it_and_its_includer_with_the_line() -> None:
    files = {"main.tex": "\\cite{k}\n\\include{chap9}\n"}
    with pytest.raises(DocumentError) as err:
        follow_tex(Path("main.tex"), reader(files))
    assert str(err.value) == "chap9.tex (\\include{chap9} on line 2 of main.tex) does not exist"


def test_the_main_file_missing() -> None:
    with pytest.raises(DocumentError, match=r"^nowhere.tex does not exist$"):
        follow_tex(Path("nowhere.tex"), reader({}))


def test_inputs_built_by_macros_are_not_followed() -> None:
    files = {"main.tex": "\\input{\\jobname.extra}\\newcommand{\\c}[1]{\\cite{#1}}\\cite{k}"}
    assert follow_tex(Path("main.tex"), reader(files)).keys == ["k"]


def test_read_source_refuses_what_is_not_utf8_text(tmp_path: Path) -> None:
    folder = tmp_path / "chap.tex"
    folder.mkdir()
    latin1 = tmp_path / "latin1.tex"
    latin1.write_bytes("\\cite{k} caf\u00e9".encode("latin-1"))
    binary = tmp_path / "main.aux"
    binary.write_bytes(b"\\relax\x00\x01\x02")
    fifo = tmp_path / "pipe.tex"
    os.mkfifo(fifo)  # reading it would wait forever for a writer
    bom = tmp_path / "bom.tex"
    bom.write_bytes("\ufeff\\cite{k}".encode())
    reasons = {}
    for path in (folder, latin1, binary, fifo):
        with pytest.raises(Unreadable) as err:
            read_source(path)
        reasons[path.name] = str(err.value)
    assert reasons == {
        "chap.tex": "it is a folder, not a file",
        "latin1.tex": "it is not UTF-8 text (byte 0xe9 at offset 12); save it as UTF-8",
        "main.aux": "it is binary, not LaTeX text",
        "pipe.tex": "it is not a regular file",
    }
    assert read_source(bom) == "\\cite{k}"
    with pytest.raises(FileNotFoundError):
        read_source(tmp_path / "none.tex")


def test_an_unreadable_include_names_both_files(tmp_path: Path) -> None:
    (tmp_path / "main.tex").write_text("\\cite{k}\n\\input{sec}\n", encoding="utf-8")
    (tmp_path / "sec.tex").mkdir()
    with pytest.raises(DocumentError) as err:
        follow_tex(tmp_path / "main.tex")
    assert str(err.value) == (
        f"cannot read {tmp_path / 'sec.tex'} (\\input{{sec}} on line 2 of "
        f"{tmp_path / 'main.tex'}): it is a folder, not a file"
    )
