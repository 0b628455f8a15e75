"""A large listing piped: decoded and laid out in worker processes, printed exactly as a
small one is (same lines, same order), whatever the columns and filters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.run import write_digest
from papercli import batches

SIZE = batches.PARALLEL_FROM + 500


@pytest.fixture(scope="module")
def large_library(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("large")
    digest = root / "digest.txt"
    write_digest(digest, SIZE, seed=3)
    env = {**os.environ, "PAPERCLI_LIBRARY": str(root / "lib"), "PAPERCLI_WATCH": "0"}
    env.pop("COLUMNS", None)
    run(env, "import", str(digest))
    return env


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "papercli", *args], env=env, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def test_the_listing_is_every_paper_in_order(large_library: dict[str, str]) -> None:
    entries = json.loads(run(large_library, "list", "--json"))
    assert len(entries) == SIZE
    lines = run(large_library, "list").splitlines()
    assert [line.split("\t")[0] for line in lines] == [e["key"] for e in entries]
    first = entries[0]
    assert lines[0] == "\t".join([first["key"], first["date"], first["title"], ""])


def test_columns_and_sort_hold_in_a_large_listing(large_library: dict[str, str]) -> None:
    entries = json.loads(run(large_library, "list", "--json", "--sort", "title"))
    lines = run(large_library, "list", "--sort", "title", "--columns", "title,key,year")
    expected = [f"{e['title']}\t{e['key']}\t{e['date'][:4]}" for e in entries]
    assert lines.splitlines() == expected


def test_workers_print_what_one_process_prints(large_library: dict[str, str]) -> None:
    """On a machine with cores the CLI lays the listing out in workers; in one process,
    from the same packed entries, it reads the same."""
    from papercli.columns import tsv_lines
    from papercli.store import Query, Store, WatchSettings

    store = Store(Path(large_library["PAPERCLI_LIBRARY"]), WatchSettings(enabled=False))
    lazy = store.query_lazy(Query(), brief=True)
    assert run(large_library, "list") == tsv_lines(list(lazy), ["key", "date", "title", "tags"])
