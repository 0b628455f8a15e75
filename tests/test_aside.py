"""Queries answered beside the caller on a second connection: same answers, cancellable,
nothing left running."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from papercli.store.aside import Aside

# About a second of work for sqlite: long enough to be running when it is cancelled.
SLOW = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000000) "
    "SELECT count(*) FROM n"
)
SHORT = SLOW.replace("8000000", "300000")


@pytest.fixture
def db(tmp_path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(tmp_path / "index.sqlite3", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE papers (n INTEGER)")
    connection.executemany("INSERT INTO papers VALUES (?)", [(n,) for n in range(1000)])
    return connection


def _aside_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.daemon and t is not threading.main_thread()]


def test_answers_are_those_of_the_callers_connection(db: sqlite3.Connection) -> None:
    before = len(_aside_threads())
    with Aside(db) as aside:
        aside.submit("odd", "SELECT count(*) FROM papers WHERE n % 2 = ?", (1,))
        aside.submit("top", "SELECT n FROM papers ORDER BY n DESC LIMIT 3", ())
        assert len(_aside_threads()) == before + 1  # they run in a thread of their own
        assert aside.answer("top") == [(999,), (998,), (997,)]
        assert aside.answer("odd") == [(500,)]
    assert len(_aside_threads()) == before  # closing ends the thread


def test_queries_run_in_the_order_submitted(db: sqlite3.Connection) -> None:
    with Aside(db) as aside:
        aside.submit("busy", SHORT, ())
        aside.submit("later", "SELECT 1", ())
        aside.submit("last", "SELECT 2", ())
        assert aside.answer("last") == [(2,)]
        assert list(aside._answers) == ["busy", "later", "last"]  # the order they ran in


def test_cancelling_the_running_query_spares_the_next(db: sqlite3.Connection) -> None:
    with Aside(db) as aside:
        aside.submit("slow", SLOW, ())
        aside.submit("total", "SELECT count(*) FROM papers", ())
        while aside._running != "slow":
            threading.Event().wait(0.001)
        threading.Event().wait(0.1)  # its statement is running now
        aside.cancel("slow")
        assert aside.answer("total") == [(1000,)]
        # asked for anyway, the cancelled one is answered on the caller's connection
        assert aside.answer("slow") == [(8000000,)]


def test_without_a_file_the_caller_answers(tmp_path: Path) -> None:
    memory = sqlite3.connect(":memory:")
    memory.execute("CREATE TABLE papers (n INTEGER)")
    memory.execute("INSERT INTO papers VALUES (7)")
    before = len(_aside_threads())
    with Aside(memory) as aside:
        aside.submit("all", "SELECT n FROM papers", ())
        assert len(_aside_threads()) == before  # nothing to open a second connection on
        assert aside.answer("all") == [(7,)]
        assert aside.rows("never submitted", "SELECT n + 1 FROM papers", ()) == [(8,)]


def test_closing_interrupts_what_is_left(db: sqlite3.Connection) -> None:
    import time

    aside = Aside(db)
    aside.submit("slow", SLOW, ())
    aside.submit("queued", SLOW, ())
    while aside._running != "slow":
        time.sleep(0.001)
    time.sleep(0.1)  # its statement is running now
    before = len(_aside_threads())
    started = time.monotonic()
    aside.close()
    assert time.monotonic() - started < 0.5  # neither slow query ran to its end
    assert len(_aside_threads()) == before - 1
