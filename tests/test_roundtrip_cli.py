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


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csl-json", "yaml"])
def test_reimporting_an_export_into_its_own_library_changes_nothing(
    cli, rich_library: Path, tmp_path: Path, fmt: str
) -> None:
    exported = tmp_path / f"export.{fmt}"
    exported.write_text(cli("export", "-f", fmt).stdout, encoding="utf-8")
    before = entries_of(cli, rich_library)
    result = cli("import", str(exported), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["added"] == [] and report["updated"] == [], report
    assert entries_of(cli, rich_library) == before
    again = cli("export", "-f", fmt)
    assert "skipped extra field" not in again.stderr


def test_the_private_note_is_not_printed_by_bibliographies(cli, rich_library: Path) -> None:
    key = sorted(entries_of(cli, rich_library))[0]
    bib = cli("export", key).stdout
    assert "  annote = {read twice}" in bib and "  note = {read twice}" not in bib
    biblatex = cli("export", "-f", "biblatex", key).stdout
    assert "annotation = {read twice}" in biblatex
    csl = json.loads(cli("export", "-f", "csl-json", key).stdout)
    assert csl[0]["annote"] == "read twice" and "read twice" not in csl[0].get("note", "")


def test_nocite_star_exports_every_paper(cli, rich_library: Path, tmp_path: Path) -> None:
    aux = tmp_path / "paper.aux"
    first = sorted(entries_of(cli, rich_library))[-1]
    aux.write_text(f"\\citation{{{first}}}\n\\citation{{*}}\n", encoding="utf-8")
    result = cli("export", "--aux", str(aux), "-f", "yaml")
    assert result.exit_code == 0, result.stderr
    import yaml

    keys = [e["key"] for e in yaml.safe_load(result.stdout)]
    assert keys[0] == first and sorted(keys) == sorted(entries_of(cli, rich_library))
