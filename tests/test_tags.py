"""Tags: the rules in papercli.ops.tagging and the ``tag`` / ``tags`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papercli.cli import targets
from papercli.errors import InputError, NotFoundError
from papercli.model import Entry
from papercli.ops.tagging import count_tags, has_tags, rename_tag, retag, validate
from papercli.store.files import Library
from tests.conftest import snapshot


def e(key: str, *tags: str) -> Entry:
    return Entry(key=key, title=f"Paper {key}", tags=list(tags))


# --- core -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("  ml ", "ml"),
        ("Deep   Learning", "Deep Learning"),
        ("cs.LG", "cs.LG"),
        ("to-read", "to-read"),
        ("project:alpha/v2+", "project:alpha/v2+"),
        ("théorie", "théorie"),
    ],
)
def test_validate_trims_and_keeps_spelling(raw: str, stored: str) -> None:
    assert validate(raw) == stored


@pytest.mark.parametrize(
    "bad", ["", "   ", "a,b", "it's", 'say "hi"', "$HOME", "a;b", "#1", "-x", "a|b", "[x]", "a\\b"]
)
def test_validate_rejects_unsafe_tags(bad: str) -> None:
    with pytest.raises(InputError, match="tag"):
        validate(bad)


def test_validate_rejects_overlong() -> None:
    with pytest.raises(InputError, match="longer than 64"):
        validate("x" * 65)


def test_retag_adds_and_removes_case_insensitively() -> None:
    entries = [e("a", "ML", "to-read"), e("b")]
    changed = retag(entries, add=["ml", "rl"], remove=["TO-READ"])
    assert [(c.key, c.tags) for c in changed] == [("a", ["ML", "rl"]), ("b", ["ml", "rl"])]
    assert entries[0].tags == ["ML", "to-read"]  # inputs untouched


def test_retag_reports_only_changed_entries() -> None:
    assert retag([e("a", "ml")], add=[" ML "]) == []


def test_retag_needs_something_to_do() -> None:
    with pytest.raises(InputError, match="nothing to do"):
        retag([e("a")])


def test_remove_drops_every_spelling_and_tolerates_odd_old_tags() -> None:
    (changed,) = retag([e("a", "ml", "ML", "bad,tag")], remove=["Ml", "bad,tag"])
    assert changed.tags == []


def test_has_tags_and_list_agree(library_path: Path) -> None:
    from papercli.store import Query, Store

    entries = [e("a", "Deep  Learning"), e("b", "deep")]
    assert has_tags(entries[0], [" deep learning "])
    store = Store(library_path)
    with store.transaction():
        store.add(entries)
    # what `list --tag` and `search --tag` filter with
    assert [x.key for x in store.query(Query(tags=("DEEP LEARNING",)))] == ["a"]


def test_count_groups_case_insensitively_with_most_common_spelling() -> None:
    entries = [e("a", "ML", "rl"), e("b", "ml"), e("c", "ml", "ML"), e("d", "RL")]
    counts = [(c.tag, c.count) for c in count_tags(entries)]
    assert counts == [("ml", 3), ("rl", 2)]


def test_rename_merges_without_duplicates() -> None:
    entries = [e("a", "ml", "machine-learning", "x"), e("b", "ML"), e("c", "other")]
    changed = rename_tag(entries, "ml", "machine-learning")
    assert [(c.key, c.tags) for c in changed] == [
        ("a", ["machine-learning", "x"]),
        ("b", ["machine-learning"]),
    ]


def test_rename_can_change_case_only() -> None:
    (changed,) = rename_tag([e("a", "llm")], "LLM", "LLM")
    assert changed.tags == ["LLM"]


def test_rename_unknown_and_invalid() -> None:
    with pytest.raises(NotFoundError, match="no paper has the tag 'nope'"):
        rename_tag([e("a", "ml")], "nope", "x")
    with pytest.raises(InputError, match="','"):
        rename_tag([e("a", "ml")], "ml", "a,b")


# --- CLI --------------------------------------------------------------------------------


@pytest.fixture
def library(library_path: Path) -> Library:
    """A library of 25 'graph' papers and 2 others."""
    lib = Library(library_path)
    lib.ensure()
    with lib.lock():
        for n in range(25):
            lib.write(Entry(key=f"graph{n}", title=f"Graph Coloring Study {n}", tags=["todo"]))
        lib.write(Entry(key="alpha", title="Alpha Paper", tags=["ML"]))
        lib.write(Entry(key="beta", title="Beta Paper"))
    return lib


def tags_of(lib: Library, key: str) -> list[str]:
    return lib.get(key).tags


def test_tag_add_and_remove(cli, library: Library) -> None:
    result = cli("tag", "alpha", "beta", "--add", "  Reading List ", "--remove", "ml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "changed 2 papers" in result.stderr
    assert tags_of(library, "alpha") == ["Reading List"]
    assert tags_of(library, "beta") == ["Reading List"]


def test_tag_already_present_in_other_case_is_not_duplicated(cli, library: Library) -> None:
    before = snapshot(library.root)
    result = cli("tag", "alpha", "--add", "ml")
    assert result.exit_code == 0
    assert "changed 0 papers (1 already as asked)" in result.stderr
    assert snapshot(library.root) == before


def test_tag_unknown_key_writes_nothing(cli, library: Library) -> None:
    before = snapshot(library.root)
    result = cli("tag", "alpha", "nosuch", "beta", "--add", "new")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no paper with key 'nosuch'" in result.stderr
    assert snapshot(library.root) == before


def test_tag_rejected_character_writes_nothing(cli, library: Library) -> None:
    before = snapshot(library.root)
    result = cli("tag", "alpha", "--add", "good", "--add", "a;rm -rf")
    assert result.exit_code == 1
    assert "';'" in result.stderr
    assert snapshot(library.root) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["alpha"], "nothing to do"),
        (["--add", "x"], "which papers"),
        (["alpha", "--search", "graph", "--add", "x"], "not both"),
    ],
)
def test_tag_usage_errors(cli, library: Library, args: list[str], message: str) -> None:
    result = cli("tag", *args)
    assert result.exit_code == 1
    assert message in result.stderr


def test_tag_search_few_hits_needs_no_confirmation(cli, library: Library) -> None:
    result = cli("tag", "--search", "alpha", "--add", "first")
    assert result.exit_code == 0, result.stderr
    assert "1 paper matches 'alpha'" in result.stderr
    assert tags_of(library, "alpha") == ["ML", "first"]


def test_tag_search_many_hits_without_terminal_refuses(cli, library: Library) -> None:
    before = snapshot(library.root)
    result = cli("tag", "--search", "graph coloring", "--add", "graphs")
    assert result.exit_code == 1
    assert "25 papers match" in result.stderr
    assert "--yes" in result.stderr
    assert snapshot(library.root) == before


def test_tag_search_many_hits_with_yes(cli, library: Library) -> None:
    result = cli("tag", "--search", "graph coloring", "--add", "graphs", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "changed 25 papers" in result.stderr
    assert all(tags_of(library, f"graph{n}") == ["todo", "graphs"] for n in range(25))
    assert tags_of(library, "alpha") == ["ML"]


@pytest.mark.parametrize(("answer", "changed"), [("y\n", True), ("n\n", False)])
def test_tag_search_many_hits_asks_on_a_terminal(
    cli, library: Library, monkeypatch: pytest.MonkeyPatch, answer: str, changed: bool
) -> None:
    monkeypatch.setattr(targets, "interactive", lambda: True)
    before = snapshot(library.root)
    result = cli("tag", "--search", "graph", "--add", "graphs", input=answer)
    assert "Tag all 25 papers?" in result.stderr
    assert result.exit_code == (0 if changed else 1)
    assert (snapshot(library.root) != before) is changed


def test_tags_lists_counts(cli, library: Library) -> None:
    cli("tag", "alpha", "beta", "--add", "Todo")
    result = cli("tags", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [{"tag": "todo", "count": 27}, {"tag": "ML", "count": 1}]
    table = cli("tags")
    assert table.exit_code == 0
    assert "todo" in table.stdout and "27" in table.stdout


def test_tags_empty_library(cli, library_path: Path) -> None:
    from papercli.store import Store

    Store(library_path).ensure()
    result = cli("tags", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    result = cli("tags")
    assert result.stdout == ""
    assert "no tags yet" in result.stderr


def test_tags_rename_merges(cli, library: Library) -> None:
    cli("tag", "alpha", "--add", "todo")
    result = cli("tags", "--rename", "ml", "TODO")
    assert result.exit_code == 0, result.stderr
    assert "on 1 paper" in result.stderr
    assert tags_of(library, "alpha") == ["TODO"]
    assert json.loads(cli("tags", "--json").stdout) == [{"tag": "todo", "count": 26}]


def test_tags_rename_unknown_writes_nothing(cli, library: Library) -> None:
    before = snapshot(library.root)
    result = cli("tags", "--rename", "nope", "x")
    assert result.exit_code == 1
    assert "no paper has the tag 'nope'" in result.stderr
    assert snapshot(library.root) == before


def test_list_tag_filter_uses_tag_rules(cli, library: Library) -> None:
    data = json.loads(cli("list", "--tag", " ml ", "--json").stdout)
    assert [d["key"] for d in data] == ["alpha"]


def test_search_tag_filter(cli, library: Library) -> None:
    data = json.loads(cli("search", "paper", "--tag", "ML", "--json").stdout)
    assert [d["key"] for d in data] == ["alpha"]
