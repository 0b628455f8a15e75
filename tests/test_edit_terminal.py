"""``edit``, ``note`` and ``rm`` in a real terminal: ``python -m papercli`` on a pty.

The process sees a terminal on stdin, stdout and stderr (so it asks its questions), the
pty is its controlling terminal (so Ctrl-C is a real SIGINT to the foreground process
group, editor included), and ``$EDITOR`` is a scripted editor (tests/fake_editor.py).
"""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import snapshot
from tests.fake_editor import FakeEditor

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

KEY = "matern2025priors"
TIMEOUT = 30.0


class Terminal:
    """``python -m papercli ARGS`` running on a pseudo-terminal."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: the pty is its controlling terminal
            try:
                os.execve(sys.executable, [sys.executable, "-m", "papercli", *args], env)
            finally:
                os._exit(127)
        self.pid, self.fd, self.output = pid, fd, ""

    def _read(self, timeout: float) -> bool:
        """Read what is there; False at end of output."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.output += data.decode("utf-8", "replace").replace("\r\n", "\n")
        return bool(data)

    def expect(self, text: str, times: int = 1) -> None:
        """Wait until ``text`` has been printed (``times`` times)."""
        deadline = time.monotonic() + TIMEOUT
        while self.output.count(text) < times:
            if time.monotonic() > deadline or not self._read(0.1):
                raise AssertionError(f"never saw {text!r}; the terminal shows:\n{self.output}")

    def type(self, keys: str) -> None:
        """Type ``keys`` (``\\x03`` is Ctrl-C)."""
        os.write(self.fd, keys.encode())

    def wait(self) -> int:
        """Read to the end and return the exit status."""
        deadline = time.monotonic() + TIMEOUT
        while self._read(0.1):
            if time.monotonic() > deadline:
                raise AssertionError(f"still running; the terminal shows:\n{self.output}")
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


@pytest.fixture
def fake(tmp_path: Path) -> FakeEditor:
    return FakeEditor(tmp_path)


def run(fake: FakeEditor, *args: str, steps: tuple[dict, ...] = ({},)) -> Terminal:
    env = {**os.environ, "EDITOR": fake.command(*steps), "TERM": "xterm", "NO_COLOR": "1"}
    env.pop("VISUAL", None)
    return Terminal(*args, env=env)


def wait_for_editor(fake: FakeEditor, runs: int = 1) -> None:
    deadline = time.monotonic() + TIMEOUT
    while len(fake.runs()) < runs:
        assert time.monotonic() < deadline, "the editor never started"
        time.sleep(0.02)


BREAK = {"replace": ["type: misc", "type: [misc"]}  # an unclosed flow sequence


def test_invalid_save_then_reopen_then_keep_old(filled_library: Path, fake: FakeEditor) -> None:
    before = snapshot(filled_library)
    term = run(fake, "edit", KEY, steps=(BREAK, {}))
    term.expect("Re-open the editor to fix it? (no keeps the old version) [Y/n]:")
    assert "Not saved: not valid YAML (" in term.output
    term.type("y\n")
    term.expect("Re-open the editor to fix it?", times=2)  # the second save was invalid too
    term.type("n\n")
    assert term.wait() == 1
    assert f"kept the old version of {KEY}; nothing was changed" in term.output
    runs = fake.runs()
    assert len(runs) == 2
    assert "type: [misc" in runs[1]["text"]  # re-opened on the user's own text
    assert all(not Path(r["path"]).exists() for r in runs)
    assert snapshot(filled_library) == before


def test_invalid_save_then_reopen_and_fix(filled_library: Path, fake: FakeEditor) -> None:
    fix = {"replace": ["type: [misc", "type: article"]}
    term = run(fake, "edit", KEY, steps=(BREAK, fix))
    term.expect("[Y/n]:")
    term.type("\n")  # the default is to re-open
    assert term.wait() == 0, term.output
    assert f"saved {KEY}" in term.output
    text = (filled_library / "entries" / f"{KEY}.yaml").read_text(encoding="utf-8")
    assert "type: article\n" in text


def test_ctrl_c_while_the_editor_runs_goes_to_the_editor(
    filled_library: Path, fake: FakeEditor
) -> None:
    steps = ({"wait_for_ctrl_c": True, "replace": ["type: misc", "type: article"]},)
    term = run(fake, "edit", KEY, steps=steps)
    deadline = time.monotonic() + TIMEOUT
    while not fake.ready.exists():  # the editor is listening for the key
        assert time.monotonic() < deadline, "the editor never got ready"
        time.sleep(0.02)
    term.type("\x03")
    assert term.wait() == 0, term.output  # papercli outlived the key and saved
    assert f"saved {KEY}" in term.output


def test_ctrl_c_that_kills_the_editor_changes_nothing(
    filled_library: Path, fake: FakeEditor
) -> None:
    before = snapshot(filled_library)
    term = run(fake, "edit", KEY, steps=({"sleep": 20},))
    wait_for_editor(fake)  # the editor script is running (and sleeping)
    term.type("\x03")
    assert term.wait() == 130, term.output
    assert "Error: interrupted" in term.output
    assert snapshot(filled_library) == before
    assert not Path(fake.runs()[0]["path"]).parent.exists()


def test_note_in_a_terminal(filled_library: Path, fake: FakeEditor) -> None:
    term = run(fake, "note", KEY, steps=({"expect": "", "write": "Re-run with 3 seeds.\n"},))
    assert term.wait() == 0, term.output
    assert f"saved the note of {KEY}" in term.output
    text = (filled_library / "entries" / f"{KEY}.yaml").read_text(encoding="utf-8")
    assert "note: Re-run with 3 seeds.\n" in text


@pytest.mark.parametrize(("answer", "status"), [("y\n", 0), ("n\n", 1)])
def test_rm_asks_in_a_terminal(
    filled_library: Path, fake: FakeEditor, answer: str, status: int
) -> None:
    term = run(fake, "rm", KEY)
    term.expect("Remove 1 paper? [y/N]:")
    term.type(answer)
    assert term.wait() == status, term.output
    assert (filled_library / "entries" / f"{KEY}.yaml").exists() is (status == 1)
