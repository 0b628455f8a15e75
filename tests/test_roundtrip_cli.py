"""Through the real commands: export a library, import the file into an empty one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def entries_of(cli, library: Path) -> dict[str, dict]:
    result = cli("-L", str(library), "list", "--json")
    assert result.exit_code == 0, result.stderr
    return {e["key"]: e for e in json.loads(result.stdout)}


@pytest.fixture
def rich_library(cli, filled_library: Path) -> Path:
    """The sample library with tags, a note and reading statuses set."""
    keys = sorted(entries_of(cli, filled_library))
    assert cli("tag", *keys[:3], "--add", "rl", "--add", "to-cite").exit_code == 0
    assert cli("note", keys[0], "--set", "read twice").exit_code == 0
    assert cli("mark", keys[1], "read").exit_code == 0
    return filled_library


def reimported(cli, library: Path, fmt: str, folder: Path) -> tuple[dict, dict]:
    """(the library's entries, those of a new library importing its ``fmt`` export)."""
    exported = folder / f"export.{fmt}"
    exported.write_text(cli("export", "-f", fmt).stdout, encoding="utf-8")
    copy = folder / "copy"
    result = cli("-L", str(copy), "import", str(exported))
    assert result.exit_code == 0, result.stderr
    original, back = entries_of(cli, library), entries_of(cli, copy)
    assert back.keys() == original.keys()
    return original, back


def test_yaml_export_imports_back_exactly(cli, rich_library: Path, tmp_path: Path) -> None:
    original, back = reimported(cli, rich_library, "yaml", tmp_path)
    for key, entry in original.items():
        assert {**back[key], "added": None} == {**entry, "added": None}, key


def test_csl_json_export_imports_back(cli, rich_library: Path, tmp_path: Path) -> None:
    original, back = reimported(cli, rich_library, "csl-json", tmp_path)
    for key, entry in original.items():
        for field in ("title", "date", "tags", "arxiv_id", "doi", "authors"):
            assert back[key][field] == entry[field], (key, field)
