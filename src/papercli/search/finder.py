"""Searching a library through its index: FTS5 retrieval, then the ranking of search.py.

``IndexTerms`` reads the vocabulary and postings from the index's FTS5 table of
pre-tokenised terms and runs ``search.rank``'s scoring as one SQL aggregate so that a
common word matching half of 100,000 papers costs no Python loop; tests check it ranks
exactly like the in-memory engine. Filters (tags, dates) apply to the ranked keys, and
entries are decoded only until ``limit`` hits are found.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from papercli.model import Entry
from papercli.search.ranking import Hit, QueryWord, check_query, expand_query
from papercli.store import Query, Store
from papercli.store.index import TERM_COLUMNS, Index
from papercli.terms import (
    ABSTRACT,
    AUTHORS,
    FIELD_WEIGHTS,
    IDS,
    KEY,
    NOTE,
    ORGANIZATION,
    TAGS,
    TITLE,
    entry_terms,
)

_COLUMN_BITS = dict(
    zip(
        TERM_COLUMNS,
        (TITLE, KEY, TAGS, AUTHORS, ABSTRACT, NOTE, IDS, ORGANIZATION),
        strict=True,
    )
)


_FIELD_WEIGHT_SQL = (
    "CASE i.col "
    + " ".join(f"WHEN '{column}' THEN {FIELD_WEIGHTS[bit]}" for column, bit in _COLUMN_BITS.items())
    + " END"
)


class IndexTerms:
    """Retrieval from the sqlite index: vocabulary and postings from its FTS5 table."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.db = index.db

    def vocabulary(self) -> Sequence[str]:
        """Every indexed term, sorted (cached in the index until the next write)."""
        return self.index.vocabulary()

    def ranked_keys(
        self, words: Sequence[QueryWord], query: Query
    ) -> Iterator[tuple[str, float, tuple[str, ...], int]]:
        """(key, score, matched query words) best first: ``search.rank`` done in SQL.

        Per document and query word the best (quality, field weight) pair is kept, encoded
        as ``quality * 10 + weight`` (qualities are 0.4..1.0, weights 0..1, so the order is
        lexicographic); the score formula and tie order are those of ``search.rank``.
        """
        rows = [
            (i, term, quality)
            for i, word in enumerate(words)
            for term, quality in word.candidates.items()
        ]
        if not rows:
            return
        self.db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS hits (doc INT, word INT, quality REAL, col TEXT)"
        )
        self.db.execute("DELETE FROM temp.hits")
        # One indexed lookup per candidate term (a join would scan the whole vocabulary).
        self.db.executemany(
            "INSERT INTO temp.hits SELECT doc, ?, ?, col FROM terms_instance WHERE term = ?",
            [(i, quality, term) for i, term, quality in rows],
        )
        n_words = max(len(words), 1)
        where, filters = query.where("e")
        sql = f"""
            WITH best AS (
                SELECT i.doc AS doc, i.word AS word,
                       max(i.quality * 10 + {_FIELD_WEIGHT_SQL}) AS v
                FROM temp.hits AS i
                GROUP BY i.doc, i.word
            ), parts AS (
                SELECT doc, word,
                       (CAST(v AS INT) - (CAST(v AS INT) % 2)) / 10.0 AS quality,
                       v - (CAST(v AS INT) - (CAST(v AS INT) % 2)) AS field
                FROM best
            ), scored AS (
                SELECT doc, count(*) AS matched, sum(quality) AS qualities,
                       sum(field) AS fields, group_concat(word) AS hit_words
                FROM parts GROUP BY doc
            )
            SELECT e.key, round(s.matched + s.qualities / 100 + (s.fields / ?) / 10000, 6)
                   AS score, s.hit_words, count(*) OVER () AS total
            FROM scored AS s JOIN entries AS e ON e.rowid = s.doc
            {where}
            ORDER BY score DESC, e.date DESC, e.added DESC, e.key ASC
            {"LIMIT ?" if query.limit else ""}
        """
        params = [n_words, *filters] + ([query.limit] if query.limit else [])
        for key, score, hit_words, total in self.db.execute(sql, params):
            indices = sorted({int(w) for w in hit_words.split(",")})
            yield key, score, tuple(words[i].text for i in indices), total

    @staticmethod
    def matched_terms(entry: Entry, words: Sequence[QueryWord]) -> frozenset[str]:
        """The candidate terms that occur in ``entry`` (for highlighting)."""
        wanted = {t for w in words for t in w.candidates}
        return frozenset(wanted.intersection(entry_terms(entry)))


@dataclass
class SearchResult:
    """The hits shown (best first) and how many entries matched in all."""

    hits: list[Hit] = field(default_factory=list)
    total: int = 0


def find(store: Store, text: str, query: Query | None = None) -> SearchResult:
    """Entries of ``store`` matching ``text`` and ``query``'s filters, best first."""
    query = query or Query()
    check_query(text, query.limit)
    if not store.exists():
        return SearchResult()
    with store.reading() as index:
        return _find(index, text, query)


def _find(index: Index, text: str, query: Query) -> SearchResult:
    terms = IndexTerms(index)
    words = expand_query(text, terms.vocabulary())
    ranked = list(terms.ranked_keys(words, query))
    entries = index.entries_by_key(key for key, _, _, _ in ranked)
    hits = [
        Hit(entries[key], score, hit_words, terms.matched_terms(entries[key], words))
        for key, score, hit_words, _ in ranked
    ]
    return SearchResult(hits, ranked[0][3] if ranked else 0)
