"""Queries run on a second connection to the index while the caller's connection works.

At 100,000 papers and common words a search's total ("20 of 98,172 shown") and the
filters its ranking reads after the title sets each cost as much as the rest of the
ranking, and none depends on the others. sqlite runs two connections to one file at once
(on two cores), so they run in one thread beside the caller, in the order submitted. An
answer no longer needed is cancelled: a waiting query is dropped, a running one
interrupted (under the lock, so the interrupt can never reach the next query; one that
had not quite started runs to its end, which costs time, never a wrong answer). No
progress handler: it would take Python's lock every few thousand sqlite steps and slow
the caller it runs beside. Where no second connection opens (an index in memory), or its
query fails, the answer is computed on the caller's connection when asked for.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

Rows = list[Any]


class Aside:
    """A thread and a read-only connection answering named queries (use as a context)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._jobs: dict[str, tuple[str, tuple[Any, ...]]] = {}
        self._queue: list[str] = []
        self._answers: dict[str, Rows | None] = {}  # None: failed or cancelled
        self._running: str | None = None
        self._lock = threading.Condition()
        self._closing = False
        self._second: sqlite3.Connection | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Aside:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def submit(self, name: str, sql: str, params: tuple[Any, ...]) -> None:
        """Start answering ``sql`` beside the caller; ``answer(name)`` returns its rows."""
        with self._lock:
            self._jobs[name] = (sql, params)
            self._queue.append(name)
            self._lock.notify()
        if self._thread is None and not self._closing:
            self._second = _second_connection(self._db)
            if self._second is not None:
                self._thread = threading.Thread(target=self._work, daemon=True)
                self._thread.start()

    def answer(self, name: str) -> Rows:
        """The rows of query ``name`` (waiting for them; computed here when the second
        connection could not answer)."""
        sql, params = self._jobs[name]
        with self._lock:
            while self._thread is not None and name not in self._answers:
                self._lock.wait()
            rows = self._answers.get(name)
        return rows if rows is not None else self._db.execute(sql, params).fetchall()

    def rows(self, name: str, sql: str, params: tuple[Any, ...]) -> Rows:
        """The answer to ``name`` when it was submitted, else ``sql`` answered here now."""
        return self.answer(name) if name in self._jobs else self._db.execute(sql, params).fetchall()

    def cancel(self, *names: str) -> None:
        """Drop queries whose answers are no longer needed (interrupting the running one)."""
        with self._lock:
            if self._running in names and self._second is not None:
                self._second.interrupt()
            for name in names:
                if name in self._queue:
                    self._queue.remove(name)
                    self._answers[name] = None

    def close(self) -> None:
        """Cancel what is left, end the thread and close the second connection."""
        with self._lock:
            self._closing = True
            for name in self._queue:
                self._answers[name] = None
            self._queue.clear()
            if self._running is not None and self._second is not None:
                self._second.interrupt()
            self._lock.notify_all()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._second is not None:
            self._second.close()
            self._second = None

    def _work(self) -> None:
        second = self._second
        assert second is not None
        while True:
            with self._lock:
                while not self._queue and not self._closing:
                    self._lock.wait()
                if self._closing:
                    return
                name = self._running = self._queue.pop(0)
            sql, params = self._jobs[name]
            rows: Rows | None
            try:
                rows = second.execute(sql, params).fetchall()
            except sqlite3.Error:
                rows = None  # interrupted, or the file went away: answered on ``db``
            with self._lock:
                self._answers[name] = rows
                self._running = None
                self._lock.notify_all()


def _second_connection(db: sqlite3.Connection) -> sqlite3.Connection | None:
    """A read-only connection to ``db``'s file, or None (in memory, or it cannot open)."""
    row = db.execute("PRAGMA database_list").fetchone()
    if not row or not row[2]:
        return None
    try:
        return sqlite3.connect(
            f"{Path(row[2]).as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
    except sqlite3.Error:
        return None
