"""Query expansions kept in the index are extended with the terms added since, never
recomputed against the whole vocabulary, and always equal a fresh expansion."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from papercli.search import ranking
from papercli.search.finder import find
from papercli.search.ranking import expand_word
from papercli.store import Query, Store, WatchSettings
from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST

WORDS = ("zorblax", "zorblaxe", "sampling", "mixtur", "sparce", "learning")


def _digest(path: Path, titles: list[str]) -> Path:
    blocks = "".join(
        f"{title}\n\nWe study {title.lower()} in detail.\n\n  • 3 authors\n·\nNov 3, 2025\n\n"
        for title in titles
    )
    path.write_text(
        "new\n\nDaily Papers\n\nbyAK and the research community\n\nNov 11\n\n" + blocks,
        encoding="utf-8",
    )
    return path


def _store(library: Path) -> Store:
    return Store(library, WatchSettings(enabled=False))


def _fresh(store: Store, word: str) -> dict[str, float]:
    with store.reading() as index:
        vocabulary = index.vocabulary()
        return expand_word(word, vocabulary)


def _kept(library: Path) -> dict[str, int]:
    with sqlite3.connect(library / ".papercli" / "index.sqlite3") as db:
        return dict(db.execute("SELECT word, generation FROM expansions"))


def test_an_import_extends_kept_expansions_with_its_new_terms_only(
    cli, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).exit_code == 0
    store = _store(library_path)
    for word in WORDS:
        find(store, word, Query(limit=5))
    before = _kept(library_path)
    digest = _digest(library_path.parent / "d1.txt", ["Zorblax Sampling for Sparse Mixtures"])
    assert cli("import", str(digest), "--as-of", SAMPLE_AS_OF).exit_code == 0

    asked: list[int | None] = []
    real = ranking.expand_word

    def spy(joined: str, vocabulary):  # which terms each expansion compared with
        asked.append(getattr(vocabulary, "newer_than", None))
        return real(joined, vocabulary)

    monkeypatch.setattr(ranking, "expand_word", spy)
    hits = find(store, "zorblaxe", Query(limit=5)).hits
    assert [h.entry.title for h in hits] == ["Zorblax Sampling for Sparse Mixtures"]
    assert asked == [before["zorblaxe"]]  # only the terms added after it was kept
    monkeypatch.setattr(ranking, "expand_word", real)
    for word in WORDS:
        find(store, word, Query(limit=5))
        with store.reading() as index:
            kept = index.vocabulary().cached_expansion(word)
        assert kept == _fresh(store, word), word
    assert all(_kept(library_path)[w] > before[w] for w in WORDS)


def test_a_large_import_adds_its_terms_and_drops_those_no_paper_holds(
    cli, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papercli.store import vocabulary

    assert cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).exit_code == 0
    store = _store(library_path)
    first = _digest(library_path.parent / "d1.txt", ["Quuxification of Sparse Mixtures"])
    assert cli("import", str(first), "--as-of", SAMPLE_AS_OF).exit_code == 0
    for word in (*WORDS, "quuxification"):
        find(store, word, Query(limit=5))
    key = next(e.key for e in store.query() if e.title.startswith("Quuxification"))
    assert cli("rm", key, "--yes").exit_code == 0
    monkeypatch.setattr(vocabulary, "INCREMENTAL_PAPERS", 0)  # every write marks it stale
    second = _digest(library_path.parent / "d2.txt", ["Zorblaxic Samplers Revisited"])
    assert cli("import", str(second), "--as-of", SAMPLE_AS_OF).exit_code == 0
    for word in (*WORDS, "quuxification"):
        find(store, word, Query(limit=5))
        with store.reading() as index:
            vocab = index.vocabulary()
            assert vocab.cached_expansion(word) is not None
            fresh = _fresh(store, word)
            kept = vocab.cached_expansion(word)
        # kept = fresh, but for terms no paper holds any more (they add no hit)
        assert set(fresh) <= set(kept or {}), word
        with store.reading() as index:
            held = {t for t in (kept or {}) if index.vocabulary().has(t)}
        assert held == set(fresh), word
    assert find(store, "quuxification", Query(limit=5)).hits == []
    with store.reading() as index:
        assert not index.vocabulary().with_prefix("quux")  # the refill dropped its terms
    assert [h.entry.title for h in find(store, "zorblaxic", Query(limit=5)).hits] == [
        "Zorblaxic Samplers Revisited"
    ]


def test_a_full_text_index_from_before_generations_is_migrated_not_rebuilt(
    tmp_path: Path,
) -> None:
    """The PDFs' text costs seconds a paper to extract: an older full-text index gains the
    vocabulary's generation column in place and keeps every text."""
    from papercli.search.ranking import expand_query
    from papercli.store.fulltext import Document, open_fulltext

    path = tmp_path / "fulltext.sqlite"
    with open_fulltext(path) as ft:
        assert ft is not None
        ft.store([Document("k1", "0" * 64, 10, 1, ["Zorblax sampling on page one"])])
    with sqlite3.connect(path) as db:  # the shape an older papercli wrote
        db.execute("DROP INDEX vocab_by_generation")
        db.execute("ALTER TABLE vocab DROP COLUMN generation")
    with open_fulltext(path, create=False) as ft:
        assert ft is not None
        assert ft.summary()[0] == 1  # the text is still there
        vocabulary = ft.vocabulary()
        (word,) = expand_query("zorblaxe", vocabulary, cache=vocabulary)
        assert "zorblax" in word.candidates
    with sqlite3.connect(path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(vocab)")}
    assert "generation" in columns
