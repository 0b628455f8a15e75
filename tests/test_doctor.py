"""``papercli doctor``: what it finds, its exit status, and what ``--fix`` may touch."""

from __future__ import annotations

import json
from pathlib import Path

from papercli.model import Entry
from papercli.ops.duplicates import find_duplicates
from papercli.store.files import Library
from tests.conftest import snapshot


def test_clean_library_exits_zero(cli, filled_library: Path) -> None:
    result = cli("doctor")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["watcher: not running", "no problems found"]
    data = json.loads(cli("doctor", "--json").stdout)
    watcher = data.pop("watcher")
    assert data == {"library": str(filled_library), "problems": [], "fixed": []}
    assert watcher["running"] is False and watcher["failures"] == 0


def test_missing_library_is_clean(cli, library_path: Path) -> None:
    result = cli("doctor")
    assert result.exit_code == 0
    assert "nothing to check" in result.stderr
    assert not library_path.exists()


def add(library: Library, key: str, title: str, date: str | None = "2024-05-01") -> None:
    library.write(Entry(key=key, title=title, date=date))


def test_reports_key_clashes_duplicates_and_temp_files(cli, library_path: Path) -> None:
    library = Library(library_path)
    library.ensure()
    add(library, "Smith2020a", "Graph Kernels", "2020-05-01")
    add(library, "smith2020a", "Other Topic Entirely", "2020-05-01")
    add(library, "dup2024one", "Attention Is All You Need")
    add(library, "dup2024two", "Attention is all you need!")
    add(library, "fuzz2024one", "Convolutional Sequence Learning for Speech")
    add(library, "fuzz2024two", "Convolutional Sequence Learnin for Speech")
    add(library, "fuzz2019old", "Convolutional Sequence Learning for Speeches", "2019-01-01")
    add(library, "llama2024two", "Open Language Model Version 2")
    add(library, "llama2024three", "Open Language Model Version 3")
    temp = library.entries_dir / ".papercli-abc123.tmp"
    temp.write_text("key: half", encoding="utf-8")
    before = snapshot(library_path)

    result = cli("doctor", "--json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    by_kind: dict[str, list[dict]] = {}
    for problem in problems:
        by_kind.setdefault(problem["kind"], []).append(problem)
    assert sorted(by_kind) == ["duplicate-key", "duplicate-paper", "temp-file"]
    assert by_kind["duplicate-key"][0]["files"] == [
        "entries/Smith2020a.yaml",
        "entries/smith2020a.yaml",
    ]
    groups = sorted(sorted(p["files"]) for p in by_kind["duplicate-paper"])
    assert groups == [
        ["entries/dup2024one.yaml", "entries/dup2024two.yaml"],
        ["entries/fuzz2024one.yaml", "entries/fuzz2024two.yaml"],
    ]
    assert by_kind["temp-file"] == [
        {
            "kind": "temp-file",
            "message": "leftover temp file entries/.papercli-abc123.tmp",
            "files": ["entries/.papercli-abc123.tmp"],
            "fixable": True,
        }
    ]
    assert snapshot(library_path) == before

    text = cli("doctor")
    assert text.exit_code == 1
    assert "temp-file: leftover temp file entries/.papercli-abc123.tmp" in text.stdout
    assert text.stderr.strip().endswith("4 problems found; 'papercli doctor --fix' repairs some")

    fixed = cli("doctor", "--fix")
    assert fixed.exit_code == 1  # the duplicates remain: only a person can decide those
    assert "removed leftover temp file entries/.papercli-abc123.tmp" in fixed.stderr
    assert not temp.exists()
    after = snapshot(library_path)
    unchanged = {k: v for k, v in before.items() if "papercli-abc123" not in k}
    assert {k: v for k, v in after.items() if k != ".papercli/lock"} == unchanged


def test_fix_waits_for_the_lock(cli, filled_library: Path, monkeypatch) -> None:
    library = Library(filled_library)
    temp = library.entries_dir / ".papercli-live.tmp"
    temp.write_text("being written", encoding="utf-8")
    monkeypatch.setenv("PAPERCLI_LOCK_TIMEOUT", "0.2")
    with library.lock():
        result = cli("doctor", "--fix")
    assert result.exit_code == 3
    assert "locked" in result.stderr
    assert temp.exists()


def test_duplicate_finder_handles_a_large_library() -> None:
    words = ["graph", "kernel", "vision", "speech", "robot", "protein", "market", "neural"]
    entries = [
        Entry(
            key=f"k{i}",
            title=f"{words[i % 8]} {words[(i // 8) % 8]} study {i} of {words[(i // 64) % 8]}",
            date=f"{2015 + i % 10}-01-01",
        )
        for i in range(30_000)
    ]
    entries.append(Entry(key="copy", title=entries[12_345].title.upper(), date="2020-01-01"))
    entries.append(Entry(key="typo", title=entries[777].title + "s", date=entries[777].date))
    entries.append(Entry(key="older", title=entries[4_321].title, date="1990-01-01"))
    groups = find_duplicates(entries)
    # k12345 is dated 2020 (2015 + 12345 % 10); "older" is the same title 26 years earlier.
    assert [g.keys for g in groups] == [["copy", "k12345"], ["k777", "typo"]]
    assert [g.reason for g in groups] == ["same title", "similar titles"]


def test_a_damaged_index_is_no_problem_doctor_heals_it(cli, filled_library: Path) -> None:
    from papercli.store.index import INDEX_FILE

    assert cli("doctor").exit_code == 0  # the import left the index in step
    index = filled_library / ".papercli" / INDEX_FILE
    for path in (filled_library / ".papercli").glob(INDEX_FILE + "-*"):
        path.unlink()
    index.write_bytes(b"garbage, not a database" * 100)
    report = cli("doctor", "--json")
    assert report.exit_code == 0, report.stderr
    assert json.loads(report.stdout)["problems"] == []
    assert len(json.loads(cli("list", "--json").stdout)) == 10


def test_doctor_under_a_path_with_a_hash(cli, tmp_path: Path) -> None:
    library = tmp_path / "papers #1" / "lib"
    from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST

    assert (
        cli("-L", str(library), "import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).exit_code
        == 0
    )
    for args in (("doctor",), ("doctor", "--fix"), ("doctor",)):
        result = cli("-L", str(library), *args)
        assert result.exit_code == 0, result.stderr
        assert "no problems found" in result.stderr
    assert sorted(p.name for p in library.parent.iterdir()) == ["lib"]


def test_many_temp_files_from_a_killed_import_are_one_grouped_problem(
    cli, filled_library: Path
) -> None:
    entries = Library(filled_library).entries_dir
    for n in range(918):
        (entries / f".papercli-{n:04d}.tmp").write_text("key: half", encoding="utf-8")
    text = cli("doctor")
    assert text.exit_code == 1
    lines = text.stdout.strip().splitlines()
    assert len(lines) == 1, lines[:5]
    assert lines[0].startswith("temp-file: 918 leftover temp files in entries/")
    assert "'papercli doctor --fix' removes them" in lines[0]
    (problem,) = json.loads(cli("doctor", "--json").stdout)["problems"]
    assert len(problem["files"]) == 918 and problem["fixable"] is True
    fixed = cli("doctor", "--fix")
    assert fixed.exit_code == 0
    assert "removed 918 leftover temp files from entries/" in fixed.stderr
    assert fixed.stderr.count("\n") <= 3
    assert not list(entries.glob(".papercli-*.tmp"))
