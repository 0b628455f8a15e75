"""Searching a library through its index: FTS5 retrieval, then the ranking of search.py.

``IndexTerms`` reads the vocabulary and postings from the index's FTS5 table of
pre-tokenised terms and runs ``search.rank``'s scoring as one SQL aggregate so that a
common word matching half of 100,000 papers costs no Python loop; tests check it ranks
exactly like the in-memory engine. Filters (tags, dates) apply to the ranked keys, and
entries are decoded only until ``limit`` hits are found.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from papercli.identifiers import parse_identifier
from papercli.model import Entry
from papercli.search.ranking import Hit, QueryWord, check_query, expand_query
from papercli.search.vocabulary import Vocabulary
from papercli.store import Query, Store
from papercli.store.index import TERM_COLUMNS, Index
from papercli.terms import (
    ABSTRACT,
    AUTHORS,
    FIELD_WEIGHTS,
    KEY,
    NOTE,
    TAGS,
    TITLE,
    tokenize,
)

_COLUMN_BITS = dict(
    zip(
        TERM_COLUMNS,
        (TITLE, KEY, TAGS, AUTHORS, ABSTRACT, NOTE),
        strict=True,
    )
)


# FTS column -> the weight a match there earns (``terms.FIELD_WEIGHTS``).
_COLUMN_WEIGHTS = {column: FIELD_WEIGHTS[bit] for column, bit in _COLUMN_BITS.items()}


class IndexTerms:
    """Retrieval from the sqlite index: vocabulary and postings from its FTS5 table."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def vocabulary(self) -> Vocabulary:
        """The indexed terms, as query expansion asks for them."""
        return self.index.vocabulary()

    def ranked_keys(
        self, words: Sequence[QueryWord], query: Query
    ) -> Iterator[tuple[str, float, tuple[str, ...], int]]:
        """(key, score, matched query words) best first: ``search.rank`` done in SQL.

        Per document and query word the best (quality, field weight) pair is kept, encoded
        as ``quality * 10 + weight`` (qualities are 0.4..1.0, weights 0..1, so the order is
        lexicographic); the score formula and tie order are those of ``search.rank``.
        """
        postings = [
            (i, term, quality)
            for i, word in enumerate(words)
            for term, quality in word.candidates.items()
        ]
        rows, total = self.index.rank(postings, len(words), _COLUMN_WEIGHTS, query)
        for key, score, hit_words in rows:
            indices = sorted({int(w) for w in hit_words.split(",")})
            yield key, score, tuple(words[i].text for i in indices), total

    @staticmethod
    def matched_terms(entry: Entry, words: Sequence[QueryWord]) -> frozenset[str]:
        """The candidate terms in the entry's title and tags: what a table highlights.

        The abstract is left out: tokenising 20 abstracts cost more than the search.
        """
        wanted = {t for w in words for t in w.candidates}
        shown = tokenize(entry.title) | tokenize(" ".join(entry.tags))
        return frozenset(wanted.intersection(shown))


@dataclass
class SearchResult:
    """The hits shown (best first) and how many entries matched in all."""

    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    # When the query is an identifier (``arXiv:2303.08867``, a DOI or a paper URL), the
    # identifier searched for exactly (``identifiers.PaperId``'s text), else None.
    identifier: str | None = None


def find(store: Store, text: str, query: Query | None = None) -> SearchResult:
    """Entries of ``store`` matching ``text`` and ``query``'s filters, best first."""
    query = query or Query()
    check_query(text, query.limit)
    if not store.exists():
        return SearchResult()
    named = parse_identifier(text)
    with store.reading() as index:
        if named is not None:
            return _find_identifier(index, text, str(named), query)
        return _find(index, text, query)


def _find_identifier(index: Index, text: str, named: str, query: Query) -> SearchResult:
    """Exactly the papers holding the identifier ``text`` names, in the query's order."""
    keys = index.keys_with_identifier(text)
    entries = index.entries_among(keys, query)
    total = len(entries) if not query.limit else len(index.entries_among(keys, _no_limit(query)))
    hits = [Hit(entry, 1.0, (text,), frozenset()) for entry in entries]
    return SearchResult(hits, total, named)


def _no_limit(query: Query) -> Query:
    return dataclasses.replace(query, limit=0)


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
