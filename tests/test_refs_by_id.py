"""Wherever a command takes a key it takes an arXiv id (any form) or a DOI too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BIB = """@misc{sketch, title = {Sparse Attention Sketches}, author = {Hiro Nakamura},
  eprint = {2303.08867}, archivePrefix = {arXiv}, year = {2023}}
@article{seismic, title = {Seismic Noise on a Budget}, author = {Thandi Mbeki},
  doi = {10.1093/gji/ggz376}, journal = {Geophysical Journal}, year = {2019}}
@misc{oldie, title = {Toy Strings}, author = {Cornelius Vane}, eprint = {hep-th/9912345},
  year = {1999}}
"""
ARXIV_REFS = ["2303.08867", "2303.08867v2", "arXiv:2303.08867", "https://arxiv.org/abs/2303.08867"]
DOI_REFS = ["10.1093/gji/ggz376", "10.1093/GJI/GGZ376", "doi:10.1093/gji/ggz376"]


@pytest.fixture
def library(cli, library_path: Path) -> Path:
    result = cli("import", "-", "--format", "bibtex", input=BIB)
    assert result.exit_code == 0, result.stderr
    return library_path


@pytest.mark.parametrize(
    ("ref", "key"),
    [(r, "sketch") for r in ARXIV_REFS]
    + [(r, "seismic") for r in DOI_REFS]
    + [("hep-th/9912345v1", "oldie")],
)
def test_show(cli, library: Path, ref: str, key: str) -> None:
    result = cli("show", ref, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["key"] == key


def test_open_print(cli, library: Path) -> None:
    result = cli("open", "arXiv:2303.08867v1", "--print")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "https://arxiv.org/abs/2303.08867\n"
    by_doi = cli("open", "https://doi.org/10.1093/gji/ggz376", "--print")
    assert by_doi.exit_code == 0, by_doi.stderr
    assert by_doi.stdout == "https://doi.org/10.1093/gji/ggz376\n"


def test_tag(cli, library: Path) -> None:
    result = cli("tag", "2303.08867v3", "doi:10.1093/gji/ggz376", "--add", "cite-me")
    assert result.exit_code == 0, result.stderr
    tagged = json.loads(cli("list", "--tag", "cite-me", "--json").stdout)
    assert sorted(e["key"] for e in tagged) == ["seismic", "sketch"]


def test_export(cli, library: Path) -> None:
    result = cli("export", "--bibtex", "https://arxiv.org/pdf/2303.08867v2", "10.1093/gji/ggz376")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("@misc{sketch,")
    assert "@article{seismic," in result.stdout


def test_unknown_id_is_one_line(cli, library: Path) -> None:
    result = cli("show", "2303.99999")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: no paper holds arXiv:2303.99999")
    assert len(result.stderr.strip().splitlines()) == 1
