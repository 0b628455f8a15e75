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


def test_yaml_export_imports_back_exactly(cli, rich_library: Path, tmp_path: Path) -> None:
    exported = tmp_path / "library.yaml"
    exported.write_text(cli("export", "-f", "yaml").stdout, encoding="utf-8")
    copy = tmp_path / "copy"
    result = cli("-L", str(copy), "import", str(exported))
    assert result.exit_code == 0, result.stderr
    original, back = entries_of(cli, rich_library), entries_of(cli, copy)
    assert back.keys() == original.keys()
    for key, entry in original.items():
        assert {**back[key], "added": None} == {**entry, "added": None}, key


def test_csl_json_export_imports_back(cli, rich_library: Path, tmp_path: Path) -> None:
    exported = tmp_path / "refs.json"
    exported.write_text(cli("export", "-f", "csl-json").stdout, encoding="utf-8")
    copy = tmp_path / "copy"
    result = cli("-L", str(copy), "import", str(exported))
    assert result.exit_code == 0, result.stderr
    original, back = entries_of(cli, rich_library), entries_of(cli, copy)
    assert back.keys() == original.keys()
    for key, entry in original.items():
        for field in ("title", "date", "tags", "arxiv_id", "doi", "authors"):
            assert back[key][field] == entry[field], (key, field)
