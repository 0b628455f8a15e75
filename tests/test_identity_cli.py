"""Every command that takes a paper takes it by any form of its identifier, or a former key.

One table of forms (``tests/identifier_cases.py``) runs through show, tag, mark,
open --print, export, add --offline and search, in a library whose papers hold the ids.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.identifier_cases import ARXIV, CASES, DOI, OLD_ARXIV

BIB = f"""
@misc{{Ada_sparse-otters,
  title = {{Sparse Otters Learn Quickly}},
  author = {{Otter, Ada and Brook, Ben}},
  year = {{2025}},
  eprint = {{{ARXIV}}},
  archivePrefix = {{arXiv}},
}}
@article{{kestrel2006moduli,
  title = {{Moduli of Kestrel Curves}},
  author = {{Kestrel, Carl}},
  year = {{2006}},
  eprint = {{{OLD_ARXIV}}},
  archivePrefix = {{arXiv}},
}}
@article{{heron2024journal,
  title = {{A Journal Paper on Herons}},
  author = {{Heron, Dana}},
  year = {{2024}},
  journal = {{Journal of Wading Birds}},
  doi = {{{DOI}}},
}}
"""
KEY_OF = {ARXIV: "Ada_sparse-otters", OLD_ARXIV: "kestrel2006moduli", DOI: "heron2024journal"}


@pytest.fixture
def held(cli, tmp_path: Path, library_path: Path) -> Path:
    bib = tmp_path / "held.bib"
    bib.write_text(BIB, encoding="utf-8")
    result = cli("import", str(bib))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.stem for p in (library_path / "entries").glob("*.yaml")) == sorted(
        KEY_OF.values()
    )
    return library_path


def _entry(library: Path, key: str) -> dict:
    return yaml.safe_load((library / "entries" / f"{key}.yaml").read_text(encoding="utf-8"))


def test_show(cli, held: Path) -> None:
    for form, _, value in CASES:
        result = cli("show", form)
        assert result.exit_code == 0, (form, result.stderr)
        assert KEY_OF[value] in result.stdout, form


def test_tag(cli, held: Path) -> None:
    for number, (form, _, value) in enumerate(CASES):
        result = cli("tag", form, "--add", f"t{number}")
        assert result.exit_code == 0, (form, result.stderr)
        assert f"t{number}" in _entry(held, KEY_OF[value])["tags"], form


def test_mark(cli, held: Path) -> None:
    for number, (form, _, value) in enumerate(CASES):
        status = ("read", "skipped")[number % 2]
        result = cli("mark", form, status)
        assert result.exit_code == 0, (form, result.stderr)
        assert _entry(held, KEY_OF[value])["status"] == status, form


def test_open_print(cli, held: Path) -> None:
    for form, kind, value in CASES:
        result = cli("open", "--print", form)
        assert result.exit_code == 0, (form, result.stderr)
        expected = f"https://arxiv.org/abs/{value}" if kind == "arxiv" else f"doi.org/{DOI}"
        assert expected in result.stdout, form


def test_export(cli, held: Path) -> None:
    for form, _, value in CASES:
        result = cli("export", "--format", "csl-json", form)
        assert result.exit_code == 0, (form, result.stderr)
        assert [item["id"] for item in json.loads(result.stdout)] == [KEY_OF[value]], form


def test_add_offline_names_the_paper_held(cli, held: Path) -> None:
    before = {p.name: p.read_bytes() for p in (held / "entries").iterdir()}
    for form, _, value in CASES:
        result = cli("add", "--offline", "--json", form)
        assert result.exit_code == 0, (form, result.stderr)
        report = json.loads(result.stdout)
        assert list(report["held"].values()) == [KEY_OF[value]], form
        assert report["added"] == [], form
    assert {p.name: p.read_bytes() for p in (held / "entries").iterdir()} == before


def test_search_by_identifier_is_exact(cli, held: Path) -> None:
    for form, _, value in CASES:
        result = cli("search", "--json", form)
        assert result.exit_code == 0, (form, result.stderr)
        assert [hit["key"] for hit in json.loads(result.stdout)] == [KEY_OF[value]], form


def test_search_for_an_identifier_nobody_holds_says_so(cli, held: Path) -> None:
    result = cli("search", "arXiv:2511.99999")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no paper holds arXiv:2511.99999" in result.stderr


def test_a_former_key_still_resolves_after_rekey(cli, held: Path) -> None:
    result = cli("rekey", "Ada_sparse-otters", "--json")
    assert result.exit_code == 0, result.stderr
    (renamed,) = json.loads(result.stdout)
    new = renamed["new"]
    assert new != "Ada_sparse-otters"
    assert _entry(held, new)["aliases"] == ["Ada_sparse-otters"]
    for command in (("show", "Ada_sparse-otters"), ("export", "Ada_sparse-otters")):
        result = cli(*command)
        assert result.exit_code == 0, result.stderr
        assert new in result.stdout
    # The alias stays taken: a new paper arriving with that key is given another one.
    other = held.parent / "other.bib"
    other.write_text(
        "@misc{Ada_sparse-otters, title = {Unrelated Heron Counting}, year = {2020}}\n",
        encoding="utf-8",
    )
    result = cli("import", str(other))
    assert result.exit_code == 0, result.stderr
    assert "'Ada_sparse-otters' is taken" in result.stderr
    result = cli("show", "Ada_sparse-otters")
    assert new in result.stdout


def test_a_document_citing_a_former_key_gets_the_entry_under_that_key(
    cli, held: Path, tmp_path: Path
) -> None:
    assert cli("rekey", "Ada_sparse-otters").exit_code == 0
    aux = tmp_path / "paper.aux"
    aux.write_text(
        "\\relax\n\\citation{Ada_sparse-otters}\n\\citation{2511.04321}\n\\bibdata{refs}\n",
        encoding="utf-8",
    )
    result = cli("export", "--aux", str(aux))
    assert result.exit_code == 0, result.stderr
    assert "@misc{Ada_sparse-otters," in result.stdout
    assert "@misc{2511.04321," in result.stdout


def test_biblatex_export_carries_former_keys_as_ids_for_biber(
    cli, held: Path, tmp_path: Path
) -> None:
    from tests.tools import typeset_with_biber

    assert cli("rekey", "Ada_sparse-otters").exit_code == 0
    result = cli("export", "--format", "biblatex")
    assert result.exit_code == 0, result.stderr
    assert "ids = {Ada_sparse-otters}" in result.stdout
    folder = tmp_path / "doc"
    folder.mkdir()
    log = typeset_with_biber(
        folder, result.stdout, "", "\\AtBeginDocument{\\cite{Ada_sparse-otters}}\n"
    )
    assert "undefined" not in log
    # Read back, the ids are aliases again: re-importing changes nothing.
    again = tmp_path / "again.bib"
    again.write_text(result.stdout, encoding="utf-8")
    report = cli("import", "--json", str(again))
    assert report.exit_code == 0, report.stderr
    assert json.loads(report.stdout)["updated"] == []


def test_a_paper_named_only_by_arxivs_doi_is_an_arxiv_preprint(cli, tmp_path: Path) -> None:
    bib = tmp_path / "doi.bib"
    bib.write_text(
        "@misc{smith2023only_doi, title = {Sparse Attention via Locality},\n"
        "  author = {Smith, Alice}, year = {2023}, doi = {10.48550/arXiv.2305.11111}}\n",
        encoding="utf-8",
    )
    assert cli("import", str(bib)).exit_code == 0
    shown = json.loads(cli("show", "--json", "smith2023only_doi").stdout)
    assert shown["arxiv_id"] == "2305.11111"
    assert "arxiv.org/abs/2305.11111" in cli("open", "--print", "smith2023only_doi").stdout
    assert "arXiv:2305.11111" in cli("export", "smith2023only_doi").stdout


def test_a_document_citing_old_and_new_keys_gets_no_ids_biber_warns_about(
    cli, held: Path, tmp_path: Path
) -> None:
    renamed = json.loads(cli("rekey", "Ada_sparse-otters", "--json").stdout)[0]["new"]
    aux = tmp_path / "both.aux"
    aux.write_text(
        f"\\relax\n\\abx@aux@cite{{0}}{{Ada_sparse-otters}}\n\\abx@aux@cite{{0}}{{{renamed}}}\n",
        encoding="utf-8",
    )
    result = cli("export", "--aux", str(aux), "--format", "biblatex")
    assert result.exit_code == 0, result.stderr
    assert "ids =" not in result.stdout
    assert "{Ada_sparse-otters," in result.stdout and f"{{{renamed}," in result.stdout


def test_a_key_cited_in_two_cases_is_warned_about(cli, held: Path, tmp_path: Path) -> None:
    aux = tmp_path / "cases.aux"
    aux.write_text("\\citation{heron2024journal}\n\\citation{Heron2024Journal}\n", "utf-8")
    result = cli("export", "--aux", str(aux))
    assert result.exit_code == 0, result.stderr
    assert "differing only in case" in result.stderr
    assert result.stdout.count("@article{") == 1


def test_a_google_scholar_preprint_is_exported_as_a_preprint(cli, tmp_path: Path) -> None:
    bib = tmp_path / "scholar.bib"
    bib.write_text(
        "@article{ada2024gs, title = {Herons in the Wild}, author = {Ada, Lovelace},\n"
        "  journal = {arXiv preprint arXiv:2401.00001}, year = {2024}}\n",
        encoding="utf-8",
    )
    assert cli("import", str(bib)).exit_code == 0
    biblatex = cli("export", "--format", "biblatex", "ada2024gs").stdout
    assert biblatex.startswith("@online{ada2024gs,") and "journaltitle" not in biblatex
    (item,) = json.loads(cli("export", "--format", "csl-json", "ada2024gs").stdout)
    assert item["type"] != "article-journal" and "container-title" not in item


def test_an_identifier_no_paper_holds_is_named_as_one(cli, held: Path) -> None:
    before = {p.name: p.read_bytes() for p in (held / "entries").iterdir()}
    for command in (("show",), ("tag", "--add", "x"), ("mark", "read"), ("open", "--print")):
        args = [command[0], "https://huggingface.co/papers/2599.99999", *command[1:]]
        if command[0] == "mark":
            args = ["mark", "https://huggingface.co/papers/2599.99999", "read"]
        result = cli(*args)
        assert result.exit_code == 1, command
        assert "no paper holds arXiv:2599.99999" in result.stderr, result.stderr
        assert result.stdout == ""
    assert {p.name: p.read_bytes() for p in (held / "entries").iterdir()} == before
