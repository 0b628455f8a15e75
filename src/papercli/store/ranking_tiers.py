"""Shortcuts of a limited search without filters: tiers that settle the top hits without
scoring every match (``store.ranking_sql`` scores; this module bounds what it scores).

In a common-word search at 100,000 papers most documents match, and scoring them all
costs every posting of every candidate term. The score's order (words matched, then
quality, then fields, then newest) gives tiers that FTS5's own matcher finds:

- The **quality tier**: documents holding, for every word, one of its best-quality terms
  (the exact word when it is indexed). They outscore every other document, and all share
  one quality, so within it only field weights order them.
- Within it, the **best tier**: every word in a title or key, the highest score there is.
  When it holds ``limit`` documents the answer is the newest ``limit`` of them.
- Otherwise only documents with some word above the abstract's weight (title, key, tags,
  authors) can beat one with every word in its abstract. FTS5's column filters give their
  rowids a word and a field level at a time (a few thousand rowids, no posting read), one
  match keeps those in the quality tier, and notes (weighing less than an abstract) are
  read only when some note holds a query word. When the ``limit``-th best of them beats a
  document with every word in its abstract, the answer is among them, and only they (and
  their ties) are scored in SQL.

When no tier settles the answer the caller scores every document holding all words.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Literal

from papercli.store.aside import Aside
from papercli.store.fts_match import ROWID_LIST, ROWIDS, any_of, every_word, rowids

Posting = tuple[int, str, float]  # (query word index, candidate term, quality)
Settled = Literal["best", "scored"] | None
_NOTED = "a note holds a query word"  # the name of that match beside the caller
TIER_WORDS = 8  # more words skip the tiers: rounding to 6 decimals could tie two tiers
_ABSTRACT = "abstract"


class BestTerms:
    """Each query word's best candidate quality and its candidate terms of that quality.

    (Plain classes here, not dataclasses: building a dataclass costs a search's start-up.)
    """

    __slots__ = ("terms", "tops")

    def __init__(self, tops: list[float], terms: list[list[str]]) -> None:
        self.tops = tops
        self.terms = terms

    @classmethod
    def of(cls, postings: Sequence[Posting], n_words: int) -> BestTerms | None:
        """The best terms of each word; None when a word has no candidate (nothing holds
        every word)."""
        by_word = by_word_terms(postings, n_words)
        if any(not terms for terms in by_word):
            return None
        tops = [max(terms.values()) for terms in by_word]
        best = [
            [t for t, q in terms.items() if q == top]
            for terms, top in zip(by_word, tops, strict=True)
        ]
        return cls(tops, best)


def by_word_terms(postings: Sequence[Posting], n_words: int) -> list[dict[str, float]]:
    """Each word's candidate terms and their best quality."""
    by_word: list[dict[str, float]] = [{} for _ in range(n_words)]
    for word, term, quality in postings:
        by_word[word][term] = max(quality, by_word[word].get(term, 0.0))
    return by_word


class _Levels:
    """The field weights as FTS5 column groups: above, at and below the abstract's."""

    __slots__ = ("columns", "usual")

    def __init__(self, columns: dict[float, list[str]], usual: float) -> None:
        self.columns = columns
        self.usual = usual

    @classmethod
    def of(cls, column_weights: Mapping[str, float]) -> _Levels:
        columns: dict[float, list[str]] = {}
        for column, weight in column_weights.items():
            columns.setdefault(weight, []).append(column)
        return cls(columns, column_weights[_ABSTRACT])

    @property
    def raised(self) -> list[float]:
        return sorted((w for w in self.columns if w > self.usual), reverse=True)

    @property
    def lower(self) -> list[float]:
        return [w for w in self.columns if w < self.usual]

    def in_levels(self, weights: Sequence[float]) -> list[str]:
        return [c for w in weights for c in self.columns[w]]


def prepare(aside: Aside, best: BestTerms, column_weights: Mapping[str, float]) -> None:
    """Start beside the caller the matches its fields need after the title sets (tags and
    authors, and whether any note holds a query word): for several words, whose best tier
    seldom settles the answer (one word's usually does, and needs none of them)."""
    for name, (sql, params) in _side_queries(best, _Levels.of(column_weights)).items():
        aside.submit(name, sql, params)


def _side_queries(best: BestTerms, levels: _Levels) -> dict[str, tuple[str, tuple[str]]]:
    """The matches ``prepare`` starts, by name (``settle`` cancels them by the same names)."""
    queries = {
        _field_query(i, weight): (ROWID_LIST, (any_of(terms, levels.columns[weight]),))
        for i, terms in enumerate(best.terms)
        for weight in levels.raised[1:]
    }
    noted = _noted_match(best, levels)
    if noted is not None:
        queries[_NOTED] = (ROWIDS + " LIMIT 1", (noted,))
    return queries


def _field_query(word: int, weight: float) -> str:
    return f"field {weight} of word {word}"


def settle(
    db: sqlite3.Connection,
    aside: Aside,
    best: BestTerms,
    column_weights: Mapping[str, float],
    limit: int,
) -> Settled:
    """``"best"`` with ``temp.tier`` holding the best tier when it fills ``limit``;
    ``"scored"`` with ``temp.best`` holding the rows of every document that can be in the
    answer (the caller scores them); None, nothing kept, when no tier settles it."""
    levels = _Levels.of(column_weights)
    top = levels.raised[0]
    if len(best.terms) == 1:  # one FTS5 match says whether the best tier fills the limit
        db.execute(f"INSERT INTO temp.tier {ROWIDS}", (any_of(best.terms[0], levels.columns[top]),))
        if db.execute("SELECT count(*) FROM temp.tier").fetchone()[0] >= limit:
            return "best"
        db.execute("DELETE FROM temp.tier")
    fields: list[dict[int, float]] = [{} for _ in best.terms]
    _add_fields(db, aside, best, levels, [top], fields)
    if len(best.terms) > 1:  # the top fields read anyway give the best tier
        in_best = set(fields[0]).intersection(*fields[1:])
        if len(in_best) >= limit:
            aside.cancel(*_side_queries(best, levels))
            db.executemany("INSERT INTO temp.tier VALUES (?)", ((doc,) for doc in in_best))
            return "best"
    _add_fields(db, aside, best, levels, levels.raised[1:], fields)
    return "scored" if _score_quality_tier(db, aside, best, fields, levels, limit) else None


def best_score(best: BestTerms, column_weights: Mapping[str, float]) -> float:
    """The score of a best-tier document: every word at its best, in a top field."""
    n_words = len(best.terms)
    return round(n_words + sum(best.tops) / 100 + max(column_weights.values()) / 10_000, 6)


def _add_fields(
    db: sqlite3.Connection,
    aside: Aside,
    best: BestTerms,
    levels: _Levels,
    weights: Sequence[float],
    fields: list[dict[int, float]],
) -> None:
    """Per word, record for each document holding one of its best terms in a field of
    ``weights`` that weight, unless a higher one is recorded (callers go highest first)."""
    for i, terms in enumerate(best.terms):
        for weight in weights:
            expression = any_of(terms, levels.columns[weight])
            rows = aside.rows(_field_query(i, weight), ROWID_LIST, (expression,))
            found: dict[int, float] = dict.fromkeys(rowids(rows), weight)
            found.update(fields[i])  # a higher weight recorded before stays
            fields[i] = found


def _candidates_match(best: BestTerms, levels: _Levels) -> str:
    """The quality tier's documents with some word above the abstract's weight."""
    raised = levels.in_levels(levels.raised)
    raised_any = " OR ".join(any_of(terms, raised) for terms in best.terms)
    return f"{every_word(best.terms)} AND ({raised_any})"


def _noted_match(best: BestTerms, levels: _Levels) -> str | None:
    """Documents holding a query word in a field weighing less than the abstract (a note);
    None when there is no such field."""
    everything = [t for terms in best.terms for t in terms]
    return any_of(everything, levels.in_levels(levels.lower)) if levels.lower else None


def _score_quality_tier(
    db: sqlite3.Connection,
    aside: Aside,
    best: BestTerms,
    fields: list[dict[int, float]],
    levels: _Levels,
    limit: int,
) -> bool:
    """Write to ``temp.best`` the quality tier's documents that settle the answer; False,
    nothing kept, when fewer than ``limit`` documents beat one with every word in its
    abstract."""
    # On this connection: its cache holds the words' postings the column filters just read.
    rows = db.execute(ROWID_LIST, (_candidates_match(best, levels),))
    gains = dict.fromkeys(rowids(rows), 0.0)  # what each gains over every word in its abstract
    if len(gains) < limit:
        return False
    _add_lower_fields(db, aside, best, levels, fields)
    usual = levels.usual
    for found in fields:
        for doc in found.keys() & gains.keys():
            gains[doc] += found[doc] - usual
    floor = heapq.nlargest(limit, gains.values())[-1]
    if floor <= 1e-9:
        return False  # a document with every word in its abstract could be in the answer
    chosen = [doc for doc, gain in gains.items() if gain >= floor - 1e-9]
    db.executemany(
        "INSERT INTO temp.best VALUES (?, ?, ?)",
        [
            (doc, i, top * 10 + found.get(doc, usual))
            for doc in chosen
            for i, (top, found) in enumerate(zip(best.tops, fields, strict=True))
        ],
    )
    return True


def _add_lower_fields(
    db: sqlite3.Connection,
    aside: Aside,
    best: BestTerms,
    levels: _Levels,
    fields: list[dict[int, float]],
) -> None:
    """Add the documents holding a word only in a field weighing less than the abstract (a
    note): rare, so one match first says whether any such field holds a query word."""
    noted = _noted_match(best, levels)
    if noted is None or not aside.rows(_NOTED, ROWIDS + " LIMIT 1", (noted,)):
        return
    at_least_usual = [c for w, cs in levels.columns.items() if w >= levels.usual for c in cs]
    for found, terms in zip(fields, best.terms, strict=True):
        for weight in levels.lower:
            only_here = (
                f"({any_of(terms, levels.columns[weight])} NOT {any_of(terms, at_least_usual)})"
            )
            for doc in rowids(db.execute(ROWID_LIST, (only_here,))):
                found[doc] = weight
