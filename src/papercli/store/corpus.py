"""The library's text as ranking sees it, read from the index: decisions, terms, statistics.

Ranking papers by what the user keeps needs, for a few thousand papers, the words of
their title, authors and abstract, and, for all of them, how many papers hold each word.
The index already has both (the search terms it keeps per column, and ``terms_row``'s
document counts), so nothing is re-read or re-tokenised here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from papercli.model import Entry
    from papercli.store.index import Index

CHUNK = 500  # keys per ``IN (...)`` (sqlite allows 999 parameters by default)


class Corpus:
    """Read-only questions to one fresh index (from ``Store.corpus()``)."""

    def __init__(self, index: Index) -> None:
        self._index = index
        self._db: sqlite3.Connection = index.db

    def entries(self, keys: Sequence[str]) -> list[Entry]:
        """The entries with ``keys``, in that order (brief: no abstract; unknown keys left out)."""
        found = self._index.entries_by_key(keys)
        return [found[k] for k in keys if k in found]

    def fingerprint(self) -> str:
        """Changes whenever an entry or a tag is added, changed or removed (every write
        gives the rewritten row a new rowid); cheap: two scans of small indexes."""
        entries = self._db.execute(
            "SELECT count(*), max(rowid), total(rowid) FROM entries INDEXED BY entries_by_status"
        ).fetchone()
        tags = self._db.execute("SELECT count(*), max(rowid), total(rowid) FROM tags").fetchone()
        return ":".join(str(v) for v in (*entries, *tags))

    def statuses(self) -> dict[str, str]:
        """Key -> reading status, for every paper that is not ``new``."""
        return dict(
            self._db.execute("SELECT key, status FROM entries WHERE status != 'new'").fetchall()
        )

    def tagged(self, tag_fold: str | None = None) -> set[str]:
        """Keys of the papers with any tag (with this folded tag, when given)."""
        if tag_fold is None:
            return {k for (k,) in self._db.execute("SELECT DISTINCT key FROM tags")}
        rows = self._db.execute("SELECT DISTINCT key FROM tags WHERE tag_fold = ?", (tag_fold,))
        return {k for (k,) in rows}

    def new_keys(self) -> list[str]:
        """Keys of the papers in the inbox (status ``new``), newest import first."""
        rows = self._db.execute(
            "SELECT key FROM entries WHERE status = 'new' ORDER BY added DESC, key DESC"
        )
        return [k for (k,) in rows]

    def all_keys(self) -> list[str]:
        """Every readable paper's key."""
        rows = self._db.execute("SELECT key FROM entries INDEXED BY entries_by_status")
        return [k for (k,) in rows]

    def document_counts(self) -> tuple[int, dict[str, int]]:
        """(papers, term -> papers holding it), from the index's own statistics."""
        papers = self._db.execute("SELECT count(*) FROM entries").fetchone()[0]
        return papers, dict(self._db.execute("SELECT term, doc FROM terms_row").fetchall())

    def paper_count(self) -> int:
        """How many readable papers the library holds."""
        return self._db.execute("SELECT count(*) FROM entries").fetchone()[0]

    def counts_of(self, terms: Iterable[str]) -> dict[str, int]:
        """Term -> papers holding it, for these terms only."""
        out: dict[str, int] = {}
        for term in terms:
            row = self._db.execute("SELECT doc FROM terms_row WHERE term = ?", (term,)).fetchone()
            if row:
                out[term] = row[0]
        return out

    def words(self, keys: Iterable[str]) -> Iterator[tuple[str, str, str, str]]:
        """(key, title terms, author terms, abstract terms) of each paper in ``keys``, as
        space-separated search terms (the index's ``terms.tokenize``)."""
        wanted = list(keys)
        for chunk in _chunks(wanted, CHUNK):
            marks = ",".join("?" * len(chunk))
            yield from self._db.execute(
                "SELECT e.key, t.title, t.authors, t.abstract FROM entries e "
                f"JOIN terms t ON t.rowid = e.rowid WHERE e.key IN ({marks})",
                chunk,
            )

    def inbox_words(self) -> Iterator[tuple[str, str, str, str]]:
        """``words`` of every paper in the inbox (status ``new``), in one pass."""
        yield from self._db.execute(
            "SELECT e.key, t.title, t.authors, t.abstract FROM entries e "
            "JOIN terms t ON t.rowid = e.rowid WHERE e.status = 'new'"
        )

    def matching(self, match: str, limit: int) -> list[tuple[str, float]]:
        """(key, bm25 rank) of the papers matching an FTS5 ``match``, best first."""
        rows = self._db.execute(
            "SELECT e.key, t.rank FROM terms t JOIN entries e ON e.rowid = t.rowid "
            "WHERE terms MATCH ? ORDER BY t.rank LIMIT ?",
            (match, limit),
        )
        return rows.fetchall()


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
