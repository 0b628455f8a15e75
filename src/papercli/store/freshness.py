"""Keeping the index in step with the entry files before every read, cheaply.

Adds, removes, renames and in-place writes must all be seen, yet statting every file costs
0.3-0.6 s at 100,000 papers. With the watcher (``watcher``/``watch_client``: one inotify
watch on the entries folder, in a small per-library process) a read asks "what changed
since token T" and re-reads only those files; the token is stored in the index with the
state it describes. Whenever the watcher cannot answer for T (not running yet, restarted,
queue overflow, disabled, not Linux), the full check runs: every file's mtime and size
against what the index saw. Either way no read ever answers from a stale index.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from papercli.errors import LibraryError
from papercli.store.files import Library
from papercli.store.index import INDEX_FILE, Index, open_existing, open_index, remove_index
from papercli.store.watch_client import WatchUnavailable, changes_since

TOKEN = "watch_token"


@dataclass(frozen=True)
class WatchSettings:
    """Whether reads may use the file watcher, and how long it lives unused."""

    enabled: bool = True
    idle_seconds: float = 600.0


@contextlib.contextmanager
def fresh_index(library: Library, watch: WatchSettings) -> Iterator[Index]:
    """An index in step with ``library``'s files, checked the cheapest sound way."""
    library.check_format()
    path = library.hidden_dir / INDEX_FILE
    db = open_existing(path) if library.exists() else None
    if db is None:
        with open_index(library) as index:  # built (or in memory) from the files
            if watch.enabled and library.exists():
                _start_watching(index, watch)
            yield index
        return
    index = Index(library, db)
    try:
        try:
            if watch.enabled:
                _catch_up(index, watch)
            else:
                index.sync()
        except sqlite3.DatabaseError:
            index.close()
            remove_index(path)
            with open_index(library) as rebuilt:
                yield rebuilt
            return
        try:
            yield index
        except sqlite3.DatabaseError as exc:
            remove_index(path)
            raise LibraryError(
                f"the index was damaged ({exc}); it has been removed: run the command again"
            ) from None
    finally:
        index.close()


def _catch_up(index: Index, watch: WatchSettings) -> None:
    """Apply what the watcher saw since the index's token; the full check when it can't say."""
    library = index.library
    try:
        token, changed = changes_since(
            library.hidden_dir,
            library.entries_dir,
            index.meta(TOKEN),
            idle_seconds=watch.idle_seconds,
        )
    except WatchUnavailable:
        index.sync()
        return
    if changed is None:
        index.sync()  # the token was taken first, so changes during this check are kept
    else:
        index.sync_names(changed)
    index.set_meta(TOKEN, token)


def _start_watching(index: Index, watch: WatchSettings) -> None:
    """After a full build: start the watcher so the next read can skip the full check."""
    library = index.library
    try:
        token, _ = changes_since(
            library.hidden_dir, library.entries_dir, None, idle_seconds=watch.idle_seconds
        )
    except WatchUnavailable:
        return
    with contextlib.suppress(sqlite3.DatabaseError):
        index.sync()  # whatever changed since the build (the token predates this check)
        index.set_meta(TOKEN, token)
