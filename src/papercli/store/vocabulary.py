"""The index's vocabulary of search terms, in the form query expansion asks for it.

A ``vocab`` table holds every indexed term once with its length and whether it has a
letter (``search.vocabulary`` says why). Papercli's own writes add their terms as they go;
a large batch (an import, a rebuild) marks the table stale instead, and the next search
refills it from the FTS5 vocabulary in one statement. Terms of removed papers may stay:
a term without postings adds no hit, and the next refill drops it.

Expanding a common query word reads thousands of terms of the lengths a typo can reach, so
each word's expansion is kept (table ``expansions``, created on first use) under the
vocabulary's generation: a counter in ``meta`` that every change of the table bumps. An
expansion of another generation is never used; a search stores its own, best effort (never
waiting for a writer's lock).
"""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Iterable, Sequence

STALE = "vocab_stale"
# Up to this many papers add their terms one by one; a larger batch marks the table stale
# (refilling it once is cheaper than adding the terms of thousands of papers batch by batch).
INCREMENTAL_PAPERS = 200
_HAS_LETTER = "term GLOB '*[^0-9]*'"
GENERATION = "vocab_generation"
_BUMP = (
    "INSERT OR REPLACE INTO meta VALUES (?, CAST(1 + coalesce("
    "(SELECT CAST(value AS INTEGER) FROM meta WHERE name = ?), 0) AS TEXT))"
)
_CACHE_TABLE = (
    "CREATE TABLE IF NOT EXISTS expansions "
    "(word TEXT PRIMARY KEY, generation TEXT NOT NULL, candidates TEXT NOT NULL)"
)
BUSY_TIMEOUT_MS = 30_000  # the index's own (``store.index._connect``)


def _bump_generation(db: sqlite3.Connection) -> None:
    db.execute(_BUMP, (GENERATION, GENERATION))


def add_terms(db: sqlite3.Connection, papers: int, terms: Iterable[str]) -> None:
    """Record the ``terms`` of ``papers`` papers just indexed (in the caller's transaction)."""
    if papers > INCREMENTAL_PAPERS:
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (STALE,))
        return
    unique = set(terms)
    before = db.total_changes
    db.executemany(
        "INSERT OR IGNORE INTO vocab VALUES (?, ?, ?)",
        [(t, len(t), not t.isdigit()) for t in unique],
    )
    if db.total_changes != before:
        _bump_generation(db)


class IndexVocabulary:
    """``search.vocabulary.Vocabulary`` over the index's ``vocab`` table."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.table = "vocab"
        stale = db.execute("SELECT value FROM meta WHERE name = ?", (STALE,)).fetchone()
        if stale:
            try:
                with db:
                    db.execute("DELETE FROM vocab")
                    db.execute(
                        f"INSERT INTO vocab SELECT term, length(term), {_HAS_LETTER} FROM terms_row"
                    )
                    db.execute("DELETE FROM meta WHERE name = ?", (STALE,))
                    _bump_generation(db)
            except sqlite3.OperationalError:
                # A read-only index: ask FTS5's own vocabulary (slower, same answers).
                self.table = (
                    f"(SELECT term, length(term) AS length, {_HAS_LETTER} AS letters "
                    "FROM terms_row)"
                )

    def has(self, term: str) -> bool:
        """True when ``term`` is indexed."""
        sql = f"SELECT 1 FROM {self.table} WHERE term = ?"
        return self.db.execute(sql, (term,)).fetchone() is not None

    def with_prefix(self, prefix: str) -> list[str]:
        """Every term starting with ``prefix``, sorted."""
        if not prefix:
            return []
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = self.db.execute(
            f"SELECT term FROM {self.table} WHERE term >= ? AND term < ? ORDER BY term",
            (prefix, after),
        )
        return [term for (term,) in rows]

    def near_length(self, low: int, high: int, letters_only: bool) -> Sequence[str]:
        """The terms of ``low`` to ``high`` characters (with a letter, if asked)."""
        sql = f"SELECT term FROM {self.table} WHERE length BETWEEN ? AND ?"
        if letters_only:
            sql += " AND letters = 1"
        return [term for (term,) in self.db.execute(sql, (low, high))]

    def cached_expansion(self, word: str) -> dict[str, float] | None:
        """The expansion of ``word`` stored under the current generation, if any."""
        try:
            row = self.db.execute(
                "SELECT candidates FROM expansions WHERE word = ? AND generation = "
                "coalesce((SELECT value FROM meta WHERE name = ?), '0')",
                (word, GENERATION),
            ).fetchone()
        except sqlite3.OperationalError:  # no cache table yet
            return None
        if not row or not isinstance(row[0], bytes):
            return None  # none kept, or kept by another version: expanded again
        return marshal.loads(row[0])  # marshal: json alone cost a search 1.5 ms of import

    def store_expansion(self, word: str, candidates: dict[str, float]) -> None:
        """Keep ``word``'s expansion for the current generation (dropping older ones);
        skipped when the index is read-only or a writer holds it."""
        db = self.db
        try:
            db.execute("PRAGMA busy_timeout = 0")
            with db:
                db.execute(_CACHE_TABLE)
                (generation,) = db.execute(
                    "SELECT coalesce((SELECT value FROM meta WHERE name = ?), '0')",
                    (GENERATION,),
                ).fetchone()
                db.execute("DELETE FROM expansions WHERE generation != ?", (generation,))
                db.execute(
                    "INSERT OR REPLACE INTO expansions VALUES (?, ?, ?)",
                    (word, generation, marshal.dumps(candidates)),
                )
        except sqlite3.OperationalError:
            pass
        finally:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
