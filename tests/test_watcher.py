"""The watcher daemon and its client, with real processes and real files.

Every test runs its daemons under its own tmp_path; the ``no_daemon_left`` fixture kills
any that is still running at teardown (by process group), reaps them and then proves, by
scanning /proc, that none outlives the test.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from papercli.store import watch_client
from papercli.store.watch_client import (
    WatchUnavailable,
    changes_since,
    stop_watcher,
    watcher_pid,
    watcher_running,
)
from tests.conftest import daemons_under, end_watchers

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux")

WAIT = 15.0  # generous: a loaded 2-core CI machine may take a while to start Python


@dataclass
class Lib:
    """A library folder: entries/ and the hidden .papercli/ beside it."""

    root: Path

    @property
    def entries(self) -> Path:
        return self.root / "entries"

    @property
    def hidden(self) -> Path:
        return self.root / ".papercli"

    @property
    def socket(self) -> Path:
        return self.hidden / "watch.sock"

    def ask(self, token: str | None, **options: object) -> tuple[str, list[str] | None]:
        options.setdefault("timeout", WAIT)
        return changes_since(self.hidden, self.entries, token, **options)  # type: ignore[arg-type]

    def daemon(self) -> subprocess.Popen[bytes]:
        """The Popen of this library's running daemon (started by this process)."""
        pid = watcher_pid(self.hidden)
        assert pid is not None, "no watcher running"
        for process in watch_client.started:
            if process.pid == pid:
                return process
        raise AssertionError(f"watcher {pid} was not started by this process")


def make_lib(root: Path) -> Lib:
    lib = Lib(root)
    lib.entries.mkdir(parents=True)
    lib.hidden.mkdir()
    (lib.entries / "a.yaml").write_text("title: A\n")
    (lib.entries / "b.yaml").write_text("title: B\n")
    return lib


def wait_until(condition: Callable[[], bool], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.005)


@pytest.fixture(autouse=True)
def no_daemon_left(tmp_path: Path) -> Iterator[None]:
    """Every watcher this test started is gone after it (conftest kills them): prove it."""
    yield
    end_watchers(tmp_path)
    wait_until(lambda: not daemons_under(tmp_path))


@pytest.fixture
def lib(tmp_path: Path) -> Lib:
    return make_lib(tmp_path / "library")


def in_place(entries: Path) -> set[str]:
    """nano / VS Code: open the file itself, write, truncate."""
    with open(entries / "a.yaml", "r+", encoding="utf-8") as f:
        f.write("title: changed\n")
        f.truncate()
    return {"a.yaml"}


def temp_and_rename(entries: Path) -> set[str]:
    """vim and atomic writers: a hidden temp file renamed over the entry."""
    temp = entries / ".a.yaml.tmp"
    temp.write_text("title: renamed over\n")
    os.replace(temp, entries / "a.yaml")
    return {"a.yaml"}


def touch(entries: Path) -> set[str]:
    os.utime(entries / "a.yaml", ns=(1_000_000_000, 1_000_000_000))
    return {"a.yaml"}


def new_file(entries: Path) -> set[str]:
    (entries / "c.yaml").write_text("title: C\n")
    return {"c.yaml"}


def deletion(entries: Path) -> set[str]:
    (entries / "b.yaml").unlink()
    return {"b.yaml"}


def rename(entries: Path) -> set[str]:
    os.rename(entries / "b.yaml", entries / "d.yaml")
    return {"b.yaml", "d.yaml"}


@pytest.mark.parametrize(
    "edit", [in_place, temp_and_rename, touch, new_file, deletion, rename], ids=lambda f: f.__name__
)
def test_every_edit_style_is_reported(lib: Lib, edit: Callable[[Path], set[str]]) -> None:
    token, changed = lib.ask(None)
    assert changed is None  # a new daemon cannot know what happened before it
    token, changed = lib.ask(token)
    assert changed == []
    expected = edit(lib.entries)
    token, changed = lib.ask(token)
    assert set(changed or ()) == expected  # hidden temp names are not entries
    assert lib.ask(token)[1] == []


def test_git_checkout_is_reported(lib: Lib, tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.fail("git is not installed: scripts/test-tools.sh installs it")
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=lib.root, env=env, check=True, capture_output=True)

    (lib.root / ".gitignore").write_text(".papercli/\n")
    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-q", "-m", "first")
    (lib.entries / "a.yaml").write_text("title: A, second version\n")
    git("commit", "-q", "-am", "second")
    git("checkout", "-q", "-b", "other")
    (lib.entries / "e.yaml").write_text("title: E\n")
    git("add", ".")
    git("commit", "-q", "-m", "third")

    token, _ = lib.ask(None)
    git("checkout", "-q", "HEAD~2", "--", "entries/a.yaml")  # restore one file
    token, changed = lib.ask(token)
    assert changed == ["a.yaml"]
    git("checkout", "-q", "-f", "main")  # switch branch: e.yaml goes, a.yaml comes back
    token, changed = lib.ask(token)
    assert set(changed or ()) == {"a.yaml", "e.yaml"}


def test_a_change_right_before_the_question_is_always_reported(lib: Lib) -> None:
    token, _ = lib.ask(None)
    edits = [in_place, temp_and_rename, touch]
    for i in range(200):
        name = "a.yaml"
        if i % 4 == 3:
            name = f"n{i}.yaml"
            (lib.entries / name).write_text(f"title: {i}\n")
        else:
            edits[i % 4](lib.entries)
        token, changed = lib.ask(token)
        assert changed is not None and name in changed, (i, changed)


def test_unknown_tokens_give_no_answer(lib: Lib) -> None:
    token, changed = lib.ask(None)
    assert changed is None
    ident, seq = token.split(":")
    assert lib.ask(token)[1] == []
    assert lib.ask(None)[1] is None
    assert lib.ask("0123456789abcdef:0")[1] is None  # another daemon's
    assert lib.ask(f"{ident}:{int(seq) + 5}")[1] is None  # from the future
    assert lib.ask("nonsense")[1] is None


def test_a_killed_daemon_is_replaced_and_says_it_cannot_tell(lib: Lib) -> None:
    token, _ = lib.ask(None)
    first = lib.daemon()
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=WAIT)
    assert lib.socket.exists()  # stale: nobody listens
    (lib.entries / "a.yaml").write_text("title: changed while no daemon ran\n")
    new_token, changed = lib.ask(token)
    assert changed is None
    assert new_token.split(":")[0] != token.split(":")[0]
    assert lib.daemon().pid != first.pid
    assert lib.ask(new_token)[1] == []


def test_two_libraries_have_independent_daemons(tmp_path: Path) -> None:
    one, two = make_lib(tmp_path / "one"), make_lib(tmp_path / "two")
    token_one, _ = one.ask(None)
    token_two, _ = two.ask(None)
    assert one.daemon().pid != two.daemon().pid
    in_place(one.entries)
    assert one.ask(token_one)[1] == ["a.yaml"]
    assert two.ask(token_two)[1] == []
    stop_watcher(one.hidden)
    assert not watcher_running(one.hidden)
    assert two.ask(token_two)[1] == []


def test_one_daemon_per_library(lib: Lib) -> None:
    token, _ = lib.ask(None)
    command = [sys.executable, "-m", "papercli.store.watcher", str(lib.entries), str(lib.socket)]
    second = subprocess.run([*command, "--idle", "30"], timeout=WAIT, check=False)
    assert second.returncode == 0  # found the first one answering: left quietly
    assert lib.ask(token)[1] == []  # the first one still answers, same id


def test_clients_racing_to_start_a_daemon_end_with_one(lib: Lib, tmp_path: Path) -> None:
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: lib.ask(None), range(4)))
    assert {token.split(":")[0] for token, _ in answers} == {answers[0][0].split(":")[0]}
    for process in watch_client.started:  # the losers leave by themselves, status 0
        if process.pid != watcher_pid(lib.hidden):
            assert process.wait(timeout=WAIT) == 0
    assert daemons_under(tmp_path) == [watcher_pid(lib.hidden)]


def test_daemon_exits_after_its_idle_timeout(lib: Lib) -> None:
    lib.ask(None, idle_seconds=1)
    daemon = lib.daemon()
    assert daemon.wait(timeout=WAIT) == 0
    assert not lib.socket.exists()
    assert not watcher_running(lib.hidden)


@pytest.mark.parametrize("how", ["removed", "moved"])
def test_daemon_exits_when_its_folder_goes(lib: Lib, how: str) -> None:
    lib.ask(None)
    daemon = lib.daemon()
    if how == "removed":
        shutil.rmtree(lib.entries)
    else:
        lib.entries.rename(lib.root / "elsewhere")
    assert daemon.wait(timeout=WAIT) == 0
    assert not lib.socket.exists()


@pytest.mark.parametrize("what", ["socket", "hidden folder"])
def test_daemon_exits_when_clients_cannot_reach_it(lib: Lib, what: str) -> None:
    lib.ask(None)
    daemon = lib.daemon()
    if what == "socket":
        lib.socket.unlink()
    else:
        shutil.rmtree(lib.hidden)  # e.g. the user deletes derived data to rebuild it
    assert daemon.wait(timeout=WAIT) == 0
    _, changed = lib.ask(None)  # a new daemon, a new hidden folder if need be
    assert changed is None
    assert lib.daemon().pid != daemon.pid


def test_sigterm_and_stop_watcher(lib: Lib) -> None:
    lib.ask(None)
    daemon = lib.daemon()
    daemon.send_signal(signal.SIGTERM)
    assert daemon.wait(timeout=WAIT) == 0
    assert not lib.socket.exists()
    assert stop_watcher(lib.hidden) is False
    lib.ask(None)
    daemon = lib.daemon()
    assert watcher_running(lib.hidden)
    assert stop_watcher(lib.hidden) is True
    assert daemon.wait(timeout=WAIT) == 0
    assert not watcher_running(lib.hidden)


def test_stop_watcher_without_a_socket_uses_the_pid(lib: Lib) -> None:
    lib.ask(None)
    daemon = lib.daemon()
    lib.socket.unlink()
    assert stop_watcher(lib.hidden) is True
    assert daemon.wait(timeout=WAIT) == 0


def test_socket_is_private_whatever_the_umask(lib: Lib) -> None:
    old = os.umask(0)
    try:
        lib.ask(None)
    finally:
        os.umask(old)
    mode = os.stat(lib.socket).st_mode
    assert stat.S_ISSOCK(mode)
    assert stat.S_IMODE(mode) == 0o600


def test_a_long_library_path_works(tmp_path: Path) -> None:
    lib = make_lib(tmp_path / ("long-folder-name-" * 8) / "library")
    assert len(os.fsencode(lib.socket)) > 108
    token, _ = lib.ask(None)
    assert stat.S_ISSOCK(os.stat(lib.socket).st_mode)
    in_place(lib.entries)
    assert lib.ask(token)[1] == ["a.yaml"]
    assert stop_watcher(lib.hidden) is True
    assert not lib.socket.exists()


def test_a_stale_socket_file_is_replaced(lib: Lib) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as old:
        old.bind(str(lib.socket))  # bound, never listening, closed: a dead daemon's socket
    token, changed = lib.ask(None)
    assert changed is None
    assert lib.ask(token)[1] == []


def test_lost_events_make_every_token_unknown(lib: Lib) -> None:
    limit = int(Path("/proc/sys/fs/inotify/max_queued_events").read_text())
    if limit > 100_000:
        pytest.skip(
            f"fs.inotify.max_queued_events is {limit}: too many events to overflow the kernel "
            "queue within the test's time (the default is 16384)"
        )
    token, _ = lib.ask(None)
    daemon = lib.daemon()
    daemon.send_signal(signal.SIGSTOP)
    try:
        names = [lib.entries / "a.yaml", lib.entries / "b.yaml"]  # alternate: no coalescing
        for i in range(limit + 100):
            os.utime(names[i % 2], ns=(i, i))
    finally:
        daemon.send_signal(signal.SIGCONT)
    new_token, changed = lib.ask(token)
    assert changed is None
    assert new_token.split(":")[0] != token.split(":")[0]
    assert lib.ask(new_token)[1] == []


def test_unavailable_cases(lib: Lib, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(WatchUnavailable, match="no watcher"):
        lib.ask(None, start=False)
    with pytest.raises(WatchUnavailable, match="entries folder"):
        changes_since(lib.hidden, lib.root / "missing", None, timeout=WAIT)
    monkeypatch.setattr(sys, "platform", "darwin")
    with pytest.raises(WatchUnavailable, match="Linux"):
        lib.ask(None)
