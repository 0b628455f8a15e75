"""``papercli rm`` (always confirmed, keys checked first) and ``papercli open``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from papercli.cli import targets
from papercli.model import Entry
from papercli.ops.links import paper_url
from papercli.store.files import Library
from tests.conftest import snapshot


@pytest.fixture
def library(library_path: Path) -> Library:
    """25 'lichen' papers and three others with different kinds of links."""
    lib = Library(library_path)
    lib.ensure()
    with lib.lock():
        for n in range(25):
            lib.write(Entry(key=f"lichen{n}", title=f"Lichen Survey {n}"))
        lib.write(
            Entry(
                key="kestrel2026sparse",
                title="Sparse Kestrel Attention",
                arxiv_id="2601.01234v2",
                urls=["https://example.org/kestrel"],
                doi="10.1234/k.1",
            )
        )
        lib.write(
            Entry(
                key="otter2026graphs",
                title="Otter Graphs",
                urls=["https://example.org/otter"],
                doi="10.1234/o.2",
            )
        )
        lib.write(Entry(key="heron2025tides", title="Heron Tides", doi="10.1234/heron.5"))
    return lib


def keys_of(cli) -> list[str]:
    return sorted(e["key"] for e in json.loads(cli("list", "--json").stdout))


# --- rm -----------------------------------------------------------------------------------


def test_rm_with_yes_removes_and_the_index_follows(cli, library: Library) -> None:
    assert cli("search", "otter").exit_code == 0  # the index knows the paper
    result = cli("rm", "otter2026graphs", "heron2025tides", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == "removed 2 papers: otter2026graphs, heron2025tides"
    assert not library.entry_path("otter2026graphs").exists()
    assert cli("search", "otter").exit_code == 1
    assert "otter2026graphs" not in keys_of(cli) and len(keys_of(cli)) == 26


def test_rm_json_prints_the_removed_entries(cli, library: Library) -> None:
    result = cli("rm", "heron2025tides", "--yes", "--json")
    assert result.exit_code == 0
    (removed,) = json.loads(result.stdout)
    assert removed["key"] == "heron2025tides" and removed["doi"] == "10.1234/heron.5"


def test_rm_without_a_terminal_or_yes_refuses(cli, library: Library) -> None:
    before = snapshot(library.root)
    result = cli("rm", "heron2025tides")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "heron2025tides  Heron Tides" in result.stderr
    assert "Error: refusing to remove 1 paper without a terminal to confirm; add --yes" in (
        result.stderr
    )
    assert snapshot(library.root) == before


@pytest.mark.parametrize(("answer", "removed"), [("y\n", True), ("n\n", False), ("\n", False)])
def test_rm_asks_on_a_terminal(
    cli, library: Library, monkeypatch: pytest.MonkeyPatch, answer: str, removed: bool
) -> None:
    monkeypatch.setattr(targets, "interactive", lambda: True)
    result = cli("rm", "heron2025tides", "otter2026graphs", input=answer)
    assert "Remove 2 papers? [y/N]" in result.stderr
    assert result.exit_code == (0 if removed else 1)
    assert library.entry_path("heron2025tides").exists() is not removed
    if not removed:
        assert "nothing was removed" in result.stderr


def test_rm_unknown_key_removes_nothing(cli, library: Library) -> None:
    before = snapshot(library.root)
    result = cli("rm", "heron2025tides", "otter2025graphs", "--yes")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no paper with key 'otter2025graphs'; nothing was removed" in result.stderr
    assert "did you mean otter2026graphs?" in result.stderr
    assert snapshot(library.root) == before


def test_rm_refuses_an_unreadable_entry_file(cli, library: Library) -> None:
    library.entry_path("heron2025tides").write_text("key: [broken\n", encoding="utf-8")
    before = snapshot(library.root)
    result = cli("rm", "heron2025tides", "--yes")
    assert result.exit_code == 2
    assert "heron2025tides.yaml: not valid YAML" in result.stderr
    assert snapshot(library.root) == before


def test_rm_search_removes_only_the_hits(cli, library: Library) -> None:
    result = cli("rm", "--search", "otter", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "1 paper matches 'otter'" in result.stderr
    assert keys_of(cli) == sorted(
        [*(f"lichen{n}" for n in range(25)), "kestrel2026sparse", "heron2025tides"]
    )


def test_rm_search_many_hits_without_terminal_refuses(cli, library: Library) -> None:
    before = snapshot(library.root)
    result = cli("rm", "--search", "lichen survey")
    assert result.exit_code == 1
    assert "25 papers match 'lichen survey'" in result.stderr
    assert "... and 15 more" in result.stderr
    assert "refusing to remove 25 papers without a terminal to confirm; add --yes" in (
        result.stderr
    )
    assert snapshot(library.root) == before


def test_rm_search_no_match(cli, library: Library) -> None:
    before = snapshot(library.root)
    result = cli("rm", "--search", "walrus", "--yes")
    assert result.exit_code == 1
    assert "no papers match 'walrus'; nothing was removed" in result.stderr
    assert snapshot(library.root) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [([], "which papers"), (["heron2025tides", "--search", "x"], "not both")],
)
def test_rm_usage_errors(cli, library: Library, args: list[str], message: str) -> None:
    result = cli("rm", *args)
    assert result.exit_code == 1
    assert message in result.stderr


def test_rm_without_a_library(cli, library_path: Path) -> None:
    result = cli("rm", "x", "--yes")
    assert result.exit_code == 1
    assert "no library at" in result.stderr
    assert not library_path.exists()


# --- open ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "url"),
    [
        (
            Entry(arxiv_id="2601.01234v2", urls=["https://x.org"]),
            "https://arxiv.org/abs/2601.01234v2",
        ),
        (Entry(urls=["", "https://x.org/a"], doi="10.1/b"), "https://x.org/a"),
        (Entry(doi="10.1/b"), "https://doi.org/10.1/b"),
        (Entry(arxiv_id="  ", urls=[]), None),
    ],
)
def test_paper_url_prefers_arxiv_then_url_then_doi(entry: Entry, url: str | None) -> None:
    assert paper_url(entry) == url


@pytest.mark.parametrize(
    ("key", "url"),
    [
        ("kestrel2026sparse", "https://arxiv.org/abs/2601.01234v2"),
        ("otter2026graphs", "https://example.org/otter"),
        ("heron2025tides", "https://doi.org/10.1234/heron.5"),
    ],
)
def test_open_print(cli, library: Library, key: str, url: str) -> None:
    result = cli("open", key, "--print")
    assert result.exit_code == 0
    assert result.stdout == url + "\n"
    assert result.stderr == ""


def test_open_without_any_link_is_one_line(cli, library: Library) -> None:
    result = cli("open", "lichen3", "--print")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Error: lichen3 has no arXiv id, URL or DOI to open; add one with 'papercli edit lichen3'"
    ]


def test_open_unknown_key_suggests(cli, library: Library) -> None:
    result = cli("open", "kestrel2025sparse")
    assert result.exit_code == 1
    assert "no paper with key 'kestrel2025sparse'; did you mean kestrel2026sparse?" in (
        result.stderr
    )


def test_open_runs_the_browser_named_by_browser(library: Library, tmp_path: Path) -> None:
    record = tmp_path / "opened.txt"
    browser = tmp_path / "fake-browser"
    browser.write_text(
        f"#!{sys.executable}\nimport sys, pathlib\n"
        f"pathlib.Path({str(record)!r}).write_text(repr(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    browser.chmod(0o755)
    env = {**os.environ, "BROWSER": str(browser), "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    result = subprocess.run(
        [sys.executable, "-m", "papercli", "open", "otter2026graphs"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == "opening https://example.org/otter"
    assert record.read_text(encoding="utf-8") == "['https://example.org/otter']"
