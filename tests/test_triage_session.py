"""The triage session without a screen: list, limit and totals, undo; TeX made readable."""

from __future__ import annotations

from pathlib import Path

import pytest

from papercli.errors import InputError
from papercli.latex.readable import readable
from papercli.model import Entry
from papercli.ops.triage import Session, complete_tag
from papercli.store import Store


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"an $O(n^2)$ bound with $\alpha$-mixing", "an O(n^2) bound with α-mixing"),
        (r"5% faster \emph{and} R\&D", "5% faster and R&D"),
        (r"Schr\"odinger on $\mathbb{R}^d$", "Schrödinger on ℝ^d"),
        ("plain text, no TeX", "plain text, no TeX"),
        ("", ""),
    ],
)
def test_readable(tex: str, text: str) -> None:
    assert readable(tex) == text


def test_complete_tag_prefers_the_most_used_and_ignores_case() -> None:
    tags = ["rl", "reinforcement-learning", "Reading"]
    assert complete_tag("re", tags) == "reinforcement-learning"
    assert complete_tag("REA", tags) == "Reading"
    assert complete_tag("x", tags) is None and complete_tag(" ", tags) is None


def test_papers_are_limited_and_counted(library_path: Path) -> None:
    store = Store(library_path)
    store.ensure()
    with store.transaction():
        store.add([Entry(key=f"p{i}", title=f"Paper {i}", status="new") for i in range(12)])
        store.add([Entry(key="old", title="Paper old", status="read")])
    session = Session(store, limit=5)
    shown, total = session.papers()
    assert len(shown) == 5 and total == 12
    hits, total = session.papers("paper")
    assert len(hits) == 5 and total == 12  # the read one is not in the inbox
    everything = Session(store, inbox=False, limit=50)
    assert everything.papers()[1] == 13
    with pytest.raises(InputError, match="nothing to undo"):
        session.undo()
    session.mark("p1", "read")
    session.mark("p1", "read")  # no change: nothing to undo for it
    assert len(session.history) == 1
    message, entry = session.undo()
    assert entry.status == "new" and message == "undone: marked read (p1)"


def test_an_empty_folder_lists_nothing(library_path: Path) -> None:
    assert Session(Store(library_path)).papers() == ([], 0)
