"""The index's vocabulary of search terms, in the form query expansion asks for it.

A ``vocab`` table holds every indexed term once with its length, whether it has a letter
(``search.vocabulary`` says why) and the vocabulary generation that added it. Papercli's
own writes add their terms as they go; a large batch (an import, a rebuild) marks the
table stale instead, and the next search adds the FTS5 vocabulary's new terms in one
statement and drops the terms no paper holds any more. Terms of removed papers may stay
until then: a term without postings adds no hit.

Expanding a common query word reads thousands of terms of the lengths a typo can reach, so
each word's expansion is kept (table ``expansions``, created on first use) under the
vocabulary's generation: a counter in ``meta`` that every change of the table bumps. A
word expanded under an older generation is extended with the terms added since (an
expansion is the union of what each term gives, and terms never change): after a daily
import a search compares its words with the day's new terms only, not the whole
vocabulary. A search stores its own expansions, best effort (never waiting for a writer's
lock).
"""

from __future__ import annotations

import copy
import marshal
import sqlite3
from collections.abc import Iterable, Sequence

STALE = "vocab_stale"
# Up to this many papers add their terms one by one; a larger batch marks the table stale
# (refilling it once is cheaper than adding the terms of thousands of papers batch by batch).
INCREMENTAL_PAPERS = 200
_HAS_LETTER = "term GLOB '*[^0-9]*'"
GENERATION = "vocab_generation"
_COLUMNS = "PRAGMA table_info(vocab)"
VOCAB_SCHEMA = """
CREATE TABLE vocab (term TEXT PRIMARY KEY, length INTEGER NOT NULL, letters INTEGER NOT NULL,
                    generation INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE INDEX vocab_by_length ON vocab (letters, length);
CREATE INDEX vocab_by_generation ON vocab (generation);
"""
_CACHE_TABLE = (
    "CREATE TABLE IF NOT EXISTS expansions "
    "(word TEXT PRIMARY KEY, generation INTEGER NOT NULL, candidates BLOB NOT NULL)"
)
BUSY_TIMEOUT_MS = 30_000  # the index's own (``store.index._connect``)


def _generation(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE name = ?", (GENERATION,)).fetchone()
    return int(row[0]) if row else 0


def _set_generation(db: sqlite3.Connection, generation: int) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (GENERATION, str(generation)))


def add_terms(db: sqlite3.Connection, papers: int, terms: Iterable[str]) -> None:
    """Record the ``terms`` of ``papers`` papers just indexed (in the caller's transaction)."""
    if papers > INCREMENTAL_PAPERS:
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (STALE,))
        return
    unique = set(terms)
    before = db.total_changes
    following = _generation(db) + 1
    db.executemany(
        "INSERT OR IGNORE INTO vocab VALUES (?, ?, ?, ?)",
        [(t, len(t), not t.isdigit(), following) for t in unique],
    )
    if db.total_changes != before:
        _set_generation(db, following)


def add_generation_column(db: sqlite3.Connection) -> None:
    """Give a ``vocab`` table written before generations were recorded its column (every
    term counts as old: an expansion kept before is then recomputed once)."""
    columns = {row[1] for row in db.execute(_COLUMNS)}
    if "generation" not in columns:
        db.execute("ALTER TABLE vocab ADD COLUMN generation INTEGER NOT NULL DEFAULT 0")
        db.execute("CREATE INDEX IF NOT EXISTS vocab_by_generation ON vocab (generation)")
        db.execute("DELETE FROM meta WHERE name = ?", (GENERATION,))
        db.execute("DROP TABLE IF EXISTS expansions")


class IndexVocabulary:
    """``search.vocabulary.Vocabulary`` over the index's ``vocab`` table."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.table = "vocab"
        self.newer_than: int | None = None  # a view of the terms added after it
        self._generations = any(row[1] == "generation" for row in db.execute(_COLUMNS))
        stale = db.execute("SELECT value FROM meta WHERE name = ?", (STALE,)).fetchone()
        if stale:
            try:
                with db:
                    following = _generation(db) + 1
                    db.execute(
                        "INSERT OR IGNORE INTO vocab SELECT term, length(term), "
                        f"{_HAS_LETTER}, ? FROM terms_row",
                        (following,),
                    )
                    db.execute("DELETE FROM vocab WHERE term NOT IN (SELECT term FROM terms_row)")
                    db.execute("DELETE FROM meta WHERE name = ?", (STALE,))
                    _set_generation(db, following)
            except sqlite3.OperationalError:
                # A read-only index: ask FTS5's own vocabulary (slower, same answers).
                self.table = (
                    f"(SELECT term, length(term) AS length, {_HAS_LETTER} AS letters, "
                    "0 AS generation FROM terms_row)"
                )

    def _newer(self) -> tuple[str, tuple[int, ...]]:
        """The SQL condition (and its parameter) of this view's terms."""
        if self.newer_than is None:
            return "", ()
        return " AND generation > ?", (self.newer_than,)

    def has(self, term: str) -> bool:
        """True when ``term`` is indexed."""
        newer, after = self._newer()
        sql = f"SELECT 1 FROM {self.table} WHERE term = ?{newer}"
        return self.db.execute(sql, (term, *after)).fetchone() is not None

    def with_prefix(self, prefix: str) -> list[str]:
        """Every term starting with ``prefix``, sorted."""
        if not prefix:
            return []
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        newer, after = self._newer()
        rows = self.db.execute(
            f"SELECT term FROM {self.table} WHERE term >= ? AND term < ?{newer} ORDER BY term",
            (prefix, end, *after),
        )
        return [term for (term,) in rows]

    def near_length(self, low: int, high: int, letters_only: bool) -> Sequence[str]:
        """The terms of ``low`` to ``high`` characters (with a letter, if asked)."""
        newer, after = self._newer()
        sql = f"SELECT term FROM {self.table} WHERE length BETWEEN ? AND ?{newer}"
        if letters_only:
            sql += " AND letters = 1"
        return [term for (term,) in self.db.execute(sql, (low, high, *after))]

    def cached_expansion(self, word: str) -> dict[str, float] | None:
        """The expansion of ``word`` stored under the current generation, if any."""
        kept = self._kept(word)
        return kept[1] if kept is not None and kept[0] == _generation(self.db) else None

    def stale_expansion(self, word: str) -> tuple[dict[str, float], IndexVocabulary] | None:
        """An expansion of ``word`` kept under an older generation, and a view of the terms
        added since (what extends it); None when none is kept."""
        kept = self._kept(word)
        if kept is None or kept[0] >= _generation(self.db):
            return None
        if not self._generations:
            return None  # a table from before generations (read-only, not migrated)
        newer = copy.copy(self)
        newer.newer_than = kept[0]
        return kept[1], newer

    def _kept(self, word: str) -> tuple[int, dict[str, float]] | None:
        try:
            row = self.db.execute(
                "SELECT generation, candidates FROM expansions WHERE word = ?", (word,)
            ).fetchone()
        except sqlite3.OperationalError:  # no cache table yet
            return None
        if not row or not isinstance(row[1], bytes):
            return None  # none kept, or kept by another version: expanded again
        return int(row[0]), marshal.loads(row[1])  # marshal: json cost 1.5 ms of import

    def store_expansion(self, word: str, candidates: dict[str, float]) -> None:
        """Keep ``word``'s expansion for the current generation; skipped when the index is
        read-only or a writer holds it."""
        db = self.db
        try:
            db.execute("PRAGMA busy_timeout = 0")
            with db:
                db.execute(_CACHE_TABLE)
                db.execute(
                    "INSERT OR REPLACE INTO expansions VALUES (?, ?, ?)",
                    (word, _generation(db), marshal.dumps(candidates)),
                )
        except sqlite3.OperationalError:
            pass
        finally:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
