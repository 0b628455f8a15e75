"""Run papercli in a pseudo-terminal of a given size and collect what it printed there."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def run_in_pty(
    *args: str,
    rows: int,
    cols: int,
    env: dict[str, str],
    timeout: float = 60,
    keys: bytes = b"",
    after: str = "",
) -> tuple[int, str]:
    """Exit status and the terminal's text (ANSI codes removed, ``\\r\\n`` -> ``\\n``).

    ``keys`` are typed once the terminal shows ``after`` (a full-screen app has drawn).
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "papercli", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child side is closed
                break
            if not data:
                break
            chunks.append(data)
            if keys and after in ANSI.sub("", b"".join(chunks).decode("utf-8", "replace")):
                os.write(master, keys)
                keys = b""
        status = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return status, ANSI.sub("", text)
