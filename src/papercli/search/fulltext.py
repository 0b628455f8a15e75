"""Searching the papers' bodies (their PDFs' text), alone or with the metadata search.

Query words are expanded against the full-text vocabulary exactly as ``finder`` expands
them against the metadata's (typos, prefixes, stems), and scored with the same formula,
every body match weighing ``fulltext.BODY_WEIGHT``: less than any metadata field, so a
title match ranks above the same match in a body. ``find_all`` merges the two: a paper's
score is the better of its metadata and body scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from papercli.model import Entry
from papercli.search.finder import IndexTerms, SearchResult, find
from papercli.search.ranking import Hit, QueryWord, check_query, expand_query, query_words
from papercli.store import Query, Store
from papercli.store.files import library_fulltext_path

if TYPE_CHECKING:  # the full-text store loads only for a library that has one
    from papercli.store.fulltext import FullText, PageHit
    from papercli.store.index import Index

_CHUNK = 500


@dataclass
class BodyHit:
    """A paper whose body matched: the entry, its score, and the pages with snippets."""

    entry: Entry
    score: float
    words: tuple[str, ...] = ()
    pages: list[PageHit] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """The entry's fields, its score and ``pages`` [{page, snippet}] for ``--json``."""
        pages = [{"page": p.page, "snippet": p.snippet} for p in self.pages]
        return {**self.entry.to_dict(), "score": self.score, "pages": pages}


def has_fulltext(store: Store) -> bool:
    """True when the library has a full-text index (some PDF was ever indexed)."""
    return library_fulltext_path(store.root).exists()


def find_bodies(store: Store, text: str, query: Query | None = None) -> list[BodyHit]:
    """Papers whose PDF text matches ``text`` (and ``query``'s filters), best first, with
    the pages (at most three each) where the words occur."""
    query = query or Query()
    check_query(text, query.limit)
    if not store.exists() or not has_fulltext(store):
        return []
    from papercli.store.fulltext import open_fulltext

    with (
        open_fulltext(library_fulltext_path(store.root), create=False) as ft,
        store.reading() as index,
    ):
        if ft is None:
            return []
        words = expand_query(text, ft.vocabulary())
        ranked = _ranked(ft, index, words, query)
        entries = index.entries_by_key(key for key, _, _ in ranked)
        hits = []
        for key, score, matched in ranked:
            terms = sorted({t for w in words if w.text in matched for t in w.candidates})
            hits.append(BodyHit(entries[key], score, matched, ft.page_hits(key, terms)))
        return hits


def find_all(store: Store, text: str, query: Query | None = None) -> SearchResult:
    """``finder.find`` with the bodies searched too, at a lower weight."""
    query = query or Query()
    result = find(store, text, query)
    if not has_fulltext(store):
        return result
    from papercli.store.fulltext import open_fulltext

    floor = _floor(result, query.limit)
    n_words = len(query_words(text))
    if floor is not None and floor > _best_body_score(n_words, [1.0] * n_words):
        return result  # no body match could enter the shown hits: skip the bodies
    with (
        open_fulltext(library_fulltext_path(store.root), create=False) as ft,
        store.reading() as index,
    ):
        if ft is None:
            return result
        words = expand_query(text, ft.vocabulary())
        qualities = [max(w.candidates.values()) for w in words if w.candidates]
        if floor is not None and floor > _best_body_score(len(words), qualities):
            return result
        ranked = _ranked(ft, index, words, query)
        if not ranked:
            return result
        return _merge(result, ranked, index, words, query.limit)


def _floor(result: SearchResult, limit: int | None) -> float | None:
    """The score a paper must beat to be shown, when ``limit`` metadata hits fill the page."""
    if not limit or len(result.hits) < limit:
        return None
    return result.hits[limit - 1].score


def _best_body_score(n_words: int, qualities: Sequence[float]) -> float:
    """The highest score a body match can reach given the best quality of each query word
    that has a candidate term (``finder``'s formula with the body's weight)."""
    from papercli.store.fulltext import BODY_WEIGHT

    matched = len(qualities)
    if not matched:
        return 0.0
    return matched + sum(qualities) / 100 + (BODY_WEIGHT * matched / max(n_words, 1)) / 10_000


def _merge(
    result: SearchResult,
    ranked: list[tuple[str, float, tuple[str, ...]]],
    index: Index,
    words: Sequence[QueryWord],
    limit: int | None,
) -> SearchResult:
    hits = {h.entry.key: h for h in result.hits}
    body_only = [k for k, _, _ in ranked if k not in hits]
    entries = index.entries_by_key(body_only)
    for key, score, matched in ranked:
        hit = hits.get(key)
        if hit is None:
            entry = entries[key]
            hits[key] = Hit(entry, score, matched, IndexTerms.matched_terms(entry, words))
        elif score > hit.score:
            hits[key] = Hit(hit.entry, score, tuple({*hit.words, *matched}), hit.terms)
    ordered = sorted(hits.values(), key=lambda h: h.entry.key)
    ordered.sort(key=lambda h: (h.entry.date or "", h.entry.added or ""), reverse=True)
    ordered.sort(key=lambda h: h.score, reverse=True)
    total = max(result.total, len(ordered))
    return SearchResult(ordered[:limit] if limit else ordered, total)


def _ranked(
    ft: FullText, index: Index, words: Sequence[QueryWord], query: Query
) -> list[tuple[str, float, tuple[str, ...]]]:
    """Body matches best first, kept to papers in the library that pass the filters,
    at most ``query.limit`` of them."""
    postings = [(i, t, q) for i, w in enumerate(words) for t, q in w.candidates.items()]
    ranked = ft.rank(postings, len(words))
    where, params = query.where("e")
    condition = f" AND {where.removeprefix('WHERE ')}" if where else ""
    kept: list[tuple[str, float, tuple[str, ...]]] = []
    for start in range(0, len(ranked), _CHUNK):
        chunk = ranked[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT e.key FROM entries AS e WHERE e.key IN ({marks}){condition}"
        passing = {k for (k,) in index.db.execute(sql, [k for k, _, _ in chunk] + params)}
        for key, score, hit_words in chunk:
            if key in passing:
                indices = sorted({int(w) for w in hit_words.split(",")})
                kept.append((key, score, tuple(words[i].text for i in indices)))
        if query.limit and len(kept) >= query.limit:
            return kept[: query.limit]
    return kept
