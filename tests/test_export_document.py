"""``papercli export --aux/--tex`` on multi-file documents: missing keys, cited aliases, bad
input (the old --out file kept), and --watch's argument checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import snapshot

BIB = """@misc{sketch2023sparse, title = {Sparse Attention Sketches}, author = {Hiro Nakamura},
  eprint = {2303.08867}, archivePrefix = {arXiv}, year = {2023}}
@article{mbeki2019seismic, title = {Seismic Noise on a Budget}, author = {Thandi Mbeki},
  doi = {10.1093/gji/ggz376}, journal = {Geophysical Journal}, year = {2019}}
@misc{vane1999toy, title = {Toy Strings}, author = {Cornelius Vane}, year = {1999}}
@misc{okafor2024tiny, title = {Tiny Routers for Mixture Models}, author = {Ada Okafor},
  year = {2024}}
"""
OLD_BIB = "@misc{old, title = {Kept}}\n"


@pytest.fixture
def library(cli, library_path: Path) -> Path:
    result = cli("import", "-", "--format", "bibtex", input=BIB)
    assert result.exit_code == 0, result.stderr
    return library_path


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def keys_of(stdout: str) -> list[str]:
    return [item["id"] for item in json.loads(stdout)]


def test_one_missing_key_still_writes_the_others(cli, library: Path, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.aux": "\\relax\n\\citation{sketch2023sparse}\n\\@input{chap1.aux}\n",
            "chap1.aux": "\\relax\n\\citation{vane1999toy}\n\\citation{okafor2042tiny}\n",
        },
    )
    out = tmp_path / "refs.bib"
    result = cli("export", "--aux", str(tmp_path / "main.aux"), "--out", str(out))
    assert result.exit_code == 5
    assert result.stdout == ""
    bib = out.read_text(encoding="utf-8")
    assert bib.startswith("@misc{sketch2023sparse,") and "@misc{vane1999toy," in bib
    assert bib.count("@") == 2
    error = result.stderr.strip().splitlines()[-1]
    assert error == (
        f"Error: {tmp_path / 'main.aux'} cites 1 key the library lacks: 'okafor2042tiny' "
        f"({tmp_path / 'chap1.aux'}:3; did you mean okafor2024tiny?); "
        "the 2 papers found were exported"
    )
    to_stdout = cli("export", "--aux", str(tmp_path / "main.aux"), "-f", "csl-json")
    assert to_stdout.exit_code == 5
    assert keys_of(to_stdout.stdout) == ["sketch2023sparse", "vane1999toy"]


def test_entries_are_written_under_the_keys_the_document_cites(
    cli, library: Path, tmp_path: Path
) -> None:
    write(
        tmp_path,
        {
            "main.tex": "\\cite{2303.08867v2} \\citep{10.1093/GJI/GGZ376}\n\\input{more}\n",
            "more.tex": "\\cite{Vane1999Toy, sketch2023sparse} \\cite{arXiv:2303.08867}\n",
        },
    )
    result = cli("export", "--tex", str(tmp_path / "main.tex"), "-f", "csl-json")
    assert result.exit_code == 0, result.stderr
    assert keys_of(result.stdout) == [
        "2303.08867v2",
        "10.1093/GJI/GGZ376",
        "Vane1999Toy",  # matched ignoring case, written as cited: biber's keys keep case
        "sketch2023sparse",
        "arXiv:2303.08867",
    ]
    warning = "one paper (sketch2023sparse) as '2303.08867v2' and 'sketch2023sparse' and "
    assert warning in result.stderr


def test_nocite_star_adds_only_papers_not_cited_under_another_key(
    cli, library: Path, tmp_path: Path
) -> None:
    write(tmp_path, {"main.aux": "\\relax\n\\citation{2303.08867}\n\\citation{*}\n"})
    result = cli("export", "--aux", str(tmp_path / "main.aux"), "-f", "csl-json")
    assert result.exit_code == 0, result.stderr
    assert keys_of(result.stdout) == [
        "2303.08867",
        "mbeki2019seismic",
        "okafor2024tiny",
        "vane1999toy",
    ]


BAD_DOCUMENTS = {
    "binary aux": (
        {"main.aux": "\\relax\0\0"},
        "main.aux",
        "cannot read {d}/main.aux: it is binary, not LaTeX text",
    ),
    "not an aux": (
        {"main.aux": "Dear editor,\nplease find attached\n"},
        "main.aux",
        "{d}/main.aux is not a LaTeX .aux file (no \\relax or \\citation lines); "
        "give the .aux file LaTeX wrote",
    ),
    "aux loop": (
        {"main.aux": "\\relax\n\\@input{a.aux}\n", "a.aux": "\\relax\n\\@input{main.aux}\n"},
        "main.aux",
        "\\@input loop: {d}/main.aux -> {d}/a.aux -> {d}/main.aux; LaTeX would never finish",
    ),
    "missing include": (
        {"main.tex": "\\cite{vane1999toy}\n\\include{chap2}\n"},
        "main.tex",
        "{d}/chap2.tex (\\include{chap2} on line 2 of {d}/main.tex) does not exist",
    ),
    "folder in place of a file": (
        {"main.tex": "\\cite{vane1999toy}\n\\input{sec/a}\n", "sec/a.tex/x": ""},
        "main.tex",
        "cannot read {d}/sec/a.tex (\\input{sec/a} on line 2 of {d}/main.tex): "
        "it is a folder, not a file",
    ),
    "cites nothing": ({"main.tex": "No citations here.\n"}, "main.tex", None),
}


@pytest.mark.parametrize("case", list(BAD_DOCUMENTS))
def test_bad_documents_write_nothing(cli, library: Path, tmp_path: Path, case: str) -> None:
    files, main, message = BAD_DOCUMENTS[case]
    folder = tmp_path / "doc"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/x"):
            continue
        (folder / name).write_bytes(text.encode("utf-8"))
    out = tmp_path / "refs.bib"
    out.write_text(OLD_BIB, encoding="utf-8")
    before = snapshot(library)
    option = "--aux" if main.endswith(".aux") else "--tex"
    result = cli("export", option, str(folder / main), "--out", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    if message is not None:
        assert lines[0] == "Error: " + message.replace("{d}", str(folder))
    else:
        assert lines[0].startswith(f"Error: {folder / main} cites no papers")
    assert out.read_text(encoding="utf-8") == OLD_BIB
    assert snapshot(library) == before


def test_tex_that_is_not_utf8(cli, library: Path, tmp_path: Path) -> None:
    (tmp_path / "main.tex").write_bytes(b"\\cite{vane1999toy} \\input{latin}\n")
    (tmp_path / "latin.tex").write_bytes("caf\u00e9 \\cite{x}".encode("latin-1"))
    result = cli("export", "--tex", str(tmp_path / "main.tex"))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"Error: cannot read {tmp_path / 'latin.tex'} (\\input{{latin}} on line 1 of "
        f"{tmp_path / 'main.tex'}): it is not UTF-8 text (byte 0xe9 at offset 3); "
        "save it as UTF-8\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--watch", "--out", "refs.bib"], "--watch needs --out FILE and --aux or --tex"),
        (["--watch", "--aux", "main.aux"], "--watch needs --out FILE and --aux or --tex"),
        (["--aux", "main.aux", "--out", "main.aux"], "is the document itself"),
    ],
)
def test_watch_and_out_arguments(
    cli, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args, message
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.aux").write_text("\\relax\n\\citation{vane1999toy}\n", encoding="utf-8")
    result = cli("export", *args)
    assert result.exit_code == 1 and result.stdout == ""
    assert message in result.stderr
    assert (tmp_path / "main.aux").read_text(encoding="utf-8").endswith("{vane1999toy}\n")
