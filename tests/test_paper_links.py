"""Captures that link their papers are read from the links, whatever their layout."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from papercli.parsers import detect, paper_links, parse

DATA = Path(__file__).resolve().parent / "data" / "paper-links"
AS_OF = dt.date(2026, 6, 1)


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_author_count_in_a_link_broken_over_lines_with_url_lines() -> None:
    entries = parse(_read("page-to-text-author-links.txt"), AS_OF).entries
    assert [e.author_count for e in entries] == [4, 11, None]
    assert [e.upvotes for e in entries] == [214, 88, 0]
    assert entries[2].organization == "Lantern Lab"


def test_placeholders_in_any_language_and_repeated_blocks_are_ignored() -> None:
    text = _read("trending-placeholders-twice.md")
    entries = parse(text, AS_OF).entries
    assert [e.arxiv_id for e in entries] == ["2603.01010", "2603.00505"]
    assert entries[0].title == "Mirror Descent for Bathroom Mirrors"
    assert all("图片" not in e.title + e.abstract for e in entries)
    assert [(e.author_count, e.date, e.upvotes) for e in entries] == [
        (7, "2026-03-02", 156),
        (3, "2026-03-01", 42),
    ]


def test_title_is_the_line_above_a_generic_link() -> None:
    entries = parse(_read("reader-mode-arxiv.md"), AS_OF).entries
    assert [e.title for e in entries] == [
        "Sparse Snails: Attention That Takes Its Time",
        "Pebble Counting with Vision Transformers",
    ]
    assert entries[1].urls == ["https://arxiv.org/abs/2605.04321"]


def test_one_record_per_id_and_navigation_is_never_a_record() -> None:
    text = (
        "[Home](https://huggingface.co/) [Papers](https://huggingface.co/papers)\n\n"
        "### [A Made-Up Paper About Ducks](https://huggingface.co/papers/2601.00001)\n\n"
        "### [Another Made-Up Paper About Geese](https://huggingface.co/papers/2601.00002v2)\n\n"
        "[again](https://huggingface.co/papers/2601.00001)\n\n"
        "[Next](https://huggingface.co/papers?page=2)\n"
    )
    assert detect(text) == "paper-links"
    entries = parse(text, AS_OF).entries
    assert [(e.arxiv_id, e.title) for e in entries] == [
        ("2601.00001", "A Made-Up Paper About Ducks"),
        ("2601.00002", "Another Made-Up Paper About Geese"),
    ]


def test_every_capture_style_imports_through_the_cli(cli) -> None:
    files = sorted(str(p) for p in DATA.iterdir() if not p.name.endswith(".expected.yaml"))
    expected = sum(len(parse(_read(Path(f).name), AS_OF).entries) for f in files)
    result = cli("import", *files, "--as-of", "2026-06-01", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report["added"]) == expected == 29 and report["refused"] == []


def test_a_broken_links_leftovers_above_a_url_line_are_no_title() -> None:
    """Found by the property tests: ``](url)`` alone on a line (its ``[text]`` lost), then a
    paper's URL: the leftovers are not the paper's title; the paper is named as untitled."""
    text = "](https://huggingface.co/papers/2501.00003)\nhttps://huggingface.co/papers/2501.00004\n"
    result = paper_links.parse(text, dt.date(2025, 1, 5))
    assert [e.title for e in result.entries] == []
    assert any("2501.00004" in w for w in result.warnings)
