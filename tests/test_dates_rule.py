"""One rule for a stored date, used by readers, the editor check and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papercli.dates import is_valid_date, valid_part
from papercli.model import Entry, EntryFormatError


@pytest.mark.parametrize("text", ["2024", "2024-02", "2024-02-29", "1999-12-31"])
def test_real_dates(text: str) -> None:
    assert is_valid_date(text)


@pytest.mark.parametrize(
    "text", ["2024-02-30", "2023-02-29", "2024-13", "2024-00", "24", "2024-2-3", "2024/02", ""]
)
def test_impossible_or_malformed_dates(text: str) -> None:
    assert not is_valid_date(text)


def test_valid_part_keeps_what_exists() -> None:
    assert valid_part("2024-02-30") == "2024-02"
    assert valid_part("2024-13-01") == "2024"
    assert valid_part("nope") is None


def test_an_entry_file_with_an_impossible_date_is_not_valid() -> None:
    with pytest.raises(EntryFormatError, match="a real day"):
        Entry.from_dict({"key": "a", "title": "A", "date": "2024-02-30"})


def test_bib_with_an_impossible_date_imports_the_valid_part(cli, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{smith2024impossible,\n  title = {An Impossible Day},\n"
        "  author = {Smith, Ann},\n  date = {2024-02-30},\n}\n",
        encoding="utf-8",
    )
    result = cli("import", str(bib))
    assert result.exit_code == 0
    assert "'2024-02-30' does not exist; kept '2024-02'" in result.stderr
    entry = json.loads(cli("show", "smith2024impossible", "--json").stdout)
    assert entry["date"] == "2024-02"
    exported = cli("export", "-f", "biblatex", "smith2024impossible").stdout
    assert "2024-02-30" not in exported and "2024-02" in exported
    edited = cli("note", "smith2024impossible", "--set", "still editable")
    assert edited.exit_code == 0, edited.stderr


def test_a_digest_date_line_is_read_by_one_rule() -> None:
    import datetime as dt

    from papercli.dates import read_digest_date, year_shown

    guessed = read_digest_date("Sep 28", dt.date(2026, 1, 5))
    assert (guessed.date, guessed.raw, guessed.inferred) == ("2025-09-28", "Sep 28", True)
    printed = read_digest_date("Sep 28, 2024", dt.date(2026, 1, 5))
    assert (printed.date, printed.inferred) == ("2024-09-28", False)
    unreadable = read_digest_date("Smarch 40", dt.date(2026, 1, 5))
    assert (unreadable.date, unreadable.inferred) == (None, False)
    assert year_shown(None) and year_shown("2024") and not year_shown("Sep 28")
