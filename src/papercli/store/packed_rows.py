"""Packed entries read from the index only where they are decoded.

A 100,000-paper export used to read every packed entry (230 MB) in the parent process
before its workers started; the parent now reads only the keys, and each worker reads
the packed entries of its own batch, by key, on its own connection to the index file.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import overload

from papercli.errors import LibraryError

_CHUNK = 500  # keys per query (sqlite's bound parameters stay well under its limit)
_CONNECTIONS: dict[tuple[int, str], sqlite3.Connection] = {}  # (process, file) -> reader


class PackedRows(Sequence[bytes]):
    """The ``column`` ("data" or "brief") of the index rows with ``keys``, read on demand."""

    def __init__(self, index_file: str, column: str, keys: list[str]) -> None:
        if column not in ("data", "brief"):
            raise ValueError(column)
        self._file = index_file
        self._column = column
        self._keys = keys

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> bytes: ...

    @overload
    def __getitem__(self, index: slice) -> list[bytes]: ...

    def __getitem__(self, index: int | slice) -> bytes | list[bytes]:
        if isinstance(index, slice):
            return self._read(self._keys[index])
        return self._read([self._keys[index]])[0]

    def __iter__(self) -> Iterator[bytes]:
        for start in range(0, len(self._keys), _CHUNK):
            yield from self._read(self._keys[start : start + _CHUNK])

    def reordered(self, order: Sequence[int]) -> PackedRows:
        """The same rows in ``order`` (positions in this sequence)."""
        return PackedRows(self._file, self._column, [self._keys[i] for i in order])

    def _read(self, keys: list[str]) -> list[bytes]:
        db = _reader(self._file)
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT key, {self._column} FROM entries WHERE key IN ({marks})"
            found.update(db.execute(sql, chunk))
        try:
            return [found[key] for key in keys]
        except KeyError as missing:
            raise LibraryError(
                f"paper '{missing.args[0]}' left the library while it was read; run the "
                "command again"
            ) from None


def unnamed_keys(index_file: str) -> set[str]:
    """The keys of the papers without author names (from a partial index: no row read)."""
    return {key for (key,) in _reader(index_file).execute(_UNNAMED)}


_UNNAMED = "SELECT key FROM entries WHERE named = 0"


def _reader(index_file: str) -> sqlite3.Connection:
    """This process's read-only connection to ``index_file`` (a forked worker opens its own:
    a connection must not cross a fork)."""
    slot = (os.getpid(), index_file)
    db = _CONNECTIONS.get(slot)
    if db is None:
        uri = f"{Path(index_file).as_uri()}?mode=ro"
        db = _CONNECTIONS[slot] = sqlite3.connect(uri, uri=True, check_same_thread=False)
    return db


def index_file_of(db: sqlite3.Connection) -> str | None:
    """The file behind ``db``, or None for an index in memory."""
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] if row and row[2] else None
