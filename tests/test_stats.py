"""``papercli stats``: the counts, and charts that fit 80 columns with proportional bars."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from papercli.cli.stats_view import EIGHTHS, FULL, render_stats
from papercli.model import Entry
from papercli.ops.stats import compute_stats
from papercli.store import Store
from tests.conftest import snapshot


def entry(date: str | None, tags=(), source="hf-daily", categories=()) -> Entry:
    return Entry(title="T", date=date, tags=list(tags), source=source, categories=list(categories))


def test_counts_by_year_month_tag_source_and_category() -> None:
    entries = [
        entry("2024-11-03", tags=["RL"], categories=["cs.LG", "stat.ML"]),
        entry("2025-01-20", tags=["rl", "vision"], categories=["cs.LG"]),
        entry("2025-01", source="arxiv-email", categories=["cs.LG", "cs.LG"]),
        entry("2025", tags=["Vision"]),
        entry(None, source=None),
        entry("2025-02-30", tags=["rl"]),  # month 02 counts even with a wrong day
    ]
    stats = compute_stats(entries, months=4)
    assert stats.total == 6
    assert stats.undated == 1
    assert stats.untagged == 2
    assert stats.years == [("2024", 1), ("2025", 4)]
    assert stats.months == [("2024-11", 1), ("2024-12", 0), ("2025-01", 2), ("2025-02", 1)]
    assert stats.tags == [("rl", 3), ("vision", 2)]  # grouped case-insensitively
    assert stats.sources == [("hf-daily", 4), ("arxiv-email", 1), ("unknown", 1)]
    assert stats.categories == [("cs.LG", 3), ("stat.ML", 1)]


def test_month_window_crosses_years_and_zero_means_all() -> None:
    entries = [entry("2019-12-01"), entry("2020-02-10"), entry("2020-02-11")]
    assert compute_stats(entries, months=2).months == [("2020-01", 0), ("2020-02", 2)]
    every = compute_stats(entries, months=0).months
    assert every == [("2019-12", 1), ("2020-01", 0), ("2020-02", 2)]
    assert compute_stats([entry("2020")], months=3).months == []


def test_top_limits_tags_and_categories_and_counts_the_rest() -> None:
    entries = [entry("2020-01-01", tags=[f"t{i}"] * 1, categories=[f"c{i}"]) for i in range(7)]
    entries += [entry("2020-01-01", tags=["t3"], categories=["c5"])]
    stats = compute_stats(entries, top=2)
    assert stats.tags == [("t3", 2), ("t0", 1)]
    assert stats.tags_not_shown == 5
    assert stats.categories == [("c5", 2), ("c0", 1)]
    assert stats.categories_not_shown == 5
    assert len(compute_stats(entries, top=0).tags) == 7


def test_json_gives_the_numbers(cli, filled_library: Path) -> None:
    path = filled_library / "entries" / "matern2025priors.yaml"
    path.write_text(path.read_text().replace("tags: []", "tags:\n- bayes"), encoding="utf-8")
    result = cli("stats", "--json", "--months", "3")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    listed = json.loads(cli("list", "--json").stdout)
    assert data["total"] == len(listed) == 10
    assert data["undated"] == sum(1 for e in listed if not e["date"])
    assert sum(y["count"] for y in data["years"]) == data["total"] - data["undated"]
    assert len(data["months"]) == 3
    assert data["months"][-1]["month"] == max(e["date"] for e in listed if e["date"])[:7]
    assert data["tags"] == [{"tag": "bayes", "count": 1}]
    assert data["untagged"] == 9
    assert data["sources"] == [{"source": "hf-daily", "count": 10}]
    assert data["statuses"] == [
        {"status": "new", "count": 10},
        {"status": "to-read", "count": 0},
        {"status": "read", "count": 0},
        {"status": "skipped", "count": 0},
    ]
    assert set(data) == {
        "total",
        "undated",
        "untagged",
        "statuses",
        "years",
        "months",
        "tags",
        "tags_not_shown",
        "sources",
        "categories",
        "categories_not_shown",
        "with_pdf",
        "pdf_bytes",
    }


def bar_cells(line: str) -> float:
    """The length of the bar drawn on one chart line, in cells (eighths counted)."""
    full = line.count(FULL)
    partial = next((i for i, c in enumerate(EIGHTHS) if c and c in line), 0)
    return full + partial / 8


def chart(text: str, title: str) -> list[tuple[str, float, int]]:
    """(label, bar length, count) rows of the chart headed ``title``."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(title)) + 1
    rows = []
    for line in lines[start:]:
        if not line.strip():
            break
        rows.append(
            (line.split("  ")[0].strip(), bar_cells(line), int(line.split()[-1].replace(",", "")))
        )
    return rows


def assert_proportional(rows: list[tuple[str, float, int]]) -> None:
    largest = max(count for _, _, count in rows)
    longest = max(bar for _, bar, _ in rows)
    assert longest >= 30  # the largest bar uses the room there is
    for label, bar, count in rows:
        assert bar == pytest.approx(count / largest * longest, abs=1 / 8), label
        assert (bar > 0) == (count > 0), label


def test_chart_fits_80_columns_with_proportional_bars(
    cli, filled_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("stats", "--months", "24")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "10 papers, 2 undated, 10 without tags"
    assert max(cell_len(line) for line in lines) <= 80
    assert max(cell_len(line) for line in lines) >= 70  # and uses the width
    years = chart(result.stdout, "Papers by year")
    assert sum(count for _, _, count in years) == 8
    assert_proportional(years)
    months = chart(result.stdout, "Papers by month")
    assert len(months) == 24
    assert_proportional(months)
    [(source, bar, count)] = chart(result.stdout, "Sources")
    assert (source, count) == ("hf-daily", 10)
    assert bar >= 60


def test_large_library_chart_stays_short_and_narrow() -> None:
    rng = random.Random(7)
    tags = [f"topic-{i}" for i in range(300)] + ["a-very-long-tag-name-" * 3, "深度学习收敛性分析"]
    entries = [
        entry(
            f"{rng.randint(1995, 2025)}-{rng.randint(1, 12):02d}-01",
            tags=rng.sample(tags, 2),
            source=rng.choice(["hf-daily", "arxiv-email", "bibtex"]),
            categories=[rng.choice(["cs.LG", "cs.CV", "stat.ML", "math.OC"])],
        )
        for _ in range(100_000)
    ]
    stats = compute_stats(entries)
    out = Console(file=io.StringIO(), width=80, no_color=True)
    render_stats(stats, out)
    text = out.file.getvalue()
    lines = text.splitlines()
    assert lines[0] == "100,000 papers"
    assert max(cell_len(line) for line in lines) <= 80
    # 4 statuses + 31 years + 12 months + 10 tags + 3 sources + 4 categories, headings and
    # blank lines
    assert len(lines) == 1 + 6 * 2 + 4 + 31 + 12 + 10 + 3 + 4
    assert "Tags (top 10 of 302)" in text
    for title in (
        "Reading status",
        "Papers by year",
        "Papers by month",
        "Tags",
        "Sources",
        "arXiv categories",
    ):
        assert_proportional(chart(text, title))


def test_long_and_wide_labels_are_cut_to_fit() -> None:
    entries = [entry("2020-01-01", tags=["x" * 64]), entry("2020-01-01", tags=["数据" * 20])]
    out = Console(file=io.StringIO(), width=80, no_color=True)
    render_stats(compute_stats(entries), out)
    lines = out.file.getvalue().splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert any(line.startswith("x" * 23 + "…") for line in lines)


def test_no_library(cli, library_path: Path) -> None:
    result = cli("stats")
    assert result.exit_code == 1 and "no library at" in result.stderr


def test_empty_library(cli, library_path: Path) -> None:
    Store(library_path).ensure()
    result = cli("stats")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip() == "no papers in the library yet"
    data = json.loads(cli("stats", "--json").stdout)
    assert data["total"] == 0 and data["years"] == [] and data["months"] == []


@pytest.mark.parametrize("args", [("--months", "-1"), ("--top", "-2")])
def test_negative_options_are_errors(cli, filled_library: Path, args: tuple[str, str]) -> None:
    before = snapshot(filled_library)
    result = cli("stats", *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {args[0]} must be 0")
    assert snapshot(filled_library) == before


def test_chart_in_a_real_80_column_terminal(filled_library: Path) -> None:
    import os

    from tests.pty_run import run_in_pty

    status, screen = run_in_pty("stats", rows=40, cols=80, env=dict(os.environ))
    assert status == 0
    lines = screen.splitlines()
    assert lines[0].startswith("10 papers")
    assert max(cell_len(line) for line in lines) <= 80
    assert_proportional(chart(screen, "Papers by year"))
    assert_proportional(chart(screen, "Papers by month"))
