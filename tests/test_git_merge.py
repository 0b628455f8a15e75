"""The entry merge driver: the pure three-way merge, and the driver run by ``git merge``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from papercli.entry_yaml import entry_to_yaml
from papercli.model import Entry
from papercli.ops.entry_merge import (
    NOTE_MARKER,
    conflicting_fields,
    merge_entries,
    merge_texts,
    render,
)
from papercli.ops.git import driver_command
from tests.gitlib import git, isolate_git


def entry(**fields: object) -> dict:
    data = {"key": "otter2025graphs", "title": "Otter Graphs", "tags": ["ml"]}
    data.update(fields)
    return Entry.from_dict(data).to_dict()


# --- the pure merge ----------------------------------------------------------------------


def test_tags_and_urls_are_unioned_and_removals_stay_removed() -> None:
    base = entry(tags=["ml", "old", "shared"], urls=["https://a"])
    ours = entry(tags=["ml", "shared", "rl"], urls=["https://a", "https://b"])
    theirs = entry(tags=["ML", "old", "theory"], urls=["https://c"])
    result = merge_entries(base, ours, theirs)
    assert result.clean
    # "old" removed by us, "shared" removed by them, "ml"/"ML" one tag.
    assert result.merged["tags"] == ["ml", "rl", "theory"]
    # "https://a" removed by them; each side's new URL kept.
    assert result.merged["urls"] == ["https://b", "https://c"]


def test_a_field_changed_on_one_side_is_taken() -> None:
    base = entry(status="new", abstract="old")
    ours = entry(status="read", abstract="old")
    theirs = entry(status="new", abstract="better")
    result = merge_entries(base, ours, theirs)
    assert result.clean
    assert (result.merged["status"], result.merged["abstract"]) == ("read", "better")


def test_notes_changed_on_both_sides_are_both_kept() -> None:
    base = entry(note="Read section 2.")
    ours = entry(note="Read section 2.\nProof of lemma 3 is wrong.")
    theirs = entry(note="Read section 2.\nCompare with Adam.")
    merged = merge_entries(base, ours, theirs).merged["note"]
    assert (
        merged == f"Read section 2.\nProof of lemma 3 is wrong.\n{NOTE_MARKER}\nCompare with Adam."
    )
    rewritten = merge_entries(base, entry(note="Mine"), entry(note="Theirs")).merged["note"]
    assert rewritten == f"Mine\n{NOTE_MARKER}\nTheirs"
    removed_and_changed = merge_entries(base, entry(note=None), entry(note="Theirs"))
    assert removed_and_changed.merged["note"] == "Theirs"


def test_the_same_field_changed_differently_is_a_conflict_with_both_values() -> None:
    base = entry(status="new")
    result = merge_entries(base, entry(status="read"), entry(status="skipped", tags=["ml", "x"]))
    assert result.conflicts == {"status": ("read", "skipped")}
    text = render(result)
    assert "<<<<<<< ours\nstatus: read\n=======\nstatus: skipped\n>>>>>>> theirs\n" in text
    assert "- x" in text  # the clean parts are merged all the same
    assert conflicting_fields(text) == ["status"]
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(text)  # unusable until resolved: nothing quietly picks a side


def test_added_on_both_sides_merges_equal_fields_and_keeps_the_earliest_added() -> None:
    ours = entry(added="2026-01-02T10:00:00+00:00", upvotes=3, tags=["a"])
    theirs = entry(added="2026-01-01T09:00:00+00:00", upvotes=7, tags=["b"])
    result = merge_texts("", entry_to_yaml(Entry(**ours)), entry_to_yaml(Entry(**theirs)))
    assert result is not None and result.clean
    assert result.merged["added"] == "2026-01-01T09:00:00+00:00"
    assert result.merged["upvotes"] == 7
    assert result.merged["tags"] == ["a", "b"]


def test_text_that_is_not_an_entry_is_left_to_git() -> None:
    assert merge_texts("", "<<<<<<< ours\nx\n", "title: a\n") is None


# --- the driver, run by git merge itself -----------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with papercli's driver and one entry file on ``main``."""
    isolate_git(tmp_path, monkeypatch)
    root = tmp_path / "repo"
    (root / "entries").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / ".gitattributes").write_text("entries/*.yaml merge=papercli\n", encoding="utf-8")
    git(root, "config", "merge.papercli.driver", driver_command())
    write(root, entry(status="new", note="base note"))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root


def write(root: Path, data: dict) -> None:
    path = root / "entries" / f"{data['key']}.yaml"
    path.write_text(entry_to_yaml(Entry(**data)), encoding="utf-8")


def on_branches(root: Path, ours: dict, theirs: dict) -> subprocess.CompletedProcess[str]:
    git(root, "checkout", "-qb", "theirs")
    write(root, theirs)
    git(root, "commit", "-qam", "theirs")
    git(root, "checkout", "-q", "main")
    write(root, ours)
    git(root, "commit", "-qam", "ours")
    return subprocess.run(
        ["git", "merge", "--no-edit", "theirs"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def test_git_merge_runs_the_driver_and_merges_field_by_field(repo: Path) -> None:
    done = on_branches(
        repo,
        entry(status="read", note="base note", tags=["ml", "rl"]),
        entry(status="new", note="base note", tags=["theory"], abstract="New abstract."),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    merged = yaml.safe_load((repo / "entries" / "otter2025graphs.yaml").read_text())
    assert merged["status"] == "read"
    assert merged["tags"] == ["rl", "theory"]  # "ml" removed on their side
    assert merged["abstract"] == "New abstract."
    assert git(repo, "status", "--porcelain") == ""


def test_git_merge_conflict_shows_in_git_status_and_keeps_both_values(repo: Path) -> None:
    done = on_branches(repo, entry(title="Otter Graphs, Revised"), entry(title="Otter Graphs II"))
    assert done.returncode != 0
    assert "UU entries/otter2025graphs.yaml" in git(repo, "status", "--porcelain")
    text = (repo / "entries" / "otter2025graphs.yaml").read_text()
    assert "title: Otter Graphs, Revised" in text and "title: Otter Graphs II" in text
    assert "papercli edit otter2025graphs" in done.stderr + done.stdout
