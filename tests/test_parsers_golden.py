"""Golden files: every ``tests/data/<format>/<case>.*`` parses to its ``.expected.yaml``.

Run with ``PAPERCLI_REGEN_GOLDEN=1`` to rewrite the expected files, then review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

from papercli.parsers import FORMATS, detect, parse

DATA = Path(__file__).resolve().parent / "data"
REFERENCE = dt.date(2025, 11, 20)
CASES = sorted(
    p
    for p in DATA.glob("*/*")
    if p.parent.name in FORMATS and p.is_file() and not p.name.endswith(".expected.yaml")
)


def _expected_path(case: Path) -> Path:
    return case.with_name(case.name.split(".")[0] + ".expected.yaml")


def _read(case: Path) -> str:
    return case.read_bytes().decode("utf-8")


def _render(case: Path) -> str:
    parsed = parse(_read(case), REFERENCE, fmt=case.parent.name, origin=case.name)
    data = {
        "warnings": parsed.warnings,
        "entries": [entry.to_dict() for entry in parsed.entries],
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def test_every_new_format_has_golden_cases() -> None:
    formats = {case.parent.name for case in CASES}
    assert {"arxiv-email", "arxiv-rss", "hf-daily-md", "paper-links", "bibtex"} <= formats


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden(case: Path) -> None:
    expected = _expected_path(case)
    rendered = _render(case)
    if os.environ.get("PAPERCLI_REGEN_GOLDEN"):
        expected.write_text(rendered, encoding="utf-8")
    assert expected.exists(), f"missing {expected.name}; run with PAPERCLI_REGEN_GOLDEN=1"
    assert rendered == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_detected_as_its_format(case: Path) -> None:
    assert detect(_read(case)) == case.parent.name


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_titles_and_abstracts_are_clean(case: Path) -> None:
    parsed = parse(_read(case), REFERENCE, fmt=case.parent.name)
    for entry in parsed.entries:
        assert entry.title == " ".join(entry.title.split())
        for paragraph in entry.abstract.split("\n\n"):
            assert paragraph == " ".join(paragraph.split())
        assert all(name == " ".join(name.split()) and "{" not in name for name in entry.authors)
