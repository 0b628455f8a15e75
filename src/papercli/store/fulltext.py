"""The full-text index: every attached PDF's words, by page, in ``.papercli/fulltext.sqlite``.

Its own database, apart from the metadata index: it is derived from the PDFs (slow to
make: text extraction), not from the entry files, and is kept by other rules. Tables:

- ``docs``: one row per PDF indexed (key, SHA-256, size and mtime of the file, page
  count, and a ``problem`` when no text could be read: scanned or encrypted).
- ``doc_terms`` (FTS5, one row per paper, rowid = ``docs.id``): the paper's search terms
  (``terms.tokenize``, as the metadata index uses), for ranking.
- ``page_terms`` (FTS5, rowid = ``doc id * 4096 + page``): the same by page, so hits name
  their pages without reading any text.
- ``pages``: each page's text, zlib-compressed, for the snippets around a hit.

The two FTS5 tables are contentless (they keep no copy of the terms: that copy was 60 % of
the file); a text is removed by handing FTS5 its terms again, made from ``pages`` by the
same ``tokenize``, sorted, so the very tokens that were added are taken out.
- ``vocab``/``meta``/``terms_row``: the vocabulary typo expansion asks (as
  ``store.vocabulary`` keeps it for the metadata index).

``PRAGMA user_version`` carries the schema version; another version is deleted and made
again (its texts re-extracted on the next sync), never trusted.
"""

from __future__ import annotations

import contextlib
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from papercli.errors import LibraryError
from papercli.store.vocabulary import IndexVocabulary, add_terms
from papercli.terms import tokenize, word_spans, word_terms

SCHEMA_VERSION = 2
PAGE_SLOTS = 4096  # pages per document id in ``page_terms`` rowids; later pages join the last
# The field weight of a body match: below every metadata field (``terms.FIELD_WEIGHTS``,
# the lowest being a note's 0.4), so a title match outranks the same match in a body.
BODY_WEIGHT = 0.1
_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL,
                   size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, pages INTEGER NOT NULL,
                   chars INTEGER NOT NULL, problem TEXT);
CREATE TABLE pages (id INTEGER PRIMARY KEY, text BLOB NOT NULL);
CREATE TABLE vocab (term TEXT PRIMARY KEY, length INTEGER NOT NULL, letters INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE INDEX vocab_by_length ON vocab (letters, length);
CREATE VIRTUAL TABLE doc_terms USING fts5(terms, detail=none, content='',
                                          tokenize="unicode61 remove_diacritics 0");
CREATE VIRTUAL TABLE page_terms USING fts5(terms, detail=none, content='',
                                           tokenize="unicode61 remove_diacritics 0");
CREATE VIRTUAL TABLE terms_row USING fts5vocab(doc_terms, 'row');
INSERT INTO doc_terms(doc_terms, rank) VALUES('automerge', 16);
INSERT INTO page_terms(page_terms, rank) VALUES('automerge', 16);
"""


@dataclass
class Document:
    """One PDF's text to index: whose, which bytes (hash, size, mtime), the pages."""

    key: str
    sha256: str
    size: int
    mtime_ns: int
    pages: list[str]
    problem: str | None = None


@dataclass(frozen=True)
class PageHit:
    """A page of a paper where query terms occur, and the text around the first one."""

    page: int
    snippet: str


@contextlib.contextmanager
def open_fulltext(path: Path, create: bool = True) -> Iterator[FullText | None]:
    """The full-text index at ``path`` (made when missing and ``create``; else None)."""
    if not path.exists() and not create:
        yield None
        return
    db = _connect(path)
    try:
        yield FullText(db)
    finally:
        db.close()


def _connect(path: Path) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(path, timeout=30)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            db.close()
            return _create(path)
        return db
    except sqlite3.DatabaseError:
        return _create(path)


def _create(path: Path) -> sqlite3.Connection:
    try:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30)
        db.executescript(_SCHEMA)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.commit()
    except (OSError, sqlite3.Error) as exc:
        raise LibraryError(f"cannot create the full-text index {path}: {exc}") from None
    return db


class FullText:
    """An open full-text index."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    # -- what is indexed ----------------------------------------------------------------

    def stamps(self) -> dict[str, tuple[str, int, int]]:
        """key -> (sha256, size, mtime_ns) of every PDF indexed."""
        rows = self.db.execute("SELECT key, sha256, size, mtime_ns FROM docs")
        return {key: (sha, size, mtime) for key, sha, size, mtime in rows}

    def problems(self) -> list[tuple[str, str]]:
        """(key, problem) for PDFs whose text could not be read, by key."""
        rows = self.db.execute("SELECT key, problem FROM docs WHERE problem IS NOT NULL")
        return sorted(rows)

    def meta(self, name: str) -> str | None:
        """A value remembered in the ``meta`` table."""
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        """Remember ``value`` under ``name``."""
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    def summary(self) -> tuple[int, int, int]:
        """(papers indexed, pages, characters of text)."""
        row = self.db.execute("SELECT count(*), total(pages), total(chars) FROM docs").fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    # -- changing -----------------------------------------------------------------------

    def store(self, documents: Sequence[Document]) -> None:
        """Index ``documents`` (replacing what their keys had), in one transaction."""
        with self.db:
            self._forget([d.key for d in documents])
            words: set[str] = set()
            for doc in documents:
                words |= self._insert(doc)
            add_terms(self.db, len(documents), words)

    def _insert(self, doc: Document) -> set[str]:
        pages = doc.pages[: PAGE_SLOTS - 1] + (
            ["\n".join(doc.pages[PAGE_SLOTS - 1 :])] if len(doc.pages) >= PAGE_SLOTS else []
        )
        cursor = self.db.execute(
            "INSERT INTO docs (key, sha256, size, mtime_ns, pages, chars, problem) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                doc.key,
                doc.sha256,
                doc.size,
                doc.mtime_ns,
                len(doc.pages),
                sum(map(len, doc.pages)),
                doc.problem,
            ),
        )
        doc_id = int(cursor.lastrowid or 0)
        base = doc_id * PAGE_SLOTS
        self.db.executemany(
            "INSERT INTO pages VALUES (?, ?)",
            [(base + n, zlib.compress(t.encode("utf-8"), 6)) for n, t in enumerate(pages, 1)],
        )
        return self._terms(doc_id, pages, "")

    def _terms(self, doc_id: int, pages: Sequence[str], command: str) -> set[str]:
        """Add (``command`` '') or remove (``'delete'``) the terms of a document's pages."""
        page_terms = [tokenize(text) for text in pages]
        every: set[str] = set().union(*page_terms) if page_terms else set()
        base = doc_id * PAGE_SLOTS
        if command:
            page_sql = "INSERT INTO page_terms(page_terms, rowid, terms) VALUES ('delete', ?, ?)"
            doc_sql = "INSERT INTO doc_terms(doc_terms, rowid, terms) VALUES ('delete', ?, ?)"
        else:
            page_sql = "INSERT INTO page_terms(rowid, terms) VALUES (?, ?)"
            doc_sql = "INSERT INTO doc_terms(rowid, terms) VALUES (?, ?)"
        self.db.executemany(
            page_sql,
            [(base + n, " ".join(sorted(t))) for n, t in enumerate(page_terms, 1) if t],
        )
        if every:
            self.db.execute(doc_sql, (doc_id, " ".join(sorted(every))))
        return every

    def forget(self, keys: Iterable[str]) -> None:
        """Drop the texts of ``keys``."""
        with self.db:
            self._forget(list(keys))

    def _forget(self, keys: list[str]) -> None:
        for key in keys:
            row = self.db.execute("SELECT id FROM docs WHERE key = ?", (key,)).fetchone()
            if row is None:
                continue
            lo, hi = row[0] * PAGE_SLOTS, row[0] * PAGE_SLOTS + PAGE_SLOTS - 1
            blobs = self.db.execute(
                "SELECT text FROM pages WHERE id BETWEEN ? AND ? ORDER BY id", (lo, hi)
            )
            pages = [zlib.decompress(blob).decode("utf-8") for (blob,) in blobs]
            self._terms(row[0], pages, "delete")
            self.db.execute("DELETE FROM pages WHERE id BETWEEN ? AND ?", (lo, hi))
            self.db.execute("DELETE FROM docs WHERE id = ?", (row[0],))

    def rename(self, old_key: str, new_key: str) -> None:
        """The text of ``old_key`` now belongs to ``new_key`` (a rekey: same file)."""
        with self.db:
            self._forget([new_key])
            self.db.execute("UPDATE docs SET key = ? WHERE key = ?", (new_key, old_key))

    # -- searching ----------------------------------------------------------------------

    def vocabulary(self) -> IndexVocabulary:
        """The body terms, for typo-tolerant query expansion."""
        return IndexVocabulary(self.db)

    def rank(
        self, postings: Sequence[tuple[int, str, float]], n_words: int
    ) -> list[tuple[str, float, str]]:
        """(key, score, matched word indices) of every paper whose body matches, best
        first; the score is ``search.rank``'s with every field weighing ``BODY_WEIGHT``."""
        if not postings:
            return []
        self.db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS fbest "
            "(doc INT, word INT, q REAL, PRIMARY KEY (doc, word)) WITHOUT ROWID"
        )
        self.db.execute("DELETE FROM temp.fbest")
        self.db.executemany(
            "INSERT INTO temp.fbest SELECT rowid, ?, ? FROM doc_terms WHERE doc_terms MATCH ? "
            "ON CONFLICT (doc, word) DO UPDATE SET q = max(q, excluded.q)",
            [(word, quality, f'"{term}"') for word, term, quality in postings],
        )
        rows = self.db.execute(
            f"""SELECT d.key, round(count(*) + sum(b.q) / 100
                                    + ({BODY_WEIGHT} * count(*) / ?) / 10000, 6) AS score,
                       group_concat(b.word)
                FROM temp.fbest AS b JOIN docs AS d ON d.id = b.doc
                GROUP BY b.doc ORDER BY score DESC, d.key""",
            (max(n_words, 1),),
        ).fetchall()
        return [(key, score, words) for key, score, words in rows]

    def page_hits(self, key: str, terms: Sequence[str], most: int = 3) -> list[PageHit]:
        """The first ``most`` pages of ``key`` holding any of ``terms``, with snippets."""
        row = self.db.execute("SELECT id FROM docs WHERE key = ?", (key,)).fetchone()
        if row is None or not terms:
            return []
        base = row[0] * PAGE_SLOTS
        match = " OR ".join(f'"{t}"' for t in terms)
        ids = [
            rowid
            for (rowid,) in self.db.execute(
                "SELECT rowid FROM page_terms WHERE page_terms MATCH ? "
                "AND rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ?",
                (match, base, base + PAGE_SLOTS - 1, most),
            )
        ]
        hits = []
        for rowid in ids:
            (blob,) = self.db.execute("SELECT text FROM pages WHERE id = ?", (rowid,)).fetchone()
            text = zlib.decompress(blob).decode("utf-8")
            hits.append(PageHit(rowid - base, snippet(text, set(terms))))
        return hits


def snippet(text: str, terms: set[str], width: int = 70) -> str:
    """About ``width`` characters either side of the first word of ``text`` giving one of
    ``terms``, whitespace collapsed, ``…`` where text was cut."""
    for start, end, word in word_spans(text):
        if word_terms(word) & terms:
            lo, hi = max(0, start - width), min(len(text), end + width)
            while lo > 0 and not text[lo - 1].isspace() and start - lo < width + 15:
                lo -= 1
            while hi < len(text) and not text[hi].isspace() and hi - end < width + 15:
                hi += 1
            body = " ".join(text[lo:hi].split())
            return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")
    return " ".join(text.split())[: 2 * width]
