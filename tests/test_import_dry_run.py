"""``import --dry-run`` says what would be added, merged (into which paper) and refused."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST, snapshot


def test_dry_run_writes_nothing_and_creates_no_library(cli, library_path: Path) -> None:
    result = cli("import", "--dry-run", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF, "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["dry_run"] is True and len(report["added"]) == 10
    assert not library_path.exists()


def test_dry_run_names_the_entry_each_merge_goes_into(
    cli, filled_library: Path, tmp_path: Path
) -> None:
    before = snapshot(filled_library)
    held = {e["title"]: e["key"] for e in json.loads(cli("list", "--json").stdout)}
    readme = tmp_path / "README.md"
    readme.write_text("# Notes\n\nNot a digest at all.\n", encoding="utf-8")
    result = cli(
        "import", "--dry-run", str(SAMPLE_DIGEST), str(readme), "--as-of", SAMPLE_AS_OF, "--json"
    )
    assert result.exit_code == 1, result.stderr  # a refused file: the real import's status
    report = json.loads(result.stdout)
    assert report["added"] == [] and len(report["unchanged"]) == 10
    assert {m["into"] for m in report["merges"]} == set(held.values())
    assert all(held[m["title"]] == m["into"] for m in report["merges"])
    assert [r["file"] for r in report["refused"]] == [str(readme)]
    assert snapshot(filled_library) == before


def test_dry_run_table_and_the_real_import_agree(cli, library_path: Path) -> None:
    plan = cli("import", "-n", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF)
    assert plan.exit_code == 0
    rows = [line.split("\t") for line in plan.stdout.splitlines()]
    assert {row[0] for row in rows} == {"add"}
    assert "dry run, nothing written" in plan.stderr
    done = json.loads(cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF, "--json").stdout)
    assert sorted(done["added"]) == sorted(row[1] for row in rows)


def test_a_bib_key_merged_into_another_key_is_reported(cli, filled_library: Path, tmp_path) -> None:
    paper = json.loads(cli("list", "--json").stdout)[0]
    bib = tmp_path / "refs.bib"
    bib.write_text(
        f"@misc{{Mine:2025x,\n  title = {{{paper['title']}}},\n"
        f"  year = {{{paper['date'][:4]}}},\n}}\n",
        encoding="utf-8",
    )
    result = cli("import", str(bib), "--json")
    assert result.exit_code == 0, result.stderr
    (merge,) = json.loads(result.stdout)["merges"]
    assert merge["into"] == paper["key"] and merge["key"] == "Mine:2025x"
    assert "'Mine:2025x' is kept as its alias" in result.stderr
    shown = cli("show", "Mine:2025x")
    assert shown.exit_code == 0 and paper["key"] in shown.stdout
