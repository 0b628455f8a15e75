"""Removals and ``sync``: a paper is never resurrected or lost without a word.

Two clones of one library and a bare remote, driven through the CLI with real git:
remove/unchanged and remove/remove end removed; remove/changed ends kept, ``sync`` says so
on both machines and how to remove it again, and ``doctor`` lists it until someone decides
(``rm`` it, or ``sync --keep`` it); tag/tag is the field-wise merge.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST
from tests.gitlib import files_of, git, isolate_git


class Clone:
    """One person's clone of the shared library."""

    def __init__(self, cli, root: Path) -> None:
        self.cli, self.root = cli, root

    def run(self, *args: str, code: int = 0):
        result = self.cli("--library", str(self.root), *args)
        assert result.exit_code == code, (args, result.stdout, result.stderr)
        return result

    def papers(self) -> list[str]:
        return sorted(e["key"] for e in json.loads(self.run("list", "--json").stdout))

    def tags(self, key: str) -> list[str]:
        return json.loads(self.run("show", key, "--json").stdout)["tags"]

    def pending(self) -> list[dict]:
        """``doctor --json``'s removal-kept problems (asserting its exit status)."""
        result = self.cli("--library", str(self.root), "doctor", "--json")
        problems = json.loads(result.stdout)["problems"]
        assert result.exit_code == (1 if problems else 0), result.stderr
        return [p for p in problems if p["kind"] == "removal-kept"]


@pytest.fixture
def pair(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> tuple[Clone, Clone, str]:
    """Alice's library (``init --git``, pushed), Bob's clone of it, and one paper's key."""
    isolate_git(tmp_path, monkeypatch)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    alice = Clone(cli, tmp_path / "alice")
    alice.run("init", str(alice.root), "--git")
    git(alice.root, "remote", "add", "origin", str(remote))
    alice.run("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF)
    alice.run("sync")
    git(tmp_path, "clone", "-q", str(remote), str(tmp_path / "bob"))
    bob = Clone(cli, tmp_path / "bob")
    bob.run("sync")
    return alice, bob, alice.papers()[0]


def _all_sync(alice: Clone, bob: Clone) -> tuple[str, str, str]:
    """Alice, Bob, Alice sync: stderr of each. Both clones end identical."""
    out = alice.run("sync").stderr, bob.run("sync").stderr, alice.run("sync").stderr
    assert files_of(alice.root) == files_of(bob.root)
    return out


def test_removed_here_and_unchanged_there_is_removed_on_both(pair) -> None:
    alice, bob, key = pair
    other = alice.papers()[1]
    alice.run("rm", key, "--yes")
    bob.run("tag", other, "--add", "elsewhere")  # Bob works, but not on this paper
    messages = _all_sync(alice, bob)
    for clone in (alice, bob):
        assert key not in clone.papers()
        assert clone.tags(other) == ["elsewhere"]
        assert clone.pending() == []
    assert not any("kept" in m for m in messages)


def test_removed_on_both_is_removed_without_a_word(pair) -> None:
    alice, bob, key = pair
    alice.run("rm", key, "--yes")
    bob.run("rm", key, "--yes")
    messages = _all_sync(alice, bob)
    for clone in (alice, bob):
        assert key not in clone.papers()
        assert clone.pending() == []
    assert not any("kept" in m or "conflict" in m for m in messages)


def test_tagged_on_both_is_merged_field_by_field(pair) -> None:
    alice, bob, key = pair
    alice.run("tag", key, "--add", "mine")
    bob.run("tag", key, "--add", "yours")
    messages = _all_sync(alice, bob)
    for clone in (alice, bob):
        assert sorted(clone.tags(key)) == ["mine", "yours"]
        assert clone.pending() == []
    assert not any("kept" in m or "conflict" in m for m in messages)


def test_removed_here_and_tagged_there_is_kept_said_and_listed_until_removed(pair) -> None:
    alice, bob, key = pair
    alice.run("rm", key, "--yes")
    bob.run("tag", key, "--add", "keep-me")
    to_alice, to_bob, back_to_alice = _all_sync(alice, bob)
    assert "kept" not in to_alice  # nothing merged yet: Bob has not pushed
    for message in (to_bob, back_to_alice):  # the merger, and the one who removed it
        assert f"kept 1 paper removed on one machine and changed on another: {key}" in message
        assert f"'papercli rm {key}'" in message
    for clone in (alice, bob):
        assert clone.tags(key) == ["keep-me"]
        [problem] = clone.pending()
        assert problem["keys"] == [key]
        assert f"papercli rm {key}" in problem["message"]
    alice.run("rm", key, "--yes")
    messages = _all_sync(alice, bob)
    assert not any("kept" in m for m in messages)
    for clone in (alice, bob):
        assert key not in clone.papers()
        assert clone.pending() == []


def test_kept_paper_the_remover_decides_to_keep(pair) -> None:
    alice, bob, key = pair
    bob.run("tag", key, "--add", "keep-me")
    bob.run("sync")
    alice.run("rm", key, "--yes")
    merged = alice.run("sync").stderr  # this time Alice's sync is the merge
    assert f"changed on another: {key}" in merged
    assert [p["keys"] for p in bob.pending()] == []  # Bob has not heard yet
    bob_hears = bob.run("sync").stderr
    assert f"changed on another: {key}" in bob_hears
    assert [p["keys"] for p in bob.pending()] == [[key]]
    decided = bob.run("sync", "--keep", key).stderr
    assert f"keeping {key}" in decided
    alice.run("sync")
    for clone in (alice, bob):
        assert clone.tags(key) == ["keep-me"]
        assert clone.pending() == []
    assert files_of(alice.root) == files_of(bob.root)


def test_keep_refuses_a_paper_that_is_not_waiting(pair) -> None:
    alice, _, key = pair
    result = alice.run("sync", "--keep", key, code=1)
    assert result.stdout == ""
    assert f"{key} is not waiting for a decision" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_kept_paper_is_still_named_when_a_conflict_stopped_the_merge(pair) -> None:
    alice, bob, key = pair
    other = alice.papers()[1]
    alice.run("rm", key, "--yes")
    bob.run("tag", key, "--add", "keep-me")
    for clone, status in ((alice, "read"), (bob, "skipped")):  # statuses conflict
        clone.run("mark", other, status)
    alice.run("sync")
    stopped = bob.run("sync", code=4).stderr
    assert f"merge conflict in 1 paper(s): {other}" in stopped
    path = bob.root / "entries" / f"{other}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    markers = ("<<<<<<<", "=======", ">>>>>>>", "status: skipped")
    path.write_text("\n".join(ln for ln in lines if not ln.startswith(markers)) + "\n", "utf-8")
    concluded = bob.run("sync").stderr
    assert f"changed on another: {key}" in concluded
    assert f"changed on another: {key}" in alice.run("sync").stderr
    for clone in (alice, bob):
        assert [p["keys"] for p in clone.pending()] == [[key]]
        assert clone.tags(key) == ["keep-me"]
