"""A large export or listing reads each packed entry where it is decoded: the parent reads
keys only, each worker its batch, by key, on its own connection to the index."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.run import write_digest
from papercli import batches
from papercli.errors import LibraryError
from papercli.store import Query, Store, WatchSettings
from papercli.store.packed_rows import PackedRows

SIZE = batches.PARALLEL_FROM + 300


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("packed")
    digest = root / "digest.txt"
    write_digest(digest, SIZE, seed=9)
    library = root / "lib"
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "PAPERCLI_WATCH": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "papercli", "import", str(digest)], env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()
    return library


def _store(library: Path) -> Store:
    return Store(library, WatchSettings(enabled=False))


def test_the_parent_holds_keys_not_packed_entries(library: Path) -> None:
    lazy = _store(library).query_lazy(Query())
    assert isinstance(lazy._packed, PackedRows)  # nothing read but the keys
    assert [e.key for e in lazy[:50]] == lazy.keys[:50]
    full = _store(library).query(Query())
    assert [e.to_dict() for e in lazy] == [e.to_dict() for e in full]  # all, in order


def test_sorted_by_key_reads_the_same_entries_in_the_new_order(library: Path) -> None:
    lazy = _store(library).query_lazy(Query())
    ordered = lazy.sorted_by_key(lambda key: (key.casefold(), key))
    assert ordered.keys == sorted(lazy.keys, key=lambda k: (k.casefold(), k))
    assert [e.key for e in ordered[100:130]] == ordered.keys[100:130]
    assert isinstance(ordered._packed, PackedRows)


def test_an_export_read_in_workers_equals_one_read_here(library: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "PAPERCLI_WATCH": "0"}
    out = tmp_path / "all.bib"
    done = subprocess.run(
        [sys.executable, "-m", "papercli", "export", "--bibtex", "--out", str(out)],
        env=env,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()
    from papercli.exporters import render, resolve_format

    entries = sorted(_store(library).query(Query()), key=lambda e: (e.key.casefold(), e.key))
    expected = "".join(render(resolve_format("bibtex"), entries, []))
    assert out.read_text(encoding="utf-8") == expected


def test_a_paper_gone_before_its_batch_is_read_is_named(library: Path, tmp_path: Path) -> None:
    lazy = _store(library).query_lazy(Query())
    gone = lazy.keys[7]
    copy = tmp_path / "index.sqlite3"
    with (
        sqlite3.connect(library / ".papercli" / "index.sqlite3") as source,
        sqlite3.connect(copy) as target,
    ):
        source.backup(target)
    with sqlite3.connect(copy) as db:
        db.execute("DELETE FROM entries WHERE key = ?", (gone,))
    rows = PackedRows(str(copy), "data", lazy.keys)
    assert len(rows[:5]) == 5
    with pytest.raises(LibraryError, match=f"paper '{gone}' left the library"):
        rows[:10]


def test_only_the_two_packed_columns_are_read() -> None:
    with pytest.raises(ValueError):
        PackedRows("index.sqlite3", "key; DROP TABLE entries", [])
