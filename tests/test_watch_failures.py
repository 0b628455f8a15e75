"""A watcher that never costs time: a failed start is recorded and backs off, a daemon that
stops answering is replaced once, and doctor shows the watcher's state. Through the CLI,
with real daemons (the ``no_daemon_left`` fixture reaps every one a test starts)."""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import time
from pathlib import Path

import pytest

from papercli.store import watch_client
from papercli.store.index import Index
from papercli.store.watch_client import PROTOCOL, watcher_pid, watcher_running
from papercli.store.watch_state import FIRST_BACKOFF, read_state, record_failure
from tests.test_watcher import no_daemon_left, wait_until

__all__ = ["no_daemon_left"]  # the fixture that kills and reaps every daemon started here

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux")


@pytest.fixture
def watched(filled_library: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example library, with the watcher on whatever its size."""
    monkeypatch.setenv("PAPERCLI_WATCH", "1")
    return filled_library / ".papercli"


def keys(cli) -> list[str]:
    result = cli("list", "--json")
    assert result.exit_code == 0, result.stderr
    return sorted(e["key"] for e in json.loads(result.stdout))


def break_socket_folder(hidden: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The daemon cannot create its socket (a folder sits where it goes)."""
    (hidden / "watch.sock").mkdir()
    return "cannot create its socket"


def break_binary(hidden: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The daemon's interpreter fails at once."""
    monkeypatch.setattr(sys, "executable", "/bin/false")
    return "exited with status 1"


@pytest.mark.parametrize("breakage", [break_socket_folder, break_binary])
def test_a_watcher_that_cannot_start_is_tried_once_then_backs_off(
    cli, watched: Path, monkeypatch: pytest.MonkeyPatch, breakage
) -> None:
    reason = breakage(watched, monkeypatch)
    before = len(watch_client.started)
    expected = keys(cli)
    for _ in range(9):  # 10 reads in all, each answered by the stat check
        assert keys(cli) == expected
    assert len(watch_client.started) - before == 1  # one attempt, not one per read
    state = read_state(watched)
    assert state.failures == 1 and reason in state.reason
    assert state.backing_off()
    assert state.retry_after - state.last_failure == FIRST_BACKOFF
    doctor = cli("doctor")
    assert "watcher: not running; last failure" in doctor.stderr
    assert reason in doctor.stderr and "no new start before" in doctor.stderr


def test_after_the_back_off_one_new_attempt_doubles_the_wait(
    cli, watched: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_binary(watched, monkeypatch)
    record_failure(watched, "an earlier failure", now=time.time() - 10 * FIRST_BACKOFF)
    assert not read_state(watched).backing_off()
    before = len(watch_client.started)
    keys(cli)
    keys(cli)
    assert len(watch_client.started) - before == 1
    state = read_state(watched)
    assert state.failures == 2 and state.retry_after - state.last_failure == 2 * FIRST_BACKOFF


def test_a_failing_daemon_leaves_its_reason_in_the_log(cli, watched: Path) -> None:
    (watched / "watch.sock").mkdir()
    keys(cli)
    log = (watched / "watch.log").read_text(encoding="utf-8")
    assert "exited with status 6" in log  # EXIT_CANNOT_LISTEN, said by the daemon itself


def test_a_stopped_daemon_is_replaced_and_the_next_read_uses_the_new_one(
    cli, watched: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = keys(cli)  # starts the daemon
    wait_until(lambda: watcher_running(watched))
    stopped = watcher_pid(watched)
    assert stopped is not None
    os.kill(stopped, signal.SIGSTOP)
    try:
        assert keys(cli) == expected  # this read replaces it, and runs the stat check
    finally:
        os.kill(stopped, signal.SIGCONT)  # if it was not killed: let the fixture end it
    wait_until(lambda: not os.path.exists(f"/proc/{stopped}") or _zombie(stopped))
    replacement = watcher_pid(watched)
    assert replacement is not None and replacement != stopped
    full_checks = []
    original = Index.sync
    monkeypatch.setattr(Index, "sync", lambda self, *a: full_checks.append(1) or original(self))
    assert keys(cli) == expected
    assert full_checks == []  # answered from the new daemon: no stat check
    assert watcher_pid(watched) == replacement
    doctor = json.loads(cli("doctor", "--json").stdout)["watcher"]
    assert doctor["running"] and doctor["pid"] == replacement and doctor["since"]
    assert doctor["failures"] == 0


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(") ", 1)[1].startswith("Z")
    except OSError:
        return True


def test_small_libraries_get_no_watcher_by_default(
    cli, filled_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PAPERCLI_WATCH")  # the default: auto
    keys(cli)
    keys(cli)
    assert not watcher_running(filled_library / ".papercli")
    assert not (filled_library / ".papercli" / "state" / "watch.json").exists()


def test_a_question_in_another_protocol_version_is_refused(cli, watched: Path) -> None:
    keys(cli)
    wait_until(lambda: watcher_running(watched))
    for version, wanted in ((PROTOCOL, "token"), (PROTOCOL + 1, "error")):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(10)
            conn.connect(str(watched / "watch.sock"))
            conn.sendall(json.dumps({"v": version, "since": None}).encode() + b"\n")
            answer = json.loads(conn.makefile().readline())
        assert answer["v"] == PROTOCOL and wanted in answer
