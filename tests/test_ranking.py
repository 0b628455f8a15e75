"""The ranked inbox, ``why`` and ``related``, measured on a library of made-up abstracts on
three topics where the user's decisions favour one (``tests/topic_library.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from papercli.ops.ranking import MIN_DECISIONS
from papercli.store import Store
from tests.topic_library import TOPICS, topic_library


def build(library: Path, **kwargs) -> dict[str, str]:
    """Write a topic library to disk (real entry files); each key's topic."""
    entries, topic_of = topic_library(**kwargs)
    store = Store(library)
    with store.transaction():
        store.add(entries)
    return topic_of


def inbox(cli, *args: str) -> list[dict]:
    result = cli("inbox", "--json", "--limit", "10", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def precision(rows: list[dict], topic_of: dict[str, str], topic: str = "rl") -> float:
    return sum(topic_of[r["key"]] == topic for r in rows) / 10


@pytest.mark.parametrize(
    "case",
    [
        {"decided": 60},  # 60 decisions
        {"decided": 10},  # few
        {"decided": 60, "flipped": 0.2},  # noisy: a fifth of them the other way
    ],
    ids=["decided-60", "few-10", "noisy-20pc"],
)
def test_ranked_inbox_puts_the_favoured_topic_first(cli, library_path: Path, case) -> None:
    topic_of = build(library_path, papers=300, **case)
    ranked = inbox(cli)
    by_date = inbox(cli, "--sort", "date")
    assert precision(ranked, topic_of) >= 0.8
    assert precision(by_date, topic_of) <= 0.4
    scores = [r["score"] for r in ranked]
    assert scores == sorted(scores, reverse=True) and 0 <= scores[-1] <= scores[0] <= 1
    assert all(r["status"] == "new" for r in ranked)
    assert "score" not in by_date[0]


def test_too_few_decisions_keep_date_order_and_say_why(cli, library_path: Path) -> None:
    build(library_path, papers=40, decided=MIN_DECISIONS - 1)
    plain = cli("inbox", "--json", "--limit", "5")
    assert "score" not in json.loads(plain.stdout)[0]
    asked = cli("inbox", "--sort", "score", "--limit", "5")
    assert asked.exit_code == 0
    assert f"ranked once you have made {MIN_DECISIONS} decisions" in asked.stderr
    assert cli("why", "p000030").exit_code == 1


def test_a_table_shows_the_score_column(cli, library_path: Path) -> None:
    build(library_path, papers=60, decided=30)
    result = cli("inbox", "--limit", "3", "--columns", "key,title")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert all(0 <= float(line.split("\t")[0]) <= 1 for line in lines)
    assert "3 of 30 shown" in result.stderr


def test_decisions_count_at_the_next_ranking_and_the_model_is_cached(
    cli, library_path: Path
) -> None:
    topic_of = build(library_path, papers=120, decided=30)
    first = inbox(cli)
    cache = library_path / ".papercli" / "cache" / "ranking" / "inbox.scores"
    stamp = cache.stat().st_mtime_ns
    assert inbox(cli) == first
    assert cache.stat().st_mtime_ns == stamp  # nothing changed: not rebuilt
    top = first[0]["key"]
    assert cli("mark", top, "read").exit_code == 0
    after = inbox(cli)
    assert top not in [r["key"] for r in after]
    assert cache.stat().st_mtime_ns != stamp
    # Skipping every favoured paper of the inbox's top turns the ranking around.
    for row in inbox(cli, "--limit", "0")[:40]:
        if topic_of[row["key"]] == "rl":
            cli("mark", row["key"], "skipped")
    assert precision(inbox(cli), topic_of) < 0.5


def test_inbox_like_ranks_by_one_tags_papers(cli, library_path: Path) -> None:
    topic_of = build(library_path, papers=150, decided=30)
    bio = [k for k, t in topic_of.items() if t == "bio"][:12]
    assert cli("tag", *bio, "--add", "proteins").exit_code == 0
    liked = inbox(cli, "--like", "Proteins")
    assert precision(liked, topic_of, "bio") >= 0.8
    none = cli("inbox", "--like", "no-such-tag")
    assert none.exit_code == 0
    assert "too few papers tagged 'no-such-tag'" in none.stderr


def test_why_names_the_words_that_raised_and_lowered(cli, library_path: Path) -> None:
    build(library_path, papers=150, decided=60)
    top = inbox(cli)[0]["key"]
    result = cli("why", top, "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["key"] == top and report["score"] == inbox(cli)[0]["score"]
    raised = [w["word"] for w in report["raised"]]
    assert set(raised[:3]) <= set(TOPICS["rl"])  # topic words, as the papers write them
    assert all(w["effect"] > 0 for w in report["raised"])
    assert all(w["effect"] < 0 for w in report["lowered"])
    text = cli("why", top)
    assert text.stdout.startswith(f"{top}: score ")
    listed = cli("inbox", "--why", "--limit", "2", "--json")
    assert all(row["why"] for row in json.loads(listed.stdout))
    assert cli("why", "nosuchpaper").exit_code == 1


def test_related_finds_papers_of_the_same_topic(cli, library_path: Path) -> None:
    topic_of = build(library_path, papers=150, decided=0)
    key = next(k for k, t in topic_of.items() if t == "bio")
    result = cli("related", key, "--limit", "10", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 10 and key not in [r["key"] for r in rows]
    assert precision(rows, topic_of, "bio") >= 0.8
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    table = cli("related", key, "--limit", "3")
    assert len(table.stdout.splitlines()) == 3
    assert cli("related", key, "--limit", "0").exit_code == 1
    missing = cli("related", "nosuchpaper")
    assert missing.exit_code == 1 and missing.stdout == ""


def test_commands_that_do_not_rank_do_not_load_it(cli, library_path: Path) -> None:
    build(library_path, papers=12, decided=0)
    probe = (
        "import runpy, sys; sys.argv = ['papercli', 'show', 'p000001']\n"
        "try:\n    runpy.run_module('papercli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('papercli.ops.ranking', "
        "'papercli.ops.related', 'papercli.store.corpus', 'sklearn', 'numpy'))), "
        "file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"
