"""Index rows made in worker processes are the rows made in-process, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from papercli import batches
from papercli.model import Entry
from papercli.store import index_rows
from papercli.store.files import Library
from papercli.store.index import open_index, rebuild


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Take the two-worker pool path even for a handful of entries."""
    monkeypatch.setattr(batches, "worker_count", lambda total: 2)


def _entries(n: int) -> list[Entry]:
    return [
        Entry(key=f"paper{i}", title=f"Convergent Study Number {i}", abstract=f"On topic {i}.")
        for i in range(n)
    ]


def test_entry_rows_from_workers_equal_rows_made_in_process(forked) -> None:
    entries = _entries(23)
    parallel = list(index_rows.entry_files_and_rows(entries, 5))
    assert [len(b) for b in parallel] == [5, 5, 5, 5, 3]
    assert [row for batch in parallel for _, row in batch] == [
        index_rows.entry_row(e) for e in entries
    ]
    assert batches.source() is None  # no inputs left behind for the next job


def test_file_rows_from_workers_keep_the_reason_a_file_is_unusable(
    forked, filled_library: Path
) -> None:
    library = Library(filled_library)
    names = sorted(p.name for p in library.entries_dir.iterdir())
    (library.entries_dir / names[3]).write_text("key: [unclosed\n", encoding="utf-8")
    rows = [row for batch in index_rows.file_rows(library, names, 4) for row in batch]
    assert [name for name, _ in rows] == names
    assert isinstance(rows[3][1], str) and "not valid YAML" in rows[3][1]
    assert all(isinstance(item, index_rows.EntryRow) for _, item in rows[:3] + rows[4:])


def test_a_rebuild_through_workers_gives_the_same_index(forked, filled_library: Path) -> None:
    library = Library(filled_library)
    from_files = sorted((e.to_dict() for e in library.load().entries), key=lambda d: d["key"])
    assert rebuild(library) == len(from_files) == 10
    with open_index(library) as index:
        from_index = sorted((e.to_dict() for e in index.entries()), key=lambda d: d["key"])
        hits = index.db.execute("SELECT count(*) FROM terms WHERE terms MATCH 'converg*'")
        assert hits.fetchone()[0] > 0
    assert from_index == from_files
