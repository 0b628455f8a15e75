"""The derived index: an sqlite cache of the YAML entries, for speed at 100,000 papers.

The YAML files stay the single source of truth. The index lives in
``.papercli/index.sqlite3``, carries a schema version, and is checked against every entry
file's name, mtime and size before each use: files added, changed (by papercli or by hand)
or deleted since are re-read; an index that is missing, corrupt or of another version is
rebuilt from scratch. Deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from papercli.batches import LazySequence
from papercli.errors import InputError, LibraryError
from papercli.identifiers import entry_arxiv, entry_doi, ref_match
from papercli.model import Entry, normalise_title
from papercli.store.files import (
    FileProblem,
    Library,
    file_name,
    is_entry_name,
    key_of_name,
)
from papercli.store.index_rows import EntryRow, entry_row, file_rows, unpack
from papercli.store.packed_rows import PackedRows, index_file_of, unnamed_keys
from papercli.store.query import Query
from papercli.store.stamps import FileStamp, Snapshot, scan
from papercli.store.vocabulary import IndexVocabulary, add_terms

if TYPE_CHECKING:
    from papercli.store.ranking_sql import Posting, Ranked

# 6: unusable files indexed; arXiv ids, DOIs and organisations searched; 7: vocab table;
# 8: entries packed with marshal (the index also records the Python that wrote it);
# 9: identifiers searched with the key, organisations with the authors (6 FTS columns);
# 10: a brief copy of each entry for tables, the full one last in the row
# 11: key aliases; an arXiv DOI indexed as the arXiv id; one identifier rule (identifiers.py)
# 12: title_norm is ``titles.title_identity`` (TeX, Unicode and en-GB/en-US spelling folded)
# 13: whether each entry names its authors (an export warns without decoding the library)
# 14: FTS5 splits terms on spaces only: a key term (``smith2023only_doi``) is one token
# 15: the keys of papers without author names indexed apart (an export reads only keys)
SCHEMA_VERSION = 15
# What ``PRAGMA user_version`` holds: the schema and the Python that packed the entries
# (marshal's format may change between Python versions; another one means a rebuild).
INDEX_VERSION = SCHEMA_VERSION * 10_000 + sys.version_info[0] * 100 + sys.version_info[1]
INDEX_FILE = "index.sqlite3"
_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (name TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
                    problem TEXT);
-- ``data`` (the whole entry, abstract included) comes last and ``brief`` (the entry
-- without its long texts) before it: sqlite reads a row's columns in order, so filters and
-- tables never walk the overflow pages of an abstract.
CREATE TABLE entries (key TEXT PRIMARY KEY, date TEXT NOT NULL, added TEXT NOT NULL,
                      title_fold TEXT NOT NULL,
                      arxiv_id TEXT, doi TEXT, title_norm TEXT NOT NULL, status TEXT NOT NULL,
                      date_first TEXT, date_last TEXT, named INTEGER NOT NULL,
                      brief BLOB NOT NULL,
                      data BLOB NOT NULL);
CREATE TABLE tags (key TEXT NOT NULL, tag TEXT NOT NULL, tag_fold TEXT NOT NULL);
CREATE INDEX tags_by_fold ON tags (tag_fold);
CREATE INDEX tags_by_key ON tags (key);
CREATE TABLE aliases (alias TEXT NOT NULL, alias_fold TEXT NOT NULL, key TEXT NOT NULL);
CREATE INDEX aliases_by_fold ON aliases (alias_fold);
CREATE INDEX aliases_by_key ON aliases (key);
CREATE TABLE vocab (term TEXT PRIMARY KEY, length INTEGER NOT NULL, letters INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE INDEX vocab_by_length ON vocab (letters, length);
CREATE INDEX files_with_problems ON files (name) WHERE problem IS NOT NULL;
CREATE INDEX entries_by_date ON entries (date DESC, added DESC, key DESC);
CREATE INDEX entries_by_added ON entries (added DESC, key DESC);
CREATE INDEX entries_by_title ON entries (title_fold, key);
CREATE INDEX entries_by_arxiv ON entries (arxiv_id) WHERE arxiv_id IS NOT NULL;
CREATE INDEX entries_by_doi ON entries (doi) WHERE doi IS NOT NULL;
CREATE INDEX entries_by_title_norm ON entries (title_norm);
CREATE INDEX entries_by_status ON entries (status, added DESC, key DESC);
CREATE INDEX entries_unnamed ON entries (key) WHERE named = 0;
CREATE VIRTUAL TABLE terms USING fts5(title, key, tags, authors, abstract, note, detail=column,
    tokenize="unicode61 remove_diacritics 0 tokenchars '!#$%&()*+,-./:;<=>?@[]^_`{|}~\\'");
CREATE VIRTUAL TABLE terms_row USING fts5vocab(terms, 'row');
CREATE VIRTUAL TABLE terms_instance USING fts5vocab(terms, 'instance');
-- Merge segments 16 at a time instead of 4: filling the index at 100,000 papers took
-- twice as long with the default, and lookups measured no slower.
INSERT INTO terms(terms, rank) VALUES('automerge', 16);
"""
# FTS column order, matching ``index_rows.search_terms_row``.
TERM_COLUMNS = ("title", "key", "tags", "authors", "abstract", "note")


class Index:
    """An open, up-to-date index of one library (use ``open_index``)."""

    def __init__(self, library: Library, db: sqlite3.Connection) -> None:
        self.library = library
        self.db = db
        self.problems: list[FileProblem] = []

    # -- keeping it in step with the files -------------------------------------------

    def sync(self, snapshot: Snapshot | None = None) -> None:
        """Re-read every entry file added, changed or removed since the index last saw it.

        ``snapshot`` is a scan of the entry folder just taken, if the caller has one.
        """
        snapshot = snapshot or scan(self.library.entries_dir)
        current_sig = snapshot.signature()
        if self._meta("signature") != current_sig:
            stamps = snapshot.as_dict()
            known = {
                name: FileStamp(m, s)
                for name, m, s in self.db.execute("SELECT name, mtime_ns, size FROM files")
            }
            changed = [n for n, st in stamps.items() if known.get(n) != st]
            removed = [n for n in known if n not in stamps]
            with self.db:
                self._forget(removed)
                self._read_files(changed, stamps)
                self._set_meta("signature", current_sig)
        self.load_problems()

    def load_problems(self) -> None:
        """Fill ``problems`` with the unusable entry files the index knows of."""
        self.problems = [
            FileProblem(self.library.entries_dir / name, reason)
            for name, reason in self.db.execute(
                "SELECT name, problem FROM files WHERE problem IS NOT NULL ORDER BY name"
            )
        ]

    def record(self, entries: Iterable[Entry]) -> None:
        """Store entries just written by papercli, without re-reading their files.

        Call ``sync()`` after the last batch to seal the index's signature.
        """
        self.record_rows([entry_row(e) for e in entries])

    def record_rows(self, rows: Sequence[EntryRow]) -> None:
        """``record`` for rows already made by ``index_rows.entry_rows``."""
        stored: list[tuple[str, FileStamp, EntryRow | str]] = []
        for row in rows:
            name = file_name(row.key)
            try:
                st = os.stat(self.library.entries_dir / name)
            except FileNotFoundError:
                continue
            stored.append((name, FileStamp(st.st_mtime_ns, st.st_size), row))
        with self.db:
            self._store(stored)

    def _read_files(self, names: list[str], stamps: dict[str, FileStamp]) -> None:
        for chunk in file_rows(self.library, names, 2000):
            self._store([(name, stamps[name], item) for name, item in chunk])

    def _store(self, rows: list[tuple[str, FileStamp, EntryRow | str]]) -> None:
        self._forget([name for name, _, _ in rows])
        self._set_meta("signature", "")
        files = [
            (name, st[0], st[1], item if isinstance(item, str) else None) for name, st, item in rows
        ]
        entries = [item for _, _, item in rows if not isinstance(item, str)]
        self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", files)
        self.db.executemany(
            "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [e.columns() for e in entries],
        )
        self.db.executemany(
            "INSERT INTO tags VALUES (?, ?, ?)",
            [(e.key, tag, fold) for e in entries for tag, fold in e.tags],
        )
        self.db.executemany(
            "INSERT INTO aliases VALUES (?, ?, ?)",
            [(alias, alias.lower(), e.key) for e in entries for alias in e.aliases],
        )
        words = (t for e in entries for column in e.terms for t in column.split())
        add_terms(self.db, len(entries), words)
        self.db.executemany(
            f"INSERT INTO terms(rowid, {', '.join(TERM_COLUMNS)}) "
            f"SELECT rowid, {', '.join('?' * len(TERM_COLUMNS))} FROM entries WHERE key = ?",
            [(*e.terms, e.key) for e in entries],
        )

    def _forget(self, names: list[str]) -> None:
        if not names:
            return
        keys = [(key_of_name(name),) for name in names]
        self.db.executemany(
            "DELETE FROM terms WHERE rowid IN (SELECT rowid FROM entries WHERE key = ?)", keys
        )
        self.db.executemany("DELETE FROM files WHERE name = ?", [(n,) for n in names])
        self.db.executemany("DELETE FROM entries WHERE key = ?", keys)
        self.db.executemany("DELETE FROM tags WHERE key = ?", keys)
        self.db.executemany("DELETE FROM aliases WHERE key = ?", keys)

    def meta(self, name: str) -> str | None:
        """A value the index keeps about itself (None when unset)."""
        return self._meta(name)

    def set_meta(self, name: str, value: str) -> None:
        """Keep ``value`` under ``name``, committed at once."""
        with self.db:
            self._set_meta(name, value)

    def sync_names(self, names: Iterable[str]) -> None:
        """Re-check only these entry file names (what the watcher saw change)."""
        wanted = sorted({n for n in names if is_entry_name(n)})
        if wanted:
            marks = ",".join("?" * len(wanted))
            known = {
                name: FileStamp(m, s)
                for name, m, s in self.db.execute(
                    f"SELECT name, mtime_ns, size FROM files WHERE name IN ({marks})", wanted
                )
            }
            stamps: dict[str, FileStamp] = {}
            for name in wanted:
                try:
                    st = os.stat(self.library.entries_dir / name)
                except (FileNotFoundError, NotADirectoryError):
                    continue
                stamps[name] = FileStamp(st.st_mtime_ns, st.st_size)
            changed = [n for n, st in stamps.items() if known.get(n) != st]
            removed = [n for n in known if n not in stamps]
            if changed or removed:
                with self.db:
                    self._forget(removed)
                    self._read_files(changed, stamps)
                    self._set_meta("signature", "")
        self.load_problems()

    def forget_keys(self, keys: Iterable[str]) -> None:
        """Drop the entries of files papercli just deleted."""
        with self.db:
            self._forget([file_name(key) for key in keys])
            self._set_meta("signature", "")

    def _meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, name: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    # -- reading -------------------------------------------------------------------

    def vocabulary(self) -> IndexVocabulary:
        """The indexed search terms, as query expansion asks for them."""
        return IndexVocabulary(self.db)

    def count(self, query: Query | None = None) -> int:
        """How many readable entries match ``query`` (all when None)."""
        where, params = (query or Query()).where()
        return self.db.execute(f"SELECT count(*) FROM entries {where}", params).fetchone()[0]

    def entries(self, query: Query | None = None, brief: bool = False) -> list[Entry]:
        """Entries matching ``query``, in its order, at most its limit; ``brief``: without
        their long texts (abstract, note, comments), enough for a table and much faster."""
        query = query or Query()
        where, params = query.where()
        column = "brief" if brief else "data"
        sql = f"SELECT {column} FROM entries {where} ORDER BY {query.order()}"
        if query.limit:
            sql += " LIMIT ?"
            params.append(query.limit)
        return [unpack(row[0]) for row in self.db.execute(sql, params)]

    def packed_entries(self, query: Query, brief: bool = False) -> LazySequence[Entry]:
        """``entries(query, brief)`` still packed: decoded only when read (see ``batches``)."""
        where, params = query.where()
        column = "brief" if brief else "data"
        sql = f"SELECT key, {column}, named FROM entries {where} ORDER BY {query.order()}"
        if query.limit:
            sql += " LIMIT ?"
            params.append(query.limit)
        index_file = index_file_of(self.db)
        if index_file is not None:  # read where decoded: a worker reads its own batch
            # Keys alone come from covering indexes, never the rows and their packed texts.
            sql = sql.replace(f"key, {column}, named", "key", 1)
            keys = [key for (key,) in self.db.execute(sql, params)]

            def without_names() -> list[str]:  # asked only by an export's warning
                anywhere = unnamed_keys(index_file)
                return [key for key in keys if key in anywhere]

            return LazySequence(keys, PackedRows(index_file, column, keys), unpack, without_names)
        rows = self.db.execute(sql, params).fetchall()
        unnamed = [key for key, _, named in rows if not named]
        return LazySequence([r[0] for r in rows], [r[1] for r in rows], unpack, unnamed)

    def rank(
        self,
        postings: Sequence[Posting],
        n_words: int,
        column_weights: Mapping[str, float],
        query: Query,
        count: bool = True,
    ) -> tuple[list[Ranked], int]:
        """The top search hits and their total (see ``store.ranking_sql``)."""
        from papercli.store.ranking_sql import ranked  # here: listing never ranks

        return ranked(self.db, postings, n_words, column_weights, query, count)

    def title_identities(self) -> dict[str, str]:
        """key -> ``title_norm`` (``titles.title_identity``) of every readable entry."""
        return dict(self.db.execute("SELECT key, title_norm FROM entries"))

    def entries_by_key(self, keys: Iterable[str]) -> dict[str, Entry]:
        """The entries with these keys (missing keys are left out)."""
        return {e.key: e for e in self._select_in("key", list(keys))}

    def _select_in(self, column: str, values: list[str]) -> list[Entry]:
        out: list[Entry] = []
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for (data,) in self.db.execute(
                f"SELECT data FROM entries WHERE {column} IN ({marks})", chunk
            ):
                out.append(unpack(data))
        return out

    def keys_for_refs(self, refs: Iterable[str]) -> dict[str, str]:
        """ref -> key for every ref that is a former key (an alias, any case) of one entry,
        else the arXiv id or DOI (any form, see ``identifiers``) of exactly one entry."""
        found: dict[str, str] = {}
        for ref in refs:
            rows = self.db.execute(
                "SELECT DISTINCT key FROM aliases WHERE alias_fold = ? LIMIT 2", (ref.lower(),)
            ).fetchall()
            if not rows:
                rows = [(k,) for k in self.keys_with_identifier(ref)[:2]]
            if len(rows) == 1:
                found[ref] = rows[0][0]
        return found

    def keys_with_identifier(self, ref: str) -> list[str]:
        """Keys of every entry holding the identifier ``ref`` names (none if it names none)."""
        named = ref_match(ref)
        if named is None:
            return []
        column = "arxiv_id" if named[0] == "arxiv" else "doi"
        rows = self.db.execute(
            f"SELECT key FROM entries WHERE {column} = ? ORDER BY key", named[1:]
        )
        return [key for (key,) in rows]

    def entries_among(self, keys: Sequence[str], query: Query) -> list[Entry]:
        """The entries with ``keys`` that pass ``query``'s filters, in its order and limit."""
        if not keys:
            return []
        where, params = query.where()
        marks = ",".join("?" * len(keys))
        where = f"{where} AND key IN ({marks})" if where else f"WHERE key IN ({marks})"
        sql = f"SELECT data FROM entries {where} ORDER BY {query.order()}"
        if query.limit:
            sql += f" LIMIT {int(query.limit)}"
        return [unpack(row[0]) for row in self.db.execute(sql, [*params, *keys])]

    def aliases_of(self) -> dict[str, list[str]]:
        """key -> its aliases, for every entry that has any."""
        out: dict[str, list[str]] = {}
        for key, alias in self.db.execute("SELECT key, alias FROM aliases ORDER BY key, alias"):
            out.setdefault(key, []).append(alias)
        return out

    def candidates_for(self, records: Iterable[Entry]) -> list[Entry]:
        """Stored entries sharing an arXiv id, DOI or normalised title with ``records``."""
        arxiv, doi, titles = set(), set(), set()
        for record in records:
            if found := entry_arxiv(record):
                arxiv.add(found)
            if found := entry_doi(record):
                doi.add(found)
            title = normalise_title(record.title)
            if title:
                titles.add(title)
        seen: dict[str, Entry] = {}
        for column, values in (("arxiv_id", arxiv), ("doi", doi), ("title_norm", titles)):
            for entry in self._select_in(column, sorted(values)):
                seen.setdefault(entry.key, entry)
        return list(seen.values())

    def taken_keys(self) -> set[str]:
        """Every key in use, lower-cased: readable entries, their aliases, unusable files."""
        rows = self.db.execute(
            "SELECT lower(key) FROM entries UNION SELECT alias_fold FROM aliases UNION "
            "SELECT lower(name) FROM files WHERE problem IS NOT NULL"
        )
        taken = set()
        for (value,) in rows:
            taken.add(value[: -len(".yaml")] if value.endswith(".yaml") else value)
        return taken

    def tag_counts(self) -> list[tuple[str, int]]:
        """(most used spelling, papers) for every tag, most used first, then by name."""
        best: dict[str, tuple[int, str]] = {}
        totals = dict(
            self.db.execute("SELECT tag_fold, count(DISTINCT key) FROM tags GROUP BY tag_fold")
        )
        rows = self.db.execute("SELECT tag_fold, tag, count(*) FROM tags GROUP BY tag_fold, tag")
        for fold, tag, count in rows:
            if (count, tag) > best.get(fold, (0, "")):
                best[fold] = (count, tag)
        pairs = [(best[fold][1], total) for fold, total in totals.items()]
        return sorted(pairs, key=lambda p: (-p[1], p[0].casefold()))

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.isolation_level = "DEFERRED"  # implicit transactions, committed by ``with db``
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def remove_index(path: Path) -> None:
    """Delete the index database and its sqlite side files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def _create(path: Path) -> sqlite3.Connection:
    remove_index(path)
    db = _connect(path)
    db.executescript(_SCHEMA)
    db.execute(f"PRAGMA user_version = {INDEX_VERSION}")
    return db


def open_existing(path: Path) -> sqlite3.Connection | None:
    """The index database at ``path`` if it exists and is of this version, else None."""
    if not path.exists():
        return None
    try:
        db = _connect(path)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        # No integrity scan here (seconds on a large index): damage found later is handled
        # by open_index, which removes the index so that the next command rebuilds it.
        if version == INDEX_VERSION and db.execute("SELECT count(*) FROM meta").fetchone():
            return db
        db.close()
    except sqlite3.DatabaseError:
        pass
    return None


@contextlib.contextmanager
def open_index(library: Library) -> Iterator[Index]:
    """An index in step with the library's files; rebuilt when missing, corrupt or old.

    For a library that does not exist yet, an in-memory index (nothing is created on disk).
    """
    library.check_format()
    if not library.exists():
        index = Index(library, _memory())
    else:
        path = library.hidden_dir / INDEX_FILE
        try:
            library.hidden_dir.mkdir(exist_ok=True)
            db = open_existing(path) or _create(path)
        except (OSError, sqlite3.DatabaseError):
            db = _memory()  # a read-only library still reads, just without the cache
        index = Index(library, db)
    try:
        try:
            index.sync()
        except sqlite3.DatabaseError:
            index.close()
            index = Index(library, _create(library.hidden_dir / INDEX_FILE))
            index.sync()
        try:
            yield index
        except sqlite3.OperationalError as exc:
            if not any(m in str(exc) for m in ("fts5: syntax error", "phrase queries")):
                raise _damaged(library, index, exc) from None
            # A query FTS5 cannot run is no damage: the index stays.
            raise InputError(f"cannot search for that ({exc}); try other words") from None
        except sqlite3.DatabaseError as exc:
            raise _damaged(library, index, exc) from None
    finally:
        index.close()


def _damaged(library: Library, index: Index, exc: sqlite3.DatabaseError) -> LibraryError:
    """Remove a damaged index (the next command rebuilds it); the error that says so."""
    index.close()
    remove_index(library.hidden_dir / INDEX_FILE)
    return LibraryError(
        f"the index was damaged ({exc}); it has been removed: run the command again"
    )


def _memory() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.isolation_level = "DEFERRED"
    db.executescript(_SCHEMA)
    return db


def drift(library: Library) -> str | None:
    """How the on-disk index differs from the entry files, or None when it is in step.

    Read-only: unlike ``open_index`` it never refreshes what it looks at.
    """
    path = library.hidden_dir / INDEX_FILE
    if not library.entries_dir.is_dir():
        return None
    if not path.exists():
        return None  # built by the next command; nothing has drifted
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != INDEX_VERSION:
                return "the index is of another version"
            known = {
                name: FileStamp(m, s)
                for name, m, s in db.execute("SELECT name, mtime_ns, size FROM files")
            }
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return "the index cannot be read"
    stamps = scan(library.entries_dir).as_dict()
    stale = sum(1 for name, st in stamps.items() if known.get(name) != st)
    stale += sum(1 for name in known if name not in stamps)
    return f"the index is out of date for {stale} entry files" if stale else None


def rebuild(library: Library) -> int:
    """Delete and rebuild the index from the entry files; returns the entry count."""
    path = library.hidden_dir / INDEX_FILE
    library.hidden_dir.mkdir(exist_ok=True)
    _create(path).close()
    with open_index(library) as index:
        return index.count()


def refresh_index(
    library: Library, written: Iterable[Entry] = (), removed: Iterable[str] = ()
) -> None:
    """Record in an existing index what papercli just wrote and deleted (lock held).

    Nothing else is re-checked here: the next read catches up with outside changes.
    Without an index of this version this does nothing: the next command builds it.
    """
    path = library.hidden_dir / INDEX_FILE
    db = open_existing(path)
    if db is None:
        return
    index = Index(library, db)
    try:
        index.record(written)
        index.forget_keys(removed)
    except sqlite3.DatabaseError:
        remove_index(path)  # damaged: the next command rebuilds it
    finally:
        index.close()
