"""Candidates for shell completion: citation keys and tags, found without parsing entries.

Keys are the entry file names (one directory listing, always current). Tags come from the
derived index, read-only and as last synced: a completion never rebuilds or waits for it,
and offers no tags when the index is missing or of another version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from papercli.model import match_key
from papercli.store.files import Library
from papercli.store.index import INDEX_FILE, INDEX_VERSION


def key_candidates(library: Library, prefix: str, exclude: Iterable[str] = ()) -> list[str]:
    """Keys starting with ``prefix`` (any case), sorted, leaving out those in ``exclude``."""
    folded = prefix.casefold()
    skip = set(exclude)
    return [k for k in library.entry_keys() if k.casefold().startswith(folded) and k not in skip]


def tag_candidates(library: Library, prefix: str) -> list[str]:
    """Tags starting with ``prefix`` (any case), each in its most used spelling, sorted."""
    path = library.hidden_dir / INDEX_FILE
    if not path.is_file():
        return []
    folded = match_key(prefix)
    best: dict[str, tuple[int, str]] = {}
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != INDEX_VERSION:
                return []
            rows = db.execute("SELECT tag_fold, tag, count(*) FROM tags GROUP BY tag_fold, tag")
            for fold, tag, count in rows:
                if fold.startswith(folded) and (count, tag) > best.get(fold, (0, "")):
                    best[fold] = (count, tag)
        finally:
            db.close()
    except sqlite3.Error:
        return []
    return sorted((tag for _, tag in best.values()), key=str.casefold)
