"""Limited searches take shortcuts (tiers, prefix ranges, cached expansions) and still rank
exactly like the in-memory reference, on a library where most papers hold the query words."""

from __future__ import annotations

import marshal
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from papercli.model import Entry
from papercli.search.finder import find
from papercli.store import Query, Store, WatchSettings
from tests.reference_ranker import search

QUERIES = (
    "reinforcement learning reward",
    "gradient descent convergence",
    "diffusion model",
    "convergance",
    "difusion modle",
    "learn",
)


def generated_library(root: Path, seed: int) -> Store:
    """400 made-up papers whose abstracts are 40% topic words (as benchmarks/run.py)."""
    from benchmarks.run import write_digest

    digest = root / "digest.txt"
    write_digest(digest, 400, seed=seed)
    library = root / "library"
    subprocess.run(
        [sys.executable, "-m", "papercli", "-L", str(library), "import", str(digest)],
        check=True,
        capture_output=True,
        env={**os.environ, "PAPERCLI_WATCH": "0"},
    )
    return Store(library, WatchSettings(enabled=False))


@pytest.fixture(scope="module")
def common_library(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return generated_library(tmp_path_factory.mktemp("common"), seed=11)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("limit", [1, 5, 20, 150])
def test_limited_search_equals_the_reference(common_library: Store, query: str, limit: int) -> None:
    expected = [(h.entry.key, h.score) for h in search(common_library.query(), query)]
    result = find(common_library, query, Query(limit=limit))
    assert [(h.entry.key, h.score) for h in result.hits] == expected[:limit]
    assert result.total == len(expected)


@pytest.fixture(scope="module")
def fields_library(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Like ``common_library``, with the query words also in tags, authors and notes (some
    notes the only place a word is), so every field level of the quality tier is in play."""
    import dataclasses
    import random

    store = generated_library(tmp_path_factory.mktemp("fields"), seed=5)
    rng = random.Random(3)
    words = ["gradient", "descent", "convergence", "reward", "learning", "diffusion"]

    def decorate(entry: Entry) -> Entry | None:
        roll = rng.random()
        if roll < 0.25:
            return dataclasses.replace(entry, tags=rng.sample(words, 2))
        if roll < 0.4:
            return dataclasses.replace(entry, authors=[f"Ada {rng.choice(words).title()}"])
        if roll < 0.6:
            return dataclasses.replace(entry, note=" ".join(rng.sample(words, 3)))
        if roll < 0.7:  # a word only in the note: the abstract loses it
            abstract = entry.abstract.replace("gradient", "slope").replace("reward", "payoff")
            return dataclasses.replace(entry, abstract=abstract, note="gradient reward")
        return None

    store.change_all(Query(), decorate)
    return store


@pytest.mark.parametrize("query", (*QUERIES[:3], "gradient reward", "learning diffusion"))
@pytest.mark.parametrize("limit", [1, 3, 10, 40])
def test_every_field_level_ranks_like_the_reference(
    fields_library: Store, query: str, limit: int
) -> None:
    expected = [(h.entry.key, h.score) for h in search(fields_library.query(), query)]
    result = find(fields_library, query, Query(limit=limit))
    assert [(h.entry.key, h.score) for h in result.hits] == expected[:limit]
    assert result.total == len(expected)


def test_most_papers_hold_the_common_query(common_library: Store) -> None:
    total = len(common_library.query())
    assert find(common_library, "reinforcement learning reward", Query(limit=1)).total > total / 2


def index_of(store: Store) -> Path:
    return store.root / ".papercli" / "index.sqlite3"


def test_expansions_are_cached_until_the_vocabulary_changes(cli, library_path: Path) -> None:
    from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST

    assert cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).exit_code == 0
    assert cli("search", "zorblaxe").exit_code == 1  # nothing yet
    with sqlite3.connect(index_of(Store(library_path))) as db:
        cached = {
            w: marshal.loads(c) for w, c in db.execute("SELECT word, candidates FROM expansions")
        }
    assert cached == {"zorblaxe": {}}  # the empty expansion was kept
    digest = library_path.parent / "one.txt"
    digest.write_text(
        "new\n\nDaily Papers\n\nbyAK and the research community\n\nNov 11\n\n"
        "Zorblax Sampling for Sparse Mixtures\n\nWe study zorblax sampling in mixtures.\n\n"
        "  • 3 authors\n·\nNov 3, 2025\n\n",
        encoding="utf-8",
    )
    added = cli("import", str(digest), "--as-of", SAMPLE_AS_OF)
    assert added.exit_code == 0, added.stderr
    found = cli("search", "zorblaxe", "--json")
    assert found.exit_code == 0, found.stderr
    assert "Zorblax" in found.stdout  # the new term reached the cached word


@pytest.mark.parametrize("query", QUERIES)
def test_without_count_the_hits_are_the_same_and_nothing_is_counted(
    common_library: Store, query: str
) -> None:
    counted = find(common_library, query, Query(limit=5))
    uncounted = find(common_library, query, Query(limit=5), count=False)
    assert [(h.entry.key, h.score) for h in uncounted.hits] == [
        (h.entry.key, h.score) for h in counted.hits
    ]
    assert counted.total > 5 and uncounted.total == -1
