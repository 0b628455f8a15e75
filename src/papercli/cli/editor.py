"""Running the user's text editor on a file: ``$VISUAL``, else ``$EDITOR``, else ``vi``.

The variable is split like a shell would (``code --wait``, ``"/opt/My Editor/ed" -n``) and
the file name appended. While the editor runs, papercli ignores Ctrl-C itself, as git
does: the key belongs to the editor (vim uses it), and an editor killed by it is reported
as an interruption with nothing changed.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from papercli.errors import InputError

DEFAULT_EDITOR = "vi"


def editor_command(env: Mapping[str, str] | None = None) -> tuple[list[str], str]:
    """The editor's argv and where it came from (``$VISUAL``, ``$EDITOR`` or the default)."""
    env = os.environ if env is None else env
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if not value:
            continue
        try:
            argv = shlex.split(value)
        except ValueError as exc:
            raise InputError(f"cannot read ${name} ({value!r}): {exc}") from None
        if argv:
            return argv, f"${name}"
    return [DEFAULT_EDITOR], "the default editor"


def run_editor(path: Path) -> None:
    """Open ``path`` in the user's editor and wait for it to close.

    InputError when the editor cannot be started or fails; KeyboardInterrupt when it was
    ended by Ctrl-C.
    """
    argv, origin = editor_command()
    try:
        process = subprocess.Popen([*argv, str(path)])
    except FileNotFoundError:
        raise InputError(
            f"editor '{argv[0]}' not found (from {origin}); set $VISUAL or $EDITOR to an "
            "installed editor"
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot run editor '{argv[0]}' (from {origin}): {exc.strerror or exc}"
        ) from None
    with _ignoring_interrupts():
        status = process.wait()
    if status in (-signal.SIGINT, 128 + signal.SIGINT):
        raise KeyboardInterrupt
    if status != 0:
        raise InputError(f"editor '{argv[0]}' exited with status {status}; nothing was changed")


@contextlib.contextmanager
def _ignoring_interrupts() -> Iterator[None]:
    """Ignore SIGINT in this process (main thread only; elsewhere, do nothing)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
