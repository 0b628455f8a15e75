"""No command ever answers from a stale index: every edit style, with and without the
watcher, through the real CLI on real entry files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from papercli.store.watch_client import stop_watcher, watcher_pid, watcher_running
from tests.test_watcher import daemons_under, wait_until


@pytest.fixture(params=["watcher", "full-check"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PAPERCLI_WATCH", "1" if request.param == "watcher" else "0")
    monkeypatch.setenv("PAPERCLI_WATCH_IDLE", "30")
    return request.param


@pytest.fixture(autouse=True)
def no_watcher_left(tmp_path: Path) -> Iterator[None]:
    yield
    for hidden in tmp_path.rglob(".papercli"):
        stop_watcher(hidden)
    wait_until(lambda: not daemons_under(tmp_path))


def titles(cli) -> dict[str, str]:
    result = cli("list", "--json")
    assert result.exit_code == 0, result.stderr
    return {e["key"]: e["title"] for e in json.loads(result.stdout)}


def entry_file(library: Path, key: str) -> Path:
    return library / "entries" / f"{key}.yaml"


def retitled(path: Path) -> str:
    """The entry file's text with "Xylophonic " put before its title."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = "Xylophonic " + data["title"]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def retitle_in_place(path: Path) -> None:
    """nano, VS Code: the file itself is rewritten (same inode)."""
    text = retitled(path)
    with open(path, "r+", encoding="utf-8") as f:
        f.write(text)
        f.truncate()


def retitle_by_rename(path: Path) -> None:
    """vim, most atomic savers: a temp file renamed over the entry."""
    temp = path.with_name(".tmp-" + path.name)
    temp.write_text(retitled(path), encoding="utf-8")
    os.replace(temp, path)


EDITS: dict[str, Callable[[Path], None]] = {
    "in-place": retitle_in_place,
    "rename-over": retitle_by_rename,
}


@pytest.mark.parametrize("style", list(EDITS))
def test_hand_edit_is_seen_at_once(cli, filled_library: Path, mode: str, style: str) -> None:
    keys = sorted(titles(cli))
    assert (mode == "watcher") == watcher_running(filled_library / ".papercli")
    for key in keys[:3]:  # again and again: each read must see the edit just made
        EDITS[style](entry_file(filled_library, key))
        assert titles(cli)[key].startswith("Xylophonic ")
        hits = json.loads(cli("search", "xylophonic", "--json").stdout)
        assert key in [h["key"] for h in hits]
        assert cli("show", key, "--json").exit_code == 0


def test_touch_add_delete_and_rename_by_hand(cli, filled_library: Path, mode: str) -> None:
    keys = sorted(titles(cli))
    first, second = entry_file(filled_library, keys[0]), entry_file(filled_library, keys[1])
    os.utime(first, ns=(10**18, 10**18))  # touch with an odd time: still the same paper
    assert titles(cli)[keys[0]]
    copy = first.read_text(encoding="utf-8").replace(f"key: {keys[0]}", "key: handmade2026copy")
    (filled_library / "entries" / "handmade2026copy.yaml").write_text(copy, encoding="utf-8")
    assert "handmade2026copy" in titles(cli)
    second.unlink()
    assert keys[1] not in titles(cli)
    moved = (filled_library / "entries" / "handmade2026copy.yaml").read_text(encoding="utf-8")
    (filled_library / "entries" / "handmade2026copy.yaml").unlink()
    (filled_library / "entries" / "renamed2026paper.yaml").write_text(
        moved.replace("key: handmade2026copy", "key: renamed2026paper"), encoding="utf-8"
    )
    now = titles(cli)
    assert "renamed2026paper" in now and "handmade2026copy" not in now


def test_git_checkout_is_seen(cli, filled_library: Path, mode: str) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=filled_library, check=True, capture_output=True)

    git("init", "-q")
    git("add", "entries")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "papers")
    key = sorted(titles(cli))[0]
    retitle_in_place(entry_file(filled_library, key))
    assert titles(cli)[key].startswith("Xylophonic ")
    git("checkout", "--", "entries")
    assert not titles(cli)[key].startswith("Xylophonic ")


def test_watcher_killed_mid_session(cli, filled_library: Path, monkeypatch) -> None:
    monkeypatch.setenv("PAPERCLI_WATCH", "1")
    hidden = filled_library / ".papercli"
    key = sorted(titles(cli))[0]
    pid = watcher_pid(hidden)
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: not watcher_running(hidden))
    retitle_in_place(entry_file(filled_library, key))  # no watcher saw this write
    assert titles(cli)[key].startswith("Xylophonic ")
    assert watcher_running(hidden)  # the read started a new one
    retitle_by_rename(entry_file(filled_library, key))
    assert titles(cli)[key].startswith("Xylophonic Xylophonic ")


def test_two_libraries_at_once(cli, filled_library: Path, tmp_path: Path, monkeypatch) -> None:
    from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST

    monkeypatch.setenv("PAPERCLI_WATCH", "1")
    other = tmp_path / "other"
    assert (
        cli("-L", str(other), "import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).exit_code == 0
    )
    key = sorted(titles(cli))[0]
    assert cli("-L", str(other), "list").exit_code == 0
    assert watcher_pid(filled_library / ".papercli") != watcher_pid(other / ".papercli")
    retitle_in_place(entry_file(other, key))
    assert not titles(cli)[key].startswith("Xylophonic ")
    mine = json.loads(cli("-L", str(other), "show", key, "--json").stdout)
    assert mine["title"].startswith("Xylophonic ")


def test_watcher_ends_after_its_idle_time(cli, filled_library: Path, monkeypatch) -> None:
    monkeypatch.setenv("PAPERCLI_WATCH", "1")
    monkeypatch.setenv("PAPERCLI_WATCH_IDLE", "1")
    titles(cli)
    hidden = filled_library / ".papercli"
    assert watcher_running(hidden)
    wait_until(lambda: not watcher_running(hidden), timeout=15)
    assert not (hidden / "watch.sock").exists()
