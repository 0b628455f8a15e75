"""A scripted stand-in for a text editor, for tests of ``edit`` and ``note``.

``FakeEditor(tmp_path).command(*steps)`` returns an ``$EDITOR`` value: a Python script
plus an argument (so papercli must split the variable like a shell). Each run of the
editor applies the next step to the file it was given (the last step repeats) and logs
the file's path and the text it found, so tests can check what the user would have seen.

A step is a dict with any of: ``expect`` (text the file must hold, else exit 3),
``replace`` ([old, new], once), ``write`` (new full text), ``sleep`` (seconds, before
anything else: time to press Ctrl-C), ``wait_for_ctrl_c`` (handle Ctrl-C as vim does:
wait for it, then go on), ``exit`` (status to exit with, saving nothing).
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

SCRIPT = r"""
import json, pathlib, sys, time
plan, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
steps = json.loads(plan.read_text(encoding="utf-8"))
log = plan.with_suffix(".log")
runs = json.loads(log.read_text(encoding="utf-8")) if log.exists() else []
step = steps[min(len(runs), len(steps) - 1)]
text = target.read_text(encoding="utf-8")
runs.append({"path": str(target), "text": text})
log.write_text(json.dumps(runs), encoding="utf-8")
if step.get("wait_for_ctrl_c"):  # like vim: Ctrl-C is a key the editor handles itself
    import signal
    pressed = []
    signal.signal(signal.SIGINT, lambda *_: pressed.append(1))
    plan.with_suffix(".ready").write_text("ready", encoding="utf-8")
    deadline = time.monotonic() + 20
    while not pressed and time.monotonic() < deadline:
        time.sleep(0.02)
    if not pressed:
        sys.exit(5)
time.sleep(step.get("sleep", 0))
if "exit" in step:
    sys.exit(step["exit"])
if "expect" in step and text != step["expect"]:
    sys.exit(3)
if "replace" in step:
    old, new = step["replace"]
    if old not in text:
        sys.exit(4)
    text = text.replace(old, new, 1)
if "write" in step:
    text = step["write"]
target.write_text(text, encoding="utf-8")
"""


class FakeEditor:
    """A scripted editor living in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.script = folder / "fake_editor.py"
        self.script.write_text(SCRIPT, encoding="utf-8")
        self.plan = folder / "editor plan.json"  # a space, to prove shell-like splitting
        self.log = self.plan.with_suffix(".log")
        self.ready = self.plan.with_suffix(".ready")  # a wait_for_ctrl_c step is listening

    def command(self, *steps: dict) -> str:
        """An ``$EDITOR`` value running ``steps`` (and a fresh log)."""
        self.plan.write_text(json.dumps(list(steps)), encoding="utf-8")
        self.log.unlink(missing_ok=True)
        self.ready.unlink(missing_ok=True)
        return shlex.join([sys.executable, str(self.script), str(self.plan)])

    def runs(self) -> list[dict[str, str]]:
        """One ``{"path", "text"}`` per run of the editor: the file and what it held."""
        if not self.log.exists():
            return []
        return json.loads(self.log.read_text(encoding="utf-8"))
