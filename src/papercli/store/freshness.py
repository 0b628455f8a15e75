"""Answer a question from the index while proving, in parallel, that it is in step.

Checking the index against the entry files costs one ``stat`` per file: about 0.3 s at
100,000 papers, as much as a search itself. So the question is first answered from the
index as it stands while a second thread takes the snapshot of the files (the stats wait
on the kernel and the query on sqlite; both release the GIL). If any file changed, the
index is synced and the question asked again: the answer is never stale, and in the
usual case the check costs no extra wall time.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import TypeVar

from papercli.store.files import FileProblem, Library
from papercli.store.index import INDEX_FILE, Index, open_existing, open_index
from papercli.store.stamps import Snapshot, scan

T = TypeVar("T")


def answer_fresh(library: Library, question: Callable[[Index], T]) -> tuple[T, list[FileProblem]]:
    """``question(index)`` from an index in step with the files, and the unusable files."""
    library.check_format()
    db = open_existing(library.hidden_dir / INDEX_FILE) if library.exists() else None
    if db is not None:
        index = Index(library, db)
        try:
            return _speculate(index, question), index.problems
        except sqlite3.DatabaseError:
            pass  # damaged: open_index below rebuilds it
        finally:
            index.close()
    with open_index(library) as index:
        return question(index), index.problems


def _speculate(index: Index, question: Callable[[Index], T]) -> T:
    found: list[Snapshot | BaseException] = []

    def take_snapshot() -> None:
        try:
            found.append(scan(index.library.entries_dir))
        except BaseException as exc:  # handed to the main thread below
            found.append(exc)

    checker = threading.Thread(target=take_snapshot, name="papercli-check", daemon=True)
    checker.start()
    try:
        answer = question(index)
    finally:
        checker.join()
    snapshot = found[0]
    if isinstance(snapshot, BaseException):
        raise snapshot
    if index.is_current(snapshot):
        index.load_problems()
        return answer
    del answer  # stale: let it go before asking again (it may be every paper)
    index.sync(snapshot)
    return question(index)
