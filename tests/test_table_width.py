"""Entry tables read at 80 columns: the title gets the width, keys and tags give way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from papercli.cli.table_layout import NARROW, plan
from papercli.model import Entry
from papercli.store import Store

TITLES = [
    "Entropy-regularised Policy Optimisation with Learned Reward Models for Long-Horizon "
    "Agentic Tasks",
    "Reward Hacking in Multi-Turn Dialogue: A Benchmark and Mitigations",
    "Off-Policy Evaluation of Reward Shaping",
    "A Survey of Process Reward Models for Mathematical Reasoning and Code Generation "
    "Across Domains",
]


KEYS = [f"entropyregularisedpolicy{i}x2025"[:28] for i in range(len(TITLES))]


@pytest.fixture
def long_keys(library_path: Path) -> Path:
    store = Store(library_path)
    store.ensure()
    tags = ["reinforcement-learning", "reward-modelling", "alignment", "to-read-later"]
    with store.transaction():
        store.add(
            [
                Entry(
                    key=f"entropyregularisedpolicy{i}x2025"[:28],
                    title=title,
                    date="2025-06-1" + str(i),
                    tags=tags[: i + 2],
                    abstract="reward " * 3,
                )
                for i, title in enumerate(TITLES)
            ]
        )
    return library_path


def table_rows(stdout: str) -> list[list[str]]:
    """The lines of each row of a search table (a row starts with its rank)."""
    lines = re.sub(r"\x1b\[[0-9;]*m", "", stdout).splitlines()[2:]
    rows: list[list[str]] = []
    for line in lines:
        if re.match(r"\s*\d+ │", line) and line.strip()[0].isdigit():
            rows.append([line])
        else:
            rows[-1].append(line)
    return rows


def test_search_rows_take_at_most_two_lines_at_80_columns(
    cli, long_keys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = cli("search", "reward", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == "3 of 4 shown; --limit 0 for all"
    rows = table_rows(result.stdout)
    assert len(rows) == 3
    for row in rows:
        assert len(row) <= 2, row
        assert all(cell_len(line.rstrip()) <= 80 for line in row)
        title = " ".join(line.split("│")[2].strip() for line in row)
        assert title in TITLES or len(title) >= 40, title  # not "Entropy-regul…"
        assert any(title.startswith(t[:30]) for t in TITLES)
        key = row[0].split("│")[1].strip()
        assert key in KEYS, key  # whole: a key cut with '…' can be neither told apart nor copied
    header = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout).splitlines()[0]
    assert "key / date" in header


def test_wide_terminals_keep_one_line_rows(
    cli, long_keys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("FORCE_COLOR", "1")
    rows = table_rows(cli("search", "reward").stdout)
    assert len(rows) == 4 and all(len(row) == 1 for row in rows)
    assert any("entropyregularisedpolicy0x20" in row[0] for row in rows)  # keys uncut


def test_plan_gives_the_title_the_width() -> None:
    natural = {"key": 28, "date": 10, "title": 95, "tags": 60}
    layout = plan(["key", "date", "title", "tags"], natural, 80, first=1)
    assert layout.date_under_key and layout.columns == ["key", "title", "tags"]
    assert layout.widths["title"] >= 20 and layout.widths["key"] == 28  # keys whole
    assert not layout.fold_key
    assert sum(layout.widths.values()) + 3 * 3 + 1 <= 80
    wide = plan(["key", "date", "title", "tags"], natural, NARROW + 200)
    assert not wide.date_under_key and wide.title_lines is None
    assert wide.widths == natural


@pytest.mark.parametrize("width", [40, 60, 80])
def test_narrow_tables_keep_the_rank_and_every_key_whole(
    cli, long_keys: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = cli("search", "reward", "--limit", "0", "--no-pager")
    assert result.exit_code == 0, result.stderr
    lines = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout).splitlines()
    assert lines[0].split("┃")[0].strip() == "#"
    rows = table_rows(result.stdout)
    assert [row[0].split("│")[0].strip() for row in rows] == ["1", "2", "3", "4"]
    for row in rows:
        assert all(cell_len(line.rstrip()) <= width for line in row)
        key = "".join(line.split("│")[1].strip() for line in row)
        assert any(key.startswith(k) for k in KEYS), key  # folded maybe, never cut
        assert "…" not in row[0].split("│")[1]


def test_list_at_80_columns_shows_keys_whole(
    cli, long_keys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = re.sub(r"\x1b\[[0-9;]*m", "", cli("list", "--no-pager").stdout)
    for key in KEYS:
        assert key in out
