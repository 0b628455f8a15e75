"""Search through the sqlite index ranks exactly like the in-memory engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from papercli.errors import InputError
from papercli.identifiers import parse_identifier
from papercli.search.finder import find
from papercli.store import Query, Store, WatchSettings
from papercli.terms import tokenize
from tests.reference_ranker import search
from tests.test_search import QUALITY_CASES, load_papers

EXTRA_QUERIES = ["spectral", "model", "learning rate", "zzzzqqq", "the"]


@pytest.fixture
def library(library_path: Path) -> Store:
    store = Store(library_path, WatchSettings(enabled=False))
    with store.transaction():
        store.add(load_papers())
    return store


WORD_QUERIES = [q for q, _ in QUALITY_CASES if parse_identifier(q) is None] + EXTRA_QUERIES
ID_CASES = [(q, key) for q, key in QUALITY_CASES if parse_identifier(q) is not None]


@pytest.mark.parametrize("query", WORD_QUERIES, ids=lambda q: q.replace(" ", "_"))
def test_index_search_equals_in_memory_search(library: Store, query: str) -> None:
    expected = [(h.entry.key, h.score) for h in search(load_papers(), query)]
    hits = find(library, query).hits
    assert [(h.entry.key, h.score) for h in hits] == expected
    for hit, reference in zip(hits, search(load_papers(), query), strict=True):
        shown = tokenize(hit.entry.title) | tokenize(" ".join(hit.entry.tags))
        assert hit.terms == reference.terms & shown  # what the table highlights


@pytest.mark.parametrize(("query", "key"), ID_CASES)
def test_an_identifier_finds_exactly_the_paper_holding_it(
    library: Store, query: str, key: str
) -> None:
    result = find(library, query)
    assert [h.entry.key for h in result.hits] == [key]
    assert result.total == 1 and result.identifier is not None


def test_filters_and_limit_apply_inside_the_ranking(library: Store) -> None:
    everything = [h.entry for h in search(load_papers(), "learning")]
    limited = find(library, "learning", Query(limit=2))
    assert [h.entry.key for h in limited.hits] == [e.key for e in everything[:2]]
    assert limited.total == len(everything)
    recent = find(library, "learning", Query(since="2024-01-01")).hits
    assert recent and all(h.entry.date and h.entry.date >= "2024-01-01" for h in recent)
    expected = [e.key for e in everything if e.date and e.date >= "2024-01-01"]
    assert [h.entry.key for h in recent] == expected
    tag = next(t for e in everything for t in e.tags)
    tagged = find(library, "learning", Query(tags=(tag,))).hits
    assert [h.entry.key for h in tagged] == [e.key for e in everything if tag in e.tags]


def test_hand_edit_is_searchable_at_once(library: Store) -> None:
    assert find(library, "xylophonic").hits == []
    path = next((library.root / "entries").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: Xylophonic ", 1), encoding="utf-8")
    hits = find(library, "xylophonic").hits
    assert [h.entry.key for h in hits] == [path.stem]


def test_empty_query_is_an_error(library: Store) -> None:
    with pytest.raises(InputError):
        find(library, "  ,, ")


def test_a_large_batch_refills_the_vocabulary_and_ranks_the_same(
    cli, library_path: Path, tmp_path: Path
) -> None:
    """More than ``INCREMENTAL_PAPERS`` papers mark the vocabulary stale; the refill from
    FTS5 must give the candidates the in-memory vocabulary gives."""
    from benchmarks.run import write_digest
    from papercli.store.vocabulary import INCREMENTAL_PAPERS

    digest = tmp_path / "digest.txt"
    write_digest(digest, INCREMENTAL_PAPERS + 50)
    assert cli("import", str(digest), "--as-of", "2025-11-20").exit_code == 0
    store = Store(library_path, WatchSettings(enabled=False))
    for query in ("gradient descent convergence", "difusion modle", "convergance", "kernal"):
        expected = [(h.entry.key, h.score) for h in search(store.query(), query)]
        assert [(h.entry.key, h.score) for h in find(store, query).hits] == expected
