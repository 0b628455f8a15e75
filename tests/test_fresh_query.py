"""Answers checked against the files in parallel are never stale, and asked again if needed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from papercli.errors import InputError
from papercli.store.files import Library
from papercli.store.freshness import answer_fresh
from papercli.store.index import INDEX_FILE, Index
from tests.test_index import edit


class Counting:
    """A question that records how often it was asked."""

    def __init__(self) -> None:
        self.asked = 0

    def __call__(self, index: Index) -> dict[str, str]:
        self.asked += 1
        return {e.key: e.title for e in index.entries()}


def test_an_index_in_step_is_asked_once(filled_library: Path) -> None:
    library = Library(filled_library)
    answer_fresh(library, Counting())  # the index is now in step
    question = Counting()
    titles, problems = answer_fresh(library, question)
    assert question.asked == 1
    assert len(titles) == 10 and problems == []


def test_a_hand_edit_made_since_is_seen_by_asking_again(filled_library: Path) -> None:
    library = Library(filled_library)
    answer_fresh(library, Counting())
    edit(filled_library / "entries" / "matern2025priors.yaml", title="Edited By Hand")
    question = Counting()
    titles, _ = answer_fresh(library, question)
    assert question.asked == 2
    assert titles["matern2025priors"] == "Edited By Hand"


def test_unusable_files_are_reported_on_both_paths(filled_library: Path) -> None:
    library = Library(filled_library)
    broken = filled_library / "entries" / "matern2025priors.yaml"
    broken.write_text("key: [unclosed\n", encoding="utf-8")
    first, problems = answer_fresh(library, Counting())  # stale: synced, asked again
    assert [p.path.name for p in problems] == [broken.name]
    again, problems = answer_fresh(library, Counting())  # in step: problems from the index
    assert [p.path.name for p in problems] == [broken.name]
    assert first == again and "matern2025priors" not in again


def test_a_damaged_index_is_rebuilt_and_still_answers(filled_library: Path) -> None:
    library = Library(filled_library)
    (filled_library / ".papercli" / INDEX_FILE).write_bytes(b"SQLite format 3\x00" + b"x" * 4096)
    titles, _ = answer_fresh(library, Counting())
    assert len(titles) == 10


def test_a_failing_question_leaves_no_checker_thread(filled_library: Path) -> None:
    library = Library(filled_library)
    answer_fresh(library, Counting())

    def bad(index: Index) -> None:
        raise InputError("bad question")

    with pytest.raises(InputError, match="bad question"):
        answer_fresh(library, bad)
    assert not [t for t in threading.enumerate() if t.name == "papercli-check"]


def test_a_library_not_created_yet_answers_empty(library_path: Path) -> None:
    titles, problems = answer_fresh(Library(library_path / "nowhere"), Counting())
    assert titles == {} and problems == []
    assert not (library_path / "nowhere").exists()
