"""Keeping the index in step with the entry files before every read, cheaply.

Adds, removes, renames and in-place writes must all be seen, yet statting every file costs
0.3-0.6 s at 100,000 papers. With the watcher (``watcher``/``watch_client``: one inotify
watch on the entries folder, in a small per-library process) a read asks "what changed
since token T" and re-reads only those files; the token is stored in the index with the
state it describes. Whenever the watcher cannot answer for T (not running yet, restarted,
queue overflow, disabled, not Linux), the full check runs: every file's mtime and size
against what the index saw. Either way no read ever answers from a stale index.

The watcher must never cost time (``watch_state``): with ``watch: auto`` it is started only
for libraries of ``WATCH_FROM`` papers or more; a start that fails is recorded with its reason
and backs off (reads meanwhile run the stat check at once, without trying again); a daemon
that holds the socket but does not answer within ``ANSWER_TIMEOUT`` is replaced once, and
that read runs the stat check.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from papercli.errors import LibraryError
from papercli.store.files import Library
from papercli.store.index import INDEX_FILE, Index, open_existing, open_index, remove_index
from papercli.store.watch_client import (
    ANSWER_TIMEOUT,
    NotRunning,
    Unresponsive,
    WatchUnavailable,
    changes_since,
    replace_watcher,
)
from papercli.store.watch_state import WatchSettings, read_state, record_failure, record_start

TOKEN = "watch_token"

__all__ = ["TOKEN", "WatchSettings", "fresh_index"]


@contextlib.contextmanager
def fresh_index(library: Library, watch: WatchSettings) -> Iterator[Index]:
    """An index in step with ``library``'s files, checked the cheapest sound way."""
    library.check_format()
    path = library.hidden_dir / INDEX_FILE
    db = open_existing(path) if library.exists() else None
    if db is None:
        with open_index(library) as index:  # built (or in memory) from the files
            if watch.enabled and library.exists() and _worth_starting(index, watch):
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
    hidden, entries, token = library.hidden_dir, library.entries_dir, index.meta(TOKEN)
    try:
        try:
            answer: tuple[str, list[str] | None] | None = changes_since(
                hidden, entries, token, start=False, timeout=ANSWER_TIMEOUT
            )
        except Unresponsive:
            answer = _started(index, watch, replace=True)
        except NotRunning:
            answer = _started(index, watch) if _worth_starting(index, watch) else None
    except WatchUnavailable:
        answer = None
    if answer is None:
        index.sync()
        return
    new_token, changed = answer
    if changed is None:
        index.sync()  # the token was taken first, so changes during this check are kept
    else:
        index.sync_names(changed)
    index.set_meta(TOKEN, new_token)


def _worth_starting(index: Index, watch: WatchSettings) -> bool:
    """True when the library is large enough and no recent failure asks to wait."""
    if watch.min_papers and index.count() < watch.min_papers:
        return False
    return not read_state(index.library.hidden_dir).backing_off()


def _started(
    index: Index, watch: WatchSettings, replace: bool = False
) -> tuple[str, list[str] | None] | None:
    """Start (or replace) the daemon and ask it; None, with the failure recorded, if it
    cannot answer. A replaced daemon's first answer is not waited for twice: on failure
    the read goes on with the stat check."""
    library = index.library
    hidden, entries, token = library.hidden_dir, library.entries_dir, index.meta(TOKEN)
    try:
        if replace:
            answer = replace_watcher(hidden, entries, token, idle_seconds=watch.idle_seconds)
        else:
            answer = changes_since(hidden, entries, token, idle_seconds=watch.idle_seconds)
    except WatchUnavailable as exc:
        record_failure(hidden, str(exc))
        return None
    record_start(hidden)
    return answer


def _start_watching(index: Index, watch: WatchSettings) -> None:
    """After a full build: start the watcher so the next read can skip the full check."""
    answer = _started(index, watch)
    if answer is None:
        return
    with contextlib.suppress(sqlite3.DatabaseError):
        index.sync()  # whatever changed since the build (the token predates this check)
        index.set_meta(TOKEN, answer[0])
