"""Long terminal output through the user's pager, the way git and man do it.

``$PAGER`` names the pager (run by the shell, so ``PAGER="less -S"`` works); without it,
``less``, else ``more``. ``PAGER=`` (empty) or ``PAGER=cat`` turns paging off. ``less``
gets ``LESS=FRX`` unless ``$LESS`` is set: quit if one screen, keep colours, leave the
text on the screen after quitting.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping

DEFAULT_LESS = "FRX"


def pager_command(environ: Mapping[str, str] | None = None) -> str | None:
    """The shell command to page through, or None when paging is off or impossible."""
    env = os.environ if environ is None else environ
    if "PAGER" in env:
        command = env["PAGER"].strip()
        return None if command in ("", "cat") else command
    for candidate in ("less", "more"):
        if shutil.which(candidate):
            return candidate
    return None


def page(text: str, command: str) -> bool:
    """Pipe ``text`` into the pager ``command``; False if it could not run (not found).

    Returns after the pager exits. Ctrl-C is left to the pager, as ``less`` expects.
    """
    env = dict(os.environ)
    env.setdefault("LESS", DEFAULT_LESS)
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode("utf-8", errors="replace"))
        proc.stdin.close()
    except (OSError, KeyboardInterrupt):
        pass  # the user quit the pager before reading everything (a broken pipe)
    while True:
        try:
            status = proc.wait()
            break
        except KeyboardInterrupt:
            continue  # the pager handles Ctrl-C itself
    return status not in (126, 127)  # the shell could not find or run the command
