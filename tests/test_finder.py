"""Search through the sqlite index ranks exactly like the in-memory engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from papercli.errors import InputError
from papercli.search.finder import find
from papercli.search.ranking import search
from papercli.store.files import Library
from papercli.store.index import open_index
from tests.test_search import QUALITY_CASES, load_papers

EXTRA_QUERIES = ["spectral", "model", "learning rate", "zzzzqqq", "the"]


@pytest.fixture
def library(library_path: Path) -> Library:
    library = Library(library_path)
    library.ensure()
    with library.lock():
        library.write_many(load_papers())
    return library


@pytest.mark.parametrize(
    "query", [q for q, _ in QUALITY_CASES] + EXTRA_QUERIES, ids=lambda q: q.replace(" ", "_")
)
def test_index_search_equals_in_memory_search(library: Library, query: str) -> None:
    expected = [(h.entry.key, h.score, h.terms) for h in search(load_papers(), query)]
    with open_index(library) as index:
        got = [(h.entry.key, h.score, h.terms) for h in find(index, query)]
    assert got == expected


def test_filters_and_limit_apply_after_ranking(library: Library) -> None:
    everything = [h.entry for h in search(load_papers(), "learning")]
    with open_index(library) as index:
        limited = find(index, "learning", limit=2)
        assert [h.entry.key for h in limited] == [e.key for e in everything[:2]]
        recent = find(index, "learning", since="2024-01-01")
        assert recent and all(h.entry.date and h.entry.date >= "2024-01-01" for h in recent)
        tagged = find(index, "learning", tags=[everything[0].tags[0]] if everything[0].tags else [])
        assert tagged


def test_hand_edit_is_searchable_at_once(library: Library) -> None:
    with open_index(library) as index:
        assert find(index, "xylophonic") == []
    path = next(library.entries_dir.glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: Xylophonic ", 1), encoding="utf-8")
    with open_index(library) as index:
        hits = find(index, "xylophonic")
    assert [h.entry.key for h in hits] == [path.stem]


def test_empty_query_is_an_error(library: Library) -> None:
    with open_index(library) as index, pytest.raises(InputError):
        find(index, "  ,, ")
