"""``papercli search`` through the CLI: table, --json, filters, no-match exit status."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from papercli.model import Entry
from papercli.store.files import Library
from tests.conftest import snapshot
from tests.test_search import load_papers


@pytest.fixture
def search_library(library_path: Path) -> Path:
    """The search fixture papers written as a library on disk."""
    library = Library(library_path)
    library.ensure()
    with library.lock():
        for entry in load_papers():
            library.write(entry)
    return library_path


def test_table_shows_the_hit_first(
    cli, search_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich renders the table as for a terminal
    result = cli("search", "difusion modle")
    assert result.exit_code == 0, result.stderr
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    lines = [line for line in plain.splitlines() if line.strip()]
    assert "#" in lines[0] and "key" in lines[0] and "title" in lines[0]
    assert "okafor2025diffusion" in lines[2]
    assert lines[2].split()[0] == "1"
    assert result.stderr == ""


def test_piped_output_is_tab_separated(cli, search_library: Path) -> None:
    result = cli("search", "difusion modle")
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0].split("\t")
    assert first[:2] == ["1", "okafor2025diffusion"]
    assert first[3] == "Diffusion Models for Tabular Data Synthesis"


def test_json_has_entries_and_scores_best_first(cli, search_library: Path) -> None:
    result = cli("search", "spectral clustering", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data[0]["key"] == "olsen2024spectral"
    assert data[0]["title"] == "Spectral Clustering with Missing Edges"
    scores = [d["score"] for d in data]
    assert all(isinstance(s, float) for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[1]


def test_limit(cli, search_library: Path) -> None:
    data = json.loads(cli("search", "learning", "--json", "--limit", "2").stdout)
    assert len(data) == 2
    everything = json.loads(cli("search", "learning", "--json", "--limit", "0").stdout)
    assert len(everything) > 2


def test_default_limit_is_20(cli, library_path: Path) -> None:
    library = Library(library_path)
    library.ensure()
    with library.lock():
        for n in range(25):
            library.write(Entry(key=f"paper{n}", title=f"Lattice Sieving Trick {n}"))
    data = json.loads(cli("search", "lattice", "--json").stdout)
    assert len(data) == 20


def test_tag_filter_is_case_insensitive(cli, search_library: Path) -> None:
    data = json.loads(cli("search", "learning", "--tag", "rl", "--json").stdout)
    assert [d["key"] for d in data] == ["singh2023reinforcement"]


def test_since_and_until(cli, search_library: Path) -> None:
    data = json.loads(cli("search", "olsen", "--since", "2025", "--json").stdout)
    assert [d["key"] for d in data] == ["olsen2025normalization"]
    data = json.loads(cli("search", "olsen", "--until", "2024", "--json").stdout)
    assert [d["key"] for d in data] == ["olsen2024spectral"]
    data = json.loads(
        cli("search", "zhou", "--since", "2023-11-11", "--until", "2024-12", "--json").stdout
    )
    assert sorted(d["key"] for d in data) == ["zhou2023annealing", "zhou2024simulated"]


def test_bad_date_is_an_error(cli, search_library: Path) -> None:
    result = cli("search", "spectral", "--since", "last week")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "--since" in result.stderr


def test_no_match_exits_1_with_message_on_stderr(cli, search_library: Path) -> None:
    before = snapshot(search_library)
    result = cli("search", "zyxwvut")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no papers match 'zyxwvut'" in result.stderr
    assert snapshot(search_library) == before


def test_no_match_after_filters(cli, search_library: Path) -> None:
    result = cli("search", "spectral", "--tag", "chemistry", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_search_empty_library(cli, library_path: Path) -> None:
    result = cli("search", "anything")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert not library_path.exists()


def test_search_the_shipped_digest(cli, filled_library: Path) -> None:
    result = cli("search", "overparameterized", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["title"].startswith("Why Over-Parameterized")


def test_a_key_with_punctuation_is_found_and_the_index_kept(cli, tmp_path, library_path) -> None:
    bib = tmp_path / "keys.bib"
    bib.write_text(
        "@misc{smith2023only_doi, title = {Sparse Attention via Locality}, year = {2023}}\n"
        "@misc{a:b-c.d, title = {Other Heron Paper}, year = {2020}}\n",
        encoding="utf-8",
    )
    assert cli("import", str(bib)).exit_code == 0
    index = library_path / ".papercli" / "index.sqlite3"
    for key in ("smith2023only_doi", "a:b-c.d"):
        result = cli("search", "--json", key)
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)[0]["key"] == key
    before = index.stat().st_ino
    result = cli("search", 'lee"2020')
    assert result.exit_code == 1 and "damaged" not in result.stderr
    assert index.stat().st_ino == before  # the index was not removed
