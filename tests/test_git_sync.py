"""Two people share one library through a bare remote: ``papercli sync`` with real git.

The merge driver is the one ``git merge`` runs (registered by ``init --git`` in one clone
and by ``sync`` itself in a plain ``git clone``). The watcher is off (conftest).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from papercli.entry_yaml import entry_to_yaml
from papercli.model import Entry
from papercli.ops.entry_merge import NOTE_MARKER
from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST
from tests.fake_editor import FakeEditor
from tests.gitlib import bib, files_of, git, isolate_git, tracked


class Person:
    """One clone of the shared library, driven through the CLI."""

    def __init__(self, cli, root: Path) -> None:
        self.cli = cli
        self.root = root

    def run(self, *args: str, code: int = 0, input: str | None = None):
        result = self.cli("--library", str(self.root), *args, input=input)
        assert result.exit_code == code, (args, result.stdout, result.stderr)
        return result

    def entries(self) -> dict[str, dict]:
        return {e["key"]: e for e in json.loads(self.run("list", "--json").stdout)}

    def log(self) -> list[str]:
        return git(self.root, "log", "--format=%s").splitlines()

    def import_bib(self, name: str, *papers: tuple[str, str, str]) -> None:
        path = self.root.parent / name
        path.write_text(bib(*papers), encoding="utf-8")
        self.run("import", str(path))


@pytest.fixture
def team(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> tuple[Person, Person]:
    """Alice made the library with ``init --git`` and pushed it; Bob cloned it with git."""
    isolate_git(tmp_path, monkeypatch)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    alice = Person(cli, tmp_path / "alice")
    alice.run("init", str(alice.root), "--git")
    git(alice.root, "remote", "add", "origin", str(remote))
    alice.run("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF)
    alice.run("sync")
    git(tmp_path, "clone", "-q", str(remote), str(tmp_path / "bob"))
    bob = Person(cli, tmp_path / "bob")
    return alice, bob


def test_init_git_makes_a_repository_that_ignores_the_index(cli, tmp_path, monkeypatch) -> None:
    isolate_git(tmp_path, monkeypatch)
    lib = tmp_path / "papers"
    result = cli("init", str(lib), "--git")
    assert result.exit_code == 0, result.stderr
    assert (lib / "papercli.yaml").is_file()
    assert sorted(tracked(lib)) == [".gitattributes", ".gitignore", "papercli.yaml"]
    assert "/.papercli/" in (lib / ".gitignore").read_text()
    assert "entries/*.yaml merge=papercli" in (lib / ".gitattributes").read_text()
    driver = git(lib, "config", "merge.papercli.driver")
    assert "-m papercli merge-entry %O %A %B" in driver  # no need for papercli on PATH
    assert git(lib, "log", "--format=%s").splitlines() == ["init: papercli library"]


def test_every_write_is_committed_with_a_message_that_says_what_happened(team) -> None:
    alice, _ = team
    keys = sorted(alice.entries())
    alice.run("tag", keys[0], keys[1], "--add", "rl")
    alice.run("note", keys[0], "--set", "Worth a second read.")
    alice.run("rm", keys[2], "--yes")
    alice.import_bib("extra.bib", ("x1", "Quiet Otters", "Otter, Olga"))
    assert alice.log()[:4] == [
        "import extra.bib: 1 added, 0 updated, 0 unchanged",
        f"rm: 1 paper ({keys[2]})",
        f"note {keys[0]}",
        "tag +rl: 2 papers",
    ]
    assert alice.log()[-2] == "import hf-daily-sample.txt: 10 added, 0 updated, 0 unchanged"
    assert git(alice.root, "status", "--porcelain") == ""
    assert not [p for p in tracked(alice.root) if ".papercli" in p]


def test_hand_edits_wait_for_sync_and_other_commits_leave_them_alone(team) -> None:
    alice, _ = team
    first, second = sorted(alice.entries())[:2]
    path = alice.root / "entries" / f"{first}.yaml"
    path.write_text(path.read_text().replace("status: new", "status: read"))
    alice.run("tag", second, "--add", "later")
    assert git(alice.root, "status", "--porcelain") == f" M entries/{first}.yaml\n"
    assert alice.run("sync").stderr.startswith(f"committed changes made by hand: {first}")
    assert alice.log()[0] == f"sync: changes made by hand: {first}"
    assert git(alice.root, "status", "--porcelain") == ""


def test_concurrent_work_on_two_machines_syncs_to_identical_libraries(team) -> None:
    alice, bob = team
    keys = sorted(alice.entries())
    alice.run("tag", keys[1], "--add", "old", "--add", "keep")
    alice.run("sync")
    bob.run("sync")
    # Both at once: imports, tags on one paper, notes, removals, and one paper imported by
    # both under different keys (BibTeX files keep their own keys).
    alice.import_bib("a.bib", ("a1", "Alpha Otters", "Otter, Ann"), ("ta", "Twin Paper", "Twin, T"))
    alice.run("tag", keys[0], "--add", "rl")
    alice.run("tag", keys[1], "--remove", "old", "--add", "a")
    alice.run("note", keys[3], "--set", "Alice: read the proofs.")
    alice.run("note", keys[4], "--set", "Alice was here.")
    alice.run("rm", keys[5], "--yes")
    bob.import_bib("b.bib", ("b1", "Beta Badgers", "Badger, Bo"), ("tb", "Twin Paper", "Twin, T"))
    bob.run("tag", keys[0], "--add", "theory")
    bob.run("note", keys[4], "--set", "Bob too.")
    bob.run("rm", keys[6], "--yes")
    bob.run("tag", keys[7], keys[1], "--add", "b")

    alice.run("sync")
    result = bob.run("sync")
    assert "conflict" not in result.stderr
    alice.run("sync")

    assert files_of(alice.root) == files_of(bob.root)
    assert alice.entries() == bob.entries()
    assert git(alice.root, "rev-parse", "HEAD") == git(bob.root, "rev-parse", "HEAD")
    for person in team:
        assert git(person.root, "status", "--porcelain") == ""
        assert not [p for p in tracked(person.root) if ".papercli" in p]
    papers = alice.entries()
    assert {"rl", "theory"} <= set(papers[keys[0]]["tags"])
    assert sorted(papers[keys[1]]["tags"]) == ["a", "b", "keep"]  # "old" removed by Alice
    assert papers[keys[3]]["note"] == "Alice: read the proofs."
    # Bob merged Alice's work in: his note first, hers after the marker.
    assert papers[keys[4]]["note"] == f"Bob too.\n{NOTE_MARKER}\nAlice was here."
    assert keys[5] not in papers and keys[6] not in papers
    assert "b" in papers[keys[7]]["tags"]
    titles = [p["title"] for p in papers.values()]
    assert {"Alpha Otters", "Beta Badgers"} <= set(titles)
    assert titles.count("Twin Paper") == 2
    # The same paper under two keys is not a git conflict, but doctor finds it.
    doctor = bob.run("doctor", "--json", code=1)
    kinds = [p["kind"] for p in json.loads(doctor.stdout)["problems"]]
    assert kinds == ["duplicate-paper"]
    assert "Twin Paper" in json.loads(doctor.stdout)["problems"][0]["message"]


def test_removed_on_one_side_and_changed_on_the_other_is_kept(team) -> None:
    alice, bob = team
    bob.run("sync")
    key = sorted(alice.entries())[0]
    alice.run("rm", key, "--yes")
    bob.run("tag", key, "--add", "keep-me")
    alice.run("sync")
    result = bob.run("sync")
    assert "kept 1 paper" in result.stderr
    alice.run("sync")
    assert "keep-me" in alice.entries()[key]["tags"]
    assert files_of(alice.root) == files_of(bob.root)


def test_a_same_field_conflict_stops_sync_loses_nothing_and_edit_resolves_it(
    team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = team
    bob.run("sync")
    key = sorted(alice.entries())[0]
    alice.run("tag", key, "--add", "alice-tag")
    for person, title in ((alice, "Alice's Title"), (bob, "Bob's Title")):
        path = person.root / "entries" / f"{key}.yaml"
        data = yaml.safe_load(path.read_text())
        path.write_text(entry_to_yaml(Entry.from_dict({**data, "title": title})))
    alice.run("sync")

    result = bob.run("sync", code=4)
    assert result.stderr.startswith("Error: merge conflict in 1 paper(s): " + key)
    assert "papercli edit KEY" in result.stderr
    assert f"UU entries/{key}.yaml" in git(bob.root, "status", "--porcelain")
    text = (bob.root / "entries" / f"{key}.yaml").read_text()
    assert "title: Alice's Title" in text and "title: Bob's Title" in text
    assert "alice-tag" in text  # the clean part of the merge is there already
    doctor = json.loads(bob.run("doctor", "--json", code=1).stdout)["problems"]
    assert [(p["kind"], p["files"]) for p in doctor] == [
        ("merge-conflict", [f"entries/{key}.yaml"])
    ]
    assert "(title)" in doctor[0]["message"]
    assert bob.run("sync", code=4).stderr.startswith("Error: merge conflict")

    fake = FakeEditor(tmp_path)
    resolved = text.split("<<<<<<< ours\n")[0] + "title: Bob's Title\n"
    resolved += text.split(">>>>>>> theirs\n")[1]
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", fake.command({"write": resolved}))
    bob.run("edit", key)
    assert git(bob.root, "status", "--porcelain") == ""  # the edit concluded the merge
    bob.run("sync")
    alice.run("sync")
    assert alice.entries()[key]["title"] == "Bob's Title"
    assert "alice-tag" in alice.entries()[key]["tags"]
    assert files_of(alice.root) == files_of(bob.root)


def test_the_index_is_never_committed_even_without_gitignore(team) -> None:
    alice, _ = team
    (alice.root / ".gitignore").unlink()
    alice.run("list")  # the index exists
    assert (alice.root / ".papercli").is_dir()
    alice.run("sync")
    assert not [p for p in tracked(alice.root) if ".papercli" in p]
    assert "/.papercli/" in (alice.root / ".gitignore").read_text()


def test_offline_or_without_a_remote_sync_commits_locally_and_says_so(team, cli) -> None:
    alice, _ = team
    key = sorted(alice.entries())[0]
    git(alice.root, "remote", "set-url", "origin", str(alice.root.parent / "gone.git"))
    path = alice.root / "entries" / f"{key}.yaml"
    path.write_text(path.read_text().replace("status: new", "status: read"))
    result = alice.run("sync")
    assert "cannot reach origin" in result.stderr
    assert "committed locally" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert alice.log()[0].startswith("sync: changes made by hand")
    git(alice.root, "remote", "remove", "origin")
    assert "no remote to sync with" in alice.run("sync").stderr


def test_git_passthrough_and_setup(team, cli) -> None:
    alice, bob = team
    papercli = [sys.executable, "-m", "papercli", "--library", str(alice.root), "git"]
    log = subprocess.run([*papercli, "log", "--format=%s", "-n1"], capture_output=True, text=True)
    assert log.returncode == 0
    assert log.stdout == "import hf-daily-sample.txt: 10 added, 0 updated, 0 unchanged\n"
    bad = subprocess.run([*papercli, "rev-parse", "--verify", "-q", "nope"], capture_output=True)
    assert (bad.returncode, bad.stdout) == (1, b"")
    assert git(bob.root, "config", "--get", "merge.papercli.driver", ok=False) == ""
    setup = bob.run("git-setup")
    assert "merge driver registered" in setup.stderr
    assert "already set up" in bob.run("git-setup").stderr


def test_sync_outside_a_repository_is_one_clear_line(cli, library_path: Path) -> None:
    cli("init")
    result = cli("sync")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "papercli init --git" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_one_digest_imported_on_both_machines_merges_without_conflict(team) -> None:
    alice, bob = team
    bob.run("sync")
    for person in team:  # the same new paper under the same key, added at different times
        person.import_bib("same.bib", ("c1", "Common Paper", "Common, C"))
    alice.run("sync")
    assert "conflict" not in bob.run("sync").stderr
    alice.run("sync")
    assert files_of(alice.root) == files_of(bob.root)
    assert alice.entries()["c1"]["title"] == "Common Paper"


def test_git_commit_setting_turns_auto_commit_off_and_on(team, monkeypatch, cli) -> None:
    alice, _ = team
    key = sorted(alice.entries())[0]
    monkeypatch.setenv("PAPERCLI_GIT_COMMIT", "0")
    alice.run("tag", key, "--add", "quiet")
    assert git(alice.root, "status", "--porcelain") == f" M entries/{key}.yaml\n"
    assert alice.run("config", "--json").stdout.count('"git_commit"') == 1
    monkeypatch.setenv("PAPERCLI_GIT_COMMIT", "1")
    alice.run("tag", key, "--add", "loud")
    assert alice.log()[0] == "tag +loud: 1 paper"
    assert git(alice.root, "status", "--porcelain") == ""


def test_a_library_without_git_just_writes(cli, library_path: Path, monkeypatch) -> None:
    cli("init")
    assert cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).stderr.count("\n") == 1
    monkeypatch.setenv("PAPERCLI_GIT_COMMIT", "true")
    result = cli("rm", "--yes", "--search", "ColumnNorm")
    assert result.exit_code == 0
    assert "git_commit is on but" in result.stderr and "not in a git repository" in result.stderr


def test_a_conflict_fixed_by_hand_is_taken_by_the_next_sync(team) -> None:
    alice, bob = team
    bob.run("sync")
    key = sorted(alice.entries())[0]
    alice.run("note", key, "--set", "unused")  # notes never conflict; statuses can
    for person, status in ((alice, "read"), (bob, "skipped")):
        path = person.root / "entries" / f"{key}.yaml"
        data = yaml.safe_load(path.read_text())
        path.write_text(entry_to_yaml(Entry.from_dict({**data, "status": status})))
    alice.run("sync")
    bob.run("sync", code=4)
    path = bob.root / "entries" / f"{key}.yaml"
    text = path.read_text()
    assert "status: read" in text and "status: skipped" in text
    fixed = [ln for ln in text.splitlines() if not ln.startswith(("<<<<<<<", "=======", ">>>"))]
    path.write_text("\n".join(ln for ln in fixed if ln != "status: skipped") + "\n")
    bob.run("sync")
    alice.run("sync")
    assert alice.entries()[key]["status"] == "read"
    assert files_of(alice.root) == files_of(bob.root)
