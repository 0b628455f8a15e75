"""Searching a library through its index: FTS5 retrieval, then the ranking of search.py.

``IndexTerms`` serves the ``search.TermIndex`` protocol from the index's FTS5 table of
pre-tokenised terms, so ranking is the same code, with the same results, as the in-memory
engine; only retrieval changes. Filters (tags, dates) apply to the ranked keys, and
entries are decoded only until ``limit`` hits are found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from papercli.errors import InputError
from papercli.index import TERM_COLUMNS, Index
from papercli.listing import has_tags
from papercli.search import (
    ABSTRACT,
    AUTHORS,
    KEY,
    NOTE,
    TAGS,
    TITLE,
    Hit,
    expand_query,
    in_date_range,
    query_words,
    rank,
)

_COLUMN_BITS = dict(zip(TERM_COLUMNS, (TITLE, KEY, TAGS, AUTHORS, ABSTRACT, NOTE), strict=True))
_FETCH = 200


class IndexTerms:
    """A ``TermIndex`` over the sqlite index (vocabulary and postings from FTS5)."""

    def __init__(self, index: Index) -> None:
        self.db = index.db
        self._recency: dict[str, tuple[str, str]] = {}

    def vocabulary(self) -> Sequence[str]:
        """Every indexed term, sorted."""
        return [row[0] for row in self.db.execute("SELECT term FROM terms_row ORDER BY term")]

    def postings(self, term: str) -> Mapping[str, int]:
        """Entry key -> field bits for every entry containing ``term``."""
        out: dict[str, int] = {}
        for key, column, date, added in self.db.execute(
            "SELECT e.key, i.col, e.date, e.added FROM terms_instance AS i "
            "JOIN entries AS e ON e.rowid = i.doc WHERE i.term = ?",
            (term,),
        ):
            out[key] = out.get(key, 0) | _COLUMN_BITS[column]
            self._recency[key] = (date, added)
        return out

    def recency(self, key: str) -> tuple[str, str]:
        """(date, added) of an entry seen in some postings."""
        return self._recency[key]


def find(
    index: Index,
    query: str,
    *,
    tags: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[Hit]:
    """Entries of ``index`` matching ``query`` with every tag and within the ISO date bounds."""
    if limit is not None and limit < 0:
        raise InputError("--limit must be 0 or more")
    if not query_words(query):
        raise InputError("the search query has no words; try e.g. 'diffusion sampling'")
    terms = IndexTerms(index)
    ranked = rank(expand_query(query, terms.vocabulary()), terms)
    hits: list[Hit] = []
    for start in range(0, len(ranked), _FETCH):
        chunk = ranked[start : start + _FETCH]
        entries = index.entries_by_key(r.key for r in chunk)
        for r in chunk:
            entry = entries[r.key]
            if has_tags(entry, tags) and in_date_range(entry, since, until):
                hits.append(Hit(entry, r.score, r.words, r.terms))
                if limit is not None and len(hits) >= limit:
                    return hits
    return hits
