"""The in-memory reference ranker: the ranking rules written plainly, over a list of
entries. The index's SQL ranking (``papercli.search.finder``) must order hits exactly
like this; tests compare the two on the same papers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from papercli.model import Entry
from papercli.search.ranking import Hit, QueryWord, check_query, expand_query
from papercli.terms import FIELD_WEIGHTS, entry_terms


class TermIndex(Protocol):
    """What ranking needs from retrieval; an sqlite FTS index can provide the same."""

    def vocabulary(self) -> Sequence[str]:
        """Every term, sorted."""

    def postings(self, term: str) -> Mapping[str, int]:
        """Entry key -> field bits, for every entry containing ``term``."""

    def recency(self, key: str) -> tuple[str, str]:
        """(date, added) of an entry, for newest-first ties."""


class InMemoryIndex:
    """A ``TermIndex`` built from entries in memory."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: dict[str, Entry] = {}
        self._postings: dict[str, dict[str, int]] = {}
        for entry in entries:
            self.entries[entry.key] = entry
            for term, bits in entry_terms(entry).items():
                self._postings.setdefault(term, {})[entry.key] = bits
        self._vocabulary = sorted(self._postings)

    def vocabulary(self) -> Sequence[str]:
        """Every term, sorted."""
        return self._vocabulary

    def postings(self, term: str) -> Mapping[str, int]:
        """Entry key -> field bits for ``term``."""
        return self._postings.get(term, {})

    def recency(self, key: str) -> tuple[str, str]:
        """(date, added) of the entry with ``key``."""
        entry = self.entries[key]
        return (entry.date or "", entry.added or "")


@dataclass
class Ranked:
    """An entry key with its score and the query words and terms it matched."""

    key: str
    score: float
    words: tuple[str, ...]
    terms: frozenset[str]


def _field_weight(bits: int) -> float:
    return max((w for bit, w in FIELD_WEIGHTS.items() if bits & bit), default=0.0)


def rank(words: Sequence[QueryWord], index: TermIndex, limit: int | None = None) -> list[Ranked]:
    """Score every entry matching some query word; best first, ties newest first.

    Score = words matched + (sum of match qualities) / 100 + (mean field weight) / 10^4,
    so each rule only breaks ties of the rules before it (at most 32 query words).
    """
    # key -> per query word: best (quality, field weight) and the terms that matched.
    best: dict[str, dict[int, tuple[float, float]]] = {}
    matched_terms: dict[str, set[str]] = {}
    for i, word in enumerate(words):
        for term, quality in word.candidates.items():
            for key, bits in index.postings(term).items():
                pair = (quality, _field_weight(bits))
                per_word = best.setdefault(key, {})
                if pair > per_word.get(i, (0.0, 0.0)):
                    per_word[i] = pair
                matched_terms.setdefault(key, set()).add(term)
    ranked = []
    n_words = max(len(words), 1)
    for key, per_word in best.items():
        qualities = sum(q for q, _ in per_word.values())
        fields = sum(f for _, f in per_word.values()) / n_words
        score = round(len(per_word) + qualities / 100 + fields / 10_000, 6)
        hit_words = tuple(words[i].text for i in sorted(per_word))
        ranked.append(Ranked(key, score, hit_words, frozenset(matched_terms[key])))
    ranked.sort(key=lambda r: r.key)
    ranked.sort(key=lambda r: (r.score, *index.recency(r.key)), reverse=True)
    return ranked if limit is None else ranked[:limit]


def search(entries: Sequence[Entry], query: str, *, limit: int | None = None) -> list[Hit]:
    """Entries matching ``query``, best first (see the module docstring for the order)."""
    check_query(query, limit)
    index = InMemoryIndex(entries)
    words = expand_query(query, index.vocabulary())
    return [
        Hit(index.entries[r.key], r.score, r.words, r.terms)
        for r in rank(words, index, limit=limit)
    ]


def in_date_range(entry: Entry, lo: str | None, hi: str | None) -> bool:
    """True when the entry's date lies within [lo, hi]; undated entries never do."""
    if lo is None and hi is None:
        return True
    if not entry.date:
        return False
    # A partial date (``2024`` or ``2024-03``) covers its whole year or month.
    known = len(entry.date)
    first = entry.date + "-01-01"[known - 4 :] if known < 10 else entry.date
    last = entry.date + "-12-31"[known - 4 :] if known < 10 else entry.date
    return (lo is None or last >= lo) and (hi is None or first <= hi)
