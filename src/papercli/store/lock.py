"""The library's writer lock: one writing papercli process at a time.

An ``fcntl.flock`` on ``.papercli/lock``: the kernel drops it when its process dies, so a
lock left by a killed process is never stale. The holder's pid is written into the file
so a waiting process can name it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from papercli.errors import LibraryError, LockError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

DEFAULT_TIMEOUT = 10.0


def _timeout() -> float:
    from papercli.config import LOCK_TIMEOUT_ENV, env_seconds

    return env_seconds(LOCK_TIMEOUT_ENV, DEFAULT_TIMEOUT)


@contextlib.contextmanager
def library_lock(lock_path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive writer lock at ``lock_path``, waiting up to ``timeout`` seconds."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    wait = _timeout() if timeout is None else timeout
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise LibraryError(
            f"cannot open the library lock {lock_path}: {exc.strerror or exc}; "
            "is the library folder read-only?"
        ) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    raise LockError(
                        f"library is locked by another papercli process{holder} ({lock_path}); "
                        "try again when it has finished"
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _read_holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
